/// One check run's whole path for an input: read in its format, lint, drop baselined findings;
/// optionally fix to a fixpoint first. The CLI only builds it and prints what it returns.
public struct CheckPipeline: Sendable {
    public var linter: Linter
    /// Forced input format (nil: detect from the path and first bytes).
    public var inputFormat: InputFormat?
    public var baseline: Baseline?

    public init(linter: Linter, inputFormat: InputFormat? = nil, baseline: Baseline? = nil) {
        self.linter = linter; self.inputFormat = inputFormat; self.baseline = baseline
    }

    public func format(of source: SourceText) -> InputFormat {
        inputFormat ?? InputReader.detect(path: source.path, bytes: source.bytes)
    }

    public func parse(_ source: SourceText, as format: InputFormat) throws -> Document {
        try InputReader.parse(source, format: format)
    }

    /// Lint findings minus those the baseline accepts.
    public func diagnose(_ doc: Document) -> (diagnostics: [Diagnostic], suppressed: Int) {
        let all = linter.lint(doc)
        guard let b = baseline else { return (all, 0) }
        let (kept, n) = b.filter(all, in: doc)
        return (kept, n)
    }

    public func check(_ source: SourceText) throws -> (report: FileReport, suppressed: Int) {
        let doc = try parse(source, as: format(of: source))
        let (ds, n) = diagnose(doc)
        return (FileReport(path: source.path, document: doc, diagnostics: ds), n)
    }

    /// Fixes to a fixpoint; the report holds what remains in the fixed text.
    public func fix(_ source: SourceText, policy: FixPolicy) throws -> (outcome: FixOutcome, report: FileReport) {
        let fmt = format(of: source)
        let outcome = try Fixer.run(source, policy: policy, parse: { try self.parse($0, as: fmt) },
                                    lint: { self.diagnose($0).diagnostics })
        return (outcome, FileReport(path: source.path, document: outcome.document, diagnostics: outcome.remaining))
    }
}
