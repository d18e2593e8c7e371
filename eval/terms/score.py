#!/usr/bin/env python3
"""Scores digestlint's corrupted-term findings on digests written by gen.py (stdlib only).

usage: score.py --bin BIN --dir DIR [--pairs FILE] [--verbose]
Prints per placeholder and overall: recall, precision, top-1 restoration, safe-fix precision,
calibration (accuracy per confidence bin), genuine placeholder uses flagged, placeholder discovery,
and false alarms on the undamaged twins. --pairs writes (confidence, correct) of each best fix.
"""
import argparse, bisect, glob, json, os, subprocess, sys
from collections import defaultdict


def run(binp, path):
    p = subprocess.run([binp, "check", "--format", "json", "--select", "corrupted-term", path],
                       capture_output=True)
    if p.returncode not in (0, 1):
        sys.exit("digestlint failed on %s: %s" % (path, p.stderr.decode()))
    rep = json.loads(p.stdout)
    return [d for f in rep["files"] for d in f["diagnostics"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--pairs")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    S = defaultdict(lambda: defaultdict(float))
    pairs = []
    for path in sorted(glob.glob(os.path.join(a.dir, "*.txt"))):
        if path.endswith(".clean.txt"):
            continue
        stem = path[:-4]
        meta = json.load(open(stem + ".meta.json"))
        ph = meta["placeholder"]
        truth = [json.loads(l) for l in open(stem + ".truth.jsonl")]
        truth.sort(key=lambda t: t["start"])
        clean = open(stem + ".clean.txt", "rb").read()
        starts = [t["start"] for t in truth]
        # cumulative byte delta (damaged - clean) after each replaced span
        cum, acc = [], 0
        for t in truth:
            acc += (t["end"] - t["start"]) - len(t["original"].encode())
            cum.append(acc)

        def to_clean(x):
            i = bisect.bisect_right(starts, x - 1) if x > 0 else 0
            # spans that end at or before x
            k = 0
            lo, hi = 0, len(truth)
            while lo < hi:
                m = (lo + hi) // 2
                if truth[m]["end"] <= x:
                    lo = m + 1
                else:
                    hi = m
            k = lo
            return x - (cum[k - 1] if k > 0 else 0)

        diags = run(a.bin, path)
        local = [d for d in diags if d["entry"] is not None]
        digest_level = [d for d in diags if d["entry"] is None]
        for key in (ph, "ALL"):
            s = S[key]
            s["digests"] += 1
            s["truth"] += len(truth)
            s["genuine"] += len(meta["genuine"])
            found = any(("'%s'" % ph) in d["message"] for d in digest_level)
            s["discovered"] += 1 if found else 0
        covered = [False] * len(truth)
        for d in local:
            ds, de = d["range"]["start"]["offset"], d["range"]["end"]["offset"]
            hit = [i for i, t in enumerate(truth) if t["start"] < de and ds < t["end"]]
            for i in hit:
                covered[i] = True
            g = any(x["start"] < de and ds < x["end"] for x in meta["genuine"])
            correct = None
            conf = None
            safe = False
            if d["fixes"]:
                f = d["fixes"][0]
                conf = f.get("confidence")
                safe = f["applicability"] == "safe"
                e = f["edits"]
                correct = bool(hit) and all(
                    ed["replacement"].encode() == clean[to_clean(ed["start"]):to_clean(ed["end"])] for ed in e)
            for key in (ph, "ALL"):
                s = S[key]
                s["diags"] += 1
                s["tp_diags"] += 1 if hit else 0
                s["genuine_flagged"] += 1 if g else 0
                if hit:
                    s["tp_with_fix"] += 1 if d["fixes"] else 0
                    s["top1"] += 1 if correct else 0
                if d["fixes"]:
                    s["fixes"] += 1
                    if safe:
                        s["safe"] += 1
                        s["safe_ok"] += 1 if correct else 0
                    if conf is not None and conf >= 0.9:
                        s["hi"] += 1
                        s["hi_ok"] += 1 if correct else 0
            if d["fixes"] and conf is not None:
                pairs.append((conf, 1 if correct else 0))
            if a.verbose and (not hit or not correct):
                ctx = open(path, "rb").read()[max(0, ds - 40):de + 40].decode(errors="replace").replace("\n", " ")
                exp = clean[to_clean(ds):to_clean(de)].decode(errors="replace")
                print("  %s %s %s | %s | fix=%s expected=%s conf=%s %s" % ("FP" if not hit else "WRONG", os.path.basename(path), d["message"], ctx,
                      d["fixes"][0]["edits"][0]["replacement"] if d["fixes"] else None, exp, conf, "safe" if safe else ""))
        if a.verbose:
            for i, t in enumerate(truth):
                if not covered[i]:
                    ctx = open(path, "rb").read()[max(0, t["start"] - 40):t["end"] + 40].decode(errors="replace").replace("\n", " ")
                    print("  MISS %s %s | %s" % (os.path.basename(path), t["original"], ctx))
        for key in (ph, "ALL"):
            S[key]["recalled"] += sum(covered)
        twin = [d for d in run(a.bin, stem + ".clean.txt")]
        for key in (ph, "ALL"):
            S[key]["twin_alarms"] += len(twin)

    def r(n, d):
        return "%.3f" % (n / d) if d else "n/a"
    print("%-6s %3s %5s %7s %9s %6s %9s %9s %8s %9s %6s" % ("ph", "dg", "occ", "recall", "precision", "top1",
          "safe-prec", "conf>=.9", "genuine", "discover", "twinFA"))
    for key in sorted(S, key=lambda k: (k == "ALL", k)):
        s = S[key]
        print("%-6s %3d %5d %7s %9s %6s %9s %9s %8s %9s %6d" % (
            key, s["digests"], s["truth"], r(s["recalled"], s["truth"]), r(s["tp_diags"], s["diags"]),
            r(s["top1"], s["tp_diags"]), r(s["safe_ok"], s["safe"]) + "/%d" % s["safe"],
            r(s["hi_ok"], s["hi"]), r(s["genuine_flagged"], s["genuine"]), r(s["discovered"], s["digests"]),
            s["twin_alarms"]))
    if pairs:
        print("calibration (confidence bin: fixes, accuracy):")
        edges = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01]
        for lo, hi in zip(edges, edges[1:]):
            b = [c for p, c in pairs if lo <= p < hi]
            if b:
                print("  [%.2f,%.2f) %5d  %.3f" % (lo, min(hi, 1.0), len(b), sum(b) / len(b)))
    if a.pairs:
        with open(a.pairs, "w") as f:
            for p, c in pairs:
                f.write("%f\t%d\n" % (p, c))


if __name__ == "__main__":
    main()
