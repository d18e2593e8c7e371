public enum FieldKind: String, Sendable, CaseIterable {
    case header, title, authors, date, url, abstract
    /// Position in an entry's canonical field order.
    var order: Int { FieldKind.allCases.firstIndex(of: self)! }
}

/// How a field's decoded text maps back to input bytes.
public enum OffsetMap: Sendable {
    /// Local offset + base = source offset (digest and Markdown text: the field is the bytes).
    case shifted(Int)
    /// Source offset of every local offset 0...count (JSON strings with escapes).
    case table([Int])
}

/// The decoded UTF-8 text of one field with its way back to input bytes.
public struct FieldText: Sendable {
    public let kind: FieldKind
    public let text: [UInt8]
    public let sourceRange: ByteRange
    public let map: OffsetMap

    public init(kind: FieldKind, text: [UInt8], sourceRange: ByteRange, map: OffsetMap) {
        self.kind = kind; self.text = text; self.sourceRange = sourceRange; self.map = map
    }

    public func sourceOffset(_ local: Int) -> Int {
        switch map {
        case .shifted(let base): return base + local
        case .table(let t): return t[max(0, min(local, t.count - 1))]
        }
    }

    public func sourceRange(_ local: ByteRange) -> ByteRange {
        ByteRange(sourceOffset(local.start), sourceOffset(local.end))
    }

    public var string: String { String(decoding: text, as: UTF8.self) }
    public func string(_ r: ByteRange) -> String { String(decoding: text[r.start..<r.end], as: UTF8.self) }
}

public struct ArxivID: Sendable, Hashable {
    /// "2602.19188" (new style) or "hep-th/9901001" (old style).
    public var base: String
    public var version: Int?
    /// Year and month encoded in a new-style id.
    public var yymm: (year: Int, month: Int)? {
        let b = Array(base.utf8)
        guard b.count >= 9, b[4] == UInt8(ascii: "."),
              let y = Int(String(base.prefix(2))), let m = Int(String(base.dropFirst(2).prefix(2))) else { return nil }
        return (2000 + y, m)
    }
    public static func == (a: ArxivID, b: ArxivID) -> Bool { a.base == b.base && a.version == b.version }
    public func hash(into h: inout Hasher) { h.combine(base); h.combine(version) }
}

public struct SimpleDate: Sendable, Hashable, Comparable {
    public var year: Int, month: Int, day: Int
    public static func < (a: SimpleDate, b: SimpleDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
    /// Parses exactly "YYYY-MM-DD" (validity is checked separately).
    public static func parse(_ s: some Collection<UInt8>) -> SimpleDate? {
        let b = Array(s)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 48 && b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        return SimpleDate(year: y, month: m, day: d)
    }
}

public struct Entry: Sendable {
    /// 1-based position in the digest.
    public let index: Int
    /// All bytes of the entry in the input, from its first field to the end of its last.
    public let range: ByteRange
    /// Present fields, in input order.
    public let fields: [FieldText]
    /// Each author name's range, local to the authors field's text.
    public let authorRanges: [ByteRange]

    public init(index: Int, range: ByteRange, fields: [FieldText], authorRanges: [ByteRange]) {
        self.index = index; self.range = range; self.fields = fields; self.authorRanges = authorRanges
    }

    public func field(_ k: FieldKind) -> FieldText? { fields.first { $0.kind == k } }

    /// From the URL field: an arXiv URL, or a bare id (JSONL `id`).
    public var arxivID: ArxivID? {
        field(.url).flatMap { ArxivID.fromURL($0.text) ?? ArxivID.parse(String(decoding: $0.text, as: UTF8.self)) }
    }
    public var date: SimpleDate? { field(.date).flatMap { SimpleDate.parse($0.text) } }
    public var title: String? { field(.title)?.string }
}

public enum InputFormat: String, Sendable, CaseIterable {
    case digest, markdown, jsonl, atom

    /// Encodes replacement text for insertion into the input's bytes.
    public func encode(_ s: String) -> String {
        switch self {
        case .jsonl: return JSONText.escapeContent(s)
        case .atom: return XMLText.escape(s)
        default: return s
        }
    }
}

/// One parsed input: entries with exact byte ranges, plus what the reader could not place.
public struct Document: Sendable {
    public let source: SourceText
    public let format: InputFormat
    /// The digest's own date field (digest format header), if any.
    public let header: FieldText?
    public let entries: [Entry]
    /// Findings made while reading (malformed blocks, invalid UTF-8, ...).
    public let readerDiagnostics: [Diagnostic]

    public init(source: SourceText, format: InputFormat, header: FieldText?, entries: [Entry], readerDiagnostics: [Diagnostic]) {
        self.source = source; self.format = format; self.header = header
        self.entries = entries; self.readerDiagnostics = readerDiagnostics
    }

    public var digestDate: SimpleDate? { header.flatMap { SimpleDate.parse($0.text) } }
}

extension ArxivID {
    /// Parses an arXiv abs/pdf URL ("http://arxiv.org/abs/2602.19188v1"); nil when the URL does not
    /// carry a well-formed id.
    public static func fromURL(_ url: some Collection<UInt8>) -> ArxivID? {
        let s = String(decoding: Array(url), as: UTF8.self)
        guard let r = s.range(of: "arxiv.org/abs/") ?? s.range(of: "arxiv.org/pdf/") else { return nil }
        var idPart = String(s[r.upperBound...])
        if idPart.hasSuffix(".pdf") { idPart.removeLast(4) }
        return parse(idPart)
    }

    /// Parses "2602.19188v1", "2602.19188", "hep-th/9901001v2".
    public static func parse(_ s: String) -> ArxivID? {
        var base = s
        var version: Int?
        if let v = s.lastIndex(of: "v"), let n = Int(s[s.index(after: v)...]), s[..<v].last?.isNumber == true {
            base = String(s[..<v]); version = n
        }
        let b = Array(base.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { b[$0] >= 48 && b[$0] <= 57 } }
        if b.count == 9 || b.count == 10, b[4] == UInt8(ascii: "."), digits(0..<4), digits(5..<b.count) {
            let m = Int(b[2] - 48) * 10 + Int(b[3] - 48)
            guard (1...12).contains(m) else { return nil }
            let yy = Int(b[0] - 48) * 10 + Int(b[1] - 48)
            if (b.count == 9) != (yy < 15) { return nil } // 4-digit numbers until 2014, 5-digit since 2015
            return ArxivID(base: base, version: version)
        }
        if let slash = b.firstIndex(of: UInt8(ascii: "/")), b.count - slash - 1 == 7, digits(slash + 1..<b.count),
           b[..<slash].allSatisfy({ ($0 >= 97 && $0 <= 122) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || ($0 >= 65 && $0 <= 90) }) {
            return ArxivID(base: base, version: version)
        }
        return nil
    }
}
