/// Words that mix scripts with look-alike letters ('Mоdel' with a Cyrillic 'о'), found with ICU's spoof
/// checker. The fix replaces each letter of the minority script by its confusable skeleton when that
/// is a single letter of the word's main script (safe: the skeleton is ICU's, the word then is one script).
/// In author lists, a whole word of another script inside a Latin name ('Igor Ν. Glukhikh' with a Greek
/// 'Ν') is reported too when each of its letters has a single Latin letter as skeleton.
struct MixedScript: EntryCheck {
    /// ICU's UScriptCode for Latin.
    static let latin: Int32 = 25
    let meta: RuleMeta
    let scope: Set<FieldKind>

    init(meta: RuleMeta, settings: Settings, scope: Set<FieldKind>) throws {
        try settings.rejectUnknown([])
        self.meta = meta
        self.scope = scope
    }

    /// The Latin look-alike of a word written wholly in one other script, letter by letter (case kept),
    /// or nil when some letter has no single Latin letter as its skeleton.
    static func latinLookAlike(_ t: [UInt8], _ r: ByteRange) -> [(Int, Int, String)]? {
        var out: [(Int, Int, String)] = []
        var script: Int32 = -1
        var i = r.start
        while i < r.end {
            let (cp, len) = Words.scalar(t, i)
            let sc = ICU.script(cp)
            if sc > 1 {
                guard sc != latin, script == -1 || script == sc, let sk = ICU.skeleton(cp.utf8Bytes), !sk.isEmpty else { return nil }
                script = sc
                let (scp, slen) = Words.scalar(sk, 0)
                guard slen == sk.count, ICU.script(scp) == latin, let u = Unicode.Scalar(scp) else { return nil }
                out.append((i, len, Words.isUpper(cp) ? String(u).uppercased() : String(u)))
            }
            i += len
        }
        return out.isEmpty ? nil : out
    }

    /// Author names: a word wholly in another script whose letters all look like Latin ones, in a name
    /// (the entry's author ranges) that has a Latin word.
    func authorLookAlikes(_ entry: Entry, _ f: FieldText, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        let t = f.text
        let words = Words.ranges(t)
        for a in entry.authorRanges {
            let name = words.filter { $0.start >= a.start && $0.end <= a.end }
            let hasLatin = name.contains { r in ICU.script(Words.scalar(t, r.start).cp) == MixedScript.latin }
            guard hasLatin else { continue }
            for r in name where t[r.start] >= 0x80 {
                guard let subs = MixedScript.latinLookAlike(t, r) else { continue }
                let edits = subs.map { ctx.edit(f, ByteRange($0.0, $0.0 + $0.1), $0.2) }
                var repaired = ""
                var i = r.start
                for (at, len, rep) in subs { repaired += String(decoding: t[i..<at], as: UTF8.self) + rep; i = at + len }
                repaired += String(decoding: t[i..<r.end], as: UTF8.self)
                out.append(ctx.diagnostic(meta, "'\(f.string(r))' is written in another script with letters that look like Latin ones, inside a Latin name",
                                          entry: entry, field: f, local: r,
                                          fixes: [Fix(title: "write '\(repaired)'", applicability: .safe, edits: edits)]))
            }
        }
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        for f in entry.fields where scope.contains(f.kind) {
            let t = f.text
            if t.allSatisfy({ $0 < 0x80 }) { continue }
            if f.kind == .authors { authorLookAlikes(entry, f, ctx, into: &out) }
            for r in Words.ranges(t) {
                var ascii = false, other = false
                var i = r.start
                while i < r.end { if t[i] < 0x80 { ascii = true } else { other = true }; i += 1 }
                guard ascii && other else { continue }
                // count scripts of letters
                var counts: [Int32: Int] = [:]
                var letters: [(Int, Int, UInt32, Int32)] = []
                i = r.start
                while i < r.end {
                    let (cp, len) = Words.scalar(t, i)
                    let s = ICU.script(cp)
                    if s > 1 { counts[s, default: 0] += 1; letters.append((i, len, cp, s)) }
                    i += len
                }
                // the main script has the most letters; on a tie Latin ('Мa', 'Lі': one letter each), then the lower code
                func rank(_ e: (key: Int32, value: Int)) -> (Int, Int, Int32) { (e.value, e.key == MixedScript.latin ? 1 : 0, -e.key) }
                guard counts.count >= 2, let main = counts.max(by: { rank($0) < rank($1) })?.key else { continue }
                let word = Array(t[r.start..<r.end])
                guard ICU.spoofCheck(word) != 0 else { continue }
                var edits: [Edit] = []
                var ok = true
                var fixed = ""
                for (at, len, cp, s) in letters where s != main {
                    guard let sk = ICU.skeleton(cp.utf8Bytes) else { ok = false; break }
                    let (scp, slen) = sk.isEmpty ? (0, 0) : Words.scalar(sk, 0)
                    guard slen == sk.count, slen > 0, ICU.script(scp) == main else { ok = false; break }
                    var rep = sk
                    // keep the case of the original letter
                    if Words.isUpper(cp), let u = Unicode.Scalar(scp) { rep = Array(String(u).uppercased().utf8) }
                    edits.append(ctx.edit(f, ByteRange(at, at + len), String(decoding: rep, as: UTF8.self)))
                    _ = fixed
                }
                let w = f.string(r)
                var fixes: [Fix] = []
                if ok && !edits.isEmpty {
                    var repaired = word
                    for (at, len, cp, s) in letters.reversed() where s != main {
                        var sk = ICU.skeleton(cp.utf8Bytes)!
                        if Words.isUpper(cp), let u = Unicode.Scalar(Words.scalar(sk, 0).cp) { sk = Array(String(u).uppercased().utf8) }
                        repaired.replaceSubrange((at - r.start)..<(at - r.start + len), with: sk)
                    }
                    fixed = String(decoding: repaired, as: UTF8.self)
                    fixes.append(Fix(title: "write '\(fixed)'", applicability: .safe, edits: edits))
                }
                out.append(ctx.diagnostic(meta, "'\(w)' mixes scripts with look-alike letters", entry: entry, field: f, local: r, fixes: fixes))
            }
        }
    }
}
