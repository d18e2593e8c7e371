#!/usr/bin/env python3
"""Hand annotation of the seed digest, written as tables; builds seed_truth.jsonl and seed_meta.json.

  python3 eval/seed_annotation.py [--seed ../shared/seeds/000_b4c6ec501019da4d.txt]

The seed's generator replaced a set of case-sensitive keywords by the placeholder 'key' in every
abstract (one pass, longest keyword first: 'decoding' -> 'key' but 'decoder' -> 'keyr'), dropped
the colon of every title that had one, stripped '×'/'$\\times$' and other inline math leaving a gap,
left TeX in a few abstracts, and broke two names. Each original below was inferred from context:
the title, acronym definitions ('Large Language Model (key)'), the article ('an key' -> 'an LLM'),
other occurrences of the same keyword, and the rendered sense.

Notation in TERMS (one item per abstract token that contains 'key', in order):
  'LLMs'                          damage; the original token
  G                               a genuine use of the word 'key' (goes to seed_meta.json)
  ('LLM', {note, accept})         damage, original less certain: accept = other acceptable originals
  ('key', {doubtful: True, ...})  not sure it is damage at all: the scorer ignores such records
Every field's offsets are computed here and checked; the scorer and selftest read the JSONL.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "seeds", "000_b4c6ec501019da4d.txt"))
G = "<genuine>"


def n(note, **kw):
    return dict(kw, note=note)


TERMS = {
    1: ["MLLMs", "MLLMs", "LLM", "decoder", "MLLMs", G, "LLMs", "MLLM", "LLM", "MLLMs"],
    2: ["LLMs", "LLMs", "LLMs", "LLM",
        ("communication", n("'patterns of human communication'; communication is a keyword (entries 9, 22, 29)"))],
    3: ["transformers", "decoders",
        ("acceleration", n("'a universal acceleration framework'; acceleration is a keyword (entry 32)",
                           accept=["compression", "pruning"])),
        "decoders", "pruning", "decoders", "decoder", "decoders"],
    4: ["transformers", "transformers", "sparse", "transformers", "transformers"],
    5: ["LLMs", "LLMs", "LLMs", "sparse", "LLMs", G, "LLMs"],
    6: [G, "overlapping", "MLLMs"],
    7: ["LLMs", "transformer", "overlap", "LLMs", "LLMs", "preserving", "LLMs", "LLMs"],
    8: ["LLM", "LLM", "decoder"],
    9: ["communication", "LLM", "communication"],
    10: ["LLMs", "LLMs", "LLM", ("LLM", n("'offloads part of LLM generation'")), "decoding", "decoding", "decoding"],
    11: ["LLM",
         ("cache", n("'cache effectiveness requires key consistency'")),
         ("key", n("probably genuine: 'key consistency' of cache keys; else 'cache'", doubtful=True)),
         ("cache", n("'cache-key evaluation'")),
         ("key", n("probably genuine: the 'key' of 'cache-key'", doubtful=True)),
         "LLM"],
    12: [G, "LLM", "LLMs",
         ("quantized", n("'encoded into semantic embeddings and quantized into SID tokens via RQ-VAE'; "
                         "'decoded' fits the known keyword 'decode' but not the sense", accept=["decoded"]))],
    13: ["LLMs", "LLMs",
         ("overlap", n("'improves feature overlap for logistic regression' (LLM vs SHAP features); "
                       "certainly damage, the word is a guess")),
         "LLMs", "LLMs", "LLMs", "communication", "preserving"],
    14: ["decoder", ("compression", n("'the compression is 1-3 orders of magnitude stronger'")), "decoder"],
    15: ["sparse", "LLMs"],
    16: ["decode", "disaggregation", "LLM", "serving", "LLM", "disaggregation", "disaggregated", "LLM",
         "serving", "prefill", "decode", "prefill", "decode", "preserving",
         ("serving", n("'preserving strict serving SLOs'", accept=["decode"])),
         "serving", "prefill", "decode"],
    17: ["LLMs", "KV", "cache",
         ("sparsity", n("'exploits contextual sparsity to evict unimportant KV data'")),
         "KV", "LLM", "KV", "cache", "KV", "cache", "overlaps", "KV", "preserving"],
    18: [("decoding", n("'followed by a decoding step'", accept=["decode"])), G, "preserving", "decoder", "decode"],
    19: ["preserving", "decoders", "preserving"],
    20: ["LLM", "decoding", "LLMs"],
    21: ["LLM", "LLMAJ", "decoder", "LLMAJ", "LLMAJ", "LLMs", "preserving", "LLM"],
    22: ["LLM", "LLM", "communication"],
    23: [G, "preserving", "ReKV"],
    24: ["LLM", "compression", "pruning", "quantization", "pruning", "quantization", "compression", "pruning",
         "quantization", "preserving", "compression",
         ("compression", n("'complementary compression techniques'", accept=["pruning", "quantization"])),
         "LLMs", "LLM"],
    25: ["preserving", "communication", "communication"],
    26: ["sparse", "preserving", "sparse"],
    27: ["LLM", "decoding", "decoding",
         ("KV", n("'with minimal KV-cache overhead'")), ("cache", n("'with minimal KV-cache overhead'"))],
    28: ["KV", "cache", "preserving", ("sparse", n("'rather than retraining separate sparse models'"))],
    29: ["communication", "communication", "communication", "LLM", "communication"],
    30: ["compression", "compression", "LLM", "compression", "LLM",
         ("communication", n("'the evolving complexity of communication'"))],
    31: [("compression", n("'calibration-free compression' (title: Model Compression)", accept=["pruning"])),
         "pruning", "pruning",
         ("compression", n("'post-compression accuracy'", accept=["pruning"])),
         ("compression", n("'at moderate-high compression'", accept=["pruning"])),
         "pruning"],
    32: ["acceleration", "acceleration", "acceleration", "preserving"],
    33: ["communication", "preserving"],
    34: [("transformer", n("'commonly observed in transformer models'")),
         ("communication", n("'two communication schemes that handle stragglers', or a genuine "
                             "'two key schemes'", doubtful=True))],
    35: ["LLMs", "sparse", "LLMs", G, "LLMs"],
    36: ["LLMs", "LLMs", "overlapping"],
    37: [("communication", n("'stringent communication and latency constraints'")), "serving"],
    38: ["sparse", "LLMs", "LLMs", "LLM", "LLM", "LLM", "LLM"],
    39: ["sparse", "LLMs", "LLM", "LLM", "LLM", "LLM", "preserving", "sparse", "LLM", "LLM"],
    40: ["pruning", ("compression", n("'weight decay acting as compression pressure'", accept=["sparsity"]))],
    41: ["serving", "LLMs", "compression", "decoding", "decode", "compression", "decoding", "decoding", "decoding"],
    42: ["LLM", "LLM", "decoded"],
    43: ["compression", "pruning", "preserving"],
    44: ["pruning", "pruning", "LLMs", "LLMs", "pruning"],
    45: ["LLM", "overlap"],
    46: ["sparse", "sparse", "LLMs", "sparse", "LLMs"],
    47: ["LLMs", "LLMs", "decoding", "decoding", "LLMs"],
    48: ["LLM", G, "overlap"],
    49: ["LLMs",
         ("communication", n("'prompt scenarios that reflect common communication settings (e.g., "
                             "questions, textbooks, social posts, policy briefs)'; could be 'LLM' or "
                             "genuine", doubtful=True)),
         "LLM", "LLMs", "PreservingHistoricalTruth"],
    50: ["LLMs", "LLM", "LLMs", "decoding"],
}

# Titles that lost their colon: entry -> the word the colon followed.
TITLE_COLON = {
    1: "PositionOCR", 2: "Dataset", 3: "Flash-VAED", 8: "Whisper", 9: "NeuroWise", 10: "WANSpec",
    11: "It", 12: "DeepInterestGR", 14: "SceneTok", 15: "ABD", 16: "BiScale", 17: "HillInfer",
    19: "HIME", 21: "Luna-2", 23: "Lane", 24: "SPQ", 25: "FedZMG", 26: "PRISM", 27: "Subtraction",
    28: "RAT+", 29: "SeedFlood", 31: "More", 32: "Skip", 35: "Connection", 36: "JAEGER", 39: "MIRA",
    40: "Grokking", 42: "CLUTCH", 45: "KLong", 47: "NLP", 48: "Chamber", 49: "Truth", 50: "Outputs",
}
TITLE_NOTES = {8: "the abstract names the system 'Whisper: Courtside Edition'; the title may have "
                  "had a second colon after 'Edition'"}

# Other damage: (entry, field, family, kind, context, damaged, original, extra). `context` is unique in
# the field's line and contains `damaged`; original None = not recoverable from the digest.
MULT = ["×", "$\\times$", "x"]
OTHER = [
    (3, "abstract", "missing-number", "multiplier", "approximately a 6 speedup", "6 speedup",
     "6× speedup", {"accept": ["6%s speedup" % m for m in MULT[1:]]}),
    (17, "abstract", "missing-number", "multiplier", "up to 8.56 speedup", "8.56 speedup",
     "8.56× speedup", {"accept": ["8.56%s speedup" % m for m in MULT[1:]]}),
    (28, "abstract", "missing-number", "multiplier", "dense accuracy at 16 and", "16 and", "16× and",
     {"doubtful": True, "note": "dilation factors 16 and 64: a multiplier may have been stripped"}),
    (28, "abstract", "missing-number", "multiplier", "points at 64 on", "64 on", "64× on",
     {"doubtful": True, "note": "see the record for 16"}),
    (32, "abstract", "missing-number", "quantity", "achieves up to latency reduction", "to latency", None,
     {"note": "'up to N× (or N%) latency reduction': the quantity is lost"}),
    (35, "abstract", "missing-number", "math", "lower layers of token . Fine", "token .", None,
     {"note": "inline math stripped after 'token' (a position index, e.g. '$t$')"}),
    (44, "abstract", "missing-number", "math", "we propose , which", "propose ,", None,
     {"note": "the method's name (likely math/TeX-formatted 'Sink-Aware Pruning') is gone"}),
    (49, "abstract", "missing-number", "count", "events from countries", "from countries", None,
     {"note": "'... contested events from N countries': a count is gone"}),
    (27, "authors", "broken-name", "author-case", "Qiao jin", "jin", "Jin", {}),
    (29, "abstract", "broken-name", "fused-word", "demonstrate thatSeedFlood", "thatSeedFlood",
     "that SeedFlood", {}),
    (26, "abstract", "latex", "escaped-percent", "exceeding 100\\% over", "100\\%", "100%", {}),
    (26, "abstract", "latex", "escaped-percent", "up to 32\\% over", "32\\%", "32%", {}),
    (26, "abstract", "latex", "href", "\\href{https://github.com/EVIEHub/PRISM}{https://github.com/EVIEHub/PRISM}",
     "\\href{https://github.com/EVIEHub/PRISM}{https://github.com/EVIEHub/PRISM}",
     "https://github.com/EVIEHub/PRISM", {}),
    (32, "abstract", "latex", "textbf", "\\textbf{PrediT}", "\\textbf{PrediT}", "PrediT", {}),
    (43, "abstract", "latex", "tilde", "The Belle~II experiment", "Belle~II", "Belle II", {}),
    (43, "abstract", "latex", "tilde", "within the Belle~II trigger", "Belle~II", "Belle II", {}),
    (43, "abstract", "latex", "tilde", "evaluated on Belle~II collision", "Belle~II", "Belle II", {}),
    (49, "abstract", "latex", "texttt-unbalanced", "\\texttt{HistoricalMisinfo,", "\\texttt{HistoricalMisinfo,",
     "HistoricalMisinfo,", {}),
]

FIELD_LINE = {"title": 0, "authors": 2, "date": 4, "url": 6, "abstract": 8}
TOKEN = re.compile(r"[^\W_]+")


def term_kind(damaged):
    k = damaged.find("key")
    if damaged.count("key") > 1:
        return "multi"
    if damaged == "key":
        return "whole"
    if k == 0:
        return "prefix"
    return "suffix" if k + 3 == len(damaged) else "inner"


def build(seed_path):
    data = open(seed_path, "rb").read()
    text = data.decode("utf-8")
    lines = text.split("\n")
    starts, pos = [], 0                              # byte offset of every line
    for line in lines:
        starts.append(pos)
        pos += len(line.encode("utf-8")) + 1
    assert (len(lines) - 3) % 10 == 0

    def where(entry, field):
        k = 4 + 10 * (entry - 1) + FIELD_LINE[field]
        return lines[k], starts[k]

    def offset(line, base, i):
        return base + len(line[:i].encode("utf-8"))

    recs, genuine, keywords = [], [], set()
    for entry, items in TERMS.items():
        line, base = where(entry, "abstract")
        toks = [m for m in TOKEN.finditer(line) if "key" in m.group()]
        assert len(toks) == len(items), (entry, [m.group() for m in toks])
        for m, item in zip(toks, items):
            s, e = offset(line, base, m.start()), offset(line, base, m.end())
            if item == G:
                genuine.append({"entry": entry, "field": "abstract", "start": s, "end": e,
                                "text": m.group(), "kind": "word"})
                continue
            original, extra = (item, {}) if isinstance(item, str) else item
            d = m.group()
            k = d.find("key")
            pre, suf = d[:k], d[k + 3:]
            assert original.startswith(pre) and original.endswith(suf), (entry, d, original)
            kw = original[len(pre):len(original) - len(suf)]
            r = {"family": "corrupted-term", "kind": term_kind(d), "entry": entry, "field": "abstract",
                 "start": s, "end": e, "damaged": d, "original": original, "keywords": [kw]}
            r.update(extra)
            if not extra.get("doubtful"):
                keywords.add(kw)
            recs.append(r)
    for entry, word in TITLE_COLON.items():
        line, base = where(entry, "title")
        i = line.index(word + " ")
        assert line.count(word + " ") == 1, (entry, word)
        r = {"family": "broken-name", "kind": "title-colon", "entry": entry, "field": "title",
             "start": offset(line, base, i), "end": offset(line, base, i + len(word)),
             "damaged": word, "original": word + ":"}
        if entry in TITLE_NOTES:
            r["note"] = TITLE_NOTES[entry]
        recs.append(r)
    for entry, field, family, kind, ctx, damaged, original, extra in OTHER:
        line, base = where(entry, field)
        assert line.count(ctx) == 1, (entry, ctx)
        i = line.index(ctx) + ctx.index(damaged)
        r = {"family": family, "kind": kind, "entry": entry, "field": field,
             "start": offset(line, base, i), "end": offset(line, base, i + len(damaged)),
             "damaged": damaged, "original": original}
        r.update(extra)
        recs.append(r)
    recs.sort(key=lambda r: r["start"])
    for r in recs:
        assert data[r["start"]:r["end"]].decode("utf-8") == r["damaged"], r
    meta = {"seed_file": os.path.basename(seed_path), "digest_date": lines[0], "entries": (len(lines) - 3) // 10,
            "placeholder": "key", "keywords": sorted(keywords), "genuine": genuine,
            "note": "keywords inferred from the annotation; 'genuine' lists the uses of 'key' judged "
                    "genuine (doubtful ones are doubtful truth records instead)"}
    return recs, meta


def main(argv=None):
    ap = argparse.ArgumentParser(description="Build seed_truth.jsonl and seed_meta.json.")
    ap.add_argument("--seed", default=DEFAULT_SEED)
    ap.add_argument("--out", default=HERE)
    a = ap.parse_args(argv)
    recs, meta = build(a.seed)
    with open(os.path.join(a.out, "seed_truth.jsonl"), "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(a.out, "seed_meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
        f.write("\n")
    by = {}
    for r in recs:
        key = r["family"] + (" (doubtful)" if r.get("doubtful") else "")
        by[key] = by.get(key, 0) + 1
    print("seed_truth.jsonl: %d records: %s; %d genuine uses; keywords %s" % (
        len(recs), ", ".join("%s %d" % kv for kv in sorted(by.items())), len(meta["genuine"]),
        ", ".join(meta["keywords"])), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
