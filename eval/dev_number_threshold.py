#!/usr/bin/env python3
"""Choose number-gap thresholds on a development split, never on the evaluation seeds.

  python3 eval/dev_number_threshold.py --bin BIN --corpus CORPUS [--split 1/5] [--seeds 101,102,103]
      [--rule stripped-quantity] [--scores 300,1000,2500] [--set key=value ...] [--work DIR]

The rule pack is copied to a scratch folder, rules/data/number-gap.tsv there is rebuilt WITHOUT the dev
split (build_number_lexicon.py --skip K/N), digests are generated from the dev split only (gen_digest.py
--split K/N, numbers family) and scored for every min-score of the rule (DIGESTLINT_RULES points the
binary at the copy). Prints missing-number recall (overall and per kind), precision and false alarms per
100 clean entries (over all dev seeds, and the worst dev seed) for each threshold. The evaluation seeds (split 0/5 with the shipped lexicon) stay
unseen by this choice.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, env=None):
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--split", default="1/5")
    ap.add_argument("--seeds", default="101,102,103")
    ap.add_argument("--digests", default="6")
    ap.add_argument("--rule", default="stripped-quantity")
    ap.add_argument("--scores", default="300,1000,2500")
    ap.add_argument("--set", action="append", default=[], help="key=value: another setting of the rule")
    ap.add_argument("--work", default=os.path.join(ROOT, ".build", "dev-numbers"))
    a = ap.parse_args()
    rules = os.path.join(a.work, "rules")
    if not os.path.exists(os.path.join(a.work, "lexicon.done")):
        shutil.rmtree(a.work, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "rules"), rules)
        run([sys.executable, os.path.join(HERE, "build_number_lexicon.py"), a.corpus,
             os.path.join(rules, "data", "number-gap.tsv"), "--skip", a.split])
        open(os.path.join(a.work, "lexicon.done"), "w").close()
    else:       # the lexicon stays; the rule files follow the checkout
        for d in os.listdir(os.path.join(ROOT, "rules")):
            src = os.path.join(ROOT, "rules", d)
            if os.path.isdir(src) and d != "data":
                shutil.rmtree(os.path.join(rules, d), ignore_errors=True)
                shutil.copytree(src, os.path.join(rules, d))
    dirs = []
    for s in a.seeds.split(","):
        d = os.path.join(a.work, "digests-%s" % s)
        if not os.path.exists(d):
            run([sys.executable, os.path.join(HERE, "gen_digest.py"), "--corpus", a.corpus, "--out", d,
                 "--seed", s, "--digests", a.digests, "--split", a.split, "--families", "numbers"])
        dirs.append(d)
    path = [p for p in (os.path.join(rules, sub, a.rule + ".yml") for sub in os.listdir(rules))
            if os.path.exists(p)][0]
    original = open(path, encoding="utf-8").read()
    env = dict(os.environ, DIGESTLINT_RULES=rules)
    print("rule %s, dev split %s, seeds %s, settings %s" % (a.rule, a.split, a.seeds, a.set or "as shipped"))
    print("%9s %7s %6s %6s %6s  %s" % ("min-score", "recall", "prec", "fa/100", "worst", "recall by kind"))
    try:
        for score in a.scores.split(","):
            text = re.sub(r"(?m)^(\s*min-score:).*$", r"\1 " + score, original, count=1)
            for kv in a.set:
                k, v = kv.split("=", 1)
                if re.search(r"(?m)^\s*%s:" % re.escape(k), text):
                    text = re.sub(r"(?m)^(\s*%s:).*$" % re.escape(k), r"\1 " + v, text, count=1)
                else:
                    text = text.replace("settings:\n", "settings:\n  %s: %s\n" % (k, v), 1)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            tot = {"truth": 0, "found": 0, "diags": 0, "matched": 0, "clean": 0, "entries": 0}
            kinds = {}
            worst = 0.0
            for d in dirs:
                out = os.path.join(d, "score.json")
                run([sys.executable, os.path.join(HERE, "score.py"), "--bin", a.bin, "--dir", d,
                     "--json-out", out], env=env)
                fig = json.load(open(out, encoding="utf-8"))["generated"]
                m = fig["families"]["missing-number"]
                tot["truth"] += m["truth"]; tot["found"] += m["found"]
                tot["diags"] += m["diagnostics"]; tot["matched"] += m["matched"]
                tot["clean"] += m["clean_diagnostics"]; tot["entries"] += fig["clean_entries"]
                worst = max(worst, 100 * m["clean_diagnostics"] / max(1, fig["clean_entries"]))
                for k, v in fig["kinds"].items():
                    if k.startswith("missing-number/"):
                        K = kinds.setdefault(k.split("/")[1], [0, 0])
                        K[0] += v["found"]; K[1] += v["truth"]
            print("%9s %6.1f%% %5.1f%% %6.2f %6.2f  %s" % (
                score, 100 * tot["found"] / max(1, tot["truth"]), 100 * tot["matched"] / max(1, tot["diags"]),
                100 * tot["clean"] / max(1, tot["entries"]), worst,
                " ".join("%s %d/%d" % (k, f, t) for k, (f, t) in sorted(kinds.items()))), flush=True)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)


if __name__ == "__main__":
    main()
