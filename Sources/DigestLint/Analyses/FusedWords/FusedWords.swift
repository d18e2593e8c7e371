/// Two words run together where the second is a name the entry uses on its own ('thatSeedFlood' when
/// 'SeedFlood' stands alone elsewhere in the title or abstract). The fix restores the space (safe: the
/// name is attested in the same entry and the prefix is a lower-case word of at least `min-prefix` letters).
struct FusedWords: EntryCheck {
    let meta: RuleMeta
    let scope: Set<FieldKind>
    let minPrefix: Int

    init(meta: RuleMeta, settings: Settings, scope: Set<FieldKind>) throws {
        try settings.rejectUnknown(["min-prefix"])
        self.meta = meta
        self.scope = scope
        minPrefix = try settings.int("min-prefix", default: 2)
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        var names = Set<ArraySlice<UInt8>>()
        var all: [(FieldText, [ByteRange])] = []
        for f in entry.fields where f.kind == .title || f.kind == .abstract {
            let ws = Words.ranges(f.text, joiners: [UInt8(ascii: "-")])
            all.append((f, ws))
            for r in ws where r.count >= 3 {
                let (c, _) = Words.scalar(f.text, r.start)
                if Words.isUpper(c) { names.insert(f.text[r.start..<r.end]) }
            }
        }
        guard !names.isEmpty else { return }
        for (f, ws) in all where scope.contains(f.kind) {
            for r in ws {
                // lower-case prefix, then an upper-case letter
                var i = r.start
                while i < r.end, f.text[i] >= 0x61 && f.text[i] <= 0x7A { i += 1 }
                guard i - r.start >= minPrefix, i < r.end, f.text[i] >= 0x41 && f.text[i] <= 0x5A else { continue }
                let rest = f.text[i..<r.end]
                guard rest.count >= 3, names.contains(rest) else { continue }
                let word = f.string(r)
                let prefix = f.string(ByteRange(r.start, i)), name = f.string(ByteRange(i, r.end))
                let fix = Fix(title: "write '\(prefix) \(name)'", applicability: .safe, edits: [ctx.edit(f, ByteRange(i, i), " ")])
                out.append(ctx.diagnostic(meta, "'\(word)' runs '\(prefix)' into the name '\(name)'", entry: entry, field: f, local: r, fixes: [fix]))
            }
        }
    }
}
