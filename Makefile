# cuppa build. Plain make + pkg-config; every .c under src/ is part of the
# program, every .c under tests/unit/ part of the one Criterion binary.
#   make                 build/cuppa and build/unit
#   make SANITIZE=address,undefined   the same under ASan+UBSan (build-san/)
#   make check           run the unit tests

CC      ?= cc
PKGS    := sqlite3 libpq jansson libsodium libmicrohttpd libcurl libgvc libcgraph
WARN    := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wvla
CFLAGS  ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -Isrc $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lcsv -lm -lpthread

ifdef SANITIZE
BUILD   ?= build-san
CFLAGS  += -O1 -fno-omit-frame-pointer -fsanitize=$(SANITIZE) -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
else
BUILD   ?= build
endif

ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -MMD -MP

SRC      := $(shell find src -name '*.c' | sort)
MAIN     := src/main.c
LIB_SRC  := $(filter-out $(MAIN),$(SRC))
UNIT_SRC := $(shell find tests/unit -name '*.c' | sort)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(MAIN:%.c=$(BUILD)/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)

.PHONY: all check clean
all: $(BUILD)/cuppa $(BUILD)/unit

$(BUILD)/libcuppa.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/cuppa: $(MAIN_OBJ) $(BUILD)/libcuppa.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The unit binary routes allocations through tests/unit/failalloc.c (the
# allocation-failure tests); the program itself is linked as usual.
FAILALLOC := $(foreach f,malloc calloc realloc strdup strndup,-Wl,--wrap=$(f))
$(BUILD)/unit: $(UNIT_OBJ) $(BUILD)/libcuppa.a
	$(CC) $(LDFLAGS) $(FAILALLOC) -o $@ $^ $(LDLIBS) -lcriterion

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

check: $(BUILD)/unit
	$(BUILD)/unit

clean:
	rm -rf build build-san

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
