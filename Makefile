# frontdesk — plain make, pkg-config for every library (libfcgi has no .pc).
# make            both binaries (build/frontdesk-worker, build/frontdesk)
# make run        deps, build, migrate, seed, serve on :8080 behind lighttpd
# make test       deps, unit + integration (SQLite, PostgreSQL) + ASan/UBSan
# make bench      wrk against lighttpd + the pool, and a bare libfcgi responder;
#                 availability over 60 days (wrk and in-process, build/avail-bench)
# make install PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
SAN ?= 0

PKGS = json-c libpq sqlite3 libcurl libxml-2.0 libcrypto libxcrypt libical
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))

WARN = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Werror
ifeq ($(SAN),1)
BUILD ?= build-asan
OPT = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN = -fsanitize=address,undefined
else
BUILD ?= build
OPT = -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
LDSAN =
endif
CFLAGS += $(WARN) $(OPT) -pthread $(PKG_CFLAGS)
LDLIBS = $(PKG_LIBS) -lfcgi -pthread $(LDSAN)

LIB_SRC = $(wildcard lib/*.c)
FCGI_SRC = $(filter-out fcgi/main.c,$(wildcard fcgi/*.c)) $(wildcard handlers/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/migrations.o $(BUILD)/templates.o
FCGI_OBJ = $(FCGI_SRC:%.c=$(BUILD)/%.o)
SQL = $(wildcard sql/sqlite/*.sql sql/postgres/*.sql)
# embedded as template_<name>[] (scripts/embed_text.sh; declared in lib/templates.h)
TEMPLATES = templates/openapi.json
HDRS = $(wildcard lib/*.h fcgi/*.h handlers/*.h)

UNIT_SRC = $(wildcard tests/unit/*.c)
INTEG_SRC = $(wildcard tests/integration/*.c)

.PHONY: all deps run test unit integration bench install clean fuzz
all: $(BUILD)/frontdesk-worker $(BUILD)/frontdesk

$(BUILD)/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/migrations.c: $(SQL) scripts/embed_sql.sh
	@mkdir -p $(BUILD)
	sh scripts/embed_sql.sh sql > $@

$(BUILD)/migrations.o: $(BUILD)/migrations.c lib/migrations.h
	$(CC) $(CFLAGS) -Ilib -c -o $@ $<

$(BUILD)/templates.c: $(TEMPLATES) scripts/embed_text.sh
	@mkdir -p $(BUILD)
	sh scripts/embed_text.sh $(TEMPLATES) > $@.tmp && mv $@.tmp $@

$(BUILD)/templates.o: $(BUILD)/templates.c lib/templates.h
	$(CC) $(CFLAGS) -Ilib -c -o $@ $<

$(BUILD)/frontdesk-worker: $(BUILD)/fcgi/main.o $(FCGI_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/frontdesk: $(BUILD)/batch/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/unit-tests: $(UNIT_SRC:%.c=$(BUILD)/%.o) $(FCGI_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs criterion)

$(BUILD)/integration-tests: $(INTEG_SRC:%.c=$(BUILD)/%.o) $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs criterion)

$(BUILD)/bare-responder: tests/bench/bare.c
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lfcgi -pthread

# in-process time of sched_availability, for make bench
$(BUILD)/avail-bench: $(BUILD)/tests/bench/avail_bench.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@sh scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run.sh

test: deps
	@sh scripts/test.sh

unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bare-responder $(BUILD)/avail-bench
	@sh scripts/bench.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/frontdesk/conf/systemd \
		$(DESTDIR)$(PREFIX)/share/frontdesk/public
	install -m 0755 $(BUILD)/frontdesk-worker $(BUILD)/frontdesk $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 conf/*.conf conf/*.example $(DESTDIR)$(PREFIX)/share/frontdesk/conf/
	install -m 0644 conf/systemd/* $(DESTDIR)$(PREFIX)/share/frontdesk/conf/systemd/
	cp -R public/. $(DESTDIR)$(PREFIX)/share/frontdesk/public/

clean:
	rm -rf build build-asan
