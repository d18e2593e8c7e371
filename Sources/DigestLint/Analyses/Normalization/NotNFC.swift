/// Text that is not in Unicode Normalization Form C (decomposed accents: 'e' + U+0301 for 'é').
/// The fix replaces the smallest differing span by its NFC form (safe: canonical equivalence).
struct NotNFC: EntryCheck {
    let meta: RuleMeta
    let scope: Set<FieldKind>

    init(meta: RuleMeta, settings: Settings, scope: Set<FieldKind>) throws {
        try settings.rejectUnknown([])
        self.meta = meta
        self.scope = scope
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        for f in entry.fields where scope.contains(f.kind) {
            let t = f.text
            guard !ICU.isNFC(t), let n = ICU.normalize(t, form: 0) else { continue }
            var p = 0
            while p < t.count && p < n.count && t[p] == n[p] { p += 1 }
            var s = 0
            while s < t.count - p && s < n.count - p && t[t.count - 1 - s] == n[n.count - 1 - s] { s += 1 }
            // widen to scalar boundaries
            while p > 0 && t[p] & 0xC0 == 0x80 { p -= 1 }
            while s > 0 && t[t.count - s] & 0xC0 == 0x80 { s -= 1 }
            let local = ByteRange(p, t.count - s)
            let rep = String(decoding: n[p..<(n.count - s)], as: UTF8.self)
            let fix = Fix(title: "write '\(rep)' (NFC)", applicability: .safe, edits: [ctx.edit(f, local, rep)])
            out.append(ctx.diagnostic(meta, "text is not in NFC: '\(f.string(local))' has a composed form", entry: entry, field: f, local: local, fixes: [fix]))
        }
    }
}
