import DigestLint
import Foundation

enum OutputFormat: String, CaseIterable { case text, json, jsonl }

enum CheckCommand {
    static func run(_ p: ParsedArguments, io: IO) throws -> Int32 {
        let formatName = p.value("format") ?? "text"
        guard let format = OutputFormat(rawValue: formatName) else {
            throw UsageError(message: "unknown --format '\(formatName)' (one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var inputFormat: InputFormat?
        if let f = p.value("input-format"), f != "auto" {
            guard let v = InputFormat(rawValue: f) else {
                throw UsageError(message: "unknown --input-format '\(f)' (one of: auto, \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            inputFormat = v
        }
        let failOnName = p.value("fail-on") ?? "warning"
        let failOn: Severity?
        switch failOnName {
        case "never": failOn = nil
        default:
            guard let s = Severity(rawValue: failOnName) else { throw UsageError(message: "unknown --fail-on '\(failOnName)' (one of: error, warning, info, never)") }
            failOn = s
        }
        var options = LintOptions()
        options.select = p.list("select")
        options.ignore = p.list("ignore") ?? []
        options.placeholder = p.value("placeholder")
        if let j = p.value("jobs") {
            guard let n = Int(j), n >= 1 else { throw UsageError(message: "--jobs needs a whole number of at least 1, found '\(j)'") }
            options.jobs = n
        }

        let rules = try RuleSet(directories: try CLI.ruleDirectories(p))
        let unknown = rules.unknownNames(options)
        if !unknown.isEmpty {
            throw UsageError(message: "unknown rule or category in --select/--ignore: \(unknown.joined(separator: ", "))")
        }
        let linter = Linter(rules: rules, options: options)
        let paths = p.positionals.isEmpty ? ["-"] : p.positionals

        var reports: [FileReport] = []
        for path in paths {
            let src = try InputReader.load(path: path)
            let fmt = inputFormat ?? InputReader.detect(path: path, bytes: src.bytes)
            let doc = try InputReader.parse(src, format: fmt)
            reports.append(FileReport(path: src.path, document: doc, diagnostics: linter.lint(doc)))
        }

        switch format {
        case .text: io.out(TextReporter(color: p.has("color"), showSource: !p.has("no-source")).render(reports))
        case .json: io.out(JSONReporter().render(reports))
        case .jsonl: io.out(JSONLinesReporter().render(reports))
        }
        if p.has("exit-zero") { return ExitCode.clean }
        guard let threshold = failOn else { return ExitCode.clean }
        let failing = reports.contains { $0.diagnostics.contains { $0.severity >= threshold } }
        return failing ? ExitCode.findings : ExitCode.clean
    }
}
