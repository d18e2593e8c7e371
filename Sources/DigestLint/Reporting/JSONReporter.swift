/// `--format json`: one object per CONTRACT.md. `jsonl`: one diagnostic object per line with its path.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ reports: [FileReport]) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.beginObject("tool"); w.string("name", ToolInfo.name); w.string("version", ToolInfo.version); w.endObject()
        w.beginArray("files")
        for r in reports {
            w.beginObject()
            w.string("path", r.path)
            w.int("entries", r.document.entries.count)
            w.beginArray("diagnostics")
            for d in r.diagnostics { JSONReporter.write(d, source: r.source, path: nil, into: &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        let s = Summary(reports)
        w.beginObject("summary")
        w.int("errors", s.errors); w.int("warnings", s.warnings); w.int("infos", s.infos); w.int("fixable", s.fixable)
        w.endObject()
        w.endObject()
        return w.out + "\n"
    }

    /// Writes one diagnostic. `shift` moves offsets and lines (a chunk of a streamed file: its
    /// first byte's offset and the lines before it; one record of a per-record run: minus its start).
    public static func write(_ d: Diagnostic, source: SourceText, path: String?, shift: (offset: Int, line: Int) = (0, 0),
                             into w: inout JSONWriter) {
        w.beginObject()
        if let p = path { w.string("path", p) }
        w.string("rule", d.rule)
        w.string("category", d.category.rawValue)
        w.string("severity", d.severity.rawValue)
        w.string("message", d.message)
        w.int("entry", d.entry)
        w.string("field", d.field?.rawValue)
        w.beginObject("range")
        for (key, off) in [("start", d.range.start), ("end", d.range.end)] {
            let loc = source.location(of: off)
            w.beginObject(key); w.int("offset", loc.offset + shift.offset); w.int("line", loc.line + shift.line); w.int("column", loc.column); w.endObject()
        }
        w.endObject()
        w.beginArray("fixes")
        for f in d.fixes {
            w.beginObject()
            w.string("title", f.title)
            w.string("applicability", f.applicability.rawValue)
            w.number("confidence", f.confidence)
            w.beginArray("edits")
            for e in f.edits {
                w.beginObject(); w.int("start", e.start + shift.offset); w.int("end", e.end + shift.offset); w.string("replacement", e.replacement); w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

public struct JSONLinesReporter: Reporter {
    public init() {}
    public func render(_ reports: [FileReport]) -> String {
        var out = ""
        for r in reports {
            for d in r.diagnostics {
                var w = JSONWriter()
                JSONReporter.write(d, source: r.source, path: r.path, into: &w)
                out += w.out + "\n"
            }
        }
        return out
    }
}
