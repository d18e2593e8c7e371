/// Reads the plain-text digest format (the seed's): a header (a date line, optionally
/// 'Table of Contents'), then entries of title, `Authors:` line, date, arXiv URL and abstract,
/// separated by blank lines. Tolerates CRLF, missing final newline, extra blank lines, wrapped
/// lines and missing fields: every line of text lands in some field, in input order.
public enum DigestReader {
    enum LineKind { case blank, authors, date, url, text, toc }

    struct Block {
        var kind: LineKind
        var range: ByteRange   // from first byte of the first line to the end of the last (no terminator)
        var contentStart: Int  // where the field's text starts (after "Authors:")
    }

    public static func read(_ source: SourceText) -> Document {
        let b = source.bytes
        var blocks: [Block] = []
        // 1. Classify lines and merge consecutive text lines into one block.
        var prevBlank = true
        for line in 1...source.lineStarts.count {
            var r = source.lineRange(line)
            // trim trailing spaces/tabs
            while r.end > r.start, b[r.end - 1] == 0x20 || b[r.end - 1] == 0x09 { r.end -= 1 }
            var s = r.start
            while s < r.end, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
            if line == 1, r.end - s >= 3, b[s] == 0xEF, b[s + 1] == 0xBB, b[s + 2] == 0xBF { s += 3 } // BOM
            let content = ByteRange(s, r.end)
            let kind = classify(b, content)
            if kind == .blank { prevBlank = true; continue }
            if kind == .text, !prevBlank, let last = blocks.last, last.kind == .text {
                blocks[blocks.count - 1].range.end = content.end
            } else {
                var start = content.start
                if kind == .authors {
                    start += 8 // "Authors:"
                    while start < content.end, b[start] == 0x20 || b[start] == 0x09 { start += 1 }
                }
                blocks.append(Block(kind: kind, range: content, contentStart: start))
            }
            prevBlank = false
        }

        // 2. Header: a leading date line and an optional 'Table of Contents'.
        var i = 0
        var header: FieldText?
        if let first = blocks.first, first.kind == .date, blocks.count < 2 || blocks[1].kind != .url {
            header = FieldText(kind: .header, text: Array(b[first.range.start..<first.range.end]),
                               sourceRange: first.range, map: .shifted(first.range.start))
            i = 1
        }
        while i < blocks.count, blocks[i].kind == .toc { i += 1 }

        // 3. Entries: fields arrive in the order title < authors < date < url < abstract; a field
        //    that cannot follow the current one starts a new entry.
        var entries: [Entry] = []
        var current: [(FieldKind, Block)] = []
        func flush() {
            guard !current.isEmpty else { return }
            var fields: [FieldText] = []
            var authorRanges: [ByteRange] = []
            for (kind, blk) in current {
                let r = ByteRange(blk.contentStart, blk.range.end)
                let f = FieldText(kind: kind, text: Array(b[r.start..<r.end]), sourceRange: r, map: .shifted(r.start))
                if kind == .authors { authorRanges = splitAuthors(f.text) }
                fields.append(f)
            }
            let range = ByteRange(current.first!.1.range.start, current.last!.1.range.end)
            entries.append(Entry(index: entries.count + 1, range: range, fields: fields, authorRanges: authorRanges))
            current = []
        }
        var lastOrder: Int { current.last.map { $0.0.order } ?? -1 }
        while i < blocks.count {
            let blk = blocks[i]
            let kind: FieldKind
            switch blk.kind {
            case .authors: kind = .authors
            case .date: kind = .date
            case .url: kind = .url
            case .toc, .text:
                let next = blocks[(i + 1)...].first { $0.kind != .toc }?.kind
                // Abstracts are long or end a sentence; titles are short and rarely end with a period.
                let last = b[blk.range.end - 1]
                let prose = blk.range.count > 300 || last == UInt8(ascii: ".") || last == UInt8(ascii: "!")
                if current.isEmpty { kind = .title }
                else if lastOrder == FieldKind.abstract.order { kind = .title }
                else if lastOrder == FieldKind.title.order { kind = prose ? .abstract : .title }
                else if next == .authors && !prose { kind = .title }
                else { kind = .abstract }
            case .blank: i += 1; continue
            }
            if kind.order <= lastOrder { flush() }
            current.append((kind, blk))
            i += 1
        }
        flush()
        return Document(source: source, format: .digest, header: header, entries: entries, readerDiagnostics: [])
    }

    static func classify(_ b: [UInt8], _ r: ByteRange) -> LineKind {
        let n = r.count
        if n == 0 { return .blank }
        func has(_ prefix: String) -> Bool {
            let p = Array(prefix.utf8)
            guard n >= p.count else { return false }
            for k in 0..<p.count where b[r.start + k] != p[k] { return false }
            return true
        }
        if has("Authors:") { return .authors }
        if n == 10, SimpleDate.parse(b[r.start..<r.end]) != nil { return .date }
        if has("http://") || has("https://") || has("arxiv.org/") || has("arXiv:") { return .url }
        if has("Table of Contents") && n == 17 { return .toc }
        return .text
    }

    /// Author name ranges in the authors field (split on commas, semicolons and the word 'and').
    static func splitAuthors(_ t: [UInt8]) -> [ByteRange] {
        var out: [ByteRange] = []
        var s = 0
        func push(_ a: Int, _ z: Int) {
            var a = a, z = z
            while a < z, t[a] == 0x20 { a += 1 }
            while z > a, t[z - 1] == 0x20 { z -= 1 }
            if z > a { out.append(ByteRange(a, z)) }
        }
        var k = 0
        while k < t.count {
            if t[k] == UInt8(ascii: ",") || t[k] == UInt8(ascii: ";") {
                push(s, k); k += 1; s = k
            } else if t[k] == 0x20, k + 4 < t.count, t[k + 1] == UInt8(ascii: "a"), t[k + 2] == UInt8(ascii: "n"),
                      t[k + 3] == UInt8(ascii: "d"), t[k + 4] == 0x20 {
                push(s, k); k += 5; s = k
            } else if k == s, k + 3 < t.count, t[k] == UInt8(ascii: "a"), t[k + 1] == UInt8(ascii: "n"), t[k + 2] == UInt8(ascii: "d"), t[k + 3] == 0x20 {
                k += 4; s = k  // ", and X"
            } else { k += 1 }
        }
        push(s, t.count)
        return out
    }
}
