// Invariants of the fuzz targets, shared by the fuzz binary (fuzz/Targets.swift) and the test
// that replays saved crash inputs (Tests/DigestLintTests/FuzzChecks.swift links here).
#if !FUZZ
@testable import DigestLint
#endif
import Foundation

struct InvariantBroken: Error, CustomStringConvertible {
    var what: String
    var description: String { "fuzz invariant broken: \(what)" }
}

func require(_ ok: @autoclosure () -> Bool, _ what: @autoclosure () -> String) throws {
    if !ok() { throw InvariantBroken(what: what()) }
}

enum FuzzTarget: String, CaseIterable {
    case reader, lint, jsonl, rules, fixer, edits

    func check(_ bytes: [UInt8]) throws {
        switch self {
        case .reader: try FuzzChecks.reader(bytes)
        case .lint: try FuzzChecks.lint(bytes)
        case .jsonl: try FuzzChecks.jsonl(bytes)
        case .rules: try FuzzChecks.rules(bytes)
        case .fixer: try FuzzChecks.fixer(bytes)
        case .edits: try FuzzChecks.edits(bytes)
        }
    }
}

enum FuzzRules {
    /// The built-in rule folder: set before first use, else $DIGESTLINT_RULES, else ./rules.
    nonisolated(unsafe) static var directory: String?
    static let linter: Linter = {
        let dir = directory ?? ProcessInfo.processInfo.environment["DIGESTLINT_RULES"] ?? "rules"
        var o = LintOptions(); o.jobs = 1
        do { return Linter(rules: try RuleSet(directories: [dir]), options: o) } catch { fatalError("rules do not load: \(error)") }
    }()
}

enum FuzzChecks {
    /// Shared document invariants: entries in order and inside the input, each field's range inside
    /// its entry, every mapped offset inside the field's range.
    static func document(_ doc: Document, _ size: Int) throws {
        var last = 0
        for (k, e) in doc.entries.enumerated() {
            try require(e.index == k + 1, "entry numbering")
            try require(e.range.start >= last && e.range.start <= e.range.end && e.range.end <= size, "entry range")
            last = e.range.start
            for f in e.fields {
                try require(f.sourceRange.start >= e.range.start && f.sourceRange.end <= e.range.end, "field inside entry")
                switch f.map {
                case .shifted(let base):
                    try require(base == f.sourceRange.start && f.sourceRange.end - base == f.text.count, "shifted map length")
                    try require(Array(doc.source.bytes[f.sourceRange.start..<f.sourceRange.end]) == f.text, "field bytes differ")
                case .table(let t):
                    try require(t.count == f.text.count + 1, "table length")
                    try require(zip(t, t.dropFirst()).allSatisfy { $0 <= $1 }, "table order")
                    try require(t.allSatisfy { $0 >= f.sourceRange.start && $0 <= f.sourceRange.end }, "table inside field")
                }
            }
            for a in e.authorRanges {
                let n = e.field(.authors)?.text.count ?? 0
                try require(a.start >= 0 && a.start <= a.end && a.end <= n, "author range")
            }
        }
        for d in doc.readerDiagnostics {
            try require(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= size, "reader diagnostic range")
            _ = doc.source.location(of: d.range.start)
        }
    }

    static func diagnostics(_ ds: [Diagnostic], _ src: SourceText) throws {
        let size = src.bytes.count
        for d in ds {
            try require(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= size, "diagnostic range")
            for f in d.fixes { for e in f.edits { try require(e.start >= 0 && e.start <= e.end && e.end <= size, "edit range") } }
            _ = src.location(of: d.range.end)
        }
    }

    static func reader(_ bytes: [UInt8]) throws {
        let src = SourceText(path: "fuzz", bytes: bytes)
        let doc = DigestReader.read(src)
        try document(doc, bytes.count)
        for (x, y) in zip(doc.entries, doc.entries.dropFirst()) { try require(x.range.end <= y.range.start, "entries overlap") }
        // Every line with text lands in the header, a 'Table of Contents' line or some field.
        let covered = doc.entries.flatMap(\.fields).map(\.sourceRange) + (doc.header.map { [$0.sourceRange] } ?? [])
        for line in 1...src.lineStarts.count {
            let r = src.lineRange(line)
            guard let z = (r.start..<r.end).last(where: { ![0x20, 0x09].contains(bytes[$0]) }) else { continue }
            var a = r.start
            while a < z, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
            if line == 1, z - a >= 2, bytes[a...].starts(with: [0xEF, 0xBB, 0xBF]) { a += 3 }
            if a > z { continue }
            try require(covered.contains { $0.start <= z + 1 && z + 1 <= $0.end } || bytes[a...z].elementsEqual("Table of Contents".utf8), "line \(line) lost")
        }
        _ = src.location(of: bytes.count)
    }

    static func lint(_ bytes: [UInt8]) throws {
        let src = SourceText(path: "fuzz", bytes: bytes)
        let doc = DigestReader.read(src)
        try diagnostics(FuzzRules.linter.lint(doc), src)
    }

    static func jsonl(_ bytes: [UInt8]) throws {
        let src = SourceText(path: "fuzz.jsonl", bytes: bytes)
        let doc = JSONLReader.read(src)
        try document(doc, bytes.count)
        // Every non-blank line is either an entry or a malformed-record finding.
        var nonBlank = 0
        var first = true
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
            var rest = line.drop(while: isSpace)
            // A byte-order mark at the start of the file (after any spaces) counts as space.
            if first, rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3).drop(while: isSpace) }
            if !rest.isEmpty { nonBlank += 1 }
            first = false
        }
        try require(doc.entries.count + doc.readerDiagnostics.count == nonBlank, "entries + malformed == non-blank lines (\(doc.entries.count) + \(doc.readerDiagnostics.count) != \(nonBlank))")
        // Splice an awkward text into the middle of the first string field, escaped for JSON: the
        // record re-reads with exactly the spliced text and every other entry unchanged.
        guard let e = doc.entries.first(where: { $0.field(.abstract) != nil || $0.field(.title) != nil }),
              let f = e.field(.abstract) ?? e.field(.title) else { return }
        let starts = f.text.indices.filter { f.text[$0] & 0xC0 != 0x80 } + [f.text.count]
        let a = starts[starts.count / 3], b = starts[(2 * starts.count) / 3]
        guard validUTF8(f.text) else { return }
        let insert = "q\"\\ é\n🚀\t\u{1}"
        let ctx = CheckContext(document: doc, options: LintOptions(), resources: Resources(ruleDirectories: []))
        let edit = ctx.edit(f, ByteRange(a, b), insert)
        let out = Fixer.apply([edit], to: bytes)
        let again = JSONLReader.read(SourceText(path: "fuzz.jsonl", bytes: out))
        try require(again.entries.count == doc.entries.count, "splice changed the entry count")
        let e2 = again.entries[e.index - 1]
        let expected = Array(f.text[0..<a]) + Array(insert.utf8) + Array(f.text[b...])
        try require(e2.field(f.kind)?.text == expected, "splice re-reads as other text")
    }

    static func validUTF8(_ b: [UInt8]) -> Bool {
        var it = b.makeIterator(); var dec = UTF8()
        while true {
            switch dec.decode(&it) { case .scalarValue: continue; case .emptyInput: return true; case .error: return false }
        }
    }

    static let ruleProbe = SourceText(path: "x", text: "2026-01-05\n\nT\n\nAuthors: A\n\n2026-01-03\n\nhttp://arxiv.org/abs/2601.00001v1\n\nSome text 36 % with \\textbf{x} words words.\n")

    static func rules(_ bytes: [UInt8]) throws {
        do {
            let check = try RuleLoader.load(bytes: bytes, file: "fuzz/style/fuzz-rule.yml")
            let ds = Linter(rules: RuleSet(checks: [check]), options: LintOptions()).lint(DigestReader.read(ruleProbe))
            try diagnostics(ds, ruleProbe)
        } catch is ConfigError {
        } catch let e as InvariantBroken {
            throw e
        } catch {
            fatalError("rule loader threw something other than a ConfigError: \(error)")
        }
    }

    static func fixer(_ bytes: [UInt8]) throws {
        try fixerInvariants(bytes, lint: { FuzzRules.linter.lint($0) })
    }

    /// Adversarial fixes: the input's first bytes describe up to four rewrite rules (a pattern of
    /// 1–4 bytes, a replacement of 0–4 bytes, an applicability, a widening of 0–3 bytes on each side
    /// that makes fixes overlap, and whether a fix also edits the pattern's next occurrence); the rest
    /// is the digest. Each lint round offers one fix per occurrence of each pattern in the current
    /// text, the first `AdversarialRules.maxHits` of each (widened edits may cut UTF-8 sequences, record
    /// separators or each other). The fixer's own
    /// invariants must hold for any such fixes, not only the built-in rules' well-behaved ones.
    static func edits(_ bytes: [UInt8]) throws {
        guard let (rules, body) = AdversarialRules.parse(bytes) else { return }
        try fixerInvariants(body, lint: { rules.lint($0.source.bytes) })
    }

    static func fixerInvariants(_ bytes: [UInt8], lint uncached: (Document) -> [Diagnostic]) throws {
        // Linting is a function of the text, so each distinct text is linted once per execution: the
        // round by hand and the fixer's first round lint the same input, and the second run's first
        // round lints the first run's result, which the first run's last round linted already. (The
        // second run still selects afresh, with no refusals carried over: that is what it checks.)
        var linted: [[UInt8]: [Diagnostic]] = [:]
        func lint(_ d: Document) -> [Diagnostic] {
            if let ds = linted[d.source.bytes] { return ds }
            let ds = uncached(d)
            linted[d.source.bytes] = ds
            return ds
        }
        let src = SourceText(path: "fuzz", bytes: bytes)
        let doc = DigestReader.read(src)
        // One round by hand: the selected edits never overlap and nothing else changes.
        let sel = Fixer.select(lint(doc), in: bytes, minimum: .unsafe)
        let edits = sel.taken.flatMap { $0.1.edits }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        for (x, y) in zip(edits, edits.dropFirst()) { try require(!Fixer.conflicts(x, y), "selected edits conflict") }
        let out = Fixer.apply(edits, to: bytes)
        var shift = 0, at = 0
        for e in edits {
            try require(bytes[at..<e.start].elementsEqual(out[(at + shift)..<(e.start + shift)]), "byte outside the edits changed")
            shift += e.replacement.utf8.count - (e.end - e.start)
            at = e.end
        }
        try require(bytes[at...].elementsEqual(out[(at + shift)...]) && out.count == bytes.count + shift, "tail changed")
        // The whole fixer: entry count kept; fixing its result again changes nothing.
        let policy = FixPolicy(minimum: .unsafe)
        let once = Fixer.run(src, policy: policy, parse: { DigestReader.read($0) }, lint: lint)
        try require(once.document.entries.count == doc.entries.count, "entry count changed")
        try require(once.document.entries.count == DigestReader.read(SourceText(path: "f", bytes: once.fixed)).entries.count, "document out of date")
        guard once.converged else { return }
        let twice = Fixer.run(SourceText(path: "fuzz", bytes: once.fixed), policy: policy, parse: { DigestReader.read($0) }, lint: lint)
        try require(twice.fixed == once.fixed, "fixing twice differs from fixing once")
    }
}

/// The rewrite rules of the `edits` target (see `FuzzChecks.edits`).
struct AdversarialRules {
    struct Rule {
        var pattern: [UInt8], replacement: String, applicability: Applicability, widen: Int, pair: Bool
    }
    var rules: [Rule]
    /// Occurrences of a pattern that get a fix, per round. A round whose fixes change the entry count
    /// is replayed fix by fix, each trial re-reading the whole text, so an execution costs about rounds
    /// x fixes x length: at 64 (and inputs up to 4096 bytes) the target ran under 200 exec/s. Replaying
    /// one corpus (1086 inputs) at 16 and at 64 covers every function of the reader, the fixer and this
    /// file with the same edges; what 64 adds (~230 edges) is inside the standard library's collection
    /// code (merge sort past 20 elements, hash probing, array growth).
    static let maxHits = 16

    /// Splits the input into rules and the digest; nil when the input is too short to hold a rule.
    static func parse(_ b: [UInt8]) -> (AdversarialRules, [UInt8])? {
        guard let n0 = b.first else { return nil }
        var at = 1
        var rules: [Rule] = []
        for _ in 0..<(Int(n0) % 4 + 1) {
            guard at + 3 <= b.count else { return nil }
            let pl = Int(b[at]) % 4 + 1, rl = Int(b[at + 1]) % 5, flags = b[at + 2]
            at += 3
            guard at + pl + rl <= b.count else { return nil }
            let pattern = Array(b[at..<(at + pl)]); at += pl
            let replacement = String(decoding: b[at..<(at + rl)], as: UTF8.self); at += rl
            let applicability: Applicability = [.safe, .unsafe, .display][Int(flags & 3) % 3]
            rules.append(Rule(pattern: pattern, replacement: replacement, applicability: applicability,
                              widen: Int(flags >> 2) & 3, pair: flags & 0x10 != 0))
        }
        return (AdversarialRules(rules: rules), Array(b[at...]))
    }

    func lint(_ text: [UInt8]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (k, r) in rules.enumerated() {
            var hits: [Int] = []
            var i = 0
            while i + r.pattern.count <= text.count && hits.count < AdversarialRules.maxHits {
                if text[i..<(i + r.pattern.count)].elementsEqual(r.pattern) { hits.append(i); i += r.pattern.count } else { i += 1 }
            }
            for (h, start) in hits.enumerated() {
                func edit(_ s: Int) -> Edit {
                    Edit(start: max(0, s - r.widen), end: min(text.count, s + r.pattern.count + r.widen), replacement: r.replacement)
                }
                var es = [edit(start)]
                if r.pair, h + 1 < hits.count { es.append(edit(hits[h + 1])) }
                let fix = Fix(title: "rewrite \(k)", applicability: r.applicability, confidence: nil, edits: es)
                out.append(Diagnostic(rule: "fuzz-\(k)", category: .style, severity: .warning, message: "pattern \(k)",
                                      entry: nil, field: nil, range: ByteRange(start, start + r.pattern.count), fixes: [fix]))
            }
        }
        return out
    }
}
