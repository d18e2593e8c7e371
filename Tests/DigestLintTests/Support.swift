import DigestLint
import Foundation
import XCTest

/// Paths of the checkout, found from this file.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let rules = root + "/rules"
    static let seed = root + "/seeds/000_b4c6ec501019da4d.txt"
    static let fixtures = root + "/fixtures"

    /// The built-in rules, loaded once for the whole suite.
    static let builtin: RuleSet = {
        do { return try RuleSet(directories: [rules]) } catch { fatalError("built-in rules do not load: \(error)") }
    }()
}

/// Builds small synthetic digests in the seed's format around a piece of text.
enum TestDigest {
    static let multibyte = "Ünïcødé ✓ 𝔘 — "

    struct Built {
        var source: SourceText
        var document: Document
        /// Source offset where the example text starts.
        var textStart: Int
    }

    /// A one-entry digest whose `field` holds `text`; `prefix` goes before the text inside the field,
    /// `titlePrefix` before the title (to shift offsets with multi-byte text), `crlf` converts line ends.
    static func make(field: FieldKind = .abstract, text: String, prefix: String = "", titlePrefix: String = "", crlf: Bool = false) -> Built {
        var fields: [FieldKind: String] = [
            .title: titlePrefix + "A Study of Things for Tests",
            .authors: "Ada Lovelace, Alan Turing",
            .date: "2026-01-03",
            .url: "http://arxiv.org/abs/2601.00001v1",
            .abstract: "We study things and report results.",
        ]
        fields[field] = (field == .title ? titlePrefix : "") + prefix + text
        let nl = crlf ? "\r\n" : "\n"
        var s = "2026-01-05" + nl + nl + "Table of Contents" + nl + nl
        let order: [FieldKind] = [.title, .authors, .date, .url, .abstract]
        var textStart = 0
        for f in order {
            let line = f == .authors ? "Authors: " + fields[f]! : fields[f]!
            if f == field {
                let fieldStart = s.utf8.count + (f == .authors ? "Authors: ".utf8.count : 0)
                textStart = fieldStart + (f == .title ? titlePrefix.utf8.count : 0) + prefix.utf8.count
            }
            s += line + nl + nl
        }
        let src = SourceText(path: "example.txt", text: s)
        return Built(source: src, document: DigestReader.read(src), textStart: textStart)
    }

    /// Removes `↓` markers, returning the clean text and the byte offsets where markers stood.
    static func markers(_ marked: String) -> (String, [Int]) {
        var out = "", offsets: [Int] = []
        for ch in marked {
            if ch == "↓" { offsets.append(out.utf8.count) } else { out.append(ch) }
        }
        return (out, offsets)
    }
}

enum TestFixes {
    /// Applies the first fix of each diagnostic (at or above `minimum`), skipping overlaps.
    static func applyBest(_ ds: [Diagnostic], to bytes: [UInt8], minimum: Applicability = .display) -> [UInt8] {
        var edits: [Edit] = []
        for d in ds {
            guard let f = d.fixes.first, f.applicability >= minimum else { continue }
            if f.edits.contains(where: { e in edits.contains { $0.range.overlaps(e.range) || ($0.start == e.start && $0.end == e.end) } }) { continue }
            edits += f.edits
        }
        var out = bytes
        for e in edits.sorted(by: { $0.start > $1.start }) {
            out.replaceSubrange(e.start..<e.end, with: Array(e.replacement.utf8))
        }
        return out
    }
}

/// Independent line/column computation for checking reported positions.
enum Positions {
    static func lineColumn(_ bytes: [UInt8], _ offset: Int) -> (Int, Int) {
        let prefix = bytes[0..<offset]
        let line = prefix.filter { $0 == 0x0A }.count + 1
        let lastNL = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let col = String(decoding: bytes[lastNL..<offset], as: UTF8.self).unicodeScalars.count + 1
        return (line, col)
    }
}
