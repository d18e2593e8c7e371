import Foundation

/// A hand-written scanner for the number-gap token pattern the shipped lexicon names (`pattern`),
/// used instead of PCRE2 when the lexicon's pattern is exactly this one:
///
///     \$[^$\n]{1,80}\$|[+-]?\d(?:[\d,.]*\d)?(?:\s?\\?%|x\b|×|\s?\$\\times\$|[A-Za-z]+\b)?|[A-Za-z][A-Za-z'’-]*|[.,;:)(]|\S
///
/// It decides a token itself only where every byte the decision looks at is ASCII (or the literal
/// '×' or '’', which are compared as bytes); wherever a decision would look at another non-ASCII
/// character (a Unicode digit, space, letter or an invalid byte: the pattern runs in PCRE2's UTF and
/// UCP modes), it says so and the caller asks the regex for the match from that offset. The tokens are
/// those the regex's left-to-right matching gives (NumberGapTests compares the two on generated text).
enum NumberTokens {
    static let pattern = #"\$[^$\n]{1,80}\$|[+-]?\d(?:[\d,.]*\d)?(?:\s?\\?%|x\b|×|\s?\$\\times\$|[A-Za-z]+\b)?|[A-Za-z][A-Za-z'’-]*|[.,;:)(]|\S"#

    /// The tokens of `bytes` (`b` its buffer), left to right, as the regex's `forEach` finds them: the
    /// scanner's, and the regex's (through `m`) where the scanner leaves the decision to it.
    static func forEach(in bytes: [UInt8], _ b: UnsafeBufferPointer<UInt8>, _ m: Matcher, _ body: (Int, Int) -> Void) {
        var p = 0
        while true {
            switch next(b, p) {
            case .end: return
            case let .token(s, e):
                body(s, e)
                p = e
            case let .regexAt(s):
                guard let r = (try? m.firstMatch(in: bytes, from: s)) ?? nil else { return }
                if r.end > r.start {
                    body(r.start, r.end)
                    p = r.end
                } else {
                    p = r.end + 1
                    while p < b.count && b[p] & 0xC0 == 0x80 { p += 1 }
                    if p > b.count { return }
                }
            }
        }
    }

    /// The next step from offset `p`: a token's end (`start` its start), the end of the text (no token
    /// left), or `regexAt` (the regex decides the match that starts at or after `start`).
    enum Step { case token(Int, Int), end, regexAt(Int) }

    @inline(__always) static func space(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
    @inline(__always) static func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func letter(_ c: UInt8) -> Bool { c | 0x20 >= 0x61 && c | 0x20 <= 0x7A }
    /// An ASCII word character for `\b` (UCP: letters, digits, underscore).
    @inline(__always) static func wordChar(_ c: UInt8) -> Bool { letter(c) || digit(c) || c == 0x5F }

    static func next(_ b: UnsafeBufferPointer<UInt8>, _ from: Int) -> Step {
        let n = b.count
        var p = from
        while p < n && space(b[p]) { p += 1 }
        if p == n { return .end }
        let c = b[p]
        if c >= 0x80 { return .regexAt(p) }
        switch c {
        case UInt8(ascii: "$"):
            // \$[^$\n]{1,80}\$ : the first '$' or newline after this one decides
            var k = 0
            while k < 81 {
                let q = p + 1 + k
                if q >= n { break }
                let d = b[q]
                if d >= 0x80 { return .regexAt(p) }
                if d == UInt8(ascii: "$") { return k >= 1 ? .token(p, q + 1) : .token(p, p + 1) }
                if d == 0x0A { break }
                k += 1
            }
            return .token(p, p + 1)                                     // \S
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard p + 1 < n else { return .token(p, p + 1) }
            let d = b[p + 1]
            if digit(d) { return number(b, p, p + 1) }
            if d >= 0x80 { return .regexAt(p) }                          // a Unicode digit?
            return .token(p, p + 1)
        case 0x30...0x39:
            return number(b, p, p)
        case 0x41...0x5A, 0x61...0x7A:
            var q = p + 1
            while q < n {
                let d = b[q]
                if letter(d) || d == UInt8(ascii: "'") || d == UInt8(ascii: "-") { q += 1 }
                else if d == 0xE2 && q + 2 < n && b[q + 1] == 0x80 && b[q + 2] == 0x99 { q += 3 }    // ’
                else { break }
            }
            return .token(p, q)
        default:
            return .token(p, p + 1)                                     // [.,;:)(] or \S
        }
    }

    /// `[+-]?\d(?:[\d,.]*\d)?` from `p` (first digit at `d`) and its optional suffix.
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ p: Int, _ d: Int) -> Step {
        let n = b.count
        var q = d + 1, e = d + 1
        while q < n {
            let x = b[q]
            if digit(x) { q += 1; e = q }
            else if x == UInt8(ascii: ".") || x == UInt8(ascii: ",") { q += 1 }
            else if x == 0xC3 && q + 1 < n && b[q + 1] == 0x97 { break }    // '×' is no digit
            else if x >= 0x80 { return .regexAt(p) }                        // a Unicode digit?
            else { break }
        }
        guard e < n else { return .token(p, e) }
        let s = b[e]
        func percent(_ at: Int) -> Int? {
            if at < n && b[at] == UInt8(ascii: "%") { return at + 1 }
            if at + 1 < n && b[at] == UInt8(ascii: "\\") && b[at + 1] == UInt8(ascii: "%") { return at + 2 }
            return nil
        }
        func times(_ at: Int) -> Int? {
            let lit: StaticString = "$\\times$"
            let len = lit.utf8CodeUnitCount
            guard at + len <= n else { return nil }
            let lp = lit.utf8Start
            for k in 0..<len where b[at + k] != lp[k] { return nil }
            return at + len
        }
        if s >= 0x80 {
            if s == 0xC3 && e + 1 < n && b[e + 1] == 0x97 { return .token(p, e + 2) }   // ×
            return .regexAt(p)                                                         // a Unicode space?
        }
        // \s?\\?%
        if space(s), let r = percent(e + 1) { return .token(p, r) }
        if let r = percent(e) { return .token(p, r) }
        // x\b
        if s == UInt8(ascii: "x") {
            if e + 1 == n { return .token(p, e + 1) }
            let t = b[e + 1]
            if t >= 0x80 { return .regexAt(p) }
            if !wordChar(t) { return .token(p, e + 1) }
        }
        // \s?\$\\times\$
        if space(s), let r = times(e + 1) { return .token(p, r) }
        if let r = times(e) { return .token(p, r) }
        // [A-Za-z]+\b
        if letter(s) {
            var r = e + 1
            while r < n && letter(b[r]) { r += 1 }
            if r == n { return .token(p, r) }
            if b[r] >= 0x80 { return .regexAt(p) }
            if !wordChar(b[r]) { return .token(p, r) }
        }
        return .token(p, e)
    }
}

/// Words of the number-gap lexicon by their UTF-8 bytes (open addressing, FNV-1a), so that a token's
/// word id is found from the field's bytes, lower-cased on the fly, without making a String.
struct ByteVocab {
    private(set) var pool: [UInt8] = []
    private var starts: [Int32] = []
    private var slots: [Int32]
    private var mask: Int
    /// ids of this table start here (a field's own words follow the lexicon's)
    let base: Int32
    var count: Int { starts.count - 1 }

    init(base: Int32 = 0, capacity: Int = 64) {
        self.base = base
        var c = 16
        while c < capacity * 2 { c *= 2 }
        slots = [Int32](repeating: -1, count: c)
        mask = c - 1
        starts = [0]
    }

    mutating func removeAll() {
        if count == 0 { return }
        pool.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true); starts.append(0)
        for i in slots.indices { slots[i] = -1 }
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int, lower: Bool) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<n {
            h = (h ^ UInt64(lower ? ByteVocab.lower(p[k]) : p[k])) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The id of the bytes `p[0..<n]` (ASCII letters lower-cased first when `lower`), or -1.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ n: Int, lower: Bool) -> Int32 {
        var i = ByteVocab.hash(p, n, lower: lower) & mask
        return pool.withUnsafeBufferPointer { pb in
            while true {
                let id = slots[i]
                if id < 0 { return -1 }
                let s = Int(starts[Int(id)]), e = Int(starts[Int(id) + 1])
                if e - s == n {
                    var k = 0
                    while k < n && pb[s + k] == (lower ? ByteVocab.lower(p[k]) : p[k]) { k += 1 }
                    if k == n { return id + base }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// The id of `p[0..<n]` (lower-cased when `lower`), added when new.
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int, lower: Bool) -> Int32 {
        let found = find(p, n, lower: lower)
        if found >= 0 { return found }
        if (count + 1) * 2 > slots.count { grow() }
        let id = Int32(count)
        for k in 0..<n { pool.append(lower ? ByteVocab.lower(p[k]) : p[k]) }
        starts.append(Int32(pool.count))
        place(Int(id))
        return id + base
    }

    mutating func intern(_ bytes: [UInt8]) -> Int32 {
        let b = bytes.isEmpty ? [0] : bytes    // (a base address for an empty key; its count stays 0)
        return b.withUnsafeBufferPointer { intern($0.baseAddress!, bytes.count, lower: false) }
    }

    func find(_ bytes: [UInt8]) -> Int32 {
        let b = bytes.isEmpty ? [0] : bytes
        return b.withUnsafeBufferPointer { find($0.baseAddress!, bytes.count, lower: false) }
    }

    private mutating func place(_ id: Int) {
        let s = Int(starts[id]), e = Int(starts[id + 1])
        var i = (e == s ? ByteVocab.hash(UnsafePointer(bitPattern: 1)!, 0, lower: false)
                 : pool.withUnsafeBufferPointer { ByteVocab.hash($0.baseAddress! + s, e - s, lower: false) }) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = Int32(id)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for id in 0..<count { place(id) }
    }
}

/// Values keyed by two word ids (open addressing).
struct IdPairs<V> {
    private var keys: [UInt64]
    private var vals: [V]
    private let mask: Int

    init(_ entries: [(Int32, Int32, V)], empty: V) {
        var c = 16
        while c < entries.count * 2 { c *= 2 }
        keys = [UInt64](repeating: .max, count: c)
        vals = [V](repeating: empty, count: c)
        mask = c - 1
        for (a, b, v) in entries {
            let k = IdPairs.key(a, b)
            var i = IdPairs.slot(k) & mask
            while keys[i] != .max && keys[i] != k { i = (i + 1) & mask }
            keys[i] = k; vals[i] = v
        }
    }

    @inline(__always) static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
    @inline(__always) static func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 40) }

    @inline(__always)
    func get(_ a: Int32, _ b: Int32) -> V? {
        let k = IdPairs.key(a, b)
        var i = IdPairs.slot(k) & mask
        while true {
            let x = keys[i]
            if x == k { return vals[i] }
            if x == .max { return nil }
            i = (i + 1) & mask
        }
    }
}
