#!/usr/bin/env python3
"""Self-test of the evaluation harness (stdlib unittest; no digestlint binary needed).

  python3 eval/selftest.py [-v]        (corpus: $DIGESTLINT_CORPUS or ../shared/corpus/abstracts.jsonl)

Checks the generator (determinism, exact offsets, undoing the damage gives the clean twin, no
overlapping records, the seed's text format) and the scorer (a fake binary that reports the truth
perfectly scores 1.0 everywhere; a silent one scores 0; a wrong fix is not counted correct), and
that the seed annotation points at the right bytes.
"""
import contextlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

sys.path.insert(0, HERE)
import gen_digest  # noqa: E402
import score  # noqa: E402


def generate(*args):
    """gen_digest.main with its per-digest summary lines silenced."""
    with contextlib.redirect_stderr(io.StringIO()):
        return gen_digest.main(list(args))

CORPUS = os.environ.get("DIGESTLINT_CORPUS") or os.path.normpath(
    os.path.join(HERE, "..", "..", "shared", "corpus", "abstracts.jsonl"))
SEED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "seeds", "000_b4c6ec501019da4d.txt"))

# A stand-in for digestlint: reports every truth record (from FILE's .truth.jsonl, or the file named
# by $FAKE_TRUTH) with a fix writing the original back. Adjacent corrupted-term records separated by
# one space ('key key') become ONE diagnostic with ONE edit. Clean twins get no diagnostics.
# FAKE_MODE=silent reports nothing; FAKE_MODE=wrong gives every fix a wrong replacement.
FAKE = r'''#!/usr/bin/env python3
import json, os, sys
path = sys.argv[-1]
mode = os.environ.get("FAKE_MODE", "perfect")
truth = os.environ.get("FAKE_TRUTH") or path[:-4] + ".truth.jsonl"
recs = []
if not path.endswith(".clean.txt") and mode != "silent":
    recs = [json.loads(l) for l in open(truth, encoding="utf-8") if l.strip()]
    recs = [r for r in recs if not r.get("doubtful")]
data = open(path, "rb").read()
groups = []
for r in sorted(recs, key=lambda r: r["start"]):
    g = groups[-1] if groups else None
    if (g and r["family"] == "corrupted-term" == g[-1]["family"] and r["entry"] == g[-1]["entry"]
            and data[g[-1]["end"]:r["start"]] == b" "):
        g.append(r)
    else:
        groups.append([r])
diags = []
for g in groups:
    s, e = g[0]["start"], g[-1]["end"]
    if any(r["original"] is None for r in g):
        fixes = []
    else:
        text = " ".join(r["original"] for r in g) if len(g) > 1 else g[0]["original"]
        s_, e_ = s, e
        if "block" in g[0]:                      # an inserted entry: delete it whole
            s_, e_, text = g[0]["block"]["start"], g[0]["block"]["end"], ""
        if mode == "wrong":
            text += "zz"
        fixes = [{"title": "restore", "applicability": "safe", "confidence": 0.95,
                  "edits": [{"start": s_, "end": e_, "replacement": text}]}]
    diags.append({"rule": g[0]["family"], "category": g[0]["family"], "severity": "error",
                  "message": "fake", "entry": g[0]["entry"], "field": g[0]["field"],
                  "range": {"start": {"offset": s, "line": 1, "column": 1},
                            "end": {"offset": e, "line": 1, "column": 1}},
                  "fixes": fixes})
print(json.dumps({"tool": {"name": "fake", "version": "0"},
                  "files": [{"path": path, "entries": None, "diagnostics": diags}],
                  "summary": {"errors": len(diags), "warnings": 0, "infos": 0, "fixable": 0}}))
sys.exit(1 if diags else 0)
'''


def undo(data, recs):
    """The damaged bytes with every record undone (blocks first; records nested in one dropped)."""
    blocks = [r["block"] for r in recs if "block" in r]
    reps = [(b["start"], b["end"], b["original"]) for b in blocks]
    for r in recs:
        if "block" in r or any(b["start"] <= r["start"] and r["end"] <= b["end"] for b in blocks):
            continue
        reps.append((r["start"], r["end"], r["original"]))
    out, pos = bytearray(), 0
    for s, e, o in sorted(reps):
        assert s >= pos, "overlapping replacements at %d" % s
        out += data[pos:s] + o.encode("utf-8")
        pos = e
    return bytes(out + data[pos:])


def read(path, mode="r"):
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        return f.read()


def read_digest(d, i):
    base = os.path.join(d, "digest_%d" % i)
    recs = [json.loads(l) for l in read(base + ".truth.jsonl").splitlines()]
    meta = json.loads(read(base + ".meta.json"))
    return read(base + ".txt", "rb"), read(base + ".clean.txt", "rb"), recs, meta


@unittest.skipUnless(os.path.exists(CORPUS), "corpus not found: " + CORPUS)
class GeneratorTest(unittest.TestCase):
    N = 4

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="digestlint-eval-")
        cls.a, cls.b = os.path.join(cls.tmp, "a"), os.path.join(cls.tmp, "b")
        args = ["--corpus", CORPUS, "--seed", "7", "--digests", str(cls.N), "--entries", "50"]
        generate(*args, "--out", cls.a)
        # the second run in another process with another string-hash seed: no set-order leaks
        env = dict(os.environ, PYTHONHASHSEED="12345")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_digest.py"), "--out", cls.b] + args,
                       check=True, env=env, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def digests(self):
        for i in range(self.N):
            yield (i,) + read_digest(self.a, i)

    def test_deterministic(self):
        for name in sorted(os.listdir(self.a)):
            self.assertEqual(read(os.path.join(self.a, name), "rb"),
                             read(os.path.join(self.b, name), "rb"), name)

    def test_damaged_text_at_offsets(self):
        for i, data, _clean, recs, _meta in self.digests():
            for r in recs:
                self.assertEqual(data[r["start"]:r["end"]].decode("utf-8"), r["damaged"], (i, r))
                if "block" in r:
                    b = r["block"]
                    self.assertTrue(b["start"] <= r["start"] <= r["end"] <= b["end"], r)

    def test_undo_gives_clean_twin(self):
        for i, data, clean, recs, _meta in self.digests():
            self.assertEqual(undo(data, recs), clean, "digest %d" % i)

    def test_no_overlaps(self):
        # two records may overlap only when one is an inserted entry's duplicate record and the
        # other lies inside that entry's block (the copy carries the damage of its source)
        for i, _data, _clean, recs, _meta in self.digests():
            def inside(q, r):
                return "block" in r and r["block"]["start"] <= q["start"] and q["end"] <= r["block"]["end"]
            recs = sorted(recs, key=lambda r: r["start"])
            for k, q in enumerate(recs):
                for r in recs[k + 1:]:
                    if r["start"] >= q["end"]:
                        break
                    self.assertTrue(inside(q, r) or inside(r, q), (i, q, r))

    def test_families_and_fields(self):
        seen = set()
        for i, data, _clean, recs, meta in self.digests():
            for r in recs:
                self.assertIn(r["family"], score.FAMILIES)
                self.assertIn(r["field"], ("title", "authors", "date", "url", "abstract"))
                seen.add(r["family"])
            entries = meta["entries"]
            for fam in ("missing-number", "broken-name", "latex", "structure", "duplicate"):
                n = sum(1 for r in recs if r["family"] == fam and r["kind"] not in
                        ("same-id", "same-title", "near-abstract", "title-colon"))
                self.assertLessEqual(n, 0.32 * entries, (i, fam))
            # terms damage everywhere: no keyword survives in an abstract line
            kw = meta["keywords"]
            lines = data.decode("utf-8").split("\n")
            self.assertTrue(6 <= len(kw) <= 12, kw)
            for line in lines[4:]:
                if len(line) > 300 and not line.startswith("Authors: "):      # an abstract
                    for k in kw:
                        self.assertNotIn(k, line, (i, k))
            # several genuine uses of the placeholder, each really the placeholder
            words = [g for g in meta["genuine"] if g["kind"] == "word"]
            self.assertGreaterEqual(len(words), 3, i)
            for g in meta["genuine"]:
                self.assertIn(meta["placeholder"], data[g["start"]:g["end"]].decode("utf-8").lower())
        self.assertEqual(seen, set(score.FAMILIES))

    def test_title_colon_loss_is_digest_wide(self):
        # a digest loses every title colon or none; title lines are 10 lines apart from line 4
        for i, data, clean, recs, meta in self.digests():
            colon_recs = [r for r in recs if r["kind"] == "title-colon"]
            lines = data.decode("utf-8").split("\n")
            titles = [lines[k] for k in range(4, len(lines) - 4)     # followed by authors or date
                      if lines[k] and not lines[k].startswith("Authors: ") and lines[k - 1] == "" and (lines[k + 2].startswith("Authors: ") or (
                          re.fullmatch(r"\d{4}-\d\d-\d\d", lines[k + 2]) and lines[k + 4].startswith("http")))]
            self.assertGreaterEqual(len(titles), meta["clean_entries"], i)
            clean_titles = clean.decode("utf-8").split("\n")[4::10]
            if meta["colon_loss"]:
                # inserted copies of entries carry their own records: at least the twin's count
                self.assertGreaterEqual(len(colon_recs), sum(t.count(": ") for t in clean_titles), i)
                self.assertGreater(len(colon_recs), 0, i)
                self.assertFalse(any(": " in t for t in titles), i)
            else:
                self.assertEqual(colon_recs, [], i)
            for r in colon_recs:
                self.assertEqual(r["original"], r["damaged"] + ":")

    def test_format_like_seed(self):
        for i, data, clean, _recs, meta in self.digests():
            for text in (data, clean):
                t = text.decode("utf-8")
                self.assertFalse(t.endswith("\n"))
                lines = t.split("\n")
                self.assertRegex(lines[0], r"^\d{4}-\d\d-\d\d$")
                self.assertEqual(lines[1:4], ["", "Table of Contents", ""])
            lines = clean.decode("utf-8").split("\n")
            self.assertEqual((len(lines) - 4 + 1) % 10, 0)      # 9 lines + 1 blank per entry
            n = (len(lines) - 3) // 10
            self.assertEqual(n, meta["clean_entries"])
            digest_date = lines[0]
            for k in range(n):
                b = lines[4 + 10 * k: 4 + 10 * k + 9]
                self.assertTrue(b[2].startswith("Authors: "))
                m = re.fullmatch(r"http://arxiv\.org/abs/(\d\d)(\d\d)\.\d{5}v1", b[6])
                self.assertTrue(m, b[6])
                self.assertEqual(b[4][2:4] + b[4][5:7], m.group(1) + m.group(2))   # date vs YYMM
                self.assertLess(b[4], digest_date)
                self.assertEqual([b[1], b[3], b[5], b[7]], ["", "", "", ""])

    def test_families_option(self):
        out = os.path.join(self.tmp, "only")
        generate("--corpus", CORPUS, "--out", out, "--seed", "3", "--digests", "1",
                 "--families", "numbers,latex")
        data, clean, recs, meta = read_digest(out, 0)
        self.assertEqual({r["family"] for r in recs}, {"missing-number", "latex"})
        self.assertIsNone(meta["placeholder"])
        self.assertEqual(undo(data, recs), clean)

    def test_placeholders_in_turn(self):
        out = os.path.join(self.tmp, "turn")
        generate("--corpus", CORPUS, "--out", out, "--seed", "4", "--digests", "3", "--entries", "30",
                 "--families", "terms", "--placeholders", "set,type")
        seen = []
        for i in range(3):
            data, clean, recs, meta = read_digest(out, i)
            seen.append(meta["placeholder"])
            self.assertEqual(undo(data, recs), clean)
            for r in recs:
                self.assertIn(meta["placeholder"], r["damaged"])
        self.assertEqual(seen, ["set", "type", "set"])


class FakeBinaryMixin:
    @classmethod
    def make_fake(cls, tmp):
        path = os.path.join(tmp, "fake-digestlint")
        with open(path, "w") as f:
            f.write(FAKE)
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        return path


@unittest.skipUnless(os.path.exists(CORPUS), "corpus not found: " + CORPUS)
class ScorerTest(unittest.TestCase, FakeBinaryMixin):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="digestlint-score-")
        cls.dir = os.path.join(cls.tmp, "d")
        generate("--corpus", CORPUS, "--out", cls.dir, "--seed", "11", "--digests", "2")
        cls.fake = cls.make_fake(cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def run_score(self, mode):
        os.environ["FAKE_MODE"] = mode
        try:
            S = score.score_dir(self.fake, self.dir)
        finally:
            del os.environ["FAKE_MODE"]
        self.assertEqual(S.errors, [])
        return S.figures()

    def test_perfect_tool(self):
        fig = self.run_score("perfect")
        for fam, x in fig["families"].items():
            self.assertGreater(x["truth"], 0, fam)
            self.assertEqual(x["recall"], 1.0, fam)
            self.assertEqual(x["precision"], 1.0, fam)
            self.assertEqual(x["fix_accuracy"], 1.0, fam)
            self.assertEqual(x["clean_diagnostics"], 0, fam)
        ct = fig["corrupted_term"]
        self.assertEqual(ct["safe_fix_precision"], 1.0)
        self.assertEqual(ct["calibration"][3]["accuracy"], 1.0)
        self.assertEqual(ct["genuine_false_flags"]["word"]["rate"], 0.0)
        for P in ct["by_placeholder"].values():
            self.assertEqual(P["top1_accuracy"], 1.0)

    def test_merged_multi_token_fix_counts_for_both(self):
        # the fake binary merges 'key key'-style neighbours; check such merges happened
        merged = 0
        for i in range(2):
            data, _c, recs, _m = read_digest(self.dir, i)
            terms = sorted((r for r in recs if r["family"] == "corrupted-term"), key=lambda r: r["start"])
            merged += sum(1 for a, b in zip(terms, terms[1:]) if data[a["end"]:b["start"]] == b" ")
        self.assertGreater(merged, 0, "no adjacent corrupted terms generated; test is vacuous")
        self.assertEqual(self.run_score("perfect")["families"]["corrupted-term"]["fix_accuracy"], 1.0)

    def test_silent_tool(self):
        fig = self.run_score("silent")
        for fam, x in fig["families"].items():
            self.assertEqual(x["found"], 0, fam)
            self.assertIsNone(x["precision"], fam)

    def test_wrong_fixes(self):
        fig = self.run_score("wrong")
        for fam, x in fig["families"].items():
            self.assertEqual(x["recall"], 1.0, fam)
            self.assertEqual(x["fix_correct"], 0, fam)
        self.assertEqual(fig["corrupted_term"]["safe_fix_precision"], 0.0)

    def test_cli_and_json(self):
        out = os.path.join(self.tmp, "fig.json")
        p = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--bin", self.fake,
                            "--dir", self.dir, "--json-out", out], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("corrupted-term", p.stdout)
        self.assertEqual(json.loads(read(out))["generated"]["families"]["latex"]["recall"], 1.0)

    def test_binary_error_exits_2(self):
        bad = os.path.join(self.tmp, "bad-bin")
        with open(bad, "w") as f:
            f.write("#!/bin/sh\necho 'boom: bad config' >&2\nexit 2\n")
        os.chmod(bad, 0o755)
        p = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--bin", bad,
                            "--dir", self.dir], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("boom", p.stdout)


class FixCheckTest(unittest.TestCase):
    """fix_correct on hand-made cases."""
    data = b"we use a key key and the keyr."      # 'key key' <- 'KV cache', 'keyr' <- 'decoder'

    def recs(self):
        rs = [{"family": "corrupted-term", "kind": "whole", "entry": 1, "field": "abstract",
               "start": 9, "end": 12, "damaged": "key", "original": "KV"},
              {"family": "corrupted-term", "kind": "whole", "entry": 1, "field": "abstract",
               "start": 13, "end": 16, "damaged": "key", "original": "cache"},
              {"family": "corrupted-term", "kind": "prefix", "entry": 1, "field": "abstract",
               "start": 25, "end": 29, "damaged": "keyr", "original": "decoder"}]
        return [score.Rec(r, i) for i, r in enumerate(rs)]

    def check(self, edits, k):
        recs = self.recs()
        return score.fix_correct(self.data, {"edits": edits}, recs[k], recs)

    def test_cases(self):
        self.assertEqual(self.data[9:16], b"key key")
        both = [{"start": 9, "end": 16, "replacement": "KV cache"}]
        self.assertTrue(self.check(both, 0))
        self.assertTrue(self.check(both, 1))
        self.assertTrue(self.check([{"start": 9, "end": 12, "replacement": "KV"}], 0))
        self.assertFalse(self.check([{"start": 9, "end": 12, "replacement": "LLM"}], 0))
        self.assertFalse(self.check([{"start": 9, "end": 16, "replacement": "KV key"}], 0))
        self.assertTrue(self.check([{"start": 28, "end": 29, "replacement": "der"}, ], 2) is False)
        self.assertTrue(self.check([{"start": 25, "end": 28, "replacement": "decode"}], 2))
        self.assertTrue(self.check([{"start": 29, "end": 29, "replacement": ""},
                                    {"start": 25, "end": 29, "replacement": "decoder"}], 2))


@unittest.skipUnless(os.path.exists(SEED), "seed not found: " + SEED)
class SeedAnnotationTest(unittest.TestCase, FakeBinaryMixin):
    def setUp(self):
        self.data = read(SEED, "rb")
        self.recs = [json.loads(l) for l in read(os.path.join(HERE, "seed_truth.jsonl")).splitlines()]
        self.meta = json.loads(read(os.path.join(HERE, "seed_meta.json")))

    def test_offsets(self):
        for r in self.recs:
            self.assertEqual(self.data[r["start"]:r["end"]].decode("utf-8"), r["damaged"], r)
        for g in self.meta["genuine"]:
            self.assertEqual(self.data[g["start"]:g["end"]].decode("utf-8"), g["text"], g)
        spans = sorted((r["start"], r["end"]) for r in self.recs)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            self.assertLessEqual(e1, s2)

    def test_every_placeholder_token_accounted_for(self):
        text = self.data.decode("utf-8")
        covered = {(r["start"], r["end"]) for r in self.recs}
        covered |= {(g["start"], g["end"]) for g in self.meta["genuine"]}
        for m in re.finditer(r"[^\W_]+", text):
            if "key" in m.group():
                s = len(text[:m.start()].encode("utf-8"))
                e = s + len(m.group().encode("utf-8"))
                self.assertTrue(any(a <= s and e <= b for a, b in covered), m.group())

    def test_seed_scoring_with_fake(self):
        tmp = tempfile.mkdtemp()
        try:
            fake = self.make_fake(tmp)
            os.environ["FAKE_TRUTH"] = os.path.join(HERE, "seed_truth.jsonl")
            S = score.score_seed(fake, os.environ["FAKE_TRUTH"], SEED, os.path.join(HERE, "seed_meta.json"))
        finally:
            os.environ.pop("FAKE_TRUTH", None)
            shutil.rmtree(tmp)
        fig = S.figures()
        self.assertEqual(S.errors, [])
        for fam, x in fig["families"].items():
            if x["truth"]:
                self.assertEqual(x["recall"], 1.0, fam)
                self.assertEqual(x["precision"], 1.0, fam)
                self.assertIn(x["fix_accuracy"], (1.0, None), fam)


if __name__ == "__main__":
    result = unittest.main(exit=False).result
    bad = len(result.failures) + len(result.errors)
    print("%d passed, %d failed, %d skipped" % (result.testsRun - bad - len(result.skipped), bad,
                                                 len(result.skipped)))
    sys.exit(0 if result.wasSuccessful() else 1)
