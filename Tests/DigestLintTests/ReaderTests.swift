@testable import DigestLint
import XCTest

final class ReaderTests: XCTestCase {
    func read(_ s: String) -> Document { DigestReader.read(SourceText(path: "t.txt", text: s)) }

    func testSeedHasFiftyCompleteEntries() throws {
        let src = try InputReader.load(path: Repo.seed)
        let doc = DigestReader.read(src)
        XCTAssertEqual(doc.entries.count, 50)
        XCTAssertEqual(doc.digestDate, SimpleDate(year: 2026, month: 2, day: 24))
        for e in doc.entries {
            XCTAssertEqual(e.fields.map(\.kind), [.title, .authors, .date, .url, .abstract], "entry \(e.index)")
            XCTAssertNotNil(e.arxivID, "entry \(e.index)")
            XCTAssertFalse(e.authorRanges.isEmpty)
            for f in e.fields {
                XCTAssertEqual(Array(src.bytes[f.sourceRange.start..<f.sourceRange.end]), f.text, "entry \(e.index) \(f.kind)")
            }
        }
        XCTAssertEqual(doc.entries[0].title, "PositionOCR Augmenting Positional Awareness in Multi-Modal Models via Hybrid Specialist Integration")
        XCTAssertEqual(doc.entries[0].arxivID?.base, "2602.19188")
        XCTAssertEqual(doc.entries[0].arxivID?.version, 1)
    }

    func testFieldsAndAuthorsHaveExactRanges() {
        let doc = read("2026-01-05\n\nT One\n\nAuthors: A B, C D and E F\n\n2026-01-03\n\nhttp://arxiv.org/abs/2601.00001v2\n\nAbstract one.\n")
        XCTAssertEqual(doc.entries.count, 1)
        let e = doc.entries[0]
        let authors = e.field(.authors)!
        XCTAssertEqual(e.authorRanges.map { authors.string($0) }, ["A B", "C D", "E F"])
        XCTAssertEqual(e.field(.abstract)?.string, "Abstract one.")
        XCTAssertEqual(e.arxivID?.version, 2)
    }

    func testCRLFMissingFinalNewlineAndExtraBlankLines() {
        let doc = read("2026-01-05\r\n\r\nTable of Contents\r\n\r\n\r\n\r\nT One\r\n\r\nAuthors: A\r\n\r\n2026-01-03\r\n\r\nhttp://arxiv.org/abs/2601.00001v1\r\n\r\n\r\nAbs one.\r\n\r\nT Two\r\n\r\nAuthors: B\r\n\r\n2026-01-03\r\n\r\nhttp://arxiv.org/abs/2601.00002v1\r\n\r\nAbs two.")
        XCTAssertEqual(doc.entries.count, 2)
        XCTAssertEqual(doc.entries[0].field(.abstract)?.string, "Abs one.")
        XCTAssertEqual(doc.entries[1].field(.abstract)?.string, "Abs two.")
        XCTAssertEqual(doc.entries[1].title, "T Two")
    }

    func testMissingFieldsStartNewEntriesWhereOrderRestarts() {
        // Entry 1 lacks its URL, entry 2 its title, entry 3 everything but title and abstract.
        let long = String(repeating: "Long abstract text. ", count: 20)
        let doc = read("2026-01-05\n\nT One\n\nAuthors: A\n\n2026-01-03\n\nAbs one.\n\nAuthors: B\n\n2026-01-03\n\nhttp://arxiv.org/abs/2601.00002v1\n\nAbs two.\n\nT Three\n\n\(long)\n")
        XCTAssertEqual(doc.entries.count, 3)
        XCTAssertEqual(doc.entries[0].fields.map(\.kind), [.title, .authors, .date, .abstract])
        XCTAssertEqual(doc.entries[1].fields.map(\.kind), [.authors, .date, .url, .abstract])
        XCTAssertEqual(doc.entries[2].fields.map(\.kind), [.title, .abstract])
        let ds = Linter(rules: Repo.builtin, options: { var o = LintOptions(); o.select = ["missing-field"]; return o }()).lint(doc)
        XCTAssertEqual(ds.map(\.entry), [1, 2, 3])
        XCTAssertTrue(ds[0].message.contains("url"))
    }

    func testArxivIDs() {
        XCTAssertEqual(ArxivID.parse("2602.19188v1")?.base, "2602.19188")
        XCTAssertNil(ArxivID.parse("2602.1918v1"))     // 4-digit numbers ended in 2014
        XCTAssertNotNil(ArxivID.parse("0704.0001"))
        XCTAssertNil(ArxivID.parse("2613.19188"))      // month 13
        XCTAssertEqual(ArxivID.parse("hep-th/9901001v2")?.version, 2)
        XCTAssertEqual(ArxivID.parse("2602.19188")?.yymm?.year, 2026)
    }

    func testDates() {
        XCTAssertNil(SimpleDate.parse(Array("2026-2-01".utf8)))
        XCTAssertFalse(SimpleDate.parse(Array("2026-02-30".utf8))!.isValid)
        XCTAssertTrue(SimpleDate.parse(Array("2024-02-29".utf8))!.isValid)
        XCTAssertFalse(SimpleDate.parse(Array("2025-02-29".utf8))!.isValid)
    }

    func testRandomBytesNeverCrashTheReaderOrRules() {
        var rng = SplitMix(seed: 42)
        let alphabet = Array("abc XYZ\n\n\r\\{}~%-:,.Authors: 2026-01-03 http://arxiv.org/abs/2601.00001v1 é€𝔘".utf8)
        for round in 0..<300 {
            let n = Int(rng.next() % 600)
            let bytes: [UInt8] = (0..<n).map { _ in round % 2 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let src = SourceText(path: "r", bytes: bytes)
            let doc = DigestReader.read(src)
            for e in doc.entries { for f in e.fields { XCTAssertEqual(Array(bytes[f.sourceRange.start..<f.sourceRange.end]), f.text) } }
            for d in Linter(rules: Repo.builtin, options: LintOptions()).lint(doc) {
                XCTAssertTrue(0 <= d.range.start && d.range.start <= d.range.end && d.range.end <= bytes.count)
                for f in d.fixes { for e in f.edits { XCTAssertTrue(e.start <= e.end && e.end <= bytes.count) } }
            }
        }
    }
}

/// A small deterministic generator for tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
