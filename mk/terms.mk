# Corrupted terms: the domain lexicon and the placeholder benchmark (one harness: eval/gen_digest.py
# writes the damaged digests with exact truth, eval/score.py scores them and the seed's annotation).
TERMS_EVAL    ?= .build/eval-terms
TERMS_DIGESTS ?= 20
TERMS_SEED    ?= 7
# placeholders in turn, one per digest (gen_digest.py draws at random without this list)
TERMS_PLACEHOLDERS ?= term,value,item,key,unit,node,part,step,base,form
# the corpus part the evaluation lexicon leaves out: the benchmark digests are built from it only
TERMS_SPLIT   ?= 0/5
# TERMS_BIN=path skips the release build and scores that binary instead
TERMS_BIN     ?=

.PHONY: lexicon eval-terms eval-terms-lexicon eval calibrate-terms

## lexicon     rebuild rules/data/lexicon.tsv from CORPUS (the file records this command)
lexicon: release
	$(RELEASE) learn $(CORPUS) -o rules/data/lexicon.tsv

# An evaluation copy of the rules whose lexicon never saw the benchmark's abstracts (split TERMS_SPLIT).
eval-terms-lexicon: $(if $(TERMS_BIN),,release)
	@mkdir -p $(TERMS_EVAL)
	rm -rf $(TERMS_EVAL)/rules && cp -r rules $(TERMS_EVAL)/rules
	python3 eval/corpus_split.py $(CORPUS) $(TERMS_SPLIT) $(TERMS_EVAL)/train.jsonl
	$(or $(TERMS_BIN),$(RELEASE)) learn $(TERMS_EVAL)/train.jsonl -o $(TERMS_EVAL)/rules/data/lexicon.tsv

## eval-terms  corrupted-term benchmark on unseen abstracts (lexicon without them), per placeholder, calibration; then the seed
eval-terms: eval-terms-lexicon
	rm -rf $(TERMS_EVAL)/digests
	python3 eval/gen_digest.py --corpus $(CORPUS) --out $(TERMS_EVAL)/digests --seed $(TERMS_SEED) \
	  --digests $(TERMS_DIGESTS) --split $(TERMS_SPLIT) --families terms --placeholders $(TERMS_PLACEHOLDERS)
	DIGESTLINT_RULES=$(abspath $(TERMS_EVAL)/rules) python3 eval/score.py --bin $(or $(TERMS_BIN),$(RELEASE)) \
	  --dir $(TERMS_EVAL)/digests --json-out $(TERMS_EVAL)/score.json --pairs $(TERMS_EVAL)/pairs.tsv
	python3 eval/score.py --bin $(or $(TERMS_BIN),$(RELEASE)) --seed-truth eval/seed_truth.jsonl --seed-file $(SEED) \
	  --json-out $(TERMS_EVAL)/seed-score.json

## eval        every benchmark: eval-terms (corrupted terms) and eval-families (the other damage families)
eval: eval-terms eval-families

# the generator seed the corrupted-term calibration is fitted on (eval-terms checks it on TERMS_SEED)
TERMS_CAL_SEED ?= 11

## calibrate-terms  refit the corrupted-term calibration: raw posteriors on TERMS_CAL_SEED digests -> isotonic knots (printed)
calibrate-terms: eval-terms-lexicon
	rm -rf $(TERMS_EVAL)/cal && mkdir -p $(TERMS_EVAL)/cal && cp -r $(TERMS_EVAL)/rules $(TERMS_EVAL)/cal/rules
	python3 -c "import re,sys; p=sys.argv[1]; y=open(p).read(); open(p,'w').write(re.sub(r'(?m)^  calibration:\n(    - .*\n)*', '  calibration: []\n', y))" \
	  $(TERMS_EVAL)/cal/rules/corrupted-term/corrupted-term.yml
	python3 eval/gen_digest.py --corpus $(CORPUS) --out $(TERMS_EVAL)/cal/digests --seed $(TERMS_CAL_SEED) \
	  --digests $(TERMS_DIGESTS) --split $(TERMS_SPLIT) --families terms --placeholders $(TERMS_PLACEHOLDERS)
	DIGESTLINT_RULES=$(abspath $(TERMS_EVAL)/cal/rules) python3 eval/score.py --bin $(or $(TERMS_BIN),$(RELEASE)) \
	  --dir $(TERMS_EVAL)/cal/digests --pairs $(TERMS_EVAL)/cal/pairs.tsv > /dev/null
	python3 eval/calibrate_terms.py $(TERMS_EVAL)/cal/pairs.tsv
