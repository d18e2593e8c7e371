/// Duplicate entries across a digest: the same arXiv id (any version), the same normalised title, or
/// near-identical abstracts (shingled MinHash with LSH banding, linear in the number of entries).
/// Each finding names the entry it repeats.
struct DuplicateEntries: DocumentCheck {
    enum Kind: String { case id, title, abstract }
    let meta: RuleMeta
    let kind: Kind
    let threshold: Double
    let shingle: Int
    let bands: Int
    let rows: Int

    init(meta: RuleMeta, settings: Settings) throws {
        try settings.rejectUnknown(["by", "threshold", "shingle", "bands", "rows"])
        self.meta = meta
        let by = try settings.string("by", default: "id")
        guard let k = Kind(rawValue: by) else { throw settings.fail("by", "expected id, title or abstract, found '\(by)'") }
        kind = k
        threshold = try settings.double("threshold", default: 0.8)
        shingle = try settings.int("shingle", default: 3)
        bands = try settings.int("bands", default: 16)
        rows = try settings.int("rows", default: 4)
        guard shingle >= 1, bands >= 1, rows >= 1, bands * rows <= 512 else {
            throw settings.fail("bands", "shingle, bands and rows must be positive, bands × rows at most 512")
        }
    }

    func check(_ ctx: CheckContext) -> [Diagnostic] {
        let es = ctx.document.entries
        switch kind {
        case .id: return byID(es, ctx)
        case .title: return byTitle(es, ctx)
        case .abstract: return byAbstract(es, ctx)
        }
    }

    private func byID(_ es: [Entry], _ ctx: CheckContext) -> [Diagnostic] {
        var first: [String: Entry] = [:]
        var out: [Diagnostic] = []
        for e in es {
            guard let id = e.arxivID, let url = e.field(.url) else { continue }
            guard let f = first[id.base] else { first[id.base] = e; continue }
            let v0 = f.arxivID?.version, v1 = id.version
            var msg = "entry \(e.index) repeats entry \(f.index) (arXiv \(id.base))"
            if let a = v0, let b = v1, a != b {
                msg += "; v\(max(a, b)) (entry \(a > b ? f.index : e.index)) is the newer version"
            }
            out.append(ctx.diagnostic(meta, msg, entry: e, field: url, local: ByteRange(0, url.text.count)))
        }
        return out
    }

    static func titleKey(_ t: [UInt8]) -> [UInt8] {
        let folded = Words.foldKey(t) ?? t
        var out: [UInt8] = []
        out.reserveCapacity(folded.count)
        for r in Words.ranges(folded) {
            if !out.isEmpty { out.append(0x20) }
            out += folded[r.start..<r.end]
        }
        return out
    }

    private func byTitle(_ es: [Entry], _ ctx: CheckContext) -> [Diagnostic] {
        var first: [[UInt8]: Entry] = [:]
        var out: [Diagnostic] = []
        for e in es {
            guard let t = e.field(.title) else { continue }
            let k = DuplicateEntries.titleKey(t.text)
            guard !k.isEmpty else { continue }
            guard let f = first[k] else { first[k] = e; continue }
            if let a = f.arxivID, let b = e.arxivID, a.base == b.base { continue } // the id rule says it
            out.append(ctx.diagnostic(meta, "entry \(e.index) has the same title as entry \(f.index)",
                                      entry: e, field: t, local: ByteRange(0, t.text.count)))
        }
        return out
    }

    // MARK: MinHash + LSH

    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E3779B97F4A7C15
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// The k-th hash function of the signature is a multiply-shift map of the shingle's mixed hash g:
    /// h_k(g) = high 32 bits of (a_k·g + b_k) mod 2^64 (a_k odd). One mix per shingle and one multiply-add
    /// per slot (instead of a full mix per slot); the Jaccard estimate keeps its expected variance.
    static func coefficients(_ n: Int) -> (a: [UInt64], b: [UInt64]) {
        ((0..<n).map { mix(UInt64(2 * $0 + 1)) | 1 }, (0..<n).map { mix(UInt64(2 * $0 + 2)) })
    }

    /// MinHash signature of the abstract's word shingles (ASCII-case-folded bytes, FNV-1a).
    func signature(_ text: [UInt8]) -> [UInt32]? {
        let words = Words.ranges(text)
        guard words.count >= shingle + 2 else { return nil }
        var wh = [UInt64](repeating: 0, count: words.count)
        text.withUnsafeBufferPointer { tp in
            for (i, r) in words.enumerated() {
                var h: UInt64 = 0xcbf29ce484222325
                for j in r.start..<r.end {
                    var c = tp[j]
                    if c >= 65 && c <= 90 { c |= 0x20 }
                    h = (h ^ UInt64(c)) &* 0x100000001b3
                }
                wh[i] = h
            }
        }
        let n = bands * rows
        var sig = [UInt32](repeating: .max, count: n)
        let (a, b) = DuplicateEntries.coefficients(n)
        sig.withUnsafeMutableBufferPointer { sp in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    wh.withUnsafeBufferPointer { wp in
                        for i in 0...(words.count - shingle) {
                            var h: UInt64 = 0
                            for j in 0..<shingle { h = DuplicateEntries.mix(h ^ wp[i + j] &+ UInt64(j)) }
                            for k in 0..<n {
                                let v = UInt32(truncatingIfNeeded: (ap[k] &* h &+ bp[k]) >> 32)
                                sp[k] = v < sp[k] ? v : sp[k]
                            }
                        }
                    }
                }
            }
        }
        return sig
    }

    private func byAbstract(_ es: [Entry], _ ctx: CheckContext) -> [Diagnostic] {
        var buckets = [[UInt64: [Int32]]](repeating: [:], count: bands)
        for b in 0..<bands { buckets[b].reserveCapacity(es.count) }
        var out: [Diagnostic] = []
        // Signatures are independent per entry: computed on the run's workers, then banded in order.
        let all = Parallel.map(es.count, workers: ctx.options.workers) { i in es[i].field(.abstract).flatMap { signature($0.text) } }
        var candidates: [Int32] = []
        for (pos, e) in es.enumerated() {
            guard let a = e.field(.abstract), let sig = all[pos] else { continue }
            candidates.removeAll(keepingCapacity: true)
            for b in 0..<bands {
                var h: UInt64 = UInt64(b)
                for r in 0..<rows { h = DuplicateEntries.mix(h ^ UInt64(sig[b * rows + r])) }
                if let c = buckets[b][h] { candidates += c }
                buckets[b][h, default: []].append(Int32(pos))
            }
            var best: (pos: Int, sim: Double)?
            if !candidates.isEmpty {
                candidates.sort()
                var last: Int32 = -1
                for c in candidates where c != last {
                    last = c
                    let other = all[Int(c)]!
                    var same = 0
                    for k in 0..<sig.count where sig[k] == other[k] { same += 1 }
                    let sim = Double(same) / Double(sig.count)
                    if sim >= threshold, best == nil || sim > best!.sim { best = (Int(c), sim) }
                }
            }
            guard let m = best else { continue }
            let f = es[m.pos]
            if let x = f.arxivID, let y = e.arxivID, x.base == y.base { continue }
            if let x = f.field(.title), let y = e.field(.title), DuplicateEntries.titleKey(x.text) == DuplicateEntries.titleKey(y.text) { continue }
            let pct = Int((m.sim * 100).rounded())
            out.append(ctx.diagnostic(meta, "entry \(e.index)'s abstract is near-identical to entry \(f.index)'s (about \(pct)% of word shingles shared)",
                                      entry: e, field: a, local: ByteRange(0, min(a.text.count, firstSentenceEnd(a.text)))))
        }
        return out
    }

    private func firstSentenceEnd(_ t: [UInt8]) -> Int {
        var i = 0
        while i < t.count { if t[i] == UInt8(ascii: "."), i + 1 == t.count || t[i + 1] == 0x20 { return i + 1 }; i += 1 }
        return t.count
    }
}

/// The same author named twice in one entry's author list.
struct RepeatedAuthor: EntryCheck {
    let meta: RuleMeta
    init(meta: RuleMeta, settings: Settings) throws {
        try settings.rejectUnknown([])
        self.meta = meta
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        guard let f = entry.field(.authors), entry.authorRanges.count > 1 else { return }
        var seen: [[UInt8]: Int] = [:]
        for (i, r) in entry.authorRanges.enumerated() {
            let key = DuplicateEntries.titleKey(Array(f.text[r.start..<r.end]))
            guard !key.isEmpty else { continue }
            if let j = seen[key] {
                // remove ", Name" (the separator before this name and the name)
                let prev = entry.authorRanges[i - 1]
                let cut = ByteRange(prev.end, r.end)
                let name = f.string(r)
                let fix = Fix(title: "remove the second '\(name)'", applicability: .unsafe, edits: [ctx.edit(f, cut, "")])
                out.append(ctx.diagnostic(meta, "author '\(name)' is listed twice (also author \(j + 1))",
                                          entry: entry, field: f, local: r, fixes: [fix]))
            } else {
                seen[key] = i
            }
        }
    }
}
