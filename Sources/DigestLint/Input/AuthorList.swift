/// Splits an authors field into names: on commas and semicolons, and on a standalone "and" or
/// "&" ("A, B and C", "A and B", "A, B, & C"). Ranges are local to the text, trimmed.
public enum AuthorList {
    public static func split(_ t: [UInt8]) -> [ByteRange] {
        var out: [ByteRange] = []
        var s = 0
        func push(_ a: Int, _ z: Int) {
            var a = a, z = z
            while a < z, t[a] == 0x20 || t[a] == 0x09 || t[a] == 0x0A || t[a] == 0x0D { a += 1 }
            while z > a, t[z - 1] == 0x20 || t[z - 1] == 0x09 || t[z - 1] == 0x0A || t[z - 1] == 0x0D { z -= 1 }
            if z > a { out.append(ByteRange(a, z)) }
        }
        var k = 0
        while k < t.count {
            let c = t[k]
            if c == UInt8(ascii: ",") || c == UInt8(ascii: ";") { push(s, k); s = k + 1; k += 1; continue }
            // " and " / " & " between names (at a word boundary)
            if c == 0x20 || k == s {
                let w = k == s && c != 0x20 ? k : k + 1
                if w + 4 <= t.count, t[w] == UInt8(ascii: "a"), t[w + 1] == UInt8(ascii: "n"), t[w + 2] == UInt8(ascii: "d"), t[w + 3] == 0x20 {
                    push(s, k); s = w + 4; k = w + 4; continue
                }
                if w + 2 <= t.count, t[w] == UInt8(ascii: "&"), t[w + 1] == 0x20 {
                    push(s, k); s = w + 2; k = w + 2; continue
                }
            }
            k += 1
        }
        push(s, t.count)
        return out
    }
}
