public enum Severity: String, Sendable, Comparable, CaseIterable {
    case info, warning, error
    var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    /// One level lower (info stays info): for a finding its own rule is unsure of.
    public var lowered: Severity { self == .error ? .warning : .info }
}

public enum Category: String, Sendable, CaseIterable {
    case corruptedTerm = "corrupted-term"
    case missingNumber = "missing-number"
    case brokenName = "broken-name"
    case duplicate
    case latex
    case structure
    case unicode
    case style
}

/// Ordered so that "may I apply this?" is one comparison: display < unsafe < safe.
public enum Applicability: String, Sendable, Comparable, CaseIterable {
    case display, unsafe, safe
    var rank: Int { self == .display ? 0 : self == .unsafe ? 1 : 2 }
    public static func < (a: Applicability, b: Applicability) -> Bool { a.rank < b.rank }
}

/// Replace the bytes [start, end) of the input with `replacement` (already encoded for the
/// input's format: escaped inside JSON strings, raw in digest text).
public struct Edit: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var replacement: String
    public init(start: Int, end: Int, replacement: String) {
        self.start = start; self.end = end; self.replacement = replacement
    }
    public var range: ByteRange { ByteRange(start, end) }
}

public struct Fix: Sendable, Hashable {
    public var title: String
    public var applicability: Applicability
    /// Probability in 0...1 that applying this fix restores the original text; nil when certain by construction.
    public var confidence: Double?
    /// Sorted, non-overlapping.
    public var edits: [Edit]
    public init(title: String, applicability: Applicability, confidence: Double? = nil, edits: [Edit]) {
        self.title = title
        self.applicability = applicability
        self.confidence = confidence
        self.edits = edits.sorted { $0.range < $1.range }
    }
}

public struct Diagnostic: Sendable {
    public var rule: String
    public var category: Category
    public var severity: Severity
    public var message: String
    /// 1-based entry index; nil for file-level findings.
    public var entry: Int?
    public var field: FieldKind?
    public var range: ByteRange
    /// Best first.
    public var fixes: [Fix]

    public init(rule: String, category: Category, severity: Severity, message: String,
                entry: Int?, field: FieldKind?, range: ByteRange, fixes: [Fix] = []) {
        self.rule = rule; self.category = category; self.severity = severity; self.message = message
        self.entry = entry; self.field = field; self.range = range; self.fixes = fixes
    }
}
