import Dispatch
import Foundation

/// The set of loaded checks with select/ignore applied.
public struct RuleSet: Sendable {
    public let all: [AnyCheck]
    public let directories: [String]

    /// Loads the rule files; with `loadData` also every check's data files (the CLI passes false and
    /// lets `Linter.prepare()` load only what the enabled checks read).
    public init(directories: [String], loadData: Bool = true) throws {
        self.directories = directories
        self.all = try RuleLoader.load(directories: directories)
        if loadData { try RuleSet.preload(all, workers: Parallel.cores) }
    }

    /// Loads the data files of `checks` (each file once, in parallel on `workers` threads); throws the
    /// error of the first check (in rule order) whose data does not load.
    public static func preload(_ checks: [AnyCheck], workers: Int) throws {
        var seen = Set<ObjectIdentifier>()
        var handles: [any Preloadable] = []
        for c in checks { for h in c.data where seen.insert(ObjectIdentifier(h)).inserted { handles.append(h) } }
        guard !handles.isEmpty else { return }
        let errors = UnsafeMutableBufferPointer<(any Error)?>.allocate(capacity: handles.count)
        errors.initialize(repeating: nil)
        defer { _ = errors.deinitialize(); errors.deallocate() }
        Parallel.forEachTask(handles.count, workers: workers, { i, _ in
            do { try handles[i].preload() } catch { errors[i] = error }
        }, context: { () })
        if let e = errors.lazy.compactMap({ $0 }).first { throw e }
    }

    public init(checks: [AnyCheck], directories: [String] = []) {
        self.all = checks
        self.directories = directories
    }

    public func check(id: String) -> AnyCheck? { all.first { $0.meta.id == id } }

    /// Checks enabled by select/ignore (each entry a rule id or a category name).
    public func enabled(_ o: LintOptions) -> [AnyCheck] {
        func matches(_ names: [String], _ m: RuleMeta) -> Bool {
            names.contains { $0 == m.id || $0 == m.category.rawValue || $0 == "all" }
        }
        return all.filter { c in
            (o.select.map { matches($0, c.meta) } ?? true) && !matches(o.ignore, c.meta)
        }
    }

    /// Names in select/ignore that are neither a rule id nor a category.
    public func unknownNames(_ o: LintOptions) -> [String] {
        let known = Set(all.map(\.meta.id)).union(Category.allCases.map(\.rawValue)).union(["all"])
        return ((o.select ?? []) + o.ignore).filter { !known.contains($0) }
    }
}

/// Runs the enabled checks over a document: entry checks in parallel over chunks of entries,
/// document checks side by side; results in a deterministic order.
public struct Linter: Sendable {
    public let rules: RuleSet
    public let options: LintOptions
    public let resources: Resources
    /// Entries a worker runs every check over before the next ones (see lint).
    static let block = 64

    public init(rules: RuleSet, options: LintOptions) {
        self.rules = rules
        self.options = options
        self.resources = Resources(ruleDirectories: rules.directories)
    }

    /// Loads the data files of the enabled checks (once per process); a bad file throws its
    /// `ConfigError`. Call before `lint` (which otherwise loads data on first use).
    public func prepare() throws {
        try RuleSet.preload(rules.enabled(options), workers: options.workers)
    }

    public func lint(_ doc: Document) -> [Diagnostic] {
        let enabled = rules.enabled(options)
        var entryChecks: [EntryCheck] = []
        var docChecks: [DocumentCheck] = []
        for c in enabled {
            switch c {
            case .entry(let e): entryChecks.append(e)
            case .document(let d): docChecks.append(d)
            }
        }
        let jobs = options.workers
        let entries = doc.entries
        // Document checks first (each is one task, often the longest), then chunks of entries, then the
        // document checks that reuse another's result (`.late`); a fixed pool of `jobs` workers takes the
        // next task as it frees up.
        let early = docChecks.filter { $0.schedule == .early }, late = docChecks.filter { $0.schedule == .late }
        let chunkCount = entries.isEmpty ? 0 : min(entries.count, max(1, jobs * 8))
        let tasks = docChecks.count + chunkCount
        let results = UnsafeMutableBufferPointer<[Diagnostic]>.allocate(capacity: max(1, tasks))
        results.initialize(repeating: [])
        defer { _ = results.deinitialize(); results.deallocate() }

        let memo = RunMemo()
        Parallel.forEachTask(tasks, workers: jobs) { t, ctx in
            if t < early.count {
                results[t] = early[t].check(ctx)
            } else if t >= early.count + chunkCount {
                results[t] = late[t - early.count - chunkCount].check(ctx)
            } else {
                let c = t - early.count
                let lo = entries.count * c / chunkCount, hi = entries.count * (c + 1) / chunkCount
                var out: [Diagnostic] = []
                // check by check over blocks of the chunk (not entry by entry): each check is taken out
                // of its existential once per block, and work checks share per entry (ctx.state) stays
                // within a block; the order of findings is settled by the sort below
                var b = lo
                while b < hi {
                    let e = min(hi, b + Linter.block)
                    for check in entryChecks { for i in b..<e { check.check(entries[i], ctx, into: &out) } }
                    b = e
                }
                results[t] = out
            }
        } context: {
            CheckContext(document: doc, options: options, resources: resources, memo: memo)
        }
        var all = Linter.resolveYields(results.flatMap { $0 }, enabled)
        if !options.severities.isEmpty {
            for i in all.indices { if let s = options.severities[all[i].rule] { all[i].severity = s } }
        }
        if !options.fixApplicability.isEmpty {
            for i in all.indices {
                if let a = options.fixApplicability[all[i].rule] {
                    for j in all[i].fixes.indices { all[i].fixes[j].applicability = a }
                }
            }
        }
        return Linter.sorted(all)
    }

    /// Drops findings of rules that yield to another category (`yields-to`) when a finding of that
    /// category overlaps them: one span, one explanation.
    static func resolveYields(_ ds: [Diagnostic], _ checks: [AnyCheck]) -> [Diagnostic] {
        var yields: [String: [Category]] = [:]
        for c in checks where !c.meta.yieldsTo.isEmpty { yields[c.meta.id] = c.meta.yieldsTo }
        guard !yields.isEmpty else { return ds }
        let wanted = Set(yields.values.joined())
        var byCategory: [Category: [ByteRange]] = [:]
        for d in ds where wanted.contains(d.category) { byCategory[d.category, default: []].append(d.range) }
        guard !byCategory.isEmpty else { return ds }
        for k in byCategory.keys { byCategory[k]!.sort() }
        let longest = byCategory.mapValues { $0.map(\.count).max() ?? 0 }
        func covered(_ r: ByteRange, _ c: Category) -> Bool {
            guard let rs = byCategory[c] else { return false }
            // ranges sorted by start: scan those starting before r.end and not too far left
            var lo = 0, hi = rs.count
            while lo < hi { let m = (lo + hi) / 2; if rs[m].start < r.end { lo = m + 1 } else { hi = m } }
            var i = lo - 1
            while i >= 0, rs[i].start + longest[c]! >= r.start {
                if rs[i].overlaps(r) || r.overlaps(rs[i]) { return true }
                i -= 1
            }
            return false
        }
        return ds.filter { d in
            guard let cats = yields[d.rule] else { return true }
            return !cats.contains { $0 != d.category && covered(d.range, $0) }
        }
    }

    /// Order: by start offset, then end, then rule id, then message.
    public static func sorted(_ ds: [Diagnostic]) -> [Diagnostic] {
        ds.sorted { a, b in
            if a.range.start != b.range.start { return a.range.start < b.range.start }
            if a.range.end != b.range.end { return a.range.end < b.range.end }
            if a.rule != b.rule { return a.rule < b.rule }
            return a.message < b.message
        }
    }
}
