/// Two words run together where the second is a name the entry uses on its own ('thatSeedFlood' when
/// 'SeedFlood' stands alone elsewhere in the title or abstract). A fused form the entry uses more than
/// once, or in its title, is a coined name ('scAgent', 'nnU-Net'), not a lost space, and is left alone.
/// When the name's only use is the fused one, a function word ('or', 'with', 'the') run into a name-shaped
/// token ('orLLMs') is reported too, with an unsafe fix.
/// So is a common word of the lexicon (at least `word-prefix-count` uses, `word-prefix-min` letters)
/// run into a name-shaped token when the fused whole is no word the lexicon knows ('likeGPUs',
/// 'queriedPubMed', 'introduceCausalSTeward'), with an unsafe fix.
/// The fix restores the space: safe when the prefix is one of `safe-prefixes` (function words that
/// never start a coined name), unsafe otherwise.
struct FusedWords: EntryCheck {
    let meta: RuleMeta
    let scope: Set<FieldKind>
    let minPrefix: Int
    let safePrefixes: Set<String>
    /// Common words as prefixes (0: off): lexicon count and length of the prefix.
    let wordPrefixCount: Int
    let wordPrefixMin: Int
    let wordPrefixLong: Int
    let restKnownCount: Int
    /// The lexicon, when `lexicon` is set (shared with the other rules that read the same file).
    let lexData: LazyData<Lexicon>?
    var data: [any Preloadable] { lexData.map { [$0] } ?? [] }

    init(meta: RuleMeta, settings: Settings, scope: Set<FieldKind>) throws {
        try settings.rejectUnknown(["min-prefix", "safe-prefixes", "lexicon", "word-prefix-count", "word-prefix-min", "word-prefix-long", "rest-known-count"])
        self.meta = meta
        self.scope = scope
        minPrefix = try settings.int("min-prefix", default: 2)
        safePrefixes = Set(try settings.stringList("safe-prefixes") ?? [])
        wordPrefixCount = try settings.int("word-prefix-count", default: 0)
        wordPrefixMin = try settings.int("word-prefix-min", default: 4)
        wordPrefixLong = try settings.int("word-prefix-long", default: 7)
        restKnownCount = try settings.int("rest-known-count", default: 5)
        if let path = try settings.existingPath("lexicon") {
            lexData = TermSettings.lexiconData(path: path)
        } else {
            guard wordPrefixCount == 0 else { throw settings.fail("word-prefix-count", "needs the 'lexicon' setting") }
            lexData = nil
        }
    }

    /// A common lower-case word of the lexicon run into a token the lexicon does not know as a whole,
    /// where the rest is a word the lexicon knows ('likeGPUs') or the prefix is long (`word-prefix-long`
    /// letters: 'introduceCausalSTeward'); short common words start coined names ('deepONet').
    func commonWordPrefix(_ prefix: ArraySlice<UInt8>, _ rest: ArraySlice<UInt8>, _ whole: ArraySlice<UInt8>) -> Bool {
        guard wordPrefixCount > 0, prefix.count >= wordPrefixMin, let lex = lexData?.value else { return false }
        guard lex.count(prefix) >= wordPrefixCount && lex.count(whole) < 2 else { return false }
        return prefix.count >= wordPrefixLong || lex.count(rest) >= restKnownCount
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
                // lower-case prefix, then an upper-case letter; in a hyphenated token the prefix is the
                // last part before that letter ('real-worldGitHub': 'world')
                var i = r.start, p0 = r.start
                while i < r.end, (f.text[i] >= 0x61 && f.text[i] <= 0x7A) || (f.text[i] == 0x2D && i > p0) {
                    if f.text[i] == 0x2D { p0 = i + 1 }
                    i += 1
                }
                guard i - p0 >= minPrefix, i < r.end, f.text[i] >= 0x41 && f.text[i] <= 0x5A else { continue }
                let rest = f.text[i..<r.end]
                guard rest.count >= 3, uses[f.text[r.start..<r.end], default: 0] < 2 else { continue }
                let prefix = f.string(ByteRange(p0, i))
                // the name stands alone elsewhere in the entry; or (its only use was fused) a function word
                // runs into a name-shaped token: two capitals or a capital and a digit ('orLLMs',
                // 'withAutoGen', 'theRawNet2'; about once in 5600 clean abstracts)
                let known = names.contains(rest)
                guard known || (FusedWords.nameShaped(rest) && (safePrefixes.contains(prefix)
                    || commonWordPrefix(f.text[p0..<i], rest, f.text[p0..<r.end]))) else { continue }
                let word = f.string(ByteRange(p0, r.end))
                let name = f.string(ByteRange(i, r.end))
                let fix = Fix(title: "write '\(prefix) \(name)'", applicability: known && safePrefixes.contains(prefix) ? .safe : .unsafe,
                              edits: [ctx.edit(f, ByteRange(i, i), " ")])
                out.append(ctx.diagnostic(meta, "'\(word)' runs '\(prefix)' into the name '\(name)'", entry: entry, field: f, local: ByteRange(p0, r.end), fixes: [fix]))
            }
        }
    }
}
