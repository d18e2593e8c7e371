import Foundation

/// Titles that lost their colon ('PositionOCR Augmenting Positional Awareness ...').
///
/// First at digest level: real titles carry a colon often (the corpus rate, from the lexicon file), so a
/// digest whose titles carry far fewer than that rate predicts (binomial tail below `max-p`) has lost
/// them. Only then, per title, every gap after the first `max-head` words is scored from evidence:
/// - the learned lexicon: how often the word after the gap starts a subtitle versus continues a
///   title, and how often the word before it ends a head versus runs on;
/// - a coined name as the whole head ('PositionOCR', 'Flash-VAED': inner capitals, digits, all caps);
/// - the abstract introducing the head as a name ('we propose Thinking by Subtraction, a ...'), or
///   at least mentioning it as a phrase;
/// - known subtitle openings, the two words after the gap ('A Survey', 'How Far').
/// In a title that already splits at a spaced dash ('RPU -- A Reasoning ...') only the part before the
/// dash is searched.
/// The best gap above `min-confidence` is reported with an unsafe fix inserting ':'; a title whose loss is
/// less likely than `note-below` is reported one severity lower.
struct TitleColon: DocumentCheck {
    let meta: RuleMeta
    let maxP: Double
    let minTitles: Int
    let minConfidence: Double
    /// A title whose colon loss is less likely than this is reported one severity lower (0: never).
    let noteBelow: Double
    /// Likelihood ratios of three head/subtitle shapes the lexicon's word counts miss (settings).
    let gerundAfterName: Double, articleAfterName: Double, fromToHead: Double
    /// Likelihood ratios of the abstract's word pairs: the pair across the gap ('memory lane') read in the
    /// abstract says the title runs on there; the subtitle's first pair read there (and not the crossing
    /// one) says a new phrase starts.
    let crossPresent: Double, crossAbsent: Double, subtitlePresent: Double, subtitleAbsent: Double
    /// Lower-case function words: a gap right after one cannot end a name ('for', 'of', 'via').
    let functionWords: Set<String>
    /// kind -> key -> (count at a colon gap, count at a gap without colon)
    var lex: [String: [String: (Double, Double)]] { lexData.value.lex }
    var totalBreak: Double { lexData.value.totalBreak }
    var totalRun: Double { lexData.value.totalRun }
    var corpusRate: Double { lexData.value.corpusRate }
    /// The lexicon file, read when the rule is enabled.
    let lexData: LazyData<TitleColonLexicon>
    var data: [any Preloadable] { [lexData] }

    init(meta: RuleMeta, settings: Settings) throws {
        try settings.rejectUnknown(["lexicon", "max-p", "min-titles", "min-confidence", "note-below", "gerund-after-name",
                                    "article-after-name", "from-to-head", "function-words", "cross-pair-in-abstract",
                                    "cross-pair-not-in-abstract", "subtitle-pair-in-abstract", "subtitle-pair-not-in-abstract"])
        self.meta = meta
        guard let path = try settings.existingPath("lexicon") else { throw settings.fail("lexicon", "missing required key") }
        let (file, mark) = (settings.file, settings.mark("lexicon"))
        lexData = LazyData.shared(key: "title-colon:" + path) { try TitleColonLexicon(path: path, file: file, mark: mark) }
        maxP = try settings.double("max-p", default: 0.001)
        minTitles = try settings.int("min-titles", default: 8)
        minConfidence = try settings.double("min-confidence", default: 0.5)
        noteBelow = try settings.double("note-below", default: 0)
        gerundAfterName = try settings.double("gerund-after-name", default: 1)
        articleAfterName = try settings.double("article-after-name", default: 1)
        fromToHead = try settings.double("from-to-head", default: 1)
        crossPresent = try settings.double("cross-pair-in-abstract", default: 1)
        crossAbsent = try settings.double("cross-pair-not-in-abstract", default: 1)
        subtitlePresent = try settings.double("subtitle-pair-in-abstract", default: 1)
        subtitleAbsent = try settings.double("subtitle-pair-not-in-abstract", default: 1)
        functionWords = Set(try settings.stringList("function-words") ?? [])
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

    /// A coined name: some hyphen-separated segment has an inner capital after a lower-case letter
    /// ('PositionOCR'), is all capitals ('VAED'), or mixes capitals and digits ('GPT4').
    static func isCoined(_ w: [UInt8]) -> Bool {
        for seg in w.split(separator: UInt8(ascii: "-")) {
            let seg = Array(seg)
            var uppers = 0, lowers = 0, digits = 0, inner = false, prevLower = false
            var i = 0
            while i < seg.count {
                let (cp, len) = Words.scalar(seg, i)
                if Words.isUpper(cp) { uppers += 1; if prevLower { inner = true }; prevLower = false }
                else if Words.isLower(cp) { lowers += 1; prevLower = true }
                else { if cp >= 0x30 && cp <= 0x39 { digits += 1 }; prevLower = false }
                i += len
            }
            if uppers + lowers == 0 { continue }
            if inner || (uppers >= 2 && lowers == 0) || (digits > 0 && uppers > 0) { return true }
        }
        return false
    }

    static func wordClass(_ w: [UInt8]) -> String {
        let s = String(decoding: w, as: UTF8.self)
        if s == "A" || s == "An" || s == "The" { return "article" }
        if isCoined(w) { return "coined" }
        guard let c = s.unicodeScalars.first else { return "lower" }
        if Words.isUpper(c.value) { return s.hasSuffix("ing") ? "gerund" : "cap" }
        if c.value >= 0x30 && c.value <= 0x39 { return "digit" }
        return "lower"
    }

    /// Likelihood ratio P(x | colon gap) / P(x | plain gap) from counts (add-one smoothing).
    func ratio(_ c: (Double, Double), _ n1: Double, _ n0: Double) -> Double {
        ((c.0 + 1) / (n1 + 2)) / ((c.1 + 1) / (n0 + 2))
    }

    func wordRatio(_ kind: String, _ w: [UInt8]) -> Double {
        let s = String(decoding: w, as: UTF8.self)
        if let c = lex[kind]?[s], c.0 + c.1 >= 5 { return ratio(c, totalBreak, totalRun) }
        if let c = lex[kind + "class"]?[TitleColon.wordClass(w)] { return ratio(c, totalBreak, totalRun) }
        return 1
    }

    func featRatio(_ name: String, _ present: Bool, _ n1: Double, _ n0: Double) -> Double {
        guard let c = lex["feat"]?[name] else { return 1 }
        return present ? ratio(c, n1, n0) : ratio((n1 - c.0, n0 - c.1), n1, n0)
    }

    func judge(_ e: Entry, _ t: FieldText, _ ctx: CheckContext) -> Diagnostic? {
        var starts: [Int] = [], ends: [Int] = []
        var i = 0
        while i < t.text.count {
            if t.text[i] != 0x20 && (i == 0 || t.text[i - 1] == 0x20) { starts.append(i) }
            if t.text[i] != 0x20 && (i + 1 == t.text.count || t.text[i + 1] == 0x20) { ends.append(i + 1) }
            i += 1
        }
        var words = zip(starts, ends).map { Array(t.text[$0..<$1]) }
        if let dash = TitleColon.dashSeparator(t.text) {       // only the part before the dash
            words = words.indices.filter { ends[$0] <= dash }.map { words[$0] }
        }
        guard words.count >= 3 else { return nil }
        let abstract = e.field(.abstract)?.text ?? []
        let flat = TitleColon.flatten(abstract)
        let norms = words.map { Array(TitleColon.normWord(String(decoding: $0, as: UTF8.self)).utf8) }
        func inAbstract(_ a: [UInt8], _ b: [UInt8]) -> Bool {
            !a.isEmpty && !b.isEmpty && find(flat, [0x20] + a + [0x20] + b + [0x20], from: 0) != nil
        }
        let gaps = lex["gap"]!
        let first = lex["total"]?["first"] ?? (1, 1)
        var sum = 0.0
        var best: (gap: Int, w: Double)?
        var piTotal = 0.0
        for k in 1..<words.count { piTotal += gaps[String(min(k, 12))]?.0 ?? 0 }
        guard piTotal > 0 else { return nil }
        for k in 1..<words.count {
            let pi = (gaps[String(min(k, 12))]?.0 ?? 0) / piTotal
            if pi == 0 { continue }
            let last = words[k - 1]
            if last.last == UInt8(ascii: ",") || last.last == UInt8(ascii: "-") { continue }
            var lr = wordRatio("start", words[k])
            if k + 1 < words.count, let c = lex["start2"]?[String(decoding: words[k] + [0x20] + words[k + 1], as: UTF8.self)], c.0 + c.1 >= 5 {
                lr = ratio(c, totalBreak, totalRun)          // a known subtitle opening: 'A Survey', 'How Far'
            }
            if k == 1 {
                lr *= featRatio("coined", TitleColon.isCoined(last), first.0, first.1)
            } else {
                lr *= wordRatio("end", last)
            }
            let head = Array(t.text[0..<ends[k - 1]])
            let use = introduces(abstract, head) ? "intro" : (mentions(abstract, head) ? "mention" : "none")
            if let c = lex["use"]?[use] { lr *= ratio(c, totalBreak, totalRun) }
            lr *= shapeRatio(words, k)
            for (name, on) in shapeFeatures(words, k, head, abstract) { lr *= featRatio(name, on, totalBreak, totalRun) }
            let cross = inAbstract(norms[k - 1], norms[k])
            lr *= cross ? crossPresent : crossAbsent
            let sub = k + 1 < words.count && inAbstract(norms[k], norms[k + 1])
            lr *= sub && !cross ? subtitlePresent : subtitleAbsent
            sum += pi * lr
            if best == nil || pi * lr > best!.w { best = (k, pi * lr) }
        }
        guard let b = best else { return nil }
        let odds = corpusRate / (1 - corpusRate) * sum
        let posterior = odds / (1 + odds)
        guard posterior >= minConfidence else { return nil }
        let conf = posterior * b.w / sum
        let at = ends[b.gap - 1]
        let head = t.string(ByteRange(0, at))
        let fix = Fix(title: "insert ':' after '\(head)'", applicability: .unsafe, confidence: (conf * 100).rounded() / 100,
                      edits: [ctx.edit(t, ByteRange(at, at), ":")])
        let p = Int((posterior * 100).rounded())
        return ctx.diagnostic(meta, "title seems to have lost its colon (\(p)% likely; most likely after '\(head)'); this digest's titles carry far fewer colons than real titles do",
                              entry: e, field: t, local: ByteRange(0, t.text.count), fixes: [fix],
                              severity: Double(p) / 100 < noteBelow ? meta.severity.lowered : nil)
    }

    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The abstract's UTF-8 in lower case, every run of characters other than letters, digits, '_' and
    /// '-' one space, with a space at both ends. ASCII text (most abstracts) is done byte by byte, which
    /// gives what the character-by-character path gives for it.
    static func flatten(_ b: [UInt8]) -> [UInt8] {
        guard b.allSatisfy({ $0 < 0x80 }) else { return Array(flatten(String(decoding: b, as: UTF8.self)).utf8) }
        var out: [UInt8] = [0x20]
        out.reserveCapacity(b.count + 2)
        var space = true
        for var c in b {
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D {
                out.append(c); space = false
            } else if !space { out.append(0x20); space = true }
        }
        if !space { out.append(0x20) }
        return out
    }

    static func flatten(_ s: String) -> String {
        var out = " "
        var space = true
        for c in s.lowercased() {
            if isWordChar(c) || c == "-" { out.append(c); space = false } else if !space { out.append(" "); space = true }
        }
        if !space { out.append(" ") }
        return out
    }

    /// A title word as the abstract's flattened text spells it: lower case, only letters, digits, '_', '-'.
    static func normWord(_ w: String) -> String { String(w.lowercased().filter { isWordChar($0) || $0 == "-" }) }

    /// Shapes of a head and the subtitle after it at gap `k`: after a capitalised content word, a gerund
    /// ('Memory Lane Scaling Tokens') or a lower-case article ('NLP a Systematic Analysis') opens a new
    /// phrase; a head 'From X to Y' (Y at most three words) is complete before a capitalised word.
    func shapeRatio(_ words: [[UInt8]], _ k: Int) -> Double {
        let last = String(decoding: words[k - 1], as: UTF8.self), next = String(decoding: words[k], as: UTF8.self)
        let nameLike = last.unicodeScalars.first.map { Words.isUpper($0.value) } ?? false
            && !functionWords.contains(last.lowercased())
        var r = 1.0
        if nameLike && k > 1 && TitleColon.wordClass(words[k]) == "gerund" { r *= gerundAfterName }
        if nameLike && (next == "a" || next == "an" || next == "the") { r *= articleAfterName }
        if k >= 4, String(decoding: words[0], as: UTF8.self) == "From",
           let to = words[2..<(k - 1)].lastIndex(of: Array("to".utf8)), k - to - 1 <= 3,
           next.unicodeScalars.first.map({ Words.isUpper($0.value) }) ?? false {
            r *= fromToHead
        }
        return r
    }

    /// Head and subtitle shapes at gap `k`, learned from corpus titles (the lexicon's feat rows; mirrors
    /// build_colon_lexicon.py shape_feats): the abstract writes the head with its colon ('Name: Edition');
    /// the subtitle opens a list ('X, Y, and Z ...', first item of one or two words) after a capitalised
    /// content word, with no comma in the head; the head holds a
    /// comma ('Cut Less, Fold More'), in two halves of as many words (comma-halves); the head is 'W to W' ('Learning to Rank').
    func shapeFeatures(_ words: [[UInt8]], _ k: Int, _ head: [UInt8], _ abstract: [UInt8]) -> [(String, Bool)] {
        let comma = UInt8(ascii: ",")
        var colon = false
        var from = 0
        let needle = head + [UInt8(ascii: ":")]
        while let r = find(abstract, needle, from: from) {
            from = r + 1
            if r == 0 || !(Words.isWordChar(UInt32(abstract[r - 1])) || abstract[r - 1] == UInt8(ascii: "-")) { colon = true; break }
        }
        var list = false
        for j in [k, k + 1] where j < words.count - 1 && words[j].last == comma && (j == k || words[k].last != comma) {
            list = words[(j + 1)...].contains { $0 == Array("and".utf8) || $0 == Array("or".utf8) }
            break
        }
        let prev = String(decoding: words[k - 1], as: UTF8.self)
        list = list && Words.isUpper(UInt32(words[k - 1][0])) && !functionWords.contains(prev.lowercased())
            && !words[0..<k].contains { $0.last == comma }
        let headComma = k <= 6 && words[0..<(k - 1)].contains { $0.last == comma }
        let commas = (0..<max(0, k - 1)).filter { words[$0].last == comma }
        let halves = commas.count == 1 && k == 2 * (commas[0] + 1) && k <= 8
        let toHead = k == 3 && words[1] == Array("to".utf8) && Words.isUpper(UInt32(words[0][0]))
        return [("abstract-colon", colon), ("list-after", list), ("head-comma", headComma), ("comma-halves", halves), ("to-head", toHead)]
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
            // after a verb of introduction the name must end with the head: 'we introduce Turbo Connection'
            // introduces 'Turbo Connection', not 'Turbo'
            if after == 0x20, end + 1 < abstract.count, abstract[end + 1] < 0x80,
               Words.isUpper(UInt32(abstract[end + 1])) || (abstract[end + 1] >= 0x30 && abstract[end + 1] <= 0x39) { continue }
            for v in ["propose ", "introduce ", "present ", "called ", "dubbed ", "named ", "termed "] where pre.hasSuffix(v) { return true }
        }
        return false
    }

    /// The head appears in the abstract as a whole phrase (not inside a longer word or hyphenated name).
    func mentions(_ abstract: [UInt8], _ head: [UInt8]) -> Bool {
        guard head.count >= 4 else { return false }
        var from = 0
        while let r = find(abstract, head, from: from) {
            from = r + 1
            let end = r + head.count
            let joins = { (b: UInt8) in Words.isWordChar(UInt32(b)) || b == UInt8(ascii: "-") }
            if (r == 0 || !joins(abstract[r - 1])) && (end == abstract.count || !joins(abstract[end])) { return true }
        }
        return false
    }

    /// Where a title splits at a spaced dash ('RPU -- A Reasoning ...'), the byte offset of that dash:
    /// a lost colon can only stand before it.
    static func dashSeparator(_ t: [UInt8]) -> Int? {
        [" -- ", " --- ", " - ", " — ", " – "].compactMap { find(t, Array($0.utf8), from: 0) }.min()
    }

    private func find(_ hay: [UInt8], _ needle: [UInt8], from: Int) -> Int? { TitleColon.find(hay, needle, from: from) }

    private static func find(_ hay: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
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

/// rules/data/title-colon.tsv: per kind and key, counts at a colon gap and at a gap without one.
struct TitleColonLexicon: Sendable {
    let corpusRate: Double
    let lex: [String: [String: (Double, Double)]]
    let totalBreak: Double, totalRun: Double

    init(path: String, file: String, mark: YAMLMark) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: file, mark: mark, key: "lexicon", message: "cannot read '\(path)'")
        }
        var l: [String: [String: (Double, Double)]] = [:]
        var rate = 0.6
        var kind = "", table: [String: (Double, Double)] = [:]
        func flush() { if !kind.isEmpty { l[kind] = table }; table = [:] }
        // Rows split on bytes: the same rows and fields as splitting the decoded text on "\n" (empty
        // lines dropped) and "\t"; strings are made only for the kind and the key.
        let bytes = [UInt8](data)
        var n = -1, lineStart = 0
        var fields: [Range<Int>] = []
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            n += 1                                          // n + 1: the line's number in the file
            if lineEnd == lineStart { continue }
            if bytes[lineStart] == UInt8(ascii: "#") { continue }
            fields.removeAll(keepingCapacity: true)
            var f = lineStart
            for i in lineStart...lineEnd where i == lineEnd || bytes[i] == 0x09 { fields.append(f..<i); f = i + 1 }
            func str(_ k: Int) -> String { String(decoding: bytes[fields[k]], as: UTF8.self) }
            guard fields.count == 4, let a = NumberLexicon.count(bytes, fields[2]), let b = NumberLexicon.count(bytes, fields[3]) else {
                throw ConfigError(file: path, line: n + 1, column: 1, message: "expected 'kind<TAB>key<TAB>count<TAB>count'")
            }
            let k = str(0)
            if k == "rate" { rate = b > 0 ? a / b : rate; continue }
            // rows of one kind are contiguous: fill a local table and store it when the kind changes
            if k != kind { flush(); kind = k; table = l[kind] ?? [:] }
            table[str(1)] = (a, b)
        }
        flush()
        guard let g = l["total"]?["gaps"], g.0 > 0, g.1 > 0, l["gap"] != nil else {
            throw ConfigError(file: path, line: 1, column: 1, message: "lexicon lacks its 'total gaps' and 'gap' rows")
        }
        corpusRate = rate
        lex = l
        totalBreak = g.0; totalRun = g.1
    }
}
