import XCTest
@testable import DigestLint

/// The number-gap analysis (stripped-quantity, math-gap, stripped-multiplier) with the shipped
/// statistics, and the title-colon analysis's dash and mention handling, on text written here.
final class NumberGapTests: XCTestCase {
    func digest(_ es: [FamiliesTests.E]) -> Document {
        var s = "2026-01-05\n\nTable of Contents\n\n"
        for e in es { s += "\(e.title)\n\nAuthors: \(e.authors)\n\n\(e.date)\n\n\(e.url)\n\n\(e.abstract)\n\n" }
        return DigestReader.read(SourceText(path: "t.txt", text: s))
    }

    func lint(_ d: Document, _ select: [String]) -> [Diagnostic] {
        var o = LintOptions(); o.select = select; o.jobs = 1
        return Linter(rules: FamiliesTests.rules, options: o).lint(d)
    }

    func lint(_ abstract: String, _ rule: String) -> [Diagnostic] {
        lint(digest([FamiliesTests.E(abstract: abstract)]), [rule])
    }

    func snippet(_ d: Diagnostic, _ abstract: String) -> String {
        let built = digest([FamiliesTests.E(abstract: abstract)])
        let bytes = Array(built.source.bytes[d.range.start..<d.range.end])
        return String(decoding: bytes, as: UTF8.self)
    }

    func testStrippedQuantitySpansBothSidesOfTheGap() {
        let a = "Our cache achieves up to latency reduction and improves F1 by on three benchmarks."
        let ds = lint(a, "stripped-quantity")
        XCTAssertEqual(ds.map { snippet($0, a) }, ["up to latency", "by on"])
        XCTAssertTrue(ds.allSatisfy { $0.fixes.isEmpty }, "a lost figure cannot be restored")
    }

    func testQuantitiesThatAreThereAreQuiet() {
        let a = "Our cache achieves up to 36% latency reduction and improves F1 by 2.1 points on three benchmarks, by far the best, up to date."
        XCTAssertEqual(lint(a, "stripped-quantity").map { snippet($0, a) }, [])
    }

    func testWordsThatNearlyAlwaysStandNextToANumberWeighOnTheirOwn() {
        // 'by over' and 'by approximately' precede a number in nearly all of their uses in real text: their
        // counts are no longer pulled towards the rate of any word, so a weak right word ('tokens', 'across')
        // no longer hides the gap; 'approximately the same', 'nearly uniform' stay quiet
        let a = "The context grows by over tokens per turn. It cuts the error by approximately across tasks."
        XCTAssertEqual(lint(a, "stripped-quantity").map { snippet($0, a) }, ["by over tokens", "by approximately across"])
        let b = "We report approximately the same scores, and the gain is nearly uniform across languages."
        XCTAssertEqual(lint(b, "stripped-quantity").map { snippet($0, b) }, [])
    }

    func testSentenceContextDecidesAnAmbiguousGap() {
        // 'and for' is plain English; after '88% for' in the same sentence the parallel figure is missing
        let damaged = "The classifier reached 88% for normal cases and for rare ones."
        let plain = "The classifier works well for normal cases and for rare ones."
        XCTAssertEqual(lint(damaged, "stripped-quantity").map { snippet($0, damaged) }, ["cases and for"])
        XCTAssertEqual(lint(plain, "stripped-quantity").map { snippet($0, plain) }, [])
    }

    func testNamesAndFiguresRightAfterThePairAreQuiet() {
        // two capitalised words are a model name; a number right after the pair means nothing is missing
        let a = "We compare Gemini Flash and Gemini Pro, raising the rate from 54.7% to over 88.9% on average."
        XCTAssertEqual(lint(a, "stripped-quantity").map { snippet($0, a) }, [])
        let b = "Trained on 12 corpora, the models reach billion parameters with ease."
        XCTAssertEqual(lint(b, "stripped-quantity").map { snippet($0, b) }, ["reach billion"])
    }

    func testFigureAfterAWordThatJoinsTwoFiguresMarksTheFirstAsLost() {
        // 'and' and 'to' stand between two figures in real text ('3 to 5'): 'by and 8.2%' lost the first;
        // 'under' and 'over' take their own figure ('to under 30 seconds' is whole)
        let a = "It raises recall and precision by and 8.2%, respectively, and cuts the time from 47 minutes to under 30 seconds."
        XCTAssertEqual(lint(a, "stripped-quantity").map { snippet($0, a) }, ["by and"])
    }

    func testSpacedPunctuationAfterAWordButNotAfterURL() {
        let a = "We read the lower layers of token . Code is at this https URL , with data."
        XCTAssertEqual(lint(a, "math-gap").map { snippet($0, a) }, ["token ."])
    }

    func testRepeatedWordIsNotANumberGap() {
        XCTAssertTrue(lint("We improve the the accuracy of of models by a lot.", "stripped-quantity").isEmpty)
    }

    func testMultiplierFixWritesTheSign() {
        let a = "It runs with a 6 speedup and needs 12.6 fewer operations, while 3 models and 1.7-26.3 lower bounds stay."
        let ds = lint(a, "stripped-multiplier")
        XCTAssertEqual(ds.map { snippet($0, a) }, ["6 speedup", "12.6 fewer"])
        for d in ds {
            XCTAssertEqual(d.fixes.first?.edits.first?.replacement, "×")
            XCTAssertEqual(d.fixes.first?.edits.first?.start, d.range.start + (snippet(d, a).hasPrefix("6 ") ? 1 : 4))
        }
    }

    func testMultiplierRangeWhoseNearEndKeptItsSign() {
        // the far end lost its sign while the near end kept it: reported whatever word follows ('over' is
        // no multiplier word on its own); bare ranges and ranges with both signs stay quiet
        let a = "It yields 1.14$\\times$-14.3 speedups, then 2×–3 over the rest; 2-3 over and 4×-5× faster stay, but 2x--7 over does not."
        let ds = lint(a, "stripped-multiplier")
        XCTAssertEqual(ds.map { snippet($0, a) }, ["14.3 speedups", "3 over", "7 over"])
        for d in ds {
            XCTAssertEqual(d.fixes.first?.applicability, .unsafe)
            XCTAssertEqual(d.fixes.first?.edits.first?.replacement, "×")
            let digits = snippet(d, a).prefix { $0 != " " }.utf8.count
            XCTAssertEqual(d.fixes.first?.edits.first?.start, d.range.start + digits, "the sign goes right after the number")
        }
    }

    func testMultiplierReadTwoWordsOnWhenTheNextWordDecidesNothing() {
        // 'speedup' follows 'N×' and never a bare number; 'training' between them hardly ever follows a
        // number, 'times' often does ('3 times speedup' is whole)
        let a = "This is a 2 training speedup over AdamW, and a 3 times speedup over SGD."
        let ds = lint(a, "stripped-multiplier")
        XCTAssertEqual(ds.map { snippet($0, a) }, ["2 training speedup"])
        XCTAssertEqual(ds.first?.fixes.first?.applicability, .unsafe)
        XCTAssertEqual(ds.first?.fixes.first?.edits.first?.start, ds.first.map { $0.range.start + 1 })
    }

    func testMultiplierFromTheSignWrittenElsewhereInTheAbstract() {
        // 'over' follows 'N×' about as often as a bare number: only an abstract that writes '×' elsewhere
        // asks for the sign here; 'in' follows a bare number far more often and stays quiet
        let a = "Our kernel is 1.8× faster on CPUs and 3 over the baseline on GPUs, with 3 in a row."
        let b = "Our kernel scored 3 over the baseline on GPUs, with 3 in a row."
        let ds = lint(a, "stripped-multiplier")
        XCTAssertEqual(ds.map { snippet($0, a) }, ["3 over"])
        XCTAssertEqual(ds.first?.fixes.first?.applicability, .unsafe)
        XCTAssertEqual(ds.first?.fixes.first?.edits.first?.replacement, "×")
        XCTAssertEqual(lint(b, "stripped-multiplier").map { snippet($0, b) }, [])
    }

    func testMultiplierFromTheWordsOnBothSides() {
        // 'to' and 'a' stand before 'N×' far more often than numbers do on average, 'throughput' and
        // 'improvement' follow it about half the time: together they ask for the sign even in an abstract
        // that writes no '×' elsewhere; 'the' hardly ever stands before 'N×', 'models' never follows it.
        // Neither word alone decides ('a 54 improvement' is no finding of the right word alone)
        let a = "Our decoder reaches up to 3 throughput on long inputs and gives a 54 improvement in recall."
        let ds = lint(a, "stripped-multiplier")
        XCTAssertEqual(ds.map { snippet($0, a) }, ["3 throughput", "54 improvement"])
        for d in ds {
            XCTAssertEqual(d.fixes.first?.applicability, .unsafe)
            XCTAssertEqual(d.fixes.first?.edits.first?.replacement, "×")
            let c = d.fixes.first?.confidence ?? 0
            XCTAssertTrue(c > 0.6 && c <= 0.9, "\(c)")
        }
        let b = "We list the 3 improvement rounds and train up to 3 models on long inputs."
        XCTAssertEqual(lint(b, "stripped-multiplier").map { snippet($0, b) }, [])
    }

    func testMultiplierWordWithAHyphenReadsAsTheJoinedWord() {
        // the corpus writes 'speedup'; 'speed-up' and 'speed-ups' are read as it
        let a = "It gives a 30 speed-up and then 4.5 speed-ups on long inputs."
        XCTAssertEqual(lint(a, "stripped-multiplier").map { snippet($0, a) }, ["30 speed-up", "4.5 speed-ups"])
    }

    func testBadSettingsAndLexiconAreConfigErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("numbergap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("r"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "total\tnum\t5\nleft\tby\t1\n".write(to: dir.appendingPathComponent("lex.tsv"), atomically: true, encoding: .utf8)
        let rule = { (settings: String) in
            "id: g\ncategory: missing-number\nseverity: error\nmessage: m\nscope: [abstract]\nanalysis: number-gap\nsettings:\n\(settings)"
        }
        try rule("  lexicon: ../lex.tsv\n").write(to: dir.appendingPathComponent("r/g.yml"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try RuleSet(directories: [dir.appendingPathComponent("r").path])) { e in
            XCTAssertTrue("\(e)".contains("lex.tsv"), "\(e)")
        }
        try rule("  lexicon: \(FamiliesTests.rulesDir)/data/number-gap.tsv\n  gap: digits\n").write(to: dir.appendingPathComponent("r/g.yml"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try RuleSet(directories: [dir.appendingPathComponent("r").path])) { e in
            XCTAssertTrue("\(e)".contains("gap") && "\(e)".contains("digits"), "\(e)")
        }
    }

    func testTitleColonSearchesOnlyBeforeASpacedDash() {
        func entries(_ title: (Int) -> String) -> [FamiliesTests.E] {
            (0..<20).map { i in
                var e = FamiliesTests.E()
                e.url = "http://arxiv.org/abs/2601.\(String(format: "%05d", i + 1))v1"
                e.title = title(i)
                return e
            }
        }
        // the only word before the dash: nowhere for a colon to go
        let quiet = lint(digest(entries { "RPU\($0) -- A Reasoning Unit for Fast Things" }), ["title-colon"])
        XCTAssertTrue(quiet.isEmpty, quiet.map(\.message).joined())
        let ds = lint(digest(entries { "ZetaNet\($0) Train Dense, Infer Sparse -- A Method for Things" }), ["title-colon"])
        XCTAssertEqual(ds.count, 20)
        XCTAssertTrue(ds.allSatisfy { $0.fixes[0].title.contains("'ZetaNet") && !$0.fixes[0].title.contains("Sparse") })
    }

    func testTitleColonLessLikelyTitlesAreOneSeverityLower() {
        // coined names make some losses near certain; plain titles keep only the corpus rate and weak
        // shape evidence: reported from min-confidence, below note-below as info instead of warning
        let plain = ["Going Down Memory Lane Scaling Tokens for Video Stream Understanding",
                     "Cut Less, Fold More Model Compression through the Lens of Geometry",
                     "The Geometry of Multi-Task Grokking Transverse Instability and Weight Decay"]
        let es: [FamiliesTests.E] = (0..<21).map { i in
            var e = FamiliesTests.E()
            e.url = "http://arxiv.org/abs/2601.\(String(format: "%05d", i + 1))v1"
            e.title = i % 7 == 0 ? plain[i / 7] : "ZetaNet\(i) Train Dense, Infer Sparse"
            return e
        }
        let ds = lint(digest(es), ["title-colon"])
        XCTAssertGreaterThanOrEqual(ds.count, 19)
        var infos = 0
        for d in ds {
            let pct = Int(d.message.split(separator: "(")[1].split(separator: "%")[0])!
            XCTAssertGreaterThanOrEqual(pct, 25, d.message)
            XCTAssertEqual(d.severity, pct < 50 ? .info : .warning, d.message)
            if d.severity == .info { infos += 1 }
        }
        XCTAssertGreaterThan(infos, 0, ds.map(\.message).joined(separator: "; "))
    }

    func testTitleColonNameIntroducedByAVerbEndsWhereTheHeadEnds() {
        // every title lost its colon; the abstract introduces the two-word name, so the colon goes after
        // its second word, not after its first (which the verb also precedes)
        let es: [FamiliesTests.E] = (0..<20).map { i in
            var e = FamiliesTests.E()
            e.url = "http://arxiv.org/abs/2601.\(String(format: "%05d", i + 1))v1"
            e.title = "Velvet Harbor\(i) Steering Small Boats with Learned Tides"
            e.abstract = "Boats drift. To fix this, we introduce Velvet Harbor\(i) (VH), a planner for small boats."
            return e
        }
        let ds = lint(digest(es), ["title-colon"])
        XCTAssertEqual(ds.count, 20)
        XCTAssertTrue(ds.allSatisfy { $0.fixes[0].title.hasPrefix("insert ':' after 'Velvet Harbor") }, ds.map { $0.fixes[0].title }.joined(separator: "; "))
    }

    func testTitleColonFromToHeadAndArticleAfterName() {
        let from: [FamiliesTests.E] = (0..<20).map { i in
            var e = FamiliesTests.E()
            e.url = "http://arxiv.org/abs/2601.\(String(format: "%05d", i + 1))v1"
            e.title = i % 2 == 0 ? "From Pebbles to Mountains Scaling Laws of Sand\(i)" : "Tidal Sand\(i) for Boats a Systematic Account"
            e.abstract = "We study sand and boats."
            return e
        }
        let ds = lint(digest(from), ["title-colon"])
        let fixes = ds.map { $0.fixes[0].title }
        XCTAssertEqual(fixes.filter { $0 == "insert ':' after 'From Pebbles to Mountains'" }.count, 10, fixes.joined(separator: "; "))
        XCTAssertEqual(fixes.filter { $0.hasSuffix("for Boats'") }.count, 10, fixes.joined(separator: "; "))
    }
    func testStrippedQuantityNeedsNoOtherFigureInTheSentence() {
        // digests lose all inline math of a sentence at once: a lone gap is still a gap
        let a = "Extensive tests show that our method achieves up to latency reduction across many models."
        XCTAssertEqual(lint(a, "stripped-quantity").map { snippet($0, a) }, ["up to latency"])
    }

    func testMathGapSpacedPunctuationHabitIsQuiet() {
        let once = "We read the lower layers of token . Then we stop."
        XCTAssertEqual(lint(once, "math-gap").map { snippet($0, once) }, ["token ."])
        let habit = "Agents reach an equilibrium . They talk about weather , and their thought , as we show, drifts."
        XCTAssertEqual(lint(habit, "math-gap").map { snippet($0, habit) }, [])
    }

    func testNumberGapRulesTogetherFindWhatEachFindsAlone() {
        // the three rules share one tokenisation per field; more entries than one block of the engine
        let es: [FamiliesTests.E] = (0..<150).map { i in
            var e = FamiliesTests.E()
            e.url = "http://arxiv.org/abs/2601.\(String(format: "%05d", i + 1))v1"
            e.title = i % 3 == 0 ? "Faster Sorting with up to memory savings \(i)" : "Sorting Things \(i)"
            e.abstract = ["It achieves approximately a 6 speedup on long inputs.",
                          "Our method achieves up to latency reduction across models.",
                          "We read the lower layers of token . Then we stop.",
                          "Plain text with \(i) numbers and nothing lost."][i % 4]
            return e
        }
        let d = digest(es)
        let rules = ["stripped-quantity", "math-gap", "stripped-multiplier"]
        func key(_ ds: [Diagnostic]) -> [String] { ds.map { "\($0.rule) \($0.range.start) \($0.range.end) \($0.message)" }.sorted() }
        let alone = key(rules.flatMap { lint(d, [$0]) })
        XCTAssertGreaterThan(alone.count, 100)
        XCTAssertEqual(key(lint(d, rules)), alone)
        var o = LintOptions(); o.select = rules; o.jobs = 2
        XCTAssertEqual(key(Linter(rules: FamiliesTests.rules, options: o).lint(d)), alone)
    }

    func testTitleColonAbstractWritesTheHeadWithItsColon() {
        // the abstract spells the name with its colon: the title's colon stood after the same words
        let es: [FamiliesTests.E] = (0..<20).map { i in
            var e = FamiliesTests.E()
            e.url = "http://arxiv.org/abs/2601.\(String(format: "%05d", i + 1))v1"
            e.title = "Lantern\(i) Harbor Edition Guiding Small Boats Through Fog"
            e.abstract = "Fog is hard. We present Lantern\(i): Harbor Edition, a guide for small boats."
            return e
        }
        let ds = lint(digest(es), ["title-colon"])
        XCTAssertEqual(ds.count, 20)
        XCTAssertTrue(ds.allSatisfy { $0.fixes[0].title.hasPrefix("insert ':' after 'Lantern") && !$0.fixes[0].title.contains("Edition") },
                      ds.map { $0.fixes[0].title }.joined(separator: "; "))
    }

    func testTitleColonCommaHalvesHead() {
        let es: [FamiliesTests.E] = (0..<20).map { i in
            var e = FamiliesTests.E()
            e.url = "http://arxiv.org/abs/2601.\(String(format: "%05d", i + 1))v1"
            e.title = "Sail Slow\(i), Arrive Early Route Planning for Small Boats"
            e.abstract = "We plan routes for small boats."
            return e
        }
        let ds = lint(digest(es), ["title-colon"])
        XCTAssertEqual(ds.count, 20)
        XCTAssertTrue(ds.allSatisfy { $0.fixes[0].title.hasSuffix("Arrive Early'") }, ds.map { $0.fixes[0].title }.joined(separator: "; "))
    }

    /// The byte-level readers of the data files: the flattened abstract is the same whether its ASCII
    /// fast path or the character path builds it; counts read from bytes equal Double(String); a
    /// title-colon row with a bad count is an error naming the file and its line (blank lines count).
    func testByteLevelReadersAgreeWithTheStringPaths() throws {
        for text in ["We propose Flash-VAED, a 6x faster (VAE) decoder_2.\r\nIt  works!", "Ünïcode straße: ÅB-c d", ""] {
            let b = Array(text.utf8)
            XCTAssertEqual(TitleColon.flatten(b), Array(TitleColon.flatten(text).utf8), text)
        }
        let row = Array("12\t3.5\t007\t1e3\tx".utf8)
        let parts = row.split(separator: 0x09, omittingEmptySubsequences: false)
        for part in parts {
            XCTAssertEqual(NumberLexicon.count(row, part.startIndex..<part.endIndex), Double(String(decoding: part, as: UTF8.self)))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = "# c\nrate\tx\t3\t10\ntotal\tgaps\t5\t50\ngap\t1\t2\t20\nstart\tA\t1\t2\nend\tB\t3\t4\nstart\tC\t5\t6\n"
        try good.write(to: dir.appendingPathComponent("ok.tsv"), atomically: true, encoding: .utf8)
        let lex = try TitleColonLexicon(path: dir.appendingPathComponent("ok.tsv").path, file: "r.yml", mark: YAMLMark(line: 1, column: 1))
        XCTAssertEqual(lex.corpusRate, 0.3, accuracy: 1e-12)
        XCTAssertEqual(lex.lex["start"]?.count, 2)          // rows of a kind that come back later join it
        XCTAssertEqual(lex.lex["end"]?["B"]?.1, 4)
        try (good + "\nend\tD\tmany\t4\n").write(to: dir.appendingPathComponent("bad.tsv"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TitleColonLexicon(path: dir.appendingPathComponent("bad.tsv").path, file: "r.yml", mark: YAMLMark(line: 1, column: 1))) { e in
            XCTAssertTrue("\(e)".contains("bad.tsv:9:1"), "\(e)")
        }
    }

    /// The hand-written token scanner (with the regex where it defers) finds exactly the tokens the
    /// shipped pattern finds with PCRE2, on text mixing numbers, suffixes, math, words, Unicode digits,
    /// spaces and letters, and invalid bytes; and the shipped lexicon names that pattern, so the scanner runs.
    func testTokenScannerFindsWhatThePatternFinds() throws {
        let lexicon = try String(contentsOfFile: FamiliesTests.rulesDir + "/data/number-gap.tsv", encoding: .utf8)
        XCTAssertTrue(lexicon.split(separator: "\n").contains { $0 == "pattern\t" + NumberTokens.pattern })
        let lex = try NumberLexicon(path: FamiliesTests.rulesDir + "/data/number-gap.tsv", file: "r.yml", mark: YAMLMark(line: 1, column: 1))
        XCTAssertTrue(lex.scansByHand)
        let re = try Regex(NumberTokens.pattern)
        let pieces: [[UInt8]] = ["3", "12", "1,000", "2.5", "0.", ".", ",", ";", ":", "(", ")", "x", "X", "xy", "×", "%", "\\%",
            " ", "  ", "\n", "\t", "\r", "$", "$x$", "\\times", "$\\times$", " $\\times$", "a", "Ab", "speedup", "b2", "_", "'", "’",
            "-", "--", "+", "~", "é", "\u{00A0}", "\u{2009}", "\u{0663}", "\u{FF11}", "µ", "\u{0301}", "–", "≈", "Ω"].map { Array($0.utf8) }
            + [[0xFF], [0xC3], [0xE2, 0x80], [0x80]]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func rand(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var checked = 0
        for _ in 0..<4000 {
            var text: [UInt8] = []
            for _ in 0..<(1 + rand(24)) { text += pieces[rand(pieces.count)] }
            var expected: [ByteRange] = []
            try re.matcher().forEach(in: text) { expected.append($0.range); return true }
            var found: [ByteRange] = []
            text.withUnsafeBufferPointer { b in NumberTokens.forEach(in: text, b, re.matcher()) { found.append(ByteRange($0, $1)) } }
            XCTAssertEqual(found, expected, String(decoding: text, as: UTF8.self))
            checked += expected.count
        }
        XCTAssertGreaterThan(checked, 20_000)
    }
}
