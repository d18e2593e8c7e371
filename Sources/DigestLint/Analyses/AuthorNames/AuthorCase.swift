/// Author names with broken case: a name part in lower case ('Qiao jin') that is not a particle
/// ('van der', 'de la', 'bin') or an elided particle before a capital ("d'Avila", "dell'Orto"). Parts
/// joined by a hyphen keep their own case ('Kit-lun'). The fix is
/// unsafe: some authors write their own names this way, and particle lists are never complete.
struct AuthorCase: EntryCheck {
    let meta: RuleMeta
    let particles: Set<String>
    /// Particles written with an apostrophe before the capital of the name ("d'", "dell'").
    let elided: Set<String>

    init(meta: RuleMeta, settings: Settings) throws {
        try settings.rejectUnknown(["particles", "elided-particles"])
        self.meta = meta
        particles = Set(try settings.stringList("particles") ?? [])
        elided = Set(try settings.stringList("elided-particles") ?? [])
    }

    /// "d'Avila": an elided particle, an apostrophe, then a capital.
    func isElided(_ word: String) -> Bool {
        guard let a = word.firstIndex(where: { $0 == "'" || $0 == "\u{2019}" }) else { return false }
        let after = word[word.index(after: a)...]
        return elided.contains(word[..<a].lowercased()) && (after.first?.isUppercase ?? false)
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        guard let f = entry.field(.authors) else { return }
        for r in entry.authorRanges {
            // parts separated by spaces
            var parts: [ByteRange] = []
            var s = -1
            for i in r.start...r.end {
                let sp = i == r.end || f.text[i] == 0x20
                if sp { if s >= 0 { parts.append(ByteRange(s, i)); s = -1 } } else if s < 0 { s = i }
            }
            guard parts.count >= 2 else { continue }
            for (k, p) in parts.enumerated() {
                let (cp, len) = Words.scalar(f.text, p.start)
                guard Words.isLower(cp) else { continue }
                let word = f.string(p)
                if particles.contains(word.lowercased()) || isElided(word) { continue }
                if word.contains(".") && p.count <= 3 { continue }
                // the rest of the name must look like a normally cased name
                let others = parts.enumerated().filter { $0.offset != k }.map { Words.scalar(f.text, $0.element.start).cp }
                guard others.contains(where: Words.isUpper) else { continue }
                var up = cp.utf8Bytes
                if let u = Unicode.Scalar(cp) { up = Array(String(u).uppercased().utf8) }
                let rest = f.string(ByteRange(p.start + len, p.end))
                let fixed = String(decoding: up, as: UTF8.self) + rest
                let fix = Fix(title: "write '\(fixed)'", applicability: .unsafe,
                              edits: [ctx.edit(f, ByteRange(p.start, p.start + len), String(decoding: up, as: UTF8.self))])
                out.append(ctx.diagnostic(meta, "name part '\(word)' in '\(f.string(r))' is in lower case",
                                          entry: entry, field: f, local: p, fixes: [fix]))
            }
        }
    }
}
