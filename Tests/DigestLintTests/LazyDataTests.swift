import Foundation
import XCTest
@testable import DigestLint
@testable import DigestLintCLI

/// Data files (lexicons) load only for enabled rules, once per process, and a bad file still stops
/// the run with its file named (exit 2) when its rule is enabled.
final class LazyDataTests: XCTestCase {
    /// A rule pack with a pattern rule and a number-gap rule whose lexicon file is malformed.
    func pack() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lazydata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("r/x"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try "total\tnum\t5\nleft\tby\t1\n".write(to: dir.appendingPathComponent("bad-gap.tsv"), atomically: true, encoding: .utf8)
        try """
        id: gap
        category: missing-number
        severity: error
        scope: [abstract]
        analysis: number-gap
        settings:
          lexicon: ../../bad-gap.tsv

        """.write(to: dir.appendingPathComponent("r/x/gap.yml"), atomically: true, encoding: .utf8)
        try """
        id: dbl
        category: style
        severity: warning
        message: "doubled word '$0'"
        pattern: '\\bthe the\\b'

        """.write(to: dir.appendingPathComponent("r/x/dbl.yml"), atomically: true, encoding: .utf8)
        return dir.appendingPathComponent("r").path
    }

    func testDataOfADisabledRuleIsNotLoaded() throws {
        let dir = try pack()
        let rules = try RuleSet(directories: [dir], loadData: false)
        var o = LintOptions()
        o.select = ["dbl"]
        let linter = Linter(rules: rules, options: o)
        XCTAssertNoThrow(try linter.prepare())
        let doc = TestDigest.make(text: "We saw the the cat.").document
        XCTAssertEqual(linter.lint(doc).map(\.rule), ["dbl"])
        XCTAssertFalse(rules.check(id: "gap")!.data.contains { ($0 as? LazyData<NumberLexicon>)?.isLoaded == true })
    }

    func testBadDataOfAnEnabledRuleIsAConfigError() throws {
        let dir = try pack()
        let rules = try RuleSet(directories: [dir], loadData: false)
        var o = LintOptions()
        o.select = ["gap"]
        XCTAssertThrowsError(try Linter(rules: rules, options: o).prepare()) { e in
            XCTAssertTrue("\(e)".contains("bad-gap.tsv"), "\(e)")
        }
        // eager loading (the library default) reports it when the rules load
        XCTAssertThrowsError(try RuleSet(directories: [dir]))
    }

    func testCLIExitsTwoOnlyWhenTheRuleWithBadDataIsSelected() throws {
        let dir = try pack()
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("lazydata-\(UUID().uuidString).txt")
        try TestDigest.make(text: "We saw the the cat.").source.bytes.withUnsafeBufferPointer { try Data($0).write(to: input) }
        defer { try? FileManager.default.removeItem(at: input) }
        let base = ["check", "--no-builtin-rules", "--no-config", "--rules", dir, "--format", "json"]
        let ok = CLIRun(base + ["--select", "dbl", input.path])
        XCTAssertEqual(ok.code, 1, ok.err)
        XCTAssertTrue(ok.out.contains("\"rule\":\"dbl\""), ok.out)
        let bad = CLIRun(base + [input.path])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.err.contains("bad-gap.tsv"), bad.err)
        XCTAssertTrue(bad.out.isEmpty, "nothing is reported before the data loads: \(bad.out)")
    }

    func testSharedHandleLoadsOnceAcrossThreads() throws {
        let key = "test:\(UUID().uuidString)"
        let counter = NSLock()
        nonisolated(unsafe) var loads = 0
        let make = { LazyData<[Int]>.shared(key: key) { counter.lock(); loads += 1; counter.unlock(); return Array(0..<1000) } }
        let handles = (0..<8).map { _ in make() }
        XCTAssertTrue(handles.allSatisfy { $0 === handles[0] })
        DispatchQueue.concurrentPerform(iterations: 8) { i in XCTAssertEqual(handles[i].value.count, 1000) }
        XCTAssertEqual(loads, 1)
    }

    func testRunMemoComputesOncePerRun() {
        let memo = RunMemo()
        let lock = NSLock()
        nonisolated(unsafe) var calls = 0
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let v: Int = memo.value("k") { lock.lock(); calls += 1; lock.unlock(); return 42 }
            XCTAssertEqual(v, 42)
        }
        XCTAssertEqual(calls, 1)
        XCTAssertEqual(RunMemo().value("k") { 7 }, 7, "a new run computes again")
    }
}
