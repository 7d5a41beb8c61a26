# cuppa build. Plain make + pkg-config; every .c under src/ is part of the
# program, every .c under tests/unit/ part of the one Criterion binary.
#   make                 build/cuppa and build/unit
#   make SANITIZE=address,undefined   the same under ASan+UBSan (build-san/)
#   make check           run the unit tests
#   make install         binary, man page, systemd unit, example configuration
#                        (PREFIX=/usr/local, DESTDIR for staging); make uninstall

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

# ---- the text catalogue (docs/text.md) ----
.DEFAULT_GOAL := all
# po/*.po compiled into a C table at every build where one changed;
# `make po` extracts the strings into po/cuppa.pot and merges po/cy.po.
PO_FILES := $(sort $(wildcard po/*.po))
GEN_OBJ  := $(BUILD)/gen/text_catalog.o
$(BUILD)/gen/text_catalog.c: scripts/po2c $(PO_FILES)
	@mkdir -p $(dir $@)
	/usr/bin/python3 scripts/po2c $(PO_FILES) > $@.tmp && mv $@.tmp $@
$(GEN_OBJ): $(BUILD)/gen/text_catalog.c src/text/catalog.h
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<
$(BUILD)/libcuppa.a: $(GEN_OBJ)
.PHONY: po
po:
	scripts/po-update

.PHONY: all check clean install uninstall
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

# ---- install ----
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/cuppa
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc

# The configuration file is installed only when there is none: it is the
# administrator's from then on (uninstall leaves it too).
install: $(BUILD)/cuppa
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(DOCDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/cuppa
	install -m 0755 $(BUILD)/cuppa $(DESTDIR)$(BINDIR)/cuppa
	install -m 0644 man/cuppa.1 $(DESTDIR)$(MANDIR)/man1/cuppa.1
	sed 's|@BINDIR@|$(BINDIR)|g' contrib/cuppa.service > $(DESTDIR)$(UNITDIR)/cuppa.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/cuppa.service
	install -m 0644 contrib/cuppa.conf.example $(DESTDIR)$(DOCDIR)/cuppa.conf.example
	test -e $(DESTDIR)$(SYSCONFDIR)/cuppa/cuppa.conf || \
	  install -m 0640 contrib/cuppa.conf.example $(DESTDIR)$(SYSCONFDIR)/cuppa/cuppa.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cuppa $(DESTDIR)$(MANDIR)/man1/cuppa.1 \
	  $(DESTDIR)$(UNITDIR)/cuppa.service $(DESTDIR)$(DOCDIR)/cuppa.conf.example
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null
	@echo "kept $(DESTDIR)$(SYSCONFDIR)/cuppa/cuppa.conf and the data in /var/lib/cuppa"

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
