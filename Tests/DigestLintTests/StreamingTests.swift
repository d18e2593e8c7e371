import Foundation
import XCTest
@testable import DigestLint
@testable import DigestLintCLI

final class StreamingTests: XCTestCase {
    func runCLI(_ args: [String]) -> (Int32, String, String) {
        var out = "", err = ""
        let io = IO(out: { out += $0 }, err: { err += $0 })
        let code = CLI.run(args, io: io)
        return (code, out, err)
    }

    func tempFile(_ text: String, ext: String = "jsonl") throws -> String {
        let p = NSTemporaryDirectory() + "digestlint-\(UUID().uuidString).\(ext)"
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: p) }
        return p
    }

    /// Many records, some with findings and some malformed, to cross chunk borders.
    func sample(_ n: Int) -> String {
        (1...n).map { i in
            if i % 17 == 0 { return "{\"id\": \"2401.\(String(format: "%05d", i))\", \"title\": oops}" }
            let abs = i % 3 == 0 ? "We gain \(i) % more with caf\\u00e9 \\\"x\\\"." : "Plain text number \(i)."
            return "{\"id\": \"2401.\(String(format: "%05d", i))\", \"title\": \"Title \(i)\", \"authors\": [\"A B\"], \"published\": \"2024-01-01\", \"abstract\": \"\(abs)\"}"
        }.joined(separator: i18nNewline) + "\n"
    }
    let i18nNewline = "\n"

    func testStreamedReportEqualsWholeFileReport() throws {
        let path = try tempFile(sample(300))
        for format in ["json", "jsonl"] {
            let whole = runCLI(["check", "--format", format, "--no-stream", path])
            let streamed = runCLI(["check", "--format", format, "--stream", "--chunk-size", "1", path])
            XCTAssertEqual(whole.0, 1)
            XCTAssertEqual(streamed.0, whole.0)
            XCTAssertEqual(streamed.1, whole.1, format)
            XCTAssertTrue(whole.1.contains("malformed-record"))
            XCTAssertTrue(whole.1.contains("spaced-percent"))
        }
    }

    func testChunksCoverTheFileExactly() throws {
        let text = sample(120) + "{\"id\": \"x\"}"   // no final newline
        let path = try tempFile(text)
        var chunks = try JSONLChunks(path: path, chunkSize: 1024)
        var rebuilt: [UInt8] = []
        var lines = 0
        var count = 0
        while let c = try chunks.next() {
            XCTAssertEqual(c.offset, rebuilt.count)
            XCTAssertEqual(c.line, lines)
            rebuilt += c.source.bytes
            lines += c.source.bytes.filter { $0 == 0x0A }.count
            count += 1
        }
        XCTAssertGreaterThan(count, 3)
        XCTAssertEqual(rebuilt, Array(text.utf8))
    }

    func testRecordsFormatOneLinePerRecord() throws {
        let path = try tempFile(sample(40))
        let (code, out, _) = runCLI(["check", "--format", "records", "--fail-on", "never", path])
        XCTAssertEqual(code, 0)
        let objs = out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(objs.count, 40)
        XCTAssertEqual(objs.map { $0["line"] as! Int }, Array(1...40))
        let malformed = objs.filter { $0["malformed"] as? Bool == true }
        XCTAssertEqual(malformed.map { $0["line"] as! Int }, [17, 34])
        let third = objs[2]
        XCTAssertEqual(third["id"] as? String, "2401.00003")
        let sketch = third["sketch"] as! [String: Any]
        XCTAssertEqual((sketch["minhash"] as! [Int]).count, DuplicateSketch.slots)
        // offsets are relative to the record's own line
        let d = (third["diagnostics"] as! [[String: Any]]).first { $0["rule"] as? String == "spaced-percent" }!
        let start = ((d["range"] as! [String: Any])["start"] as! [String: Any])["offset"] as! Int
        let line = Array(sample(40).split(separator: "\n")[2].utf8)
        XCTAssertEqual(String(decoding: line[start..<start + 3], as: UTF8.self), "3 %")
    }

    func testSketchesMatchNearDuplicates() throws {
        let a = "We propose a method for sparse coding that scales to large data and improves accuracy on benchmarks."
        let b = a.replacingOccurrences(of: "improves", with: "raises")
        let c = "An entirely different abstract about the thermal properties of graphene sheets under strain."
        func sk(_ s: String) throws -> DuplicateSketch {
            let doc = try parse("{\"title\": \"T\", \"abstract\": \"\(s)\"}", .jsonl)
            return DuplicateSketch(doc.entries[0])
        }
        XCTAssertGreaterThan(try sk(a).similarity(sk(b)), 0.5)
        XCTAssertLessThan(try sk(a).similarity(sk(c)), 0.2)
        XCTAssertEqual(try sk(a).titleHash, try sk(c).titleHash)
    }

    func testSeveralFilesInParallelKeepPathOrder() throws {
        let paths = try (0..<6).map { try tempFile(sample(20 + $0)) }
        let one = runCLI(["check", "--format", "json", "--jobs", "1"] + paths)
        let many = runCLI(["check", "--format", "json", "--jobs", "4"] + paths)
        XCTAssertEqual(one.1, many.1)
        let obj = try JSONSerialization.jsonObject(with: Data(many.1.utf8)) as! [String: Any]
        XCTAssertEqual((obj["files"] as! [[String: Any]]).map { $0["path"] as! String }, paths)
    }

    func testBadInputInOneOfSeveralFilesExits2() throws {
        let good = try tempFile(sample(3))
        let (code, _, err) = runCLI(["check", good, "/nonexistent/x.jsonl"])
        XCTAssertEqual(code, 2)
        XCTAssertTrue(err.contains("/nonexistent/x.jsonl"), err)
    }
}
