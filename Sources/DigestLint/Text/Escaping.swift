/// JSON string content escaping (no surrounding quotes).
public enum JSONText {
    public static func escapeContent(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    public static func quote(_ s: String) -> String { "\"" + escapeContent(s) + "\"" }

    /// Appends `s` quoted and escaped exactly as `quote` does, working on its UTF-8 bytes.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { b in
            var run = 0, i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c >= 0x20 && c != 0x22 && c != 0x5C && c != 0xE2 { i += 1; continue }
                var len = 1
                if c == 0xE2 {
                    // U+2028 / U+2029 (E2 80 A8 / A9) are escaped; every other E2 sequence is copied.
                    guard i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 else { i += 1; continue }
                    len = 3
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i]))
                switch c {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                case 0x08: out.append(0x5C); out.append(0x62)
                case 0x0C: out.append(0x5C); out.append(0x66)
                default:
                    let v: UInt32 = c == 0xE2 ? (b[i + 2] == 0xA8 ? 0x2028 : 0x2029) : UInt32(c)
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(0x5C); out.append(0x75)
                    for sh in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((v >> UInt32(sh)) & 0xF)]) }
                }
                i += len
                run = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<n]))
        }
        out.append(0x22)
    }
}

public enum XMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

public enum UTF8Scan {
    /// Length of a valid UTF-8 sequence starting at i, or 0 when the bytes there are invalid.
    @inline(__always)
    public static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return 1 }
        let n = b.count
        func cont(_ k: Int) -> Bool { i + k < n && b[i + k] & 0xC0 == 0x80 }
        if c >= 0xC2 && c <= 0xDF { return cont(1) ? 2 : 0 }
        if c >= 0xE0 && c <= 0xEF {
            guard cont(1) && cont(2) else { return 0 }
            let c1 = b[i + 1]
            if c == 0xE0 && c1 < 0xA0 { return 0 }
            if c == 0xED && c1 >= 0xA0 { return 0 }
            return 3
        }
        if c >= 0xF0 && c <= 0xF4 {
            guard cont(1) && cont(2) && cont(3) else { return 0 }
            let c1 = b[i + 1]
            if c == 0xF0 && c1 < 0x90 { return 0 }
            if c == 0xF4 && c1 >= 0x90 { return 0 }
            return 4
        }
        return 0
    }

    /// Byte offsets of invalid sequences (at most `limit`).
    public static func invalidOffsets(_ bytes: [UInt8], limit: Int = 100) -> [Int] {
        var out: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                if b[i] < 0x80 { i += 1; continue }
                let n = sequenceLength(b, i)
                if n == 0 { out.append(i); if out.count >= limit { return }; i += 1 } else { i += n }
            }
        }
        return out
    }

    /// Whether every byte is ASCII (fast path for normalisation checks).
    public static func isASCII(_ bytes: some Collection<UInt8>) -> Bool { bytes.allSatisfy { $0 < 0x80 } }
}
