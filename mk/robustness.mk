# Robustness: libFuzzer targets and the test suite under sanitizers.
FUZZ_TARGETS ?= reader rules
FUZZ_SECONDS ?= 120
FUZZ_RUNS    ?= -1

.PHONY: fuzz fuzz-build sanitize sanitize-address sanitize-thread

## fuzz        build the libFuzzer targets and run each for FUZZ_SECONDS (or FUZZ_RUNS executions)
fuzz-build: deps
	bash fuzz/build.sh $(FUZZ_TARGETS)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build/fuzz/$$t-work; \
	  echo "== fuzz-$$t"; \
	  DIGESTLINT_RULES=$(CURDIR)/rules .build/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -max_len=4096 \
	    -artifact_prefix=.build/fuzz/$$t- .build/fuzz/$$t-work fuzz/corpus/$$t 2>&1 | grep -E '^(Done|==|SUMMARY|#[0-9]+ +DONE)' || exit 1; \
	done

## sanitize    run the test suite under the address and the thread sanitizers
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	$(SWIFT) test --disable-swift-testing --sanitize=address --scratch-path .build/asan

sanitize-thread: deps
	$(SWIFT) test --disable-swift-testing --sanitize=thread --scratch-path .build/tsan

## hostile     release-build runs on very large hostile inputs (100 MB single line, a million tiny entries)
hostile: release
	@mkdir -p .build/hostile
	python3 -c "import sys; c=b'words words with \\\\textbf{bold} and 36 % of things '; sys.stdout.buffer.write(c*(100_000_000//len(c))+b'\n')" > .build/hostile/line100mb.txt
	python3 -c "import sys; sys.stdout.buffer.write(b'T\n\n'*1_000_000)" > .build/hostile/tiny.txt
	@for f in line100mb tiny; do \
	  /usr/bin/time -f "$$f: %e s wall, %M KB peak" $(RELEASE) check --format json .build/hostile/$$f.txt > /dev/null; \
	  s=$$?; [ $$s -le 1 ] || { echo "$$f: exit $$s"; exit 1; }; \
	done
