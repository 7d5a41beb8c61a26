/* Schema changes of the insight area (see store_impl.h for the numbering).
 * None so far: insight only reads the core tables (store_insight.c) and
 * keeps its layout cache in memory (insight/picture.c). */
#include "store/store_impl.h"

const struct migration migrations_insight[] = {
	{0, NULL, NULL},
};
