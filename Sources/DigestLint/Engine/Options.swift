/// Everything a lint run is told, copied from the command line or a configuration.
public struct LintOptions: Sendable {
    /// Rule ids or category names to run (nil: all enabled rules).
    public var select: [String]? = nil
    public var ignore: [String] = []
    /// Forces the corrupted-term placeholder instead of discovering it.
    public var placeholder: String? = nil
    /// Worker threads (default: every core).
    public var jobs: Int = 0
    /// Per-rule severity overrides.
    public var severities: [String: Severity] = [:]
    /// Per-rule fix applicability overrides (configuration's `fix:`): every fix of the rule gets it.
    public var fixApplicability: [String: Applicability] = [:]
    /// Domain terms never flagged / always flagged (configuration's accept and reject lists).
    public var acceptWords: [String] = []
    public var rejectWords: [String] = []

    public init() {}
}

/// Data shared by all workers of a run (lexicons and the like), loaded once.
public final class Resources: @unchecked Sendable {
    public let ruleDirectories: [String]
    public init(ruleDirectories: [String]) { self.ruleDirectories = ruleDirectories }
}
