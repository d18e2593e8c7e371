# gate: fixer, reports and their external checks (SARIF schema, HTML in a headless browser).
GATE_VENV   := .build/venv-gate
GATE_PY     := $(GATE_VENV)/bin/python
SARIF_SCHEMA ?= $(SHARED)/schemas/sarif-schema-2.1.0.json
HTML_OUT    ?= .build/html

.PHONY: gate-venv sarif-check html-test

## gate-venv      Python venv (.build/venv-gate) with jsonschema for the SARIF schema test; `make test` needs it
gate-venv: $(GATE_PY)-stamp

# Never fails the build: without the venv the SARIF schema test skips with a message.
$(GATE_PY)-stamp:
	@mkdir -p .build
	@{ test -x $(GATE_PY) || python3 -m venv $(GATE_VENV); } \
	  && $(GATE_PY) -m pip install -q --disable-pip-version-check 'jsonschema>=4.18' && touch $@ \
	  || echo "gate-venv: could not create $(GATE_VENV) with jsonschema; the SARIF schema test will skip"

# The SARIF schema test runs under `make test` (and so in CI).
test: gate-venv

## sarif-check    validate the SARIF report of the seed against the 2.1.0 schema
sarif-check: gate-venv build
	$(DEBUG_BIN) check --format sarif $(SEED) > .build/seed.sarif; test $$? -le 1
	$(GATE_PY) scripts/validate_sarif.py $(SARIF_SCHEMA) .build/seed.sarif

## html-test      render HTML reports and check them in headless Chromium (selenium); screenshots in .build/html/
html-test: gate-venv build
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver) \
	  || { echo "html-test: chromium could not be installed; skipped"; exit 0; }; }
	$(GATE_PY) -m pip install -q --disable-pip-version-check 'selenium>=4.10'
	@mkdir -p $(HTML_OUT)
	$(DEBUG_BIN) check --no-config --no-builtin-rules --rules fixtures/gate-basic/rules --format html fixtures/gate-basic/input.txt > .build/gate-basic.html; test $$? -le 1
	$(DEBUG_BIN) check --no-config --no-builtin-rules --rules fixtures/gate-basic/rules --format json fixtures/gate-basic/input.txt > .build/gate-basic.json; test $$? -le 1
	$(DEBUG_BIN) check --no-config --format html $(SEED) > .build/seed.html; test $$? -le 1
	$(DEBUG_BIN) check --no-config --format json $(SEED) > .build/seed.json; test $$? -le 1
	$(GATE_PY) scripts/html_check.py --chromedriver "$$(command -v chromedriver)" \
	  .build/gate-basic.html .build/gate-basic.json $(HTML_OUT)/gate-basic.png \
	  .build/seed.html .build/seed.json $(HTML_OUT)/seed.png

## fix-safety     does --fix (safe) change clean corpus abstracts beyond TeX rendering? (figures)
fix-safety: build
	python3 scripts/fix_safety.py --bin $(DEBUG_BIN) --corpus $(CORPUS) --digests 200 --entries 50
