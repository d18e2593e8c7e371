import DigestLint

enum RulesCommand {
    /// `digestlint rules`: id, category, severity and fix applicability of every rule.
    static func list(_ p: ParsedArguments, io: IO) throws -> Int32 {
        let rules = try RuleSet(directories: try CLI.ruleDirectories(p), loadData: false)
        let sorted = rules.all.map(\.meta).sorted { ($0.category.rawValue, $0.id) < ($1.category.rawValue, $1.id) }
        if p.value("format") == "json" {
            var w = JSONWriter()
            w.beginArray()
            for m in sorted {
                w.beginObject()
                w.string("id", m.id); w.string("category", m.category.rawValue); w.string("severity", m.severity.rawValue)
                w.string("fix", m.fixApplicability?.rawValue); w.string("kind", m.analysis.map { "analysis:\($0)" } ?? "pattern")
                w.string("file", m.file)
                w.endObject()
            }
            w.endArray()
            io.out(w.out + "\n")
            return ExitCode.clean
        }
        let idWidth = max(4, sorted.map(\.id.count).max() ?? 0)
        let catWidth = max(8, sorted.map(\.category.rawValue.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        io.out(pad("RULE", idWidth) + "  " + pad("CATEGORY", catWidth) + "  SEVERITY  FIX\n")
        for m in sorted {
            io.out(pad(m.id, idWidth) + "  " + pad(m.category.rawValue, catWidth) + "  " + pad(m.severity.rawValue, 8) + "  " + (m.fixApplicability?.rawValue ?? "-") + "\n")
        }
        return ExitCode.clean
    }

    /// `digestlint explain RULE`: what it finds, why, examples, fix safety, how to silence it.
    static func explain(_ p: ParsedArguments, io: IO) throws -> Int32 {
        guard let id = p.positionals.first else { throw UsageError(message: "explain needs a rule id (see 'digestlint rules')") }
        let rules = try RuleSet(directories: try CLI.ruleDirectories(p), loadData: false)
        guard let m = rules.check(id: id)?.meta else {
            let near = rules.all.map(\.meta.id).filter { $0.contains(id) || id.contains($0) }
            throw UsageError(message: "no rule '\(id)'" + (near.isEmpty ? "" : " (did you mean: \(near.joined(separator: ", "))?)"))
        }
        var s = "\(m.id)  [\(m.category.rawValue), \(m.severity.rawValue)]\n\n"
        s += "What it finds\n  \(m.description.isEmpty ? m.message : m.description)\n\n"
        if !m.why.isEmpty { s += "Why it matters\n  \(m.why)\n\n" }
        if !m.examples.triggering.isEmpty {
            s += "Flagged (↓ marks the finding)\n" + m.examples.triggering.map { "  \($0)\n" }.joined() + "\n"
        }
        if !m.examples.nonTriggering.isEmpty {
            s += "Not flagged\n" + m.examples.nonTriggering.map { "  \($0)\n" }.joined() + "\n"
        }
        if !m.examples.corrections.isEmpty {
            s += "Fixes\n" + m.examples.corrections.map { "  \($0.before)\n  → \($0.after)\n" }.joined() + "\n"
        }
        s += "Fix safety\n  "
        switch m.fixApplicability {
        case .safe?: s += "safe: applied by --fix.\n\n"
        case .unsafe?: s += "unsafe: applied only with --fix --unsafe-fixes; review the change.\n\n"
        case .display?: s += "display only: the suggestion is shown, never applied.\n\n"
        case nil: s += "no automatic fix.\n\n"
        }
        s += "Silence it\n  --ignore \(m.id) (or the category: --ignore \(m.category.rawValue)), or list it under 'ignore' in .digestlint.yml.\n"
        s += "\nDefined in \(m.file)\n"
        io.out(s)
        return ExitCode.clean
    }
}
