#!/usr/bin/env python3
"""Writes the corpus lines whose arXiv id does NOT hash (md5) to K modulo N: the training part for
statistics that an evaluation on exactly that split (gen_digest.py --split K/N) must never have seen.

  python3 eval/corpus_split.py CORPUS K/N OUT.jsonl
"""
import hashlib
import json
import sys


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    corpus, split, out = argv
    k, n = (int(x) for x in split.split("/"))
    kept = left = 0
    with open(corpus, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
        for line in f:
            if not line.strip():
                continue
            pid = json.loads(line)["id"]
            if int(hashlib.md5(pid.encode()).hexdigest(), 16) % n == k:
                left += 1
                continue
            o.write(line if line.endswith("\n") else line + "\n")
            kept += 1
    print("%s: %d abstracts kept, %d (split %s) left out" % (out, kept, left, split), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
