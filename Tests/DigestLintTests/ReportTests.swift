import DigestLint
import Foundation
import XCTest

/// The JSON report follows CONTRACT.md: every range names the bytes it claims, and the golden
/// reports of the seed change only on purpose (`make golden` rewrites them; review the diff).
final class ReportTests: XCTestCase {
    static let seedPath = "seeds/000_b4c6ec501019da4d.txt"

    func seedReport() throws -> FileReport {
        let loaded = try InputReader.load(path: Repo.seed)
        let src = SourceText(path: ReportTests.seedPath, bytes: loaded.bytes)
        let doc = DigestReader.read(src)
        var o = LintOptions()
        o.jobs = 2
        return FileReport(path: src.path, document: doc, diagnostics: Linter(rules: Repo.builtin, options: o).lint(doc))
    }

    func testJSONFollowsTheContract() throws {
        let report = try seedReport()
        let bytes = report.source.bytes
        let json = JSONReporter().render([report])
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual(Set(obj.keys), ["tool", "files", "summary"])
        XCTAssertEqual((obj["tool"] as! [String: Any])["name"] as? String, "digestlint")
        let file = (obj["files"] as! [[String: Any]])[0]
        XCTAssertEqual(file["path"] as? String, ReportTests.seedPath)
        XCTAssertEqual(file["entries"] as? Int, 50)
        let ds = file["diagnostics"] as! [[String: Any]]
        XCTAssertFalse(ds.isEmpty)
        let categories = Set(Category.allCases.map(\.rawValue))
        var errors = 0, warnings = 0, infos = 0, fixable = 0
        for d in ds {
            XCTAssertEqual(Set(d.keys), ["rule", "category", "severity", "message", "entry", "field", "range", "fixes"])
            XCTAssertTrue(categories.contains(d["category"] as! String))
            if let f = d["field"] as? String { XCTAssertNotNil(FieldKind(rawValue: f)) } else { XCTAssertTrue(d["field"] is NSNull) }
            switch d["severity"] as! String { case "error": errors += 1; case "warning": warnings += 1; case "info": infos += 1; default: XCTFail() }
            let range = d["range"] as! [String: [String: Int]]
            let s = range["start"]!, e = range["end"]!
            XCTAssertLessThanOrEqual(s["offset"]!, e["offset"]!)
            XCTAssertLessThanOrEqual(e["offset"]!, bytes.count)
            for p in [s, e] {
                let (line, col) = Positions.lineColumn(bytes, p["offset"]!)
                XCTAssertEqual(p["line"], line)
                XCTAssertEqual(p["column"], col)
            }
            if let entry = d["entry"] as? Int {
                let en = report.document.entries[entry - 1]
                XCTAssertTrue(en.range.start <= s["offset"]! && e["offset"]! <= en.range.end, "\(d)")
            }
            let fixes = d["fixes"] as! [[String: Any]]
            if fixes.contains(where: { $0["applicability"] as? String != "display" }) { fixable += 1 }
            for f in fixes {
                XCTAssertNotNil(Applicability(rawValue: f["applicability"] as! String))
                if let c = f["confidence"] as? Double { XCTAssertTrue((0...1).contains(c)) }
                let edits = f["edits"] as! [[String: Any]]
                XCTAssertFalse(edits.isEmpty)
                var last = -1
                for ed in edits {
                    let a = ed["start"] as! Int, b = ed["end"] as! Int
                    XCTAssertTrue(last <= a && a <= b && b <= bytes.count, "edits sorted, in bounds, never overlapping")
                    last = b
                }
            }
        }
        let sum = obj["summary"] as! [String: Int]
        XCTAssertEqual(sum, ["errors": errors, "warnings": warnings, "infos": infos, "fixable": fixable])
        // The flagged text of a TeX finding is really in the file at those bytes.
        for d in ds where d["rule"] as? String == "tex-bold" {
            let r = d["range"] as! [String: [String: Int]]
            let text = String(decoding: bytes[r["start"]!["offset"]!..<r["end"]!["offset"]!], as: UTF8.self)
            XCTAssertTrue(text.hasPrefix("\\textbf{"), text)
        }
    }

    func testGoldenReportsOfTheSeed() throws {
        let report = try seedReport()
        try Golden.check(JSONReporter().render([report]), "seed/report.json")
        try Golden.check(TextReporter().render([report]), "seed/report.txt")
    }
}

/// Compares text with a file under fixtures/golden; UPDATE_GOLDEN=1 rewrites it.
enum Golden {
    static func check(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = Repo.fixtures + "/golden/" + name
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            XCTFail("missing golden file \(path); run `make golden`", file: file, line: line)
            return
        }
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            XCTFail("\(name) differs from the golden file at line \(i + 1):\n  golden: \(i < e.count ? String(e[i]) : "<end>")\n  actual: \(i < a.count ? String(a[i]) : "<end>")\nrun `make golden` and review the diff", file: file, line: line)
        }
    }
}
