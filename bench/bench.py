#!/usr/bin/env python3
"""digestlint throughput benchmark (stdlib only; peers from a venv made by `make bench`).

Builds large inputs from the corpus under .build/bench/ (never committed), then times:
  - digestlint (release, --select all) on the digest, next to typos, codespell and proselint;
  - the seed's wall time;
  - growth 1x -> 4x -> 16x of the input;
  - --jobs 1 vs --jobs 2;
  - JSONL input whole and streamed (peak RSS: memory bounded by chunks, not input).
Prints MB/s, peak RSS (wait4 rusage of each child) and ratios. Figures only: nothing is asserted.
"""
import argparse, json, os, random, shutil, statistics, subprocess, sys, time

def build_digest(corpus, out, target_bytes, seed=1):
    """The seed's text format, entries drawn from the corpus (cycled, ids made unique)."""
    recs = [json.loads(l) for l in open(corpus, encoding="utf-8") if l.strip()]
    rnd = random.Random(seed)
    with open(out, "w", encoding="utf-8") as f:
        f.write("2026-02-24\n\nTable of Contents\n\n")
        n = 0
        while f.tell() < target_bytes:
            r = recs[rnd.randrange(len(recs))]
            n += 1
            authors = r["authors"] if isinstance(r["authors"], str) else ", ".join(r["authors"])
            f.write(f"{r['title']}\n\nAuthors: {authors}\n\n{r.get('published', '2024-01-01')[:10]}\n\n"
                    f"http://arxiv.org/abs/{2400 + n % 12 + 1:04d}.{n % 100000:05d}v1\n\n{r['abstract']}\n\n")
    return out

def build_jsonl(corpus, out, target_bytes):
    lines = [l.rstrip("\n") for l in open(corpus, encoding="utf-8") if l.strip()]
    with open(out, "w", encoding="utf-8") as f:
        i = 0
        while f.tell() < target_bytes:
            f.write(lines[i % len(lines)] + "\n")
            i += 1
    return out

def run(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall seconds, peak RSS MB, exit code); CPU seconds (user+sys) in CPU[-1]."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    CPU.append(ru.ru_utime + ru.ru_stime)
    return wall, ru.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)

CPU = []

def best(cmd, reps):
    """Best of reps (wall); CPU[-1] is the matching run's CPU time."""
    runs = []
    for _ in range(reps):
        r = run(cmd)
        runs.append((r[0], r[1], r[2], CPU[-1]))
    b = min(runs)
    CPU.append(b[3])
    return b[0], max(r[1] for r in runs), b[2]

def mb(path):
    return os.path.getsize(path) / 1e6

def row(name, size_mb, wall, rss, note=""):
    cpu = CPU[-1]
    print(f"  {name:<26} {size_mb:7.1f} MB  wall {wall:7.3f} s {size_mb / wall:7.1f} MB/s  cpu {cpu:7.3f} s {size_mb / max(cpu, 1e-9):7.1f} MB/s"
          f"  peak {rss:6.1f} MB  {note}")
    return size_mb / wall, size_mb / max(cpu, 1e-9)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--seed-digest", required=True)
    ap.add_argument("--venv", default=".venv-bench")
    ap.add_argument("--out", default=".build/bench")
    ap.add_argument("--mb", type=float, default=8.0, help="size of the 1x digest in MB")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--proselint-mb", type=float, default=0.5, help="proselint is slow: it runs on a slice this big")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    dl = [a.bin, "check", "--select", "all", "--format", "json", "--fail-on", "never", "--no-progress"]

    print(f"digestlint benchmark on {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          "(a shared machine makes wall times noisy; CPU times are the steadier figure)")
    sizes = {}
    for k in (1, 4, 16):
        sizes[k] = build_digest(a.corpus, f"{a.out}/digest-{k}x.txt", int(a.mb * 1e6 * k))
    base = sizes[4]   # the peer comparison input: 4x (tens of MB)

    print(f"\n1. Same digest ({mb(base):.1f} MB, the seed's format), one core for digestlint (--jobs 1), every rule on")
    w, r, _ = best(dl + ["--jobs", "1", base], a.reps)
    ours = row("digestlint --jobs 1", mb(base), w, r)
    w2, r2, _ = best(dl + [base], a.reps)
    row("digestlint (all cores)", mb(base), w2, r2)
    peers = {}
    venv = os.path.abspath(a.venv) + "/bin/"
    if os.path.exists(venv + "typos"):
        w, r, _ = best([venv + "typos", "--format", "brief", base], a.reps)
        peers["typos"] = row("typos", mb(base), w, r)
    else:
        print("  typos: not installed")
    if os.path.exists(venv + "codespell"):
        w, r, _ = best([venv + "codespell", base], 1)
        peers["codespell"] = row("codespell", mb(base), w, r)
    else:
        print("  codespell: not installed")
    if os.path.exists(venv + "proselint"):
        sl = f"{a.out}/digest-proselint.txt"
        build_digest(a.corpus, sl, int(a.proselint_mb * 1e6))
        cmd = [venv + "proselint", "check", sl]
        if run([venv + "proselint", "check", "--help"])[2] != 0:
            cmd = [venv + "proselint", sl]
        w, r, _ = best(cmd, 1)
        peers["proselint"] = row("proselint", mb(sl), w, r, f"(on a {mb(sl):.1f} MB slice of the same digest)")
    else:
        print("  proselint: not installed")
    for k, v in peers.items():
        print(f"  ratio digestlint(1 core)/{k}: {ours[0] / v[0]:.2f}x by wall time, {ours[1] / v[1]:.2f}x by CPU time")

    print("\n2. The seed")
    walls = [run(dl + ["--jobs", "1", a.seed_digest])[0] for _ in range(10)]
    cpus = CPU[-10:]
    walls_all = [run(dl + [a.seed_digest])[0] for _ in range(10)]
    print(f"  seed CPU time (user+sys), --jobs 1: min {min(cpus) * 1000:.1f} ms")
    print(f"  seed wall time, --jobs 1: min {min(walls) * 1000:.1f} ms, median {statistics.median(walls) * 1000:.1f} ms")
    print(f"  seed wall time, all cores: min {min(walls_all) * 1000:.1f} ms, median {statistics.median(walls_all) * 1000:.1f} ms")

    print("\n3. Growth (--jobs 1)")
    prev = None
    for k in (1, 4, 16):
        w, r, _ = best(dl + ["--jobs", "1", sizes[k]], a.reps if k < 16 else 1)
        c = CPU[-1]
        row(f"digestlint {k}x", mb(sizes[k]), w, r, f"wall/1x = {w / prev[0]:.2f}, cpu/1x = {c / prev[1]:.2f}" if prev else "")
        if prev is None: prev = (w, c)

    print("\n4. Cores (4x digest)")
    w1, r1, _ = best(dl + ["--jobs", "1", base], a.reps)
    row("--jobs 1", mb(base), w1, r1)
    w2, r2, _ = best(dl + ["--jobs", "2", base], a.reps)
    row("--jobs 2", mb(base), w2, r2)
    print(f"  speed-up 1 -> 2 cores: {w1 / w2:.2f}x")
    # several files in parallel
    parts = []
    for i in range(4):
        p = f"{a.out}/part-{i}.txt"
        build_digest(a.corpus, p, int(a.mb * 1e6), seed=10 + i)
        parts.append(p)
    total = sum(mb(p) for p in parts)
    w1, r1, _ = best(dl + ["--jobs", "1"] + parts, a.reps)
    row("4 files --jobs 1", total, w1, r1)
    w2, r2, _ = best(dl + ["--jobs", "2"] + parts, a.reps)
    row("4 files --jobs 2", total, w2, r2)
    print(f"  speed-up 1 -> 2 cores over files: {w1 / w2:.2f}x")

    print("\n5. JSONL input: whole vs streamed (peak RSS)")
    for k in (4, 16):
        j = build_jsonl(a.corpus, f"{a.out}/corpus-{k}x.jsonl", int(a.mb * 1e6 * k))
        w, r, _ = best(dl + ["--no-stream", j], 1)
        row(f"JSONL {k}x whole", mb(j), w, r)
        w, r, _ = best(dl + ["--stream", "--format", "jsonl", j], 1)
        row(f"JSONL {k}x streamed", mb(j), w, r)
    print("  (streamed peak RSS should stay flat as the input grows: chunks of 4 MiB plus rendered findings)")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")

if __name__ == "__main__":
    main()
