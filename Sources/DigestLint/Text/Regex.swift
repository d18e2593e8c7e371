import CPCRE2
#if canImport(Glibc)
import Glibc
#endif

public struct RegexError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Byte offset in the pattern where compilation failed.
    public var offset: Int
    public var description: String { "\(message) at pattern offset \(offset)" }
}

/// A PCRE2 failure while matching (match or depth limit, ...).
public struct MatchFailure: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var description: String {
        var buf = [CChar](repeating: 0, count: 256)
        dl_regex_error_message(code, &buf, buf.count)
        return String(cString: buf)
    }
}

/// A compiled PCRE2 pattern in UTF mode (JIT when available). Compiled once; shareable across
/// threads. Each thread matches through its own `Matcher`. Offsets are UTF-8 byte offsets.
public final class Regex: @unchecked Sendable {
    let re: OpaquePointer
    public let pattern: String
    public let captureCount: Int

    public static let defaultMatchLimit: UInt32 = 200_000
    public static let defaultDepthLimit: UInt32 = 2_000

    public convenience init(_ pattern: String, caseless: Bool = false, multiline: Bool = false,
                            matchLimit: UInt32 = Regex.defaultMatchLimit, depthLimit: UInt32 = Regex.defaultDepthLimit) throws {
        try self.init(pattern, caseless: caseless, multiline: multiline, anchored: false, prefilter: nil,
                      matchLimit: matchLimit, depthLimit: depthLimit)
    }

    /// `prefilter` names where matches can start (see `Prefilter`); without it, patterns opening with
    /// `\b(literal|...)` are tried only where one of the literals starts.
    public convenience init(_ pattern: String, caseless: Bool = false, prefilter: Prefilter?) throws {
        try self.init(pattern, caseless: caseless, multiline: false, anchored: false, prefilter: prefilter,
                      matchLimit: Regex.defaultMatchLimit, depthLimit: Regex.defaultDepthLimit)
    }

    init(_ pattern: String, caseless: Bool, multiline: Bool, anchored: Bool, prefilter: Prefilter?,
         matchLimit: UInt32, depthLimit: UInt32, startsAllowed: Bool = true) throws {
        var code: Int32 = 0
        var offset = 0
        var buf = [CChar](repeating: 0, count: 256)
        var flags: UInt32 = 0
        if caseless { flags |= UInt32(DL_RE_CASELESS) }
        if multiline { flags |= UInt32(DL_RE_MULTILINE) }
        if anchored { flags |= UInt32(DL_RE_ANCHORED) }
        let utf8 = Array(pattern.utf8)
        guard let re = utf8.withUnsafeBufferPointer({ p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(1, p.count)) {
                dl_regex_compile($0, p.count, flags, matchLimit, depthLimit, &code, &offset, &buf, buf.count)
            }
        }) ?? nil else {
            throw RegexError(message: String(cString: buf), offset: offset)
        }
        self.re = re
        self.poolLock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(poolLock, nil)
        self.pattern = pattern
        self.captureCount = Int(dl_regex_capture_count(re))
        let rb = dl_regex_required_byte(re)
        self.requiredByte = rb >= 0 ? Int32(rb) : nil
        var starts: MatchStarts?
        if !anchored && startsAllowed {
            if prefilter == .adjacentRepeat { starts = AdjacentRepeats() } else { starts = LiteralStarts(pattern: pattern, caseless: caseless) }
        }
        // (try?: an init that throws after the pattern compiled would leak it; without a twin the
        // pattern is simply tried everywhere)
        if let starts = starts, let twin = try? Regex(pattern, caseless: caseless, multiline: multiline, anchored: true,
                                                      prefilter: nil, matchLimit: matchLimit, depthLimit: depthLimit) {
            self.starts = starts
            self.anchoredTwin = twin
            self.literalStarts = starts as? LiteralStarts
        } else {
            self.literalStarts = nil
            self.starts = nil
            self.anchoredTwin = nil
        }
    }

    /// The same pattern tried at every offset (tests compare it with the prefiltered one).
    static func unfiltered(_ pattern: String, caseless: Bool) throws -> Regex {
        try Regex(pattern, caseless: caseless, multiline: false, anchored: false, prefilter: nil,
                  matchLimit: defaultMatchLimit, depthLimit: defaultDepthLimit, startsAllowed: false)
    }

    /// Where matches can start (a superset), and the same pattern compiled anchored: matching then
    /// tries only those offsets (the anchored twin decides there), not every offset of the text.
    let starts: MatchStarts?
    let anchoredTwin: Regex?
    /// `starts` when they are literal openings (which `WordStarts` can serve).
    let literalStarts: LiteralStarts?

    /// A byte every match contains (from PCRE2's pattern info); text without it cannot match,
    /// which one memchr decides before entering the matcher.
    public let requiredByte: Int32?

    deinit {
        for m in pool { dl_match_free(m) }
        pthread_mutex_destroy(poolLock)
        poolLock.deallocate()
        dl_regex_free(re)
    }

    /// Released match states (match data, match context and a JIT stack of up to 1 MiB that costs
    /// an mmap/munmap pair): a finished `Matcher` leaves its state here for the next one, so linting
    /// many small documents does not map and unmap a stack per regex per lint.
    private var pool: [OpaquePointer] = []
    /// Allocated in init once the pattern compiled (a default value would leak when init throws:
    /// a class whose init fails is not deinitialized).
    private let poolLock: UnsafeMutablePointer<pthread_mutex_t>
    static let poolLimit = 16

    func takeMatchState() -> OpaquePointer {
        pthread_mutex_lock(poolLock)
        let m = pool.popLast()
        pthread_mutex_unlock(poolLock)
        return m ?? dl_match_create(re)
    }

    func returnMatchState(_ m: OpaquePointer) {
        pthread_mutex_lock(poolLock)
        let keep = pool.count < Regex.poolLimit
        if keep { pool.append(m) }
        pthread_mutex_unlock(poolLock)
        if !keep { dl_match_free(m) }
    }

    public var isJIT: Bool { dl_regex_is_jit(re) != 0 }
    public func groupIndex(_ name: String) -> Int? {
        let i = dl_regex_group_index(re, name)
        return i < 0 ? nil : Int(i)
    }
    public func matcher() -> Matcher { Matcher(self) }

    /// Convenience for one-off use: all matches (whole-match ranges and groups).
    public func matches(in bytes: [UInt8]) throws -> [RegexMatch] {
        var out: [RegexMatch] = []
        try matcher().forEach(in: bytes) { out.append($0); return true }
        return out
    }
}

public struct RegexMatch: Sendable {
    /// Group 0 is the whole match; nil for groups that did not participate.
    public var groups: [ByteRange?]
    public var range: ByteRange { groups[0]! }
}

/// Per-thread match state for one regex; allocates nothing per match attempt.
public final class Matcher {
    public let regex: Regex
    let data: OpaquePointer

    init(_ regex: Regex) {
        self.regex = regex
        self.data = regex.takeMatchState()
    }
    deinit { regex.returnMatchState(data) }

    /// Calls `body` for each non-overlapping match, left to right, until it returns false.
    /// Empty matches advance by one UTF-8 sequence. Throws when PCRE2 fails (limits).
    public func forEach(in bytes: [UInt8], _ body: (RegexMatch) throws -> Bool) throws {
        try forEach(in: bytes, wordStarts: nil, body)
    }

    /// As `forEach(in:_:)`; `wordStarts` (made by `WordStarts` for these bytes) lists where the literal
    /// openings of this regex can start, so several patterns of a rule share one scan of the text.
    func forEach(in bytes: [UInt8], wordStarts: [Int32]?, _ body: (RegexMatch) throws -> Bool) throws {
        try bytes.withUnsafeBufferPointer { buf in
            if let rb = regex.requiredByte {
                guard let p = buf.baseAddress, memchr(p, rb, buf.count) != nil else { return }
            }
            let base = buf.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
            var start = 0
            var cursor = 0
            while start <= buf.count {
                var rc: Int32
                if let offs = wordStarts, let lits = regex.literalStarts, let twin = regex.anchoredTwin {
                    rc = 0
                    while cursor < offs.count && Int(offs[cursor]) < start { cursor += 1 }
                    while cursor < offs.count {
                        let p = Int(offs[cursor])
                        cursor += 1
                        guard lits.startsHere(base, buf.count, p) else { continue }
                        rc = dl_regex_match(twin.re, base, buf.count, p, data)
                        if rc != 0 { break }
                    }
                } else if let lits = regex.starts, let twin = regex.anchoredTwin {
                    // The leftmost match starts at the first candidate where the anchored twin matches.
                    rc = 0
                    var p = lits.next(in: buf, from: start)
                    while p < buf.count {
                        rc = dl_regex_match(twin.re, base, buf.count, p, data)
                        if rc != 0 { break }
                        p = lits.next(in: buf, from: p + 1)
                    }
                } else {
                    rc = dl_regex_match(regex.re, base, buf.count, start, data)
                }
                if rc == 0 { return }
                if rc < 0 { throw MatchFailure(code: rc) }
                let ov = dl_match_ovector(data)!
                var groups: [ByteRange?] = []
                groups.reserveCapacity(regex.captureCount + 1)
                for g in 0...regex.captureCount {
                    if g < Int(rc) && ov[2 * g] >= 0 {  // PCRE2_UNSET imports as -1
                        groups.append(ByteRange(ov[2 * g], ov[2 * g + 1]))
                    } else { groups.append(nil) }
                }
                let m = RegexMatch(groups: groups)
                if try !body(m) { return }
                if m.range.end > m.range.start { start = m.range.end } else {
                    start = m.range.end + 1
                    while start < buf.count && buf[start] & 0xC0 == 0x80 { start += 1 }
                }
            }
        }
    }

    /// The first match at or after `start`, as `forEach` finds it for a regex without `starts` (the
    /// pattern tried at every offset from `start`); nil when there is none. Throws when PCRE2 fails.
    func firstMatch(in bytes: [UInt8], from start: Int) throws -> ByteRange? {
        precondition(regex.starts == nil && start <= bytes.count)
        return try bytes.withUnsafeBufferPointer { buf in
            let base = buf.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
            let rc = dl_regex_match(regex.re, base, buf.count, start, data)
            if rc == 0 { return nil }
            if rc < 0 { throw MatchFailure(code: rc) }
            let ov = dl_match_ovector(data)!
            return ByteRange(ov[0], ov[1])
        }
    }

    /// True when the pattern matches anywhere in `bytes`.
    public func test(_ bytes: [UInt8]) throws -> Bool {
        var found = false
        try forEach(in: bytes) { _ in found = true; return false }
        return found
    }
}

/// The literal openings of a pattern `\b(a|b|...)rest` (or `\b(?:...)`) whose alternation is the
/// only top-level one: every match starts with one of them, at a word boundary. Patterns of any
/// other shape (or caseless ones, where ASCII letters also match some non-ASCII letters) give nil.
/// Where a pattern's matches can start: every offset a match starts at is returned by `next` (more
/// offsets may be returned; the anchored pattern rejects them).
protocol MatchStarts: AnyObject, Sendable {
    /// The first possible start at or after `from`; the buffer's count when there is none.
    func next(in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int
}

/// A rule's statement (YAML `prefilter`) of where its pattern's matches start.
public enum Prefilter: String, Sendable, CaseIterable {
    /// At a word the next word repeats: a word (a run of ASCII letters after no ASCII letter, digit
    /// or `_`) followed by whitespace and the same letters in any ASCII case. Words with non-ASCII
    /// letters or spaces nearby are always tried, so Unicode case and spacing stay the pattern's call.
    case adjacentRepeat = "adjacent-repeat"
}

final class AdjacentRepeats: MatchStarts, @unchecked Sendable {
    func next(in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let n = b.count
        guard from < n, let base = b.baseAddress else { return n }
        @inline(__always) func letter(_ c: UInt8) -> Bool { c | 0x20 >= 0x61 && c | 0x20 <= 0x7A }
        @inline(__always) func space(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        var p = from
        while p < n {
            let c = base[p]
            let before: UInt8 = p > 0 ? base[p - 1] : 0x20
            let wordBefore = letter(before) || (before >= 0x30 && before <= 0x39) || before == 0x5F
            if wordBefore || !(letter(c) || c >= 0xC0) { p += 1; continue }
            if c >= 0x80 { return p }
            var e = p + 1
            while e < n && letter(base[e]) { e += 1 }
            if e == n { return n }
            if base[e] >= 0x80 { return p }
            if !space(base[e]) { p = e; continue }
            var q = e + 1
            while q < n && space(base[q]) { q += 1 }
            let len = e - p
            if q < n && base[q] >= 0x80 { return p }
            if q + len <= n {
                var k = 0
                while k < len {
                    let x = base[p + k], y = base[q + k]
                    if y >= 0x80 { return p }
                    if x | 0x20 != y | 0x20 { break }
                    k += 1
                }
                if k == len { return p }
            }
            p = e
        }
        return n
    }
}

final class LiteralStarts: MatchStarts, @unchecked Sendable {
    /// Per byte value: 1 + the index of its first literal in `lits` (0: no literal starts with it).
    private let first: UnsafeMutablePointer<Int32>
    /// Per byte value: -1 (all bits) when it is an ASCII word character (letter, digit, underscore), else 0.
    private let word: UnsafeMutablePointer<Int32>
    /// The literals sorted by first byte, as (start, length) in `bytes`.
    private let lits: UnsafeMutablePointer<(start: Int32, count: Int32)>
    private let litCount: Int
    private let bytes: UnsafeMutablePointer<UInt8>

    deinit { first.deallocate(); word.deallocate(); lits.deallocate(); bytes.deallocate() }

    /// Caseless: literals are kept lower-cased and compared with ASCII case folded; each is cut before
    /// its first 'k' or 's', whose Unicode case variants (KELVIN SIGN, LONG S) have other byte lengths,
    /// so the shortened literal is still a prefix of every caseless match.
    private let caseless: Bool

    init?(pattern: String, caseless: Bool) {
        // Nothing is allocated before this guard: a failed init runs no deinit, so buffers allocated
        // by property initialisers would leak (LeakSanitizer found that).
        guard var found = LiteralStarts.literals(pattern) else { return nil }
        if caseless {
            found = found.map { l in
                Array(l.map(LiteralStarts.lowerASCII).prefix { $0 != UInt8(ascii: "k") && $0 != UInt8(ascii: "s") })
            }
            guard !found.contains(where: \.isEmpty) else { return nil }
        }
        self.caseless = caseless
        first = .allocate(capacity: 256)
        word = .allocate(capacity: 256)
        let sorted = found.sorted { $0.lexicographicallyPrecedes($1) }
        litCount = sorted.count
        lits = .allocate(capacity: sorted.count)
        bytes = .allocate(capacity: sorted.reduce(0) { $0 + $1.count })
        first.initialize(repeating: 0, count: 256)
        word.initialize(repeating: 0, count: 256)
        for c in 0..<256 {
            let u = UInt8(c)
            if (u | 0x20 >= 0x61 && u | 0x20 <= 0x7A) || (u >= 0x30 && u <= 0x39) || u == 0x5F { word[c] = -1 }
        }
        var at = 0
        for (k, l) in sorted.enumerated() {
            lits[k] = (Int32(at), Int32(l.count))
            for b in l { bytes[at] = b; at += 1 }
            if first[Int(l[0])] == 0 { first[Int(l[0])] = Int32(k + 1) }
        }
        if caseless {
            for c in 0x61...0x7A where first[c] != 0 { first[c - 0x20] = first[c] }
        }
    }

    /// Whether `lits[k]` is at `p` (ASCII case folded when caseless).
    @inline(__always)
    private func literal(_ k: Int, at base: UnsafePointer<UInt8>, _ n: Int, _ p: Int) -> Bool {
        let s = Int(lits[k].start), len = Int(lits[k].count)
        guard p + len <= n else { return false }
        if !caseless { return memcmp(base + p, bytes + s, len) == 0 }
        for i in 0..<len where LiteralStarts.lowerASCII(base[p + i]) != bytes[s + i] { return false }
        return true
    }

    @inline(__always)
    private static func lowerASCII(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    @inline(__always)
    private func fold(_ c: UInt8) -> UInt8 { caseless ? LiteralStarts.lowerASCII(c) : c }

    private static func literals(_ pattern: String) -> [[UInt8]]? {
        let p = Array(pattern.utf8)
        var i: Int
        if p.starts(with: Array("\\b(?:".utf8)) { i = 5 } else if p.starts(with: Array("\\b(".utf8)), p.count > 3, p[3] != UInt8(ascii: "?") { i = 3 } else { return nil }
        // Split the group into its top-level alternatives and find where it closes.
        var alternatives: [[UInt8]] = [[]]
        var depth = 0, inClass = false
        var close = -1
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\\") {
                alternatives[alternatives.count - 1] += p[i..<min(i + 2, p.count)]
                i += 2; continue
            }
            if inClass { if c == UInt8(ascii: "]") { inClass = false } }
            else if c == UInt8(ascii: "[") { inClass = true }
            else if c == UInt8(ascii: "(") { depth += 1 }
            else if c == UInt8(ascii: ")") {
                if depth == 0 { close = i; break }
                depth -= 1
            } else if c == UInt8(ascii: "|"), depth == 0 { alternatives.append([]); i += 1; continue }
            alternatives[alternatives.count - 1].append(c)
            i += 1
        }
        guard close > 0 else { return nil }
        // The rest of the pattern must not offer another way to match (a top-level `|`) nor change options.
        depth = 0; inClass = false; i = close + 1
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if inClass { if c == UInt8(ascii: "]") { inClass = false } }
            else if c == UInt8(ascii: "[") { inClass = true }
            else if c == UInt8(ascii: "(") { depth += 1 }
            else if c == UInt8(ascii: ")") { depth -= 1; if depth < 0 { return nil } }
            else if c == UInt8(ascii: "|"), depth == 0 { return nil }
            i += 1
        }
        if pattern.contains("(?i") || pattern.contains("(?x") || pattern.contains("(?^") || pattern.contains("(*") { return nil }
        func plain(_ c: UInt8) -> Bool {
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x20
        }
        var out: [[UInt8]] = []
        for a in alternatives {
            var n = 0
            while n < a.count, plain(a[n]) { n += 1 }
            if n < a.count, [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{")].contains(a[n]) { n -= 1 }
            // The literal must start with a word character, so `\b` before it means "no word character before".
            guard n > 0, a[0] != 0x20 else { return nil }
            out.append(Array(a[0..<n]))
        }
        return out
    }

    /// The first offset at or after `from` where a literal starts and the byte before (if any) is not
    /// an ASCII word character; the buffer's count when there is none.
    /// Whether one of the literals starts at `p` (the byte before is not checked).
    @inline(__always)
    func startsHere(_ base: UnsafePointer<UInt8>, _ n: Int, _ p: Int) -> Bool {
        let c = fold(base[p])
        let f = first[Int(base[p])]
        guard f != 0 else { return false }
        var k = Int(f) - 1
        while k < litCount {
            if bytes[Int(lits[k].start)] != c { return false }
            if literal(k, at: base, n, p) { return true }
            k += 1
        }
        return false
    }

    /// Whether a literal begins with byte `c`.
    func opens(with c: UInt8) -> Bool { first[Int(c)] != 0 }

    @inline(__always)
    func next(in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let n = b.count
        guard from < n, let base = b.baseAddress else { return n }
        let first = self.first, word = self.word, lits = self.lits, bytes = self.bytes, litCount = self.litCount
        var p = from
        var wordBefore: Int32 = p > 0 ? word[Int(base[p - 1])] : 0
        while p < n {
            let c = Int(base[p])
            // one well-predicted branch: a literal starts with this byte and no word character precedes it
            let f = first[c] & ~wordBefore
            if f != 0 {
                var k = Int(f) - 1
                let fc = fold(UInt8(truncatingIfNeeded: c))
                while k < litCount {
                    if bytes[Int(lits[k].start)] != fc { break }
                    if literal(k, at: base, n, p) { return p }
                    k += 1
                }
            }
            wordBefore = word[c]
            p += 1
        }
        return n
    }
}

/// One scan of a text for the offsets where any of several regexes' literal openings may start
/// (a byte some literal begins with, no ASCII word byte before it), shared by those regexes.
final class WordStarts: @unchecked Sendable {
    /// -1 for bytes some literal begins with, else 0.
    private let first: UnsafeMutablePointer<Int32>
    private let word: UnsafeMutablePointer<Int32>
    deinit { first.deallocate(); word.deallocate() }

    /// nil unless at least two of the regexes have literal openings.
    init?(_ regexes: [Regex]) {
        let ls = regexes.compactMap(\.literalStarts)
        guard ls.count >= 2 else { return nil }   // nothing allocated yet: a failed init runs no deinit
        first = .allocate(capacity: 256)
        word = .allocate(capacity: 256)
        for c in 0..<256 {
            let u = UInt8(c)
            first[c] = ls.contains { $0.opens(with: u) } ? -1 : 0
            word[c] = (u | 0x20 >= 0x61 && u | 0x20 <= 0x7A) || (u >= 0x30 && u <= 0x39) || u == 0x5F ? -1 : 0
        }
    }

    func offsets(in bytes: [UInt8]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(bytes.count / 8)
        let first = self.first, word = self.word
        bytes.withUnsafeBufferPointer { b in
            var wordBefore: Int32 = 0
            for p in 0..<b.count {
                let c = Int(b[p])
                if first[c] & ~wordBefore != 0 { out.append(Int32(truncatingIfNeeded: p)) }
                wordBefore = word[c]
            }
        }
        return out
    }
}

/// Gives memory freed by a finished chunk back to the system, so that a long streamed run stays near
/// the size of one chunk's work instead of the high-water mark of every worker's heap.
public enum MemoryPressure {
    public static func releaseFreed() { _ = dl_release_free_memory() }
}
