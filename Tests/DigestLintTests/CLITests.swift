@testable import DigestLintCLI
import DigestLint
import Foundation
import XCTest

/// Runs the command line in-process and captures what it prints.
struct CLIRun {
    var code: Int32
    var out: String
    var err: String

    init(_ args: [String]) {
        var o = "", e = ""
        let io = IO(out: { o += $0 }, err: { e += $0 })
        code = CLI.run(args, io: io)
        out = o; err = e
    }
}

final class ArgumentParserTests: XCTestCase {
    let spec = OptionSpec(valued: ["format", "select"], flags: ["fix", "help"])

    func testForms() throws {
        let p = try ArgumentParser.parse(["check", "--format", "json", "--select=a,b", "--select", "c", "--fix", "x.txt", "-", "--", "--odd"],
                                         commands: ["check"], spec: spec)
        XCTAssertEqual(p.command, "check")
        XCTAssertEqual(p.value("format"), "json")
        XCTAssertEqual(p.list("select"), ["a", "b", "c"])
        XCTAssertTrue(p.has("fix"))
        XCTAssertEqual(p.positionals, ["x.txt", "-", "--odd"])
        XCTAssertTrue(try ArgumentParser.parse(["-h"], commands: [], spec: spec).has("help"))
    }

    func testErrors() {
        XCTAssertThrowsError(try ArgumentParser.parse(["--nope"], commands: [], spec: spec))
        XCTAssertThrowsError(try ArgumentParser.parse(["--format"], commands: [], spec: spec))
        XCTAssertThrowsError(try ArgumentParser.parse(["--fix=1"], commands: [], spec: spec))
        XCTAssertThrowsError(try ArgumentParser.parse(["-z"], commands: [], spec: spec))
    }
}

final class CLITests: XCTestCase {
    func testVersionAndHelp() {
        XCTAssertEqual(CLIRun(["--version"]).out, "digestlint 0.1.0\n")
        let h = CLIRun(["check", "--help"])
        XCTAssertEqual(h.code, 0)
        XCTAssertTrue(h.out.contains("--fail-on"))
        XCTAssertEqual(CLIRun([]).code, 2)
    }

    func testUsageErrorsExitTwo() {
        for args in [["check", "--bogus"], ["check", "--format", "xml", Repo.seed], ["check", "--fail-on", "sometimes", Repo.seed],
                     ["check", "--select", "no-such-rule", Repo.seed], ["check", "--jobs", "0", Repo.seed], ["explain", "no-such-rule"]] {
            let r = CLIRun(args)
            XCTAssertEqual(r.code, 2, "\(args)")
            XCTAssertTrue(r.err.hasPrefix("digestlint: "), r.err)
            XCTAssertEqual(r.err.filter { $0 == "\n" }.count, 1, "one-line message: \(r.err)")
        }
    }

    func testUnreadableInputsNameTheFile() {
        let r = CLIRun(["check", "/nonexistent/digest.txt"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("/nonexistent/digest.txt"))
        let d = CLIRun(["check", Repo.fixtures])
        XCTAssertEqual(d.code, 2)
        XCTAssertTrue(d.err.contains("folder"))
    }

    func testBadRulePackExitsTwoNamingFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dl-pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("style"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("style/bad-rule.yml")
        try "id: bad-rule\ncategory: style\nseverity: info\nmessage: m\npattern: '([a-z'\n".write(to: file, atomically: true, encoding: .utf8)
        let r = CLIRun(["check", "--rules", dir.path, Repo.seed])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains(file.path + ":5:"), r.err)
        XCTAssertTrue(r.err.contains("key 'pattern'"), r.err)
    }

    func testExitCodesFollowFailOn() {
        XCTAssertEqual(CLIRun(["check", Repo.seed]).code, 1)
        XCTAssertEqual(CLIRun(["check", "--fail-on", "never", Repo.seed]).code, 0)
        XCTAssertEqual(CLIRun(["check", "--exit-zero", Repo.seed]).code, 0)
        // Only info-level rules selected: fails at info, passes at warning.
        XCTAssertEqual(CLIRun(["check", "--select", "tex-en-dash", "--fail-on", "info", Repo.seed]).code, 1)
        XCTAssertEqual(CLIRun(["check", "--select", "tex-en-dash", "--fail-on", "warning", Repo.seed]).code, 0)
    }

    func testSelectAndIgnoreByIdAndCategory() throws {
        let r = CLIRun(["check", "--format", "json", "--select", "latex", "--ignore", "tex-tilde", Repo.seed])
        let obj = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let ds = (obj["files"] as! [[String: Any]])[0]["diagnostics"] as! [[String: Any]]
        XCTAssertFalse(ds.isEmpty)
        XCTAssertTrue(ds.allSatisfy { $0["category"] as? String == "latex" && $0["rule"] as? String != "tex-tilde" })
    }

    func testTextReportIsCompilerStyle() {
        let r = CLIRun(["check", "--select", "tex-bold", Repo.seed])
        let first = r.out.split(separator: "\n")[0]
        XCTAssertNotNil(first.range(of: #"^.*000_b4c6ec501019da4d\.txt:\d+:\d+: warning: .* \[tex-bold\]$"#, options: .regularExpression), String(first))
        XCTAssertTrue(r.out.contains("^^^"))
        XCTAssertTrue(r.out.contains("= fix: render as"))
    }

    func testRulesAndExplain() {
        let r = CLIRun(["rules"])
        XCTAssertEqual(r.code, 0)
        XCTAssertTrue(r.out.contains("tex-bold"))
        let e = CLIRun(["explain", "tex-bold"])
        XCTAssertEqual(e.code, 0)
        for section in ["What it finds", "Why it matters", "Flagged", "Fix safety", "Silence it"] { XCTAssertTrue(e.out.contains(section), section) }
    }

    func testStandardInputPathIsDash() throws {
        // Via the library: '-' maps to <stdin>; here we only check that a missing PATH means stdin by parsing.
        let p = try ArgumentParser.parse(["check"], commands: CLI.commands, spec: CLI.spec)
        XCTAssertTrue(p.positionals.isEmpty)
    }
}
