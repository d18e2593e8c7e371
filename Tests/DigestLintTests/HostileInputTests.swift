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

    // MARK: JSONL

    func jsonlReport(_ r: CLIRun) throws -> [[String: Any]] {
        let obj = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        return (obj["files"] as! [[String: Any]])[0]["diagnostics"] as! [[String: Any]]
    }

    func testTruncatedJSONLNamesLineAndColumnAndKeepsTheRest() throws {
        let good = #"{"id":"3105.00001","title":"A Title","authors":["Ada Lovelace"],"published":"2031-05-01","abstract":"We show \\textbf{this} result."}"#
        // The file was cut off: inside a string (reported at its opening quote), inside an escape
        // (at the backslash), after a key (at the end of the line).
        for (cut, column) in [(#"{"id":"3105.00002","abstract":"We stud"#, 31), (#"{"id":"3105.00002","abstract":"a \u00"#, 34),
                              (#"{"id":"3105.00002","abstract""#, 30)] {
            let p = try write("cut.jsonl", Array((good + "\n" + cut).utf8))
            let r = CLIRun(["check", "--format", "json", p])
            XCTAssertEqual(r.code, 1, r.err)
            let ds = try jsonlReport(r)
            let bad = ds.filter { $0["rule"] as? String == "malformed-record" }
            XCTAssertEqual(bad.count, 1, "\(cut)")
            let msg = bad.first?["message"] as? String ?? ""
            XCTAssertTrue(msg.hasPrefix("line 2, column \(column):"), msg)
            let start = (bad.first?["range"] as? [String: Any])?["start"] as? [String: Any]
            XCTAssertEqual(start?["line"] as? Int, 2)
            XCTAssertEqual(start?["column"] as? Int, column)
            XCTAssertTrue(ds.contains { $0["rule"] as? String == "tex-bold" && $0["entry"] as? Int == 1 }, "the complete record is still checked")
        }
    }

    func testDeeplyNestedJSONIsAMalformedRecordNotACrash() throws {
        // 200 000 levels would overflow the stack of a recursive parser; the reader stops at 256.
        let deep = #"{"id":"3105.00001","extra":"# + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
            + #","abstract":"text"}"#
        let objs = #"{"id":"3105.00002","extra":"# + String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
            + #","abstract":"text"}"#
        let fine = #"{"id":"3105.00003","extra":"# + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
            + #","abstract":"We show \\textbf{this}."}"#
        let p = try write("deep.jsonl", Array([deep, objs, fine].joined(separator: "\n").utf8))
        let r = CLIRun(["check", "--format", "json", p])
        XCTAssertEqual(r.code, 1, r.err)
        let ds = try jsonlReport(r)
        let bad = ds.filter { $0["rule"] as? String == "malformed-record" }
        XCTAssertEqual(bad.count, 2)
        for (d, line) in zip(bad, [1, 2]) {
            XCTAssertTrue((d["message"] as? String ?? "").contains("nested deeper than 256 levels"), "\(d)")
            XCTAssertEqual(((d["range"] as? [String: Any])?["start"] as? [String: Any])?["line"] as? Int, line)
        }
        XCTAssertTrue(ds.contains { $0["rule"] as? String == "tex-bold" && $0["entry"] as? Int == 1 },
                      "200 levels are read (the third line is the only entry)")
    }

    // MARK: --fix targets that cannot be written

    static let fixable = "2031-05-02\n\nA Title\n\nAuthors: Ada Lovelace\n\n2031-05-01\n\nhttp://arxiv.org/abs/3105.00001v1\n\nAs shown in Section~4 the result holds.\n"

    /// Runs `chattr` (file attributes; needs root and a file system that keeps them, e.g. ext4).
    func chattr(_ flag: String, _ path: String) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        p.arguments = [flag, path]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// A target that cannot be replaced. Root ignores permission bits, so `chmod` alone would not stop
    /// the write: as root the file (or its folder) is made immutable with `chattr +i`, which stops
    /// even root from renaming over it or creating the temporary file beside it. As another user,
    /// read-only permission bits do the same. The run must end with exit 2, a message naming the
    /// file, the original bytes intact and no temporary file left behind.
    func assertFixRefusedCleanly(lockFolder: Bool) throws {
        let sub = dir.appendingPathComponent(lockFolder ? "ro-folder" : "ro-file")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let path = sub.appendingPathComponent("digest.txt").path
        let original = Array(Self.fixable.utf8)
        try Data(original).write(to: URL(fileURLWithPath: path))
        let locked = lockFolder ? sub.path : path
        if geteuid() == 0 {
            guard chattr("+i", locked) else { throw XCTSkip("chattr +i is not available here (needs ext2/3/4, xfs or btrfs)") }
        } else {
            XCTAssertEqual(chmod(path, 0o444), 0)
            XCTAssertEqual(chmod(sub.path, 0o555), 0)
        }
        defer {
            if geteuid() == 0 { _ = chattr("-i", locked) } else { chmod(sub.path, 0o755); chmod(path, 0o644) }
        }
        // The file is fixable: --diff offers the change.
        XCTAssertTrue(CLIRun(["check", "--diff", path]).out.contains("+As shown in Section 4"))
        let r = CLIRun(["check", "--fix", path])
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains(path + ": cannot write the fixed file"), r.err)
        XCTAssertEqual(r.err.filter { $0 == "\n" }.count, 1, "one line: \(r.err)")
        XCTAssertEqual(Array(FileManager.default.contents(atPath: path) ?? Data()), original, "the original is intact")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sub.path), ["digest.txt"], "no temporary file left")
    }

    func testFixOfAnImmutableFileIsRefusedWithoutPartialWrite() throws {
        // The temporary file is written, then the rename over the locked file fails: it is removed.
        try assertFixRefusedCleanly(lockFolder: false)
    }

    func testFixInAReadOnlyFolderIsRefusedWithoutPartialWrite() throws {
        // The temporary file cannot even be created.
        try assertFixRefusedCleanly(lockFolder: true)
    }

    func testFolderGivenAsFile() throws {
        let good = try write("good.txt", Array(Self.fixable.utf8))
        let folder = dir.appendingPathComponent("a-folder").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for args in [["check", folder], ["check", "--fix", folder], ["check", "--fix", good, folder], ["check", "--diff", folder]] {
            let r = CLIRun(args)
            XCTAssertEqual(r.code, 2, "\(args): \(r.err)")
            XCTAssertEqual(r.err, "digestlint: \(folder): is a folder, not a file\n", "\(args)")
        }
        // The good file named first was not fixed: every input is read before any is written.
        XCTAssertEqual(String(decoding: FileManager.default.contents(atPath: good)!, as: UTF8.self), Self.fixable)
        // A folder as the report or baseline destination: refused, the folder untouched.
        for args in [["check", "--output", folder, good], ["check", "--write-baseline", folder, good]] {
            let r = CLIRun(args)
            XCTAssertEqual(r.code, 2, "\(args): \(r.err)")
            XCTAssertTrue(r.err.contains(folder + ": cannot write"), r.err)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        }
        // A folder given as the rule pack's file, or as --config.
        let r = CLIRun(["check", "--config", folder, good])
        XCTAssertEqual(r.code, 2, r.err)
        XCTAssertTrue(r.err.contains(folder), r.err)
    }
}
