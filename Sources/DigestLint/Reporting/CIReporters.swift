/// `--format github`: GitHub Actions workflow commands, one per finding:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`.
/// Property values escape `%`, CR, LF, `:` and `,`; the message escapes `%`, CR and LF.
public struct GitHubReporter: Reporter {
    public init() {}

    public func render(_ reports: [FileReport]) -> String {
        var out = ""
        for r in reports {
            for d in r.diagnostics {
                let s = r.source.location(of: d.range.start), e = r.source.location(of: max(d.range.start, d.range.end))
                let level = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
                var msg = d.message
                if let f = d.fixes.first { msg += "\nfix (\(f.applicability.rawValue)): \(f.title)" }
                out += "::\(level) file=\(GitHubReporter.property(r.path)),line=\(s.line),col=\(s.column),"
                out += "endLine=\(e.line),endColumn=\(e.column),title=\(GitHubReporter.property("digestlint " + d.rule))"
                out += "::\(GitHubReporter.data(msg))\n"
            }
        }
        return out
    }

    public static func data(_ s: String) -> String {
        var o = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": o += "%25"
            case "\r": o += "%0D"
            case "\n": o += "%0A"
            default: o.unicodeScalars.append(c)
            }
        }
        return o
    }

    public static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// `--format rdjson`: the Reviewdog Diagnostic Format (one JSON object; columns are 1-based UTF-8
/// byte counts as the format defines), with fixes as suggestions.
public struct RDJSONReporter: Reporter {
    public init() {}

    public func render(_ reports: [FileReport]) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.beginObject("source"); w.string("name", ToolInfo.name); w.endObject()
        w.beginArray("diagnostics")
        for r in reports {
            for d in r.diagnostics {
                w.beginObject()
                w.string("message", d.message)
                w.beginObject("location")
                w.string("path", r.path)
                range(d.range, r.source, &w)
                w.endObject()
                w.string("severity", d.severity == .error ? "ERROR" : d.severity == .warning ? "WARNING" : "INFO")
                w.beginObject("source"); w.string("name", ToolInfo.name); w.endObject()
                w.beginObject("code"); w.string("value", d.rule); w.endObject()
                // reviewdog applies one suggestion per edit; only fixes that are allowed to be applied.
                if let f = d.fixes.first(where: { $0.applicability != .display }) {
                    w.beginArray("suggestions")
                    for e in f.edits {
                        w.beginObject()
                        range(ByteRange(e.start, e.end), r.source, &w)
                        w.string("text", e.replacement)
                        w.endObject()
                    }
                    w.endArray()
                }
                w.endObject()
            }
        }
        w.endArray()
        w.endObject()
        return w.out + "\n"
    }

    func range(_ r: ByteRange, _ src: SourceText, _ w: inout JSONWriter) {
        w.beginObject("range")
        for (key, off) in [("start", r.start), ("end", max(r.start, r.end))] {
            let loc = src.location(of: off)
            w.beginObject(key); w.int("line", loc.line); w.int("column", loc.offset - src.lineStarts[loc.line - 1] + 1); w.endObject()
        }
        w.endObject()
    }
}
