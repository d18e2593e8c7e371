@testable import DigestLintCLI
import DigestLint
import Foundation
import XCTest

/// Hostile inputs end with a clear message, exit 2 (or 1 for findings), and never a crash or hang.
final class HostileInputTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("dl-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func testEmptyFileIsClean() throws {
        let p = try write("empty.txt", [])
        let r = CLIRun(["check", p])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("Found 0 problems"))
    }

    func testBinaryDataReportsInvalidUTF8WithOffsets() throws {
        var rng = SplitMix(seed: 7)
        let bytes = (0..<5000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let p = try write("binary.bin", bytes)
        let r = CLIRun(["check", "--format", "json", "--input-format", "digest", p])
        XCTAssertTrue([0, 1].contains(r.code), r.err)
        let obj = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let ds = (obj["files"] as! [[String: Any]])[0]["diagnostics"] as! [[String: Any]]
        XCTAssertTrue(ds.contains { $0["rule"] as? String == "invalid-utf8" })
    }

    func testInvalidUTF8IsReportedAndCheckingContinues() throws {
        var text = Array("2026-01-05\n\nA Title\n\nAuthors: A B\n\n2026-01-03\n\nhttp://arxiv.org/abs/2601.00001v1\n\nBad byte ".utf8)
        let bad = text.count
        text += [0xC3, 0x28]
        text += Array(" here and \\textbf{bold} text.\n".utf8)
        let src = SourceText(path: "x", bytes: text)
        let ds = Linter(rules: Repo.builtin, options: LintOptions()).lint(try InputReader.parse(src, format: .digest))
        let inv = ds.filter { $0.rule == "invalid-utf8" }
        XCTAssertEqual(inv.map(\.range.start), [bad])
        XCTAssertEqual(inv.first?.entry, 1)
        XCTAssertTrue(ds.contains { $0.rule == "tex-bold" }, "rules still run after the bad byte")
    }

    func testUTF16WithBOMIsRefusedClearly() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in "2026-01-05\n\nTitle\n".utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let p = try write("utf16.txt", bytes)
        let r = CLIRun(["check", p])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains(p + ":1:1:"), r.err)
        XCTAssertTrue(r.err.contains("UTF-16LE"), r.err)
    }

    func testVeryLongSingleLine() throws {
        // 8 MB on one line in the debug build; `make hostile` runs 100 MB against the release build.
        var line = [UInt8]()
        line.reserveCapacity(8_000_000)
        let chunk = Array("words words with \\textbf{bold} and 36 % of things ".utf8)
        while line.count < 8_000_000 { line += chunk }
        let p = try write("long.txt", line + [0x0A])
        let r = CLIRun(["check", "--format", "json", "--select", "latex", p])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.out.contains("\"entries\":1"))
    }

    func testAMillionTinyEntries() throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(4_000_000)
        for _ in 0..<1_000_000 { bytes += [UInt8(ascii: "T"), 0x0A, 0x0A] }
        let p = try write("tiny.txt", bytes)
        let r = CLIRun(["check", "--format", "jsonl", "--select", "tex-bold", p])
        XCTAssertEqual(r.code, 0, r.err)
        let doc = DigestReader.read(SourceText(path: "t", bytes: bytes))
        XCTAssertEqual(doc.entries.count, 1_000_000)
    }

    func testYAMLAliasBombIsRefused() throws {
        let bomb = """
        id: bomb
        category: style
        severity: info
        message: m
        pattern: x
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]

        """
        let pack = dir.appendingPathComponent("pack/style")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try bomb.write(to: pack.appendingPathComponent("bomb.yml"), atomically: true, encoding: .utf8)
        let r = CLIRun(["check", "--rules", dir.appendingPathComponent("pack").path, Repo.seed])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("bomb.yml:6:"), r.err)
        XCTAssertTrue(r.err.contains("anchors are not supported"), r.err)
    }

    func testMissingOrUnreadableRuleFiles() throws {
        let r = CLIRun(["check", "--rules", dir.appendingPathComponent("nope").path, Repo.seed])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("rule folder not found"), r.err)
        // A folder where a rule file should be cannot be read as one.
        let pack = dir.appendingPathComponent("pack2/style/odd-rule.yml")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        let r2 = CLIRun(["check", "--rules", dir.appendingPathComponent("pack2").path, Repo.seed])
        XCTAssertEqual(r2.code, 2)
        XCTAssertTrue(r2.err.contains("odd-rule.yml"), r2.err)
    }

    func testDeeplyNestedYAMLIsRefused() throws {
        let deep = "id: deep\ncategory: style\nseverity: info\nmessage: m\npattern: x\nx: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "\n"
        XCTAssertThrowsError(try RuleLoader.load(bytes: Array(deep.utf8), file: "p/s/deep.yml")) { e in
            XCTAssertTrue("\(e)".contains("nesting deeper"), "\(e)")
        }
    }
}
