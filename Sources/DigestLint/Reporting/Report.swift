/// The findings for one input, as reporters see them.
public struct FileReport: Sendable {
    public var path: String
    public var document: Document
    public var diagnostics: [Diagnostic]
    public init(path: String, document: Document, diagnostics: [Diagnostic]) {
        self.path = path; self.document = document; self.diagnostics = diagnostics
    }
    public var source: SourceText { document.source }
}

public struct Summary: Sendable, Equatable {
    public var errors = 0, warnings = 0, infos = 0, fixable = 0
    public init(_ reports: [FileReport]) {
        for d in reports.flatMap(\.diagnostics) {
            switch d.severity { case .error: errors += 1; case .warning: warnings += 1; case .info: infos += 1 }
            if d.fixes.contains(where: { $0.applicability != .display }) { fixable += 1 }
        }
    }
}

public enum ToolInfo {
    public static let name = "digestlint"
    public static let version = "0.1.0"
}

/// A pure function from reports to text.
public protocol Reporter {
    func render(_ reports: [FileReport]) -> String
}

/// Minimal JSON writer that keeps key order (the report's order is part of the contract).
public struct JSONWriter {
    public private(set) var out = ""
    var needsComma: [Bool] = [false]
    public init() { out.reserveCapacity(1 << 16) }

    mutating func sep() {
        if needsComma[needsComma.count - 1] { out += "," }
        needsComma[needsComma.count - 1] = true
    }
    public mutating func beginObject(_ key: String? = nil) { sep(); if let k = key { out += JSONText.quote(k) + ":" }; out += "{"; needsComma.append(false) }
    public mutating func endObject() { out += "}"; needsComma.removeLast() }
    public mutating func beginArray(_ key: String? = nil) { sep(); if let k = key { out += JSONText.quote(k) + ":" }; out += "["; needsComma.append(false) }
    public mutating func endArray() { out += "]"; needsComma.removeLast() }
    public mutating func raw(_ key: String?, _ v: String) { sep(); if let k = key { out += JSONText.quote(k) + ":" }; out += v }
    public mutating func string(_ key: String?, _ v: String?) { raw(key, v.map(JSONText.quote) ?? "null") }
    public mutating func int(_ key: String?, _ v: Int?) { raw(key, v.map(String.init) ?? "null") }
    public mutating func number(_ key: String?, _ v: Double?) {
        guard let v = v, v.isFinite else { raw(key, "null"); return }
        raw(key, String(format2: v))
    }
    public mutating func bool(_ key: String?, _ v: Bool) { raw(key, v ? "true" : "false") }
}

extension String {
    /// A short decimal rendering (at most 4 decimals, no trailing zeros).
    init(format2 v: Double) {
        let scaled = (v * 10000).rounded() / 10000
        var s = "\(scaled)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        self = s
    }
}
