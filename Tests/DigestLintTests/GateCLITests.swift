import Foundation
import XCTest
@testable import DigestLint
@testable import DigestLintCLI

/// Configuration, baseline, exit codes and the fix/diff plumbing of `check`, through the CLI.
final class GateCLITests: XCTestCase {
    let pack = Gate.fixture("gate-basic") + "/rules"

    struct Run { var status: Int32; var out: String; var err: String; var bytes: [UInt8] }

    func run(_ args: [String]) -> Run {
        var out = "", err = "", bytes: [UInt8] = []
        let io = IO(out: { out += $0 }, err: { err += $0 }, outBytes: { bytes += $0 })
        let status = CLI.run(args, io: io)
        return Run(status: status, out: out, err: err, bytes: bytes)
    }

    /// A scratch copy of the fixture digest; returns its path.
    func copyInput(_ dir: String) throws -> String {
        let path = dir + "/digest.txt"
        try Data(Gate.read(Gate.fixture("gate-basic") + "/input.txt")).write(to: URL(fileURLWithPath: path))
        return path
    }

    var base: [String] { ["check", "--no-builtin-rules", "--no-config", "--rules", pack] }

    // MARK: configuration

    func testConfigurationParsesAndWarnsOnUnknownKeys() throws {
        let yml = """
        select: [latex, duplicate]
        ignore: [fx-dash]
        severity:
          fx-tilde: error
        fix:
          fx-double: safe
        placeholder: key
        accept-words: [Mamba, RoPE]
        reject-words: [utilise]
        colour-scheme: dark
        fail-on: error

        """
        let c = try Configuration.parse(Array(yml.utf8), file: "/p/.digestlint.yml")
        XCTAssertEqual(c.select, ["latex", "duplicate"])
        XCTAssertEqual(c.ignore, ["fx-dash"])
        XCTAssertEqual(c.severities["fx-tilde"], .error)
        XCTAssertEqual(c.fixApplicability["fx-double"], .safe)
        XCTAssertEqual(c.placeholder, "key")
        XCTAssertEqual(c.acceptWords, ["Mamba", "RoPE"])
        XCTAssertEqual(c.rejectWords, ["utilise"])
        XCTAssertEqual(c.failOn, "error")
        XCTAssertEqual(c.warnings.count, 1)
        XCTAssertTrue(c.warnings[0].hasPrefix("/p/.digestlint.yml:10:1: unknown key 'colour-scheme'"), c.warnings[0])
        var o = LintOptions()
        c.apply(to: &o, commandLineSelect: false, commandLinePlaceholder: false)
        XCTAssertEqual(o.acceptWords, ["Mamba", "RoPE"])
        XCTAssertEqual(o.select, ["latex", "duplicate"])
    }

    func testConfigurationTypeErrorsNameTheLine() {
        XCTAssertThrowsError(try Configuration.parse(Array("select: [a]\nseverity:\n  fx-tilde: loud\n".utf8), file: "c.yml")) { e in
            XCTAssertEqual("\(e)".prefix(8), "c.yml:3:")
            XCTAssertTrue("\(e)".contains("fx-tilde"))
        }
        XCTAssertThrowsError(try Configuration.parse(Array("ignore: {a: 1}\n".utf8), file: "c.yml"))
        XCTAssertThrowsError(try Configuration.parse(Array("select: [a\n".utf8), file: "c.yml"))
    }

    func testConfigurationIsFoundUpwardAndApplied() throws {
        let dir = Gate.tempDir()
        let path = try copyInput(dir)
        try FileManager.default.createDirectory(atPath: dir + "/a/b", withIntermediateDirectories: true)
        try Data("severity:\n  fx-marks: info\nfix:\n  fx-double: safe\nignore: [fx-colour]\nrules: [\(pack)]\nfail-on: error\nnot-a-key: 1\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/.digestlint.yml"))
        XCTAssertEqual(Configuration.find(from: dir + "/a/b"), dir + "/.digestlint.yml")
        let r = run(["check", "--no-builtin-rules", "--config", dir + "/.digestlint.yml", "--format", "json", path])
        XCTAssertTrue(r.err.contains(".digestlint.yml:8:1: unknown key 'not-a-key'"), r.err)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let diags = ((json["files"] as! [[String: Any]])[0]["diagnostics"] as! [[String: Any]])
        XCTAssertFalse(diags.contains { $0["rule"] as? String == "fx-colour" })
        XCTAssertEqual(diags.first { $0["rule"] as? String == "fx-marks" }?["severity"] as? String, "info")
        let double = diags.first { $0["rule"] as? String == "fx-double" }!
        XCTAssertEqual(((double["fixes"] as! [[String: Any]])[0])["applicability"] as? String, "safe")
        // fail-on: error from the file; the missing url is still an error.
        XCTAssertEqual(r.status, 1)
        // The promoted fix is applied by plain --fix.
        let f = run(["check", "--no-builtin-rules", "--config", dir + "/.digestlint.yml", "--fix", path])
        XCTAssertTrue(String(decoding: Gate.read(path), as: UTF8.self).contains("on the benchmark"), f.err)
    }

    func testMissingConfigFileIsAUsageError() {
        let r = run(base + ["--config", "/nonexistent/.digestlint.yml", Gate.fixture("gate-basic") + "/input.txt"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("/nonexistent/.digestlint.yml"))
    }

    // MARK: baseline

    func testRunAgainstItsOwnBaselineExitsZero() throws {
        let dir = Gate.tempDir()
        let path = try copyInput(dir)
        let w = run(base + ["--write-baseline", dir + "/baseline.json", path])
        XCTAssertEqual(w.status, 0)
        XCTAssertTrue(w.err.contains("wrote 12 findings"), w.err)
        let r = run(base + ["--baseline", dir + "/baseline.json", path])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.contains("Found 0 problems"))
        XCTAssertTrue(r.err.contains("12 findings hidden by the baseline"))
        // A new finding is reported.
        var text = String(decoding: Gate.read(path), as: UTF8.self)
        text = text.replacingOccurrences(of: "We revisit counting", with: "We we revisit counting")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let n = run(base + ["--baseline", dir + "/baseline.json", "--format", "jsonl", path])
        XCTAssertEqual(n.status, 1)
        XCTAssertEqual(n.out.split(separator: "\n").count, 1)
        XCTAssertTrue(n.out.contains("\"repeated word 'We'\""), n.out)
    }

    func testBaselineSurvivesReorderingShiftsAndMessageChanges() throws {
        let p = try Gate.pipeline(rules: [pack])
        let text = String(decoding: Gate.read(Gate.fixture("gate-basic") + "/input.txt"), as: UTF8.self)
        let (report, _) = try p.check(SourceText(path: "a", text: text))
        let baseline = try Baseline.parse(Array(Baseline([report]).render().utf8), file: "b.json")
        XCTAssertEqual(baseline, Baseline([report]))
        // Swap the first two entries and push everything down by two lines.
        let blocks = text.components(separatedBy: "\n\nCounting Without Numbers")
        let first = blocks[0].components(separatedBy: "Table of Contents\n\n")
        let rest = "Counting Without Numbers" + blocks[1]
        let entry2 = String(rest[..<rest.range(of: "\n\nAn Entry Missing")!.lowerBound])
        let tail = String(rest[rest.range(of: "\n\nAn Entry Missing")!.lowerBound...])
        let moved = "\n\n" + first[0] + "Table of Contents\n\n" + entry2 + "\n\n" + first[1] + tail
        var (r2, _) = try p.check(SourceText(path: "a", text: moved))
        XCTAssertEqual(r2.diagnostics.count, report.diagnostics.count)
        XCTAssertNotEqual(r2.diagnostics.map(\.range.start), report.diagnostics.map(\.range.start))
        for i in r2.diagnostics.indices { r2.diagnostics[i].message += " (reworded)" }
        let (kept, suppressed) = baseline.filter(r2.diagnostics, in: r2.document)
        XCTAssertEqual(kept.count, 0)
        XCTAssertEqual(suppressed, report.diagnostics.count)
    }

    func testBadBaselineIsAUsageError() throws {
        let dir = Gate.tempDir()
        try Data("{\"version\": 9, \"findings\": []}".utf8).write(to: URL(fileURLWithPath: dir + "/b.json"))
        let r = run(base + ["--baseline", dir + "/b.json", Gate.fixture("gate-basic") + "/input.txt"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("b.json"), r.err)
    }

    // MARK: fix, diff, exit codes

    func testFixInPlaceReportsCountsAndExitsByWhatRemains() throws {
        let dir = Gate.tempDir()
        let path = try copyInput(dir)
        let before = Gate.read(path)
        let r = run(base + ["--fix", path])
        XCTAssertTrue(r.err.contains("applied 5 fixes in 1 file; 6 findings remain (1 overlapping fix was deferred"), r.err)
        XCTAssertTrue(r.err.contains("2 more fixes are available with --unsafe-fixes"), r.err)
        XCTAssertEqual(r.status, 1)
        XCTAssertNotEqual(Gate.read(path), before)
        let u = run(base + ["--fix", "--unsafe-fixes", "--select", "latex,duplicate", path])
        XCTAssertEqual(u.status, 0, u.err)
        XCTAssertTrue(u.err.contains("applied 2 fixes"), u.err)
        let again = run(base + ["--fix", "--unsafe-fixes", "--select", "latex,duplicate", "--exit-non-zero-on-fix", path])
        XCTAssertEqual(again.status, 0, "nothing left to fix")
        XCTAssertEqual(run(base + ["--exit-zero", path]).status, 0)
    }

    func testExitNonZeroOnFix() throws {
        let dir = Gate.tempDir()
        let path = try copyInput(dir)
        let r = run(base + ["--fix", "--select", "latex", "--exit-non-zero-on-fix", path])
        XCTAssertEqual(r.status, 1, "all latex findings are fixed, but files changed")
        XCTAssertTrue(r.err.contains("0 findings remain"), r.err)
    }

    func testDiffChangesNothingAndAppliesWithGit() throws {
        let dir = Gate.tempDir()
        let path = try copyInput(dir)
        let before = Gate.read(path)
        let r = run(base + ["--diff", "--unsafe-fixes", path])
        XCTAssertEqual(Gate.read(path), before)
        XCTAssertTrue(r.err.contains("would be applied"), r.err)
        let diff = try DiffTests.gitApply(old: before, diff: Array(String(decoding: r.bytes, as: UTF8.self)
            .replacingOccurrences(of: "a/" + path.dropFirst(), with: "a/digest.txt")
            .replacingOccurrences(of: "b/" + path.dropFirst(), with: "b/digest.txt").utf8))
        let fixed = run(base + ["--fix", "--unsafe-fixes", path])
        XCTAssertEqual(fixed.status, 1)
        XCTAssertEqual(diff, Gate.read(path))
    }

    func testFixFromStandardInputPrintsTheFixedText() throws {
        // Standard input cannot be fed through CLI.run; the pipeline is what the CLI calls for '-'.
        let dir = Gate.tempDir()
        let path = try copyInput(dir)
        let p = Process()
        // The executable is built beside the test bundle.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("digestlint").path
        guard FileManager.default.isExecutableFile(atPath: exe) else { throw XCTSkip("no digestlint executable beside the tests at \(exe)") }
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["check", "--no-builtin-rules", "--no-config", "--rules", pack, "--fix", "-"]
        p.standardInput = FileHandle(forReadingAtPath: path)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let expected = try Gate.pipeline(rules: [pack]).fix(SourceText(path: "-", bytes: Gate.read(path)), policy: FixPolicy()).outcome.fixed
        XCTAssertEqual(Array(data), expected)
        XCTAssertEqual(p.terminationStatus, 1)
    }

    func testSeedFixUnsafeTwiceIsStableAndKeepsEntries() throws {
        let dir = Gate.tempDir()
        let path = dir + "/seed.txt"
        let seed = Gate.read(Gate.root + "/seeds/000_b4c6ec501019da4d.txt")
        try Data(seed).write(to: URL(fileURLWithPath: path))
        let entries = DigestReader.read(SourceText(path: "s", bytes: seed)).entries.count
        _ = run(["check", "--no-config", "--rules", Gate.builtinRules, "--no-builtin-rules", "--fix", "--unsafe-fixes", path])
        let once = Gate.read(path)
        XCTAssertNotEqual(once, seed)
        let second = run(["check", "--no-config", "--rules", Gate.builtinRules, "--no-builtin-rules", "--fix", "--unsafe-fixes", path])
        XCTAssertEqual(Gate.read(path), once)
        XCTAssertTrue(second.err.contains("applied 0 fixes"), second.err)
        XCTAssertEqual(DigestReader.read(SourceText(path: "s", bytes: once)).entries.count, entries)
    }

    func testEveryFormatRenders() throws {
        for f in ["text", "json", "jsonl", "sarif", "github", "rdjson", "html"] {
            let r = run(base + ["--format", f, Gate.fixture("gate-basic") + "/input.txt"])
            XCTAssertEqual(r.status, 1, f)
            XCTAssertFalse(r.out.isEmpty, f)
        }
        XCTAssertEqual(run(base + ["--format", "xml", Gate.fixture("gate-basic") + "/input.txt"]).status, 2)
    }
}
