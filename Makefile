# digestlint — build, run and test. `make run` lints the bundled seed; `make test` runs the suite.
SWIFT      ?= swift
SEED       := seeds/000_b4c6ec501019da4d.txt
APT_PKGS   := libpcre2-dev libicu-dev libyaml-dev pkg-config
RELEASE    := .build/release/digestlint
DEBUG_BIN  := .build/debug/digestlint
CORPUS     ?= ../shared/corpus/abstracts.jsonl
SHARED     ?= ../shared

.PHONY: all deps build release run test golden clean help

all: build

help:
	@echo "make run      build in release mode and lint the bundled seed digest"
	@echo "make test     run the test suite"
	@echo "make golden   regenerate golden reports (review the diff)"
	@grep -h '^## ' mk/*.mk 2>/dev/null | sed 's/^## /make /' || true

# Installs the C libraries when any is missing (root or sudo).
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	@$(RELEASE) check $(SEED); status=$$?; [ $$status -le 1 ] || exit $$status

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

golden: build
	UPDATE_GOLDEN=1 $(SWIFT) test --disable-swift-testing --filter ReportTests; git status --short fixtures

clean:
	rm -rf .build

-include mk/*.mk
