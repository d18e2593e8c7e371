import CICU

/// Byte-level word scanning over UTF-8 field text: ASCII fast path, non-ASCII scalars decoded in place.
public enum Words {
    /// Decodes the scalar starting at `i` (assumes valid UTF-8; invalid bytes read as U+FFFD, length 1).
    @inline(__always)
    public static func scalar(_ b: [UInt8], _ i: Int) -> (cp: UInt32, len: Int) {
        let c = b[i]
        if c < 0x80 { return (UInt32(c), 1) }
        func cont(_ k: Int) -> UInt32? { i + k < b.count && b[i + k] & 0xC0 == 0x80 ? UInt32(b[i + k] & 0x3F) : nil }
        if c >= 0xC2 && c < 0xE0, let c1 = cont(1) { return ((UInt32(c & 0x1F) << 6) | c1, 2) }
        if c >= 0xE0 && c < 0xF0, let c1 = cont(1), let c2 = cont(2) { return ((UInt32(c & 0x0F) << 12) | (c1 << 6) | c2, 3) }
        if c >= 0xF0 && c < 0xF5, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
            return ((UInt32(c & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4)
        }
        return (0xFFFD, 1)
    }

    @inline(__always)
    public static func isLetter(_ cp: UInt32) -> Bool {
        if cp < 0x80 { return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7A }
        return dl_icu_is_alphabetic(cp) != 0
    }

    @inline(__always)
    public static func isWordChar(_ cp: UInt32) -> Bool {
        cp < 0x80 ? (isLetter(cp) || (cp >= 0x30 && cp <= 0x39)) : dl_icu_is_alphabetic(cp) != 0 || dl_icu_char_type(cp) == 9 /* Nd */
    }

    /// Ranges of maximal runs of letters and digits (plus inner `joiners`, e.g. '-' or '\'').
    public static func ranges(_ b: [UInt8], in r: ByteRange? = nil, joiners: Set<UInt8> = []) -> [ByteRange] {
        var out: [ByteRange] = []
        var i = r?.start ?? 0
        let end = r?.end ?? b.count
        var start = -1
        while i < end {
            let (cp, len) = scalar(b, i)
            if isWordChar(cp) {
                if start < 0 { start = i }
            } else if start >= 0, cp < 0x80, joiners.contains(UInt8(cp)), i + len < end, isWordChar(scalar(b, i + len).cp) {
                // joiner inside a word
            } else if start >= 0 {
                out.append(ByteRange(start, i)); start = -1
            }
            i += len
        }
        if start >= 0 { out.append(ByteRange(start, end)) }
        return out
    }

    public static func isUpper(_ cp: UInt32) -> Bool {
        cp < 0x80 ? (cp >= 0x41 && cp <= 0x5A) : dl_icu_char_type(cp) == 1 /* Lu */ || dl_icu_char_type(cp) == 3 /* Lt */
    }
    public static func isLower(_ cp: UInt32) -> Bool {
        cp < 0x80 ? (cp >= 0x61 && cp <= 0x7A) : dl_icu_char_type(cp) == 2 /* Ll */
    }

    /// NFKC-casefolded text (ICU), nil on error.
    public static func foldKey(_ s: [UInt8]) -> [UInt8]? { ICU.normalize(s, form: Int32(DL_NFKC_CASEFOLD)) }
}

/// Swift-facing wrappers of the CICU shim calls the analyses use.
public enum ICU {
    public static func normalize(_ s: [UInt8], form: Int32) -> [UInt8]? {
        if s.isEmpty { return [] }
        var cap = Int32(s.count * 3 + 16)
        while true {
            var out = [UInt8](repeating: 0, count: Int(cap))
            let n = s.withUnsafeBufferPointer { sp in
                out.withUnsafeMutableBufferPointer { op in
                    sp.baseAddress!.withMemoryRebound(to: CChar.self, capacity: s.count) { src in
                        op.baseAddress!.withMemoryRebound(to: CChar.self, capacity: Int(cap)) { dst in
                            dl_icu_normalize(form, src, Int32(s.count), dst, cap)
                        }
                    }
                }
            }
            if n < 0 { return nil }
            if n <= cap { return Array(out[0..<Int(n)]) }
            cap = n + 1
        }
    }

    public static func isNFC(_ s: [UInt8]) -> Bool {
        if s.allSatisfy({ $0 < 0x80 }) { return true }
        return s.withUnsafeBufferPointer { sp in
            sp.baseAddress!.withMemoryRebound(to: CChar.self, capacity: s.count) { dl_icu_is_normalized(Int32(DL_NFC), $0, Int32(s.count)) } } != 0
    }

    /// uspoof check bits (0: nothing suspicious).
    public static func spoofCheck(_ s: [UInt8]) -> Int32 {
        s.withUnsafeBufferPointer { sp in
            sp.baseAddress!.withMemoryRebound(to: CChar.self, capacity: s.count) { dl_icu_spoof_check($0, Int32(s.count)) } }
    }

    /// UTS #39 confusable skeleton.
    public static func skeleton(_ s: [UInt8]) -> [UInt8]? {
        var cap = Int32(s.count * 4 + 16)
        while true {
            var out = [UInt8](repeating: 0, count: Int(cap))
            let n = s.withUnsafeBufferPointer { sp in
                out.withUnsafeMutableBufferPointer { op in
                    sp.baseAddress!.withMemoryRebound(to: CChar.self, capacity: s.count) { src in
                        op.baseAddress!.withMemoryRebound(to: CChar.self, capacity: Int(cap)) { dst in
                            dl_icu_skeleton(src, Int32(s.count), dst, cap)
                        }
                    }
                }
            }
            if n < 0 { return nil }
            if n <= cap { return Array(out[0..<Int(n)]) }
            cap = n + 1
        }
    }

    public static func script(_ cp: UInt32) -> Int32 { dl_icu_script(cp) }
}

extension UInt32 {
    /// UTF-8 bytes of a scalar.
    var utf8Bytes: [UInt8] {
        guard let u = Unicode.Scalar(self) else { return [0xEF, 0xBF, 0xBD] }
        return Array(String(Character(u)).utf8)
    }
}
