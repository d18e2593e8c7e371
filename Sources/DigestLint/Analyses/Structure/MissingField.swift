/// Reports entries that lack one of the fields the digest format requires.
struct MissingField: EntryCheck {
    let meta: RuleMeta
    let required: [FieldKind]

    init(meta: RuleMeta, settings: Settings) throws {
        try settings.rejectUnknown(["required"])
        self.meta = meta
        let names = try settings.stringList("required") ?? ["title", "authors", "date", "url", "abstract"]
        required = try names.map { n in
            guard let f = FieldKind(rawValue: n), f != .header else {
                throw ConfigError(file: settings.file, mark: settings.mark("required"), key: "required", message: "unknown field '\(n)'")
            }
            return f
        }
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        let missing = required.filter { entry.field($0) == nil }
        guard !missing.isEmpty else { return }
        let at = ByteRange(entry.range.start, entry.range.start + min(entry.range.count, firstLineLength(entry, ctx)))
        let names = missing.map(\.rawValue).joined(separator: ", ")
        out.append(ctx.diagnostic(meta, "entry \(entry.index) has no \(names) field\(missing.count > 1 ? "s" : "")",
                                  entry: entry, field: nil, local: at))
    }

    private func firstLineLength(_ e: Entry, _ ctx: CheckContext) -> Int {
        let b = ctx.document.source.bytes
        var i = e.range.start
        while i < e.range.end && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
        return i - e.range.start
    }
}

/// Passes on what the reader could not make sense of (malformed records, stray text), under the
/// rule id the reader gave it.
struct ReaderFindings: DocumentCheck {
    let meta: RuleMeta
    func check(_ ctx: CheckContext) -> [Diagnostic] {
        ctx.document.readerDiagnostics.filter { $0.rule == meta.id }.map {
            var d = $0
            d.severity = meta.severity
            d.category = meta.category
            return d
        }
    }
}
