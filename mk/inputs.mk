# Inputs and scale: benchmark against peers and the Spark map-step test.
BENCH_VENV ?= .venv-bench
SPARK_VENV ?= .venv-spark
BENCH_MB   ?= 8

.PHONY: bench spark-test

## bench        time digestlint (release, every rule) against typos, codespell, proselint; growth, cores, RSS
bench: release
	@test -x $(BENCH_VENV)/bin/typos || { python3 -m venv $(BENCH_VENV) && $(BENCH_VENV)/bin/pip install -q typos codespell proselint; }
	python3 bench/bench.py --bin $(RELEASE) --corpus $(CORPUS) --seed-digest $(SEED) --venv $(BENCH_VENV) --out .build/bench --mb $(BENCH_MB)

## spark-test   run spark/lint_job.py in Spark local mode (pyspark from PyPI into .venv-spark)
spark-test: release
	@test -x $(SPARK_VENV)/bin/python || python3 -m venv $(SPARK_VENV)
	@if ! $(SPARK_VENV)/bin/python -c 'import pyspark' 2>/dev/null && ! $(SPARK_VENV)/bin/pip install -q 'pyspark>=4,<5'; then \
	  echo "pyspark did not install: spark-test skipped"; \
	else \
	  SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON=$(abspath $(SPARK_VENV))/bin/python $(SPARK_VENV)/bin/python spark/test_lint_job.py \
	    --bin $(abspath $(RELEASE)) --corpus $(CORPUS); \
	fi
