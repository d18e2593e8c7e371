import Foundation

/// Titles that lost their colon ('PositionOCR Augmenting Positional Awareness ...').
///
/// First at digest level: real titles carry a colon often (the corpus rate, from the lexicon file), so a
/// digest whose titles carry far fewer than that rate predicts (binomial tail below `max-p`) has lost
/// them. Only then, per title, every gap after the first `max-head` words is scored from evidence:
/// - the learned lexicon: how often the word after the gap starts a subtitle versus continues a
///   title, and how often the word before it ends a head versus runs on;
/// - a coined name as the whole head ('PositionOCR', 'Flash-VAED': inner capitals, digits, all caps);
/// - the abstract introducing the head as a name ('we propose Thinking by Subtraction, a ...').
/// The best gap above `min-confidence` is reported with an unsafe fix inserting ':'.
struct TitleColon: DocumentCheck {
    let meta: RuleMeta
    let corpusRate: Double
    let maxP: Double
    let minTitles: Int
    let maxHead: Int
    let minConfidence: Double
    let prior: Double
    let startLex: [String: (Int, Int)]
    let endLex: [String: (Int, Int)]

    init(meta: RuleMeta, settings: Settings) throws {
        try settings.rejectUnknown(["lexicon", "max-p", "min-titles", "max-head", "min-confidence", "gap-prior"])
        self.meta = meta
        guard let path = try settings.path("lexicon") else { throw settings.fail("lexicon", "missing required key") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: settings.file, mark: settings.mark("lexicon"), key: "lexicon", message: "cannot read '\(path)'")
        }
        var s: [String: (Int, Int)] = [:], e: [String: (Int, Int)] = [:]
        var rate = 0.6
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let p = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard p.count == 4, let a = Int(p[2]), let b = Int(p[3]) else {
                throw ConfigError(file: path, line: n + 1, column: 1, message: "expected 'kind<TAB>word<TAB>count<TAB>count'")
            }
            switch p[0] {
            case "rate": rate = b > 0 ? Double(a) / Double(b) : rate
            case "start": s[String(p[1])] = (a, b)
            case "end": e[String(p[1])] = (a, b)
            default: throw ConfigError(file: path, line: n + 1, column: 1, message: "unknown kind '\(p[0])'")
            }
        }
        corpusRate = rate
        startLex = s; endLex = e
        maxP = try settings.double("max-p", default: 0.001)
        minTitles = try settings.int("min-titles", default: 8)
        maxHead = try settings.int("max-head", default: 6)
        minConfidence = try settings.double("min-confidence", default: 0.5)
        prior = try settings.double("gap-prior", default: 0.08)
    }

    /// P(X <= k) for X ~ Binomial(n, p).
    static func binomialCDF(_ k: Int, _ n: Int, _ p: Double) -> Double {
        var sum = 0.0
        for i in 0...max(0, k) where i <= n {
            let lc = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
            sum += exp(lc + Double(i) * log(p) + Double(n - i) * log(1 - p))
        }
        return min(1, sum)
    }

    static let breaks: Set<UInt8> = [UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "!")]

    func check(_ ctx: CheckContext) -> [Diagnostic] {
        let titles = ctx.document.entries.compactMap { e in e.field(.title).map { (e, $0) } }
        guard titles.count >= minTitles else { return [] }
        let withColon = titles.filter { $0.1.text.contains(UInt8(ascii: ":")) }.count
        let p = TitleColon.binomialCDF(withColon, titles.count, corpusRate)
        guard p < maxP else { return [] }
        var out: [Diagnostic] = []
        for (e, t) in titles {
            if t.text.contains(where: { TitleColon.breaks.contains($0) }) { continue }
            if let d = judge(e, t, ctx) { out.append(d) }
        }
        return out
    }

    static func isCoined(_ w: [UInt8]) -> Bool {
        var uppers = 0, lowers = 0, digits = 0, innerUpper = false, letters = 0
        var i = 0, pos = 0
        while i < w.count {
            let (cp, len) = Words.scalar(w, i)
            if Words.isUpper(cp) { uppers += 1; letters += 1; if pos > 0 && lowers > 0 { innerUpper = true } }
            else if Words.isLower(cp) { lowers += 1; letters += 1 }
            else if cp >= 0x30 && cp <= 0x39 { digits += 1 }
            i += len; pos += 1
        }
        guard letters >= 2 else { return false }
        if innerUpper { return true }                       // PositionOCR, SeedFlood, Flash-VAED
        if uppers >= 2 && lowers == 0 { return true }       // SWAN, VAED
        if digits > 0 && uppers > 0 { return true }         // GPT4o, R1-Zero
        return false
    }

    func lexScore(_ lex: [String: (Int, Int)], _ w: String) -> Double {
        guard let (a, b) = lex[w] else { return 0 }
        // log of the smoothed ratio relative to the corpus-wide ratio of breaks to runs
        let r = (Double(a) + 0.5) / (Double(b) + 0.5 * 12)
        return log(r / prior)
    }

    static let headStops: Set<String> = ["of", "for", "and", "the", "a", "an", "in", "with", "to", "via", "on", "by", "from", "or", "at", "as", "into", "through", "towards", "toward", "vs", "versus", "is", "are", "using"]

    func judge(_ e: Entry, _ t: FieldText, _ ctx: CheckContext) -> Diagnostic? {
        let words = t.text.split(separator: 0x20, omittingEmptySubsequences: true).map { Array($0) }
        guard words.count >= 3 else { return nil }
        // byte offset where each word starts
        var starts: [Int] = []
        var i = 0
        while i < t.text.count {
            if t.text[i] != 0x20 && (i == 0 || t.text[i - 1] == 0x20) { starts.append(i) }
            i += 1
        }
        let abstract = e.field(.abstract)?.text ?? []
        let logPrior = log(prior / (1 - prior))
        var best: (gap: Int, logit: Double)?
        for k in 1...min(maxHead, words.count - 2) {
            let last = String(decoding: words[k - 1], as: UTF8.self)
            let next = String(decoding: words[k], as: UTF8.self)
            guard let c = next.unicodeScalars.first, Words.isUpper(c.value) || c.value >= 0x30 && c.value <= 0x39 else { continue }
            if TitleColon.headStops.contains(last.lowercased()) { continue }
            if last.hasSuffix(",") || last.hasSuffix("-") { continue }
            var logit = logPrior + lexScore(startLex, next) + 0.7 * lexScore(endLex, last)
            if k == 1 && TitleColon.isCoined(words[0]) { logit += 3.5 }
            else if k <= 2 && words[0..<k].allSatisfy(TitleColon.isCoined) { logit += 2 }
            let head = Array(t.text[0..<(starts[k - 1] + words[k - 1].count)])
            if introduces(abstract, head) { logit += 3 }
            if best == nil || logit > best!.logit { best = (k, logit) }
        }
        guard let b = best else { return nil }
        let conf = 1 / (1 + exp(-b.logit))
        guard conf >= minConfidence else { return nil }
        let at = starts[b.gap - 1] + words[b.gap - 1].count
        let head = t.string(ByteRange(0, at))
        let c2 = (conf * 100).rounded() / 100
        let fix = Fix(title: "insert ':' after '\(head)'", applicability: .unsafe, confidence: c2,
                      edits: [ctx.edit(t, ByteRange(at, at), ":")])
        return ctx.diagnostic(meta, "title seems to have lost its colon after '\(head)' (this digest's titles carry almost none)",
                              entry: e, field: t, local: ByteRange(0, t.text.count), fixes: [fix])
    }

    /// The abstract names the head as a thing it introduces: the head followed by ',', ' (' or ' is',
    /// or preceded by a verb of introduction.
    func introduces(_ abstract: [UInt8], _ head: [UInt8]) -> Bool {
        guard head.count >= 3, abstract.count > head.count else { return false }
        var from = 0
        while let r = find(abstract, head, from: from) {
            from = r + 1
            let end = r + head.count
            let beforeOK = r == 0 || !Words.isWordChar(UInt32(abstract[r - 1]))
            guard beforeOK, end <= abstract.count else { continue }
            if end == abstract.count { continue }
            let after = abstract[end]
            if after == UInt8(ascii: ",") || (after == 0x20 && end + 1 < abstract.count && (abstract[end + 1] == UInt8(ascii: "(") || abstract[end + 1] == UInt8(ascii: "-"))) { return true }
            if after == 0x20 {
                let rest = String(decoding: abstract[(end + 1)..<min(abstract.count, end + 12)], as: UTF8.self)
                if rest.hasPrefix("is a") || rest.hasPrefix("is an") { return true }
            }
            let pre = String(decoding: abstract[max(0, r - 24)..<r], as: UTF8.self).lowercased()
            for v in ["propose ", "introduce ", "present ", "called ", "dubbed ", "named ", "termed "] where pre.hasSuffix(v) { return true }
        }
        return false
    }

    private func find(_ hay: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, hay.count >= needle.count else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
