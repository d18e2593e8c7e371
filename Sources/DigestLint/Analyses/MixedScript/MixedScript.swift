/// Words that mix scripts with look-alike letters ('Mоdel' with a Cyrillic 'о'), found with ICU's spoof
/// checker. The fix replaces each letter of the minority script by its confusable skeleton when that
/// is a single letter of the word's main script (safe: the skeleton is ICU's, the word then is one script).
struct MixedScript: EntryCheck {
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
            if t.allSatisfy({ $0 < 0x80 }) { continue }
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
                guard counts.count >= 2, let main = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else { continue }
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
