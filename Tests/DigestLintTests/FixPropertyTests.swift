import Foundation
import XCTest
@testable import DigestLint

/// Properties of fixing over random digests with the built-in rules (FixerTests covers one fixed
/// digest with its own rule pack): for random subsets of the fixes on offer every byte outside the
/// applied edits is unchanged and the entry count stays; the whole fixer keeps the entry count and
/// fixing its result again changes nothing.
final class FixPropertyTests: XCTestCase {
    static let words = ["we", "show", "that", "the", "model", "results", "data", "learning", "of", "a", "in",
                        "größe", "naïve", "café", "Ünïcødé", "𝔘nit", "✓", "—", "α-decay", "x"]
    /// Text the built-in rules find (and most of them fix).
    static let triggers = ["the the", "Section~4", "36 %", "\\textbf{bold}", "\\emph{this}", "3--5", "a---b",
                           "\\%", "$x$", "\\cite{k}", "\\url{http://e.x}", "$\\times$", "e\u{301}", "zero\u{200B}width",
                           "ctrl\u{7}char", "\\textbf{open", "2 speedup", "\\_", "Table~\\ref{t}"]

    static func sentence(_ rng: inout Gate.RNG, _ n: Int) -> String {
        (0..<n).map { _ in Int.random(in: 0..<4, using: &rng) == 0 ? triggers.randomElement(using: &rng)! : words.randomElement(using: &rng)! }
            .joined(separator: Bool.random(using: &rng) ? " " : "  ")
    }

    /// A random digest in the seed's format with random damage: missing or repeated fields, CRLF,
    /// extra blank lines, trailing spaces, wrapped lines, multi-byte text and rule triggers.
    static func digest(_ rng: inout Gate.RNG) -> [UInt8] {
        var lines: [String] = []
        if Int.random(in: 0..<5, using: &rng) > 0 { lines += ["2031-05-0\(Int.random(in: 1...9, using: &rng))", ""] }
        if Bool.random(using: &rng) { lines += ["Table of Contents", ""] }
        for k in 0..<Int.random(in: 0...5, using: &rng) {
            let id = String(format: "3105.%05d", Int.random(in: 1...(k + 3), using: &rng))
            var fields: [String] = [
                sentence(&rng, Int.random(in: 1...8, using: &rng)).capitalized + (Bool.random(using: &rng) ? ": A Sub Title" : ""),
                "Authors: " + (0..<Int.random(in: 1...4, using: &rng)).map { _ in ["Ada Lovelace", "alan turing", "Grace  Hopper", "Émile Borel", "Ada Lovelace"].randomElement(using: &rng)! }.joined(separator: ", "),
                "2031-0\(Int.random(in: 1...9, using: &rng))-0\(Int.random(in: 1...9, using: &rng))",
                (Bool.random(using: &rng) ? "http://arxiv.org/abs/" : "https://arxiv.org/abs/") + id + "v1",
                sentence(&rng, Int.random(in: 3...40, using: &rng)) + (Bool.random(using: &rng) ? "." : ""),
            ]
            if Int.random(in: 0..<6, using: &rng) == 0 { fields.remove(at: Int.random(in: 0..<fields.count, using: &rng)) }
            if Int.random(in: 0..<6, using: &rng) == 0 { fields[fields.count - 1] += "\n" + sentence(&rng, 5) + "." }
            for f in fields {
                lines.append(f + (Int.random(in: 0..<8, using: &rng) == 0 ? "  " : ""))
                lines.append("")
                if Int.random(in: 0..<10, using: &rng) == 0 { lines.append("") }
            }
        }
        let nl = Int.random(in: 0..<4, using: &rng) == 0 ? "\r\n" : "\n"
        var text = lines.joined(separator: nl)
        if Bool.random(using: &rng), !text.isEmpty { text.removeLast() }
        return Array(text.utf8)
    }

    func testRandomDigestsAndRandomSubsetsOfFixes() throws {
        var o = LintOptions(); o.jobs = 1
        let linter = Linter(rules: Repo.builtin, options: o)
        var rng = Gate.RNG(seed: 2031)
        var appliedEdits = 0, fixerApplied = 0
        for trial in 0..<200 {
            let bytes = Self.digest(&rng)
            let doc = DigestReader.read(SourceText(path: "r.txt", bytes: bytes))
            let all = linter.lint(doc)
            // One round by hand over a random subset of the findings.
            let subset = all.filter { _ in Bool.random(using: &rng) }
            let sel = Fixer.select(subset, in: bytes, minimum: .unsafe)
            let edits = sel.taken.flatMap { $0.1.edits }
            let out = Fixer.apply(edits, to: bytes)
            appliedEdits += edits.count
            assertOnlyEdited(bytes, out, edits, "trial \(trial)")
            // The whole fixer over a random subset of the rules.
            let ruleIDs = Set(all.map(\.rule).filter { _ in Bool.random(using: &rng) })
            let lint: (Document) -> [Diagnostic] = { linter.lint($0).filter { ruleIDs.contains($0.rule) } }
            let once = Fixer.run(SourceText(path: "r.txt", bytes: bytes), policy: FixPolicy(minimum: .unsafe),
                                 parse: { DigestReader.read($0) }, lint: lint)
            fixerApplied += once.applied
            XCTAssertEqual(DigestReader.read(SourceText(path: "f", bytes: once.fixed)).entries.count, doc.entries.count, "trial \(trial)")
            XCTAssertTrue(once.converged, "trial \(trial)")
            let twice = Fixer.run(SourceText(path: "r.txt", bytes: once.fixed), policy: FixPolicy(minimum: .unsafe),
                                  parse: { DigestReader.read($0) }, lint: lint)
            XCTAssertEqual(twice.fixed, once.fixed, "trial \(trial): fixing twice differs from fixing once")
            XCTAssertEqual(twice.applied, 0, "trial \(trial)")
        }
        // The property is not vacuous: the digests offer fixes and the fixer applies them.
        XCTAssertGreaterThan(appliedEdits, 100)
        XCTAssertGreaterThan(fixerApplied, 100)
    }

    func assertOnlyEdited(_ a: [UInt8], _ b: [UInt8], _ edits: [Edit], _ msg: String, file: StaticString = #filePath, line: UInt = #line) {
        var shift = 0, at = 0
        for e in edits.sorted(by: { $0.start < $1.start }) {
            XCTAssertGreaterThanOrEqual(e.start, at, msg, file: file, line: line)
            XCTAssertEqual(Array(a[at..<e.start]), Array(b[(at + shift)..<(e.start + shift)]), msg, file: file, line: line)
            shift += e.replacement.utf8.count - (e.end - e.start)
            at = e.end
        }
        XCTAssertEqual(Array(a[at...]), Array(b[(at + shift)...]), msg, file: file, line: line)
    }
}
