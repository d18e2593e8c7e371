/// Compiler-style text: `path:line:col: severity: message [rule]`, the source line (a window of it
/// for long lines) with carets under the span, and the suggested fix.
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
        let line = src.lineRange(start.line)
        let scalars = Array(src.text(line).unicodeScalars)
        let col0 = start.column - 1
        let endLoc = src.location(of: min(max(d.range.end, d.range.start), line.end))
        let spanLen = max(1, (endLoc.line == start.line ? endLoc.column - 1 : scalars.count) - col0)
        // A window of the line around the span.
        var from = 0, to = scalars.count
        if scalars.count > TextReporter.window * 2 {
            from = max(0, col0 - TextReporter.window / 2)
            to = min(scalars.count, max(col0 + spanLen + TextReporter.window / 2, from + TextReporter.window))
        }
        func clean(_ s: ArraySlice<Unicode.Scalar>) -> String {
            var t = ""
            for c in s { t.unicodeScalars.append(c.value < 0x20 || c.value == 0x7F ? "\u{FFFD}" : c) }
            return t
        }
        let prefix = from > 0 ? "…" : ""
        let suffix = to < scalars.count ? "…" : ""
        let gutter = String(start.line)
        let pad = String(repeating: " ", count: gutter.count)
        var out = " \(gutter) | \(prefix)\(clean(scalars[from..<to]))\(suffix)\n"
        let caretStart = prefix.count + max(0, col0 - from)
        let caretLen = max(1, min(spanLen, to - max(col0, from)))
        out += " \(pad) | " + String(repeating: " ", count: caretStart) + paint(String(repeating: "^", count: caretLen), "1;32") + "\n"
        return out
    }
}
