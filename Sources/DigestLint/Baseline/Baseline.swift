import Foundation

/// Stable identities of findings, independent of where they sit in the file.
///
/// A finding is keyed by its entry (the arXiv id without version, else a hash of the normalised
/// title), its rule, and a hash of the normalised flagged text. Reordering entries, shifting lines
/// or rewording messages keeps the key.
public enum Fingerprint {
    /// 64-bit FNV-1a: stable across runs and platforms (unlike Swift's seeded Hasher).
    public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h ^= UInt64(b); h = h &* 0x0000_0100_0000_01B3 }
        return h
    }

    public static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// NFC, lower case, runs of white space as one space, trimmed.
    public static func normalise(_ s: String) -> String {
        let lowered = s.precomposedStringWithCanonicalMapping.lowercased()
        var out = ""
        var space = false
        for c in lowered.unicodeScalars {
            if c.properties.isWhitespace { space = !out.isEmpty; continue }
            if space { out += " "; space = false }
            out.unicodeScalars.append(c)
        }
        return out
    }

    public static func entryKey(_ doc: Document, _ index: Int?) -> String {
        guard let i = index, i >= 1, i <= doc.entries.count else { return "file" }
        let e = doc.entries[i - 1]
        if let id = e.arxivID { return "arxiv:" + id.base }
        if let t = e.title { return "title:" + hex(fnv1a(normalise(t).utf8)) }
        return "entry:" + hex(fnv1a(normalise(doc.source.text(e.range)).utf8))
    }

    public static func key(_ d: Diagnostic, in doc: Document) -> BaselineKey {
        let r = ByteRange(max(0, min(d.range.start, doc.source.bytes.count)), max(0, min(d.range.end, doc.source.bytes.count)))
        let text = normalise(doc.source.text(ByteRange(r.start, max(r.start, r.end))))
        return BaselineKey(entry: entryKey(doc, d.entry), rule: d.rule, text: hex(fnv1a(text.utf8)))
    }

    /// One opaque string per finding (SARIF's partialFingerprints).
    public static func string(_ d: Diagnostic, in doc: Document) -> String {
        let k = key(d, in: doc)
        return hex(fnv1a((k.entry + "\u{0}" + k.rule + "\u{0}" + k.text).utf8))
    }
}

public struct BaselineKey: Hashable, Sendable, Comparable {
    public var entry: String
    public var rule: String
    public var text: String
    public static func < (a: BaselineKey, b: BaselineKey) -> Bool { (a.entry, a.rule, a.text) < (b.entry, b.rule, b.text) }
}

/// Findings accepted as they are: a run with `--baseline FILE` reports only findings not in it.
/// Keys are counted, so a second identical finding in the same entry is still new.
public struct Baseline: Sendable, Equatable {
    public var counts: [BaselineKey: Int]

    public init(counts: [BaselineKey: Int] = [:]) { self.counts = counts }

    public init(_ reports: [FileReport]) {
        var c: [BaselineKey: Int] = [:]
        for r in reports { for d in r.diagnostics { c[Fingerprint.key(d, in: r.document), default: 0] += 1 } }
        counts = c
    }

    public var total: Int { counts.values.reduce(0, +) }

    /// The findings not covered by the baseline, in their order; the count suppressed.
    public func filter(_ diagnostics: [Diagnostic], in doc: Document) -> (kept: [Diagnostic], suppressed: Int) {
        var left = counts
        var kept: [Diagnostic] = []
        var suppressed = 0
        for d in diagnostics {
            let k = Fingerprint.key(d, in: doc)
            if let n = left[k], n > 0 { left[k] = n - 1; suppressed += 1 } else { kept.append(d) }
        }
        return (kept, suppressed)
    }

    /// `{"version": 1, "tool": ..., "findings": [{"entry", "rule", "text", "count"}]}`, sorted.
    public func render() -> String {
        var w = JSONWriter()
        w.beginObject()
        w.int("version", 1)
        w.string("tool", "\(ToolInfo.name) \(ToolInfo.version)")
        w.beginArray("findings")
        for k in counts.keys.sorted() {
            w.beginObject(); w.string("entry", k.entry); w.string("rule", k.rule); w.string("text", k.text); w.int("count", counts[k]!); w.endObject()
        }
        w.endArray()
        w.endObject()
        // One finding per line keeps baselines reviewable in diffs.
        return w.out.replacingOccurrences(of: "},{\"entry\"", with: "},\n  {\"entry\"")
            .replacingOccurrences(of: "[{\"entry\"", with: "[\n  {\"entry\"") + "\n"
    }

    public static func parse(_ bytes: [UInt8], file: String) throws -> Baseline {
        let obj: Any
        do { obj = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw ConfigError(file: file, message: "not a baseline file (invalid JSON)")
        }
        guard let root = obj as? [String: Any], let version = root["version"] as? Int else {
            throw ConfigError(file: file, message: "not a baseline file (expected an object with 'version' and 'findings')")
        }
        guard version == 1 else { throw ConfigError(file: file, key: "version", message: "unsupported baseline version \(version)") }
        guard let items = root["findings"] as? [[String: Any]] else {
            throw ConfigError(file: file, key: "findings", message: "expected a list of objects")
        }
        var c: [BaselineKey: Int] = [:]
        for (i, item) in items.enumerated() {
            guard let e = item["entry"] as? String, let r = item["rule"] as? String, let t = item["text"] as? String else {
                throw ConfigError(file: file, key: "findings[\(i)]", message: "needs string 'entry', 'rule' and 'text'")
            }
            let n = (item["count"] as? Int) ?? 1
            c[BaselineKey(entry: e, rule: r, text: t), default: 0] += max(1, n)
        }
        return Baseline(counts: c)
    }
}
