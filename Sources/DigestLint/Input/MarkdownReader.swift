/// Reads Markdown digests in the common newsletter layouts:
///
///     # arXiv digest 2024-12-18                 (header: a date in a leading heading or line)
///     ## Title                                  or  ### 1. [Title](http://arxiv.org/abs/...)
///     **Authors**: A, B, C                      (also `**Authors:**`, `- **Authors**:`, `Authors:`)
///     **Published**: 2024-12-18                 (Date, Published, Submitted, Updated)
///     **URL**: http://arxiv.org/abs/...         (URL, Link, arXiv, PDF; `<url>` and `[t](url)` too)
///     **Abstract**: one paragraph, possibly     (Abstract, Summary; or the first unlabelled
///     wrapped over several lines.                paragraph after the metadata)
///
/// Markdown text is the source: every field is a contiguous range of the file (`.shifted` map).
/// A heading followed by no field at all (a section heading like `## Machine learning`) is not
/// an entry.
public enum MarkdownReader {
    enum Kind { case blank, heading, label(FieldKind), rule, text }

    struct Line {
        var range: ByteRange      // without terminator, trailing spaces trimmed
        var kind: Kind
        var value: ByteRange      // the payload (title text, label value, paragraph text)
        var level = 0             // heading level
    }

    public static func read(_ source: SourceText) -> Document {
        let b = source.bytes
        var lines: [Line] = []
        lines.reserveCapacity(source.lineStarts.count)
        for n in 1...source.lineStarts.count {
            var r = source.lineRange(n)
            while r.end > r.start, b[r.end - 1] == 0x20 || b[r.end - 1] == 0x09 { r.end -= 1 }
            if n == 1, r.count >= 3, b[r.start] == 0xEF, b[r.start + 1] == 0xBB, b[r.start + 2] == 0xBF { r.start += 3 }
            lines.append(classify(b, r))
        }

        var header: FieldText?
        var entries: [Entry] = []
        var fields: [FieldText] = []
        var authorRanges: [ByteRange] = []
        var pendingTitle: (FieldText?, FieldText?)? = nil   // heading seen, not yet confirmed as entry
        var entryStart = 0

        func has(_ k: FieldKind) -> Bool { fields.contains { $0.kind == k } }
        func field(_ k: FieldKind, _ r: ByteRange) -> FieldText {
            FieldText(kind: k, text: Array(b[r.start..<r.end]), sourceRange: r, map: .shifted(r.start))
        }
        func flush() {
            if !fields.isEmpty {
                let end = fields.map(\.sourceRange.end).max()!
                entries.append(Entry(index: entries.count + 1, range: ByteRange(entryStart, end), fields: fields, authorRanges: authorRanges))
            }
            fields = []; authorRanges = []
        }
        func add(_ f: FieldText, lineStart: Int) {
            if fields.isEmpty, pendingTitle == nil { entryStart = lineStart }
            if let (t, u) = pendingTitle {
                pendingTitle = nil
                if let t = t { fields.append(t) }
                if let u = u { fields.append(u) }
            }
            if f.kind == .authors { authorRanges = AuthorList.split(f.text) }
            fields.append(f)
        }

        var i = 0
        while i < lines.count {
            let line = lines[i]
            switch line.kind {
            case .blank:
                i += 1
            case .rule:
                if pendingTitle == nil { flush() }
                i += 1
            case .heading:
                let (title, url) = splitLink(b, line.value)
                // A leading heading with a date and no entry yet: the digest's header.
                if header == nil, entries.isEmpty, fields.isEmpty, url == nil, let d = findDate(b, line.value), !nextIsField(lines, i) {
                    header = field(.header, d)
                    i += 1; continue
                }
                flush()
                pendingTitle = (title.isEmpty ? nil : field(.title, title), url.map { field(.url, $0) })
                entryStart = line.range.start
                i += 1
            case .label(let k):
                var value = line.value
                var j = i + 1
                if k == .abstract {
                    if value.isEmpty {   // value in the next paragraph
                        while j < lines.count, case .blank = lines[j].kind { j += 1 }
                        if j < lines.count, case .text = lines[j].kind { value = lines[j].value; j += 1 }
                    }
                    while j < lines.count, case .text = lines[j].kind, !value.isEmpty { value.end = lines[j].range.end; j += 1 }
                } else if k == .title {
                    let (t, u) = splitLink(b, value)
                    if has(.title) || has(.abstract) { flush() }
                    if pendingTitle != nil { pendingTitle = nil; flush() }
                    if !t.isEmpty { add(field(.title, t), lineStart: line.range.start) }
                    if let u = u { add(field(.url, u), lineStart: line.range.start) }
                    i = j; continue
                }
                if k == .url { value = linkTarget(b, value) }
                if k == .date, value.count > 10, SimpleDate.parse(b[value.start..<value.start + 10]) != nil,
                   b[value.start + 10] == UInt8(ascii: "T") || b[value.start + 10] == 0x20 { value.end = value.start + 10 }
                if has(k), pendingTitle == nil { flush() }
                if !value.isEmpty || k != .abstract { add(field(k, value), lineStart: line.range.start) }
                i = j
            case .text:
                // A paragraph: the abstract of an entry that has none yet; a bare link line: its URL.
                var value = line.value
                var j = i + 1
                if let u = splitLink(b, value).1 {
                    if has(.url), pendingTitle == nil { flush() }
                    add(field(.url, u), lineStart: line.range.start)
                    i = j; continue
                }
                if isURLish(b, value) {
                    if has(.url), pendingTitle == nil { flush() }
                    add(field(.url, linkTarget(b, value)), lineStart: line.range.start)
                    i = j; continue
                }
                while j < lines.count, case .text = lines[j].kind { value.end = lines[j].range.end; j += 1 }
                if pendingTitle != nil || (!fields.isEmpty && !has(.abstract)) {
                    add(field(.abstract, value), lineStart: line.range.start)
                } else if header == nil, entries.isEmpty, fields.isEmpty, let d = findDate(b, value), value.count < 80 {
                    header = field(.header, d)
                }
                i = j
            }
        }
        if pendingTitle != nil { pendingTitle = nil }
        flush()
        return Document(source: source, format: .markdown, header: header, entries: entries, readerDiagnostics: [])
    }

    static func nextIsField(_ lines: [Line], _ i: Int) -> Bool {
        var j = i + 1
        while j < lines.count, case .blank = lines[j].kind { j += 1 }
        guard j < lines.count else { return false }
        if case .label = lines[j].kind { return true }
        return false
    }

    // MARK: line classification

    static let labels: [(String, FieldKind)] = [
        ("authors", .authors), ("author(s)", .authors), ("author", .authors), ("by", .authors),
        ("published", .date), ("date", .date), ("submitted", .date), ("updated", .date),
        ("url", .url), ("link", .url), ("arxiv", .url), ("pdf", .url), ("abs", .url),
        ("abstract", .abstract), ("summary", .abstract), ("title", .title),
    ]

    static func classify(_ b: [UInt8], _ r: ByteRange) -> Line {
        var s = r.start
        while s < r.end, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
        if s == r.end { return Line(range: r, kind: .blank, value: ByteRange(s, s)) }
        // thematic break
        if r.end - s >= 3, [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_")].contains(b[s]),
           (s..<r.end).allSatisfy({ b[$0] == b[s] || b[$0] == 0x20 }) {
            return Line(range: r, kind: .rule, value: ByteRange(s, s))
        }
        // heading
        if b[s] == UInt8(ascii: "#") {
            var k = s
            while k < r.end, b[k] == UInt8(ascii: "#") { k += 1 }
            let level = k - s
            if level <= 6, k == r.end || b[k] == 0x20 || b[k] == 0x09 {
                var v = ByteRange(k, r.end)
                v = trim(b, v)
                while v.end > v.start, b[v.end - 1] == UInt8(ascii: "#") { v.end -= 1 }   // closing #s
                v = trim(b, v)
                v = stripNumber(b, v)
                v = stripEmphasis(b, v)
                return Line(range: r, kind: .heading, value: v, level: level)
            }
        }
        // list marker / blockquote before a label
        var p = s
        if p + 1 < r.end, b[p] == UInt8(ascii: ">"), b[p + 1] == 0x20 { p += 2 }
        if p + 1 < r.end, [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")].contains(b[p]), b[p + 1] == 0x20 { p += 2 }
        if let (kind, valueStart) = label(b, ByteRange(p, r.end)) {
            var v = trim(b, ByteRange(valueStart, r.end))
            if kind == .authors || kind == .date { v = stripEmphasis(b, v) }
            return Line(range: r, kind: .label(kind), value: v)
        }
        // a numbered or bulleted linked title: `1. [Title](url)`, `- **[Title](url)**`
        let v = stripEmphasis(b, stripNumber(b, trim(b, ByteRange(p, r.end))))
        if v.count > 2, b[v.start] == UInt8(ascii: "["), splitLink(b, v).1 != nil, !isURLish(b, splitLink(b, v).0), v.start > s {
            return Line(range: r, kind: .heading, value: v, level: 7)
        }
        var t = ByteRange(s, r.end)
        if s + 1 < r.end, b[s] == UInt8(ascii: ">"), b[s + 1] == 0x20 { t.start = s + 2 }
        return Line(range: r, kind: .text, value: t)
    }

    /// `**Label**:`, `**Label:**`, `__Label__:`, `*Label*:`, `Label:` (case-insensitive, known labels only).
    static func label(_ b: [UInt8], _ r: ByteRange) -> (FieldKind, Int)? {
        var p = r.start
        var marks = 0
        while p < r.end, marks < 2, b[p] == UInt8(ascii: "*") || b[p] == UInt8(ascii: "_") { p += 1; marks += 1 }
        for (name, kind) in labels {
            let n = Array(name.utf8)
            guard p + n.count <= r.end else { continue }
            var ok = true
            for k in 0..<n.count where b[p + k] | 0x20 != n[k] | 0x20 { ok = false; break }
            guard ok else { continue }
            var q = p + n.count
            var colon = false
            var closed = 0
            while q < r.end, closed <= 2 {
                if b[q] == UInt8(ascii: ":") && !colon { colon = true; q += 1; continue }
                if b[q] == UInt8(ascii: "*") || b[q] == UInt8(ascii: "_") { closed += 1; q += 1; continue }
                break
            }
            guard colon, closed == marks else { continue }
            if marks == 0 && kind == .authors && name == "by" { continue }
            return (kind, q)
        }
        return nil
    }

    static func trim(_ b: [UInt8], _ r: ByteRange) -> ByteRange {
        var r = r
        while r.start < r.end, b[r.start] == 0x20 || b[r.start] == 0x09 { r.start += 1 }
        while r.end > r.start, b[r.end - 1] == 0x20 || b[r.end - 1] == 0x09 { r.end -= 1 }
        return r
    }

    /// "1. Title" / "12) Title" → "Title".
    static func stripNumber(_ b: [UInt8], _ r: ByteRange) -> ByteRange {
        var k = r.start
        while k < r.end, b[k] >= 0x30 && b[k] <= 0x39 { k += 1 }
        guard k > r.start, k + 1 < r.end, b[k] == UInt8(ascii: ".") || b[k] == UInt8(ascii: ")"), b[k + 1] == 0x20 else { return r }
        return trim(b, ByteRange(k + 1, r.end))
    }

    /// "**x**", "*x*", "__x__", "_x_" → "x".
    static func stripEmphasis(_ b: [UInt8], _ r: ByteRange) -> ByteRange {
        var r = r
        while r.count >= 2, b[r.start] == b[r.end - 1], b[r.start] == UInt8(ascii: "*") || b[r.start] == UInt8(ascii: "_") {
            r = ByteRange(r.start + 1, r.end - 1)
        }
        return r
    }

    /// "[text](url)" → (text, url); otherwise (whole, nil).
    static func splitLink(_ b: [UInt8], _ r: ByteRange) -> (ByteRange, ByteRange?) {
        guard r.count >= 4, b[r.start] == UInt8(ascii: "["), b[r.end - 1] == UInt8(ascii: ")") else { return (r, nil) }
        // the last "](" whose brackets balance
        var depth = 0
        var k = r.start
        while k < r.end {
            if b[k] == UInt8(ascii: "[") { depth += 1 }
            if b[k] == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    guard k + 1 < r.end, b[k + 1] == UInt8(ascii: "(") else { return (r, nil) }
                    var u = ByteRange(k + 2, r.end - 1)
                    u = trim(b, u)
                    if u.count >= 2, b[u.start] == UInt8(ascii: "<"), b[u.end - 1] == UInt8(ascii: ">") { u = ByteRange(u.start + 1, u.end - 1) }
                    // an optional link title: (url "title")
                    if let sp = (u.start..<u.end).first(where: { b[$0] == 0x20 }) { u.end = sp }
                    return (trim(b, ByteRange(r.start + 1, k)), u)
                }
            }
            k += 1
        }
        return (r, nil)
    }

    /// The URL in a label value: `<url>`, `[text](url)`, or the value itself.
    static func linkTarget(_ b: [UInt8], _ r: ByteRange) -> ByteRange {
        if r.count >= 2, b[r.start] == UInt8(ascii: "<"), b[r.end - 1] == UInt8(ascii: ">") { return ByteRange(r.start + 1, r.end - 1) }
        if let u = splitLink(b, r).1 { return u }
        return r
    }

    static func isURLish(_ b: [UInt8], _ r: ByteRange) -> Bool {
        var r = r
        if r.count >= 2, b[r.start] == UInt8(ascii: "<"), b[r.end - 1] == UInt8(ascii: ">") { r = ByteRange(r.start + 1, r.end - 1) }
        guard !(r.start..<r.end).contains(where: { b[$0] == 0x20 }) else { return false }
        let s = String(decoding: b[r.start..<min(r.end, r.start + 12)], as: UTF8.self).lowercased()
        return s.hasPrefix("http://") || s.hasPrefix("https://") || s.hasPrefix("arxiv.org/") || s.hasPrefix("arxiv:")
    }

    /// The first YYYY-MM-DD in a range.
    static func findDate(_ b: [UInt8], _ r: ByteRange) -> ByteRange? {
        guard r.count >= 10 else { return nil }
        for k in r.start...(r.end - 10) where b[k] >= 0x30 && b[k] <= 0x39 {
            if k > r.start, b[k - 1] >= 0x30 && b[k - 1] <= 0x39 { continue }
            if k + 10 < r.end, b[k + 10] >= 0x30 && b[k + 10] <= 0x39 { continue }
            if SimpleDate.parse(b[k..<k + 10]) != nil { return ByteRange(k, k + 10) }
        }
        return nil
    }
}
