# Corrupted terms: the domain lexicon and the placeholder benchmark.
TERMS_EVAL    ?= .build/eval-terms
TERMS_DIGESTS ?= 20
TERMS_SEED    ?= 7

.PHONY: lexicon eval-terms eval-terms-seed

## lexicon     rebuild rules/data/lexicon.tsv from CORPUS (the file records this command)
lexicon: release
	$(RELEASE) learn $(CORPUS) -o rules/data/lexicon.tsv

## eval-terms  corrupted-term benchmark: damaged digests (several placeholders and keyword sets) with exact truth, scored per placeholder
eval-terms: release
	rm -rf $(TERMS_EVAL)
	python3 eval/terms/gen.py --corpus $(CORPUS) --out $(TERMS_EVAL)/own --seed $(TERMS_SEED) --digests $(TERMS_DIGESTS)
	python3 eval/terms/score.py --bin $(RELEASE) --dir $(TERMS_EVAL)/own
	@if [ -f eval/gen_digest.py ]; then \
	  python3 eval/gen_digest.py --corpus $(CORPUS) --out $(TERMS_EVAL)/shared --seed $(TERMS_SEED) --digests 16 --families terms >/dev/null && \
	  python3 eval/terms/score.py --bin $(RELEASE) --dir $(TERMS_EVAL)/shared; \
	fi
	@if [ -f eval/seed_truth.jsonl ] && [ -f eval/score.py ]; then \
	  python3 eval/score.py --bin $(RELEASE) --seed-truth eval/seed_truth.jsonl --seed-file $(SEED) | grep -A4 'by placeholder'; \
	fi
