@testable import DigestLint
import Foundation
import XCTest

/// The fast paths give the same results as the plain ones: byte-level JSON escaping equals
/// `JSONText.quote`, the worker pool keeps order, and any number of workers gives the same findings
/// and the same report as one.
final class PerformancePathTests: XCTestCase {
    func testByteEscapingEqualsStringEscaping() {
        let samples = ["", "plain", "quote \" and \\ backslash", "tab\tnew\nline\r\u{08}\u{0C}", "\u{01}\u{1F}\u{7F}",
                       "line\u{2028}para\u{2029}end", "–—“”’ ✓ 𝔘 \u{E2}", "é\u{301}", String(repeating: "ab\"", count: 300)]
        for s in samples {
            var out: [UInt8] = []
            JSONText.appendQuoted(s, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), JSONText.quote(s), "escaping \(s.debugDescription)")
        }
    }

    func testWriterIntegers() {
        var w = JSONWriter()
        w.beginArray()
        for n in [0, 7, 10, -1, -120, 1234567890, Int.max, Int.min] { w.int(nil, n) }
        w.int(nil, nil)
        w.endArray()
        XCTAssertEqual(w.out, "[0,7,10,-1,-120,1234567890,\(Int.max),\(Int.min),null]")
    }

    func testPoolMapKeepsOrderAndRunsEveryTask() {
        for workers in [1, 2, 3, 8] {
            XCTAssertEqual(Parallel.map(1000, workers: workers) { $0 * $0 }, (0..<1000).map { $0 * $0 })
        }
        XCTAssertEqual(Parallel.map(0, workers: 4) { $0 }, [])
        let lock = NSLock()
        var seen = [Int](repeating: 0, count: 97)
        Parallel.forEachTask(97, workers: 3, { t, _ in lock.lock(); seen[t] += 1; lock.unlock() }, context: { () })
        XCTAssertEqual(seen, [Int](repeating: 1, count: 97))
    }

    /// A digest of many entries with findings of many rules (LaTeX, repeated words, stripped numbers,
    /// a duplicated entry) linted with 1, 2 and 5 workers; the JSON report with 1 and 4 render threads.
    func testWorkerCountDoesNotChangeFindings() {
        var s = "2026-01-05\n\nTable of Contents\n\n"
        let bodies = [
            "We train the the model with \\emph{care} and reach up to latency reduction over baselines.",
            "Memory shrinks by a factor of . We then use $x$ and -- dashes \\cite{a} in 50\\% of runs.",
            "A plain abstract about results that holds for every case we tried, again and again.",
        ]
        for i in 0..<1500 {
            s += "Title Number \(i) of a Study\n\nAuthors: Ada Lovelace, Alan Turing\n\n2026-01-0\(1 + i % 4)\n\n"
            s += "http://arxiv.org/abs/2601.\(String(format: "%05d", i % 1400))v1\n\n\(bodies[i % 3]) Entry \(i).\n\n"
        }
        let src = SourceText(path: "many.txt", text: s)
        let doc = DigestReader.read(src)
        func run(_ jobs: Int) -> [Diagnostic] {
            var o = LintOptions()
            o.jobs = jobs
            return Linter(rules: Repo.builtin, options: o).lint(doc)
        }
        let one = run(1)
        XCTAssertGreaterThan(one.count, 4000)
        XCTAssertTrue(one.contains { $0.rule == "duplicate-id" })
        XCTAssertTrue(one.contains { $0.rule == "repeated-word" })
        for jobs in [2, 5] {
            let many = run(jobs)
            XCTAssertEqual(many.count, one.count)
            XCTAssertTrue(zip(one, many).allSatisfy { $0.rule == $1.rule && $0.range == $1.range && $0.message == $1.message })
        }
        let report = FileReport(path: src.path, document: doc, diagnostics: one)
        XCTAssertEqual(JSONReporter(jobs: 4).render([report]), JSONReporter().render([report]))
    }
}

/// Prefiltered patterns (literal openings, `prefilter: adjacent-repeat`) find exactly what the same
/// pattern tried at every offset finds, on random text mixing ASCII, Unicode letters, marks, case
/// variants, Unicode spaces and punctuation.
final class PrefilterEquivalenceTests: XCTestCase {
    static let pieces = ["the", "The", "THE", "the", "of", "by", "that", "That", "up to", "factor of", "a", "an", "that", "is", "model",
                         "Model", "naïve", "NAÏVE", "e\u{301}", "\u{301}", "é", "É", "straße", "STRASSE", "ǅ", "ǆ",
                         "\u{212A}", "k", "K", "ſ", "s", "2", "_", "-", ".", ",", ";", "'", "’", "(", ")", "%",
                         "\u{A0}", "\u{2009}", "\u{85}", "\u{2028}", "\t", "\r\n", "\n", "ı", "I", "ß", "Σ", "σ", "ς", "🙂"]

    func randomText(_ rng: inout SystemRandomNumberGenerator, words: Int) -> String {
        var s = ""
        for _ in 0..<words {
            s += PrefilterEquivalenceTests.pieces.randomElement(using: &rng)!
            if Int.random(in: 0..<3, using: &rng) > 0 { s += [" ", " ", "  ", "\u{A0}", ""].randomElement(using: &rng)! }
        }
        return s
    }

    func compare(_ pattern: String, caseless: Bool, prefilter: Prefilter?) throws {
        let fast = try Regex(pattern, caseless: caseless, prefilter: prefilter)
        XCTAssertNotNil(fast.starts, "the pattern should be prefiltered: \(pattern)")
        let plain = try Regex.unfiltered(pattern, caseless: caseless)
        let shared = fast.literalStarts == nil ? nil : WordStarts([fast, try Regex(#"\b(model|zeta)\b"#)])
        var rng = SystemRandomNumberGenerator()
        var found = 0
        for _ in 0..<3000 {
            let text = Array(randomText(&rng, words: Int.random(in: 1...14, using: &rng)).utf8)
            let a = try fast.matches(in: text).map(\.groups), b = try plain.matches(in: text).map(\.groups)
            XCTAssertEqual(a, b, "\(pattern) on \(String(decoding: text, as: UTF8.self).debugDescription)")
            if let shared = shared {
                // the scan shared by a rule's patterns (PatternRule) finds the same
                var c: [[ByteRange?]] = []
                try fast.matcher().forEach(in: text, wordStarts: shared.offsets(in: text)) { c.append($0.groups); return true }
                XCTAssertEqual(c, b, "\(pattern) (shared scan) on \(String(decoding: text, as: UTF8.self).debugDescription)")
            }
            found += b.count
        }
        XCTAssertGreaterThan(found, 0, "the random texts should hold some matches of \(pattern)")
    }

    func testRepeatedWordPattern() throws {
        try compare(#"\b(?!(?:that|had|is|do|bye|ha|no|very|so|can|in|on|to|of|and)\b)(\p{L}[\p{L}\p{M}]*)\s+\1\b(?!-)"#,
                    caseless: true, prefilter: .adjacentRepeat)
        try compare(#"\b(\p{L}+)\s+\1\b"#, caseless: false, prefilter: .adjacentRepeat)
        // the shape of the built-in rule: a branch reset with a second, narrower alternative
        try compare(#"(?|\b(?!(?:that|had|so)\b)(\p{L}[\p{L}\p{M}]*)\s+\1\b(?!-)|\b(that)\s+\1\b(?=\s+(?:the|a|model)\b|\s+(?-i:\p{Lu})))"#,
                    caseless: true, prefilter: .adjacentRepeat)
    }

    func testLiteralOpenings() throws {
        try compare(#"\b(factor of|up to|by|of|an?)(?= ?[.,;:)](?:\s|$)| (?:the|model)\b)"#, caseless: false, prefilter: nil)
        try compare(#"\b(?:the|a|an)\s+((?:of|is|that)\b)(?![-'’])"#, caseless: false, prefilter: nil)
        try compare(#"\b(achieves?|the|model) (?=[.,;:](?:\s|$))"#, caseless: false, prefilter: nil)
    }

    func testCaselessLiteralOpenings() throws {
        // literals are compared with ASCII case folded and cut before 'k' or 's' (KELVIN SIGN and LONG S
        // match them caselessly with other byte lengths): 'straße', 'STRASSE', 'ſ' and 'K' are in the texts
        try compare(#"\b(up to|factor of|the|an?)(?= ?[.,;:)](?:\s|$)| (?:the|model)\b)"#, caseless: true, prefilter: nil)
        try compare(#"\b(?:take|that|naïve|is) \K(of|the)\b"#, caseless: true, prefilter: nil)
        try compare(#"\b(model|naïve|the)(?<=\bthe model|naïve|\bthe)\b"#, caseless: true, prefilter: nil)
    }

    func testOtherShapesAreNotPrefiltered() throws {
        for p in [#"\b(the|a)|x"#, #"\b(?i)(the)"#, #"\b(\d+|the)"#, #"(the|a)\b"#, #"\b(?=the)(the)"#] {
            XCTAssertNil(try Regex(p).starts, p)
        }
        // caseless: a literal that opens with 'k' or 's' leaves nothing to look for
        XCTAssertNil(try Regex(#"\b(the|so)"#, caseless: true).starts)
        XCTAssertNil(try Regex(#"\b(key|of)"#, caseless: true).starts)
        XCTAssertNotNil(try Regex(#"\b(the|of)"#, caseless: true).starts)
    }
}
