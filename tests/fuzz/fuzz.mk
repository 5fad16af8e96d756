# Fuzz targets (included by the top Makefile).
#
#   make check              also replays every target over its seed corpus and
#                           its regression inputs (check-fuzz), with $(CC) and
#                           the normal flags, SANITIZE included when set
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_CORPUS=DIR]
#                           builds the libFuzzer binaries with clang into
#                           $(BUILD)/fuzz/ and runs each for FUZZ_SECONDS on a
#                           copy of its corpus in FUZZ_CORPUS/TARGET (default
#                           $(BUILD)/fuzz/corpus; .ci/run gives a temporary
#                           directory); a crash input is kept in
#                           $(BUILD)/fuzz/artifacts/TARGET/ and fails the run
#   make fuzz FUZZ_DEFS=-DFUZZ_IGNORE_KNOWN_BUGS
#                           the same, passing over inputs that reach a bug of
#                           tests/fuzz/known_bugs.txt (see tests/fuzz/fuzz.h)
#
# Each target is tests/fuzz/TARGET.c defining LLVMFuzzerTestOneInput; its
# seeds live in tests/fuzz/corpus/TARGET/ and the inputs that once crashed it
# in tests/fuzz/regressions/TARGET/. tests/fuzz/known_bugs.txt names the
# regression inputs whose bug is not fixed yet: they are skipped, by name,
# with a message, until the line is removed along with the fix.

FUZZ_TARGETS := fuzz_json fuzz_case fuzz_replay fuzz_apply fuzz_summary fuzz_import
FUZZ_KNOWN   := tests/fuzz/known_bugs.txt
FUZZ_DEPS    := tests/fuzz/fuzz.h tests/case_diff.h $(wildcard include/*.h lib/*.h)

# ---- replay under the normal compiler (part of `make check`) -----------------

FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/%)

$(FUZZ_REPLAY): $(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/regression_driver.c $(FUZZ_DEPS) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ilib -Itests/fuzz -DFUZZ_TARGET='"$*"' \
	  tests/fuzz/regression_driver.c $< -o $@ $(STATIC) $(LDFLAGS)

.PHONY: check-fuzz
check-fuzz: $(FUZZ_REPLAY)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  $(BUILD)/fuzz-replay/$$t --known-bugs $(FUZZ_KNOWN) tests/fuzz/corpus/$$t tests/fuzz/regressions/$$t; \
	done

check: check-fuzz

# ---- libFuzzer under clang (`make fuzz`) --------------------------------------

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 65536
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_DEFS    ?=
FUZZ_CORPUS  ?= $(FUZZ_DIR)/corpus
FUZZ_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARNINGS) -O1 -g $(FUZZ_SAN) $(FUZZ_DEFS) -Iinclude -Ilib -Itests/fuzz
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)

# The library is instrumented for coverage (fuzzer-no-link); only the
# targets link libFuzzer's main().
$(FUZZ_LIB_OBJ): $(FUZZ_DIR)/obj/%.o: %.c $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BINS): $(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB_OBJ) -o $@

# Each target runs on $(FUZZ_CORPUS)/TARGET, seeded from the checked-in
# corpus (new inputs accumulate there, never in tests/), with the regression
# inputs read as well (libFuzzer writes only to its first corpus directory). The last libFuzzer status line and the executions are
# printed per target; any crash fails the run after all targets ran. A crash
# prints the log's tail, then what broke and the input as base64, last, so
# that a short view of CI's output still shows enough to reproduce it.
fuzz: $(FUZZ_BINS)
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_CORPUS)/$$t $(FUZZ_DIR)/artifacts/$$t; \
	  cp tests/fuzz/corpus/$$t/* $(FUZZ_CORPUS)/$$t/; \
	  reg=; [ -d tests/fuzz/regressions/$$t ] && reg=tests/fuzz/regressions/$$t; \
	  echo "== $$t: $(FUZZ_SECONDS) s, corpus $(FUZZ_CORPUS)/$$t"; \
	  if $(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 \
	       -print_final_stats=1 -dict=tests/fuzz/case.dict -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ \
	       $(FUZZ_CORPUS)/$$t $$reg > $(FUZZ_DIR)/$$t.log 2>&1; then \
	    grep -E '^#[0-9]+[[:space:]]+DONE' $(FUZZ_DIR)/$$t.log | tail -n 1 | sed "s/^/$$t: /"; \
	    grep -E '^stat::number_of_executed_units' $(FUZZ_DIR)/$$t.log | sed "s/^/$$t: /"; \
	  else \
	    fail=1; tail -n 40 $(FUZZ_DIR)/$$t.log; \
	    echo "$$t: what broke (also above, where a short view of the log may cut it off):"; \
	    grep -E -A1 'fuzz invariant failed|ERROR: [A-Za-z]+Sanitizer|runtime error|deadly signal' $(FUZZ_DIR)/$$t.log | head -n 8; \
	    for a in $(FUZZ_DIR)/artifacts/$$t/*; do \
	      [ -f "$$a" ] || continue; \
	      echo "$$t: $${a##*/}, $$(wc -c < "$$a") bytes, as base64 (base64 -d > FILE):"; \
	      base64 -w 0 "$$a"; echo; \
	    done; \
	    echo "$$t: CRASH: input kept in $(FUZZ_DIR)/artifacts/$$t/ (log $(FUZZ_DIR)/$$t.log);" \
	         "copy it to tests/fuzz/regressions/$$t/"; \
	  fi; \
	done; exit $$fail
