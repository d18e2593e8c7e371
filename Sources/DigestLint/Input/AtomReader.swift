import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads arXiv Atom API feeds (`<feed><entry><id/><published/><title/><summary/><author><name/>...`).
///
/// A small hand-written scanner over the Atom subset finds each element's text with exact byte
/// offsets: entities (`&amp;`, `&#233;`, ...) and CDATA sections are decoded and every decoded
/// byte keeps the offset of the source bytes that produced it (a `.table` map; `.shifted` when the
/// text is a plain run). Element text is trimmed of surrounding white space. Authors are joined
/// with ", " (separators map to the end of the name before them). Foundation's XMLParser then
/// validates the whole file; a well-formedness error becomes a `malformed-record` reader
/// diagnostic naming line and column, and the entries the scanner read are still checked.
public enum AtomReader {
    public static func read(_ source: SourceText) -> Document {
        var scanner = Scanner(b: source.bytes, source: source)
        scanner.run()
        var problems = scanner.problems
        if problems.isEmpty, let p = validate(source) { problems.append(p) }
        return Document(source: source, format: .atom, header: scanner.header, entries: scanner.entries, readerDiagnostics: problems)
    }

    /// XMLParser's verdict on well-formedness (nil when it is well-formed).
    static func validate(_ source: SourceText) -> Diagnostic? {
        let parser = XMLParser(data: Data(source.bytes))
        parser.shouldResolveExternalEntities = false
        if parser.parse() { return nil }
        let line = max(1, min(parser.lineNumber, source.lineStarts.count))
        let lr = source.lineRange(line)
        // libxml2 counts columns in bytes from 1
        let off = min(lr.end, lr.start + max(0, parser.columnNumber - 1))
        let code = parser.parserError.map { ($0 as NSError).code }.map { " (XMLParser error \($0))" } ?? ""
        return problem(source, off, "the feed is not well-formed XML\(code)")
    }

    static func problem(_ source: SourceText, _ off: Int, _ message: String) -> Diagnostic {
        let loc = source.location(of: off)
        let end = off < source.bytes.count ? off + UTF8Scan.scalarLength(source.bytes, off) : off
        return Diagnostic(rule: JSONLReader.malformedRule, category: .structure, severity: .error,
                          message: "line \(loc.line), column \(loc.column): \(message)",
                          entry: nil, field: nil, range: ByteRange(off, end))
    }

    /// Decoded element text with its source map.
    struct Text {
        var text: [UInt8] = []
        var table: [Int] = []     // source offset of every decoded byte
        var contiguous = true     // text == source bytes [first, last] with no decoding
        var end = 0               // source offset after the last byte

        mutating func appendRaw(_ b: [UInt8], _ r: Range<Int>) {
            if let last = table.last, last + 1 != r.lowerBound || !contiguous { contiguous = false }
            for k in r { text.append(b[k]); table.append(k) }
            end = r.upperBound
        }
        mutating func appendDecoded(_ bytes: [UInt8], from: Int, to: Int) {
            contiguous = false
            for c in bytes { text.append(c); table.append(from) }
            end = to
        }

        /// Trims XML white space and builds the field.
        func field(_ kind: FieldKind, start: Int) -> FieldText {
            var a = 0, z = text.count
            while a < z, [0x20, 0x09, 0x0A, 0x0D].contains(text[a]) { a += 1 }
            while z > a, [0x20, 0x09, 0x0A, 0x0D].contains(text[z - 1]) { z -= 1 }
            if a == z {
                let at = a < table.count ? table[a] : (table.last.map { $0 + 1 } ?? start)
                return FieldText(kind: kind, text: [], sourceRange: ByteRange(at, at), map: .shifted(at))
            }
            let s = table[a]
            let e = z < table.count ? table[z] : end
            let t = Array(text[a..<z])
            if contiguous { return FieldText(kind: kind, text: t, sourceRange: ByteRange(s, e), map: .shifted(s)) }
            return FieldText(kind: kind, text: t, sourceRange: ByteRange(s, e), map: .table(Array(table[a..<z]) + [e]))
        }
    }

    struct Scanner {
        let b: [UInt8]
        let source: SourceText
        var pos = 0
        var stack: [(name: String, start: Int)] = []
        var entries: [Entry] = []
        var header: FieldText?
        var problems: [Diagnostic] = []

        // current entry
        var inEntry = false
        var entryStart = 0
        var fields: [FieldText] = []
        var authors: [FieldText] = []
        var linkURL: FieldText?
        // current text capture
        var capture: (name: String, depth: Int, text: Text, start: Int)?

        init(b: [UInt8], source: SourceText) { self.b = b; self.source = source }

        func starts(_ s: String, at p: Int) -> Bool {
            let u = Array(s.utf8)
            guard p + u.count <= b.count else { return false }
            for k in 0..<u.count where b[p + k] != u[k] { return false }
            return true
        }

        func find(_ s: String, from p: Int) -> Int? {
            let u = Array(s.utf8)
            var k = p
            while k + u.count <= b.count {
                if b[k] == u[0], starts(s, at: k) { return k }
                k += 1
            }
            return nil
        }

        static func local(_ name: String) -> String {
            if let c = name.lastIndex(of: ":") { return String(name[name.index(after: c)...]) }
            return name
        }

        mutating func run() {
            while pos < b.count {
                if b[pos] == UInt8(ascii: "<") {
                    if starts("<!--", at: pos) { pos = (find("-->", from: pos + 4).map { $0 + 3 }) ?? b.count; continue }
                    if starts("<![CDATA[", at: pos) {
                        let s = pos + 9
                        let e = find("]]>", from: s) ?? b.count
                        if capture != nil { capture!.text.appendRaw(b, s..<e); capture!.text.contiguous = false }
                        pos = min(b.count, e + 3); continue
                    }
                    if starts("<?", at: pos) { pos = (find("?>", from: pos + 2).map { $0 + 2 }) ?? b.count; continue }
                    if starts("<!", at: pos) { pos = (find(">", from: pos + 2).map { $0 + 1 }) ?? b.count; continue }
                    tag()
                    continue
                }
                // text run up to the next '<'
                let s = pos
                while pos < b.count, b[pos] != UInt8(ascii: "<") {
                    if b[pos] == UInt8(ascii: "&"), problems.count < 100, entityEnd(pos) == nil {
                        problems.append(AtomReader.problem(source, pos, "undefined entity or bare '&' (write '&amp;')"))
                    }
                    pos += 1
                }
                if capture != nil { appendText(s..<pos) }
            }
            if let open = stack.last {
                problems.append(AtomReader.problem(source, open.start, "<\(open.name)> is never closed"))
                if inEntry { finishEntry(end: b.count) }
            }
        }

        /// The offset after `&name;` when it is a known entity or character reference.
        func entityEnd(_ k: Int) -> Int? {
            guard let semi = (k + 1..<min(b.count, k + 12)).first(where: { b[$0] == UInt8(ascii: ";") }),
                  AtomReader.entity(Array(b[(k + 1)..<semi])) != nil else { return nil }
            return semi + 1
        }

        /// Appends character data, decoding entities.
        mutating func appendText(_ r: Range<Int>) {
            var k = r.lowerBound
            var run = k
            while k < r.upperBound {
                if b[k] == UInt8(ascii: "&") {
                    if let semi = (k + 1..<min(r.upperBound, k + 12)).first(where: { b[$0] == UInt8(ascii: ";") }),
                       let decoded = AtomReader.entity(Array(b[(k + 1)..<semi])) {
                        if run < k { capture!.text.appendRaw(b, run..<k) }
                        capture!.text.appendDecoded(decoded, from: k, to: semi + 1)
                        k = semi + 1; run = k; continue
                    }
                }
                k += 1
            }
            if run < r.upperBound { capture!.text.appendRaw(b, run..<r.upperBound) }
        }

        mutating func tag() {
            let start = pos
            var k = pos + 1
            let closing = k < b.count && b[k] == UInt8(ascii: "/")
            if closing { k += 1 }
            let nameStart = k
            while k < b.count, !([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(b[k])) { k += 1 }
            let name = String(decoding: b[nameStart..<k], as: UTF8.self)
            // attributes up to '>' (quotes may hold '>')
            var attrs: [String: (String, ByteRange)] = [:]
            var selfClosing = false
            while k < b.count, b[k] != UInt8(ascii: ">") {
                if b[k] == UInt8(ascii: "/") { selfClosing = true; k += 1; continue }
                if [0x20, 0x09, 0x0A, 0x0D].contains(b[k]) { k += 1; continue }
                let an = k
                while k < b.count, b[k] != UInt8(ascii: "="), b[k] != UInt8(ascii: ">"), ![0x20, 0x09, 0x0A, 0x0D].contains(b[k]) { k += 1 }
                let attrName = String(decoding: b[an..<k], as: UTF8.self)
                while k < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[k]) { k += 1 }
                guard k < b.count, b[k] == UInt8(ascii: "=") else { continue }
                k += 1
                while k < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[k]) { k += 1 }
                guard k < b.count, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") else { continue }
                let q = b[k]; k += 1
                let vs = k
                while k < b.count, b[k] != q { k += 1 }
                attrs[attrName] = (String(decoding: b[vs..<k], as: UTF8.self), ByteRange(vs, k))
                selfClosing = false
                if k < b.count { k += 1 }
            }
            guard k < b.count, !name.isEmpty else {
                problems.append(AtomReader.problem(source, start, "unterminated tag"))
                pos = b.count; return
            }
            pos = k + 1
            let lname = Scanner.local(name)
            if closing {
                guard let open = stack.last else {
                    problems.append(AtomReader.problem(source, start, "end tag </\(name)> without a start tag")); return
                }
                if open.name != name {
                    problems.append(AtomReader.problem(source, start, "end tag </\(name)> does not match <\(open.name)>"))
                    // recover: pop to a matching element if there is one
                    guard stack.contains(where: { $0.name == name }) else { return }
                    while let top = stack.last, top.name != name { _ = stack.popLast(); endElement(Scanner.local(top.name), at: start) }
                }
                stack.removeLast()
                endElement(lname, at: start)
                return
            }
            if !selfClosing { stack.append((name, start)) }
            startElement(lname, attrs: attrs, tagStart: start, contentStart: k + 1, empty: selfClosing)
            if selfClosing, lname == "entry" { endElement(lname, at: k + 1) }
        }

        static let captured: Set<String> = ["id", "title", "summary", "content", "published", "updated", "name"]

        mutating func startElement(_ name: String, attrs: [String: (String, ByteRange)], tagStart: Int, contentStart: Int, empty: Bool) {
            if name == "entry" {
                if inEntry { finishEntry(end: tagStart) }
                inEntry = true; entryStart = tagStart; fields = []; authors = []; linkURL = nil
                return
            }
            if name == "link", inEntry, let (href, r) = attrs["href"], (attrs["rel"]?.0 ?? "alternate") == "alternate", linkURL == nil {
                linkURL = FieldText(kind: .url, text: Array(href.utf8), sourceRange: r, map: .shifted(r.start))
            }
            if capture == nil, !empty, Scanner.captured.contains(name) {
                let depth = stack.count
                if name == "name" && !(stack.count >= 2 && Scanner.local(stack[stack.count - 2].name) == "author") { return }
                if !inEntry && name != "updated" { return }
                if !inEntry && stack.count != 2 { return }   // feed-level <updated> only
                capture = (name, depth, Text(end: contentStart), contentStart)
            }
        }

        mutating func endElement(_ name: String, at: Int) {
            if let c = capture, c.name == name, stack.count == c.depth - 1 {
                capture = nil
                var t = c.text
                if t.text.isEmpty { t.end = at }
                let kind: FieldKind
                switch name {
                case "id": kind = .url
                case "title": kind = .title
                case "summary", "content": kind = .abstract
                case "published", "updated": kind = .date
                default: kind = .authors
                }
                var f = t.field(kind, start: c.start)
                if kind == .date { f = AtomReader.datePart(f) }
                if !inEntry {
                    if header == nil, name == "updated" { header = FieldText(kind: .header, text: f.text, sourceRange: f.sourceRange, map: f.map) }
                    return
                }
                if kind == .authors { authors.append(f); return }
                if kind == .date, name == "updated", fields.contains(where: { $0.kind == .date }) { return }
                if kind == .date, name == "published" { fields.removeAll { $0.kind == .date } }
                if fields.contains(where: { $0.kind == kind }) { return }
                fields.append(f)
                return
            }
            if name == "entry", inEntry { finishEntry(end: pos) }
        }

        mutating func finishEntry(end: Int) {
            inEntry = false
            capture = nil
            var fs = fields
            if !fs.contains(where: { $0.kind == .url }), let l = linkURL { fs.append(l) }
            var authorRanges: [ByteRange] = []
            if !authors.isEmpty {
                let (f, r) = AtomReader.join(authors)
                fs.append(f); authorRanges = r
            }
            fs.sort { $0.sourceRange.start < $1.sourceRange.start }
            entries.append(Entry(index: entries.count + 1, range: ByteRange(entryStart, end), fields: fs, authorRanges: authorRanges))
        }
    }

    static func datePart(_ f: FieldText) -> FieldText {
        guard f.text.count > 10, SimpleDate.parse(f.text[0..<10]) != nil, f.text[10] == UInt8(ascii: "T") || f.text[10] == 0x20 else { return f }
        let e = f.sourceOffset(10)
        switch f.map {
        case .shifted(let s): return FieldText(kind: f.kind, text: Array(f.text[0..<10]), sourceRange: ByteRange(f.sourceRange.start, e), map: .shifted(s))
        case .table(let t): return FieldText(kind: f.kind, text: Array(f.text[0..<10]), sourceRange: ByteRange(f.sourceRange.start, e), map: .table(Array(t[0...10])))
        }
    }

    /// Joins author names with ", " into one table-mapped field.
    static func join(_ names: [FieldText]) -> (FieldText, [ByteRange]) {
        var text: [UInt8] = [], table: [Int] = [], ranges: [ByteRange] = []
        for (k, n) in names.enumerated() {
            if k > 0 {
                let prev = names[k - 1].sourceRange.end
                text += [UInt8(ascii: ","), 0x20]; table += [prev, prev]
            }
            let a = text.count
            text += n.text
            for i in 0..<n.text.count { table.append(n.sourceOffset(i)) }
            ranges.append(ByteRange(a, text.count))
        }
        table.append(names.last!.sourceRange.end)
        return (FieldText(kind: .authors, text: text, sourceRange: ByteRange(names.first!.sourceRange.start, names.last!.sourceRange.end),
                          map: .table(table)), ranges)
    }

    /// The five predefined entities and character references; nil for anything else.
    static func entity(_ name: [UInt8]) -> [UInt8]? {
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return [UInt8(ascii: "&")]
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            guard name.count >= 2, name[0] == UInt8(ascii: "#") else { return nil }
            let s = String(decoding: name.dropFirst(), as: UTF8.self)
            let v = s.hasPrefix("x") || s.hasPrefix("X") ? UInt32(s.dropFirst(), radix: 16) : UInt32(s, radix: 10)
            guard let v = v, let u = Unicode.Scalar(v) else { return nil }
            return Array(String(u).utf8)
        }
    }
}
