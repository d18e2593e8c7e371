#!/usr/bin/env python3
"""digestlint as a map step in Apache Spark.

Every partition of a JSONL dataset (one arXiv-style record a line) is piped through
`digestlint check --format records -`, which answers one JSON object a line: the record's
line within the partition, its id, its diagnostics (offsets relative to the record's line) and
its duplicate sketches (arXiv id, normalised-title hash, 64-slot MinHash of abstract 3-shingles).
Duplicates across partitions are then found by the job: equal ids, equal title hashes, and an
LSH join on MinHash bands (candidates verified by estimated Jaccard similarity).

    spark-submit spark/lint_job.py --bin /path/to/digestlint --input data.jsonl --output out/
"""
import argparse
import itertools
import json
import os
import sys


def session(master):
    from pyspark.sql import SparkSession
    return (SparkSession.builder.master(master).appName("digestlint")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate())


def lint_records(sc, path, binary, partitions, rules=None, extra_args=()):
    """RDD of (partition, record dict) from the digestlint map step."""
    lines = sc.textFile(path, minPartitions=partitions)
    cmd = [binary, "check", "--format", "records", "--input-format", "jsonl", "--fail-on", "never",
           "--no-progress", *extra_args, "-"]
    env = {"DIGESTLINT_RULES": rules} if rules else {}
    out = lines.pipe(" ".join(cmd), env=env, checkCode=True)
    return out.mapPartitionsWithIndex(lambda i, it: ((i, json.loads(x)) for x in it))


def duplicates(records, bands=16, rows=4, threshold=0.7):
    """Pairs of record keys (partition, line) that look like duplicates, with the reason."""
    keyed = records.filter(lambda pr: "sketch" in pr[1]).map(lambda pr: ((pr[0], pr[1]["line"]), pr[1]["sketch"])).cache()

    def pairs_of(group):
        keys = sorted(group)
        return [(a, b) for a, b in itertools.combinations(keys, 2)]

    by_id = (keyed.filter(lambda ks: ks[1].get("id")).map(lambda ks: (ks[1]["id"], ks[0]))
             .groupByKey().flatMap(lambda g: [(p, "same arXiv id " + g[0]) for p in pairs_of(g[1])]))
    by_title = (keyed.filter(lambda ks: ks[1].get("title")).map(lambda ks: (ks[1]["title"], ks[0]))
                .groupByKey().flatMap(lambda g: [(p, "same title") for p in pairs_of(g[1])]))

    def band_keys(ks):
        key, sk = ks
        mh = sk.get("minhash") or []
        if len(mh) < bands * rows:
            return []
        return [((b, tuple(mh[b * rows:(b + 1) * rows])), key) for b in range(bands)]

    candidates = (keyed.flatMap(band_keys).groupByKey()
                  .flatMap(lambda g: pairs_of(set(g[1]))).distinct())
    sigs = keyed.mapValues(lambda sk: sk.get("minhash") or [])
    # join both sides' signatures and verify
    scored = (candidates.join(sigs).map(lambda x: (x[1][0], (x[0], x[1][1])))
              .join(sigs).map(lambda x: ((x[1][0][0], x[0]), sum(1 for u, v in zip(x[1][0][1], x[1][1]) if u == v) / max(1, len(x[1][1])))))
    near = scored.filter(lambda ps: ps[1] >= threshold).map(lambda ps: (ps[0], f"abstracts alike (Jaccard ~{ps[1]:.2f})"))
    return by_id.union(by_title).union(near).groupByKey().mapValues(lambda rs: sorted(set(rs)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="digestlint binary (on every worker)")
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", help="folder for results (JSON lines); default: print a summary only")
    ap.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2]"))
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--rules", help="rule folder (DIGESTLINT_RULES) when the binary cannot find its own")
    ap.add_argument("--threshold", type=float, default=0.7)
    a = ap.parse_args(argv)
    spark = session(a.master)
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    recs = lint_records(sc, a.input, a.bin, a.partitions, a.rules).cache()
    dups = duplicates(recs, threshold=a.threshold).collect()
    by_rule = dict(recs.flatMap(lambda pr: [(d["rule"], 1) for d in pr[1]["diagnostics"]]).reduceByKey(lambda x, y: x + y).collect())
    summary = {"records": recs.count(), "partitions": recs.getNumPartitions(), "diagnostics_by_rule": by_rule,
               "duplicate_pairs": [{"a": list(k[0]), "b": list(k[1]), "why": v} for k, v in sorted(dups)]}
    if a.output:
        recs.map(lambda pr: json.dumps({"partition": pr[0], **pr[1]})).saveAsTextFile(a.output + "/records")
        with open(os.path.join(a.output, "summary.json") if os.path.isdir(a.output) else a.output + ".summary.json", "w") as f:
            json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))
    spark.stop()
    return summary


if __name__ == "__main__":
    main()
