/* Schema changes of the insight area (see store_impl.h for the numbering). */
#include "store/store_impl.h"

const struct migration migrations_insight[] = {
	{0, NULL, NULL},
};
