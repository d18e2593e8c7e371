#!/usr/bin/env python3
"""Derives the title-colon lexicon (rules/data/title-colon.tsv) from clean abstracts' titles.

For each word as written (case kept), counts how often it starts a subtitle (right after ':') against how
often it continues a title without a break, and how often it ends a head (right before ':') against how
often another word follows it. Only counts are written, never titles."""
import collections, json, sys

corpus, out = sys.argv[1], sys.argv[2]
start1, start0, end1, end0 = (collections.Counter() for _ in range(4))
titles = colons = 0
for line in open(corpus, encoding='utf-8'):
    t = json.loads(line)['title']
    titles += 1
    parts = t.split(': ')
    if len(parts) == 2 and parts[0].split() and parts[1].split():
        colons += 1
        end1[parts[0].split()[-1]] += 1
        start1[parts[1].split()[0]] += 1
        segs = [parts[0].split(), parts[1].split()]
    elif ':' in t:
        continue
    else:
        segs = [t.split()]
    for ws in segs:
        for a, b in zip(ws, ws[1:]):
            end0[a] += 1
            start0[b] += 1
with open(out, 'w', encoding='utf-8') as f:
    f.write(f'# title-colon lexicon: kind word with-colon without-colon (from {titles} titles, {colons} with one colon)\n')
    f.write(f'rate\t-\t{colons}\t{titles}\n')
    for kind, c1, c0 in (('start', start1, start0), ('end', end1, end0)):
        for w in sorted(set(c1) | set(c0)):
            if c1[w] + c0[w] >= 4 and c1[w] > 0 or c1[w] + c0[w] >= 12:
                f.write(f'{kind}\t{w}\t{c1[w]}\t{c0[w]}\n')
