#!/usr/bin/env python3
"""Benchmark for the damage families of issue 4 (missing numbers, broken names, duplicates, TeX
leftovers, structure). Builds digests from clean abstracts, damages them with exact truth, keeps the
undamaged twin as control, runs the linter on both and prints recall, fix correctness and false alarms
per family.  Usage: bench.py --bin BIN --corpus abstracts.jsonl [--digests K] [--entries M] [--seed N]
[--out DIR]. Python stdlib only; abstracts are read at run time and never written into the repository."""
import argparse, collections, json, os, random, re, subprocess, sys, unicodedata

FAMILIES = ['missing-number', 'broken-name', 'duplicate', 'latex', 'structure']
CATS = {'missing-number': {'missing-number'}, 'broken-name': {'broken-name'}, 'duplicate': {'duplicate'},
        'latex': {'latex'}, 'structure': {'structure', 'unicode'}}

def coined(w):
    for seg in w.split('-'):
        up = sum(c.isupper() for c in seg); lo = sum(c.islower() for c in seg); dg = sum(c.isdigit() for c in seg)
        if up + lo == 0: continue
        inner = any(c.isupper() and i > 0 and seg[i - 1].islower() for i, c in enumerate(seg))
        if inner or (up >= 2 and lo == 0) or (dg > 0 and up > 0): return True
    return False

class Entry:
    def __init__(self, d, version=1):
        self.title, self.authors = d['title'], list(d['authors'])
        self.date, self.id, self.version, self.abstract = d['published'], d['id'], version, d['abstract']
        self.marks = []  # (field, local_start, local_end, replacement or None, op)
    def fields(self):
        return {'title': self.title, 'authors': ', '.join(self.authors), 'date': self.date,
                'url': f'http://arxiv.org/abs/{self.id}v{self.version}', 'abstract': self.abstract}

def render(date, entries):
    """Digest text plus, per entry, the byte offset where each field's text starts."""
    out = [date, '', 'Table of Contents', '']
    pos = [len((date + '\n\nTable of Contents\n\n').encode())]
    offsets = []
    cur = pos[0]
    for e in entries:
        f = e.fields()
        offs = {}
        for k in ('title', 'authors', 'date', 'url', 'abstract'):
            prefix = 'Authors: ' if k == 'authors' else ''
            offs[k] = cur + len(prefix.encode())
            line = prefix + f[k]
            out += [line, '']
            cur += len(line.encode()) + 2
        offsets.append(offs)
    return '\n'.join(out) + '\n', offsets

def b(s): return len(s.encode())

# ---- damage operations: each edits one entry (or adds one) and records (field, start, end, replacement)
COMP = r'(?:speed-?ups?|faster|slower|fewer|smaller|larger|less|more|higher|lower|better|cheaper|compression|acceleration|improvement|reduction|increase|throughput|memory)'

def op_multiplier(e, rng, ctx):
    ms = list(re.finditer(r'(?<![\w.])(\d+(?:\.\d+)?)( ?)(×|x|X)(?= ' + COMP + r'\b)', e.abstract))
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    e.abstract = a[:m.end(1)] + a[m.end():]
    p = b(a[:m.end(1)])
    e.marks.append(('abstract', p, p, '×', 'multiplier'))
    return True

def op_quantity(e, rng, ctx):
    ms = list(re.finditer(r'\b(up to|by|of|approximately|nearly|over|about|roughly|achieving|achieves|reaching|a factor of) (\d+(?:\.\d+)?(?: ?%| ?×|x|-fold| times)?) ', e.abstract))
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    e.abstract = a[:m.start(2)] + a[m.end():]
    p = b(a[:m.start(2)])
    e.marks.append(('abstract', max(0, p - 1), p, None, 'quantity'))
    return True

def op_math(e, rng, ctx):
    ms = list(re.finditer(r' ?\$[^$]{1,60}\$', e.abstract))
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    e.abstract = a[:m.start()] + a[m.end():]
    p = b(a[:m.start()])
    e.marks.append(('abstract', max(0, p - 1), p + 1, None, 'math'))
    return True

def op_author_case(e, rng, ctx):
    cands = [(i, n) for i, n in enumerate(e.authors) if len(n.split()) >= 2 and n.split()[-1][:1].isupper() and n.split()[-1][1:2].islower()]
    if not cands: return False
    i, n = rng.choice(cands)
    parts = n.split(' ')
    last = parts[-1]
    e.authors[i] = ' '.join(parts[:-1] + [last[0].lower() + last[1:]])
    p = b(', '.join(e.authors[:i]) + (', ' if i else '') + ' '.join(parts[:-1]) + ' ')
    e.marks.append(('authors', p, p + b(last[0]), last[0], 'author-case'))
    return True

def op_mojibake(e, rng, ctx):
    cands = [(i, n) for i, n in enumerate(e.authors) if any(ord(c) > 127 and c.isalpha() and ord(c) < 0x250 for c in n)]
    if not cands: return False
    i, n = rng.choice(cands)
    try: bad = n.encode('utf-8').decode('cp1252')
    except UnicodeDecodeError: return False
    e.authors[i] = bad
    p = b(', '.join(e.authors[:i]) + (', ' if i else ''))
    e.marks.append(('authors', p, p + b(bad), n, 'mojibake'))
    return True

LOOK = {'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'A': 'А', 'E': 'Е', 'O': 'О', 'P': 'Р', 'C': 'С', 'T': 'Т', 'H': 'Н', 'K': 'К', 'M': 'М', 'B': 'В'}

def op_mixed_script(e, rng, ctx):
    cands = [(i, j) for i, n in enumerate(e.authors) if n.isascii() for j, ch in enumerate(n) if ch in LOOK]
    if not cands: return False
    i, j = rng.choice(cands)
    n = e.authors[i]
    e.authors[i] = n[:j] + LOOK[n[j]] + n[j + 1:]
    p = b(', '.join(e.authors[:i]) + (', ' if i else '') + n[:j])
    e.marks.append(('authors', p, p + 2, n[j], 'mixed-script'))
    return True

def op_fused(e, rng, ctx):
    words = re.findall(r'[\w-]+', e.abstract)
    names = {w for w in words if coined(w) and len(w) >= 3 and words.count(w) >= 2}
    ms = [m for m in re.finditer(r'\b([a-z]{2,}) ([\w-]+)\b', e.abstract) if m.group(2) in names]
    if len(ms) < 1: return False
    m = rng.choice(ms)
    if sum(1 for x in re.finditer(r'(?<![\w-])' + re.escape(m.group(2)) + r'(?![\w-])', e.abstract)) < 2: return False
    a = e.abstract
    e.abstract = a[:m.end(1)] + a[m.end(1) + 1:]
    p = b(a[:m.end(1)])
    e.marks.append(('abstract', p, p, ' ', 'fused-word'))
    return True

def op_repeated_author(e, rng, ctx):
    if len(e.authors) < 2: return False
    i = rng.randrange(len(e.authors))
    prev = ', '.join(e.authors)
    e.authors.append(e.authors[i])
    s = b(prev)
    e.marks.append(('authors', s, s + b(', ' + e.authors[i]), '', 'repeated-author'))
    return True

def op_unbalanced(e, rng, ctx):
    ms = [m for m in re.finditer(r'(?<= )([\w-]+)(?=[,.;]? )', e.abstract) if coined(m.group(1))]
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    cmd = rng.choice(['\\texttt{', '\\textbf{', '\\emph{'])
    e.abstract = a[:m.start()] + cmd + a[m.start():]
    p = b(a[:m.start()])
    e.marks.append(('abstract', p, p + len(cmd), '', 'unbalanced-brace'))
    return True

def op_times(e, rng, ctx):
    ms = list(re.finditer(r'(?<=\d)(×|x)(?= \w)', e.abstract))
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    rep = rng.choice(['\\times', '$\\times$'])
    e.abstract = a[:m.start()] + rep + a[m.end():]
    p = b(a[:m.start()])
    e.marks.append(('abstract', p, p + len(rep), '×', 'times'))
    return True

def op_cite(e, rng, ctx):
    ms = list(re.finditer(r'(?<=[a-z])\. ', e.abstract))
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    key = rng.choice(['smith2023', 'li2024survey', 'vaswani2017attention,devlin2019'])
    ins = ' \\cite{' + key + '}'
    e.abstract = a[:m.start()] + ins + a[m.start():]
    p = b(a[:m.start()])
    e.marks.append(('abstract', p, p + len(ins), '', 'cite'))
    return True

def op_tilde(e, rng, ctx):
    ms = list(re.finditer(r'\b([A-Z][a-z]+) (?=(?:\d+|[A-Z]{1,3})\b)', e.abstract))
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    e.abstract = a[:m.end(1)] + '~' + a[m.end():]
    p = b(a[:m.end(1)])
    e.marks.append(('abstract', p, p + 1, ' ', 'tilde'))
    return True

def op_emdash(e, rng, ctx):
    ms = list(re.finditer(r'—', e.abstract))
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    e.abstract = a[:m.start()] + '---' + a[m.end():]
    p = b(a[:m.start()])
    e.marks.append(('abstract', p, p + 3, '—', 'em-dash'))
    return True

def op_simple_math(e, rng, ctx):
    ms = list(re.finditer(r'(?<= )(\d+(?:\.\d+)?|[a-zA-Z])(?= )', e.abstract))
    ms = [m for m in ms if m.group(1) not in ('a', 'A', 'I')]
    if not ms: return False
    m = rng.choice(ms)
    a = e.abstract
    e.abstract = a[:m.start()] + '$' + m.group(1) + '$' + a[m.end():]
    p = b(a[:m.start()])
    e.marks.append(('abstract', p, p + len(m.group(1)) + 2, m.group(1), 'math-delimiters'))
    return True

def op_invalid_date(e, rng, ctx):
    y = e.date[:4]
    e.date = rng.choice([f'{y}-02-30', f'{y}-13-05', f'{y}-04-31'])
    e.marks.append(('date', 0, 10, None, 'invalid-date'))
    return True

def op_future_date(e, rng, ctx):
    dd = ctx['digest_date']
    y, m, d = int(dd[:4]), int(dd[5:7]), int(dd[8:10])
    m2 = m % 12 + 1; y2 = y + (m == 12)
    e.date = f'{y2:04d}-{m2:02d}-{min(d, 28):02d}'
    e.marks.append(('date', 0, 10, None, 'after-digest'))
    return True

def op_id_month(e, rng, ctx):
    yy, mm = int(e.id[:2]), int(e.id[2:4])
    mm2 = (mm + 3 - 1) % 12 + 1; yy2 = yy + (mm + 3 > 12)
    e.id = f'{yy2:02d}{mm2:02d}' + e.id[4:]
    e.marks.append(('date', 0, 10, None, 'id-month'))
    return True

def op_nfc(e, rng, ctx):
    cands = [(i, n) for i, n in enumerate(e.authors) if unicodedata.normalize('NFD', n) != n]
    if not cands: return False
    i, n = rng.choice(cands)
    d = unicodedata.normalize('NFD', n)
    e.authors[i] = d
    p = b(', '.join(e.authors[:i]) + (', ' if i else ''))
    e.marks.append(('authors', p, p + b(d), n, 'not-nfc'))
    return True

def op_zero_width(e, rng, ctx):
    ms = list(re.finditer(r'(?<=[a-z]{3})(?=[a-z]{3})', e.abstract))
    if not ms: return False
    m = rng.choice(ms)
    ch = rng.choice(['\u200b', '\u200d', '\ufeff', '\u00ad', '\x07', '\x01'])
    a = e.abstract
    e.abstract = a[:m.start()] + ch + a[m.start():]
    p = b(a[:m.start()])
    e.marks.append(('abstract', p, p + b(ch), '', 'invisible'))
    return True

ENTRY_OPS = {
    'missing-number': [op_multiplier, op_quantity, op_math],
    'broken-name': [op_author_case, op_mojibake, op_mixed_script, op_fused],
    'duplicate': [op_repeated_author],
    'latex': [op_unbalanced, op_times, op_cite, op_tilde, op_emdash, op_simple_math],
    'structure': [op_invalid_date, op_future_date, op_id_month, op_nfc, op_zero_width],
}

def make_digest(rng, pool, m):
    docs = rng.sample(pool, m)
    dates = sorted(d['published'] for d in docs)
    digest_date = dates[-1]
    clean = [Entry(d) for d in docs]
    damaged = [Entry(d) for d in docs]
    ctx = {'digest_date': digest_date}
    truth = []
    # every title colon lost, as in the seed
    for e in damaged:
        if e.title.count(': ') == 1 and '?' not in e.title and '!' not in e.title:
            p = e.title.index(': ')
            e.title = e.title[:p] + e.title[p + 1:]
            e.marks.append(('title', b(e.title[:p]), b(e.title[:p]), ':', 'title-colon', 'broken-name'))
    for i, e in enumerate(damaged):
        if rng.random() < 0.6:
            fams = FAMILIES[:]
            rng.shuffle(fams)
            done = False
            for fam in fams:
                ops = ENTRY_OPS[fam][:]
                rng.shuffle(ops)
                for op in ops:
                    if op(e, rng, ctx):
                        e.marks[-1] = e.marks[-1][:5] + (fam,)
                        done = True
                        break
                if done: break
    # whole-entry duplicates appended at the end (the control digest gets fresh distinct papers instead)
    extra_clean = []
    for kind in ('id', 'title', 'abstract'):
        if rng.random() < 0.7:
            src = rng.randrange(len(docs))
            other = rng.choice(pool)
            d = dict(docs[src])
            if kind == 'id':
                dup = Entry(d, version=2)
            elif kind == 'title':
                d = dict(other); d['title'] = docs[src]['title']
                dup = Entry(d)
                if damaged[src].title != docs[src]['title']:
                    dup.title = damaged[src].title
            else:
                d = dict(other); d['abstract'] = docs[src]['abstract']
                words = d['abstract'].split(' ')
                for _ in range(2):
                    j = rng.randrange(len(words)); words[j] = words[j] + 's'
                d['abstract'] = ' '.join(words)
                dup = Entry(d)
            if kind != 'title' and ': ' in dup.title:
                p = dup.title.index(': '); dup.title = dup.title[:p] + dup.title[p + 1:]
            field = {'id': 'url', 'title': 'title', 'abstract': 'abstract'}[kind]
            dup.marks.append((field, 0, b(dup.fields()[field]), None, 'duplicate-' + kind, 'duplicate'))
            damaged.append(dup)
            used_ids = {x.id for x in clean + extra_clean}
            extra_clean.append(Entry(rng.choice([x for x in pool if x['id'] not in used_ids])))
    clean += extra_clean
    text, offs = render(digest_date, damaged)
    for idx, (e, o) in enumerate(zip(damaged, offs)):
        for mk in e.marks:
            field, s, t, rep, op, fam = mk
            truth.append({'family': fam, 'op': op, 'entry': idx + 1, 'field': field,
                          'start': o[field] + s, 'end': o[field] + t, 'replacement': rep})
    ctext, _ = render(digest_date, clean)
    return text, ctext, truth, len(damaged), len(clean)

def run(binp, path):
    r = subprocess.run([binp, 'check', '--format', 'json', path], capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit(f'{binp} failed on {path}: {r.stderr.decode()}')
    return json.loads(r.stdout)['files'][0]['diagnostics']

def apply(data, edits):
    for ed in sorted(edits, key=lambda x: -x['start']):
        data = data[:ed['start']] + ed['replacement'].encode() + data[ed['end']:]
    return data

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', required=True); ap.add_argument('--corpus', required=True)
    ap.add_argument('--digests', type=int, default=12); ap.add_argument('--entries', type=int, default=50)
    ap.add_argument('--seed', type=int, default=4); ap.add_argument('--out', default='/tmp/digestlint-families')
    ap.add_argument('--verbose', action='store_true')
    a = ap.parse_args()
    pool = [json.loads(l) for l in open(a.corpus, encoding='utf-8')]
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    found = collections.Counter(); total = collections.Counter(); fixes = collections.Counter(); fixok = collections.Counter()
    opfound = collections.Counter(); optotal = collections.Counter()
    fa = collections.Counter(); clean_entries = 0; damaged_entries = 0; unmatched = collections.Counter()
    for k in range(a.digests):
        text, ctext, truth, n, nc = make_digest(rng, pool, a.entries)
        dp, cp = f'{a.out}/digest{k}.txt', f'{a.out}/digest{k}.clean.txt'
        open(dp, 'w', encoding='utf-8').write(text); open(cp, 'w', encoding='utf-8').write(ctext)
        with open(f'{a.out}/digest{k}.truth.jsonl', 'w') as f:
            for t in truth: f.write(json.dumps(t) + '\n')
        data = text.encode()
        ds = run(a.bin, dp)
        used = set()
        for t in truth:
            total[t['family']] += 1; optotal[t['op']] += 1
            cands = [i for i, d in enumerate(ds) if d['category'] in CATS[t['family']] and d['entry'] == t['entry']
                     and d['range']['start']['offset'] <= t['end'] + 1 and t['start'] - 1 <= d['range']['end']['offset']]
            if not cands:
                if a.verbose: print('MISS', t['op'], k, t['entry'], text.encode()[t['start'] - 30:t['end'] + 30].decode('utf-8', 'replace'))
                continue
            found[t['family']] += 1; opfound[t['op']] += 1
            used.update(cands)
            d = ds[cands[0]]
            if d['fixes'] and t['replacement'] is not None:
                fixes[t['family']] += 1
                want = apply(data, [{'start': t['start'], 'end': t['end'], 'replacement': t['replacement']}])
                got = apply(data, d['fixes'][0]['edits'])
                if got == want: fixok[t['family']] += 1
                elif a.verbose: print('BADFIX', t['op'], d['fixes'][0]['title'], repr(t['replacement']))
        for i, d in enumerate(ds):
            if i not in used and d['category'] != 'corrupted-term':
                unmatched[d['category']] += 1
                if a.verbose and d['category'] != 'latex': print('EXTRA', d['rule'], d['message'][:100])
        damaged_entries += n
        for d in run(a.bin, cp):
            fa[d['category']] += 1
            if a.verbose and d['category'] not in ('latex', 'corrupted-term'): print('FA', d['rule'], d['message'][:100])
        clean_entries += nc
    print(f'families benchmark: {a.digests} digests, {damaged_entries} damaged-digest entries, {clean_entries} control entries (seed {a.seed})')
    print(f'{"family":<16}{"damages":>8}{"recall":>8}{"fixes":>7}{"correct":>9}{"FA/100 control":>16}')
    for fam in FAMILIES:
        r = found[fam] / total[fam] if total[fam] else float('nan')
        c = fixok[fam] / fixes[fam] if fixes[fam] else float('nan')
        fal = sum(fa[c2] for c2 in CATS[fam]) * 100 / clean_entries
        print(f'{fam:<16}{total[fam]:>8}{r:>8.3f}{fixes[fam]:>7}{c:>9.3f}{fal:>16.2f}')
    print('by damage: ' + ', '.join(f'{op} {opfound[op]}/{optotal[op]}' for op in sorted(optotal)))
    print('control findings by category (latex counted apart: real abstracts carry TeX): ' + ', '.join(f'{c} {fa[c]}' for c in sorted(fa)))
    print('damaged-digest findings matching no damage: ' + ', '.join(f'{c} {unmatched[c]}' for c in sorted(unmatched)))

if __name__ == '__main__':
    main()
