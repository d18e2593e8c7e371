#!/usr/bin/env python3
"""Benchmark generator for the corrupted-term family (stdlib only).

Damages clean abstracts the way the seed digest was damaged: a digest-specific set of case-sensitive
keyword substrings is replaced, everywhere in the abstracts (inside words, URLs and names too), by one
placeholder word. Titles, authors and URLs are left alone. Writes for each digest:
  NAME.txt          the damaged digest (seed format)
  NAME.clean.txt    the undamaged twin
  NAME.truth.jsonl  one object per replaced substring: damaged byte offsets, original text
  NAME.meta.json    placeholder, keywords, genuine placeholder occurrences (damaged byte offsets)

usage: gen.py --corpus abstracts.jsonl --out DIR [--seed N] [--digests K] [--entries M]
              [--placeholders term,value,...]
"""
import argparse, json, os, random, re

PLACEHOLDERS = ["term", "value", "item", "key", "unit", "node", "part", "step", "base", "form"]

# General words that a digest generator would not pick as keywords (function words, academic filler).
GENERAL = set("""
the a an and or of to in for on with by from as at is are was were be been being this that these those it its
we our us they their them which who whom whose what when where while than then there here such can could may might
will would should must do does did not no nor but if so also more most less least many much very each every both
all any some other another into onto over under between through across about against among within without via
using use used uses based new novel propose proposed proposes present presents show shows shown paper work
method methods approach approaches model models result results performance data dataset datasets task tasks
state art existing previous prior first two three one however further furthermore moreover thus therefore
experiment experiments experimental demonstrate demonstrates achieve achieves achieving improve improves
improved effective efficient framework frameworks problem problems study studies analysis provide provides
large small high low significant significantly different various multiple several key important well
only even still yet up out time training trained learning learn learns system systems information
number set sets level levels based existing code available""".split())

TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def fmt_entry(r):
    authors = r["authors"] if isinstance(r["authors"], list) else [a.strip() for a in r["authors"].split(",")]
    title = " ".join(r["title"].replace(":", "").split())
    return title, "Authors: " + ", ".join(authors), r["published"], "http://arxiv.org/abs/%sv1" % r["id"]


def pick_keywords(rng, abstracts, placeholder, df, ndocs, k):
    counts = {}
    docs = {}
    for i, a in enumerate(abstracts):
        for t in TOKEN.findall(a):
            counts[t] = counts.get(t, 0) + 1
            docs.setdefault(t, set()).add(i)
    joined = "\n".join(abstracts)
    cands = []
    for t, c in counts.items():
        if len(docs[t]) < 2 or c < 3:
            continue
        if t.lower() in GENERAL:
            continue
        acr = t.isupper() and 2 <= len(t) <= 5 and t.isalpha()
        low = t.islower() and t.isalpha() and len(t) >= 5
        if not (acr or low):
            continue
        if not (0.001 < df.get(t, 0) / ndocs < 0.08):
            continue
        if placeholder in t.lower() or t.lower() in placeholder:
            continue
        # keep keywords whose substring hits stay moderate (no keyword destroying half the text)
        hits = joined.count(t)
        if hits > 60 or hits > 3 * c:
            continue
        cands.append((t, hits))
    rng.shuffle(cands)
    # prefer keywords that occur several times: weight by hits
    cands.sort(key=lambda x: -x[1] * rng.random())
    chosen = []
    for t, _ in cands:
        if any(t in c or c in t for c in chosen):
            continue
        chosen.append(t)
        if len(chosen) >= k:
            break
    return chosen


def damage(text, regex, placeholder):
    """Returns damaged text and the list of (damaged_start_char, damaged_end_char, original)."""
    out, spans, last, pos = [], [], 0, 0
    for m in regex.finditer(text):
        out.append(text[last:m.start()])
        pos += m.start() - last
        out.append(placeholder)
        spans.append((pos, pos + len(placeholder), m.group(0)))
        pos += len(placeholder)
        last = m.end()
    out.append(text[last:])
    return "".join(out), spans


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--digests", type=int, default=10)
    ap.add_argument("--entries", type=int, default=50)
    ap.add_argument("--placeholders", default=",".join(PLACEHOLDERS))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    recs = load(a.corpus)
    df = {}
    for r in recs:
        for t in set(TOKEN.findall(r["abstract"])):
            df[t] = df.get(t, 0) + 1
    os.makedirs(a.out, exist_ok=True)
    phs = a.placeholders.split(",")
    for d in range(a.digests):
        ph = phs[d % len(phs)]
        # topic-coherent digests: a random anchor word picks related abstracts, the rest random
        sample = rng.sample(recs, a.entries)
        abstracts = [" ".join(r["abstract"].split()) for r in sample]
        kws = pick_keywords(rng, abstracts, ph, df, len(recs), rng.randint(5, 10))
        regex = re.compile("|".join(re.escape(k) for k in sorted(kws, key=len, reverse=True)))
        header = "2026-02-24\n\nTable of Contents\n\n"
        clean, dam = [header], [header]
        truth, genuine = [], []
        cb = len(header.encode())
        db = cb
        for r, abs_ in zip(sample, abstracts):
            title, authors, date, url = fmt_entry(r)
            pre = "%s\n\n%s\n\n%s\n\n%s\n\n" % (title, authors, date, url)
            damaged, spans = damage(abs_, regex, ph)
            clean.append(pre + abs_ + "\n\n")
            dam.append(pre + damaged + "\n\n")
            base = db + len(pre.encode())
            for s, e, orig in spans:
                bs = base + len(damaged[:s].encode())
                truth.append({"start": bs, "end": bs + len(ph.encode()), "original": orig, "placeholder": ph})
            # genuine occurrences: the placeholder inside the damaged text that no replacement produced
            made = {s for s, _, _ in spans}
            for m in re.finditer(re.escape(ph), damaged):
                if m.start() not in made:
                    bs = base + len(damaged[:m.start()].encode())
                    genuine.append({"start": bs, "end": bs + len(ph.encode())})
            db += len((pre + damaged + "\n\n").encode())
            cb += len((pre + abs_ + "\n\n").encode())
        name = "terms_%03d_%s" % (d, ph)
        with open(os.path.join(a.out, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("".join(dam))
        with open(os.path.join(a.out, name + ".clean.txt"), "w", encoding="utf-8") as f:
            f.write("".join(clean))
        with open(os.path.join(a.out, name + ".truth.jsonl"), "w", encoding="utf-8") as f:
            for t in truth:
                f.write(json.dumps(t) + "\n")
        with open(os.path.join(a.out, name + ".meta.json"), "w", encoding="utf-8") as f:
            json.dump({"placeholder": ph, "keywords": kws, "genuine": genuine}, f)


if __name__ == "__main__":
    main()
