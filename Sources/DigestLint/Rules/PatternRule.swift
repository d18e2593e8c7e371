/// The `pattern` rule kind: one or more PCRE2 patterns over the fields in scope; each match is a
/// finding whose message and optional fix are rendered from templates.
public struct PatternRule: EntryCheck {
    public let meta: RuleMeta
    public let regexes: [Regex]
    public let scope: Set<FieldKind>
    /// `scope` as bits by field order (a set lookup per field per entry is measurable).
    let scopeBits: UInt32
    /// One scan per field for the literal openings of several patterns.
    let wordStarts: WordStarts?
    let messageTemplate: Template
    let fix: (template: Template, applicability: Applicability, title: Template?)?

    init(meta: RuleMeta, regexes: [Regex], scope: Set<FieldKind>,
         fix: (template: Template, applicability: Applicability, title: Template?)?) {
        self.meta = meta
        self.regexes = regexes
        self.scope = scope
        self.scopeBits = scope.reduce(0) { $0 | 1 << UInt32($1.order) }
        self.wordStarts = WordStarts(regexes)
        self.messageTemplate = Template(meta.message)
        self.fix = fix
    }

    public func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        for field in entry.fields where scopeBits & (1 << UInt32(field.kind.order)) != 0 {
            run(field, entry: entry, ctx, into: &out)
        }
    }

    func run(_ field: FieldText, entry: Entry?, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        let starts = wordStarts?.offsets(in: field.text)
        for re in regexes {
            do {
                try ctx.matcher(re).forEach(in: field.text, wordStarts: re.literalStarts == nil ? nil : starts) { m in
                    let message = messageTemplate.render(field.text, m, regex: re)
                    var fixes: [Fix] = []
                    if let f = fix {
                        let replacement = f.template.render(field.text, m, regex: re)
                        let title = f.title?.render(field.text, m, regex: re) ?? (replacement.isEmpty ? "delete '\(field.string(m.range))'" : "replace with '\(replacement)'")
                        fixes.append(Fix(title: title, applicability: f.applicability, confidence: nil,
                                         edits: [ctx.edit(field, m.range, replacement)]))
                    }
                    out.append(ctx.diagnostic(meta, message, entry: entry, field: field, local: m.range, fixes: fixes))
                    return true
                }
            } catch {
                out.append(ctx.diagnostic(meta, "rule '\(meta.id)' was stopped on this field: \(error) (the pattern exceeded its match limit)",
                                          entry: entry, field: field, local: ByteRange(0, min(field.text.count, 1)), severity: .warning))
            }
        }
    }
}
