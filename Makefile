# librefund: GNU Make build. `make`, `make check`, `make install`.
# Sanitizer build: make check SANITIZE=address,undefined (objects go to
# build/san/ so they never mix with the default build). `make PGO=0`: the
# plain build, in build/plain/ (see "Profile-guided build" below).

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share
EXAMPLEDIR ?= $(DATADIR)/librefund/examples
COMPLETIONDIR ?= $(DATADIR)/bash-completion/completions
DESTDIR    ?=

VERSION_MAJOR := $(shell sed -n 's/^\#define RF_VERSION_MAJOR \([0-9]*\).*/\1/p' include/refund.h)
VERSION_MINOR := $(shell sed -n 's/^\#define RF_VERSION_MINOR \([0-9]*\).*/\1/p' include/refund.h)
VERSION_PATCH := $(shell sed -n 's/^\#define RF_VERSION_PATCH \([0-9]*\).*/\1/p' include/refund.h)
VERSION    := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

CC         ?= cc
WARNINGS   := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
              -Wmissing-prototypes -Wconversion -Werror=implicit-function-declaration
OPT        ?= -O2 -g
CFLAGS     ?= $(OPT)
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARNINGS) $(CFLAGS) -Iinclude -fPIC
LDFLAGS    ?=

# Profile-guided build (GCC), the default wherever the compiler has one:
# the library and the command are built in two passes. First instrumented
# (PGO=train, what the profile rule below runs), then run over a training
# set of histories; then again with the profile it left beside each object,
# so that the compiler lays out the branches and inlines as the audit
# actually runs. Code the training never ran is compiled as without a
# profile (-fprofile-partial-training), not for size. The training is one
# thread over generated histories with fixed seeds, so the build is as
# reproducible as a plain one. `make PGO=0` is the plain build, in
# build/plain/: the default, in build/, for a compiler without the
# profile-guided build; the one to ask for in a cross build, whose training
# could not run. The sanitizer build is plain.
# Whether $(CC) has the profile-guided build (a shell test, for recipes).
PGO_SUPPORTED = $(CC) -fprofile-partial-training -E -x c /dev/null >/dev/null 2>&1
PGO_DEFAULT := $(if $(SANITIZE),0,$(shell $(PGO_SUPPORTED) && echo 1 || echo 0))
PGO        ?= $(PGO_DEFAULT)

ifdef SANITIZE
BUILD      ?= build/san
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS    += -fsanitize=$(SANITIZE)
else ifeq ($(PGO),$(PGO_DEFAULT))
BUILD      ?= build
else ifeq ($(PGO),0)
BUILD      ?= build/plain
else
BUILD      ?= build/pgo
endif

PGO_PROFILE := $(BUILD)/profile.stamp
ifeq ($(PGO),1)
ALL_CFLAGS += -fprofile-use -fprofile-partial-training -fprofile-correction -Wno-missing-profile
else ifeq ($(PGO),train)
ALL_CFLAGS += -fprofile-generate -fprofile-update=prefer-atomic
LDFLAGS    += -fprofile-generate
endif

LIB_SRC    := $(sort $(wildcard lib/*.c))
LIB_OBJ    := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_SRC    := $(sort $(wildcard cli/*.c))
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC   := $(filter-out tests/test_schema_extra.c,$(sort $(wildcard tests/test_*.c)))
TEST_BIN   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

STATIC     := $(BUILD)/lib/librefund.a
SONAME     := librefund.so.$(VERSION_MAJOR)
SHARED     := $(BUILD)/lib/librefund.so
REFUND     := $(BUILD)/bin/refund

# What `make install` puts in EXAMPLEDIR: the example cases (templates for
# staff, see examples/README.md), the 13% VAT policy file and the README;
# not the goldens (*.expected.json) nor the C programs.
EXAMPLE_FILES := $(filter-out %.expected.json,$(sort $(wildcard examples/[0-9][0-9]-*.json))) \
                 examples/policy-vat-13.json examples/README.md

CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

.PHONY: all check check-abi check-pg check-plain test clean install uninstall deps examples calendar valgrind docs fuzz bench
.DELETE_ON_ERROR:

all: $(REFUND) $(STATIC) $(SHARED) $(BUILD)/librefund.pc

ifeq ($(PGO),1)
$(LIB_OBJ) $(CLI_OBJ): $(PGO_PROFILE)
endif

# The training run: the bench generators' histories under other seeds than
# the bench data's (short, long, escaped notes, another system's export),
# replayed as auditors do, in JSON and CSV, with a summary. From files, one
# thread, no progress line: nothing in the run depends on timing (a pipe's
# read sizes, the clock), so neither does the profile, and two builds of
# the same source are the same bytes.
PGO_TRAIN = $(BUILD)/train
$(PGO_PROFILE): $(LIB_SRC) $(CLI_SRC) $(wildcard include/*.h lib/*.h cli/*.h) tests/bench/gen.c tests/bench/gen_export.awk
	rm -rf $(BUILD)/obj $(BUILD)/bin $(BUILD)/lib
	$(MAKE) --no-print-directory PGO=train BUILD=$(BUILD) $(BUILD)/bin/refund $(BUILD)/bench/gen
	@mkdir -p $(PGO_TRAIN)
	{ $(BUILD)/bench/gen 20000 7 2>/dev/null; $(BUILD)/bench/gen 3000 11 escaped 2>/dev/null; \
	  $(BUILD)/bench/gen 300 13 events=100 2>/dev/null; $(BUILD)/bench/gen 3 17 events=10000 2>/dev/null; \
	  awk -v count=5000 -v seed=19 -f tests/bench/gen_export.awk 2>/dev/null; } > $(PGO_TRAIN)/histories.ndjson
	head -5000 $(PGO_TRAIN)/histories.ndjson > $(PGO_TRAIN)/head.ndjson
	$(BUILD)/bin/refund replay --ndjson $(PGO_TRAIN)/histories.ndjson --format json --no-progress > /dev/null; \
	  case $$? in 0|1) ;; *) exit 1 ;; esac
	$(BUILD)/bin/refund replay --ndjson $(PGO_TRAIN)/head.ndjson --format csv --summary $(PGO_TRAIN)/summary.json \
	  --no-progress > /dev/null; case $$? in 0|1) ;; *) exit 1 ;; esac
	find $(BUILD)/obj -name '*.o' -delete
	rm -rf $(BUILD)/bin $(BUILD)/lib
	touch $@

# The library sees its internal headers; the command sees only the public
# header (ALL_CFLAGS has -Iinclude), as any other program would, so nothing
# in cli/ can reach into lib/.
$(BUILD)/obj/lib/%.o: lib/%.c $(wildcard include/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ilib -c $< -o $@

$(BUILD)/obj/cli/%.o: cli/%.c $(wildcard include/*.h cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(SHARED): $(LIB_OBJ) lib/librefund.map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/librefund.map $(LDFLAGS) -o $@.$(VERSION) $(LIB_OBJ)
	ln -sf librefund.so.$(VERSION) $(BUILD)/lib/$(SONAME)
	ln -sf librefund.so.$(VERSION) $@

$(REFUND): $(CLI_OBJ) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -pthread -o $@ $(CLI_OBJ) $(STATIC)

# pkg-config file for the given prefix/libdir/includedir (written at build
# time for the defaults, and again at install time for what was asked).
define write_pc
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	  'Name: librefund' 'Description: Taobao/Tmall refund and return rules as state machines' \
	  'Version: $(VERSION)' 'Libs: -L$${libdir} -lrefund' 'Cflags: -I$${includedir}' > $(1)
endef

$(BUILD)/librefund.pc: Makefile include/refund.h
	@mkdir -p $(dir $@)
	@$(call write_pc,$@)

# ---- tests ------------------------------------------------------------------

# The bench data generator: `make bench` times the data it writes, and
# test_audit checks the fast path against the plain path on the same data.
GEN := $(BUILD)/bench/gen
$(GEN): tests/bench/gen.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -o $@ $<

$(BUILD)/tests/%: tests/%.c $(STATIC) $(wildcard tests/*.h) $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Ilib -Itests $(CMOCKA_CFLAGS) \
	  -DRF_SOURCE_DIR='"$(CURDIR)"' -DRF_BENCH_GEN='"$(CURDIR)/$(GEN)"' $< -o $@ $(STATIC) $(LDFLAGS) $(CMOCKA_LIBS)

SHIM := $(BUILD)/tests/failwrite.so
$(SHIM): tests/cli/failwrite.c
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -O2 -o $@ $< -ldl

# A field added to the case format needs no edit in the readers or the
# writer: the library built once more with one row more in each list of
# lib/schema.h (RF_SCHEMA_TEST_EXTRA), and tests/test_schema_extra.c run
# against it. Its objects live apart, in $(BUILD)/schema-extra/.
EXTRA      := $(BUILD)/schema-extra
EXTRA_OBJ  := $(LIB_SRC:%.c=$(EXTRA)/obj/%.o)
EXTRA_LIB  := $(EXTRA)/lib/librefund.a
EXTRA_TEST := $(EXTRA)/tests/test_schema_extra

$(EXTRA)/obj/%.o: %.c $(wildcard include/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DRF_SCHEMA_TEST_EXTRA -Ilib -c $< -o $@

$(EXTRA_LIB): $(EXTRA_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(EXTRA_TEST): tests/test_schema_extra.c $(EXTRA_LIB) $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DRF_SCHEMA_TEST_EXTRA -Wno-missing-prototypes -Ilib -Itests $(CMOCKA_CFLAGS) \
	  $< -o $@ $(EXTRA_LIB) $(LDFLAGS) $(CMOCKA_LIBS)

check: all $(TEST_BIN) $(EXTRA_TEST) $(SHIM)
	@set -e; for t in $(TEST_BIN) $(EXTRA_TEST); do echo "== $$t"; $$t; done
	@REFUND=$(REFUND) RF_SHIM=$(CURDIR)/$(SHIM) sh tests/cli/run.sh
	@$(MAKE) --no-print-directory check-abi
	@$(MAKE) --no-print-directory check-pg
	@$(if $(SANITIZE),,$(MAKE) --no-print-directory check-plain)

# The plain build (make PGO=0), when the default is profile-guided, passes
# the command-line tests too, and judges the bench histories byte for byte
# as the default build does: so both builds are the same program.
PLAIN_CHECK := $(BUILD)/plain
check-plain: $(REFUND) $(GEN) $(SHIM)
	@if [ "$(PGO)" != 1 ]; then echo "plain: the default build is the plain build, checked above"; exit 0; fi; \
	$(MAKE) --no-print-directory -s PGO=0 BUILD=$(PLAIN_CHECK) $(PLAIN_CHECK)/bin/refund $(PLAIN_CHECK)/bench/gen >/dev/null || exit 1; \
	REFUND=$(PLAIN_CHECK)/bin/refund RF_SHIM=$(CURDIR)/$(SHIM) sh tests/cli/run.sh > $(PLAIN_CHECK)/cli.log 2>&1 \
	  || { cat $(PLAIN_CHECK)/cli.log; echo "not ok - plain: the plain build fails the command-line tests" >&2; exit 1; }; \
	tail -1 $(PLAIN_CHECK)/cli.log | sed 's/^/plain: /'; \
	$(GEN) 20000 2>/dev/null > $(PLAIN_CHECK)/check.ndjson; \
	for f in json csv; do \
	  $(REFUND) replay --ndjson $(PLAIN_CHECK)/check.ndjson --format $$f > $(PLAIN_CHECK)/pgo.out; \
	  $(PLAIN_CHECK)/bin/refund replay --ndjson $(PLAIN_CHECK)/check.ndjson --format $$f | cmp - $(PLAIN_CHECK)/pgo.out \
	    || { echo "not ok - plain: the plain build's $$f verdicts differ from the profile-guided build's" >&2; exit 1; }; done; \
	echo "plain: the plain build judges 20000 bench histories as the profile-guided build does (json, csv)"

# The PostgreSQL extension (ext/postgresql/) against a throwaway server.
# Not skipped when PostgreSQL is missing: `make deps` installs it, so a
# missing pg_config or PGXS is a failure that says what to install. The
# server cannot load a sanitized module (no ASan runtime in postgres), so
# the sanitizer build checks the extension built from the plain library.
PG_CONFIG ?= pg_config
check-pg:
	@if ! command -v $(PG_CONFIG) >/dev/null 2>&1 || [ ! -f "$$($(PG_CONFIG) --pgxs 2>/dev/null)" ]; then \
	  echo "not ok - ext/postgresql: no $(PG_CONFIG) with PGXS (make deps installs postgresql-15 and postgresql-server-dev-15)"; \
	  exit 1; fi
	@$(MAKE) --no-print-directory -C ext/postgresql check PG_CONFIG=$(PG_CONFIG) SANITIZE=

# The library as others consume it: exported symbols match the list, the
# header compiles as C++, and examples/embed.c and examples/shop.c build
# through pkg-config against a staged `make install` and run. shop.c is
# checked as its user would check it: it refuses the seller's refusal of an
# eligible 7-day return (SEVEN_DAY_REFUSAL) and appends every other event,
# and the case it saves is valid, holds exactly the appended events, and
# replays clean to refund SUCCESS and TRADE_CLOSED.
STAGE := $(CURDIR)/$(BUILD)/stage
check-abi: all
	@nm -D --defined-only $(SHARED) | awk '$$2 == "T" || $$2 == "D" || $$2 == "R" {print $$3}' \
	  | grep -v '^LIBREFUND' | sed 's/@.*//' | LC_ALL=C sort > $(BUILD)/symbols.txt
	@diff -u tests/abi/symbols.txt $(BUILD)/symbols.txt \
	  && echo "abi: exported symbols match tests/abi/symbols.txt ($$(wc -l < $(BUILD)/symbols.txt))"
	@$(CXX) -std=c++11 -Wall -Wextra -Werror -Iinclude tests/abi/cxx.cpp $(STATIC) $(LDFLAGS) -o $(BUILD)/cxx_header \
	  && $(BUILD)/cxx_header && echo "abi: include/refund.h compiles as C++"
	@rm -rf $(STAGE) && $(MAKE) --no-print-directory -s install DESTDIR=$(STAGE) PREFIX=/usr >/dev/null
	@PKG_CONFIG_SYSROOT_DIR=$(STAGE) PKG_CONFIG_PATH=$(STAGE)/usr/lib/pkgconfig \
	  $(CC) -std=c11 -Wall -Wextra -Werror examples/embed.c \
	  $$(PKG_CONFIG_SYSROOT_DIR=$(STAGE) PKG_CONFIG_PATH=$(STAGE)/usr/lib/pkgconfig pkg-config --cflags --libs librefund) \
	  $(LDFLAGS) -o $(BUILD)/embed
	@LD_LIBRARY_PATH=$(STAGE)/usr/lib $(BUILD)/embed examples/01-free-shipping-c-store.json 2024-06-25T10:00:00+08:00 \
	  | grep -q 'seller must act by 2024-06-29T20:00:00+08:00' \
	  && echo "abi: examples/embed.c built with pkg-config against the staged install and ran"
	@PKG_CONFIG_SYSROOT_DIR=$(STAGE) PKG_CONFIG_PATH=$(STAGE)/usr/lib/pkgconfig \
	  $(CC) -std=c11 -Wall -Wextra -Werror examples/shop.c \
	  $$(PKG_CONFIG_SYSROOT_DIR=$(STAGE) PKG_CONFIG_PATH=$(STAGE)/usr/lib/pkgconfig pkg-config --cflags --libs librefund) \
	  $(LDFLAGS) -o $(BUILD)/shop
	@out=$(BUILD)/shop.out; saved=$(BUILD)/shop-case.json; verdict=$(BUILD)/shop-verdict.json; rm -f $$saved; \
	  fail() { echo "abi: examples/shop.c: $$1" >&2; exit 1; }; \
	  LD_LIBRARY_PATH=$(STAGE)/usr/lib $(BUILD)/shop $$saved > $$out || fail "exited $$? (its output: $$out)"; \
	  tried=$$(grep -cE '^e[0-9]+ [a-z_]+ by [a-z]+: (appended|refused, not appended)$$' $$out); \
	  kept=$$(grep -c ': appended$$' $$out); \
	  [ $$((tried - kept)) = 1 ] || fail "$$tried events tried, $$kept appended: expected exactly one refused ($$out)"; \
	  grep -A1 ': refused, not appended$$' $$out | grep -q 'refused: SEVEN_DAY_REFUSAL: ' \
	    || fail "the seller's refusal of the 7-day request is not refused with SEVEN_DAY_REFUSAL ($$out)"; \
	  $(REFUND) validate $$saved | grep -q ": valid, $$kept events$$" \
	    || fail "refund validate does not find the $$kept appended events in $$saved"; \
	  $(REFUND) replay --format json --lang en $$saved > $$verdict || fail "refund replay $$saved exited $$? ($$verdict)"; \
	  flat=$$(tr -d ' \n' < $$verdict); \
	  case $$flat in *'"trade":{"state":"TRADE_CLOSED"'*'"refund":{"state":"SUCCESS"'*'"findings":[]'*) ;; \
	    *) fail "refund replay $$saved does not end in TRADE_CLOSED and refund SUCCESS with no findings ($$verdict)";; esac; \
	  echo "abi: examples/shop.c built with pkg-config, tried $$tried events (1 refused), saved a case that refund replays clean"
	@ex=$(STAGE)/usr/share/librefund/examples; comp=$(STAGE)/usr/share/bash-completion/completions/refund; \
	  fail() { echo "abi: make install: $$1" >&2; exit 1; }; \
	  for f in $(notdir $(EXAMPLE_FILES)); do [ -f $$ex/$$f ] || fail "$$ex/$$f missing"; done; \
	  ls $$ex | grep -q expected && fail "goldens installed in $$ex"; \
	  n=0; for f in $$ex/[0-9][0-9]-*.json; do $(REFUND) validate $$f >/dev/null || fail "$$f is not valid"; n=$$((n + 1)); done; \
	  [ -f $$comp ] || fail "no completion in $$comp"; \
	  ! command -v bash >/dev/null || bash -c "source $$comp && complete -p refund" >/dev/null || fail "$$comp does not load"; \
	  $(MAKE) --no-print-directory -s uninstall DESTDIR=$(STAGE) PREFIX=/usr >/dev/null; \
	  left=$$(find $(STAGE) -type f -o -type l); [ -z "$$left" ] || fail "uninstall left: $$left"; \
	  [ ! -d $$ex ] || fail "uninstall left $$ex"; \
	  echo "abi: make install put $$n example cases (valid, no goldens), their README and the bash completion; uninstall removed everything"

# The machine diagrams in docs/graphs/, generated from the tables the engine
# runs (Graphviz from Debian's packages renders the committed SVGs).
MACHINES := trade refund exchange intervention complaint
docs: $(REFUND)
	@mkdir -p docs/graphs
	@for m in $(MACHINES); do \
	  $(REFUND) graph $$m --format dot > docs/graphs/$$m.dot && \
	  $(REFUND) graph $$m --format mermaid > docs/graphs/$$m.mmd && \
	  dot -Tsvg docs/graphs/$$m.dot > docs/graphs/$$m.svg && echo "docs/graphs/$$m.svg"; done

# Performance: a reproducible data set of histories and the figures of
# docs/performance.md (tests/bench/). BENCH_HISTORIES sets the size.
# The month of TMC log `refund import top` is timed on (tests/bench/gen_tmc.c).
GEN_TMC := $(BUILD)/bench/gen_tmc
$(GEN_TMC): tests/bench/gen_tmc.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -o $@ $<

# Issue 19's yardstick: parse-only line readers over simdjson and cJSON
# (tests/bench/*_lines.*), outside the library, built only where Debian's
# libsimdjson-dev or libcjson-dev is installed; bench.sh skips a missing one.
bench: $(REFUND) $(GEN) $(GEN_TMC)
	$(CC) -std=c11 -O2 -Wall -Wextra -o $(BUILD)/bench/run tests/bench/run.c
	@if pkg-config --exists simdjson; then \
	  $(CXX) -std=c++17 -O2 -Wall -Wextra -o $(BUILD)/bench/simdjson_lines tests/bench/simdjson_lines.cpp \
	    $$(pkg-config --cflags --libs simdjson); \
	else rm -f $(BUILD)/bench/simdjson_lines; fi
	@if pkg-config --exists libcjson; then \
	  $(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -o $(BUILD)/bench/cjson_lines \
	    tests/bench/cjson_lines.c $$(pkg-config --libs libcjson); \
	else rm -f $(BUILD)/bench/cjson_lines; fi
	@if [ "$(PGO)" = 1 ]; then \
	  $(MAKE) --no-print-directory PGO=0 BUILD=$(BUILD)/plain $(BUILD)/plain/bin/refund >/dev/null && \
	  sh tests/bench/bench.sh $(BUILD) $(REFUND) $(BUILD)/plain/bin/refund; \
	else echo "bench: the default build is plain ($(CC) has no profile-guided build)"; sh tests/bench/bench.sh $(BUILD) $(REFUND); fi

# Regenerates the compiled-in calendar from the shared data.
CALENDAR_JSON ?= ../shared/calendar/cn-2004-2026.json
calendar:
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -Iinclude -Ilib -o $(BUILD)/gen_calendar tests/tools/gen_calendar.c lib/time.c
	$(BUILD)/gen_calendar $(CALENDAR_JSON) > lib/calendar_builtin.c.tmp
	mv lib/calendar_builtin.c.tmp lib/calendar_builtin.c

# Every test binary and the command-line tests under valgrind (plain build);
# the fast/plain equivalence on 2,000 histories of the bench data.
valgrind: all $(TEST_BIN) $(SHIM)
	@set -e; for t in $(TEST_BIN); do echo "== valgrind $$t"; \
	  RF_BENCH_HISTORIES=2000 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $$t >/dev/null; done
	@REFUND=$(REFUND) RF_SHIM=$(CURDIR)/$(SHIM) RF_VALGRIND=1 sh tests/cli/run.sh

test: check

# Installs what `make check` and .ci/run need on Debian (clang with the
# libFuzzer runtime for `make fuzz`; Chromium's headless shell, a CJK font
# and python3 for tests/cli/t_report.sh; PostgreSQL 15, its server and
# PGXS, for the extension in ext/postgresql/; simdjson and cJSON for the
# comparison readers of `make bench`), only when it is missing.
DEPS_PKGS := libcmocka-dev pkg-config g++ valgrind man-db time clang libclang-rt-dev \
             chromium-headless-shell fonts-wqy-zenhei python3 \
             postgresql-15 postgresql-server-dev-15 libsimdjson-dev libcjson-dev
deps:
	@missing=; for p in $(DEPS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing:$$missing"; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y $$missing; \
	fi

examples: $(REFUND)
	$(REFUND) check examples/01-free-shipping-c-store.json --now 2024-06-25T10:00:00+08:00

# ---- install ----------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 755 $(REFUND) $(DESTDIR)$(BINDIR)/refund
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/librefund.a
	install -m 755 $(SHARED).$(VERSION) $(DESTDIR)$(LIBDIR)/librefund.so.$(VERSION)
	ln -sf librefund.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf librefund.so.$(VERSION) $(DESTDIR)$(LIBDIR)/librefund.so
	install -m 644 include/refund.h $(DESTDIR)$(INCLUDEDIR)/refund.h
	$(call write_pc,$(DESTDIR)$(LIBDIR)/pkgconfig/librefund.pc)
	@if [ -f docs/refund.1 ]; then install -d $(DESTDIR)$(MANDIR)/man1 && install -m 644 docs/refund.1 $(DESTDIR)$(MANDIR)/man1/; fi
	@if [ -f docs/librefund.3 ]; then install -d $(DESTDIR)$(MANDIR)/man3 && install -m 644 docs/librefund.3 $(DESTDIR)$(MANDIR)/man3/; fi
	install -d $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 $(EXAMPLE_FILES) $(DESTDIR)$(EXAMPLEDIR)/
	install -m 644 cli/completion.bash $(DESTDIR)$(COMPLETIONDIR)/refund

# Removes what install put; the example directories go only when nothing
# else was left in them.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/refund $(DESTDIR)$(LIBDIR)/librefund.a \
	  $(DESTDIR)$(LIBDIR)/librefund.so $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/librefund.so.$(VERSION) $(DESTDIR)$(LIBDIR)/pkgconfig/librefund.pc \
	  $(DESTDIR)$(INCLUDEDIR)/refund.h $(DESTDIR)$(MANDIR)/man1/refund.1 $(DESTDIR)$(MANDIR)/man3/librefund.3 \
	  $(DESTDIR)$(COMPLETIONDIR)/refund $(addprefix $(DESTDIR)$(EXAMPLEDIR)/,$(notdir $(EXAMPLE_FILES)))
	rmdir $(DESTDIR)$(EXAMPLEDIR) $(DESTDIR)$(DATADIR)/librefund 2>/dev/null || true

clean:
	rm -rf build

# Fuzz targets (libFuzzer under clang; a replay driver under gcc in check).
-include tests/fuzz/fuzz.mk
