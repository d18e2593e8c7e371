import Foundation
import XCTest
@testable import DigestLint

/// Replays every saved fuzz input (fixtures/fuzz/<target>/) and the seed corpora (fuzz/corpus/<target>/)
/// through the fuzz targets' own invariants (fuzz/FuzzChecks.swift, linked into this test target).
final class FuzzRegressionTests: XCTestCase {
    override class func setUp() { FuzzRules.directory = Repo.rules }

    func inputs(_ folder: String) -> [(FuzzTarget, String)] {
        FuzzTarget.allCases.flatMap { t -> [(FuzzTarget, String)] in
            let dir = Repo.root + "/" + folder + "/" + t.rawValue
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            return names.sorted().map { (t, dir + "/" + $0) }
        }
    }

    func replay(_ folder: String) throws -> Int {
        let all = inputs(folder)
        for (t, path) in all {
            let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
            XCTAssertNoThrow(try t.check(bytes), "\(t.rawValue): \(path)")
        }
        return all.count
    }

    func testSavedCrashInputs() throws {
        XCTAssertGreaterThanOrEqual(try replay("fixtures/fuzz"), 1)
    }

    func testSeedCorpora() throws {
        XCTAssertGreaterThanOrEqual(try replay("fuzz/corpus"), 5)
    }

    /// The adversarial-fix target is not vacuous: its rules offer overlapping fixes, some of which
    /// would split records, and the fixer applies some and refuses others while the invariants hold.
    func testAdversarialEditsExerciseTheFixer() throws {
        let digest = Array("2026-01-05\n\nA Title\n\nAuthors: Ann Bee\n\n2026-01-03\n\nhttp://arxiv.org/abs/2601.00001v1\n\nthe cat and the dog and the end.\n".utf8)
        // rule 1: 'the' -> 'a', unsafe, widened by 1 byte each side, paired with the next occurrence;
        // rule 2: 'Ann' -> a blank line (splits the record: must be refused), safe.
        let header: [UInt8] = [1, 2, 1, 0x01 | (1 << 2) | 0x10] + Array("the".utf8) + [UInt8(ascii: "a")]
            + [2, 2, 0x00] + Array("Ann".utf8) + [0x0A, 0x0A]
        let (rules, body) = try XCTUnwrap(AdversarialRules.parse(header + digest))
        XCTAssertEqual(body, digest)
        XCTAssertEqual(rules.rules.count, 2)
        let ds = rules.lint(body)
        XCTAssertEqual(ds.filter { $0.rule == "fuzz-0" }.count, 3)
        XCTAssertTrue(ds.contains { $0.fixes[0].edits.count == 2 })
        let once = Fixer.run(SourceText(path: "f", bytes: body), policy: FixPolicy(minimum: .unsafe),
                             parse: { DigestReader.read($0) }, lint: { rules.lint($0.source.bytes) })
        XCTAssertGreaterThan(once.applied, 0)
        XCTAssertTrue(once.refused.contains { $0.reason == .changesEntryCount })
        XCTAssertNoThrow(try FuzzChecks.edits(header + digest))
    }

    /// The invariants can fail: a broken splice or a lost line is caught.
    func testInvariantsCatchBreakage() {
        XCTAssertThrowsError(try require(false, "x"))
        XCTAssertNoThrow(try FuzzChecks.jsonl(Array(#"{"id":"1","abstract":"a \"b\" c"}"#.utf8)))
        XCTAssertNoThrow(try FuzzChecks.reader(Array("2026-01-01\n\nT\n\nAuthors: A\n".utf8)))
    }
}
