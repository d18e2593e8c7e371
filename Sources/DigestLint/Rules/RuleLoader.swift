import Foundation

/// Loads rule packs: folders of YAML files, one rule per file at `<pack>/<family>/<id>.yml`.
/// Validation is eager: a bad file stops the run with its file, line and key.
public enum RuleLoader {
    static let commonKeys: Set<String> = ["id", "name", "category", "severity", "message", "description", "why",
                                          "scope", "examples", "enabled", "yields-to"]
    static let patternKeys: Set<String> = ["pattern", "patterns", "case-insensitive", "fix"]
    static let analysisKeys: Set<String> = ["analysis", "settings", "fix-applicability"]

    /// Every `.yml`/`.yaml` file below `dir`, sorted, skipping data folders named `data`.
    public static func ruleFiles(in dir: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw ConfigError(file: dir, message: "rule folder not found")
        }
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            if rel.hasPrefix("data/") || rel.contains("/data/") { continue }
            if rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") { out.append(dir + "/" + rel) }
        }
        return out.sorted()
    }

    public static func load(directories: [String]) throws -> [AnyCheck] {
        var checks: [AnyCheck] = []
        var seen: [String: String] = [:]
        for dir in directories {
            for file in try ruleFiles(in: dir) {
                let c = try load(file: file)
                if let other = seen[c.meta.id] {
                    throw ConfigError(file: file, line: 1, column: 1, key: "id", message: "rule id '\(c.meta.id)' is already defined in \(other)")
                }
                seen[c.meta.id] = file
                checks.append(c)
            }
        }
        return checks
    }

    public static func load(file: String) throws -> AnyCheck {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(file: file, message: "cannot read rule file")
        }
        return try load(bytes: Array(data), file: file)
    }

    public static func load(bytes: [UInt8], file: String) throws -> AnyCheck {
        let root: YAMLNode
        do { root = try YAML.parse(bytes) } catch {
            throw ConfigError(file: file, mark: error.mark, message: "YAML error: \(error.message)")
        }
        guard case .mapping = root else {
            throw ConfigError(file: file, mark: root.mark, message: "a rule file must be a mapping, found \(root.kindName)")
        }
        let s = try Settings(root, file: file, context: "rule")
        let isAnalysis = s.has("analysis")
        try s.rejectUnknown(commonKeys.union(isAnalysis ? analysisKeys : patternKeys))

        let id = try s.requiredString("id")
        guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }) else {
            throw s.fail("id", "rule ids are lower-case words joined by '-', found '\(id)'")
        }
        let base = (file as NSString).lastPathComponent
        let stem = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : String(base.dropLast(4))
        guard stem == id else { throw s.fail("id", "id '\(id)' must match the file name '\(base)'") }
        guard let category = try s.enumValue("category", Category.self) else {
            throw ConfigError(file: file, mark: root.mark, key: "category", message: "missing required key")
        }
        guard let severity = try s.enumValue("severity", Severity.self) else {
            throw ConfigError(file: file, mark: root.mark, key: "severity", message: "missing required key")
        }
        let message = try s.string("message") ?? ""
        if !isAnalysis && message.isEmpty {
            throw ConfigError(file: file, mark: root.mark, key: "message", message: "missing required key")
        }
        let scope: Set<FieldKind>
        if let names = try s.stringList("scope") {
            scope = Set(try names.map { n in
                guard let f = FieldKind(rawValue: n) else { throw s.fail("scope", "unknown field '\(n)' (fields: \(FieldKind.allCases.map(\.rawValue).joined(separator: ", ")))") }
                return f
            })
        } else {
            scope = [.title, .authors, .abstract]
        }
        var meta = RuleMeta(id: id, category: category, severity: severity, message: message,
                            description: try s.string("description", default: ""), why: try s.string("why", default: ""),
                            fixApplicability: nil, examples: try examples(s, scope: scope), file: file, analysis: nil)
        _ = try s.bool("enabled", default: true)
        if let names = try s.stringList("yields-to") {
            meta.yieldsTo = try names.map { n in
                guard let c = Category(rawValue: n) else {
                    throw s.fail("yields-to", "unknown category '\(n)' (categories: \(Category.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return c
            }
        }

        if isAnalysis {
            let kind = try s.requiredString("analysis")
            guard let factory = AnalysisRegistry.factories[kind] else {
                throw s.fail("analysis", "unknown analysis '\(kind)' (known: \(AnalysisRegistry.factories.keys.sorted().joined(separator: ", ")))")
            }
            meta.analysis = kind
            meta.fixApplicability = try s.enumValue("fix-applicability", Applicability.self)
            let settings = try Settings(s.value("settings"), file: file, context: "settings")
            return try factory(meta, settings, scope)
        }

        var patterns: [(String, YAMLNode)] = []
        if let p = s.value("pattern") {
            guard case .scalar(let str, _, _) = p else { throw s.fail("pattern", "expected a string, found \(p.kindName)") }
            patterns.append((str, p))
        }
        if let ps = s.value("patterns") {
            guard case .sequence(let items, _) = ps, !items.isEmpty else { throw s.fail("patterns", "expected a non-empty list of strings") }
            for item in items {
                guard case .scalar(let str, _, _) = item else {
                    throw ConfigError(file: file, mark: item.mark, key: "patterns", message: "expected a string, found \(item.kindName)")
                }
                patterns.append((str, item))
            }
        }
        guard !patterns.isEmpty else {
            throw ConfigError(file: file, mark: root.mark, key: "pattern", message: "a pattern rule needs 'pattern' or 'patterns'")
        }
        let caseless = try s.bool("case-insensitive", default: false)
        var regexes: [Regex] = []
        for (p, node) in patterns {
            do { regexes.append(try Regex(p, caseless: caseless)) } catch let e as RegexError {
                throw ConfigError(file: file, mark: node.mark, key: s.has("pattern") ? "pattern" : "patterns",
                                  message: "pattern does not compile: \(e.message) (at offset \(e.offset) of the pattern)")
            }
        }
        let maxGroups = regexes.map(\.captureCount).min() ?? 0
        func checkTemplate(_ t: Template, key: String, node: YAMLNode?) throws {
            let used = t.groupsUsed
            if used.max > maxGroups {
                throw ConfigError(file: file, mark: node?.mark ?? root.mark, key: key, message: "refers to group $\(used.max) but the pattern has \(maxGroups) group(s)")
            }
            for n in used.names where regexes.contains(where: { $0.groupIndex(n) == nil }) {
                throw ConfigError(file: file, mark: node?.mark ?? root.mark, key: key, message: "refers to group '\(n)' that the pattern does not define")
            }
        }
        try checkTemplate(Template(message), key: "message", node: s.value("message"))
        var fix: (template: Template, applicability: Applicability, title: Template?)?
        if let f = try s.mapping("fix") {
            try f.rejectUnknown(["replacement", "applicability", "title"])
            guard let rep = try f.string("replacement") else {
                throw ConfigError(file: file, mark: f.node!.mark, key: "fix.replacement", message: "missing required key")
            }
            let t = Template(rep)
            try checkTemplate(t, key: "fix.replacement", node: f.value("replacement"))
            let app = try f.enumValue("applicability", Applicability.self) ?? .unsafe
            fix = (t, app, try f.string("title").map(Template.init))
            meta.fixApplicability = app
        }
        return .entry(PatternRule(meta: meta, regexes: regexes, scope: scope, fix: fix))
    }

    static func examples(_ s: Settings, scope: Set<FieldKind>) throws -> RuleExamples {
        var ex = RuleExamples()
        ex.field = FieldKind.allCases.first { scope.contains($0) && $0 != .header } ?? .abstract
        if scope.contains(.abstract) { ex.field = .abstract }
        guard let e = try s.mapping("examples") else { return ex }
        try e.rejectUnknown(["triggering", "non-triggering", "corrections", "field"])
        if let f = try e.enumValue("field", FieldKind.self) { ex.field = f }
        ex.triggering = try e.stringList("triggering") ?? []
        ex.nonTriggering = try e.stringList("non-triggering") ?? []
        if let c = e.value("corrections") {
            guard case .sequence(let items, _) = c else { throw e.fail("corrections", "expected a list of {before, after}") }
            for item in items {
                let m = try Settings(item, file: s.file, context: "corrections")
                try m.rejectUnknown(["before", "after"])
                ex.corrections.append((try m.requiredString("before"), try m.requiredString("after")))
            }
        }
        return ex
    }
}
