import XCTest
@testable import DigestLint
@testable import DigestLintCLI

/// Synthetic digests damaged like the seed (keywords replaced by a placeholder, case-sensitive,
/// inside words too), with other placeholders and keywords than the seed's.
enum TermDigest {
    static let papers: [(title: String, abstract: String)] = [
        ("Message Passing with Graph Neural Networks for Molecules",
         "Graph Neural Networks (GNNs) learn molecular properties from atoms and bonds. We show that GNNs trained with a contrastive objective generalize to larger molecules, and that deep GNN encoders benefit from residual connections. Our GNN reaches state-of-the-art accuracy on three benchmarks."),
        ("Reward Shaping for Robot Tasks with Rare Feedback",
         "Designing a reward function is hard when feedback is rare. We propose a learned reward model that densifies the reward signal, so the policy receives useful gradients early in training. The shaped reward speeds up learning on manipulation tasks by a factor of three."),
        ("Interactive Medical Image Segmentation",
         "Medical image segmentation needs expensive annotation. We segment organs from a few clicks and refine the segments with a lightweight network. Our segmentation model matches fully supervised baselines while using ten percent of the labels."),
        ("Policy Gradient Methods with Lower Variance",
         "Policy gradient estimators suffer from high variance. We introduce a control variate that lowers the variance of the policy gradient without bias, and we prove that the resulting policy converges faster. Experiments confirm that the learned policy is more stable."),
        ("Scaling Graph Neural Networks to Billions of Edges",
         "Training GNNs on large graphs is limited by memory. We partition the graph and sample neighborhoods so that GNN training fits on one device. The partitioned GNN keeps the accuracy of full-batch training and costs each item of the batch less memory."),
        ("Reward Models from Human Preferences",
         "We train a reward model from pairwise human preferences and use it to fine-tune a policy. The reward model is calibrated, and the policy improves on held-out prompts. We also study how reward hacking appears when the policy is optimized for too long."),
        ("Weakly Supervised Segmentation of Satellite Images",
         "Semantic segmentation of satellite images usually requires dense labels. We learn to segment buildings from image-level tags and refine the predicted segments with a conditional random field. The segmentation quality approaches that of supervised methods."),
        ("Off-Policy Evaluation for Recommendation",
         "Off-policy evaluation estimates how a new policy would perform from logged data. We correct the importance weights of each item in a slate and show that the estimate of the policy value has lower error. A reward model further reduces the variance."),
    ]
    static let keywords = ["GNN", "segment", "reward", "policy"]

    /// The digest text, damaged (placeholder != nil) or clean, and the damaged spans.
    static func make(placeholder: String?) -> (text: String, damaged: [(start: Int, end: Int, original: String)]) {
        var s = "2026-01-05\n\nTable of Contents\n\n"
        var spans: [(Int, Int, String)] = []
        for (i, p) in papers.enumerated() {
            s += "\(p.title)\n\nAuthors: Ada Lovelace, Alan Turing\n\n2026-01-0\(i % 3 + 1)\n\nhttp://arxiv.org/abs/2601.0000\(i)v1\n\n"
            var abstract = p.abstract
            if let ph = placeholder {
                var out = ""
                var rest = Substring(abstract)
                while !rest.isEmpty {
                    if let k = keywords.first(where: { rest.hasPrefix($0) }) {
                        let start = s.utf8.count + out.utf8.count
                        spans.append((start, start + ph.utf8.count, k))
                        out += ph
                        rest = rest.dropFirst(k.count)
                    } else {
                        out.append(rest.first!)
                        rest = rest.dropFirst()
                    }
                }
                abstract = out
            }
            s += abstract + (i + 1 < papers.count ? "\n\n" : "")
        }
        return (s, spans)
    }

    static func lint(_ text: String, placeholder: String? = nil, select: [String] = ["corrupted-term"]) -> [Diagnostic] {
        var o = LintOptions()
        o.select = select
        o.placeholder = placeholder
        let doc = DigestReader.read(SourceText(path: "synthetic.txt", text: text))
        return Linter(rules: Repo.builtin, options: o).lint(doc)
    }
}

final class PlaceholderTests: XCTestCase {
    func testDiscoversThePlaceholderFromEvidence() {
        let (text, _) = TermDigest.make(placeholder: "item")
        let ds = TermDigest.lint(text, select: ["placeholder-discovered"])
        XCTAssertEqual(ds.count, 1)
        XCTAssertNil(ds.first?.entry)
        XCTAssertTrue(ds.first?.message.hasPrefix("'item'") ?? false, ds.first?.message ?? "")
        XCTAssertTrue(ds.first?.message.contains("impossible word form") ?? false)
    }

    func testOtherPlaceholderIsDiscoveredToo() {
        let (text, _) = TermDigest.make(placeholder: "value")
        let ds = TermDigest.lint(text, select: ["placeholder-discovered"])
        XCTAssertEqual(ds.map { $0.message.hasPrefix("'value'") }, [true])
    }

    func testRepeatedTopicWordIsNoPlaceholder() {
        // a word far more frequent than the domain predicts, but never inside impossible forms
        var text = "2026-01-05\n\nTable of Contents\n\n"
        for i in 0..<30 {
            text += "Title \(i)\n\nAuthors: Ada Lovelace\n\n2026-01-01\n\nhttp://arxiv.org/abs/2601.000\(i + 10)v1\n\nPlain text number \(i) with a number of number examples.\n\n"
        }
        XCTAssertEqual(TermDigest.lint(text, select: ["corrupted-term", "placeholder-discovered"]).map(\.message), [])
    }

    /// A digest of `entries` abstracts full of coined names (unknown to the lexicon, as real digests are),
    /// with `word` used a few times and the given unknown forms holding it.
    static func coinedNames(word: String, forms: [String], entries: Int = 12) -> String {
        let letters = Array("bcdfghmnpqrtvwxz")
        var text = "2026-01-05\n\nTable of Contents\n\n"
        var n = 0
        for i in 0..<entries {
            var names: [String] = []
            for _ in 0..<35 {
                names.append("Zq" + String(letters[n % 16]) + String(letters[(n / 16) % 16]) + String(letters[n / 256]))
                n += 1
            }
            let extra = i < forms.count ? " and \(forms[i])" : ""
            let use = i % 3 == 0 ? " We use \(word) of them." : ""
            text += "Title \(i)\n\nAuthors: Ada Lovelace\n\n2026-01-01\n\nhttp://arxiv.org/abs/2601.000\(i + 10)v1\n\n"
                + "We compare \(names.joined(separator: ", "))\(extra).\(use)\n\n"
        }
        return text
    }

    func testImpossibleFormsCountOnlyBeyondChance() {
        // unknown names hold a short common string such as 'all' about as often as known words do:
        // eight of them among 420 coined names are no evidence of a placeholder
        let all = Self.coinedNames(word: "all", forms: ["Tallberg", "Vallejo", "Ballistar", "Hallstatt", "Wallonix", "Marshallian", "Gallicor", "Dallarex"])
        XCTAssertEqual(TermDigest.lint(all, select: ["corrupted-term", "placeholder-discovered"]).map(\.message), [])
        // the same count of forms holding 'key', which known words rarely hold, is
        let key = Self.coinedNames(word: "key", forms: ["Mkeys", "keyr", "prekey", "keyd", "Rekey", "keyAJ", "Tkeyx", "keyfold"])
        let ds = TermDigest.lint(key, select: ["placeholder-discovered"])
        XCTAssertEqual(ds.map { $0.message.hasPrefix("'key'") }, [true], ds.map(\.message).joined(separator: "; "))
    }

    func testImpossibleFormsOfOneAbstractCountOnce() {
        // one abstract writing many unknown forms of a word ('mislabeled', 'mislabeling', 'unlabeled')
        // is one piece of evidence: the eight forms that reveal 'key' when spread over eight abstracts
        // reveal nothing when a single abstract holds them all
        let forms = ["Mkeys", "keyr", "prekey", "keyd", "Rekey", "keyAJ", "Tkeyx", "keyfold"]
        let one = Self.coinedNames(word: "key", forms: [forms.joined(separator: " and ")])
        XCTAssertEqual(TermDigest.lint(one, select: ["corrupted-term", "placeholder-discovered"]).map(\.message), [])
        let spread = Self.coinedNames(word: "key", forms: forms)
        XCTAssertEqual(TermDigest.lint(spread, select: ["placeholder-discovered"]).count, 1)
    }

    func testAWordPairOfAnotherTitleDecidesTheRestoration() {
        // the same damaged abstract in two digests that differ only in another entry's title: the
        // restoration follows the word pair that title holds ('flimsy' is unknown to the lexicon)
        func best(_ keyword: String) -> String? {
            var (text, _) = TermDigest.make(placeholder: "item")
            text += "\n\nA Neutral Study of Control\n\nAuthors: Ada Lovelace\n\n2026-01-02\n\nhttp://arxiv.org/abs/2601.00020v1\n\n"
                + "We find that a flimsy item improves control in practice."
            text += "\n\nFlimsy \(keyword) Baselines for Robots\n\nAuthors: Alan Turing\n\n2026-01-02\n\nhttp://arxiv.org/abs/2601.00021v1\n\n"
                + "A short note on baselines for robots."
            let site = text.components(separatedBy: "a flimsy item")[0].utf8.count + "a flimsy ".utf8.count
            let at = Array(text.utf8)[site..<site + 4]
            XCTAssertEqual(String(decoding: at, as: UTF8.self), "item")
            return TermDigest.lint(text).first { $0.range.start == site }?.fixes.first?.edits.first?.replacement
        }
        XCTAssertEqual(best("Reward"), "reward")
        XCTAssertEqual(best("Policy"), "policy")
    }

    func testAnIntactAcronymAfterTheLongFormDecidesTheRestoration() {
        // 'Multi-item Interest Mining (MRIM)': the lost word starts with the acronym's second letter
        func best(_ acronym: String) -> String? {
            var (text, _) = TermDigest.make(placeholder: "item")
            text += "\n\nA Neutral Study of Control\n\nAuthors: Ada Lovelace\n\n2026-01-02\n\nhttp://arxiv.org/abs/2601.00020v1\n\n"
                + "We introduce Multi-item Interest Mining (\(acronym)), which helps in practice."
            let site = text.components(separatedBy: "Multi-item Interest")[0].utf8.count + "Multi-".utf8.count
            XCTAssertEqual(String(decoding: Array(text.utf8)[site..<site + 4], as: UTF8.self), "item")
            return TermDigest.lint(text).first { $0.range.start == site }?.fixes.first?.edits.first?.replacement
        }
        XCTAssertEqual(best("MRIM"), "reward")
        XCTAssertEqual(best("MPIM"), "policy")
        XCTAssertEqual(best("MGIM"), "GNN")
    }

    func testCleanTwinIsQuiet() {
        let (text, _) = TermDigest.make(placeholder: nil)
        XCTAssertEqual(TermDigest.lint(text, select: ["corrupted-term", "placeholder-discovered"]).map(\.message), [])
    }

    func testEveryDamagedOccurrenceIsFlaggedAndGenuineUsesAreNot() {
        let (text, spans) = TermDigest.make(placeholder: "item")
        let ds = TermDigest.lint(text).filter { $0.entry != nil }
        let found = spans.filter { sp in ds.contains { $0.range.start < sp.end && sp.start < $0.range.end } }
        XCTAssertGreaterThanOrEqual(Double(found.count) / Double(spans.count), 0.95, "flagged \(found.count) of \(spans.count)")
        // findings are on damage (the digest holds two genuine 'item' uses among 37 occurrences)
        let stray = ds.filter { d in !spans.contains { d.range.start < $0.end && $0.start < d.range.end } }
        XCTAssertGreaterThanOrEqual(Double(ds.count - stray.count) / Double(ds.count), 0.9, stray.map(\.message).joined(separator: "; "))
        XCTAssertTrue(ds.allSatisfy { $0.category == .corruptedTerm && $0.field == .abstract })
    }

    func testRestorationsRankTheKeywordFirst() {
        let (text, spans) = TermDigest.make(placeholder: "item")
        let bytes = Array(text.utf8)
        let ds = TermDigest.lint(text).filter { $0.entry != nil }
        var right = 0
        for d in ds {
            guard let f = d.fixes.first, let e = f.edits.first else { continue }
            // the expected text: the flagged token with each placeholder span put back
            var expected = ""
            var i = e.start
            while i < e.end {
                if let sp = spans.first(where: { $0.start == i }) { expected += sp.original; i = sp.end } else { expected += String(decoding: [bytes[i]], as: UTF8.self); i += 1 }
            }
            if e.replacement == expected { right += 1 }
            XCTAssertTrue(f.confidence.map { (0...1).contains($0) } ?? false)
            XCTAssertEqual(d.fixes.map(\.confidence!), d.fixes.map(\.confidence!).sorted(by: >), "alternatives follow the best fix")
        }
        // a digest of eight abstracts gives little joint evidence; most restorations must still be right
        XCTAssertGreaterThanOrEqual(Double(right) / Double(max(1, ds.count)), 0.6, "\(right) of \(ds.count) restorations right")
    }

    func testAcronymDefinitionAndTitleDecideTheRestoration() {
        let (text, _) = TermDigest.make(placeholder: "item")
        let ds = TermDigest.lint(text)
        let acronym = ds.first { $0.message.hasPrefix("'items'") && $0.entry == 1 }
        XCTAssertEqual(acronym?.fixes.first?.edits.first?.replacement, "GNNs")
        // 'itemation' = stem + 'ation', explained by the title's 'Segmentation'
        let stem = ds.first { $0.message.hasPrefix("'itemation'") }
        XCTAssertEqual(stem?.fixes.first?.edits.first?.replacement, "segmentation")
    }

    func testSafeFixesRestOnDecisiveEvidence() {
        let (text, spans) = TermDigest.make(placeholder: "item")
        let bytes = Array(text.utf8)
        let ds = TermDigest.lint(text).filter { $0.entry != nil }
        // 'itemation' restored to the title's 'Segmentation': a glued placeholder the title decides
        let stem = ds.filter { $0.message.hasPrefix("'itemation'") && $0.entry == 3 }
        XCTAssertFalse(stem.isEmpty)
        XCTAssertTrue(stem.allSatisfy { $0.fixes.first?.applicability == .safe }, stem.map(\.message).joined(separator: "; "))
        var safe = 0
        for d in ds {
            XCTAssertTrue(d.fixes.dropFirst().allSatisfy { $0.applicability != .safe }, "only the best fix may be safe")
            guard let f = d.fixes.first, f.applicability == .safe, let e = f.edits.first else { continue }
            safe += 1
            var expected = ""
            var i = e.start
            while i < e.end {
                if let sp = spans.first(where: { $0.start == i }) { expected += sp.original; i = sp.end } else { expected += String(decoding: [bytes[i]], as: UTF8.self); i += 1 }
            }
            XCTAssertEqual(e.replacement, expected, "a safe fix restores exactly what was lost: \(d.message)")
        }
        XCTAssertGreaterThan(safe, 0)
        // a whole-word placeholder outside an acronym definition rests on collocations only: offered, never safe
        for d in ds where Array(bytes[d.range.start..<d.range.end]) == Array("item".utf8) && bytes[d.range.start - 1] != 40 {
            XCTAssertNotEqual(d.fixes.first?.applicability, .safe, d.message)
        }
    }

    func testImpossibleFormsAreRestoredToKnownWords() {
        let (text, _) = TermDigest.make(placeholder: "item")
        let ds = TermDigest.lint(text)
        // 'itemation' (segmentation) are no English words: always flagged
        for d in ds where d.message.hasPrefix("'itemation'") {
            XCTAssertEqual(d.fixes.first?.edits.first?.replacement, "segmentation")
        }
        XCTAssertGreaterThanOrEqual(ds.filter { $0.message.hasPrefix("'itemation'") }.count, 3)
    }

    func testRunOfPlaceholdersIsOneFindingWithOneEdit() {
        var (text, _) = TermDigest.make(placeholder: "item")
        text = text.replacingOccurrences(of: "Policy gradient estimators", with: "Policy item estimators")
        // 'policy gradient' damaged as a run: both words replaced
        text = text.replacingOccurrences(of: "the item gradient without bias", with: "the item item without bias")
        let ds = TermDigest.lint(text)
        let run = ds.first { $0.message.hasPrefix("'item item'") }
        XCTAssertNotNil(run)
        XCTAssertEqual(run?.fixes.first?.edits.count, 1)
        XCTAssertEqual(run.map { Array(text.utf8)[$0.range.start..<$0.range.end].count }, "item item".utf8.count)
    }

    func testForcedPlaceholderIsUsed() {
        let (text, _) = TermDigest.make(placeholder: "item")
        let ds = TermDigest.lint(text, placeholder: "item", select: ["placeholder-discovered"])
        XCTAssertTrue(ds.first?.message.contains("given as the placeholder") ?? false)
        // forcing a word that is no placeholder yields restorations for nothing that is not damaged
        let (clean, _) = TermDigest.make(placeholder: nil)
        XCTAssertEqual(TermDigest.lint(clean, placeholder: "item").filter { $0.entry != nil }.count, 0)
    }

    func testAcronymDefinitions() {
        let b = Array("We use Graph Neural Networks (GNNs) and multi-modal large language models (MLLMs) here.".utf8)
        let toks = WordTokens.scan(b)
        let defs = toks.indices.compactMap { Acronyms.definition(b, toks, $0) }
        XCTAssertEqual(defs.map(\.0), ["GNNs", "MLLMs"])
        XCTAssertEqual(defs.map(\.1), ["graph neural networks", "multi modal large language models"])
    }
}

final class LexiconTests: XCTestCase {
    func tempDir() -> String {
        let d = NSTemporaryDirectory() + "digestlint-lexicon-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func run(_ args: [String]) -> (Int32, String, String) {
        var out = "", err = ""
        let io = IO(out: { out += $0 }, err: { err += $0 })
        return (CLI.run(args, io: io), out, err)
    }

    func testLearnBuildsALexiconFromJSONL() throws {
        let d = tempDir()
        let corpus = d + "/tiny.jsonl"
        let lines = [
            #"{"id": "1", "title": "A", "abstract": "Graph neural networks (GNNs) embed graphs. Graph neural networks scale."}"#,
            #"{"id": "2", "title": "B", "abstract": "We embed graphs with graph neural networks (GNNs) and graph kernels."}"#,
            "",
        ]
        try lines.joined(separator: "\n").write(toFile: corpus, atomically: true, encoding: .utf8)
        let (code, _, err) = run(["learn", corpus, "-o", d + "/lex.tsv"])
        XCTAssertEqual(code, 0, err)
        let text = try String(contentsOfFile: d + "/lex.tsv", encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# digestlint lexicon v1\n# rebuilt by: digestlint learn \(corpus) -o \(d)/lex.tsv\n"))
        let lex = try Lexicon.load(path: d + "/lex.tsv")
        XCTAssertEqual(lex.count("graphs"), 2)
        XCTAssertEqual(lex.count("embed"), 2)
        XCTAssertEqual(lex.count("kernels"), 0, "words seen once are dropped")
        XCTAssertEqual(lex.bigram("neural", "networks"), 3)
        XCTAssertEqual(lex.acronymsByLongForm["graph neural networks"]?.first?.0, "GNNs")
        XCTAssertEqual(lex.documents, 2)
    }

    func testLearnRejectsBadInputWithLocation() throws {
        let d = tempDir()
        let corpus = d + "/bad.jsonl"
        try "{\"abstract\": \"fine text here\"}\n{not json}\n".write(toFile: corpus, atomically: true, encoding: .utf8)
        let (code, _, err) = run(["learn", corpus, "-o", d + "/lex.tsv"])
        XCTAssertEqual(code, 2)
        XCTAssertTrue(err.contains("bad.jsonl:2:1"), err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: d + "/lex.tsv"), "no half-written output")
        XCTAssertEqual(run(["learn", corpus]).0, 2, "missing -o is a usage error")
    }

    func testMalformedLexiconNamesTheLine() {
        let bad = Array("# digestlint lexicon v1\nW\tgraph\t3\nB\t0\t7\t2\n".utf8)
        XCTAssertThrowsError(try Lexicon.parse(bad, file: "lex.tsv")) { e in
            XCTAssertEqual((e as? Lexicon.FormatError)?.line, 3)
        }
    }

    /// Topic associations: words that share abstracts are associates, with the count of shared abstracts;
    /// a word in most abstracts carries no topic; the records survive a round trip through the file.
    func testLearnRecordsDocumentFrequenciesAndTopicAssociates() throws {
        var abstracts: [String] = []
        for i in 0..<6 { abstracts.append("the sampler draws molecules and the docking score ranks ligand poses \(i)") }
        for i in 0..<6 { abstracts.append("the reward shapes the policy and the agent explores the maze \(i)") }
        for i in 0..<30 { abstracts.append("the benchmark compares methods \(i)") }
        let lex = Lexicon.learn(abstracts: abstracts, minDocs: 3, associates: 24, minCooccurrence: 3)
        func df(_ w: String) -> Int { lex.id(w).map { lex.documentFrequency($0) } ?? -1 }
        func associates(_ w: String) -> [String: Int32] {
            var out: [String: Int32] = [:]
            lex.forEachAssociate(of: lex.id(w)!) { c, n in out[lex.word(Int(c))] = n }
            return out
        }
        XCTAssertEqual(df("docking"), 6)
        XCTAssertEqual(df("benchmark"), 30)
        XCTAssertTrue(associates("benchmark").isEmpty, "a word in most abstracts carries no topic")
        XCTAssertEqual(associates("docking")["ligand"], 6)
        XCTAssertEqual(associates("policy")["maze"], 6)
        XCTAssertNil(associates("docking")["policy"], "words of other topics are no associates")
        XCTAssertNil(associates("docking")["the"], "a word in every abstract carries no topic")
        let text = lex.serialized(command: "test")
        XCTAssertTrue(text.contains("\nD\t"))
        XCTAssertTrue(text.contains("\nC\t"))
        let back = try Lexicon.parse(Array(text.utf8), file: "lex.tsv")
        XCTAssertEqual(back.associationCount, lex.associationCount)
        XCTAssertEqual(back.documentFrequency(back.id("docking")!), 6)
        var n: Int32 = 0
        back.forEachAssociate(of: back.id("reward")!) { c, k in if back.word(Int(c)) == "agent" { n = k } }
        XCTAssertEqual(n, 6)
    }

    func testMalformedAssociationRecordsNameTheLine() {
        for (bad, line) in [("W\tgraph\t3\nW\tnode\t3\nC\t0\t9\t2\n", 3), ("W\tgraph\t3\nW\tnode\t3\nC\t1\t0\t2\nC\t0\t1\t2\n", 4),
                            ("W\tgraph\t3\nD\t5\t2\n", 2), ("W\tgraph\t3\nD\t0\n", 2)] {
            XCTAssertThrowsError(try Lexicon.parse(Array(bad.utf8), file: "lex.tsv"), bad) { e in
                XCTAssertEqual((e as? Lexicon.FormatError)?.line, line, bad)
            }
        }
    }

    func testShippedLexiconLoadsAndRecordsItsCommand() throws {
        let path = Repo.rules + "/data/lexicon.tsv"
        let head = try String(contentsOfFile: path, encoding: .utf8).prefix(200)
        XCTAssertTrue(head.contains("# rebuilt by: digestlint learn"))
        let lex = try Lexicon.load(path: path)
        XCTAssertGreaterThan(lex.wordCount, 10_000)
        XCTAssertGreaterThan(lex.count("the"), lex.count("graph"))
        XCTAssertGreaterThan(lex.associationCount, 10_000, "the shipped lexicon carries topic associations")
    }
}

final class GenuineNoteTests: XCTestCase {
    /// The corrupted-term rule as shipped, with `genuine-note` set to `note`.
    static func lint(_ text: String, note: String) throws -> [Diagnostic] {
        let file = Repo.rules + "/corrupted-term/corrupted-term.yml"
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "  genuine-note: 0.1\n", with: "  genuine-note: \(note)\n")
        XCTAssertTrue(yaml.contains("genuine-note: \(note)\n"))
        let check = try RuleLoader.load(bytes: Array(yaml.utf8), file: file)
        var o = LintOptions()
        o.select = ["corrupted-term"]
        let doc = DigestReader.read(SourceText(path: "synthetic.txt", text: text))
        return Linter(rules: RuleSet(checks: [check]), options: o).lint(doc).filter { $0.entry != nil }
    }

    func testAPlausibleGenuineUseIsSaidAndOneSeverityLower() throws {
        let (text, spans) = TermDigest.make(placeholder: "item")
        let bytes = Array(text.utf8)
        let noted = try Self.lint(text, note: "0.000001")
        XCTAssertFalse(noted.isEmpty)
        func onDamage(_ d: Diagnostic) -> Bool { spans.contains { d.range.start < $0.end && $0.start < d.range.end } }
        for d in noted {
            let unsure = d.message.hasSuffix(", though the word itself may be meant")
            XCTAssertEqual(d.severity, unsure ? .warning : .error, d.message)
            let token = String(decoding: bytes[d.range.start..<d.range.end], as: UTF8.self)
            // an impossible form has no genuine reading at all: never noted
            if token != "item" && token != "items" { XCTAssertFalse(unsure, token) }
            // the digest's two genuine uses ('each item of the batch', 'each item in a slate') are noted
            if !onDamage(d) { XCTAssertTrue(unsure, d.message) }
        }
        XCTAssertEqual(noted.filter { !onDamage($0) }.count, 2)
        // off: the same findings, none noted, all at the rule's severity
        let plain = try Self.lint(text, note: "0")
        XCTAssertEqual(plain.map(\.range), noted.map(\.range))
        XCTAssertTrue(plain.allSatisfy { $0.severity == .error && !$0.message.contains("word itself") })
    }
}
