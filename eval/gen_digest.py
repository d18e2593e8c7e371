#!/usr/bin/env python3
"""Generate damaged arXiv digests with exact ground truth, for scoring digestlint.

For each digest i this writes, into --out:
  digest_i.txt          the damaged digest (the seed's text format, damage injected)
  digest_i.clean.txt    its undamaged twin (same papers, same format, no damage)
  digest_i.truth.jsonl  one JSON object per injected damage (see TRUTH FORMAT below)
  digest_i.meta.json    placeholder, keyword set, genuine placeholder occurrences, ...

Digest text format (copied from the seed): a date line, a blank line, 'Table of Contents', a blank
line, then entries separated by one blank line: title / 'Authors: A, B' / YYYY-MM-DD / arXiv URL /
abstract, each followed by a blank line except the last abstract, and no final newline.

TRUTH FORMAT (one object per line, sorted by start):
  family    corrupted-term | missing-number | broken-name | duplicate | latex | structure
  kind      the damage kind inside the family (see the injectors below)
  entry     1-based index of the entry in the DAMAGED file
  field     title | authors | date | url | abstract
  start,end UTF-8 byte offsets [start, end) into the damaged file
  damaged   the text now at [start, end)
  original  the text that should be there (writing it over [start, end) undoes the damage)
  block     (duplicates that insert a whole entry) {start, end, original: ""}: the full spurious
            entry including its separator; records of other damage inside the copy are nested in it
  keywords  (corrupted-term) the keyword(s) the placeholder replaced in this token
Main spans never overlap; only records inside an inserted entry lie within that entry's block.
Undoing every record (blocks first, nested records dropped) reproduces the clean twin byte for byte.

Everything is deterministic for a given --seed (random.Random seeded per digest).
"""
import argparse
import bisect
import calendar
import collections
import copy
import datetime as dt
import hashlib
import json
import math
import os
import random
import re
import sys
import unicodedata

FAMILIES = ["terms", "numbers", "names", "duplicates", "latex", "structure"]
FAMILY_NAME = {  # CLI family -> truth/category name
    "terms": "corrupted-term", "numbers": "missing-number", "names": "broken-name",
    "duplicates": "duplicate", "latex": "latex", "structure": "structure",
}
PLACEHOLDERS = ["term", "value", "item", "key", "unit", "point", "node", "set", "form", "case",
                "part", "level", "base", "mode", "step", "type"]
TOKEN = re.compile(r"[^\W_]+")          # a word token: letters/digits, no underscore or hyphen

# ---------------------------------------------------------------------------------------------
# Pieces: every field is a list of pieces; a piece holds its clean and its damaged text and, when
# damaged, the truth record (without offsets). Damage only ever splits a PLAIN piece, so two
# damages can never overlap.


class Piece:
    __slots__ = ("clean", "damaged", "rec", "tag")

    def __init__(self, clean, damaged=None, rec=None, tag=None):
        self.clean = clean
        self.damaged = clean if damaged is None else damaged
        self.rec = rec
        self.tag = tag          # 'name' for an author name piece

    @property
    def plain(self):
        return self.rec is None


def damage(pieces, idx, a, b, damaged, rec):
    """Replace [a, b) of plain pieces[idx] by `damaged`, recording `rec` (a may equal b: insertion)."""
    p = pieces[idx]
    assert p.plain
    t = p.clean
    new = []
    if a > 0:
        new.append(Piece(t[:a], tag=p.tag))
    new.append(Piece(t[a:b], damaged, rec))
    if b < len(t):
        new.append(Piece(t[b:], tag=p.tag))
    pieces[idx:idx + 1] = new


def plain_matches(pieces, regex, tag=None):
    """All (piece index, match) for regex over the plain pieces (optionally only those tagged)."""
    out = []
    for i, p in enumerate(pieces):
        if p.plain and (tag is None or p.tag == tag):
            out.extend((i, m) for m in regex.finditer(p.clean))
    return out


def text_of(pieces, which="damaged"):
    return "".join(getattr(p, which) for p in pieces)


def rec(family, kind, **extra):
    r = {"family": FAMILY_NAME[family], "kind": kind}
    r.update(extra)
    return r


class Entry:
    def __init__(self, paper, date):
        self.id = paper["id"]
        self.date = date                                   # YYYY-MM-DD shown in the digest
        self.fields = {
            "title": [Piece(paper["title"])],
            "authors": [Piece("Authors: ")],
            "date": [Piece(date)],
            "url": [Piece("http://arxiv.org/abs/%sv1" % paper["id"])],
            "abstract": [Piece(paper["abstract"])],
        }
        for k, name in enumerate(paper["authors"]):
            if k:
                self.fields["authors"].append(Piece(", "))
            self.fields["authors"].append(Piece(name, tag="name"))
        self.missing_authors = None   # structure record when the Authors line is dropped
        self.inserted = None          # duplicate record when this whole entry is spurious
        self.locked = set()           # fields a structural damage owns entirely

    def all_plain(self, field):
        return all(p.plain for p in self.fields[field])


# ---------------------------------------------------------------------------------------------
# Corpus, sampling and dates


def load_corpus(path):
    with open(path, encoding="utf-8") as f:
        papers = [json.loads(line) for line in f if line.strip()]
    for p in papers:
        if isinstance(p["authors"], str):
            p["authors"] = [a.strip() for a in p["authors"].split(",") if a.strip()]
    return papers


def parse_date(s):
    return dt.date(int(s[:4]), int(s[5:7]), int(s[8:10]))


def entry_date(paper, rng):
    """Listing date minus 0-2 days, kept inside the month of the arXiv id's YYMM."""
    yy, mm = 2000 + int(paper["id"][:2]), int(paper["id"][2:4])
    first = dt.date(yy, mm, 1)
    last = dt.date(yy, mm, calendar.monthrange(yy, mm)[1])
    d = parse_date(paper["published"]) - dt.timedelta(days=rng.randint(0, 2))
    return min(max(d, first), last)


def has_word(text, word):
    return re.search(r"\b%s\b" % re.escape(word), text) is not None


def sample_papers(papers, by_date, dates, rng, m, placeholder, extra):
    """A window of consecutive listing dates, then m papers (+extra spares) from it; when a
    placeholder is given, 3-6 of them use that word genuinely in their abstract."""
    want_genuine = rng.randint(3, 6) if placeholder else 0
    # a second round (rarer placeholders, a corpus split) widens the window until it holds enough
    # genuine uses
    for _attempt in range(400):
        end = rng.randrange(len(dates))
        pool, k = [], end
        while k >= 0 and (len(pool) < 2 * (m + extra) or k > end - 3):
            pool.extend(by_date[dates[k]])
            k -= 1
        genuine = [p for p in pool if placeholder and has_word(p["abstract"], placeholder)]
        while _attempt >= 200 and k >= 0 and len(genuine) < want_genuine and len(pool) < 12 * (m + extra):
            more = by_date[dates[k]]
            pool.extend(more)
            genuine += [p for p in more if has_word(p["abstract"], placeholder)]
            k -= 1
        if len(pool) >= m + extra and len(genuine) >= want_genuine:
            break
    else:
        raise SystemExit("corpus too small for %d entries" % m)
    chosen = rng.sample(genuine, want_genuine) if want_genuine else []
    ids = {p["id"] for p in chosen}
    rest = [p for p in pool if p["id"] not in ids]
    chosen += rng.sample(rest, m + extra - len(chosen))
    picked, spares = chosen[:m], chosen[m:]
    rng.shuffle(picked)
    return picked, spares


# ---------------------------------------------------------------------------------------------
# Keyword candidates (terms family): acronyms, domain words and stems that are frequent in the
# corpus. A word counts as "domain" when it is relatively frequent in titles (general academic
# words such as 'typically' or 'promising' rarely are), minus a short list of title verbs.

TITLE_GENERIC = set("""towards toward exploring enhancing evaluating benchmarking beyond self
efficient bench think breaking boosting teaching look know wild enough investigating bridging
unifying measuring mitigating guided informed aware based driven assisted augmented enhanced
comparative fast deep dual universal ready whole automatic evolving modal multi cross simple
small general novel study analysis approach framework survey detecting diagnosing quantifying
explaining auditing distilling automating simulating guiding accelerating generating""".split())
ROMAN = re.compile(r"^[IVXL]+$")


def keyword_candidates(papers):
    """{'acronym': [...], 'word': [...], 'stem': [...]} from the whole corpus (rarity is checked
    later, per chosen keyword, by rare_enough)."""
    df, tf = collections.Counter(), collections.Counter()
    for p in papers:
        df.update(set(TOKEN.findall(p["abstract"])))
        tf.update(set(w.lower() for w in TOKEN.findall(p["title"])))
    n = len(papers)
    acronyms = [w for w, c in df.items()
                if re.fullmatch(r"[A-Z][A-Z0-9]{1,4}", w) and c >= 25 and w != "URL"
                and not ROMAN.match(w) and not w.isdigit()]
    words = [w for w, c in df.items()
             if re.fullmatch(r"[a-z]{5,}", w) and 15 <= c <= 0.12 * n
             and (tf[w] + 1) / c >= 0.12 and tf[w] >= 5 and w not in TITLE_GENERIC]
    stems = set()
    for w in words:
        for suf in ("ation", "ition", "ing", "ion", "ive", "ness", "ous", "al", "er", "ed", "es", "e", "s"):
            if w.endswith(suf) and len(w) - len(suf) >= 5 and not w.endswith(("ss", "us")):
                stems.add(w[:-len(suf)])
                break
    # a stem must be where corpus words branch: decod -> decode/decoding, not guidanc -> guidance
    vocab = sorted(t for t in df if t.islower())
    branching = set()
    for st in stems - set(words):
        k = bisect.bisect_left(vocab, st)
        nxt = set()
        while k < len(vocab) and vocab[k].startswith(st):
            if len(vocab[k]) > len(st):
                nxt.add(vocab[k][len(st)])
            k += 1
        if len(nxt) >= 2:
            branching.add(st)
    stems = branching
    return {"acronym": sorted(acronyms), "word": sorted(words), "stem": sorted(stems),
            "_abstracts": [p["abstract"] for p in papers], "_rare": {}}


def rare_enough(cands, w):
    """At most 12% of the corpus abstracts (30% for an acronym: LLM) contain w as a substring, so
    that 'model' or 'reason' never become keywords. Memoised: it scans the corpus."""
    memo = cands["_rare"]
    if w not in memo:
        limit = 0.30 if w.isupper() else 0.12
        abstracts = cands["_abstracts"]
        memo[w] = sum(1 for t in abstracts if w in t) <= limit * len(abstracts)
    return memo[w]


def choose_keywords(cands, abstracts, placeholder, rng):
    """6-12 keywords drawn (weighted by frequency) from the digest's top few hundred candidates."""
    tokens = collections.Counter(TOKEN.findall("\n".join(abstracts)))
    counted = []
    for kind in ("acronym", "word", "stem"):
        for w in cands[kind]:
            if kind == "stem":      # tokens that start with the stem: decod -> decoding, decoder
                c = sum(v for t, v in tokens.items() if t.startswith(w))
            else:                   # the token itself or its plural: LLM, LLMs
                c = tokens[w] + tokens[w + "s"]
            if c >= 2:
                counted.append((c, w, kind))
    counted.sort(key=lambda x: (-x[0], x[1]))
    top = counted[:300]
    k = rng.randint(6, 12)
    quota = {"acronym": math.ceil(k * 0.35), "word": math.ceil(k * 0.35)}
    quota["stem"] = k - quota["acronym"] - quota["word"]
    chosen = []

    def compatible(w):
        if placeholder and (w in placeholder or placeholder in w):
            return False
        return all(w not in c and c not in w for c in chosen)

    for kind in ("acronym", "word", "stem"):
        pool = [(c, w) for c, w, kd in top if kd == kind]
        while quota[kind] > 0 and pool:
            weights = [math.sqrt(c) for c, _ in pool]
            c, w = rng.choices(pool, weights)[0]
            pool.remove((c, w))
            if compatible(w) and rare_enough(cands, w):
                chosen.append(w)
                quota[kind] -= 1
    return sorted(chosen)


# ---------------------------------------------------------------------------------------------
# Family: terms ("corrupted-term"). A digest-wide generator bug: every occurrence of every keyword
# (case-sensitive substring, longest keyword first, one pass) in ABSTRACTS is replaced by the
# placeholder. One record per damaged word token: 'decoders' -> 'keyrs', 'MLLMs' -> 'Mkeys'.


def apply_terms(entry, keywords, placeholder):
    kw_re = re.compile("|".join(re.escape(k) for k in sorted(keywords, key=lambda k: (-len(k), k))))
    pieces = entry.fields["abstract"]
    for i, m in reversed(plain_matches(pieces, TOKEN)):
        tok = m.group()
        hits = kw_re.findall(tok)
        if not hits:
            continue
        if len(hits) > 1:
            kind = "multi"
        elif tok == hits[0]:
            kind = "whole"
        elif tok.startswith(hits[0]):
            kind = "prefix"          # keyword + suffix: decoders -> keyrs
        elif tok.endswith(hits[0]):
            kind = "suffix"          # prefix + keyword: preserving -> prekey
        else:
            kind = "inner"           # MLLMs -> Mkeys
        damage(pieces, i, m.start(), m.end(), kw_re.sub(placeholder, tok),
               rec("terms", kind, keywords=hits))


# ---------------------------------------------------------------------------------------------
# Family: numbers ("missing-number"). Real occurrences only; an entry without one is skipped.

MULT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(\s?\$\\times\$|×|x)(?=[\s,.;:)])")
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
QUANTITY = re.compile(  # a degree phrase, then a number with an optional %/x/-fold: the number goes
    r"\b(up to|by up to|by|of|over|nearly|approximately|about|roughly|around|factor of|than|to|"
    r"reaching|reaches|achieving|achieves|achieved|yielding|yields|only|under|at least|at most|"
    r"exceeding|surpassing|with|and) "
    r"(" + NUMBER + r"(?:\s?(?:\\?%|percent)|\s?\$\\times\$|×|x|-fold| times)?)"
    r"(?=[ .,;:)](?!\d))")
DEGREE = {"up to", "by up to", "nearly", "approximately", "about", "roughly", "around", "factor of",
          "at least", "at most", "exceeding", "surpassing", "over", "by"}  # a bare number may follow
UNIT = re.compile(  # a number before a unit word
    r"\b([A-Za-z]+) (" + NUMBER + r") (GB|MB|TB|KB|ms|seconds|minutes|hours|days|weeks|points|"
    r"percentage points|pp|dB|Hz|kHz|MHz|GHz|FPS|million|billion|thousand|trillion)\b")
COUNT = re.compile(r"\b(of|from|on|across|over|with|in|for|among) ((?:\d{1,3}(?:,\d{3})+|\d+)) "
                   r"(?=[a-z]+s\b)")
MATH = re.compile(r"(?<=\S) \$([^$\n]{1,60})\$(\S*)")
MATHY = re.compile(r"[\\^_{}=]|^[A-Za-z]$|^[^\s]{1,8}$")


def inj_multiplier(e, rng):
    """'6$\\times$ speedup' / '6x speedup' -> '6 speedup'; span = number through next word."""
    pcs = e.fields["abstract"]
    cands = plain_matches(pcs, MULT)
    if not cands:
        return False
    i, m = rng.choice(cands)
    t = pcs[i].clean
    nxt = re.match(r" [^\W_][\w-]*", t[m.end():])
    end = m.end() + (nxt.end() if nxt else 0)
    rest = t[m.end():end]
    forms = [m.group(1) + sign + rest for sign in ("×", "x", "$\\times$")]    # any sign restores it
    damage(pcs, i, m.start(), end, m.group(1) + rest,
           dict(rec("numbers", "multiplier"), accept=[f for f in forms if f != t[m.start():end]]))
    return True


def inj_quantity(e, rng):
    """A quantity after a degree phrase is stripped (as when its inline math is dropped and the
    spaces collapse): 'up to 36% latency' -> 'up to latency', 'a factor of 4.' -> 'a factor of .',
    'by 2.5x over' -> 'by over'. Span = the word before the gap through the token after it."""
    pcs = e.fields["abstract"]
    cands = [(i, m) for i, m in plain_matches(pcs, QUANTITY)
             if not re.fullmatch(r"(19|20)\d\d", m.group(2))
             and (not re.fullmatch(NUMBER, m.group(2)) or m.group(1) in DEGREE)]
    if not cands:
        return False
    i, m = rng.choice(cands)
    t = pcs[i].clean
    rest = t[m.end():]
    nxt = re.match(r" [^\s]+|[^\s]+", rest)
    if not nxt:
        return False
    # '... 36% latency' -> 'up to latency' (one space stays); '... of 4.' -> 'of .'
    damaged = m.group(1) + ("" if rest.startswith(" ") else " ") + nxt.group()
    end = m.end() + nxt.end()
    kind = "percent" if re.search(r"%|percent", m.group(2)) else "quantity"
    damage(pcs, i, m.start(), end, damaged, rec("numbers", kind))
    return True


def inj_unit(e, rng):
    """A number before a unit word is stripped: 'requires 16 GB' -> 'requires GB', 'over 2 million
    users' -> 'over million users'. Span = the word before through the unit."""
    pcs = e.fields["abstract"]
    cands = [(i, m) for i, m in plain_matches(pcs, UNIT) if m.group(1).lower() not in ("the", "a", "an")]
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(pcs, i, m.start(), m.end(), m.group(1) + " " + m.group(3), rec("numbers", "unit"))
    return True


def inj_count(e, rng):
    """'from 45 countries' -> 'from countries' (years and 0/1 are never stripped)."""
    pcs = e.fields["abstract"]
    cands = [(i, m) for i, m in plain_matches(pcs, COUNT)
             if m.group(2) not in ("0", "1") and not re.fullmatch(r"(19|20)\d\d", m.group(2))]
    if not cands:
        return False
    i, m = rng.choice(cands)
    t = pcs[i].clean
    nxt = re.match(r"[a-z]+", t[m.end():])
    end = m.end() + nxt.end()
    damage(pcs, i, m.start(), end, m.group(1) + " " + t[m.end():end], rec("numbers", "count"))
    return True


def inj_math(e, rng):
    """Inline math stripped, the gap left: 'layers of token $\\ell$.' -> 'layers of token .'.
    Span = previous word through the text glued after the math (or the next word)."""
    pcs = e.fields["abstract"]
    cands = []
    for i, m in plain_matches(pcs, MATH):
        t = pcs[i].clean
        prev = re.search(r"[^\s]+$", t[:m.start()])
        if prev and MATHY.search(m.group(1)) and "$" not in prev.group():
            cands.append((i, m, prev.start()))
    if not cands:
        return False
    i, m, a = rng.choice(cands)
    t = pcs[i].clean
    end = m.end()
    if not m.group(2):                      # nothing glued after the math: cover the next word
        nxt = re.match(r" [^\s]+", t[end:])
        end += nxt.end() if nxt else 0
    rest = t[m.end() - len(m.group(2)):end]
    damaged = t[a:m.start()] + " " + (rest[1:] if rest.startswith(" ") else rest)  # spaces collapse
    damage(pcs, i, a, end, damaged, rec("numbers", "math"))
    return True


# ---------------------------------------------------------------------------------------------
# Family: names ("broken-name")

HOMOGLYPHS = {  # Latin letter -> Cyrillic or Greek look-alike
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "N": "Ν", "Z": "Ζ", "v": "ν",
}
COINED = re.compile(r"\b(?:[A-Z][a-z]+[A-Z][\w-]*|[A-Z]{2,}[a-z][\w-]*|[a-z]+[A-Z][\w-]*|"
                    r"[A-Z][A-Za-z]*\d[\w-]*)")


def coined_names(e):
    """Coined names: the title's part before ':' and mixed-case tokens of the abstract."""
    names = set()
    title = text_of(e.fields["title"], "clean")
    if ":" in title:
        head = title.split(":")[0].strip()
        if 2 <= len(head) <= 30 and " " not in head:
            names.add(head)
    names.update(m.group().rstrip("-") for m in COINED.finditer(text_of(e.fields["abstract"])))
    return sorted((n for n in names if len(n) >= 3), key=lambda n: (-len(n), n))  # longest first


def inj_title_colon(e, rng=None):
    """'PositionOCR: Augmenting' -> 'PositionOCR Augmenting'; span = the word before the colon.
    A digest-wide bug (as in the seed): applied to every title of a digest, never to one alone."""
    pcs = e.fields["title"]
    cands = plain_matches(pcs, re.compile(r"[^\s:]+(?=: )"))
    for i, m in reversed(cands):
        damage(pcs, i, m.start(), m.end() + 1, m.group(), rec("names", "title-colon"))
    return bool(cands)


def name_words(e, pred):
    pcs = e.fields["authors"]
    return [(i, m) for i, m in plain_matches(pcs, re.compile(r"[^\s,]+"), tag="name") if pred(m.group())]


def inj_author_case(e, rng):
    """'Qiao Jin' -> 'Qiao jin' (a capitalised surname loses its capital)."""
    pcs = e.fields["authors"]
    cands = [(i, m) for i, m in name_words(e, lambda w: re.fullmatch(r"[A-Z][a-z]{1,}", w) is not None)
             if m.end() == len(pcs[i].clean) and m.start() > 0]          # last word, not the only one
    if not cands:
        return False
    i, m = rng.choice(cands)
    w = m.group()
    damage(pcs, i, m.start(), m.end(), w[0].lower() + w[1:], rec("names", "author-case"))
    return True


def mojibake(w):
    try:
        return w.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return None


def inj_mojibake(e, rng):
    """'Jürgen' -> 'JÃ¼rgen' (UTF-8 bytes read as cp1252)."""
    cands = name_words(e, lambda w: any(ord(c) > 127 for c in w) and mojibake(w))
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(e.fields["authors"], i, m.start(), m.end(), mojibake(m.group()), rec("names", "mojibake"))
    return True


def inj_homoglyph(e, rng):
    """One Latin letter of an author's name becomes a Cyrillic/Greek look-alike."""
    cands = name_words(e, lambda w: w.isascii() and any(c in HOMOGLYPHS for c in w) and len(w) > 1)
    if not cands:
        return False
    i, m = rng.choice(cands)
    w = m.group()
    k = rng.choice([k for k, c in enumerate(w) if c in HOMOGLYPHS])
    damage(e.fields["authors"], i, m.start(), m.end(), w[:k] + HOMOGLYPHS[w[k]] + w[k + 1:],
           rec("names", "homoglyph"))
    return True


def inj_fused_word(e, rng):
    """'that SeedFlood' -> 'thatSeedFlood': a word fused with a coined name the abstract uses."""
    pcs = e.fields["abstract"]
    names = coined_names(e)
    if not names:
        return False
    alt = "|".join(re.escape(n) for n in names)
    cands = plain_matches(pcs, re.compile(r"\b([a-z]{2,}) (%s)\b" % alt))
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(pcs, i, m.start(), m.end(), m.group(1) + m.group(2), rec("names", "fused-word"))
    return True


# ---------------------------------------------------------------------------------------------
# Family: latex. TeX leftovers injected into abstracts; original = the rendered text.


def inj_textbf(e, rng, cmd="textbf"):
    """'PrediT' -> '\\textbf{PrediT}' (coined names first, else a long word)."""
    pcs = e.fields["abstract"]
    names = coined_names(e)
    pat = (r"\b(?:%s)\b" % "|".join(re.escape(n) for n in names)) if names and cmd == "textbf" \
        else r"\b[a-z]{6,}\b"
    cands = plain_matches(pcs, re.compile(pat))
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(pcs, i, m.start(), m.end(), "\\%s{%s}" % (cmd, m.group()), rec("latex", cmd))
    return True


def inj_emph(e, rng):
    """'significantly' -> '\\emph{significantly}'."""
    return inj_textbf(e, rng, "emph")


def inj_escaped_percent(e, rng):
    """'100%' -> '100\\%'."""
    pcs = e.fields["abstract"]
    cands = plain_matches(pcs, re.compile(r"(?<![\d.])\d+(?:\.\d+)?%"))
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(pcs, i, m.start(), m.end(), m.group()[:-1] + "\\%", rec("latex", "escaped-percent"))
    return True


SENTENCE_START = {"The", "We", "This", "Our", "In", "A", "An", "To", "For", "On", "It", "By",
                  "With", "These", "As", "At", "From", "Using", "However", "Finally", "Moreover"}


def inj_tilde(e, rng):
    """'Belle II' -> 'Belle~II' (a TeX tie left between a name and its number/acronym)."""
    pcs = e.fields["abstract"]
    cands = [(i, m) for i, m in plain_matches(
        pcs, re.compile(r"\b[A-Z][\w-]* (?:[IVX]+|\d[\d.]*|[A-Z]{2,}[A-Za-z0-9-]*)\b"))
        if m.group().split(" ")[0] not in SENTENCE_START]
    if not cands:
        return False
    i, m = rng.choice(cands)
    sp = m.group().index(" ")
    damage(pcs, i, m.start(), m.end(), m.group()[:sp] + "~" + m.group()[sp + 1:], rec("latex", "tilde"))
    return True


def inj_cite(e, rng):
    """' \\cite{chen2023graph}' inserted before a sentence-ending period; original ''."""
    pcs = e.fields["abstract"]
    cands = plain_matches(pcs, re.compile(r"(?<=[a-z]{3})\.(?= [A-Z])"))
    if not cands:
        return False
    i, m = rng.choice(cands)
    surname = rng.choice(["chen", "wang", "smith", "li", "zhang", "kumar", "garcia", "mueller"])
    key = "%s%d%s" % (surname, rng.randint(2015, 2025), rng.choice(["graph", "llm", "survey", "rl", ""]))
    damage(pcs, i, m.start(), m.start(), " \\cite{%s}" % key, rec("latex", "cite"))
    return True


def inj_texttt_unbalanced(e, rng):
    """'HistoricalMisinfo,' -> '\\texttt{HistoricalMisinfo,' (brace never closed)."""
    pcs = e.fields["abstract"]
    names = coined_names(e)
    cands = plain_matches(pcs, re.compile(r"\b(?:%s)," % "|".join(re.escape(n) for n in names))) \
        if names else []
    cands = cands or plain_matches(pcs, re.compile(r"\b[A-Z][A-Za-z0-9-]{2,},"))    # else a Name,
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(pcs, i, m.start(), m.end(), "\\texttt{" + m.group(), rec("latex", "texttt-unbalanced"))
    return True


def inj_tex_times(e, rng):
    """'6x speedup' -> '6$\\times$ speedup' (the TeX sign left unrendered); '6×' is accepted too."""
    pcs = e.fields["abstract"]
    cands = plain_matches(pcs, re.compile(r"(?<![\w.])\d+(?:\.\d+)?(x|×)(?= [a-z])"))
    if not cands:
        return False
    i, m = rng.choice(cands)
    tex = rng.choice(["$\\times$", "\\times"])
    damage(pcs, i, m.start(1), m.end(1), tex, dict(rec("latex", "times"), accept=["×"]))
    return True


def inj_math_delimiters(e, rng):
    """'on 3 datasets' -> 'on $3$ datasets': plain numbers wrapped in math delimiters."""
    pcs = e.fields["abstract"]
    cands = plain_matches(pcs, re.compile(r"(?<= )\d+(?:\.\d+)?(?= [a-z])"))
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(pcs, i, m.start(), m.end(), "$%s$" % m.group(), rec("latex", "math-delimiters"))
    return True


# ---------------------------------------------------------------------------------------------
# Family: structure. Each owns a whole line, so it needs that line still plain.


def replace_line(e, field, new, kind):
    e.fields[field] = [Piece(e.fields[field][0].clean, new, rec("structure", kind))]
    e.locked.add(field)


def inj_malformed_id(e, rng, digest_date):
    """'2602.19188v1' -> '2602.1918v1' (a digit dropped) or a digit doubled."""
    if not e.all_plain("url") or "url" in e.locked:
        return False
    url = e.fields["url"][0].clean
    k = url.index("/abs/") + 5 + 5 + rng.randrange(5)          # a digit of the 5-digit number
    new = url[:k] + url[k + 1:] if rng.random() < 0.7 else url[:k] + url[k] + url[k:]
    replace_line(e, "url", new, "malformed-id")
    return True


def date_ok(e):
    return e.all_plain("date") and "date" not in e.locked and not e.missing_authors


def inj_date_mismatch(e, rng, digest_date):
    """A date in an earlier month than the arXiv id's YYMM."""
    if not date_ok(e):
        return False
    d = parse_date(e.date)
    y, m = d.year, d.month - rng.randint(1, 3)
    while m < 1:
        y, m = y - 1, m + 12
    new = dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
    replace_line(e, "date", new.isoformat(), "date-mismatch")
    return True


def inj_future_date(e, rng, digest_date):
    """A date after the digest's own date."""
    if not date_ok(e):
        return False
    new = digest_date + dt.timedelta(days=rng.randint(1, 20))
    replace_line(e, "date", new.isoformat(), "future-date")
    return True


def inj_invalid_date(e, rng, digest_date):
    """A day that does not exist in that month ('2026-02-30'); year and month kept."""
    if not date_ok(e):
        return False
    d = parse_date(e.date)
    last = calendar.monthrange(d.year, d.month)[1]
    day = rng.randint(last + 1, 31) if last < 31 else rng.choice([32, 0])
    replace_line(e, "date", "%04d-%02d-%02d" % (d.year, d.month, day), "invalid-date")
    return True


def inj_missing_authors(e, rng, digest_date):
    """The 'Authors:' line (and its blank line) is gone; span = the date line now in its place."""
    if not (e.all_plain("authors") and date_ok(e)):
        return False
    e.missing_authors = rec("structure", "missing-authors")
    e.locked.update(("authors", "date"))
    return True


def inj_zero_width(e, rng, digest_date):
    """A zero-width space (U+200B) inside a title word; span = that word."""
    pcs = e.fields["title"]
    cands = plain_matches(pcs, re.compile(r"[A-Za-z]{4,}"))
    if not cands:
        return False
    i, m = rng.choice(cands)
    k = rng.randint(1, len(m.group()) - 1)
    damage(pcs, i, m.start(), m.end(), m.group()[:k] + "\u200b" + m.group()[k:],
           rec("structure", "zero-width"))
    return True


def inj_not_nfc(e, rng, digest_date):
    """An author name with accents written decomposed (NFD): 'José' -> 'Jose\\u0301'."""
    cands = name_words(e, lambda w: unicodedata.normalize("NFD", w) != w)
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(e.fields["authors"], i, m.start(), m.end(), unicodedata.normalize("NFD", m.group()),
           rec("structure", "not-nfc"))
    return True


INVISIBLE = ["\u200d", "\ufeff", "\u00ad", "\u2060", "\x07", "\x01"]


def inj_invisible(e, rng, digest_date):
    """Another invisible or control character inside an abstract word; span = that word."""
    pcs = e.fields["abstract"]
    cands = plain_matches(pcs, re.compile(r"[a-z]{6,}"))
    if not cands:
        return False
    i, m = rng.choice(cands)
    k = rng.randint(2, len(m.group()) - 2)
    damage(pcs, i, m.start(), m.end(), m.group()[:k] + rng.choice(INVISIBLE) + m.group()[k:],
           rec("structure", "invisible"))
    return True


# ---------------------------------------------------------------------------------------------
# Family: duplicates


def inj_repeated_word(e, rng):
    """'the' -> 'the the'; span = the inserted ' the' (original '')."""
    pcs = e.fields["abstract"]
    cands = plain_matches(pcs, re.compile(r"\b(?:the|of|to|and|a|in|is|that|for|with|we)\b(?= )"))
    if not cands:
        cands = plain_matches(pcs, re.compile(r"\b[a-z]{3,}\b(?= )"))
    if not cands:
        return False
    i, m = rng.choice(cands)
    damage(pcs, i, m.end(), m.end(), " " + m.group(), rec("duplicates", "repeated-word"))
    return True


def inj_repeated_author(e, rng):
    """'A, B, C' -> 'A, B, B, C'; span = the inserted ', B' (original '')."""
    pcs = e.fields["authors"]
    names = [i for i, p in enumerate(pcs) if p.tag == "name"]
    cands = [i for i in names if pcs[i].plain and pcs[i - 1].clean in ("Authors: ", ", ")
             and (i + 1 == len(pcs) or pcs[i + 1].clean == ", ")]
    if len(names) < 2 or not cands or "authors" in e.locked:
        return False
    i = rng.choice(cands)
    p = pcs[i]
    damage(pcs, i, len(p.clean), len(p.clean), ", " + p.clean, rec("duplicates", "repeated-author"))
    return True


SYNONYMS = {"propose": "present", "present": "propose", "method": "approach", "approach": "method",
            "novel": "new", "significantly": "substantially", "substantially": "significantly",
            "results": "findings", "improves": "enhances", "show": "demonstrate",
            "demonstrate": "show", "existing": "prior", "framework": "system", "tasks": "problems",
            "models": "systems", "large": "big", "use": "employ", "achieves": "attains",
            "performance": "accuracy", "study": "work", "paper": "work", "effective": "efficient"}


def make_copy(src, rng, kind, spare=None):
    """A spurious entry built from `src` (and, for same-title/near-abstract, a spare paper)."""
    if kind == "same-id":
        cp = copy.deepcopy(src)
        if rng.random() < 0.5:                          # same id, next version
            cp.fields["url"] = [Piece(text_of(cp.fields["url"]).replace("v1", "v2"))]
        field = "url"
    elif kind == "same-title":
        cp = copy.deepcopy(spare)
        cp.fields["title"] = copy.deepcopy(src.fields["title"])
        field = "title"
    else:                                               # near-abstract: a few words changed
        cp = copy.deepcopy(spare)
        cp.fields["abstract"] = copy.deepcopy(src.fields["abstract"])
        pcs = cp.fields["abstract"]
        cands = plain_matches(pcs, re.compile(r"\b(%s)\b" % "|".join(SYNONYMS)))
        if len(cands) < 2:
            return None
        picks = rng.sample(cands, min(len(cands), rng.randint(2, 4)))
        for i, m in sorted(picks, key=lambda x: (x[0], x[1].start()), reverse=True):
            p = pcs[i]
            p.clean = p.damaged = p.clean[:m.start()] + SYNONYMS[m.group()] + p.clean[m.end():]
        field = "abstract"
    cp.inserted = rec("duplicates", kind, field=field)
    return cp


# ---------------------------------------------------------------------------------------------
# Applying families


INJECTORS = {
    "numbers": [("multiplier", inj_multiplier, 3), ("quantity", inj_quantity, 3),
                ("unit", inj_unit, 1), ("count", inj_count, 1), ("math", inj_math, 2)],
    "names": [("author-case", inj_author_case, 2),
              ("mojibake", inj_mojibake, 2), ("homoglyph", inj_homoglyph, 2),
              ("fused-word", inj_fused_word, 2)],
    "latex": [("textbf", inj_textbf, 2), ("emph", inj_emph, 1), ("escaped-percent", inj_escaped_percent, 2),
              ("tilde", inj_tilde, 1), ("cite", inj_cite, 1),
              ("texttt-unbalanced", inj_texttt_unbalanced, 1), ("times", inj_tex_times, 1),
              ("math-delimiters", inj_math_delimiters, 1)],
    "structure": [("malformed-id", inj_malformed_id, 1), ("date-mismatch", inj_date_mismatch, 1),
                  ("future-date", inj_future_date, 1), ("invalid-date", inj_invalid_date, 1),
                  ("missing-authors", inj_missing_authors, 1), ("zero-width", inj_zero_width, 1),
                  ("not-nfc", inj_not_nfc, 1), ("invisible", inj_invisible, 1)],
    "duplicates": [("repeated-word", inj_repeated_word, 3), ("repeated-author", inj_repeated_author, 2)],
}


COLON_LOSS_RATE = 0.5     # share of digests whose titles all lost their colons


def apply_family(family, entries, rng, digest_date):
    """Damage a random 20-30% of the entries; each gets one kind that applies to it, kinds being
    tried in a weighted random order so that they spread over the digest."""
    n = max(1, round(len(entries) * rng.uniform(0.2, 0.3)))
    done = 0
    if family == "numbers":       # kind first, then an entry that has it: rare kinds get measured
        kinds = list(INJECTORS[family])
        free = rng.sample(range(len(entries)), len(entries))
        while done < n and kinds and free:
            k = rng.choices(kinds, [w for _, _, w in kinds])[0]
            for t in free:
                if k[1](entries[t], rng):
                    free.remove(t)
                    done += 1
                    break
            else:
                kinds.remove(k)
        return
    for t in rng.sample(range(len(entries)), len(entries)):   # entries in random order until n hit
        if done >= n:
            break
        e = entries[t]
        kinds = list(INJECTORS[family])
        order = []
        while kinds:
            k = rng.choices(kinds, [w for _, _, w in kinds])[0]
            kinds.remove(k)
            order.append(k)
        for _name, fn, _w in order:
            ok = fn(e, rng, digest_date) if family == "structure" else fn(e, rng)
            if ok:
                done += 1
                break


def insert_duplicates(entries, spares, rng):
    """Spurious entries (at most one per kind): same id (v1 or v2), same title under another id,
    a near-identical abstract under another paper. Placed 1-5 entries after their source."""
    kinds = ["same-id", "same-title", "near-abstract"]
    rng.shuffle(kinds)
    for kind in kinds:
        if rng.random() < 0.25:
            continue
        spare = spares.pop() if kind != "same-id" and spares else None
        if kind != "same-id" and spare is None:
            continue
        srcs = [k for k, e in enumerate(entries) if not e.inserted and not e.locked]
        k = rng.choice(srcs)
        cp = make_copy(entries[k], rng, kind, spare)
        if cp is None:
            continue
        entries.insert(min(len(entries), k + rng.randint(1, 5)), cp)


# ---------------------------------------------------------------------------------------------
# Rendering: damaged and clean text at once, and truth records with byte offsets.


class Renderer:
    def __init__(self):
        self.d, self.c = bytearray(), bytearray()
        self.records = []
        self.fields = []        # (entry number, field, start, end) of every field line

    def emit(self, piece, entry_no, field, inserted):
        start = len(self.d)
        self.d += piece.damaged.encode("utf-8")
        if not inserted:
            self.c += piece.clean.encode("utf-8")
        if piece.rec is not None:
            r = dict(piece.rec)
            r.update(entry=entry_no, field=field, start=start, end=len(self.d),
                     damaged=piece.damaged, original=piece.clean)
            self.records.append(r)
        return start, len(self.d)

    def plain(self, text, inserted=False, entry_no=None, field=None):
        return self.emit(Piece(text), entry_no, field, inserted)


def render(digest_date, entries):
    r = Renderer()
    r.plain(digest_date.isoformat() + "\n\nTable of Contents\n\n")
    for no, e in enumerate(entries, 1):
        ins = e.inserted is not None
        block_start = len(r.d)
        if no > 1:
            r.plain("\n\n", ins)
        spans = {}
        for field in ("title", "authors", "date", "url", "abstract"):
            if field == "authors" and e.missing_authors:
                continue
            if field != "title":
                r.plain("\n\n", ins)
            if field == "date" and e.missing_authors:
                clean = text_of(e.fields["authors"], "clean") + "\n\n" + e.date
                spans[field] = r.emit(Piece(clean, e.date, e.missing_authors), no, "authors", ins)
                r.fields.append((no, "date", spans[field][0], spans[field][1]))
                continue
            start = len(r.d)
            for p in e.fields[field]:
                r.emit(p, no, field, ins)
            spans[field] = (start, len(r.d))
            r.fields.append((no, field, start, len(r.d)))
        if ins:
            s, t = spans[e.inserted["field"]]
            rec_ = dict(e.inserted)
            rec_.update(entry=no, start=s, end=t, damaged=r.d[s:t].decode("utf-8"), original="",
                        block={"start": block_start, "end": len(r.d), "original": ""})
            r.records.append(rec_)
    return bytes(r.d), bytes(r.c), r.records, r.fields


def genuine_uses(damaged, records, placeholder, fields):
    """Tokens containing the placeholder that no record covers (genuine uses): kind 'word' when
    the token is the placeholder itself (or +s/es, any case), 'substring' otherwise ('keyword')."""
    if not placeholder:
        return []
    covered = [(rr["start"], rr["end"]) for rr in records if "block" not in rr]
    out = []
    for no, field, fs, fe in fields:
        line = damaged[fs:fe].decode("utf-8")
        for m in TOKEN.finditer(line):
            low = m.group().lower()
            if placeholder not in low:
                continue
            s = fs + len(line[:m.start()].encode("utf-8"))
            t = s + len(m.group().encode("utf-8"))
            if any(a < t and s < b for a, b in covered):
                continue
            kind = "word" if low in (placeholder, placeholder + "s", placeholder + "es") else "substring"
            out.append({"entry": no, "field": field, "start": s, "end": t, "text": m.group(), "kind": kind})
    return out


# ---------------------------------------------------------------------------------------------


def build_digest(papers, by_date, dates, cands, seed, index, m, families, placeholders=None):
    rng = random.Random("digestlint-eval:%d:%d" % (seed, index))
    placeholder = rng.choice(PLACEHOLDERS) if "terms" in families else None
    if placeholder and placeholders:      # given in turn: every placeholder gets its share of digests
        placeholder = placeholders[index % len(placeholders)]
    picked, spares = sample_papers(papers, by_date, dates, rng, m, placeholder, extra=2)
    entries = [Entry(p, entry_date(p, rng).isoformat()) for p in picked]
    entries.sort(key=lambda e: (e.date, e.id), reverse=True)
    spare_entries = [Entry(p, entry_date(p, rng).isoformat()) for p in spares]
    digest_date = max(parse_date(e.date) for e in entries) + dt.timedelta(days=rng.randint(1, 2))
    keywords = []
    if "terms" in families:
        keywords = choose_keywords(cands, [p["abstract"] for p in picked], placeholder, rng)
        for e in entries + spare_entries:
            apply_terms(e, keywords, placeholder)
    colon_loss = "names" in families and rng.random() < COLON_LOSS_RATE
    if colon_loss:                # every title of this digest loses its colon(s)
        for e in entries + spare_entries:
            inj_title_colon(e)
    for fam in ("structure", "names", "numbers", "latex", "duplicates"):
        if fam in families:
            apply_family(fam, entries, rng, digest_date)
    if "duplicates" in families:
        insert_duplicates(entries, spare_entries, rng)
    damaged, clean, records, fields = render(digest_date, entries)
    records.sort(key=lambda r: (r["start"], r["end"]))
    meta = {
        "seed": seed, "index": index, "digest_date": digest_date.isoformat(),
        "entries": len(entries), "clean_entries": sum(1 for e in entries if not e.inserted),
        "families": [FAMILY_NAME[f] for f in families], "placeholder": placeholder,
        "keywords": keywords, "colon_loss": colon_loss, "genuine": genuine_uses(damaged, records, placeholder, fields),
    }
    return damaged, clean, records, meta


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="clean abstracts, JSONL")
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--digests", type=int, default=5)
    ap.add_argument("--entries", type=int, default=50)
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--placeholders", help="comma-separated placeholder words, one per digest in turn "
                                           "(default: drawn at random from %s)" % ",".join(PLACEHOLDERS))
    ap.add_argument("--split", help="K/N: only papers whose arXiv id hashes (md5) to K modulo N, the "
                                    "part that rules/data statistics leave out (build_*_lexicon.py --skip)")
    a = ap.parse_args(argv)
    families = [f.strip() for f in a.families.split(",") if f.strip()]
    bad = [f for f in families if f not in FAMILIES]
    if bad:
        ap.error("unknown families: %s (known: %s)" % (", ".join(bad), ", ".join(FAMILIES)))
    placeholders = [w.strip() for w in (a.placeholders or "").split(",") if w.strip()]
    if any(not re.fullmatch(r"[a-z]+", w) for w in placeholders):
        ap.error("--placeholders: lower-case words only")
    papers = load_corpus(a.corpus)
    if a.split:
        k, n = (int(x) for x in a.split.split("/"))
        papers = [p for p in papers if int(hashlib.md5(p["id"].encode()).hexdigest(), 16) % n == k]
    by_date = collections.defaultdict(list)
    for p in sorted(papers, key=lambda p: p["id"]):
        by_date[p["published"]].append(p)
    dates = sorted(by_date)
    cands = keyword_candidates(papers)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.digests):
        damaged, clean, records, meta = build_digest(papers, by_date, dates, cands, a.seed, i,
                                                     a.entries, families, placeholders)
        base = os.path.join(a.out, "digest_%d" % i)
        with open(base + ".txt", "wb") as f:
            f.write(damaged)
        with open(base + ".clean.txt", "wb") as f:
            f.write(clean)
        with open(base + ".truth.jsonl", "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        with open(base + ".meta.json", "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False, indent=1)
            f.write("\n")
        counts = collections.Counter(r["family"] for r in records)
        print("%s.txt: %d entries, placeholder %r, %s" % (
            base, meta["entries"], meta["placeholder"],
            ", ".join("%s %d" % kv for kv in sorted(counts.items()))), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
