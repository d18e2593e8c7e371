/// Compact duplicate sketches of an entry, small enough to keep for millions of entries or to
/// ship between machines: the arXiv id, a hash of the normalised title, and a MinHash signature
/// of the abstract's word 3-shingles (the Jaccard similarity of two abstracts is estimated by the
/// share of equal signature slots; LSH bands of the signature find candidate pairs).
public struct DuplicateSketch: Sendable, Equatable {
    public var arxivID: String?
    /// FNV-1a 64 of the title lower-cased, letters and digits only, words joined by one space.
    public var titleHash: UInt64?
    public var minhash: [UInt32]

    public static let slots = 64

    public init(_ e: Entry) {
        arxivID = e.arxivID?.base
        titleHash = e.field(.title).map { DuplicateSketch.fnv(DuplicateSketch.words($0.text).joined(separator: [0x20])) }
        minhash = e.field(.abstract).map { DuplicateSketch.minhash(DuplicateSketch.words($0.text)) } ?? []
    }

    /// Lower-cased ASCII letters and digits; any other ASCII byte splits words; non-ASCII bytes are kept.
    static func words(_ t: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var cur: [UInt8] = []
        for c in t {
            if (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || c >= 0x80 { cur.append(c) }
            else if c >= 0x41 && c <= 0x5A { cur.append(c | 0x20) }
            else if !cur.isEmpty { out.append(cur); cur = [] }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    static func fnv<S: Sequence>(_ s: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for c in s { h = (h ^ UInt64(c)) &* 0x100000001b3 }
        return h
    }

    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e3779b97f4a7c15
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }

    static func minhash(_ w: [[UInt8]]) -> [UInt32] {
        guard !w.isEmpty else { return [] }
        let hashes = w.map { fnv($0) }
        var sig = [UInt32](repeating: .max, count: slots)
        let k = min(3, hashes.count)
        for i in 0...(hashes.count - k) {
            var h = hashes[i]
            for j in 1..<k { h = mix(h ^ (hashes[i + j] &* UInt64(j + 1))) }
            for s in 0..<slots {
                let v = UInt32(truncatingIfNeeded: mix(h ^ (UInt64(s) &* 0xd6e8feb86659fd93)) >> 32)
                if v < sig[s] { sig[s] = v }
            }
        }
        return sig
    }

    /// Estimated Jaccard similarity of two abstracts.
    public func similarity(_ o: DuplicateSketch) -> Double {
        guard minhash.count == o.minhash.count, !minhash.isEmpty else { return 0 }
        return Double(zip(minhash, o.minhash).filter { $0 == $1 }.count) / Double(minhash.count)
    }
}
