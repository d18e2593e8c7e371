import Foundation

/// What every check carries: identity, classification and its own documentation and examples.
public struct RuleMeta: Sendable {
    public var id: String
    public var category: Category
    public var severity: Severity
    /// Message template ($0 the match, $1.. groups) or the analysis's headline.
    public var message: String
    /// What it finds.
    public var description: String
    /// Why it matters.
    public var why: String
    /// The best applicability its fixes can have (nil when it never offers a fix).
    public var fixApplicability: Applicability?
    public var examples: RuleExamples
    /// The rule file it came from.
    public var file: String
    /// The analysis kind for code-backed rules, nil for pattern rules.
    public var analysis: String?
    /// Categories this rule gives way to: a finding of this rule is dropped when a finding of one of
    /// these categories covers an overlapping span (rule key `yields-to`).
    public var yieldsTo: [Category] = []
}

public struct RuleExamples: Sendable {
    /// Text that must trigger; `↓` marks where each finding starts.
    public var triggering: [String] = []
    public var nonTriggering: [String] = []
    public var corrections: [(before: String, after: String)] = []
    /// The field the examples stand in (default: the first field of the rule's scope, else abstract).
    public var field: FieldKind = .abstract
    public init() {}
}

/// A check over one entry at a time; the engine runs entries in parallel.
public protocol EntryCheck: Sendable {
    var meta: RuleMeta { get }
    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic])
    /// Data files the check reads, loaded by `Linter.prepare()` only when the check is enabled.
    var data: [any Preloadable] { get }
}

/// A check that needs the whole document (placeholder discovery, duplicates, digest-level inference).
public protocol DocumentCheck: Sendable {
    var meta: RuleMeta { get }
    func check(_ ctx: CheckContext) -> [Diagnostic]
    /// Data files the check reads, loaded by `Linter.prepare()` only when the check is enabled.
    var data: [any Preloadable] { get }
    /// `.late` for a check that reuses what another document check computes (`CheckContext.shared`):
    /// it is scheduled after the entry checks, so that no worker sits waiting for the other's result.
    var schedule: CheckSchedule { get }
}

public enum CheckSchedule: Sendable { case early, late }

extension EntryCheck { public var data: [any Preloadable] { [] } }
extension DocumentCheck {
    public var data: [any Preloadable] { [] }
    public var schedule: CheckSchedule { .early }
}

public enum AnyCheck: Sendable {
    case entry(EntryCheck)
    case document(DocumentCheck)

    public var meta: RuleMeta {
        switch self {
        case .entry(let c): return c.meta
        case .document(let c): return c.meta
        }
    }

    public var data: [any Preloadable] {
        switch self {
        case .entry(let c): return c.data
        case .document(let c): return c.data
        }
    }
}

/// Per-worker state handed to checks: the document, options, shared resources, and one
/// PCRE2 matcher per regex for this worker (never shared between threads).
public final class CheckContext {
    public let document: Document
    public let options: LintOptions
    public let resources: Resources
    /// Values shared by all workers of one lint run (see `shared(_:_:)`).
    public let memo: RunMemo
    private var matchers: [ObjectIdentifier: Matcher] = [:]
    private var states: [ObjectIdentifier: AnyObject] = [:]

    public init(document: Document, options: LintOptions, resources: Resources, memo: RunMemo = RunMemo()) {
        self.document = document
        self.options = options
        self.resources = resources
        self.memo = memo
    }

    /// A value computed once per lint run for `key` and shared by every check of the run (two rules
    /// that start from the same digest-wide analysis compute it once; a second asker waits for the first).
    public func shared<T>(_ key: String, _ make: () -> T) -> T { memo.value(key, make) }

    public func matcher(_ r: Regex) -> Matcher {
        let k = ObjectIdentifier(r)
        if let m = matchers[k] { return m }
        let m = r.matcher()
        matchers[k] = m
        return m
    }

    /// Per-worker state that checks sharing some work keep between them, keyed by an object they share
    /// (NumberGap's lexicon: its three rules tokenise each field once). Made on first use by this worker.
    public func state<T: AnyObject>(for owner: AnyObject, make: () -> T) -> T {
        let k = ObjectIdentifier(owner)
        if let s = states[k] as? T { return s }
        let s = make()
        states[k] = s
        return s
    }

    /// An edit replacing a local range of a field, mapped to input bytes and encoded for the input's format.
    public func edit(_ field: FieldText, _ local: ByteRange, _ replacement: String) -> Edit {
        let r = field.sourceRange(local)
        return Edit(start: r.start, end: r.end, replacement: document.format.encode(replacement))
    }

    public func diagnostic(_ meta: RuleMeta, _ message: String, entry: Entry?, field: FieldText?,
                           local: ByteRange, fixes: [Fix] = [], severity: Severity? = nil) -> Diagnostic {
        let range = field.map { $0.sourceRange(local) } ?? local
        return Diagnostic(rule: meta.id, category: meta.category, severity: severity ?? meta.severity,
                          message: message, entry: entry?.index, field: field?.kind, range: range, fixes: fixes)
    }
}

/// Per-run memo behind `CheckContext.shared`: one slot per key, each computed once under its own lock.
public final class RunMemo: @unchecked Sendable {
    private final class Slot { let lock = NSLock(); var value: Any? }
    private let lock = NSLock()
    private var slots: [String: Slot] = [:]

    public init() {}

    public func value<T>(_ key: String, _ make: () -> T) -> T {
        lock.lock()
        let slot: Slot
        if let s = slots[key] { slot = s } else { slot = Slot(); slots[key] = slot }
        lock.unlock()
        slot.lock.lock(); defer { slot.lock.unlock() }
        if let v = slot.value as? T { return v }
        let v = make()
        slot.value = v
        return v
    }
}
