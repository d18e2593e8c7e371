/// Compiler-style text: `path:line:col: severity: message [rule]`, the source line (a window of it
/// for long lines) with carets under the span, and the suggested fix.
@inline(__always) func scalarCount(_ b: [UInt8], _ from: Int, _ to: Int) -> Int {
    var n = 0
    var i = from
    while i < to { if b[i] & 0xC0 != 0x80 { n += 1 }; i += 1 }
    return n
}

public struct TextReporter: Reporter {
    public var color: Bool
    public var showSource: Bool
    public init(color: Bool = false, showSource: Bool = true) { self.color = color; self.showSource = showSource }

    static let window = 72

    public func render(_ reports: [FileReport]) -> String {
        var out = ""
        for r in reports {
            for d in r.diagnostics { out += render(d, r.source, path: r.path) }
        }
        let s = Summary(reports)
        let total = s.errors + s.warnings + s.infos
        out += "Found \(total) problem\(total == 1 ? "" : "s") (\(s.errors) error\(s.errors == 1 ? "" : "s"), \(s.warnings) warning\(s.warnings == 1 ? "" : "s"), \(s.infos) info) in \(reports.count) file\(reports.count == 1 ? "" : "s"); \(s.fixable) fixable.\n"
        return out
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func render(_ d: Diagnostic, _ src: SourceText, path: String) -> String {
        let start = src.location(of: d.range.start)
        let sevColor = d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36"
        var out = "\(path):\(start.line):\(start.column): \(paint(d.severity.rawValue, sevColor)): \(d.message) [\(d.rule)]\n"
        if showSource { out += snippet(d, src, start) }
        for (i, f) in d.fixes.enumerated() {
            var line = i == 0 ? "  = fix: " : "  = alt: "
            line += f.title
            var tags = [f.applicability.rawValue]
            if let c = f.confidence { tags.append("confidence \(String(format2: (c * 100).rounded() / 100))") }
            line += " (" + tags.joined(separator: ", ") + ")"
            out += line + "\n"
            if i >= 3 && d.fixes.count > 4 { out += "  = … \(d.fixes.count - 4) more\n"; break }
        }
        return out
    }

    func snippet(_ d: Diagnostic, _ src: SourceText, _ start: SourceLocation) -> String {
        // Only a window of the line around the span is decoded, so a report on a huge line stays linear.
        let line = src.lineRange(start.line)
        let b = src.bytes
        let half = TextReporter.window / 2
        func back(_ o: Int, _ n: Int) -> Int {  // n scalars before o, not before the line start
            var o = o, n = n
            while o > line.start && n > 0 { o -= 1; while o > line.start && b[o] & 0xC0 == 0x80 { o -= 1 }; n -= 1 }
            return o
        }
        func forward(_ o: Int, _ n: Int) -> Int {
            var o = o, n = n
            while o < line.end && n > 0 { o += 1; while o < line.end && b[o] & 0xC0 == 0x80 { o += 1 }; n -= 1 }
            return o
        }
        let spanStart = min(max(d.range.start, line.start), line.end)
        let spanEnd = min(max(d.range.end, spanStart), line.end)
        var from = back(spanStart, half)
        var to = forward(spanEnd, half)
        if line.count <= TextReporter.window * 8 && scalarCount(b, line.start, line.end) <= TextReporter.window * 2 {
            from = line.start; to = line.end
        }
        func clean(_ a: Int, _ z: Int) -> String {
            var t = ""
            for c in String(decoding: b[a..<z], as: UTF8.self).unicodeScalars {
                t.unicodeScalars.append(c.value < 0x20 || c.value == 0x7F ? "\u{FFFD}" : c)
            }
            return t
        }
        let prefix = from > line.start ? "…" : ""
        let suffix = to < line.end ? "…" : ""
        let gutter = String(start.line)
        let pad = String(repeating: " ", count: gutter.count)
        var out = " \(gutter) | \(prefix)\(clean(from, to))\(suffix)\n"
        let caretStart = prefix.count + scalarCount(b, from, spanStart)
        let caretLen = max(1, scalarCount(b, spanStart, min(spanEnd, to)))
        out += " \(pad) | " + String(repeating: " ", count: caretStart) + paint(String(repeating: "^", count: caretLen), "1;32") + "\n"
        return out
    }
}
