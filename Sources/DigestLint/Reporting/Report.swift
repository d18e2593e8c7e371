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

/// Minimal JSON writer that keeps key order (the report's order is part of the contract). Writes
/// UTF-8 bytes directly (escaping scans bytes; runs that need no escape are copied whole).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    var needsComma: [Bool] = [false]
    public init() { bytes.reserveCapacity(1 << 12) }

    /// The text written so far.
    public var out: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always) mutating func sep() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
    }
    @inline(__always) mutating func key(_ k: String?) {
        sep()
        if let k = k { JSONText.appendQuoted(k, to: &bytes); bytes.append(0x3A) }
    }
    public mutating func beginObject(_ key: String? = nil) { self.key(key); bytes.append(0x7B); needsComma.append(false) }
    public mutating func endObject() { bytes.append(0x7D); needsComma.removeLast() }
    public mutating func beginArray(_ key: String? = nil) { self.key(key); bytes.append(0x5B); needsComma.append(false) }
    public mutating func endArray() { bytes.append(0x5D); needsComma.removeLast() }
    public mutating func raw(_ key: String?, _ v: String) { self.key(key); bytes.append(contentsOf: v.utf8) }
    /// Already-rendered JSON values (each one complete), written as array elements.
    public mutating func rawElements(_ v: [UInt8]) {
        guard !v.isEmpty else { return }
        sep(); bytes.append(contentsOf: v)
    }
    public mutating func string(_ key: String?, _ v: String?) {
        self.key(key)
        if let v = v { JSONText.appendQuoted(v, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }
    public mutating func int(_ key: String?, _ v: Int?) {
        self.key(key)
        guard var n = v else { bytes.append(contentsOf: "null".utf8); return }
        if n < 0 { bytes.append(0x2D); if n == .min { bytes.append(contentsOf: String(n).dropFirst().utf8); return }; n = -n }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var k = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[k] = UInt8(0x30 + n % 10); n /= 10; k += 1 } while n > 0
            while k > 0 { k -= 1; bytes.append(d[k]) }
        }
    }
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
