#!/usr/bin/env python3
"""`make spark-test`: runs spark/lint_job.py in Spark local mode (local[2]) on a small JSONL made
from the corpus plus planted problems, and checks it against a direct run of the binary.
Exits 1 on a failed check."""
import argparse, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lint_job  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--n", type=int, default=400)
    a = ap.parse_args()
    recs = []
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                recs.append(json.loads(line))
            if len(recs) >= a.n:
                break
    # planted: a near-duplicate (one word changed, new id and title) far from its original,
    # an exact id duplicate, a malformed line, a TeX-escaped percent.
    near = dict(recs[3]); near["id"] = "2501.99999"; near["title"] = "A different title entirely"
    words = near["abstract"].split(" "); words[len(words) // 2] = "zzzz"; near["abstract"] = " ".join(words)
    same_id = dict(recs[10]); same_id["title"] = "Another title"; same_id["abstract"] = "Short text about other things."
    tex = dict(recs[20]); tex["id"] = "2501.88888"; tex["title"] = "Planted percent"; tex["abstract"] = "We gain 5\\% more."
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    lines.insert(len(lines) - 5, json.dumps(near, ensure_ascii=False))
    lines.insert(len(lines) // 2, json.dumps(same_id, ensure_ascii=False))
    lines.insert(len(lines) // 3, '{"id": "2501.77777", "title": "broken" "abstract": 1}')
    lines.append(json.dumps(tex, ensure_ascii=False))
    tmp = tempfile.mkdtemp(prefix="digestlint-spark-")
    path = os.path.join(tmp, "in.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    summary = lint_job.main(["--bin", a.bin, "--input", path, "--partitions", "4", "--master", "local[2]"])
    direct = subprocess.run([a.bin, "check", "--format", "records", "--fail-on", "never", path],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    direct = [json.loads(x) for x in direct]

    failures = []
    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    check(summary["partitions"] >= 2, f"input split over {summary['partitions']} partitions")
    check(summary["records"] == len(lines), f"one result per input line ({summary['records']} for {len(lines)})")
    # Findings between two entries (same id, same title, alike abstracts) depend on what one run sees:
    # the direct run sees the whole file, a partition only itself; across partitions the job's LSH
    # join finds them (checked below). Every other finding must be the same.
    across = {"duplicate-id", "duplicate-title", "near-duplicate-abstract"}
    by_rule_direct = {}
    for r in direct:
        for d in r["diagnostics"]:
            if d["rule"] not in across:
                by_rule_direct[d["rule"]] = by_rule_direct.get(d["rule"], 0) + 1
    by_rule_job = {k: v for k, v in summary["diagnostics_by_rule"].items() if k not in across}
    check(by_rule_job == by_rule_direct, "same findings within entries as one direct run of the binary")
    check(summary["diagnostics_by_rule"].get("malformed-record") == 1, "the malformed line is reported")
    check(summary["diagnostics_by_rule"].get("tex-escaped-percent", 0) >= 1, "the planted TeX percent is reported")
    whys = [w for p in summary["duplicate_pairs"] for w in p["why"]]
    check(any(w.startswith("same arXiv id " + recs[10]["id"]) for w in whys), "duplicate id found across partitions")
    check(any(w.startswith("abstracts alike") for w in whys), "near-duplicate abstract found by the LSH join")
    print(f"{len(failures)} failed checks")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
