/// Mojibake: UTF-8 text that was decoded as Windows-1252/Latin-1 and re-encoded ('JÃ¼rgen' for
/// 'Jürgen'). A run of such characters is mapped back to single bytes; when those bytes are valid
/// UTF-8 with at least one multi-byte sequence, the decoded text is the fix (safe: the round trip
/// is exact by construction, since re-encoding the repair as UTF-8 and reading it as Windows-1252
/// gives back the damaged run).
struct Mojibake: EntryCheck {
    let meta: RuleMeta
    let scope: Set<FieldKind>

    init(meta: RuleMeta, settings: Settings, scope: Set<FieldKind>) throws {
        try settings.rejectUnknown([])
        self.meta = meta
        self.scope = scope
    }

    /// Windows-1252's 0x80-0x9F block.
    static let cp1252: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91,
        0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98,
        0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]

    @inline(__always) static func byte(_ cp: UInt32) -> UInt8? {
        if cp < 0x100 { return UInt8(cp) }
        return cp1252[cp]
    }

    /// At `i`: a lead character (Â..ô) followed by the continuation characters UTF-8 needs; returns the
    /// source length and the repaired scalar.
    static func sequence(_ t: [UInt8], _ i: Int) -> (len: Int, cp: UInt32)? {
        let (c0, l0) = Words.scalar(t, i)
        guard c0 >= 0xC2 && c0 <= 0xF4 else { return nil }
        let need = c0 < 0xE0 ? 1 : c0 < 0xF0 ? 2 : 3
        var bytes: [UInt8] = [UInt8(c0)]
        var j = i + l0
        for _ in 0..<need {
            guard j < t.count else { return nil }
            let (c, l) = Words.scalar(t, j)
            guard let b = byte(c), b >= 0x80 && b <= 0xBF else { return nil }
            bytes.append(b); j += l
        }
        let (cp, len) = Words.scalar(bytes, 0)
        guard len == bytes.count, cp != 0xFFFD, String(validating: bytes, as: UTF8.self) != nil else { return nil }
        return (j - i, cp)
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        for f in entry.fields where scope.contains(f.kind) {
            let t = f.text
            var i = 0
            var runStart = -1, runEnd = 0
            var repaired: [UInt8] = []
            func flush() {
                guard runStart >= 0 else { return }
                let fixed = String(decoding: repaired, as: UTF8.self)
                let bad = f.string(ByteRange(runStart, runEnd))
                let fix = Fix(title: "write '\(fixed)'", applicability: .safe, edits: [ctx.edit(f, ByteRange(runStart, runEnd), fixed)])
                out.append(ctx.diagnostic(meta, "mojibake '\(bad)': UTF-8 read as Windows-1252; it reads '\(fixed)'",
                                          entry: entry, field: f, local: ByteRange(runStart, runEnd), fixes: [fix]))
                runStart = -1; repaired = []
            }
            while i < t.count {
                if t[i] < 0x80 { if runStart >= 0 && runEnd != i { flush() }; i += 1; continue }
                if let (len, cp) = Mojibake.sequence(t, i) {
                    if runStart >= 0 && runEnd != i { flush() }
                    if runStart < 0 { runStart = i }
                    repaired += cp.utf8Bytes
                    i += len; runEnd = i
                } else {
                    if runStart >= 0 { flush() }
                    i += Words.scalar(t, i).len
                }
            }
            flush()
        }
    }
}
