# Damage families of issue 4: missing numbers, broken names, duplicates, TeX leftovers, structure.
# One harness: eval/gen_digest.py writes damaged digests with exact truth and clean twins, eval/score.py
# scores them per family and scores the seed against its hand annotation (eval/seed_truth.jsonl).
FAMILIES_DIGESTS ?= 12
FAMILIES_SEED    ?= 11
FAMILIES_OUT     ?= .build/eval-families
# the corpus part the rules/data lexicons leave out (their builders' --skip): text they never saw
FAMILIES_SPLIT   ?= 0/5
# FAMILIES_BIN=path skips the release build and scores that binary instead
FAMILIES_BIN     ?=

.PHONY: eval-families families-lexicon
## eval-families   per-family recall, precision, fixes correct, false alarms /100 clean entries; seed scored too
eval-families: $(if $(FAMILIES_BIN),,release)
	rm -rf $(FAMILIES_OUT)
	python3 eval/gen_digest.py --corpus $(CORPUS) --out $(FAMILIES_OUT) --seed $(FAMILIES_SEED) \
	  --digests $(FAMILIES_DIGESTS) --split $(FAMILIES_SPLIT) --families numbers,names,duplicates,latex,structure
	python3 eval/score.py --bin $(or $(FAMILIES_BIN),$(RELEASE)) --dir $(FAMILIES_OUT) \
	  --seed-truth eval/seed_truth.jsonl --seed-file $(SEED) --json-out $(FAMILIES_OUT)/score.json

## families-lexicon  rebuild rules/data/{title-colon,number-gap}.tsv (counts only) from the corpus
families-lexicon:
	python3 eval/build_colon_lexicon.py $(CORPUS) rules/data/title-colon.tsv $(FAMILIES_SPLIT)
	python3 eval/build_number_lexicon.py $(CORPUS) rules/data/number-gap.tsv --skip $(FAMILIES_SPLIT)

.PHONY: eval-families-heldout
## eval-families-heldout  eval-families on the held-out generator seed 29 (tune on FAMILIES_SEED, measure here)
eval-families-heldout:
	$(MAKE) eval-families FAMILIES_SEED=29 FAMILIES_OUT=.build/eval-families-29

.PHONY: families-dev-numbers
## families-dev-numbers  stripped-quantity min-score sweep on the dev split (corpus 1/5, lexicon built without it)
families-dev-numbers: $(if $(FAMILIES_BIN),,release)
	python3 eval/dev_number_threshold.py --bin $(or $(FAMILIES_BIN),$(RELEASE)) --corpus $(CORPUS) \
	  --seeds 101,102,103,104,105,106,107,108 --scores 700,1000,1500,2000,2500,3000
