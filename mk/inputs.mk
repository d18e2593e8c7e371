# Inputs and scale: benchmark against peers and the Spark map-step test.
BENCH_VENV ?= .venv-bench
SPARK_VENV ?= .venv-spark
BENCH_MB   ?= 2
# e.g. BENCH_ARGS="--jsonl-mb 1000" adds the 1 GB JSONL peak-RSS run (inputs above 256 MB run streamed only)
BENCH_ARGS ?=
# BENCH_BIN=/path/to/release/digestlint benchmarks that binary instead of building `make release`
BENCH_BIN ?=

.PHONY: bench spark-test

## bench        time digestlint (release, every rule) against typos, codespell, proselint; seed, growth, cores, RSS
bench: $(if $(BENCH_BIN),,release)
	@for t in typos codespell proselint; do \
	  if [ ! -x $(BENCH_VENV)/bin/$$t ]; then \
	    { test -x $(BENCH_VENV)/bin/pip || python3 -m venv $(BENCH_VENV); } && \
	    $(BENCH_VENV)/bin/pip install -q $$t || echo "bench: $$t did not install; it is left out"; \
	  fi; \
	done
	python3 bench/bench.py --bin $(or $(BENCH_BIN),$(RELEASE)) --corpus $(CORPUS) --seed-digest $(SEED) --venv $(BENCH_VENV) --out .build/bench --mb $(BENCH_MB) $(BENCH_ARGS)

## spark-test   run spark/lint_job.py in Spark local mode (pyspark from PyPI into .venv-spark)
spark-test: release
	@test -x $(SPARK_VENV)/bin/python || python3 -m venv $(SPARK_VENV)
	@if ! $(SPARK_VENV)/bin/python -c 'import pyspark' 2>/dev/null && ! $(SPARK_VENV)/bin/pip install -q 'pyspark>=4,<5'; then \
	  echo "pyspark did not install: spark-test skipped"; \
	else \
	  SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON=$(abspath $(SPARK_VENV))/bin/python $(SPARK_VENV)/bin/python spark/test_lint_job.py \
	    --bin $(abspath $(RELEASE)) --corpus $(CORPUS); \
	fi
