import Foundation
import XCTest
@testable import DigestLint

final class FixerTests: XCTestCase {
    let input = Gate.fixture("gate-basic") + "/input.txt"
    let pack = Gate.fixture("gate-basic") + "/rules"

    func source() -> SourceText { SourceText(path: "input.txt", bytes: Gate.read(input)) }

    func fix(_ bytes: [UInt8], _ minimum: Applicability, pipeline p: CheckPipeline? = nil) throws -> FixOutcome {
        let p = try p ?? Gate.pipeline(rules: [pack])
        return try p.fix(SourceText(path: "input.txt", bytes: bytes), policy: FixPolicy(minimum: minimum)).outcome
    }

    func testConflicts() {
        func e(_ a: Int, _ b: Int) -> Edit { Edit(start: a, end: b, replacement: "x") }
        XCTAssertTrue(Fixer.conflicts(e(0, 5), e(4, 6)))
        XCTAssertFalse(Fixer.conflicts(e(0, 5), e(5, 6)), "adjacent edits do not overlap")
        XCTAssertTrue(Fixer.conflicts(e(3, 3), e(0, 5)), "an insertion inside a replaced range")
        XCTAssertTrue(Fixer.conflicts(e(5, 5), e(0, 5)), "an insertion at the end of a replaced range is ambiguous")
        XCTAssertTrue(Fixer.conflicts(e(2, 2), e(2, 2)))
        XCTAssertFalse(Fixer.conflicts(e(2, 2), e(3, 3)))
    }

    func testOverlappingFixesAreDeferredThenSettle() throws {
        let o = try fix(source().bytes, .safe)
        XCTAssertTrue(o.converged)
        XCTAssertGreaterThanOrEqual(o.deferredOverlaps, 1, "'Section~4' is claimed by two rules")
        let text = String(decoding: o.fixed, as: UTF8.self)
        XCTAssertTrue(text.contains("as shown in Section 4."))
        XCTAssertFalse(text.contains("~"))
        XCTAssertTrue(text.contains("on the the benchmark"), "an unsafe fix is not applied by --fix")
        XCTAssertTrue(text.contains("colour spaces"), "a display fix is never applied")
        XCTAssertTrue(text.contains("by 3–5 points"))
        XCTAssertTrue(o.remaining.contains { $0.rule == "fx-double" })
        XCTAssertFalse(o.remaining.contains { $0.rule == "fx-tilde" || $0.rule == "fx-dash" || $0.rule == "fx-section-ref" })
    }

    func testFixingTwiceEqualsFixingOnce() throws {
        for minimum in [Applicability.safe, .unsafe] {
            let once = try fix(source().bytes, minimum)
            let twice = try fix(once.fixed, minimum)
            XCTAssertEqual(twice.fixed, once.fixed, "\(minimum)")
            XCTAssertEqual(twice.applied, 0)
            XCTAssertEqual(once.document.entries.count, 3)
        }
        let unsafe = try fix(source().bytes, .unsafe)
        let text = String(decoding: unsafe.fixed, as: UTF8.self)
        XCTAssertTrue(text.contains("on the benchmark"))
        XCTAssertTrue(text.contains("while attention heads"))
    }

    /// Random subsets of the fixes on offer: every byte outside the applied edits stays, the entry
    /// count stays, and fixing the result twice gives what fixing it once gives.
    func testRandomSubsetsOfFixesTouchNothingElse() throws {
        let p = try Gate.pipeline(rules: [pack])
        let src = source()
        let doc = try p.parse(src, as: .digest)
        let all = p.diagnose(doc).diagnostics
        XCTAssertGreaterThan(all.count, 8)
        var rng = Gate.RNG(seed: 7)
        for trial in 0..<60 {
            let subset = all.filter { _ in Bool.random(using: &rng) }
            let sel = Fixer.select(subset, in: src.bytes, minimum: .unsafe)
            let edits = sel.taken.flatMap { $0.1.edits }
            let out = Fixer.apply(edits, to: src.bytes)
            assertOnlyEditsChanged(src.bytes, out, edits, "trial \(trial)")
            XCTAssertEqual(try p.parse(SourceText(path: "x", bytes: out), as: .digest).entries.count, doc.entries.count)
            let once = try fix(out, .unsafe, pipeline: p)
            let twice = try fix(once.fixed, .unsafe, pipeline: p)
            XCTAssertEqual(once.fixed, twice.fixed, "trial \(trial)")
            XCTAssertEqual(once.document.entries.count, doc.entries.count)
        }
    }

    /// Synthetic fixes with random (often overlapping) edits inside the abstracts, with multi-byte
    /// replacements: the selection never overlaps and nothing outside the taken edits changes.
    func testRandomOverlappingEditsAreSkippedNotMerged() throws {
        let p = try Gate.pipeline(rules: [pack])
        let src = source()
        let doc = try p.parse(src, as: .digest)
        let abstracts = doc.entries.compactMap { $0.field(.abstract) }
        let words = ["x", "é", "🚀", "", "ab cd", "–"]
        var rng = Gate.RNG(seed: 42)
        for trial in 0..<200 {
            var ds: [Diagnostic] = []
            for _ in 0..<Int.random(in: 1...12, using: &rng) {
                let f = abstracts.randomElement(using: &rng)!
                // Cut at character boundaries of the abstract.
                let starts = f.text.indices.filter { f.text[$0] & 0xC0 != 0x80 } + [f.text.count]
                var a = starts.randomElement(using: &rng)!, b = starts.randomElement(using: &rng)!
                if a > b { swap(&a, &b) }
                if b - a > 12 { b = starts.first { $0 >= a + Int.random(in: 0...12, using: &rng) } ?? a }
                let r = f.sourceRange(ByteRange(a, b))
                let fixObj = Fix(title: "t", applicability: Bool.random(using: &rng) ? .safe : .unsafe,
                                 edits: [Edit(start: r.start, end: r.end, replacement: words.randomElement(using: &rng)!)])
                ds.append(Diagnostic(rule: "r\(ds.count % 3)", category: .style, severity: .warning, message: "m",
                                     entry: 1, field: .abstract, range: r, fixes: [fixObj]))
            }
            let sel = Fixer.select(ds, in: src.bytes, minimum: .safe)
            let edits = sel.taken.flatMap { $0.1.edits }.sorted { $0.start < $1.start }
            for (x, y) in zip(edits, edits.dropFirst()) { XCTAssertFalse(Fixer.conflicts(x, y), "trial \(trial)") }
            XCTAssertTrue(sel.taken.allSatisfy { $0.1.applicability == .safe })
            let out = Fixer.apply(edits, to: src.bytes)
            assertOnlyEditsChanged(src.bytes, out, edits, "trial \(trial)")
            XCTAssertEqual(try p.parse(SourceText(path: "x", bytes: out), as: .digest).entries.count, doc.entries.count)
        }
    }

    /// Walks the output along the edits: each unedited original byte is found, in order, where the
    /// shifts of the edits before it put it.
    func assertOnlyEditsChanged(_ a: [UInt8], _ b: [UInt8], _ edits: [Edit], _ msg: String, file: StaticString = #filePath, line: UInt = #line) {
        var shift = 0, at = 0
        for e in edits.sorted(by: { $0.start < $1.start }) {
            XCTAssertEqual(Array(a[at..<e.start]), Array(b[(at + shift)..<(e.start + shift)]), msg, file: file, line: line)
            XCTAssertEqual(Array(b[(e.start + shift)..<(e.start + shift + e.replacement.utf8.count)]), Array(e.replacement.utf8), msg, file: file, line: line)
            shift += e.replacement.utf8.count - (e.end - e.start)
            at = e.end
        }
        XCTAssertEqual(Array(a[at...]), Array(b[(at + shift)...]), msg, file: file, line: line)
        XCTAssertEqual(b.count, a.count + shift, msg, file: file, line: line)
    }

    func testFixesThatChangeTheEntryCountAreRefused() throws {
        let src = source()
        let doc = DigestReader.read(src)
        let second = doc.entries[1]
        let abstract = doc.entries[0].field(.abstract)!
        // One fix splits an entry into two, one deletes a whole entry, one is harmless.
        let split = Edit(start: abstract.sourceRange.start + 8, end: abstract.sourceRange.start + 8,
                         replacement: "\n\nA New Title\n\nAuthors: Someone\n\n2031-01-01\n\nhttp://arxiv.org/abs/3101.00001v1\n\nText ")
        let delete = Edit(start: second.range.start, end: second.range.end + 2, replacement: "")
        let title = doc.entries[2].field(.title)!
        let fine = Edit(start: title.sourceRange.start, end: title.sourceRange.start + 2, replacement: "One")
        var offered = true
        let o = Fixer.run(src, policy: FixPolicy(minimum: .safe), parse: { DigestReader.read($0) }, lint: { _ in
            defer { offered = false }
            guard offered else { return [] }
            return [split, delete, fine].enumerated().map { i, e in
                Diagnostic(rule: "r\(i)", category: .structure, severity: .error, message: "m", entry: nil, field: nil,
                           range: e.range, fixes: [Fix(title: "f\(i)", applicability: .safe, edits: [e])])
            }
        })
        XCTAssertEqual(Set(o.refused.map(\.rule)), ["r0", "r1"])
        XCTAssertTrue(o.refused.allSatisfy { $0.reason == .changesEntryCount })
        XCTAssertEqual(o.applied, 1)
        XCTAssertEqual(DigestReader.read(SourceText(path: "x", bytes: o.fixed)).entries.count, doc.entries.count)
        XCTAssertTrue(String(decoding: o.fixed, as: UTF8.self).contains("One Entry Missing Its Link"))
    }

    func testRoundCapStopsFixesThatNeverSettle() throws {
        let src = SourceText(path: "x", text: "2031-01-01\n\nT\n\nAuthors: A\n\n2031-01-01\n\nhttp://arxiv.org/abs/3101.00001v1\n\nabc\n")
        // A "fix" that always finds something more to add.
        let o = Fixer.run(src, policy: FixPolicy(minimum: .safe, maxRounds: 5), parse: { DigestReader.read($0) }, lint: { doc in
            let end = doc.entries[0].field(.abstract)!.sourceRange.end
            return [Diagnostic(rule: "grow", category: .style, severity: .info, message: "m", entry: 1, field: .abstract,
                               range: ByteRange(end, end), fixes: [Fix(title: "add", applicability: .safe, edits: [Edit(start: end, end: end, replacement: "!")])])]
        })
        XCTAssertFalse(o.converged)
        XCTAssertEqual(o.rounds, 5)
        XCTAssertTrue(String(decoding: o.fixed, as: UTF8.self).contains("abc!!!!!\n"))
    }

    func testInvalidEditsAreRefusedNotApplied() throws {
        let src = SourceText(path: "x", text: "abc")
        var first = true
        let o = Fixer.run(src, policy: FixPolicy(), parse: { DigestReader.read($0) }, lint: { _ in
            defer { first = false }
            return first ? [Diagnostic(rule: "bad", category: .style, severity: .info, message: "m", entry: nil, field: nil, range: ByteRange(0, 1),
                                       fixes: [Fix(title: "oob", applicability: .safe, edits: [Edit(start: 2, end: 99, replacement: "")])])] : []
        })
        XCTAssertEqual(o.fixed, src.bytes)
        XCTAssertEqual(o.refused.first?.reason, .invalidEdit)
    }

    /// JSONL: edits carry JSON-escaped replacements; the fixed line is still valid JSON and decodes
    /// to the intended text, and the other line is untouched.
    func testJSONLEditsStayEscaped() throws {
        let lines = [#"{"id":"3105.00001","title":"T","abstract":"Quote \"a\" then line~two\\ end \u00e9"}"#,
                     #"{"id":"3105.00002","title":"U","abstract":"plain~text"}"#]
        let text = lines.joined(separator: "\n") + "\n"
        let src = SourceText(path: "d.jsonl", text: text)
        // A minimal reader for the test: decodes each line's abstract with a byte table back to the source.
        func parse(_ s: SourceText) -> Document {
            var entries: [Entry] = []
            for ln in 1..<s.lineStarts.count {
                let r = s.lineRange(ln)
                let line = Array(s.bytes[r.start..<r.end])
                let key = Array(#""abstract":""#.utf8)
                guard let k = (0...(line.count - key.count)).first(where: { Array(line[$0..<($0 + key.count)]) == key }) else { continue }
                var i = k + key.count
                var decoded: [UInt8] = [], table: [Int] = []
                while line[i] != UInt8(ascii: "\"") {
                    table.append(r.start + i)
                    if line[i] == UInt8(ascii: "\\") {
                        let c = line[i + 1]
                        if c == UInt8(ascii: "u") {
                            let v = UInt32(String(decoding: line[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16)!
                            let u = Array(String(Unicode.Scalar(v)!).utf8)
                            decoded += u; table += Array(repeating: r.start + i, count: u.count - 1); i += 6
                        } else {
                            decoded.append(c == UInt8(ascii: "n") ? 0x0A : c); i += 2
                        }
                    } else { decoded.append(line[i]); i += 1 }
                }
                table.append(r.start + i)
                let f = FieldText(kind: .abstract, text: decoded, sourceRange: ByteRange(r.start + k + key.count, r.start + i), map: .table(table))
                entries.append(Entry(index: entries.count + 1, range: r, fields: [f], authorRanges: []))
            }
            return Document(source: s, format: .jsonl, header: nil, entries: entries, readerDiagnostics: [])
        }
        let o = Fixer.run(src, policy: FixPolicy(), parse: parse, lint: { doc in
            doc.entries.flatMap { e -> [Diagnostic] in
                let f = e.field(.abstract)!
                guard let t = f.text.firstIndex(of: UInt8(ascii: "~")) else { return [] }
                let ctx = CheckContext(document: doc, options: LintOptions(), resources: Resources(ruleDirectories: []))
                let edit = ctx.edit(f, ByteRange(t, t + 1), " \"q\\\" ")
                return [Diagnostic(rule: "tilde", category: .latex, severity: .warning, message: "m", entry: e.index, field: .abstract,
                                   range: edit.range, fixes: [Fix(title: "t", applicability: .safe, edits: [edit])])]
            }
        })
        XCTAssertTrue(o.converged)
        XCTAssertEqual(o.applied, 2)
        let outLines = String(decoding: o.fixed, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(outLines.count, 2)
        let objs = try outLines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: String] }
        XCTAssertEqual(objs[0]["abstract"], "Quote \"a\" then line \"q\\\" two\\ end é")
        XCTAssertEqual(objs[1]["abstract"], "plain \"q\\\" text")
        XCTAssertEqual(objs[0]["id"], "3105.00001")
    }

    func testAtomicWriteKeepsPermissionsAndLinks() throws {
        let dir = Gate.tempDir()
        let path = dir + "/digest.txt"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(chmod(path, 0o640), 0)
        try AtomicFile.write(Array("new text".utf8), to: path)
        XCTAssertEqual(String(decoding: Gate.read(path), as: UTF8.self), "new text")
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o640)
        // Through a symbolic link: the target changes, the link stays a link.
        let link = dir + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        try AtomicFile.write(Array("via link".utf8), to: link)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), path)
        XCTAssertEqual(String(decoding: Gate.read(path), as: UTF8.self), "via link")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["digest.txt", "link.txt"], "no temporary file left")
    }

    func testAtomicWriteFailureLeavesNothingBehind() throws {
        let dir = Gate.tempDir()
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: dir + "/missing-folder/file.txt"))
        // Renaming over a folder fails after the temporary file was written: it must be removed.
        try FileManager.default.createDirectory(atPath: dir + "/sub/inner", withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write([1, 2, 3], to: dir + "/sub"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["sub"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/sub"), ["inner"])
    }
}
