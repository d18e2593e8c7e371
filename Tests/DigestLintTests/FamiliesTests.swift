import XCTest
@testable import DigestLint

/// Behaviour of the issue-4 families on small digests written here.
final class FamiliesTests: XCTestCase {
    static let rulesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/rules"
    static let rules: RuleSet = { try! RuleSet(directories: [rulesDir]) }()

    struct E { var title = "A Study of Things"; var authors = "Ada Lovelace, Alan Turing"; var date = "2026-01-03"
        var url = "http://arxiv.org/abs/2601.00001v1"; var abstract = "We study things and report results." }

    func digest(_ es: [E], date: String = "2026-01-05") -> Document {
        var s = date + "\n\nTable of Contents\n\n"
        for e in es { s += "\(e.title)\n\nAuthors: \(e.authors)\n\n\(e.date)\n\n\(e.url)\n\n\(e.abstract)\n\n" }
        return DigestReader.read(SourceText(path: "t.txt", text: s))
    }

    func lint(_ d: Document, _ select: [String]) -> [Diagnostic] {
        var o = LintOptions(); o.select = select; o.jobs = 1
        return Linter(rules: FamiliesTests.rules, options: o).lint(d)
    }

    func testDuplicateIdNamesEntryAndNewerVersion() {
        var a = E(), b = E(), c = E()
        b.url = "http://arxiv.org/abs/2601.00002v1"; b.title = "Another Paper"
        c.url = "http://arxiv.org/abs/2601.00001v3"; c.title = "Third"
        let ds = lint(digest([a, b, c]), ["duplicate-id"])
        XCTAssertEqual(ds.count, 1)
        XCTAssertEqual(ds[0].entry, 3)
        XCTAssertTrue(ds[0].message.contains("repeats entry 1"), ds[0].message)
        XCTAssertTrue(ds[0].message.contains("v3 (entry 3) is the newer"), ds[0].message)
        a.url = "x"
    }

    func testDuplicateTitleFoldsCaseAndPunctuation() {
        var a = E(), b = E()
        a.title = "Fast Models: A Study"; b.title = "fast models — a study"; b.url = "http://arxiv.org/abs/2601.00009v1"
        let ds = lint(digest([a, b]), ["duplicate-title"])
        XCTAssertEqual(ds.map(\.entry), [2])
    }

    func testNearDuplicateAbstractWithMinHash() {
        let words = (0..<120).map { "w\($0 * 7 % 101)x\($0)" }
        var a = E(), b = E(), c = E()
        a.abstract = words.joined(separator: " ")
        var w2 = words; w2[50] = "changed"; b.abstract = w2.joined(separator: " ")
        b.title = "Other Title"; b.url = "http://arxiv.org/abs/2601.00002v1"
        c.abstract = words.reversed().joined(separator: " "); c.title = "Third"; c.url = "http://arxiv.org/abs/2601.00003v1"
        let ds = lint(digest([a, b, c]), ["near-duplicate-abstract"])
        XCTAssertEqual(ds.map(\.entry), [2])
        XCTAssertTrue(ds[0].message.contains("entry 1"))
    }

    func testTitleColonNeedsDigestLevelEvidence() {
        func entries(colon: Bool) -> [E] {
            (0..<20).map { i in
                var e = E()
                e.url = "http://arxiv.org/abs/2601.\(String(format: "%05d", i + 1))v1"
                e.title = colon ? "ZetaNet\(i): A Fast Method for Things" : "ZetaNet\(i) A Fast Method for Things"
                return e
            }
        }
        XCTAssertTrue(lint(digest(entries(colon: true)), ["title-colon"]).isEmpty)
        let ds = lint(digest(entries(colon: false)), ["title-colon"])
        XCTAssertEqual(ds.count, 20)
        let fix = ds[0].fixes[0]
        XCTAssertEqual(fix.applicability, .unsafe)
        XCTAssertEqual(fix.edits[0].replacement, ":")
        XCTAssertTrue(fix.title.contains("'ZetaNet0'"), fix.title)
    }

    func testYieldsToDropsOverlappingFinding() {
        let meta = RuleMeta(id: "x", category: .duplicate, severity: .warning, message: "", description: "", why: "",
                            fixApplicability: nil, examples: RuleExamples(), file: "", analysis: nil, yieldsTo: [.corruptedTerm])
        struct Fake: EntryCheck { let meta: RuleMeta; func check(_ e: Entry, _ c: CheckContext, into o: inout [Diagnostic]) {} }
        let rules = [AnyCheck.entry(Fake(meta: meta))]
        let d1 = Diagnostic(rule: "x", category: .duplicate, severity: .warning, message: "", entry: 1, field: .abstract, range: ByteRange(10, 17))
        let d2 = Diagnostic(rule: "y", category: .corruptedTerm, severity: .error, message: "", entry: 1, field: .abstract, range: ByteRange(14, 17))
        let d3 = Diagnostic(rule: "x", category: .duplicate, severity: .warning, message: "", entry: 1, field: .abstract, range: ByteRange(30, 37))
        let kept = Linter.resolveYields([d1, d2, d3], rules)
        XCTAssertEqual(kept.map(\.range.start), [14, 30])
    }

    func testYieldsToRejectsUnknownCategory() {
        let y = "id: r\ncategory: style\nseverity: info\nmessage: m\npattern: 'x'\nyields-to: [nonsense]\n"
        XCTAssertThrowsError(try RuleLoader.load(bytes: Array(y.utf8), file: "r.yml")) { e in
            XCTAssertTrue("\(e)".contains("yields-to"), "\(e)")
        }
    }

    func testDatesChecks() {
        var a = E(), b = E(), c = E()
        a.date = "2026-02-30"
        b.date = "2026-03-01"; b.url = "http://arxiv.org/abs/2601.00002v1"
        c.date = "2025-11-02"; c.url = "http://arxiv.org/abs/2601.00003v1"
        let ds = lint(digest([a, b, c], date: "2026-02-10"), ["invalid-date", "date-after-digest", "date-id-mismatch"])
        XCTAssertEqual(Set(ds.map { "\($0.rule)@\($0.entry!)" }), ["invalid-date@1", "date-after-digest@2", "date-id-mismatch@2", "date-id-mismatch@3"])
    }

    func testMojibakeRepairIsExact() {
        var a = E()
        a.authors = "JÃ¼rgen MÃ¼ller, Ada Lovelace"
        let ds = lint(digest([a]), ["mojibake"])
        XCTAssertEqual(ds.map { $0.fixes.first?.edits.first?.replacement }, ["ü", "ü"])
    }
}
