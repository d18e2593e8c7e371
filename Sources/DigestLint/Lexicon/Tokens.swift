/// Word tokens of a text as byte ranges: runs of ASCII letters and digits (bytes of multi-byte
/// characters count as word bytes so accented names stay whole). `joined` says whether the token is
/// linked to the previous one by exactly one space or hyphen (a bigram context), `hyphen` whether that
/// link is a hyphen.
public struct WordToken: Sendable {
    public var start: Int
    public var end: Int
    public var joined: Bool
    public var hyphen: Bool
}

public enum WordTokens {
    @inline(__always) public static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0x80
    }

    public static func scan(_ b: [UInt8]) -> [WordToken] { scan(b, 0, b.count) }

    public static func scan(_ b: [UInt8], _ from: Int, _ to: Int) -> [WordToken] {
        var out: [WordToken] = []
        out.reserveCapacity((to - from) / 6)
        var i = from
        var lastEnd = -10
        while i < to {
            if isWordByte(b[i]) {
                let s = i
                while i < to && isWordByte(b[i]) { i += 1 }
                let gap = s - lastEnd
                let joined = gap == 1 && (b[s - 1] == 32 || b[s - 1] == 45)
                out.append(WordToken(start: s, end: i, joined: joined, hyphen: joined && b[s - 1] == 45))
                lastEnd = i
            } else { i += 1 }
        }
        return out
    }
}

/// FNV-1a over bytes (used for compact lookups of words without allocating strings).
@inline(__always) func fnv(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf29ce484222325
    for c in b { h = (h ^ UInt64(c)) &* 0x100000001b3 }
    return h
}

func fnv(_ b: ArraySlice<UInt8>) -> UInt64 { b.withUnsafeBufferPointer { fnv($0) } }

/// FNV-1a of `b` with ASCII letters lower-cased, continuing from `seed` (so that parts hash as their
/// concatenation would: `fnvLower(w, seed: fnvLower(v) ... )`), without building the lower-cased copy.
@inline(__always) func fnvLower(_ b: ArraySlice<UInt8>, seed: UInt64 = 0xcbf29ce484222325) -> UInt64 {
    var h = seed
    for c in b { h = (h ^ UInt64(c >= 65 && c <= 90 ? c + 32 : c)) &* 0x100000001b3 }
    return h
}

/// `fnvLower` of `a`, one space, then `b`: the hash of the lower-cased word pair 'a b'.
@inline(__always) func fnvLowerPair(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> UInt64 {
    fnvLower(b, seed: (fnvLower(a) ^ 32) &* 0x100000001b3)
}
func fnv(_ s: String) -> UInt64 { var s = s; return s.withUTF8 { fnv($0) } }
