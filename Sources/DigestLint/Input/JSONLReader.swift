import Foundation

/// Reads JSONL in the arXiv metadata style: one object per line with `id`, `title`, `authors`
/// (a list of strings or one comma-separated string), `published` (or `update_date`) and
/// `abstract`. Every field's text is the decoded JSON string; its map points every decoded byte
/// back at the source bytes that produced it (`.shifted` when the string has no escapes, a
/// `.table` otherwise), so ranges and fixes land inside the JSON string contents.
///
/// A line that is not a valid JSON object becomes a `malformed-record` reader diagnostic naming
/// its line and column; the other lines are still read. Blank lines are skipped.
public enum JSONLReader {
    public static let malformedRule = "malformed-record"

    public static func read(_ source: SourceText) -> Document {
        var entries: [Entry] = []
        var problems: [Diagnostic] = []
        read(source, firstEntryIndex: 1, entries: &entries, problems: &problems)
        return Document(source: source, format: .jsonl, header: nil, entries: entries, readerDiagnostics: problems)
    }

    /// Reads a chunk of complete lines that starts at line `lineBase + 1` of its file, numbering
    /// entries from `firstEntryIndex` (offsets stay local to the chunk; messages name file lines).
    public static func read(chunk source: SourceText, firstEntryIndex: Int, lineBase: Int) -> Document {
        var entries: [Entry] = []
        var problems: [Diagnostic] = []
        read(source, firstEntryIndex: firstEntryIndex, lineBase: lineBase, entries: &entries, problems: &problems)
        return Document(source: source, format: .jsonl, header: nil, entries: entries, readerDiagnostics: problems)
    }

    static func read(_ source: SourceText, firstEntryIndex: Int, lineBase: Int = 0, entries: inout [Entry], problems: inout [Diagnostic]) {
        source.bytes.withUnsafeBufferPointer { b in
            var start = 0
            let n = b.count
            while start < n {
                var end = start
                // memchr-speed newline search
                if let p = memchrLF(b, from: start) { end = p } else { end = n }
                var contentEnd = end
                if contentEnd > start, b[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                var p = Parser(b: b, pos: start, end: contentEnd)
                p.skipSpace()
                if start == 0, p.pos + 3 <= contentEnd, b[p.pos] == 0xEF, b[p.pos + 1] == 0xBB, b[p.pos + 2] == 0xBF {
                    p.pos += 3; p.skipSpace()
                }
                if p.pos < contentEnd {
                    switch p.parseRecord(index: firstEntryIndex + entries.count) {
                    case .success(let e): entries.append(e)
                    case .failure(let err):
                        problems.append(malformed(source, at: err.offset, lineEnd: contentEnd, message: err.message, lineBase: lineBase))
                    }
                }
                start = end + 1
            }
        }
    }

    static func malformed(_ source: SourceText, at offset: Int, lineEnd: Int, message: String, lineBase: Int) -> Diagnostic {
        let loc = source.location(of: offset)
        let end = offset < lineEnd ? min(lineEnd, offset + UTF8Scan.scalarLength(source.bytes, offset)) : offset
        return Diagnostic(rule: malformedRule, category: .structure, severity: .error,
                          message: "line \(loc.line + lineBase), column \(loc.column): \(message); the record is not checked",
                          entry: nil, field: nil, range: ByteRange(offset, end))
    }

    @inline(__always)
    static func memchrLF(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < b.count, let base = b.baseAddress else { return nil }
        guard let r = memchr(base + from, 0x0A, b.count - from) else { return nil }
        return base.distance(to: r.assumingMemoryBound(to: UInt8.self))
    }

    struct ParseError: Error { var offset: Int; var message: String }

    /// A decoded JSON string: text, source range of its contents (inside the quotes), map.
    struct JString {
        var text: [UInt8]
        var contents: ByteRange
        var table: [Int]?   // nil: no escapes, local + contents.start
        func sourceOffset(_ i: Int) -> Int { table.map { $0[i] } ?? contents.start + i }
        func field(_ kind: FieldKind) -> FieldText {
            FieldText(kind: kind, text: text, sourceRange: contents, map: table.map { .table($0) } ?? .shifted(contents.start))
        }
    }

    enum Value {
        case string(JString)
        case strings([JString])
        case scalar(ByteRange)   // number, true/false/null (raw token)
        case other
    }

    struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        var pos: Int
        let end: Int
        /// Lists and objects currently open: recursion is bounded so a line of ten thousand '['
        /// is a malformed record, not a stack overflow.
        var depth = 0
        static let maxDepth = 256

        @inline(__always) mutating func skipSpace() {
            while pos < end, b[pos] == 0x20 || b[pos] == 0x09 || b[pos] == 0x0D || b[pos] == 0x0A { pos += 1 }
        }

        func fail(_ msg: String) -> ParseError {
            if pos >= end { return ParseError(offset: end, message: "the line ends inside the record (\(msg))") }
            return ParseError(offset: pos, message: msg)
        }

        func describe() -> String {
            guard pos < end else { return "end of line" }
            let c = b[pos]
            if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
            return "byte 0x\(String(c, radix: 16, uppercase: true))"
        }

        mutating func parseRecord(index: Int) -> Result<Entry, ParseError> {
            let recordStart = pos
            guard b[pos] == UInt8(ascii: "{") else {
                return .failure(ParseError(offset: pos, message: "expected a JSON object ('{'), found \(describe())"))
            }
            pos += 1
            var fields: [String: Value] = [:]
            do {
                skipSpace()
                if pos < end, b[pos] == UInt8(ascii: "}") { pos += 1 } else {
                    while true {
                        skipSpace()
                        guard pos < end, b[pos] == UInt8(ascii: "\"") else { throw fail("expected a key string, found \(describe())") }
                        let key = String(decoding: try parseString().text, as: UTF8.self)
                        skipSpace()
                        guard pos < end, b[pos] == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(key)\", found \(describe())") }
                        pos += 1
                        skipSpace()
                        let v = try parseValue(keep: Parser.wanted.contains(key))
                        if fields[key] == nil { fields[key] = v }
                        skipSpace()
                        guard pos < end else { throw fail("expected ',' or '}'") }
                        if b[pos] == UInt8(ascii: ",") { pos += 1; continue }
                        if b[pos] == UInt8(ascii: "}") { pos += 1; break }
                        throw fail("expected ',' or '}', found \(describe())")
                    }
                }
                skipSpace()
                if pos < end { throw ParseError(offset: pos, message: "unexpected \(describe()) after the end of the object") }
            } catch let e as ParseError {
                return .failure(e)
            } catch {
                return .failure(ParseError(offset: pos, message: "\(error)"))
            }
            return .success(makeEntry(fields, index: index, range: ByteRange(recordStart, end)))
        }

        static let wanted: Set<String> = ["id", "title", "authors", "published", "update_date", "abstract", "date", "url"]

        func makeEntry(_ f: [String: Value], index: Int, range: ByteRange) -> Entry {
            var fields: [FieldText] = []
            var authorRanges: [ByteRange] = []
            func str(_ k: String) -> JString? { if case .string(let s)? = f[k] { return s }; return nil }
            if let t = str("title") { fields.append(t.field(.title)) }
            switch f["authors"] {
            case .string(let s)?:
                fields.append(s.field(.authors))
                authorRanges = AuthorList.split(s.text)
            case .strings(let list)? where !list.isEmpty:
                let (field, ranges) = JSONLReader.joinList(list, kind: .authors)
                fields.append(field); authorRanges = ranges
            default: break
            }
            if let d = str("published") ?? str("update_date") ?? str("date") {
                fields.append(JSONLReader.datePart(d).field(.date))
            }
            if let u = str("url") { fields.append(u.field(.url)) }
            else if let id = str("id") { fields.append(id.field(.url)) }
            else if case .scalar(let r)? = f["id"] {
                fields.append(FieldText(kind: .url, text: Array(b[r.start..<r.end]), sourceRange: r, map: .shifted(r.start)))
            }
            if let a = str("abstract") { fields.append(a.field(.abstract)) }
            return Entry(index: index, range: range, fields: fields, authorRanges: authorRanges)
        }

        mutating func parseValue(keep: Bool) throws -> Value {
            guard pos < end else { throw fail("expected a value") }
            let c = b[pos]
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                guard depth < Parser.maxDepth else { throw fail("lists and objects nested deeper than \(Parser.maxDepth) levels") }
                depth += 1
            }
            defer { if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { depth -= 1 } }
            switch c {
            case UInt8(ascii: "\""):
                if keep { return .string(try parseString()) }
                try skipString(); return .other
            case UInt8(ascii: "["):
                pos += 1
                var list: [JString] = []
                var allStrings = true
                skipSpace()
                if pos < end, b[pos] == UInt8(ascii: "]") { pos += 1; return keep ? .strings([]) : .other }
                while true {
                    skipSpace()
                    let v = try parseValue(keep: keep)
                    if case .string(let s) = v { list.append(s) } else { allStrings = false }
                    skipSpace()
                    guard pos < end else { throw fail("expected ',' or ']'") }
                    if b[pos] == UInt8(ascii: ",") { pos += 1; continue }
                    if b[pos] == UInt8(ascii: "]") { pos += 1; break }
                    throw fail("expected ',' or ']' in a list, found \(describe())")
                }
                return keep && allStrings ? .strings(list) : .other
            case UInt8(ascii: "{"):
                pos += 1
                skipSpace()
                if pos < end, b[pos] == UInt8(ascii: "}") { pos += 1; return .other }
                while true {
                    skipSpace()
                    guard pos < end, b[pos] == UInt8(ascii: "\"") else { throw fail("expected a key string, found \(describe())") }
                    try skipString()
                    skipSpace()
                    guard pos < end, b[pos] == UInt8(ascii: ":") else { throw fail("expected ':', found \(describe())") }
                    pos += 1
                    skipSpace()
                    _ = try parseValue(keep: false)
                    skipSpace()
                    guard pos < end else { throw fail("expected ',' or '}'") }
                    if b[pos] == UInt8(ascii: ",") { pos += 1; continue }
                    if b[pos] == UInt8(ascii: "}") { pos += 1; break }
                    throw fail("expected ',' or '}', found \(describe())")
                }
                return .other
            default:
                let s = pos
                if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
                    pos += 1
                    while pos < end, (b[pos] >= 0x30 && b[pos] <= 0x39) || b[pos] == UInt8(ascii: ".") || b[pos] == UInt8(ascii: "e")
                            || b[pos] == UInt8(ascii: "E") || b[pos] == UInt8(ascii: "+") || b[pos] == UInt8(ascii: "-") { pos += 1 }
                    return .scalar(ByteRange(s, pos))
                }
                for word in ["true", "false", "null"] {
                    let w = Array(word.utf8)
                    if pos + w.count <= end, (0..<w.count).allSatisfy({ b[pos + $0] == w[$0] }) {
                        pos += w.count
                        return word == "null" ? .other : .scalar(ByteRange(s, pos))
                    }
                }
                throw fail("expected a value, found \(describe())")
            }
        }

        /// Skips a string without decoding (keys and values nobody reads); validates escapes.
        mutating func skipString() throws {
            pos += 1
            while pos < end {
                let c = b[pos]
                if c == UInt8(ascii: "\"") { pos += 1; return }
                if c == UInt8(ascii: "\\") {
                    guard pos + 1 < end else { pos += 1; break }
                    let e = b[pos + 1]
                    if e == UInt8(ascii: "u") {
                        guard pos + 6 <= end, (2..<6).allSatisfy({ hex(b[pos + $0]) != nil }) else { throw fail("invalid \\u escape") }
                        pos += 6
                    } else if Parser.simpleEscapes[Int(e)] != 0 { pos += 2 } else { throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'") }
                    continue
                }
                pos += 1
            }
            throw fail("unterminated string")
        }

        static let simpleEscapes: [UInt8] = {
            var t = [UInt8](repeating: 0, count: 256)
            t[Int(UInt8(ascii: "\""))] = 0x22; t[Int(UInt8(ascii: "\\"))] = 0x5C; t[Int(UInt8(ascii: "/"))] = 0x2F
            t[Int(UInt8(ascii: "b"))] = 0x08; t[Int(UInt8(ascii: "f"))] = 0x0C; t[Int(UInt8(ascii: "n"))] = 0x0A
            t[Int(UInt8(ascii: "r"))] = 0x0D; t[Int(UInt8(ascii: "t"))] = 0x09
            return t
        }()

        @inline(__always) func hex(_ c: UInt8) -> UInt32? {
            switch c {
            case 0x30...0x39: return UInt32(c - 0x30)
            case 0x41...0x46: return UInt32(c - 0x41 + 10)
            case 0x61...0x66: return UInt32(c - 0x61 + 10)
            default: return nil
            }
        }

        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= end else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 { guard let h = hex(b[at + k]) else { return nil }; v = v << 4 | h }
            return v
        }

        /// Parses a string at `pos` (on the opening quote) into decoded UTF-8 with its source map.
        mutating func parseString() throws -> JString {
            let open = pos
            pos += 1
            let contentStart = pos
            // Fast path: no escapes.
            while pos < end {
                let c = b[pos]
                if c == UInt8(ascii: "\"") {
                    let r = ByteRange(contentStart, pos)
                    pos += 1
                    return JString(text: Array(b[r.start..<r.end]), contents: r, table: nil)
                }
                if c == UInt8(ascii: "\\") { break }
                pos += 1
            }
            guard pos < end else { pos = open; throw ParseError(offset: open, message: "unterminated string (no closing '\"' on this line)") }
            // Slow path: decode escapes, keep a table.
            var text = Array(b[contentStart..<pos])
            var table = Array(contentStart..<pos)
            text.reserveCapacity(end - contentStart)
            table.reserveCapacity(end - contentStart + 1)
            while pos < end {
                let c = b[pos]
                if c == UInt8(ascii: "\"") {
                    table.append(pos)
                    let r = ByteRange(contentStart, pos)
                    pos += 1
                    return JString(text: text, contents: r, table: table)
                }
                if c != UInt8(ascii: "\\") { text.append(c); table.append(pos); pos += 1; continue }
                let escStart = pos
                guard pos + 1 < end else { pos += 1; break }
                let e = b[pos + 1]
                if e == UInt8(ascii: "u") {
                    guard var u = hex4(pos + 2) else { throw fail("invalid \\u escape (needs four hex digits)") }
                    pos += 6
                    if u >= 0xD800 && u <= 0xDBFF {
                        if pos + 1 < end, b[pos] == UInt8(ascii: "\\"), b[pos + 1] == UInt8(ascii: "u"), let lo = hex4(pos + 2), lo >= 0xDC00 && lo <= 0xDFFF {
                            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                            pos += 6
                        } else { u = 0xFFFD }
                    } else if u >= 0xDC00 && u <= 0xDFFF { u = 0xFFFD }
                    let scalar = Unicode.Scalar(u) ?? "\u{FFFD}"
                    for byte in UTF8.encode(scalar)! { text.append(byte); table.append(escStart) }
                } else {
                    let d = Parser.simpleEscapes[Int(e)]
                    guard d != 0 else { throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string") }
                    text.append(d); table.append(escStart)
                    pos += 2
                }
            }
            pos = open
            throw ParseError(offset: open, message: "unterminated string (no closing '\"' on this line)")
        }
    }

    /// The date part ("YYYY-MM-DD") of an ISO timestamp string, else the whole string.
    static func datePart(_ s: JString) -> JString {
        guard s.text.count > 10, SimpleDate.parse(s.text[0..<10]) != nil,
              [UInt8(ascii: "T"), 0x20].contains(s.text[10]) else { return s }
        let end = s.sourceOffset(10)
        return JString(text: Array(s.text[0..<10]), contents: ByteRange(s.contents.start, end),
                       table: s.table.map { Array($0[0...10]) })
    }

    /// Joins a list of strings with ", " into one field; the separators map to the end of the
    /// string before them (an edit there inserts at the end of that string, never across quotes).
    static func joinList(_ list: [JString], kind: FieldKind) -> (FieldText, [ByteRange]) {
        var text: [UInt8] = []
        var table: [Int] = []
        var ranges: [ByteRange] = []
        for (k, s) in list.enumerated() {
            if k > 0 {
                let prevEnd = list[k - 1].contents.end
                text.append(UInt8(ascii: ",")); table.append(prevEnd)
                text.append(0x20); table.append(prevEnd)
            }
            let a = text.count
            text += s.text
            if let t = s.table { table += t.dropLast() } else { table += s.contents.start..<s.contents.end }
            ranges.append(ByteRange(a, text.count))
        }
        table.append(list.last!.contents.end)
        let range = ByteRange(list.first!.contents.start, list.last!.contents.end)
        return (FieldText(kind: kind, text: text, sourceRange: range, map: .table(table)), ranges)
    }
}

extension UTF8Scan {
    /// Bytes of the (possibly invalid) UTF-8 sequence at i: at least 1.
    static func scalarLength(_ bytes: [UInt8], _ i: Int) -> Int {
        guard i < bytes.count else { return 0 }
        return bytes.withUnsafeBufferPointer { max(1, sequenceLength($0, i)) }
    }
}
