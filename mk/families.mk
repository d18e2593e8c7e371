# Damage families of issue 4: missing numbers, broken names, duplicates, TeX leftovers, structure.
FAMILIES_DIGESTS ?= 12
FAMILIES_SEED    ?= 11

.PHONY: eval-families families-lexicon
## eval-families   benchmark the damage families (recall, fix correctness, false alarms per family)
eval-families: release
	python3 eval/families/bench.py --bin $(RELEASE) --corpus $(CORPUS) --digests $(FAMILIES_DIGESTS) --seed $(FAMILIES_SEED)

## families-lexicon  rebuild rules/data/title-colon.tsv (counts only) from the corpus titles
families-lexicon:
	python3 eval/families/build_colon_lexicon.py $(CORPUS) rules/data/title-colon.tsv
