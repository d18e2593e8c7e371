/// The fixer: a separate, cautious stage after linting.
///
/// One round takes the findings of a lint, picks for each the best fix it may apply
/// (`applicability >= policy.minimum`), sorts them, skips any fix whose edits overlap an edit already
/// taken (it is retried after the re-lint of the next round), and applies the rest in one pass that
/// copies every other byte unchanged. Rounds repeat until a lint offers nothing to apply (a fixpoint)
/// or the round cap is reached. A round that would change the number of entries (a fix that breaks a
/// record or merges two) is replayed fix by fix and the fixes that do so are refused.
public struct FixPolicy: Sendable {
    /// `.safe`: safe fixes only (`--fix`); `.unsafe`: also unsafe ones (`--fix --unsafe-fixes`).
    public var minimum: Applicability
    /// Cap on lint-and-apply rounds.
    public var maxRounds: Int
    /// Refuse fixes that change the number of entries.
    public var keepEntryCount: Bool

    public init(minimum: Applicability = .safe, maxRounds: Int = 12, keepEntryCount: Bool = true) {
        precondition(minimum != .display, "display fixes are never applied")
        self.minimum = minimum; self.maxRounds = maxRounds; self.keepEntryCount = keepEntryCount
    }
}

/// A fix that was not applied, and why.
public struct RefusedFix: Sendable, Equatable {
    public enum Reason: String, Sendable { case overlap, changesEntryCount = "changes-entry-count", invalidEdit = "invalid-edit" }
    public var rule: String
    public var entry: Int?
    public var title: String
    public var reason: Reason
}

public struct FixOutcome: Sendable {
    public var original: [UInt8]
    public var fixed: [UInt8]
    /// Fixes applied over all rounds.
    public var applied: Int
    public var appliedByRule: [String: Int]
    /// Fixes deferred because they overlapped another (retried in the next round).
    public var deferredOverlaps: Int
    /// Fixes refused for good (they would have changed the entry count or had invalid edits).
    public var refused: [RefusedFix]
    /// Rounds that applied something.
    public var rounds: Int
    /// False when the round cap stopped the fixer while fixes were still on offer.
    public var converged: Bool
    /// The document and findings of the fixed text (what remains).
    public var document: Document
    public var remaining: [Diagnostic]
    public var changed: Bool { original != fixed }
}

public enum Fixer {
    /// The fix of a finding the policy allows, best first; nil when none may be applied.
    public static func chosenFix(_ d: Diagnostic, minimum: Applicability) -> Fix? {
        d.fixes.first { $0.applicability >= minimum && $0.applicability != .display && !$0.edits.isEmpty }
    }

    /// Whether two edits conflict: their ranges overlap, or an insertion lies inside or at an end of
    /// the other edit (where the order of the two would be ambiguous).
    public static func conflicts(_ a: Edit, _ b: Edit) -> Bool {
        if a.start < b.end && b.start < a.end { return true }
        if a.start == a.end && b.start <= a.start && a.start <= b.end { return true }
        if b.start == b.end && a.start <= b.start && b.start <= a.end { return true }
        return false
    }

    /// Selects a non-conflicting set of fixes from findings, in a deterministic order (by position of
    /// the first edit, then rule id). Returns the fixes taken and the findings whose fix was skipped.
    public static func select(_ diagnostics: [Diagnostic], in bytes: [UInt8], minimum: Applicability,
                              refused: Set<Refusal> = [])
        -> (taken: [(Diagnostic, Fix)], overlapping: [(Diagnostic, Fix)], invalid: [(Diagnostic, Fix)]) {
        var candidates: [(Diagnostic, Fix)] = []
        var invalid: [(Diagnostic, Fix)] = []
        for d in diagnostics {
            guard let f = chosenFix(d, minimum: minimum) else { continue }
            let valid = f.edits.allSatisfy { $0.start >= 0 && $0.start <= $0.end && $0.end <= bytes.count }
                && zip(f.edits, f.edits.dropFirst()).allSatisfy { !conflicts($0, $1) }
            guard valid else { invalid.append((d, f)); continue }
            // A fix that changes nothing would be offered forever: ignore it.
            let noop = f.edits.allSatisfy { Array($0.replacement.utf8) == Array(bytes[$0.start..<$0.end]) }
            if noop { continue }
            if !refused.isEmpty && refused.contains(refusal(d, f, bytes)) { continue }
            candidates.append((d, f))
        }
        candidates.sort { a, b in
            let ea = a.1.edits, eb = b.1.edits
            if ea[0].start != eb[0].start { return ea[0].start < eb[0].start }
            if ea.last!.end != eb.last!.end { return ea.last!.end < eb.last!.end }
            if a.0.rule != b.0.rule { return a.0.rule < b.0.rule }
            return a.1.title < b.1.title
        }
        var taken: [(Diagnostic, Fix)] = []
        var overlapping: [(Diagnostic, Fix)] = []
        var accepted: [Edit] = []          // kept sorted by start
        var seen = Set<[Edit]>()
        for c in candidates {
            if seen.contains(c.1.edits) { continue }   // the same fix offered by two findings
            if c.1.edits.contains(where: { e in hits(accepted, e) }) { overlapping.append(c); continue }
            seen.insert(c.1.edits)
            taken.append(c)
            for e in c.1.edits {
                let i = insertionIndex(accepted, e.start)
                accepted.insert(e, at: i)
            }
        }
        return (taken, overlapping, invalid)
    }

    static func insertionIndex(_ es: [Edit], _ start: Int) -> Int {
        var lo = 0, hi = es.count
        while lo < hi { let m = (lo + hi) / 2; if es[m].start < start { lo = m + 1 } else { hi = m } }
        return lo
    }

    /// Whether `e` conflicts with any edit of the sorted list (only neighbours can).
    static func hits(_ sorted: [Edit], _ e: Edit) -> Bool {
        let i = insertionIndex(sorted, e.start)
        var j = i
        while j < sorted.count, sorted[j].start <= e.end { if conflicts(sorted[j], e) { return true }; j += 1 }
        var k = i - 1
        while k >= 0 { if conflicts(sorted[k], e) { return true }; if sorted[k].end < e.start { break }; k -= 1 }
        return false
    }

    /// A refused fix: rule, the span its edits cover and what they replace with what. The span is
    /// moved along with the edits of later rounds, so the refusal stays with that one fix; an identical
    /// fix elsewhere (another '\\url{x}' whose removal is harmless) is still applied.
    /// Compared byte for byte: the replaced bytes and the replacements' UTF-8, so that two texts that
    /// are canonically equivalent but differ in bytes are different fixes.
    public struct Refusal: Hashable, Sendable {
        var rule: String, start: Int, end: Int
        /// Per edit: the bytes replaced, 0xFF (never in UTF-8), the replacement's bytes, 0xFF.
        var texts: [UInt8]
    }

    static func refusal(_ d: Diagnostic, _ f: Fix, _ bytes: [UInt8]) -> Refusal {
        var texts: [UInt8] = []
        for e in f.edits {
            let a = max(0, min(e.start, bytes.count)), b = max(a, min(e.end, bytes.count))
            texts.append(contentsOf: bytes[a..<b]); texts.append(0xFF)
            texts.append(contentsOf: e.replacement.utf8); texts.append(0xFF)
        }
        return Refusal(rule: d.rule, start: f.edits.map(\.start).min() ?? 0, end: f.edits.map(\.end).max() ?? 0, texts: texts)
    }

    /// Moves refusals past applied (non-overlapping) edits; a refusal whose span an edit touched is
    /// dropped (its text changed, so the fix on offer there is a new one).
    static func moved(_ refusals: [Refusal], by edits: [Edit]) -> [Refusal] {
        let sorted = edits.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        return refusals.compactMap { r in
            var shift = 0
            for e in sorted {
                if e.end <= r.start && !(e.start == e.end && e.start == r.start) {
                    shift += e.replacement.utf8.count - (e.end - e.start)
                } else if e.start >= r.end && !(e.start == e.end && e.start == r.end && r.start == r.end) {
                    break
                } else { return nil }
            }
            var m = r; m.start += shift; m.end += shift
            return m
        }
    }

    /// Whether the entries after applying `edits` are the entries before, one for one: the same
    /// number, each starting where the edits moved the old one's start (an insertion right at an
    /// entry's start may land on either side of it). Catches a fix that splits, merges or drops
    /// entries even when another fix in the same round makes the count come out equal.
    public static func entriesCorrespond(_ old: Document, _ new: Document, _ edits: [Edit]) -> Bool {
        guard old.entries.count == new.entries.count else { return false }
        let sorted = edits.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var k = 0, shift = 0
        for (o, n) in zip(old.entries, new.entries) {
            let p = o.range.start
            // Edits wholly before p (an insertion at p is not) move it.
            while k < sorted.count, sorted[k].end < p || (sorted[k].end == p && sorted[k].start < p) {
                shift += sorted[k].replacement.utf8.count - (sorted[k].end - sorted[k].start); k += 1
            }
            var slack = 0, j = k
            while j < sorted.count, sorted[j].start == p, sorted[j].end == p { slack += sorted[j].replacement.utf8.count; j += 1 }
            let lo = p + shift
            guard n.range.start >= lo && n.range.start <= lo + slack else { return false }
        }
        return true
    }

    /// Applies non-overlapping edits; every byte outside them is copied unchanged.
    public static func apply(_ edits: [Edit], to bytes: [UInt8]) -> [UInt8] {
        let sorted = edits.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + sorted.reduce(0) { $0 + $1.replacement.utf8.count })
        var at = 0
        for e in sorted {
            precondition(e.start >= at && e.end >= e.start && e.end <= bytes.count, "overlapping or invalid edits")
            out.append(contentsOf: bytes[at..<e.start])
            out.append(contentsOf: e.replacement.utf8)
            at = e.end
        }
        out.append(contentsOf: bytes[at...])
        return out
    }

    /// Lints, applies and re-lints until nothing is left to apply or the round cap is reached.
    /// `parse` reads a text in the input's format; `lint` runs the whole pipeline on it (options,
    /// overrides, baseline).
    public static func run(_ source: SourceText, policy: FixPolicy,
                           parse: (SourceText) throws -> Document,
                           lint: (Document) -> [Diagnostic]) rethrows -> FixOutcome {
        var doc = try parse(source)
        var diags = lint(doc)
        var current = source.bytes
        var outcome = FixOutcome(original: source.bytes, fixed: source.bytes, applied: 0, appliedByRule: [:],
                                 deferredOverlaps: 0, refused: [], rounds: 0, converged: false,
                                 document: doc, remaining: diags)
        var refusals = Set<Refusal>()
        var round = 0
        // A refusal is judged on the text of its time; once other fixes have changed the text, the
        // refused fixes are judged again before stopping, so that a second run finds nothing new to do.
        var changedSinceRefusals = false
        while true {
            let sel = select(diags, in: current, minimum: policy.minimum, refused: refusals)
            for (d, f) in sel.invalid where refusals.insert(refusal(d, f, current)).inserted {
                outcome.refused.append(RefusedFix(rule: d.rule, entry: d.entry, title: f.title, reason: .invalidEdit))
            }
            if sel.taken.isEmpty {
                if !refusals.isEmpty && changedSinceRefusals {
                    refusals = []
                    changedSinceRefusals = false
                    continue
                }
                outcome.converged = true
                break
            }
            if round >= policy.maxRounds { break }
            round += 1
            outcome.deferredOverlaps += sel.overlapping.count
            var taken = sel.taken
            var next = apply(taken.flatMap { $0.1.edits }, to: current)
            if policy.keepEntryCount {
                let parsed = try parse(SourceText(path: source.path, bytes: next))
                if !entriesCorrespond(doc, parsed, taken.flatMap { $0.1.edits }) {
                    // Replay fix by fix; keep those that leave the entry count alone.
                    var kept: [(Diagnostic, Fix)] = []
                    for c in taken {
                        let trial = apply((kept + [c]).flatMap { $0.1.edits }, to: current)
                        if entriesCorrespond(doc, try parse(SourceText(path: source.path, bytes: trial)), (kept + [c]).flatMap { $0.1.edits }) {
                            kept.append(c)
                        } else {
                            refusals.insert(refusal(c.0, c.1, current))
                            outcome.refused.append(RefusedFix(rule: c.0.rule, entry: c.0.entry, title: c.1.title, reason: .changesEntryCount))
                        }
                    }
                    taken = kept
                    next = apply(taken.flatMap { $0.1.edits }, to: current)
                }
            }
            if taken.isEmpty { continue }
            outcome.applied += taken.count
            for (d, _) in taken { outcome.appliedByRule[d.rule, default: 0] += 1 }
            outcome.rounds = round
            refusals = Set(moved(Array(refusals), by: taken.flatMap { $0.1.edits }))
            changedSinceRefusals = true
            current = next
            doc = try parse(SourceText(path: source.path, bytes: current))
            diags = lint(doc)
        }
        outcome.fixed = current
        outcome.document = doc
        outcome.remaining = diags
        var seen = Set<String>()   // a fix judged again and refused again is reported once
        outcome.refused = outcome.refused.filter { seen.insert("\($0.rule)|\($0.entry ?? 0)|\($0.title)|\($0.reason)").inserted }
        return outcome
    }
}
