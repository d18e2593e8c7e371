#!/usr/bin/env python3
"""Fits the corrupted-term calibration: pooled-adjacent-violators (isotonic) regression of
'best fix right' on the raw posterior, from --pairs files written by eval/score.py (run with an empty
calibration). Prints YAML knots 'RAW CALIBRATED' for rules/corrupted-term/corrupted-term.yml."""
import sys

pairs = []
for path in sys.argv[1:]:
    for line in open(path):
        p, c = line.split()
        pairs.append((float(p), int(c)))
pairs.sort()
# blocks of equal raw values first, then PAV
blocks = []
for p, c in pairs:
    if blocks and blocks[-1][0] == p:
        blocks[-1][1] += c
        blocks[-1][2] += 1
    else:
        blocks.append([p, c, 1])
merged = []  # [lo, hi, sum, n]
for p, c, n in blocks:
    merged.append([p, p, c, n])
    while len(merged) > 1 and merged[-2][2] / merged[-2][3] >= merged[-1][2] / merged[-1][3]:
        b = merged.pop()
        merged[-1][1] = b[1]
        merged[-1][2] += b[2]
        merged[-1][3] += b[3]
# one knot per block (its mean raw value), at most ~12 knots, with a slight shrink to 0.5 for small blocks
knots = []
for lo, hi, s, n in merged:
    acc = (s + 0.5) / (n + 1)
    knots.append(((lo + hi) / 2, acc, n))
while len(knots) > 12:
    i = min(range(len(knots) - 1), key=lambda k: knots[k][2] + knots[k + 1][2])
    a, b = knots[i], knots[i + 1]
    n = a[2] + b[2]
    knots[i:i + 2] = [((a[0] * a[2] + b[0] * b[2]) / n, (a[1] * a[2] + b[1] * b[2]) / n, n)]
out, last = [], -1.0
for r, acc, n in knots:
    r = round(r, 4)
    if r <= last:
        continue
    out.append((r, round(acc, 3)))
    last = r
print("  calibration:")
for r, acc in out:
    print('    - "%s %s"' % (r, acc))
