import Foundation
import XCTest
@testable import DigestLint

/// Every reporter, the fixer and the diff on fixtures/<case>/ (input.txt and its own rule pack in
/// rules/), compared byte for byte with the expected files in expected/.
/// `UPDATE_GOLDEN=1 swift test --filter GateReportTests` (`make golden` runs it too) rewrites them; review the diff.
final class GateReportTests: XCTestCase {
    static let cases = ["gate-basic"]

    func outputs(_ name: String) throws -> [(String, [UInt8])] {
        let dir = Gate.fixture(name)
        let rel = "fixtures/\(name)/input.txt"
        let p = try Gate.pipeline(rules: [dir + "/rules"])
        let src = SourceText(path: rel, bytes: Gate.read(dir + "/input.txt"))
        let (report, _) = try p.check(src)
        let reports = [report]
        let metas = p.linter.rules.all.map(\.meta)
        let safe = try p.fix(src, policy: FixPolicy(minimum: .safe)).outcome
        let unsafe = try p.fix(src, policy: FixPolicy(minimum: .unsafe)).outcome
        func s(_ t: String) -> [UInt8] { Array(t.utf8) }
        return [
            ("report.txt", s(TextReporter().render(reports))),
            ("report.json", s(JSONReporter().render(reports))),
            ("report.jsonl", s(JSONLinesReporter().render(reports))),
            ("report.sarif", s(SARIFReporter(rules: metas).render(reports))),
            ("report.github", s(GitHubReporter().render(reports))),
            ("report.rdjson", s(RDJSONReporter().render(reports))),
            ("report.html", s(HTMLReporter().render(reports))),
            ("baseline.json", s(Baseline(reports).render())),
            ("fixed-safe.txt", safe.fixed),
            ("fixed-unsafe.txt", unsafe.fixed),
            ("fix-safe.diff", UnifiedDiff.make(old: safe.original, new: safe.fixed, path: rel)),
            ("fix-unsafe.diff", UnifiedDiff.make(old: unsafe.original, new: unsafe.fixed, path: rel)),
        ]
    }

    func testGoldenFiles() throws {
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        for name in Self.cases {
            let expectedDir = Gate.fixture(name) + "/expected"
            try FileManager.default.createDirectory(atPath: expectedDir, withIntermediateDirectories: true)
            for (file, bytes) in try outputs(name) {
                let path = expectedDir + "/" + file
                if update {
                    try Data(bytes).write(to: URL(fileURLWithPath: path))
                    continue
                }
                guard let want = FileManager.default.contents(atPath: path) else {
                    XCTFail("\(path) is missing: run `UPDATE_GOLDEN=1 swift test --filter GateReportTests`"); continue
                }
                if Array(want) != bytes {
                    let a = String(decoding: want, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    let b = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    let i = Array(zip(a, b)).firstIndex { $0 != $1 } ?? min(a.count, b.count)
                    XCTFail("\(name)/expected/\(file) differs at line \(i + 1):\n  want: \(i < a.count ? String(a[i].prefix(300)) : "<end>")\n  got:  \(i < b.count ? String(b[i].prefix(300)) : "<end>")\n(UPDATE_GOLDEN=1 rewrites the expected files)")
                }
            }
        }
    }

    /// Properties the golden files must keep, checked on the structure rather than the bytes.
    func testReportStructure() throws {
        let out = Dictionary(uniqueKeysWithValues: try outputs("gate-basic"))
        let sarif = try JSONSerialization.jsonObject(with: Data(out["report.sarif"]!)) as! [String: Any]
        let run = (sarif["runs"] as! [[String: Any]])[0]
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints")
        let results = run["results"] as! [[String: Any]]
        XCTAssertEqual(results.count, 12)
        XCTAssertTrue(results.allSatisfy { ($0["partialFingerprints"] as? [String: String])?["digestlint/v1"]?.count == 16 })
        XCTAssertEqual(results.filter { $0["fixes"] != nil }.count, 10)
        // Columns count code points: the dash after 'naïve' and '🚀' on line 13.
        let dash = results.first { $0["ruleId"] as? String == "fx-dash" }!
        let region = (((dash["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])["region"] as! [String: Any])
        XCTAssertEqual(region["startLine"] as? Int, 13)
        XCTAssertEqual(region["startColumn"] as? Int, 77)
        // rdjson counts bytes: 'ï', 'é' take 2 bytes, '🚀' 4, so 4 more than the code point column.
        let rd = try JSONSerialization.jsonObject(with: Data(out["report.rdjson"]!)) as! [String: Any]
        let rdDash = (rd["diagnostics"] as! [[String: Any]]).first { ($0["code"] as! [String: Any])["value"] as? String == "fx-dash" }!
        let start = (((rdDash["location"] as! [String: Any])["range"] as! [String: Any])["start"] as! [String: Int])
        XCTAssertEqual(start["column"], 77 + 1 + 1 + 3)
        // GitHub: one command per finding, escaped.
        let gh = String(decoding: out["report.github"]!, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(gh.count, 12)
        XCTAssertTrue(gh.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        XCTAssertTrue(gh.contains { $0.contains(",title=digestlint fx-dash::TeX en dash in '3--5'%0Afix (safe): typeset") })
    }

    func testGitHubEscaping() {
        XCTAssertEqual(GitHubReporter.data("50% a\r\nb"), "50%25 a%0D%0Ab")
        XCTAssertEqual(GitHubReporter.property("a:b,c%"), "a%3Ab%2Cc%25")
        XCTAssertEqual(SARIFReporter.uri("dir/my file#1.txt"), "dir/my%20file%231.txt")
    }
}
