import Foundation

/// `.digestlint.yml`: a project's settings, found from the working directory upward (or named
/// with `--config FILE`). Every key is optional:
///
///     select: [latex, style]          # rule ids or categories to run (default: all)
///     ignore: [repeated-word]         # rule ids or categories to skip
///     severity: {tex-tilde: info}     # per-rule severity (error, warning, info)
///     fix: {repeated-word: safe}      # per-rule fix applicability (safe, unsafe, display)
///     placeholder: key                # force the corrupted-term placeholder
///     rules: [team-rules]             # extra rule folders, relative to this file
///     accept-words: [Mamba]           # domain terms never flagged
///     reject-words: [utilise]         # words always flagged
///     fail-on: warning                # error | warning | info | never
///
/// Unknown keys are warnings naming their line (a newer file still works with an older tool);
/// a known key with a wrong type is an error (exit 2) naming file, line and key.
public struct Configuration: Sendable {
    public static let fileName = ".digestlint.yml"
    public static let keys: [String] = ["select", "ignore", "severity", "fix", "placeholder", "rules",
                                        "accept-words", "reject-words", "fail-on"]

    public var file: String?
    public var select: [String]?
    public var ignore: [String] = []
    public var severities: [String: Severity] = [:]
    public var fixApplicability: [String: Applicability] = [:]
    public var placeholder: String?
    public var ruleDirectories: [String] = []
    public var acceptWords: [String] = []
    public var rejectWords: [String] = []
    /// nil: not set; "never" or a severity name.
    public var failOn: String?
    /// Rule ids named under `severity` and `fix`, with where they were written (checked against the
    /// loaded rules by `warnings(unknownRulesIn:)`).
    public var ruleMentions: [(id: String, line: Int, column: Int)] = []
    /// Non-fatal problems, each `file:line:col: message`.
    public var warnings: [String] = []

    public init() {}

    /// The nearest `.digestlint.yml` in `directory` or a folder above it.
    public static func find(from directory: String) -> String? {
        var dir = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent(fileName).path
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    public static func load(path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, message: "configuration file cannot be read")
        }
        return try parse(Array(data), file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws -> Configuration {
        let node: YAMLNode
        do { node = try YAML.parse(bytes) } catch {
            throw ConfigError(file: file, mark: error.mark, message: error.message)
        }
        let s = try Settings(node, file: file, context: "configuration")
        var c = Configuration()
        c.file = file
        for p in s.pairs where !keys.contains(p.key) {
            c.warnings.append("\(file):\(p.keyMark.line):\(p.keyMark.column): unknown key '\(p.key)' ignored (known keys: \(keys.joined(separator: ", ")))")
        }
        c.select = try s.stringList("select")
        c.ignore = try s.stringList("ignore") ?? []
        if let m = try s.mapping("severity") {
            for p in m.pairs {
                guard let v = try m.enumValue(p.key, Severity.self) else { continue }
                c.severities[p.key] = v
                c.ruleMentions.append((p.key, p.keyMark.line, p.keyMark.column))
            }
        }
        if let m = try s.mapping("fix") {
            for p in m.pairs {
                guard let v = try m.enumValue(p.key, Applicability.self) else { continue }
                c.fixApplicability[p.key] = v
                c.ruleMentions.append((p.key, p.keyMark.line, p.keyMark.column))
            }
        }
        c.placeholder = try s.string("placeholder")
        if s.has("rules") {
            let dir = (file as NSString).deletingLastPathComponent
            c.ruleDirectories = try (s.stringList("rules") ?? []).map { $0.hasPrefix("/") || dir.isEmpty ? $0 : dir + "/" + $0 }
        }
        c.acceptWords = try s.stringList("accept-words") ?? []
        c.rejectWords = try s.stringList("reject-words") ?? []
        if let f = try s.string("fail-on") {
            guard f == "never" || Severity(rawValue: f) != nil else {
                throw ConfigError(file: file, mark: s.value("fail-on")!.mark, key: "fail-on", message: "'\(f)' is not one of: error, warning, info, never")
            }
            c.failOn = f
        }
        return c
    }

    /// Applies the configuration under the command line: options already set there win, except
    /// that ignore lists add up.
    public func apply(to o: inout LintOptions, commandLineSelect: Bool, commandLinePlaceholder: Bool) {
        if !commandLineSelect, let s = select { o.select = s }
        o.ignore = ignore + o.ignore
        for (k, v) in severities where o.severities[k] == nil { o.severities[k] = v }
        for (k, v) in fixApplicability where o.fixApplicability[k] == nil { o.fixApplicability[k] = v }
        if !commandLinePlaceholder, let p = placeholder { o.placeholder = p }
        o.acceptWords += acceptWords
        o.rejectWords += rejectWords
    }

    /// Warnings for rule ids under `severity` and `fix` that no loaded rule has.
    public func warnings(unknownRulesIn rules: RuleSet) -> [String] {
        let known = Set(rules.all.map(\.meta.id))
        return ruleMentions.filter { !known.contains($0.id) }.map {
            "\(file ?? Configuration.fileName):\($0.line):\($0.column): no rule '\($0.id)' is loaded"
        }
    }
}
