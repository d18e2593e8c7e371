#!/usr/bin/env python3
"""Derives the title-colon lexicon (rules/data/title-colon.tsv) from clean abstracts' titles.

Rows (tab-separated): kind, key, count at a colon gap, count at a gap without colon.
  rate   -       titles with one colon, titles
  gap    k       colons after word k, title gaps after word k without colon
  start  WORD    word (as written) right after the colon / continuing a title
  end    WORD    word right before the colon / followed by another word
  startclass, endclass  CLASS   the same for word classes (backoff for unknown words)
  start2 W1 W2   the two words after the gap (subtitle openings: 'A Survey', 'How Far'), seen 5+ times
  feat   coined  the head is a coined name (first gap only; totals: 'total first')
  feat   abstract-colon|list-after|head-comma|comma-halves|to-head  head and subtitle shapes (shape_feats), at every
                 gap (totals: 'total gaps')
  use    intro|mention|none   the abstract introduces the head as a name / mentions it / neither
Usage: build_colon_lexicon.py CORPUS OUT [K/N] (titles whose id hashes to K mod N are left out: 0/5)
Only counts are written, never titles. The word classes and features mirror TitleColon.swift."""
import collections, hashlib, json, re, sys

def coined(w):
    for seg in w.split('-'):
        up = sum(c.isupper() for c in seg); lo = sum(c.islower() for c in seg); dg = sum(c.isdigit() for c in seg)
        if up + lo < 1: continue
        inner = any(c.isupper() and i > 0 and seg[i - 1].islower() for i, c in enumerate(seg))
        if inner or (up >= 2 and lo == 0) or (dg > 0 and up > 0): return True
    return False

def wclass(w):
    if w in ('A', 'An', 'The'): return 'article'
    if coined(w): return 'coined'
    if w[:1].isupper() and w.endswith('ing'): return 'gerund'
    if w[:1].isupper(): return 'cap'
    if w[:1].isdigit(): return 'digit'
    return 'lower'

VERBS = ('propose ', 'introduce ', 'present ', 'called ', 'dubbed ', 'named ', 'termed ')
def intro(abstract, head):
    if len(head) < 3: return False
    for m in re.finditer(re.escape(head), abstract):
        s, e = m.start(), m.end()
        if s > 0 and abstract[s - 1].isalnum(): continue
        rest = abstract[e:e + 12]
        if rest.startswith(',') or rest.startswith(' (') or rest.startswith(' -') or rest.startswith(' is a'): return True
        pre = abstract[max(0, s - 24):s].lower()
        if pre.endswith(VERBS): return True
    return False

def mention(abstract, head):
    """The head appears in the abstract as a whole phrase (case as written)."""
    if len(head) < 4: return False
    return re.search(r'(?<![\w-])' + re.escape(head) + r'(?![\w-])', abstract) is not None

def head_use(abstract, head):
    return 'intro' if intro(abstract, head) else ('mention' if mention(abstract, head) else 'none')

# the function words of rules/broken-name/title-colon.yml (a list right after one is part of the title)
FUNCTION = set('a an the of for in on with via to and or by from at as into over under through towards toward '
               'beyond between across against without within using vs vs. is are can do does'.split())
def shape_feats(words, k, abstract):
    """Head and subtitle shapes at gap k (mirrors TitleColon.shapeFeatures): the abstract writes the head
    with its colon ('Name: Edition'); the subtitle opens a list ('X, Y, and Z ...', first item of 1-2
    words) after a capitalised content word, with no comma in the head; the head holds a comma ('Cut Less, Fold More'), splitting it in two halves of as many words
    (comma-halves); the head is 'W to W' ('Learning to Rank')."""
    head = ' '.join(words[:k])
    f = {}
    f['abstract-colon'] = re.search(r'(?<![\w-])' + re.escape(head + ':'), abstract) is not None
    lst = False
    for j in (k, k + 1):
        if j < len(words) - 1 and words[j].endswith(',') and (j == k or not words[k].endswith(',')):
            lst = any(w in ('and', 'or') for w in words[j + 1:])
            break
    prev = words[k - 1]
    f['list-after'] = lst and prev[:1].isupper() and prev.lower() not in FUNCTION and \
        not any(w.endswith(',') for w in words[:k])
    f['head-comma'] = k <= 6 and any(w.endswith(',') for w in words[:k - 1])
    commas = [i for i in range(k - 1) if words[i].endswith(',')]
    f['comma-halves'] = len(commas) == 1 and k == 2 * (commas[0] + 1) and k <= 8
    f['to-head'] = k == 3 and words[1] == 'to' and words[0][:1].isupper()
    return f

def in_split(pid, k, n):
    return int(hashlib.md5(pid.encode()).hexdigest(), 16) % n == k

corpus, out = sys.argv[1], sys.argv[2]
skip = sys.argv[3] if len(sys.argv) > 3 else '0/5'       # K/N: titles left out for evaluation
sk, sn = (int(x) for x in skip.split('/'))
C = collections.defaultdict(lambda: [0, 0])
titles = colons = 0
for line in open(corpus, encoding='utf-8'):
    d = json.loads(line)
    if in_split(d['id'], sk, sn): continue
    t = d['title']
    titles += 1
    if any(ch in t for ch in '?!') or t.count(':') > 1: continue
    if ':' in t:
        h, s = t.split(':', 1)
        hw, sw = h.split(), s.split()
        if not hw or not sw: continue
        colons += 1
        words, gap = hw + sw, len(hw)
    else:
        words, gap = t.split(), -1
    for k in range(1, len(words)):
        y = 0 if k == gap else 1
        a, b = words[k - 1], words[k]
        C[('gap', str(min(k, 12)))][y] += 1
        C[('start', b)][y] += 1
        C[('end', a)][y] += 1
        C[('startclass', wclass(b))][y] += 1
        C[('endclass', wclass(a))][y] += 1
        if k == 1: C[('feat', 'coined')][y] += coined(a)
        C[('use', head_use(d['abstract'], ' '.join(words[:k])))][y] += 1
        for name, on in shape_feats(words, k, d['abstract']).items():
            C[('feat', name)][y] += on
        if k + 1 < len(words):
            C[('start2', b + ' ' + words[k + 1])][y] += 1
    C[('total', 'gaps')][0] += (gap > 0)
    C[('total', 'gaps')][1] += len(words) - 1 - (gap > 0)
    C[('total', 'first')][0] += (gap == 1)
    C[('total', 'first')][1] += (gap != 1) and len(words) > 1
with open(out, 'w', encoding='utf-8') as f:
    f.write(f'# title-colon lexicon, derived from {titles} titles ({colons} with one colon); counts only\n')
    f.write(f'rate\t-\t{colons}\t{titles}\n')
    for (kind, key), (a, b) in sorted(C.items()):
        if kind in ('start', 'end', 'start2') and a + b < 5: continue
        if kind == 'start2' and a == 0: continue     # only subtitle openings ('A Survey', 'Towards a')
        f.write(f'{kind}\t{key}\t{a}\t{b}\n')
