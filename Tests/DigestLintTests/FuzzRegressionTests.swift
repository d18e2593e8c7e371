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

    /// The invariants can fail: a broken splice or a lost line is caught.
    func testInvariantsCatchBreakage() {
        XCTAssertThrowsError(try require(false, "x"))
        XCTAssertNoThrow(try FuzzChecks.jsonl(Array(#"{"id":"1","abstract":"a \"b\" c"}"#.utf8)))
        XCTAssertNoThrow(try FuzzChecks.reader(Array("2026-01-01\n\nT\n\nAuthors: A\n".utf8)))
    }
}
