import Foundation
import XCTest
@testable import DigestLint

final class DiffTests: XCTestCase {
    /// Runs `git apply` on the diff in a scratch folder holding `old`; returns the patched bytes.
    static func gitApply(old: [UInt8], diff: [UInt8], name: String = "digest.txt") throws -> [UInt8]? {
        let dir = Gate.tempDir()
        try Data(old).write(to: URL(fileURLWithPath: dir + "/" + name))
        try Data(diff).write(to: URL(fileURLWithPath: dir + "/fix.diff"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "apply", "--whitespace=nowarn", "fix.diff"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            XCTFail("git apply failed: " + String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) + "\n" + String(decoding: diff, as: UTF8.self))
            return nil
        }
        return Gate.read(dir + "/" + name)
    }

    func check(_ a: String, _ b: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let old = Array(a.utf8), new = Array(b.utf8)
        let d = UnifiedDiff.make(old: old, new: new, path: "digest.txt")
        if old == new { XCTAssertTrue(d.isEmpty, file: file, line: line); return }
        XCTAssertEqual(try Self.gitApply(old: old, diff: d), new, file: file, line: line)
    }

    func testShapes() throws {
        try check("a\nb\nc\n", "a\nb\nc\n")
        try check("a\nb\nc\n", "a\nB\nc\n")
        try check("a\nb\nc", "a\nb\nC")                 // no final newline on either side
        try check("a\nb\nc", "a\nb\nc\n")                // newline added at the end
        try check("a\nb\nc\n", "a\nb\nc")                // and removed
        try check("a\r\nb\r\nc\r\n", "a\r\nx\r\nc\r\n")  // CRLF kept
        try check("", "new\n")
        try check("x\n", "")
        try check((1...40).map { "line \($0)\n" }.joined(), (1...40).map { $0 == 3 || $0 == 30 ? "changed \($0)\n" : "line \($0)\n" }.joined())
        try check("é🚀\nabc\n", "é🚀\nabd\n")
    }

    func testRandomLineEdits() throws {
        var rng = Gate.RNG(seed: 3)
        for _ in 0..<25 {
            let a = (0..<Int.random(in: 0...30, using: &rng)).map { _ in "w\(Int.random(in: 0...6, using: &rng))\n" }
            var b = a
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let i = Int.random(in: 0...b.count, using: &rng)
                switch Int.random(in: 0...2, using: &rng) {
                case 0: b.insert("new\(i)\n", at: i)
                case 1: if i < b.count { b.remove(at: i) }
                default: if i < b.count { b[i] = "chg\(i)\n" }
                }
            }
            var sa = a.joined(), sb = b.joined()
            if Bool.random(using: &rng), !sa.isEmpty { sa.removeLast() }
            if Bool.random(using: &rng), !sb.isEmpty { sb.removeLast() }
            try check(sa, sb)
        }
    }

    func testSeedFixDiffApplies() throws {
        let seed = Gate.read(Gate.root + "/seeds/000_b4c6ec501019da4d.txt")
        let p = try Gate.pipeline(rules: [Gate.builtinRules])
        let (o, _) = try p.fix(SourceText(path: "digest.txt", bytes: seed), policy: FixPolicy(minimum: .unsafe))
        XCTAssertTrue(o.changed)
        let d = UnifiedDiff.make(old: o.original, new: o.fixed, path: "digest.txt")
        XCTAssertEqual(try Self.gitApply(old: seed, diff: d), o.fixed)
    }
}
