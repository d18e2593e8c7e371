#!/usr/bin/env python3
"""Score digestlint against ground truth.

  python3 eval/score.py --bin BIN --dir DIR [--json-out FILE]
  python3 eval/score.py --bin BIN --seed-truth eval/seed_truth.jsonl --seed-file SEED.txt
        [--seed-meta eval/seed_meta.json] [--json-out FILE]

DIR holds what gen_digest.py writes (digest_i.txt, .clean.txt, .truth.jsonl, .meta.json). For every
digest the tool runs as `BIN check --format json FILE` on the damaged file and on its clean twin.

Matching. A diagnostic matches a truth record when its category equals the record's family (the
'unicode' category counts as 'structure') and its byte range overlaps the record's range (a
zero-width range overlaps what contains it); for duplicate, structure and title-colon records a
diagnostic on the same entry and field, or on the same entry with no field, also matches.
Records marked "doubtful" (seed annotation only) count neither in recall nor against precision.
The seed annotation may also carry "accept" (other acceptable originals) and "note".

Fix correctness. The best fix (fixes[0]) of a matching diagnostic is applied to the damaged bytes;
it is correct when the text around the record then equals the original text. The window compared is
the record's span grown by the fix's edits that touch it and by the other records of the same
family those edits overlap, all restored: so 'key key' -> 'KV cache' as one edit is correct for both
records. A record with a "block" (an inserted duplicate entry) is also fixed by deleting the block.
A record whose original is null (unrecoverable, seed only) is left out of fix accuracy.

Exit status: 0, or 2 when the binary failed (exit status 2, a crash, or output that is not JSON).
"""
import argparse
import glob
import itertools
import json
import os
import re
import subprocess
import sys

FAMILIES = ["corrupted-term", "missing-number", "broken-name", "duplicate", "latex", "structure"]
ENTRY_LEVEL = {"duplicate", "structure"}           # families matched by entry + field as well
CATEGORY_FAMILY = {"unicode": "structure"}         # invisible/control characters, NFC: structure damage


def family_of(category):
    return CATEGORY_FAMILY.get(category, category)
BINS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0001)]
# the finer calibration report of corrupted-term confidences (accuracy of the best fix per bin)
FINE_EDGES = [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001]


# ---------------------------------------------------------------------------------------------
# Loading


class Rec:
    """A truth record (see gen_digest.py for the format)."""

    def __init__(self, d, idx):
        self.__dict__.update(d)
        self.idx = idx
        self.doubtful = bool(d.get("doubtful"))
        self.accept = d.get("accept", [])
        self.block = d.get("block")
        self.original = d.get("original")

    def options(self):
        return [] if self.original is None else [self.original] + list(self.accept)


class Diag:
    def __init__(self, d):
        rng = d.get("range") or {}
        self.category = d.get("category")
        self.rule = d.get("rule")
        self.entry = d.get("entry")
        self.field = d.get("field")
        self.start = (rng.get("start") or {}).get("offset")
        self.end = (rng.get("end") or {}).get("offset")
        self.fixes = d.get("fixes") or []
        self.raw = d

    @property
    def valid(self):
        return isinstance(self.start, int) and isinstance(self.end, int) and self.start <= self.end

    def best_fix(self):
        return self.fixes[0] if self.fixes else None


def load_truth(path):
    with open(path, encoding="utf-8") as f:
        return [Rec(json.loads(line), i) for i, line in enumerate(f) if line.strip()]


def run_tool(binary, path, errors):
    """The report's diagnostics for `path`, or None (after noting the error) when the tool failed."""
    try:
        p = subprocess.run([binary, "check", "--format", "json", path], capture_output=True,
                           timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        errors.append("%s: cannot run %s: %s" % (path, binary, exc))
        return None
    if p.returncode not in (0, 1):
        msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
        errors.append("%s: exit %d%s" % (path, p.returncode, (": " + msg[0]) if msg else ""))
        return None
    try:
        report = json.loads(p.stdout.decode("utf-8"))
        files = report["files"]
        diags = [Diag(d) for f in files for d in f.get("diagnostics", [])]
        entries = files[0].get("entries") if files else None
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        errors.append("%s: unreadable JSON report: %s" % (path, exc))
        return None
    return [d for d in diags if d.valid], entries


# ---------------------------------------------------------------------------------------------
# Matching and fix checking


def overlaps(a0, a1, b0, b1):
    if a0 == a1:
        return b0 <= a0 <= b1
    if b0 == b1:
        return a0 <= b0 <= a1
    return a0 < b1 and b0 < a1


def matches(d, r):
    if family_of(d.category) != r.family:
        return False
    if overlaps(d.start, d.end, r.start, r.end):
        return True
    entry_level = r.family in ENTRY_LEVEL or r.kind == "title-colon"
    # a finding about the whole entry (no field: 'entry 7 has no authors field') matches too
    return entry_level and d.entry == r.entry and (d.field == r.field or d.field is None)


def nested(q, r):
    """Record q lies inside the block (inserted entry) of record r."""
    return bool(r.block) and r.block["start"] <= q.start and q.end <= r.block["end"]


def apply_edits(data, edits, base=0):
    out, pos = bytearray(), 0
    for e in sorted(edits, key=lambda e: (e["start"], e["end"])):
        s, t = e["start"] - base, e["end"] - base
        if s < pos:
            return None                                  # overlapping edits: invalid fix
        out += data[pos:s] + e.get("replacement", "").encode("utf-8")
        pos = t
    return bytes(out + data[pos:])


def fix_correct(data, fix, r, family_recs):
    """True/False: the fix restores record r (see the module doc); None when not evaluable."""
    try:
        edits = [e for e in fix.get("edits", [])
                 if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]
    except AttributeError:
        return False
    if not edits:
        return False
    if r.block:                 # an inserted entry is fixed only by deleting all of it
        variants = [(r.block["start"], r.block["end"], [r.block.get("original", "")], r.block)]
    else:
        variants = [(r.start, r.end, r.options(), None)]
    evaluable = False
    for s0, e0, opts, block in variants:
        if not opts:
            continue
        lo, hi, used, inc, seen = s0, e0, [], [(s0, e0, opts)], {r.idx}
        changed = True
        while changed:                  # grow the window: touching edits, then overlapped records
            changed = False
            for e in edits:
                if all(e is not u for u in used) and e["start"] <= hi and e["end"] >= lo:
                    used.append(e)
                    lo, hi, changed = min(lo, e["start"]), max(hi, e["end"]), True
            for q in family_recs:
                if q.idx in seen or nested(q, r) or nested(r, q):
                    continue              # already in, or a copy's record inside an inserted entry
                inside = q.start < hi and q.end > lo if q.start < q.end else lo < q.start < hi
                if inside:
                    seen.add(q.idx)
                    inc.append((q.start, q.end, q.options()))
                    lo, hi, changed = min(lo, q.start), max(hi, q.end), True
        if any(not o for _, _, o in inc):
            continue                                      # an original is unknown
        evaluable = True
        fixed = apply_edits(data[lo:hi], used, lo)
        if fixed is None:
            return False
        inc.sort(key=lambda x: x[0])
        for combo in itertools.islice(itertools.product(*[o for _, _, o in inc]), 256):
            out, pos = bytearray(), lo
            for (a, b, _), text in zip(inc, combo):
                if a < pos:
                    break
                out += data[pos:a] + text.encode("utf-8")
                pos = b
            else:
                if bytes(out + data[pos:hi]) == fixed:
                    return True
    return False if evaluable else None


# ---------------------------------------------------------------------------------------------
# Accumulating figures


def new_fam():
    return {"truth": 0, "found": 0, "found_any_category": 0, "diagnostics": 0, "matched": 0,
            "doubtful": 0, "ignored_diagnostics": 0, "fix_offered": 0, "fix_evaluable": 0,
            "fix_correct": 0, "clean_diagnostics": 0}


class Score:
    def __init__(self, list_family=None):
        self.list_family = list_family     # --list: misses, unmatched findings, clean alarms of this family
        self.fam = {f: new_fam() for f in FAMILIES}
        self.kinds = {}
        self.placeholders = {}
        self.calib = [[0, 0] for _ in BINS]
        self.pairs = []                    # corrupted-term best fixes: (confidence, correct)
        self.log = []                      # corrupted-term misses, false alarms, wrong fixes (--verbose)
        self.safe = [0, 0]                 # safe best fixes: correct, total
        self.genuine = {"word": [0, 0], "substring": [0, 0]}
        self.other = {}                    # category -> [damaged, clean] counts
        self.entries = self.clean_entries = self.digests = 0
        self.has_clean = False
        self.errors = []

    def ph(self, name):
        return self.placeholders.setdefault(name or "-", {
            "truth": 0, "found": 0, "diagnostics": 0, "matched": 0, "top1": 0, "top1_evaluable": 0,
            "safe_correct": 0, "safe_total": 0, "genuine_word": 0, "genuine_word_flagged": 0})

    def add(self, data, recs, diags, meta, clean_diags, entries, clean_entries, clean_data=None):
        self.digests += 1
        self.entries += entries or 0
        placeholder = (meta or {}).get("placeholder")
        by_fam = {f: [r for r in recs if r.family == f] for f in FAMILIES}
        ph = self.ph(placeholder)
        # records: recall and fix accuracy
        for r in recs:
            if r.family not in self.fam:
                continue
            F = self.fam[r.family]
            if r.doubtful:
                F["doubtful"] += 1
                continue
            K = self.kinds.setdefault((r.family, r.kind), {"truth": 0, "found": 0, "fix_correct": 0})
            F["truth"] += 1
            K["truth"] += 1
            ms = [d for d in diags if matches(d, r)]
            if any(overlaps(d.start, d.end, r.start, r.end) for d in diags):
                F["found_any_category"] += 1
            if not ms and r.family == self.list_family:
                self.note(data, "MISS", r.start, r.end, meta, "%s %r <- %r" % (r.kind, r.damaged, r.original))
            if r.family == "corrupted-term":
                ph["truth"] += 1
                if not ms:
                    self.note(data, "MISS", r.start, r.end, meta, "original=%r" % r.original)
            if not ms:
                continue
            F["found"] += 1
            K["found"] += 1
            withfix = [d for d in ms if d.fixes]
            if r.family == "corrupted-term":
                ph["found"] += 1
            if not withfix:
                continue
            F["fix_offered"] += 1
            verdicts = [fix_correct(data, d.best_fix(), r, by_fam[r.family]) for d in withfix]
            if all(v is None for v in verdicts):
                continue
            F["fix_evaluable"] += 1
            ok = any(v for v in verdicts)
            F["fix_correct"] += ok
            K["fix_correct"] += ok
            if r.family == "corrupted-term":
                ph["top1_evaluable"] += 1
                ph["top1"] += ok
        # diagnostics: precision, and for corrupted-term safe fixes and calibration
        for d in diags:
            fam = family_of(d.category)
            if fam not in self.fam:
                self.other.setdefault(d.category, [0, 0])[0] += 1
                continue
            F = self.fam[fam]
            hit = [r for r in by_fam[fam] if matches(d, r)]
            if hit and all(r.doubtful for r in hit):
                F["ignored_diagnostics"] += 1
                continue
            F["diagnostics"] += 1
            F["matched"] += bool(hit)
            if not hit and fam == self.list_family:
                self.note(data, "UNMATCHED", d.start, d.end, meta, "%s %r" % (d.rule, data[d.start:d.end].decode("utf-8", "replace")))
            if d.category != "corrupted-term":
                continue
            ph["diagnostics"] += 1
            ph["matched"] += bool(hit)
            fix = d.best_fix()
            if not fix:
                continue
            real = [r for r in hit if not r.doubtful]
            verdicts = [fix_correct(data, fix, r, by_fam[d.category]) for r in real]
            if real and all(v is None for v in verdicts):
                continue
            correct = bool(real) and all(v is not False for v in verdicts)
            conf = fix.get("confidence")
            if not correct:
                self.note(data, "FALSE-ALARM" if not real else "WRONG-FIX", d.start, d.end, meta,
                          "fix=%r (%s, %s)%s" % (fix["edits"][0].get("replacement") if fix.get("edits") else None,
                                                 fix.get("applicability"), conf,
                                                 "" if not real else " original=%r" % real[0].original))
            if isinstance(conf, (int, float)):
                self.pairs.append((conf, int(correct), fix.get("applicability") == "safe"))
                for k, (a, b) in enumerate(BINS):
                    if a <= conf < b:
                        self.calib[k][0] += 1
                        self.calib[k][1] += correct
            if fix.get("applicability") == "safe":
                self.safe[1] += 1
                self.safe[0] += correct
                ph["safe_total"] += 1
                ph["safe_correct"] += correct
        # genuine uses of the placeholder that a corrupted-term diagnostic flags
        terms = [d for d in diags if d.category == "corrupted-term"]
        for g in (meta or {}).get("genuine", []):
            if g.get("doubtful"):
                continue
            flagged = any(overlaps(d.start, d.end, g["start"], g["end"]) for d in terms)
            kind = g.get("kind", "word")
            self.genuine.setdefault(kind, [0, 0])
            self.genuine[kind][0] += flagged
            self.genuine[kind][1] += 1
            if kind == "word":
                ph["genuine_word"] += 1
                ph["genuine_word_flagged"] += flagged
        # the clean twin: every diagnostic is a false alarm (latex: TeX the authors wrote)
        if clean_diags is not None:
            self.has_clean = True
            self.clean_entries += clean_entries or 0
            for d in clean_diags:
                if family_of(d.category) == self.list_family and clean_data is not None:
                    self.note(clean_data, "CLEAN-ALARM", d.start, d.end, meta,
                              "%s %r" % (d.rule, clean_data[d.start:d.end].decode("utf-8", "replace")))
                if family_of(d.category) in self.fam:
                    self.fam[family_of(d.category)]["clean_diagnostics"] += 1
                else:
                    self.other.setdefault(d.category, [0, 0])[1] += 1

    def fine_calibration(self):
        out = []
        for a, b in zip(FINE_EDGES, FINE_EDGES[1:]):
            xs = [c for p, c, _ in self.pairs if a <= p < b]
            if xs:
                out.append({"bin": "[%g,%g)" % (a, min(b, 1)) if b < 1 else "[%g,1]" % a,
                            "count": len(xs), "accuracy": round(sum(xs) / len(xs), 4)})
        return out

    def note(self, data, what, start, end, meta, extra):
        ctx = data[max(0, start - 40):end + 40].decode("utf-8", "replace").replace("\n", " ")
        self.log.append("%-11s [%s] %s | %s" % (what, (meta or {}).get("placeholder"), extra, ctx))

    # -----------------------------------------------------------------------------------------

    def figures(self):
        def ratio(a, b):
            return None if not b else round(a / b, 4)

        fams = {}
        for f, F in self.fam.items():
            x = dict(F)
            x["recall"] = ratio(F["found"], F["truth"])
            x["recall_any_category"] = ratio(F["found_any_category"], F["truth"])
            x["precision"] = ratio(F["matched"], F["diagnostics"])
            x["fix_accuracy"] = ratio(F["fix_correct"], F["fix_evaluable"])
            per100 = None if not self.has_clean or not self.clean_entries else \
                round(100.0 * F["clean_diagnostics"] / self.clean_entries, 2)
            x["tex_in_real_abstracts_per_100" if f == "latex" else "clean_false_alarms_per_100"] = per100
            fams[f] = x
        phs = {}
        for name, P in self.placeholders.items():
            if not P["truth"] and not P["diagnostics"]:
                continue
            phs[name] = dict(P, recall=ratio(P["found"], P["truth"]),
                             precision=ratio(P["matched"], P["diagnostics"]),
                             top1_accuracy=ratio(P["top1"], P["top1_evaluable"]),
                             safe_fix_precision=ratio(P["safe_correct"], P["safe_total"]),
                             genuine_false_flags=ratio(P["genuine_word_flagged"], P["genuine_word"]))
        return {
            "digests": self.digests, "entries": self.entries, "clean_entries": self.clean_entries,
            "families": fams,
            "kinds": {"%s/%s" % k: dict(v, recall=ratio(v["found"], v["truth"]))
                      for k, v in sorted(self.kinds.items())},
            "corrupted_term": {
                "by_placeholder": phs,
                "safe_fix_precision": ratio(*self.safe), "safe_fixes": self.safe[1],
                "calibration": [{"bin": "[%g,%g)" % (a, min(b, 1)) if b < 1 else "[%g,1]" % a,
                                 "count": n, "accuracy": ratio(c, n)}
                                for (a, b), (n, c) in zip(BINS, self.calib)],
                "calibration_fine": self.fine_calibration(),
                "confident": {"count": len([1 for p, _, _ in self.pairs if p >= 0.9]),
                              "accuracy": ratio(sum(c for p, c, _ in self.pairs if p >= 0.9),
                                                len([1 for p, _, _ in self.pairs if p >= 0.9]))},
                "genuine_false_flags": {k: {"flagged": a, "total": b, "rate": ratio(a, b)}
                                        for k, (a, b) in self.genuine.items()},
            },
            "other_categories": {k: {"damaged": a, "clean": b} for k, (a, b) in sorted(self.other.items())},
            "errors": self.errors,
        }


# ---------------------------------------------------------------------------------------------
# Printing


def pct(x):
    return "-" if x is None else "%.0f%%" % (100 * x)


def print_table(title, fig, out=sys.stdout):
    p = lambda *a: print(*a, file=out)
    p("== %s: %d digest(s), %d entries" % (title, fig["digests"], fig["entries"]))
    p("%-15s %5s %5s %6s %5s %5s %6s %5s %5s %6s %9s" % (
        "family", "truth", "found", "recall", "diags", "match", "prec", "fixes", "right", "fixacc",
        "clean/100"))
    for f, x in fig["families"].items():
        per100 = x.get("clean_false_alarms_per_100", x.get("tex_in_real_abstracts_per_100"))
        p("%-15s %5d %5d %6s %5d %5d %6s %5d %5d %6s %9s%s" % (
            f, x["truth"], x["found"], pct(x["recall"]), x["diagnostics"], x["matched"],
            pct(x["precision"]), x["fix_offered"], x["fix_correct"], pct(x["fix_accuracy"]),
            "-" if per100 is None else "%.1f" % per100,
            "  (tex in real abstracts)" if f == "latex" and per100 is not None else ""))
    p("   recall in any category: " + ", ".join(
        "%s %s" % (f, pct(x["recall_any_category"])) for f, x in fig["families"].items()))
    p("-- by kind (truth found recall right)")
    line = []
    for k, v in fig["kinds"].items():
        line.append("%s %d/%d %s %d" % (k, v["found"], v["truth"], pct(v["recall"]), v["fix_correct"]))
    for k in range(0, len(line), 3):
        p("   " + " | ".join(line[k:k + 3]))
    ct = fig["corrupted_term"]
    p("-- corrupted-term by placeholder")
    p("   %-8s %5s %6s %6s %6s %9s %6s %8s %6s" % (
        "word", "truth", "recall", "prec", "top1", "safe-prec", "safe-n", "genuine", "flag"))
    for name, P in sorted(ct["by_placeholder"].items()):
        p("   %-8s %5d %6s %6s %6s %9s %6d %8d %6s" % (
            name, P["truth"], pct(P["recall"]), pct(P["precision"]), pct(P["top1_accuracy"]),
            pct(P["safe_fix_precision"]), P["safe_total"], P["genuine_word"], pct(P["genuine_false_flags"])))
    p("   safe-fix precision %s over %d; calibration: %s" % (
        pct(ct["safe_fix_precision"]), ct["safe_fixes"],
        "  ".join("%s n=%d acc=%s" % (c["bin"], c["count"], pct(c["accuracy"]))
                  for c in ct["calibration"])))
    p("   confidence >= 0.9: %d fixes, %s right; finer: %s" % (
        ct["confident"]["count"], pct(ct["confident"]["accuracy"]),
        "  ".join("%s %d %s" % (c["bin"], c["count"], pct(c["accuracy"])) for c in ct["calibration_fine"])))
    g = ct["genuine_false_flags"]
    p("   genuine placeholder uses flagged: words %s (%d/%d), inside other words %s (%d/%d)" % (
        pct(g["word"]["rate"]), g["word"]["flagged"], g["word"]["total"],
        pct(g["substring"]["rate"]), g["substring"]["flagged"], g["substring"]["total"]))
    if fig["other_categories"]:
        p("-- other categories (damaged/clean): " + ", ".join(
            "%s %d/%d" % (k, v["damaged"], v["clean"]) for k, v in fig["other_categories"].items()))
    for e in fig["errors"]:
        p("!! " + e)


# ---------------------------------------------------------------------------------------------


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def read_json(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def digest_paths(d):
    paths = [p for p in glob.glob(os.path.join(d, "digest_*.txt")) if not p.endswith(".clean.txt")]
    key = lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", os.path.basename(p))]
    return sorted(paths, key=key)


def score_dir(binary, d, list_family=None):
    S = Score(list_family)
    for path in digest_paths(d):
        base = path[:-4]
        recs = load_truth(base + ".truth.jsonl")
        meta = read_json(base + ".meta.json")
        got = run_tool(binary, path, S.errors)
        twin = base + ".clean.txt"
        clean = run_tool(binary, twin, S.errors) if os.path.exists(twin) else None
        if got is None:
            continue
        diags, entries = got
        S.add(read_bytes(path), recs, diags, meta, clean[0] if clean else None,
              entries if entries is not None else meta.get("entries"),
              (clean[1] if clean and clean[1] is not None else meta.get("clean_entries")),
              read_bytes(twin) if clean else None)
    return S


def score_seed(binary, truth, seed_file, meta_path, list_family=None):
    S = Score(list_family)
    recs = load_truth(truth)
    meta = read_json(meta_path)
    got = run_tool(binary, seed_file, S.errors)
    if got is not None:
        diags, entries = got
        S.add(read_bytes(seed_file), recs, diags, meta, None,
              entries if entries is not None else meta.get("entries"), None)
    return S


def main(argv=None):
    ap = argparse.ArgumentParser(description="Score digestlint against ground truth.")
    ap.add_argument("--bin", required=True, help="the digestlint executable")
    ap.add_argument("--dir", help="generated digests (gen_digest.py --out)")
    ap.add_argument("--seed-truth", help="hand annotation of the seed digest (JSONL)")
    ap.add_argument("--seed-file", help="the seed digest the annotation refers to")
    ap.add_argument("--seed-meta", help="placeholder and genuine uses in the seed "
                                        "(default: seed_meta.json beside --seed-truth)")
    ap.add_argument("--json-out", help="write all figures here as JSON")
    ap.add_argument("--pairs", help="write (confidence, correct) of every corrupted-term best fix here "
                                    "(input of eval/calibrate.py)")
    ap.add_argument("--verbose", action="store_true",
                    help="list every corrupted-term miss, false alarm and wrong best fix")
    ap.add_argument("--list", metavar="FAMILY",
                    help="list every miss (with its kind), unmatched finding and clean-twin alarm of FAMILY")
    a = ap.parse_args(argv)
    if not a.dir and not a.seed_truth:
        ap.error("give --dir and/or --seed-truth with --seed-file")
    if a.seed_truth and not a.seed_file:
        ap.error("--seed-truth needs --seed-file")
    results, errors, pairs = {}, [], []
    if a.dir:
        S = score_dir(a.bin, a.dir, a.list)
        results["generated"] = S.figures()
        print_table("generated digests in %s" % a.dir, results["generated"])
        errors += S.errors
        pairs += S.pairs
        if a.verbose or a.list:
            print("\n".join(S.log))
    if a.seed_truth:
        meta = a.seed_meta or os.path.join(os.path.dirname(a.seed_truth), "seed_meta.json")
        S = score_seed(a.bin, a.seed_truth, a.seed_file, meta, a.list)
        results["seed"] = S.figures()
        if a.dir:
            print()
        print_table("seed %s" % os.path.basename(a.seed_file), results["seed"])
        errors += S.errors
        if a.verbose or a.list:
            print("\n".join(S.log))
    if a.pairs:
        with open(a.pairs, "w", encoding="utf-8") as f:
            for conf, ok, _ in pairs:
                f.write("%f\t%d\n" % (conf, ok))
    if a.json_out:
        with open(a.json_out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)
            f.write("\n")
    return 2 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
