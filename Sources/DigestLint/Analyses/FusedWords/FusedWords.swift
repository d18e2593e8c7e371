/// Two words run together where the second is a name the entry uses on its own ('thatSeedFlood' when
/// 'SeedFlood' stands alone elsewhere in the title or abstract). A fused form the entry uses more than
/// once, or in its title, is a coined name ('scAgent', 'nnU-Net'), not a lost space, and is left alone.
/// When the name's only use is the fused one, a function word ('or', 'with', 'the') run into a name-shaped
/// token ('orLLMs') is reported too, with an unsafe fix.
/// The fix restores the space: safe when the prefix is one of `safe-prefixes` (function words that
/// never start a coined name), unsafe otherwise.
struct FusedWords: EntryCheck {
    let meta: RuleMeta
    let scope: Set<FieldKind>
    let minPrefix: Int
    let safePrefixes: Set<String>

    init(meta: RuleMeta, settings: Settings, scope: Set<FieldKind>) throws {
        try settings.rejectUnknown(["min-prefix", "safe-prefixes"])
        self.meta = meta
        self.scope = scope
        minPrefix = try settings.int("min-prefix", default: 2)
        safePrefixes = Set(try settings.stringList("safe-prefixes") ?? [])
    }

    /// Two or more capital letters, or a capital and a digit ('LLMs', 'AutoGen', 'RawNet2').
    static func nameShaped(_ w: ArraySlice<UInt8>) -> Bool {
        let uppers = w.filter { $0 >= 0x41 && $0 <= 0x5A }.count
        return uppers >= 2 || (uppers >= 1 && w.contains { $0 >= 0x30 && $0 <= 0x39 })
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
        // How often each token occurs in the entry (title occurrences count twice: titles coin names).
        var uses: [ArraySlice<UInt8>: Int] = [:]
        for (f, ws) in all { for r in ws { uses[f.text[r.start..<r.end], default: 0] += f.kind == .title ? 2 : 1 } }
        for (f, ws) in all where scope.contains(f.kind) {
            for r in ws {
                // lower-case prefix, then an upper-case letter
                var i = r.start
                while i < r.end, f.text[i] >= 0x61 && f.text[i] <= 0x7A { i += 1 }
                guard i - r.start >= minPrefix, i < r.end, f.text[i] >= 0x41 && f.text[i] <= 0x5A else { continue }
                let rest = f.text[i..<r.end]
                guard rest.count >= 3, uses[f.text[r.start..<r.end], default: 0] < 2 else { continue }
                let prefix = f.string(ByteRange(r.start, i))
                // the name stands alone elsewhere in the entry; or (its only use was fused) a function word
                // runs into a name-shaped token: two capitals or a capital and a digit ('orLLMs',
                // 'withAutoGen', 'theRawNet2'; about once in 5600 clean abstracts)
                let known = names.contains(rest)
                guard known || (safePrefixes.contains(prefix) && FusedWords.nameShaped(rest)) else { continue }
                let word = f.string(r)
                let name = f.string(ByteRange(i, r.end))
                let fix = Fix(title: "write '\(prefix) \(name)'", applicability: known && safePrefixes.contains(prefix) ? .safe : .unsafe,
                              edits: [ctx.edit(f, ByteRange(i, i), " ")])
                out.append(ctx.diagnostic(meta, "'\(word)' runs '\(prefix)' into the name '\(name)'", entry: entry, field: f, local: r, fixes: [fix]))
            }
        }
    }
}
