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

    public init(_ pattern: String, caseless: Bool = false, multiline: Bool = false,
                matchLimit: UInt32 = Regex.defaultMatchLimit, depthLimit: UInt32 = Regex.defaultDepthLimit) throws {
        var code: Int32 = 0
        var offset = 0
        var buf = [CChar](repeating: 0, count: 256)
        var flags: UInt32 = 0
        if caseless { flags |= UInt32(DL_RE_CASELESS) }
        if multiline { flags |= UInt32(DL_RE_MULTILINE) }
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
    }

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
        try bytes.withUnsafeBufferPointer { buf in
            if let rb = regex.requiredByte {
                guard let p = buf.baseAddress, memchr(p, rb, buf.count) != nil else { return }
            }
            let base = buf.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
            var start = 0
            while start <= buf.count {
                let rc = dl_regex_match(regex.re, base, buf.count, start, data)
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

    /// True when the pattern matches anywhere in `bytes`.
    public func test(_ bytes: [UInt8]) throws -> Bool {
        var found = false
        try forEach(in: bytes) { _ in found = true; return false }
        return found
    }
}
