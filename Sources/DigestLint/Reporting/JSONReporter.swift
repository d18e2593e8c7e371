/// `--format json`: one object per CONTRACT.md. `jsonl`: one diagnostic object per line with its path.
public struct JSONReporter: Reporter {
    /// Threads that may render diagnostics (chunks of them, joined in order).
    public var jobs: Int
    public init(jobs: Int = 1) { self.jobs = jobs }

    public func render(_ reports: [FileReport]) -> String { String(decoding: renderBytes(reports), as: UTF8.self) }

    /// The report as UTF-8 bytes (what `render` returns, without building a String).
    public func renderBytes(_ reports: [FileReport]) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.beginObject("tool"); w.string("name", ToolInfo.name); w.string("version", ToolInfo.version); w.endObject()
        w.beginArray("files")
        for r in reports {
            w.beginObject()
            w.string("path", r.path)
            w.int("entries", r.document.entries.count)
            w.beginArray("diagnostics")
            for part in JSONReporter.renderElements(r.diagnostics, source: r.source, path: nil, jobs: jobs) { w.rawElements(part) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        let s = Summary(reports)
        w.beginObject("summary")
        w.int("errors", s.errors); w.int("warnings", s.warnings); w.int("infos", s.infos); w.int("fixable", s.fixable)
        w.endObject()
        w.endObject()
        var out = w.bytes
        out.append(0x0A)
        return out
    }

    /// The diagnostics rendered as comma-separated JSON objects, in order, in one or more parts
    /// (large lists are rendered in chunks on up to `jobs` threads).
    public static func renderElements(_ ds: [Diagnostic], source: SourceText, path: String?, jobs: Int) -> [[UInt8]] {
        let chunk = 1024
        let parts = (ds.count + chunk - 1) / chunk
        return Parallel.map(parts, workers: ds.count >= 4 * chunk ? jobs : 1) { p in
            var w = JSONWriter()
            for d in ds[(p * chunk)..<min(ds.count, (p + 1) * chunk)] { write(d, source: source, path: path, into: &w) }
            return w.bytes
        }
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
        for (key, off) in [(0, d.range.start), (1, d.range.end)] {
            let loc = source.location(of: off)
            w.beginObject(key == 0 ? "start" : "end"); w.int("offset", loc.offset + shift.offset); w.int("line", loc.line + shift.line); w.int("column", loc.column); w.endObject()
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
        var out: [UInt8] = []
        for r in reports {
            for d in r.diagnostics {
                var w = JSONWriter()
                JSONReporter.write(d, source: r.source, path: r.path, into: &w)
                out += w.bytes
                out.append(0x0A)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
