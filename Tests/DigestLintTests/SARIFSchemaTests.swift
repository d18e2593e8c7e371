import Foundation
import XCTest
@testable import DigestLint

/// Validates SARIF output against ../shared/schemas/sarif-schema-2.1.0.json with Python's
/// jsonschema from the venv `make gate-venv` creates (a prerequisite of `make test`). Skips, saying
/// why, when the venv or the schema is absent.
final class SARIFSchemaTests: XCTestCase {
    static var python: String { ProcessInfo.processInfo.environment["DIGESTLINT_GATE_PYTHON"] ?? Gate.root + "/.build/venv-gate/bin/python" }
    static var schema: String {
        ProcessInfo.processInfo.environment["SARIF_SCHEMA"] ?? URL(fileURLWithPath: Gate.root).deletingLastPathComponent().path + "/shared/schemas/sarif-schema-2.1.0.json"
    }

    func validate(_ sarif: String) throws -> (Int32, String) {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw XCTSkip("SARIF schema validation skipped: no Python venv at \(Self.python) (run `make gate-venv`)")
        }
        guard FileManager.default.fileExists(atPath: Self.schema) else {
            throw XCTSkip("SARIF schema validation skipped: no schema at \(Self.schema)")
        }
        let dir = Gate.tempDir()
        try Data(sarif.utf8).write(to: URL(fileURLWithPath: dir + "/r.sarif"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python)
        p.arguments = [Gate.root + "/scripts/validate_sarif.py", Self.schema, dir + "/r.sarif"]
        let out = Pipe()
        p.standardOutput = out; p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    func testFixtureAndSeedReportsAreValid() throws {
        for (input, rules) in [(Gate.fixture("gate-basic") + "/input.txt", Gate.fixture("gate-basic") + "/rules"),
                               (Gate.root + "/seeds/000_b4c6ec501019da4d.txt", Gate.builtinRules)] {
            let p = try Gate.pipeline(rules: [rules])
            let (report, _) = try p.check(SourceText(path: "digests/some file.txt", bytes: Gate.read(input)))
            XCTAssertFalse(report.diagnostics.isEmpty)
            let (status, text) = try validate(SARIFReporter(rules: p.linter.rules.all.map(\.meta)).render([report]))
            XCTAssertEqual(status, 0, text)
        }
    }

    /// The validator really checks: a report with a bad level is rejected.
    func testInvalidReportIsRejected() throws {
        let p = try Gate.pipeline(rules: [Gate.fixture("gate-basic") + "/rules"])
        let (report, _) = try p.check(SourceText(path: "x.txt", bytes: Gate.read(Gate.fixture("gate-basic") + "/input.txt")))
        let bad = SARIFReporter().render([report]).replacingOccurrences(of: "\"level\":\"error\"", with: "\"level\":\"fatal\"")
        let (status, text) = try validate(bad)
        XCTAssertEqual(status, 1, text)
        XCTAssertTrue(text.contains("fatal"), text)
    }
}
