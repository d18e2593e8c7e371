# Robustness: libFuzzer targets, the test suite under sanitizers, very large hostile inputs.
FUZZ_TARGETS  ?= reader jsonl rules lint fixer edits
FUZZ_SECONDS  ?= 120
FUZZ_RUNS     ?= -1
# address: libFuzzer + AddressSanitizer (.build/fuzz); none: libFuzzer alone, faster, for counting runs (.build/fuzz-fast)
FUZZ_SANITIZE ?= address
FUZZ_DIR       = $(if $(filter none,$(FUZZ_SANITIZE)),.build/fuzz-fast,.build/fuzz)
# Inputs stay small where one execution lints (lint) or fixes (fixer) the whole input with every rule.
FUZZ_MAXLEN_reader = 4096
FUZZ_MAXLEN_jsonl  = 4096
FUZZ_MAXLEN_rules  = 2048
FUZZ_MAXLEN_lint   = 1024
# fixer: one execution lints every distinct text of a fix run (the input, each round's result: three
# lints or more) and fixes twice. 512 would run ~1.8x faster but reaches far less code (coverage
# ~3200-3400 edges against ~4700 at 1024: too short for several analyses to find anything to fix)
FUZZ_MAXLEN_fixer  = 1024
# edits: the fixer with adversarial fixes described by the input (no rules run); a round whose fixes
# change the entry count is replayed fix by fix, each trial re-reading the whole input
FUZZ_MAXLEN_edits  = 1024
export FUZZ_MAXLEN_reader FUZZ_MAXLEN_jsonl FUZZ_MAXLEN_rules FUZZ_MAXLEN_lint FUZZ_MAXLEN_fixer FUZZ_MAXLEN_edits

.PHONY: fuzz fuzz-build fuzz-regress sanitize sanitize-address sanitize-thread hostile

## fuzz        build the libFuzzer targets and run each for FUZZ_SECONDS or FUZZ_RUNS executions (FUZZ_SANITIZE=none: no ASan, faster)
FUZZ_SOURCES := $(shell find Sources/DigestLint Sources/CPCRE2 Sources/CICU fuzz -name '*.swift' -o -name '*.c' -o -name '*.h' -o -name build.sh)

fuzz-build: $(FUZZ_DIR)/digestlint-fuzz

$(FUZZ_DIR)/digestlint-fuzz: $(FUZZ_SOURCES) | deps
	FUZZ_SANITIZE=$(FUZZ_SANITIZE) bash fuzz/build.sh $(FUZZ_TARGETS)

fuzz: fuzz-build
	@mkdir -p .build/fuzz-logs
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/$$t-work; ln -sf digestlint-fuzz $(FUZZ_DIR)/fuzz-$$t; \
	  log=.build/fuzz-logs/$$t-$(FUZZ_SANITIZE).log; eval "ml=\$$FUZZ_MAXLEN_$$t"; \
	  echo "== fuzz-$$t ($(FUZZ_SANITIZE)) log: $$log"; \
	  SWIFT_BACKTRACE=enable=no DIGESTLINT_RULES=$(CURDIR)/rules $(FUZZ_DIR)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) \
	    -max_len=$$ml -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/$$t- $(FUZZ_DIR)/$$t-work fuzz/corpus/$$t > $$log 2>&1; s=$$?; \
	  grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY|==[0-9]+==ERROR)|fuzz invariant|Fatal error' $$log; \
	  [ $$s -eq 0 ] || { echo "fuzz-$$t failed (exit $$s); see $$log and $(FUZZ_DIR)/$$t-*"; exit 1; }; \
	done

## fuzz-regress replay every saved crash input (fixtures/fuzz/<target>/) through its fuzz target
# (the binary's exit status decides: libFuzzer prints no 'Done' line when it only replays files)
fuzz-regress: fuzz-build
	@mkdir -p .build/fuzz-logs
	@for t in $(FUZZ_TARGETS); do \
	  [ -d fixtures/fuzz/$$t ] || continue; \
	  ln -sf digestlint-fuzz $(FUZZ_DIR)/fuzz-$$t; log=.build/fuzz-logs/regress-$$t.log; \
	  if SWIFT_BACKTRACE=enable=no DIGESTLINT_RULES=$(CURDIR)/rules $(FUZZ_DIR)/fuzz-$$t -runs=0 fixtures/fuzz/$$t/* > $$log 2>&1; then \
	    echo "fuzz-$$t: $$(grep -c '^Executed ' $$log) saved inputs replayed, no crash"; \
	  else \
	    grep -E 'ERROR|invariant|Fatal error|^Running' $$log; echo "fuzz-$$t: a saved input fails; see $$log"; exit 1; \
	  fi; \
	done

## sanitize    run the test suite under the address and the thread sanitizers
sanitize: sanitize-address sanitize-thread

# LeakSanitizer: suppressions for XCTest's own allocations only (fuzz/lsan-xctest.supp).
sanitize-address: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build/asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan-xctest.supp:print_suppressions=0 ASAN_OPTIONS=detect_leaks=1:malloc_context_size=8 \
	  $(SWIFT) test --skip-build --disable-swift-testing --sanitize=address --scratch-path .build/asan

sanitize-thread: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build/tsan
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --skip-build --disable-swift-testing --sanitize=thread --scratch-path .build/tsan

## hostile     release-build runs on very large hostile inputs (100 MB single line, a million tiny entries)
hostile: release
	@mkdir -p .build/hostile
	python3 -c "import sys; c=b'words words with \\\\textbf{bold} and 36 % of things '; sys.stdout.buffer.write(c*(100_000_000//len(c))+b'\n')" > .build/hostile/line100mb.txt
	python3 -c "import sys; sys.stdout.buffer.write(b'T\n\n'*1_000_000)" > .build/hostile/tiny.txt
	@for f in line100mb tiny; do \
	  /usr/bin/time -f "$$f: %e s wall, %M KB peak" $(RELEASE) check --format json .build/hostile/$$f.txt > /dev/null; \
	  s=$$?; [ $$s -le 1 ] || { echo "$$f: exit $$s"; exit 1; }; \
	done
