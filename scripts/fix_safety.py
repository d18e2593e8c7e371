#!/usr/bin/env python3
"""Does `--fix` (safe fixes only) leave undamaged abstracts alone, apart from rendering TeX?

usage: fix_safety.py --bin DIGESTLINT --corpus abstracts.jsonl [--entries 50] [--digests 20] [--seed 1]

Builds digests in the seed's text format from clean corpus abstracts (in a temporary folder; nothing
is written to the repository), then for each digest:
  1. `check --fix` with every rule, and
  2. `check --fix --select latex` (TeX rendering only),
and compares the two results byte for byte. Equal results mean the safe fixes changed no byte that
TeX rendering did not. Also reports how many bytes and lines the safe fixes changed, which rules
offered safe fixes outside the latex category (each one is a change to a clean abstract), and
whether fixing is idempotent and keeps every entry. Prints figures; exit 1 when a digest differs.
"""
import argparse
import collections
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile


def digest(records, date):
    out = [date, "", "Table of Contents", ""]
    for r in records:
        authors = r["authors"] if isinstance(r["authors"], list) else [a.strip() for a in r["authors"].split(",")]
        out += [" ".join(r["title"].split()), "", "Authors: " + ", ".join(authors), "",
                (r.get("published") or r.get("update_date") or "2024-01-01")[:10], "",
                "http://arxiv.org/abs/%sv1" % r["id"], "", " ".join(r["abstract"].split()), ""]
    return "\n".join(out)


def run(binary, args, path):
    p = subprocess.run([binary, "check", "--no-config"] + args + [path], capture_output=True)
    if p.returncode not in (0, 1):
        sys.exit("digestlint failed (%d): %s" % (p.returncode, p.stderr.decode()))
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--entries", type=int, default=50)
    ap.add_argument("--digests", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    with open(a.corpus, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    rng = random.Random(a.seed)
    rng.shuffle(records)
    tmp = tempfile.mkdtemp(prefix="digestlint-fix-safety-")
    differing = 0
    not_idempotent = 0
    lost_entries = 0
    changed_bytes = changed_lines = total_lines = 0
    non_tex_safe = collections.Counter()
    tex_fixes = collections.Counter()
    try:
        for k in range(a.digests):
            chunk = records[k * a.entries:(k + 1) * a.entries]
            if not chunk:
                break
            text = digest(chunk, "2025-01-01")
            orig = os.path.join(tmp, "d%d.txt" % k)
            with open(orig, "w", encoding="utf-8") as f:
                f.write(text)
            # What is on offer in the clean text.
            report = json.loads(run(a.bin, ["--format", "json"], orig).stdout)
            for d in report["files"][0]["diagnostics"]:
                safe = [x for x in d["fixes"] if x["applicability"] == "safe"]
                if safe:
                    (tex_fixes if d["category"] == "latex" else non_tex_safe)[d["rule"]] += 1
            everything = os.path.join(tmp, "all%d.txt" % k)
            tex_only = os.path.join(tmp, "tex%d.txt" % k)
            shutil.copy(orig, everything)
            shutil.copy(orig, tex_only)
            run(a.bin, ["--fix"], everything)
            run(a.bin, ["--fix", "--select", "latex"], tex_only)
            with open(everything, "rb") as f:
                fixed = f.read()
            with open(tex_only, "rb") as f:
                tex = f.read()
            if fixed != tex:
                differing += 1
            before = text.encode()
            a_lines, b_lines = before.split(b"\n"), fixed.split(b"\n")
            total_lines += len(a_lines)
            changed_lines += sum(1 for x, y in zip(a_lines, b_lines) if x != y) + abs(len(a_lines) - len(b_lines))
            # Bytes changed: what the edits replaced, line by line.
            for x, y in zip(a_lines, b_lines):
                if x != y:
                    sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
                    changed_bytes += sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")
            again = os.path.join(tmp, "again%d.txt" % k)
            shutil.copy(everything, again)
            run(a.bin, ["--fix"], again)
            with open(again, "rb") as f:
                if f.read() != fixed:
                    not_idempotent += 1
            n_before = report["files"][0]["entries"]
            n_after = json.loads(run(a.bin, ["--format", "json"], everything).stdout)["files"][0]["entries"]
            if n_before != n_after:
                lost_entries += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    n = min(a.digests, (len(records) + a.entries - 1) // a.entries)
    print("digests: %d, of %d clean abstracts each (corpus shuffled with seed %d)" % (n, a.entries, a.seed))
    print("safe fixes on offer: TeX rendering %d %s" % (sum(tex_fixes.values()), dict(tex_fixes.most_common())))
    print("safe fixes on offer outside TeX rendering: %d %s" % (sum(non_tex_safe.values()), dict(non_tex_safe.most_common())))
    print("lines changed by --fix: %d of %d; bytes changed: %d" % (changed_lines, total_lines, changed_bytes))
    print("digests where --fix differs from --fix --select latex: %d" % differing)
    print("digests where a second --fix changed something: %d; digests whose entry count changed: %d" % (not_idempotent, lost_entries))
    return 1 if differing or not_idempotent or lost_entries else 0


if __name__ == "__main__":
    sys.exit(main())
