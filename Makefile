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
TEMPLATES = templates/openapi.json templates/tools.json
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

# concurrent server-sent-event streams, for make bench
$(BUILD)/sse-bench: tests/bench/sse_bench.c
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< $$(pkg-config --libs libcurl)

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bare-responder $(BUILD)/avail-bench $(BUILD)/sse-bench
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

# Fuzzing: every parser of untrusted input has a libFuzzer target in
# tests/fuzz/. The project sources are compiled again with clang, coverage
# instrumentation and ASan+UBSan into build-fuzz/ (warnings stay warnings:
# clang's set differs from gcc's).
#   make fuzz                       build build-fuzz/fuzz_*
#   make fuzz-run FUZZ_SECONDS=60   run each for that long (corpus in build-fuzz/corpus/)
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 20
FUZZ_TARGETS = json urlencoded router cookie nldate tzif tztime sse kb
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = $(filter-out -Werror,$(WARN)) -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) \
	-pthread $(PKG_CFLAGS)
# generated sources (embedded migrations, ...) are made by the normal build's rules
FUZZ_GEN_OBJ = $(patsubst $(BUILD)/%,build-fuzz/gen/%,$(filter-out $(LIB_SRC:%.c=$(BUILD)/%.o),$(LIB_OBJ)))
# request parsing needs only these; the router's table pulls in every handler
FUZZ_REQ_SRC = fcgi/request.c lib/buf.c lib/err.c lib/config.c lib/crypto.c lib/uuid.c \
	lib/valid.c lib/rows.c lib/db.c
FUZZ_REQ_OBJ = $(FUZZ_REQ_SRC:%.c=build-fuzz/%.o) $(FUZZ_GEN_OBJ)
FUZZ_ALL_OBJ = $(LIB_SRC:%.c=build-fuzz/%.o) $(FCGI_SRC:%.c=build-fuzz/%.o) $(FUZZ_GEN_OBJ)

.PHONY: fuzz-run
fuzz: $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)

build-fuzz/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build-fuzz/gen/%.o: $(BUILD)/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Ilib -c -o $@ $<

build-fuzz/fuzz_json build-fuzz/fuzz_urlencoded build-fuzz/fuzz_cookie: \
    build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_REQ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lfcgi -pthread

build-fuzz/fuzz_router: tests/fuzz/fuzz_router.c $(FUZZ_ALL_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lfcgi -pthread

# natural dates need only the date code
build-fuzz/fuzz_nldate: tests/fuzz/fuzz_nldate.c build-fuzz/lib/nldate.o build-fuzz/lib/tz.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -pthread

# time zones: TZif images and RFC 3339 text need only lib/tz.c
build-fuzz/fuzz_tzif build-fuzz/fuzz_tztime: build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/lib/tz.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -pthread

# the LLM's event stream and knowledge search need only their own modules
build-fuzz/fuzz_sse: tests/fuzz/fuzz_sse.c build-fuzz/lib/sse.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -pthread
build-fuzz/fuzz_kb: tests/fuzz/fuzz_kb.c build-fuzz/lib/knowledge.o
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -pthread

fuzz-run: fuzz
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus/$$t build-fuzz/artifacts; \
		echo "== fuzz_$$t for $(FUZZ_SECONDS)s"; \
		build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=build-fuzz/artifacts/$$t- -dict=tests/fuzz/$$t.dict \
			build-fuzz/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done
