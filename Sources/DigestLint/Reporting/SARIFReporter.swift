/// `--format sarif`: SARIF 2.1.0 (one run), with rule metadata, fixes as byte-offset replacements,
/// `partialFingerprints` (the baseline key, stable across line shifts) and
/// `columnKind: unicodeCodePoints` (columns count Unicode scalar values, as in every report).
public struct SARIFReporter: Reporter {
    public var rules: [RuleMeta]
    public init(rules: [RuleMeta] = []) { self.rules = rules }

    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    public func render(_ reports: [FileReport]) -> String {
        // Rules: the loaded ones that appear in the results, plus any result rule not described.
        var ruleIndex: [String: Int] = [:]
        var ruleList: [(id: String, meta: RuleMeta?)] = []
        let used = Set(reports.flatMap { $0.diagnostics.map(\.rule) })
        for m in rules.sorted(by: { $0.id < $1.id }) where used.contains(m.id) && ruleIndex[m.id] == nil {
            ruleIndex[m.id] = ruleList.count; ruleList.append((m.id, m))
        }
        for id in used.sorted() where ruleIndex[id] == nil { ruleIndex[id] = ruleList.count; ruleList.append((id, nil)) }

        var w = JSONWriter()
        w.beginObject()
        w.string("$schema", SARIFReporter.schema)
        w.string("version", "2.1.0")
        w.beginArray("runs")
        w.beginObject()
        w.beginObject("tool"); w.beginObject("driver")
        w.string("name", ToolInfo.name)
        w.string("version", ToolInfo.version)
        w.string("semanticVersion", ToolInfo.version)
        w.beginArray("rules")
        for (id, meta) in ruleList {
            w.beginObject()
            w.string("id", id)
            if let m = meta {
                w.beginObject("shortDescription"); w.string("text", m.description.isEmpty ? m.message : m.description); w.endObject()
                if !m.why.isEmpty { w.beginObject("fullDescription"); w.string("text", m.why); w.endObject() }
                w.beginObject("defaultConfiguration"); w.string("level", SARIFReporter.level(m.severity)); w.endObject()
                w.beginObject("help"); w.string("text", "digestlint explain \(m.id)"); w.endObject()
                w.beginObject("properties")
                w.string("category", m.category.rawValue)
                w.beginArray("tags"); w.string(nil, m.category.rawValue); w.endArray()
                if let a = m.fixApplicability { w.string("fixApplicability", a.rawValue) }
                w.endObject()
            }
            w.endObject()
        }
        w.endArray()
        w.endObject(); w.endObject()
        w.beginArray("artifacts")
        for r in reports {
            w.beginObject()
            w.beginObject("location"); w.string("uri", SARIFReporter.uri(r.path)); w.endObject()
            w.int("length", r.source.bytes.count)
            w.string("encoding", "UTF-8")
            w.endObject()
        }
        w.endArray()
        w.beginArray("results")
        for (fileIndex, r) in reports.enumerated() {
            for d in r.diagnostics {
                w.beginObject()
                w.string("ruleId", d.rule)
                w.int("ruleIndex", ruleIndex[d.rule])
                w.string("level", SARIFReporter.level(d.severity))
                w.beginObject("message"); w.string("text", d.message); w.endObject()
                w.beginArray("locations"); w.beginObject()
                w.beginObject("physicalLocation")
                artifact(r, fileIndex, &w)
                region(d.range, r.source, &w, key: "region")
                w.endObject()
                w.endObject(); w.endArray()
                w.beginObject("partialFingerprints")
                w.string("digestlint/v1", Fingerprint.string(d, in: r.document))
                w.endObject()
                if !d.fixes.isEmpty {
                    w.beginArray("fixes")
                    for f in d.fixes {
                        w.beginObject()
                        w.beginObject("description"); w.string("text", f.title); w.endObject()
                        w.beginArray("artifactChanges"); w.beginObject()
                        artifact(r, fileIndex, &w)
                        w.beginArray("replacements")
                        for e in f.edits {
                            w.beginObject()
                            w.beginObject("deletedRegion"); w.int("byteOffset", e.start); w.int("byteLength", e.end - e.start); w.endObject()
                            w.beginObject("insertedContent"); w.string("text", e.replacement); w.endObject()
                            w.endObject()
                        }
                        w.endArray()
                        w.endObject(); w.endArray()
                        w.beginObject("properties")
                        w.string("applicability", f.applicability.rawValue)
                        w.number("confidence", f.confidence)
                        w.endObject()
                        w.endObject()
                    }
                    w.endArray()
                }
                w.beginObject("properties")
                w.string("category", d.category.rawValue)
                w.int("entry", d.entry)
                w.string("field", d.field?.rawValue)
                w.endObject()
                w.endObject()
            }
        }
        w.endArray()
        w.string("columnKind", "unicodeCodePoints")
        w.endObject()
        w.endArray()
        w.endObject()
        return w.out + "\n"
    }

    func artifact(_ r: FileReport, _ index: Int, _ w: inout JSONWriter) {
        w.beginObject("artifactLocation"); w.string("uri", SARIFReporter.uri(r.path)); w.int("index", index); w.endObject()
    }

    func region(_ range: ByteRange, _ src: SourceText, _ w: inout JSONWriter, key: String) {
        let s = src.location(of: range.start), e = src.location(of: max(range.start, range.end))
        w.beginObject(key)
        w.int("startLine", s.line); w.int("startColumn", s.column)
        w.int("endLine", e.line); w.int("endColumn", e.column)
        w.int("byteOffset", s.offset); w.int("byteLength", e.offset - s.offset)
        w.endObject()
    }

    static func level(_ s: Severity) -> String {
        switch s { case .error: return "error"; case .warning: return "warning"; case .info: return "note" }
    }

    /// A relative URI reference for a path: percent-encodes everything but unreserved characters and '/'.
    public static func uri(_ path: String) -> String {
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        var out = p.hasPrefix("/") ? "file://" : ""
        for b in p.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~/".contains(c) {
                out.append(c)
            } else {
                let h = String(b, radix: 16, uppercase: true)
                out += "%" + (h.count == 1 ? "0" + h : h)
            }
        }
        return out
    }
}
