#!/usr/bin/env python3
"""Learn where numbers stand in real abstracts: rules/data/number-gap.tsv (counts only, no text).

  python3 eval/build_number_lexicon.py CORPUS OUT [--skip K/N]

Text is read as tokens: a number or inline math ('36%', '4.5x', '$\\ell$', '10,000', '7B') is NUM, a
word is its lower-case form, '.', ',', ';', ':', ')' are themselves. Rows (tab-separated):
  total  <name>  <count>                   NUM tokens, word tokens, punctuation tokens, spaced punctuation
  left   <word>  <before NUM> <total>      how often a word is directly followed by a number
  left2  <w1 w2> <before NUM> <total>      the same for two-word contexts ('factor of', 'up to')
  right  <tok>   <after NUM>  <total>      how often a word or punctuation directly follows a number
  pair   <L R>   <count>                   adjacent pairs whose left word often precedes a number (when
                                           the pair is common enough for its count to matter)
  spaced <word>  <count>                   how often a spaced punctuation mark follows a word ('URL ,')
  between <word> <count>                   how often 'NUM word NUM' occurs ('3 to 5', '12% and 15%'): with the
                                           left row's count, the share of the word's figures that end a pair
  mult   <word>  <after N×>   <after N>    words after a number with a multiplication sign vs after a bare one
                                           (every word seen 3+ times after either, with or without a sign)
  mleft  <word>  <before N×>  <before N>   the same for the word right before the number ('a 6× speedup',
                                           'of 6 layers'); 'total mult-left/bare-left/mult-right/bare-right'
                                           hold the overall counts, 'feat field-mult' whether the abstract
                                           writes 'N×' elsewhere at a 'N×' versus at a bare number
  skip   <L R>   <count>                   how often 'L NUM R' occurs (a number between two tokens), for
                                           left words that often precede a number; 'pair' then lists 'L R' too
  feat   <name>  <at NUM> <NUM total> <at word> <word total>
                                           sentence context at a number ('L NUM R') versus at a plain pair
                                           ('L R'): parallel (R also follows another number of the
                                           sentence), from-to (L is 'to' after 'from NUM' in the sentence;
                                           totals count L = 'to' only). Whether the sentence holds another
                                           number is NOT a feature: real digests lose all inline math of a
                                           sentence at once, so a sentence that lost one figure has often
                                           lost the others too (the seed's 'achieves up to latency
                                           reduction' stands alone).
--skip K/N leaves out the abstracts whose arXiv id hashes (md5) to K modulo N, so that an evaluation on
exactly those (gen_digest.py --split K/N) measures text the statistics never saw.
"""
import argparse
import collections
import hashlib
import json
import re

TOKEN = re.compile(r"\$[^$\n]{1,80}\$|[+-]?\d(?:[\d,.]*\d)?(?:\s?\\?%|x\b|×|\s?\$\\times\$|[A-Za-z]+\b)?|"
                   r"[A-Za-z][A-Za-z'’-]*|[.,;:)(]|\S")
MULT = re.compile(r"(?:x|×|\s?\$\\times\$)$")
PUNCT = set(".,;:)")
STRONG_MIN, STRONG_RATE = 5, 0.01     # left words whose pairs are kept: seen 5+ times, 1%+ before a number


def tokens(text):
    """(kind, norm, space_before, multiplier) per token; kind is 'num', 'word', 'punct' or 'other'."""
    out = []
    for m in TOKEN.finditer(text):
        t = m.group()
        sp = m.start() > 0 and text[m.start() - 1] == " "
        if t.startswith("$") or t[0].isdigit() or (t[0] in "+-" and len(t) > 1):
            mult = bool(MULT.search(t)) or bool(re.fullmatch(r"\$[\d.]+\s?\\times\s?\$", t))
            bare = bool(re.fullmatch(r"\d+(?:\.\d+)?", t))
            out.append(("num", "NUM", sp, "mult" if mult else ("bare" if bare else "")))
        elif t[0].isalpha():
            out.append(("word", t.lower(), sp, ""))
        elif t in PUNCT:
            out.append(("punct", t, sp, ""))
        else:
            out.append(("other", t, sp, ""))
    return out


def sentence_features(ts, feat):
    """Counts the sentence context of every 'L NUM R' (a number between a word and a word or mark) and
    of every plain pair 'L R' (two words): R also following another number of the sentence, and for
    L = 'to' a 'from NUM' before it."""
    sents, cur = [], []
    for t in ts:
        cur.append(t)
        if t[1] == ".":
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    for s in sents:
        nums = [j for j, t in enumerate(s) if t[0] == "num"]
        after = collections.Counter(s[j + 1][1] for j in nums if j + 1 < len(s))
        froms = [j for j in range(len(s) - 1) if s[j][1] == "from" and s[j + 1][0] == "num"]
        for j in range(1, len(s) - 1):
            left, mid, right = s[j - 1], s[j], s[j + 1]
            if left[0] != "word":
                continue
            if mid[0] == "num" and right[0] in ("word", "punct"):
                c, par = "g", after[right[1]] > 1
            elif mid[0] == "word":
                c, par = "w", after[mid[1]] > 0
            else:
                continue
            feat[("all", c)] += 1
            feat[("parallel", c)] += par
            if left[1] == "to":
                feat[("to-all", c)] += 1
                feat[("from-to", c)] += any(f < j - 1 for f in froms)


def in_split(pid, k, n):
    return int(hashlib.md5(pid.encode()).hexdigest(), 16) % n == k


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--skip", default="0/5", help="K/N: leave out ids hashing to K mod N (default 0/5)")
    a = ap.parse_args()
    k, n = (int(x) for x in a.skip.split("/"))
    left, left2, right, mult = (collections.Counter() for _ in range(4))
    lnum, l2num, rnum, mnum = (collections.Counter() for _ in range(4))
    pairs = collections.Counter()
    spaced = collections.Counter()         # word -> times a spaced punctuation mark follows it
    total = collections.Counter()
    skip = collections.Counter()           # (L, R) -> times 'L NUM R' occurs
    between = collections.Counter()        # word -> times 'NUM word NUM' occurs
    feat = collections.Counter()           # (name, 'g' at a number | 'w' at a plain pair) -> count
    mleft, bleft = collections.Counter(), collections.Counter()   # word -> times before 'N×' / a bare 'N'
    docs = 0
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            if in_split(p["id"], k, n):
                continue
            docs += 1
            ts = tokens(p["abstract"])
            signs = sum(t[3] == "mult" for t in ts)
            for i, (kind, w, sp, mk) in enumerate(ts):
                total[kind] += 1
                if mk in ("mult", "bare"):
                    m = mk == "mult"
                    if i > 0 and ts[i - 1][0] == "word":
                        (mleft if m else bleft)[ts[i - 1][1]] += 1
                        total["mult-left" if m else "bare-left"] += 1
                    if i + 1 < len(ts) and ts[i + 1][0] in ("word", "punct"):
                        total["mult-right" if m else "bare-right"] += 1
                    # whether the abstract writes 'N×' at another number: (at 'N×', at a bare 'N')
                    feat[("field-mult", "g" if m else "w")] += signs - m > 0
                    feat[("field-mult-all", "g" if m else "w")] += 1
                if kind == "punct" and sp:
                    total["spaced-punct"] += 1
                    if i > 0 and ts[i - 1][0] == "word":
                        spaced[ts[i - 1][1]] += 1
                nxt = ts[i + 1] if i + 1 < len(ts) else None
                if kind == "word" and nxt:
                    left[w] += 1
                    if nxt[0] == "num":
                        lnum[w] += 1
                        if i > 0 and ts[i - 1][0] == "num":
                            between[w] += 1
                    if i > 0 and ts[i - 1][0] == "word":
                        ctx = ts[i - 1][1] + " " + w
                        left2[ctx] += 1
                        if nxt[0] == "num":
                            l2num[ctx] += 1
                    if nxt[0] in ("word", "punct"):
                        pairs[(w, nxt[1], nxt[2])] += 1
                if kind == "word" and nxt and nxt[0] == "num" and i + 2 < len(ts) and ts[i + 2][0] in ("word", "punct"):
                    skip[(w, ts[i + 2][1])] += 1
                if kind in ("word", "punct") and i > 0:
                    right[w] += 1
                    prev = ts[i - 1]
                    if prev[0] == "num":
                        rnum[w] += 1
                        if prev[3] == "mult":
                            mult[w] += 1
                        elif prev[3] == "bare":
                            mnum[w] += 1
            sentence_features(ts, feat)
    strong = {w for w in left if left[w] >= STRONG_MIN and lnum[w] / left[w] >= STRONG_RATE}
    rows = ["# number-gap lexicon from %d abstracts (--skip %s); counts only" % (docs, a.skip),
            "pattern\t" + TOKEN.pattern]
    rows += ["total\t%s\t%d" % kv for kv in sorted(total.items())]
    rows += ["left\t%s\t%d\t%d" % (w, lnum[w], c) for w, c in sorted(left.items()) if c >= 5 and lnum[w] >= 1]
    rows += ["left2\t%s\t%d\t%d" % (w, l2num[w], c) for w, c in sorted(left2.items())
             if c >= 5 and l2num[w] / c >= 0.1]
    rows += ["right\t%s\t%d\t%d" % (w, rnum[w], c) for w, c in sorted(right.items()) if c >= 5 and rnum[w] >= 1]
    words = total["word"] + total["punct"]

    def expected(l, r):        # how often 'l r' would occur if r followed l like any other word
        return (left[l] - lnum[l]) * (right[r] - rnum[r]) / (words + 1)

    # a pair expected fewer than 0.5 times barely moves a score whether seen or not: left out
    rows += ["pair\t%s %s\t%d" % (l, r, c) for (l, r, sp), c in sorted(pairs.items())
             if l in strong and not (r in PUNCT and not sp) and (expected(l, r) >= 0.5 or skip[(l, r)] > 0)]
    rows += ["skip\t%s %s\t%d" % (l, r, c) for (l, r), c in sorted(skip.items()) if l in strong]
    for name in ("parallel", "from-to", "field-mult"):
        base = {"from-to": "to-", "field-mult": "field-mult-"}.get(name, "")
        rows.append("feat\t%s\t%d\t%d\t%d\t%d" % (name, feat[(name, "g")], feat[(base + "all", "g")],
                                                   feat[(name, "w")], feat[(base + "all", "w")]))
    rows += ["spaced\t%s\t%d" % (w, c) for w, c in sorted(spaced.items())]
    rows += ["between\t%s\t%d" % (w, c) for w, c in sorted(between.items()) if left[w] >= 5]
    rows += ["mult\t%s\t%d\t%d" % (w, mult[w], mnum[w]) for w in sorted(set(mult) | set(mnum))
             if mult[w] + mnum[w] >= 3]
    rows += ["mleft\t%s\t%d\t%d" % (w, mleft[w], bleft[w]) for w in sorted(set(mleft) | set(bleft))
             if mleft[w] + bleft[w] >= 3]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
