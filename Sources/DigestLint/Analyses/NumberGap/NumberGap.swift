import Foundation

/// Statistics of where numbers stand in real abstracts (rules/data/number-gap.tsv, built by
/// eval/build_number_lexicon.py): the token pattern, how often a word is followed by a number, how
/// often a word or punctuation mark follows one, which adjacent pairs occur, and which words follow
/// 'N×' rather than a bare 'N'.
final class NumberLexicon: @unchecked Sendable {
    let token: Regex
    var left: [String: (Double, Double)] = [:], left2: [String: (Double, Double)] = [:]
    var right: [String: (Double, Double)] = [:], mult: [String: (Double, Double)] = [:]
    /// word -> how often it stands right before 'N×' and before a bare 'N' ('a 6× speedup', 'of 6 layers')
    var mleft: [String: (Double, Double)] = [:]
    var pairs: [String: Double] = [:], spaced: [String: Double] = [:]
    /// word -> how often 'NUM word NUM' occurs ('3 to 5', '12% and 15%')
    var between: [String: Double] = [:]
    var total: [String: Double] = [:]
    /// 'L R' -> how often 'L NUM R' occurs (left words that often precede a number)
    var skip: [String: Double] = [:]
    /// sentence context: name -> (at a number, number total, at a plain pair, pair total)
    var feats: [String: (Double, Double, Double, Double)] = [:]
    /// left words whose adjacent pairs the lexicon lists (seen 5+ times, 1%+ before a number)
    var strong: Set<String> = []
    let base: Double, words: Double, spacedPunct: Double

    init(path: String, file: String, mark: YAMLMark) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: file, mark: mark, key: "lexicon", message: "cannot read '\(path)'")
        }
        var pattern: String?
        // Rows split on bytes (the same rows and fields as splitting the decoded text on "\n" and
        // "\t"); Strings are made only for the fields kept.
        let bytes = [UInt8](data)
        pairs.reserveCapacity(bytes.count / 32)     // most rows are pairs (a sizing hint only)
        var n = -1
        var lineStart = 0
        var fields: [Range<Int>] = []
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            n += 1                                          // n + 1: the line's number in the file
            if lineEnd == lineStart { continue }
            if bytes[lineStart] == UInt8(ascii: "#") { continue }
            // Fields as byte ranges; a String is made only for the key, counts are read from the bytes.
            fields.removeAll(keepingCapacity: true)
            var f = lineStart
            for i in lineStart...lineEnd where i == lineEnd || bytes[i] == 0x09 { fields.append(f..<i); f = i + 1 }
            func str(_ k: Int) -> String { String(decoding: bytes[fields[k]], as: UTF8.self) }
            func num(_ k: Int) -> Double? { NumberLexicon.count(bytes, fields[k]) }
            let kind = str(0)
            func bad() -> ConfigError { ConfigError(file: path, line: n + 1, column: 1, message: "unexpected row '\(kind)' or wrong number of columns") }
            switch (kind, fields.count) {
            case ("pair", 3): pairs[str(1)] = num(2) ?? 0
            case ("skip", 3): skip[str(1)] = num(2) ?? 0
            case ("pattern", 2): pattern = str(1)
            case ("total", 3): total[str(1)] = num(2) ?? 0
            case ("spaced", 3): spaced[str(1)] = num(2) ?? 0
            case ("between", 3): between[str(1)] = num(2) ?? 0
            case ("feat", 6):
                guard let a = num(2), let b = num(3), let c = num(4), let d = num(5), b > 0, d > 0 else { throw bad() }
                feats[str(1)] = (a, b, c, d)
            case ("left", 4), ("left2", 4), ("right", 4), ("mult", 4), ("mleft", 4):
                guard let a = num(2), let b = num(3) else { throw bad() }
                switch kind {
                case "left": left[str(1)] = (a, b)
                case "left2": left2[str(1)] = (a, b)
                case "right": right[str(1)] = (a, b)
                case "mleft": mleft[str(1)] = (a, b)
                default: mult[str(1)] = (a, b)
                }
            default: throw bad()
            }
        }
        guard let pattern, let num = total["num"], let w = total["word"], let pu = total["punct"], num > 0 else {
            throw ConfigError(file: path, line: 1, column: 1, message: "lexicon lacks its 'pattern' or 'total' rows")
        }
        do { token = try Regex(pattern) } catch {
            throw ConfigError(file: path, line: 2, column: 1, message: "bad token pattern: \(error)")
        }
        words = w + pu
        base = num / (num + words)
        spacedPunct = pu / ((total["spaced-punct"] ?? 0) + 1)
        strong = Set(left.filter { $0.value.1 >= 5 && $0.value.0 / $0.value.1 >= 0.01 }.keys)
    }

    /// A count field: plain decimal digits are read directly (exact below 2^53, as Double(String) reads
    /// them); anything else goes through Double(String).
    static func count(_ b: [UInt8], _ r: Range<Int>) -> Double? {
        if !r.isEmpty && r.count <= 15 && b[r].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var v = 0
            for c in b[r] { v = v * 10 + Int(c - 0x30) }
            return Double(v)
        }
        return Double(String(decoding: b[r], as: UTF8.self))
    }

    /// One lexicon per file for the whole process, loaded when a rule that reads it is enabled (the
    /// rules that use it share it; it is read-only).
    static func shared(path: String, file: String, mark: YAMLMark) -> LazyData<NumberLexicon> {
        LazyData.shared(key: "number-gap:" + path) { try NumberLexicon(path: path, file: file, mark: mark) }
    }

    /// Odds that a number comes next (or came before), relative to the odds for any token; counts are
    /// shrunk towards the base rate with 20 pseudo-observations so that rare words say little.
    func shrunkOdds(_ c: (Double, Double)?, prior: Double = 20) -> Double {
        let (a, n) = c ?? (0, 0)
        let p = (a + prior * base) / (n + prior)
        return (p / (1 - p)) / (base / (1 - base))
    }

    /// The mult row of a word after a number, else of its singular ('speedups'), else of it without
    /// hyphens ('speed-up', 'speed-ups': the corpus mostly writes 'speedup').
    func multCounts(_ w: String) -> (Double, Double)? {
        if let c = mult[w] ?? mult[String(w.dropLast())] { return c }
        guard w.contains("-") else { return nil }
        let joined = w.replacingOccurrences(of: "-", with: "")
        return mult[joined] ?? mult[String(joined.dropLast())]
    }

    /// Odds that a number next to a word carried '×', from the word's counts (`c`: with the sign, bare)
    /// shrunk towards the overall share (`all`) with `prior` pseudo-observations; a word seen fewer than
    /// `minCount` times says nothing (the overall odds).
    static func signOdds(_ c: (Double, Double)?, all: (Double, Double), prior: Double, minCount: Double) -> Double {
        let p0 = all.0 / max(1, all.0 + all.1)
        guard let (m, b) = c, m + b >= minCount else { return p0 / (1 - p0) }
        let p = (m + prior * p0) / (m + b + prior)
        return p / (1 - p)
    }

    /// Likelihood ratio of a sentence feature, P(feature | a number stood here) / P(feature | plain pair).
    func featRatio(_ name: String, _ present: Bool) -> Double {
        guard let (a, n, b, m) = feats[name] else { return 1 }
        let pg = (a + 0.5) / (n + 1), pw = (b + 0.5) / (m + 1)
        return present ? pg / pw : (1 - pg) / (1 - pw)
    }
}

enum GapKind: String { case words, punctuation, multiplier }

/// A number stripped from the text, found from the statistics of NumberLexicon. Three kinds:
/// - `words`: two adjacent words where the first is usually followed by a number, the second usually
///   follows one, and the pair itself is rarer than chance in real text ('achieves up to latency
///   reduction', 'improves F1 by on', 'approximately ms');
/// - `punctuation`: a space before '.', ',', ';', ':' or ')' (rare in real text) after a word, where
///   inline math was dropped ('layers of token .', 'we propose , which');
/// - `multiplier`: a bare number before a word that in real text follows 'N×' ('a 6 speedup'); the
///   fix writes '×' back (safe when that word never follows a bare number in the corpus and follows
///   'N×' at least `safe-min-count` times).
/// Score = left odds × right odds × pair surprise (× the rarity of a spaced punctuation mark); a
/// finding needs `min-score`.
struct NumberGap: EntryCheck {
    let meta: RuleMeta
    let scope: Set<FieldKind>
    let lexData: LazyData<NumberLexicon>
    var lex: NumberLexicon { lexData.value }
    var data: [any Preloadable] { [lexData] }
    let kind: GapKind
    let minScore: Double
    /// A restored '×' is safe only when the next word followed 'N×' at least this often in the corpus
    /// and never a bare number ('speedup'); rarer evidence ('4.7 fewer fractures' is real English) stays unsafe.
    let safeMinCount: Double
    /// `words` only: pseudo-observations shrinking the right word's odds (fewer trust a word seen less
    /// often: 'billion' follows a number 23 times in 25); whether 'L NUM R' versus 'L R' counts weigh in;
    /// the exponent tempering the sentence-context ratios (they overlap with each other), 0 = unused.
    let rightPrior: Double
    /// `words` only: see `prior(_:_:)`; sure-min-share 0 = off
    let sureMinShare: Double
    let sureMinCount: Double
    let surePrior: Double
    let skipRatio: Bool
    let contextWeight: Double
    /// `punctuation` only: a field with this many spaced marks after words is the author's habit, not
    /// stripped math (0 = unused).
    let habitCount: Int
    /// `words` only: a number right after the pair means nothing is missing, unless the pair's right word
    /// stands between two figures ('NUM and NUM', 'NUM to NUM') in at least this share of its uses before a
    /// figure in real text (and 5 such uses); 0 = never.
    let rangeWordMinShare: Double
    /// `multiplier` only: confidence of the '×' restored to a range's far end when the near end kept its
    /// sign ('1.14×-14.3 speedups'); 0 = such ranges are not reported.
    let rangeEndConfidence: Double
    /// `multiplier` only: a bare number two words before a word that follows 'N×' this often and never a
    /// bare number ('a 2 training speedup', '2.66 average speedup'), when the word between follows a number at
    /// most at `second-word-max-between-rate` ('3 times speedup' is whole); 0 = off. Its fix is unsafe with `second-word-confidence`.
    let secondWordMinCount: Double
    let secondWordConfidence: Double
    let secondWordMaxBetweenRate: Double
    /// `multiplier` only: when the field writes 'N×' elsewhere, a bare number before a word whose uses
    /// after a number carry the sign at least this share of the time ('4.7 for', '200 better' in an abstract
    /// with '1.8x on'); 0 = off. Its fix is unsafe with `field-mult-confidence`.
    let fieldMultMinShare: Double
    let fieldMultConfidence: Double
    /// `multiplier` only: odds that a bare number lost its '×' from the word before it, the word after it
    /// and whether the field writes 'N×' elsewhere, each learned from real text ('to 3 throughput', 'a 54
    /// improvement'; the mleft and mult rows, feat field-mult): overall odds × the two words' likelihood
    /// ratios × the field's. Word counts are shrunk towards the overall share with `sign-prior`
    /// pseudo-observations and ignored under `sign-min-count`; a finding needs `sign-min-odds` (0 = off).
    /// Its fix is unsafe, with the posterior as confidence (at most 0.9).
    let signMinOdds: Double
    let signPrior: Double
    let signMinCount: Double
    /// exponent tempering the field's ratio (the right word's counts come partly from abstracts full of 'N×')
    let signFieldWeight: Double

    init(meta: RuleMeta, settings: Settings, scope: Set<FieldKind>) throws {
        try settings.rejectUnknown(["lexicon", "gap", "min-score", "safe-min-count", "right-prior", "skip-ratio", "context-weight", "habit-count", "range-end-confidence", "second-word-min-count", "second-word-confidence", "second-word-max-between-rate", "field-mult-min-share", "field-mult-confidence", "range-word-min-share", "sign-min-odds", "sign-prior", "sign-min-count", "sign-field-weight", "sure-min-share", "sure-min-count", "sure-prior"])
        self.meta = meta
        self.scope = scope
        guard let path = try settings.path("lexicon") else { throw settings.fail("lexicon", "missing required key") }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(file: settings.file, mark: settings.mark("lexicon"), key: "lexicon", message: "cannot read '\(path)'")
        }
        lexData = NumberLexicon.shared(path: path, file: settings.file, mark: settings.mark("lexicon"))
        let g = try settings.string("gap", default: "words")
        guard let k = GapKind(rawValue: g) else { throw settings.fail("gap", "expected words, punctuation or multiplier, got '\(g)'") }
        kind = k
        minScore = try settings.double("min-score", default: 300)
        safeMinCount = try settings.double("safe-min-count", default: 20)
        rightPrior = try settings.double("right-prior", default: 20)
        sureMinShare = try settings.double("sure-min-share", default: 0)
        sureMinCount = try settings.double("sure-min-count", default: 20)
        surePrior = try settings.double("sure-prior", default: 1)
        skipRatio = try settings.bool("skip-ratio", default: false)
        contextWeight = try settings.double("context-weight", default: 0)
        habitCount = try settings.int("habit-count", default: 0)
        rangeWordMinShare = try settings.double("range-word-min-share", default: 0)
        rangeEndConfidence = try settings.double("range-end-confidence", default: 0)
        guard (0...1).contains(rangeEndConfidence) else { throw settings.fail("range-end-confidence", "expected a number in 0..1") }
        secondWordMinCount = try settings.double("second-word-min-count", default: 0)
        secondWordConfidence = try settings.double("second-word-confidence", default: 0.5)
        guard (0...1).contains(secondWordConfidence) else { throw settings.fail("second-word-confidence", "expected a number in 0..1") }
        secondWordMaxBetweenRate = try settings.double("second-word-max-between-rate", default: 0.02)
        fieldMultMinShare = try settings.double("field-mult-min-share", default: 0)
        fieldMultConfidence = try settings.double("field-mult-confidence", default: 0.6)
        guard (0...1).contains(fieldMultConfidence) else { throw settings.fail("field-mult-confidence", "expected a number in 0..1") }
        signMinOdds = try settings.double("sign-min-odds", default: 0)
        signPrior = try settings.double("sign-prior", default: 3)
        signMinCount = try settings.double("sign-min-count", default: 3)
        signFieldWeight = try settings.double("sign-field-weight", default: 1)
    }

    /// Per sentence of a field: the tokens that follow a number, where 'from NUM' stands; and for every
    /// token the index of its sentence.
    struct Sentences {
        var of: [Int] = []
        var afterNumber: [[String: Int]] = []
        var fromNumber: [[Int]] = []

        init(_ ts: [Tok]) {
            var s = 0
            afterNumber = [[:]]; fromNumber = [[]]
            for (i, t) in ts.enumerated() {
                of.append(s)
                if t.kind == .num {
                    if i + 1 < ts.count { afterNumber[s][ts[i + 1].norm, default: 0] += 1 }
                    if i > 0 && ts[i - 1].norm == "from" { fromNumber[s].append(i - 1) }
                }
                if t.norm == "." { s += 1; afterNumber.append([:]); fromNumber.append([]) }
            }
        }
    }

    /// Sentence context of a gap between tokens i and i + 1 (learned ratios, tempered): the right token
    /// following another number of the sentence ('88% for ... and for'); 'from N ... to _'. Whether the
    /// sentence holds another number is no evidence: digests lose all inline math of a sentence at once.
    func contextRatio(_ ts: [Tok], _ i: Int, _ sent: Sentences) -> Double {
        let s = sent.of[i]
        var r = lex.featRatio("parallel", (sent.afterNumber[s][ts[i + 1].norm] ?? 0) > 0)
        if ts[i].norm == "to" { r *= lex.featRatio("from-to", sent.fromNumber[s].contains { $0 < i }) }
        return pow(r, contextWeight)
    }

    struct Tok {
        enum Kind { case num, word, punct, other }
        let kind: Kind
        let norm: String
        let range: ByteRange
        let multiplied: Bool
        let bare: Bool
    }

    static func classify(_ s: String, _ r: ByteRange) -> Tok {
        let u = Array(s.utf8)
        let c = u[0]
        let digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        if c == UInt8(ascii: "$") || digit(c) || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && u.count > 1) {
            let mult = s.hasSuffix("x") || s.hasSuffix("×") || s.hasSuffix("\\times$") || s.hasSuffix("\\times $")
            var dots = 0
            let bare = u.allSatisfy { digit($0) || ($0 == UInt8(ascii: ".") && { dots += 1; return dots == 1 }()) } && digit(u.last!)
            return Tok(kind: .num, norm: "NUM", range: r, multiplied: mult, bare: bare)
        }
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) {
            return Tok(kind: .word, norm: s.lowercased(), range: r, multiplied: false, bare: false)
        }
        if u.count == 1 && ".,;:)".utf8.contains(c) { return Tok(kind: .punct, norm: s, range: r, multiplied: false, bare: false) }
        return Tok(kind: .other, norm: s, range: r, multiplied: false, bare: false)
    }

    /// The tokens of a field, made once per worker for the three rules that share this lexicon (they
    /// run one after another over the same block of entries).
    func tokens(_ entry: Entry, _ f: FieldText, _ ctx: CheckContext) -> [Tok] {
        ctx.state(for: lex) { TokenCache() }.tokens(entry.index, f.sourceRange.start) { tokenize(f, ctx) }
    }

    /// Tokens of the fields of the entries a worker is on. Checks go over a block of entries one check
    /// after another, so the fields of the current block are kept; an entry past the block, reached after
    /// a check went back to its start, begins the next block and the old tokens are dropped.
    final class TokenCache {
        var held: [Int: [Tok]] = [:]
        var lo = 0, hi = -1, last = Int.min
        var rereading = false

        func tokens(_ entry: Int, _ field: Int, _ make: () -> [Tok]) -> [Tok] {
            if entry < last { rereading = true }
            last = entry
            if let t = held[field] { return t }
            if entry < lo || entry > hi {
                if held.isEmpty || rereading || entry != hi + 1 || hi - lo >= 4 * Linter.block {
                    held.removeAll(keepingCapacity: true)
                    lo = entry; rereading = false
                }
                hi = entry
            }
            let t = make()
            held[field] = t
            return t
        }
    }

    func tokenize(_ f: FieldText, _ ctx: CheckContext) -> [Tok] {
        var out: [Tok] = []
        try? ctx.matcher(lex.token).forEach(in: f.text) { m in
            let r = m.range
            if r.end > r.start { out.append(NumberGap.classify(f.string(r), r)) }
            return true
        }
        return out
    }

    /// Whether `w` mostly joins two figures in real text ('3 to 5', '12% and 15%'; see `rangeWordMinShare`).
    func joinsFigures(_ w: String) -> Bool {
        guard rangeWordMinShare > 0, let b = lex.between[w], let (a, _) = lex.left[w], a >= 5 else { return false }
        return b / a >= rangeWordMinShare
    }

    /// The pseudo-observations shrinking a word's counts: `usual`, or `sure-prior` for a word whose uses
    /// stand next to a number at least `sure-min-share` of the time in `sure-min-count` uses or more ('billion'
    /// after one 23 times in 25, 'approximately' before one 91 times in 110): such a share is no accident.
    func prior(_ c: (Double, Double)?, _ usual: Double) -> Double {
        guard sureMinShare > 0, let (a, n) = c, n >= sureMinCount, a / n >= sureMinShare else { return usual }
        return surePrior
    }

    /// The score of a stripped number between word `l` and word/punctuation `r`, and whether the
    /// two-word context `prev l` ('up to', 'factor of') decided the left odds.
    func gapScore(_ prev: Tok?, _ l: Tok, _ r: Tok, _ spaced: Bool) -> (Double, Bool) {
        var leftOdds = lex.shrunkOdds(lex.left[l.norm], prior: prior(lex.left[l.norm], 20))
        var usedPrev = false
        if let p = prev, p.kind == .word, let c = lex.left2[p.norm + " " + l.norm], c.1 >= 5 {
            leftOdds = lex.shrunkOdds(c, prior: prior(c, 20))
            usedPrev = true
        }
        let rc = lex.right[r.norm]
        var rightOdds = lex.shrunkOdds(rc, prior: prior(rc, r.kind == .word ? rightPrior : 20))
        if lex.strong.contains(l.norm), let lc = lex.left[l.norm] {
            let (a, n) = rc ?? (0, 0)
            let expected = (lc.1 - lc.0) * (n - a + 0.5) / (lex.words + 1)
            let pair = lex.pairs[l.norm + " " + r.norm] ?? 0
            rightOdds *= (expected + 1) / (pair + 1)
            // 'from 45 countries' read against 'from countries' in real text
            if skipRatio && r.kind == .word { rightOdds *= ((lex.skip[l.norm + " " + r.norm] ?? 0) + 0.5) / (pair + 0.5) }
        }
        if r.kind == .punct && spaced {
            // how rare a spaced mark is after this word in real text ('URL ,' is common: arXiv's links)
            let n = lex.left[l.norm]?.1 ?? 0
            let r0 = 1 / lex.spacedPunct * ((lex.total["punct"] ?? 1) / lex.words)
            let rate = ((lex.spaced[l.norm] ?? 0) + 20 * r0) / (n + 20)
            rightOdds *= min(lex.spacedPunct, lex.spacedPunct * r0 / rate)
        }
        return (leftOdds * rightOdds, usedPrev)
    }

    /// Whether the number `ts[i]` is the bare far end of a range whose near end, right before it, carries
    /// a multiplication sign: '1.14×-14.3' (the hyphen read as the number's sign), '2×–3', '2x--7'.
    func multipliedRangeEnd(_ ts: [Tok], _ i: Int, _ f: FieldText) -> Bool {
        guard rangeEndConfidence > 0, i > 0 else { return false }
        let l = ts[i]
        let digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        var d = l.range.start
        while d < l.range.end && f.text[d] == UInt8(ascii: "-") { d += 1 }
        let body = f.text[d..<l.range.end]
        guard let last = body.last, digit(body.first!), digit(last),
              body.allSatisfy({ digit($0) || $0 == UInt8(ascii: ".") }) else { return false }
        // back over one or two dashes ('-', '--', '–', '—'), no spaces, to a number with its sign
        var a = d, dashes = 0
        while a > 0 && dashes < 2 {
            if f.text[a - 1] == UInt8(ascii: "-") { a -= 1 }
            else if a >= 3 && f.text[a - 3] == 0xE2 && f.text[a - 2] == 0x80 && (f.text[a - 1] == 0x93 || f.text[a - 1] == 0x94) { a -= 3 }
            else { break }
            dashes += 1
        }
        guard dashes > 0 else { return false }
        for k in stride(from: i - 1, through: max(0, i - 3), by: -1) where ts[k].range.end <= a {
            return ts[k].range.end == a && ts[k].kind == .num && ts[k].multiplied
        }
        return false
    }

    /// `multiplier`: 'a 2 training speedup' (see `secondWordMinCount`), when the next word alone decides nothing.
    func secondWordMultiplier(_ ts: [Tok], _ i: Int, _ f: FieldText, _ entry: Entry, _ ctx: CheckContext) -> Diagnostic? {
        let l = ts[i], r = ts[i + 1]
        guard l.bare, secondWordMinCount > 0, r.kind == .word, i + 2 < ts.count else { return nil }
        let w2 = ts[i + 2]
        guard w2.kind == .word, w2.range.start == r.range.end + 1, f.text[r.range.end] == 0x20,
              let c2 = lex.multCounts(w2.norm), c2.1 == 0, c2.0 >= secondWordMinCount,
              (lex.right[r.norm].map { $0.0 / max(1, $0.1) } ?? 0) < secondWordMaxBetweenRate,
              !(i > 0 && ts[i - 1].range.end == l.range.start) else { return nil }
        let n = f.string(l.range), w = f.string(ByteRange(r.range.start, w2.range.end))
        let fix = Fix(title: "write '\(n)×'", applicability: .unsafe, confidence: secondWordConfidence,
                      edits: [ctx.edit(f, ByteRange(l.range.end, l.range.end), "×")])
        return ctx.diagnostic(meta, "'\(n) \(w)': the multiplication sign after \(n) seems lost (read '\(n)× \(w)')",
                              entry: entry, field: f, local: ByteRange(l.range.start, w2.range.end), fixes: [fix])
    }

    /// `multiplier`: the odds that the bare number `ts[i]` lost its '×' (see `signMinOdds`).
    func signOdds(_ ts: [Tok], _ i: Int, fieldHasSign: Bool) -> Double {
        let all = (lex.total["mult-right"] ?? 0, lex.total["bare-right"] ?? 0)
        let lall = (lex.total["mult-left"] ?? 0, lex.total["bare-left"] ?? 0)
        guard all.0 > 0 && all.1 > 0 && lall.0 > 0 && lall.1 > 0 else { return 0 }    // a lexicon without these counts
        var o = NumberLexicon.signOdds(lex.multCounts(ts[i + 1].norm), all: all, prior: signPrior, minCount: signMinCount)
        if i > 0 && ts[i - 1].kind == .word {
            let l0 = NumberLexicon.signOdds(nil, all: lall, prior: signPrior, minCount: signMinCount)
            o *= NumberLexicon.signOdds(lex.mleft[ts[i - 1].norm], all: lall, prior: signPrior, minCount: signMinCount) / l0
        }
        return o * pow(lex.featRatio("field-mult", fieldHasSign), signFieldWeight)
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        for f in entry.fields where scope.contains(f.kind) {
            let ts = tokens(entry, f, ctx)
            guard ts.count >= 2 else { continue }
            let sent = kind == .words && contextWeight > 0 ? Sentences(ts) : nil
            if kind == .punctuation && habitCount > 0 {
                // an author who spaces punctuation ('emergence . This', 'thought , and') does so again and
                // again; a stripped formula leaves one gap
                var spacedMarks = 0
                for i in 0..<(ts.count - 1) where ts[i].kind == .word && ts[i + 1].kind == .punct
                    && ts[i + 1].range.start == ts[i].range.end + 1 && f.text[ts[i].range.end] == 0x20 { spacedMarks += 1 }
                if spacedMarks >= habitCount { continue }
            }
            for i in 0..<(ts.count - 1) {
                let l = ts[i], r = ts[i + 1]
                let gap = r.range.start - l.range.end
                guard gap <= 1 else { continue }
                let spaced = gap == 1 && f.text[l.range.end] == 0x20
                switch kind {
                case .words, .punctuation:
                    guard l.kind == .word, spaced, l.norm != r.norm else { continue }     // 'of of' is a repeated word
                    guard kind == .words ? r.kind == .word : r.kind == .punct else { continue }
                    let prev = i > 0 && ts[i - 1].range.end + 1 >= l.range.start ? ts[i - 1] : nil
                    if kind == .words {
                        // two capitalised words are a name ('Gemini Flash', 'Claude Opus'), not a gap;
                        // a number right after the pair means the figure is there ('from 54.7% to over 88.9%')
                        if Words.isUpper(UInt32(f.text[l.range.start])) && Words.isUpper(UInt32(f.text[r.range.start])) { continue }
                        // ('to over 88.9%'), unless the right word mostly joins two figures in real text ('by and
                        // 8.2%, respectively', 'by to 22 percentage points': the first of the two was lost)
                        if i + 2 < ts.count && ts[i + 2].kind == .num && !joinsFigures(r.norm) { continue }
                    }
                    var (s, usedPrev) = gapScore(prev, l, r, spaced)
                    if let sent { s *= contextRatio(ts, i, sent) }
                    guard s >= minScore else { continue }
                    let from = usedPrev ? prev!.range.start : l.range.start
                    let lw = f.string(ByteRange(from, l.range.end)), rw = f.string(r.range)
                    let msg = kind == .words
                        ? "a number seems missing between '\(lw)' and '\(rw)' (real text puts one there; score \(Int(s.rounded())))"
                        : "a gap before '\(rw)' after '\(lw)': inline math or a number seems to have been stripped here"
                    out.append(ctx.diagnostic(meta, msg, entry: entry, field: f, local: ByteRange(from, r.range.end), fixes: []))
                case .multiplier:
                    guard l.kind == .num, spaced, r.kind == .word || r.kind == .punct else { continue }
                    // the far end of a range whose near end kept its sign ('1.14×-14.3 speedups', '2×–3 faster'):
                    // the sign was stripped from this end, whatever word follows
                    let rangeEnd = multipliedRangeEnd(ts, i, f)
                    guard l.bare || rangeEnd else { continue }
                    if !rangeEnd && i > 0 && ts[i - 1].range.end == l.range.start {       // '1.7-26.3': a range,
                        let p = f.string(ts[i - 1].range)                                   // but '~17', '$\\sim$17' is not
                        if !(p == "~" || p.hasSuffix("\\sim$") || p.hasSuffix("\\approx$") || p == "≈") { continue }
                    }
                    if rangeEnd {
                        let n = f.string(l.range), w = f.string(r.range)
                        let digits = n.drop { $0 == "-" || $0 == "+" }
                        let at = l.range.end
                        let fix = Fix(title: "write '\(digits)×'", applicability: .unsafe, confidence: rangeEndConfidence,
                                      edits: [ctx.edit(f, ByteRange(at, at), "×")])
                        out.append(ctx.diagnostic(meta, "'\(digits) \(w)': the multiplication sign after \(digits) seems lost; the range's other end has one (read '\(digits)× \(w)')",
                                                  entry: entry, field: f, local: ByteRange(l.range.end - digits.utf8.count, r.range.end), fixes: [fix]))
                        continue
                    }
                    let mc = lex.multCounts(r.norm)
                    let n = f.string(l.range), w = f.string(r.range)
                    guard let c = mc, c.0 + c.1 >= 3, (c.0 + 0.1) / (c.1 + 1) * 40 >= minScore else {
                        let fieldHasSign = ts.contains(where: { $0.kind == .num && $0.multiplied })
                        if let d = secondWordMultiplier(ts, i, f, entry, ctx) { out.append(d) }
                        else if fieldMultMinShare > 0, let c = mc, c.0 > 0, c.0 / (c.0 + c.1) >= fieldMultMinShare, fieldHasSign {
                            // the field writes 'N×' elsewhere: a word that follows 'N×' often enough asks for it here too
                            let fix = Fix(title: "write '\(n)×'", applicability: .unsafe, confidence: fieldMultConfidence,
                                          edits: [ctx.edit(f, ByteRange(l.range.end, l.range.end), "×")])
                            out.append(ctx.diagnostic(meta, "'\(n) \(w)': the multiplication sign after \(n) seems lost; the abstract writes '×' elsewhere (read '\(n)× \(w)')",
                                                      entry: entry, field: f, local: ByteRange(l.range.start, r.range.end), fixes: [fix]))
                        } else if signMinOdds > 0, case let o = signOdds(ts, i, fieldHasSign: fieldHasSign), o >= signMinOdds {
                            // the words around the number ('to 3 throughput', 'a 54 improvement') ask for the sign
                            let p = o / (1 + o)
                            let fix = Fix(title: "write '\(n)×'", applicability: .unsafe, confidence: min(0.9, (p * 100).rounded() / 100),
                                          edits: [ctx.edit(f, ByteRange(l.range.end, l.range.end), "×")])
                            let lw = i > 0 && ts[i - 1].kind == .word ? f.string(ts[i - 1].range) + " " : ""
                            out.append(ctx.diagnostic(meta, "'\(lw)\(n) \(w)': the multiplication sign after \(n) seems lost; real text writes '×' here \(Int((p * 100).rounded()))% of the time (read '\(n)× \(w)')",
                                                      entry: entry, field: f, local: ByteRange(l.range.start, r.range.end), fixes: [fix]))
                        }
                        continue
                    }
                    let safe = c.1 == 0 && c.0 >= safeMinCount
                    let fix = Fix(title: "write '\(n)×'", applicability: safe ? .safe : .unsafe,
                                  confidence: safe ? 0.95 : min(0.9, (c.0 / (c.0 + c.1) * 100).rounded() / 100),
                                  edits: [ctx.edit(f, ByteRange(l.range.end, l.range.end), "×")])
                    out.append(ctx.diagnostic(meta, "'\(n) \(w)': the multiplication sign after \(n) seems lost (read '\(n)× \(w)')",
                                              entry: entry, field: f, local: ByteRange(l.range.start, r.range.end), fixes: [fix]))
                }
            }
        }
    }
}
