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

    /// The rows above keyed by word ids (see `WordIds`).
    let ids: WordIds
    /// The token pattern is the one `NumberTokens` scans by hand (else the regex tokenizes every field).
    let scansByHand: Bool

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
        scansByHand = pattern == NumberTokens.pattern && token.starts == nil && token.requiredByte == nil
        ids = WordIds(left: left, left2: left2, right: right, pairs: pairs, spaced: spaced, skip: skip, strong: strong,
                      feats: feats, total: total)
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
    func featRatio(_ name: String, _ present: Bool) -> Double { NumberLexicon.featRatio(feats[name], present) }

    static func featRatio(_ f: (Double, Double, Double, Double)?, _ present: Bool) -> Double {
        guard let (a, n, b, m) = f else { return 1 }
        let pg = (a + 0.5) / (n + 1), pw = (b + 0.5) / (m + 1)
        return present ? pg / pw : (1 - pg) / (1 - pw)
    }
}

/// The lexicon's rows that score a gap, keyed by word ids: every word of a key, and 'from', 'to', '.'
/// have an id (`vocab`); a two-word key ('L R') becomes a pair of ids. Tokens carry the id of their
/// lower-cased text, so scoring a gap hashes no String.
final class WordIds: @unchecked Sendable {
    let vocab: ByteVocab
    let leftById: [(Double, Double)?], rightById: [(Double, Double)?]
    let spacedById: [Double?], strongById: [Bool]
    let left2ById: IdPairs<(Double, Double)>
    let pairsById: IdPairs<Double>, skipById: IdPairs<Double>
    let fromId: Int32, toId: Int32, dotId: Int32
    let featParallel: (Double, Double, Double, Double)?, featFromTo: (Double, Double, Double, Double)?
    /// total["punct"] ?? 1
    let totalPunct: Double

    init(left: [String: (Double, Double)], left2: [String: (Double, Double)], right: [String: (Double, Double)],
         pairs: [String: Double], spaced: [String: Double], skip: [String: Double], strong: Set<String>,
         feats: [String: (Double, Double, Double, Double)], total: [String: Double]) {
        var vocab = ByteVocab(capacity: 8192)
        func id(_ s: String) -> Int32 { vocab.intern(WordIds.keyBytes(s)) }
        for k in left.keys { _ = id(k) }
        for k in right.keys { _ = id(k) }
        for k in spaced.keys { _ = id(k) }
        fromId = id("from"); toId = id("to"); dotId = id(".")
        // 'P L' keys: a token's text has no space, so only keys of two non-empty parts can ever match
        func split<V>(_ d: [String: V]) -> [(Int32, Int32, V)] {
            d.compactMap { k, v in
                let b = WordIds.keyBytes(k)
                let sp = b.indices.filter { b[$0] == 0x20 }
                guard sp.count == 1, let at = sp.first, at > 0, at < b.count - 1 else { return nil }
                return (vocab.intern(Array(b[..<at])), vocab.intern(Array(b[(at + 1)...])), v)
            }
        }
        left2ById = IdPairs(split(left2), empty: (0, 0))
        pairsById = IdPairs(split(pairs), empty: 0)
        skipById = IdPairs(split(skip), empty: 0)
        let n = vocab.count
        var l = [(Double, Double)?](repeating: nil, count: n), r = l
        var sp = [Double?](repeating: nil, count: n), st = [Bool](repeating: false, count: n)
        for (k, v) in left { l[Int(vocab.find(WordIds.keyBytes(k)))] = v }
        for (k, v) in right { r[Int(vocab.find(WordIds.keyBytes(k)))] = v }
        for (k, v) in spaced { sp[Int(vocab.find(WordIds.keyBytes(k)))] = v }
        for k in strong { st[Int(vocab.find(WordIds.keyBytes(k)))] = true }
        leftById = l; rightById = r; spacedById = sp; strongById = st
        self.vocab = vocab
        featParallel = feats["parallel"]; featFromTo = feats["from-to"]
        totalPunct = total["punct"] ?? 1
    }

    /// A key's bytes in NFC: Strings compare (and hash) by canonical equivalence, token text is compared
    /// by bytes; ASCII is its own NFC ('’' too, the one non-ASCII character of a word).
    static func keyBytes(_ s: String) -> [UInt8] {
        s.utf8.allSatisfy { $0 < 0x80 } ? Array(s.utf8) : Array(s.precomposedStringWithCanonicalMapping.utf8)
    }

    /// Rows of a token's id; ids past the lexicon's words (a field's own words) have none.
    @inline(__always) func left(_ id: Int32) -> (Double, Double)? { id >= 0 && Int(id) < leftById.count ? leftById[Int(id)] : nil }
    @inline(__always) func right(_ id: Int32) -> (Double, Double)? { id >= 0 && Int(id) < rightById.count ? rightById[Int(id)] : nil }
    @inline(__always) func spaced(_ id: Int32) -> Double? { id >= 0 && Int(id) < spacedById.count ? spacedById[Int(id)] : nil }
    @inline(__always) func isStrong(_ id: Int32) -> Bool { id >= 0 && Int(id) < strongById.count && strongById[Int(id)] }
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
        guard let path = try settings.existingPath("lexicon") else { throw settings.fail("lexicon", "missing required key") }
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
        var of: [Int32] = []
        /// ids of the tokens right after a number, sentence by sentence (`afterStart[s]..<afterStart[s + 1]`)
        var afterIds: [Int32] = []
        var afterStart: [Int] = [0]
        /// the first 'from NUM' of each sentence (Int.max: none)
        var firstFrom: [Int] = [.max]

        init(_ ts: [Tok], _ ids: WordIds) {
            var s = 0
            of.reserveCapacity(ts.count)
            for (i, t) in ts.enumerated() {
                of.append(Int32(s))
                if t.kind == .num {
                    if i + 1 < ts.count { afterIds.append(ts[i + 1].id) }
                    if i > 0 && ts[i - 1].id == ids.fromId && firstFrom[s] == .max { firstFrom[s] = i - 1 }
                }
                if t.id == ids.dotId { s += 1; afterStart.append(afterIds.count); firstFrom.append(.max) }
            }
            afterStart.append(afterIds.count)
            // Sorted within each sentence, so a lookup is a binary search: a sentence with thousands
            // of numbers (a table flattened into one line) stays linear-logarithmic, not quadratic.
            for s in 0..<(afterStart.count - 1) where afterStart[s + 1] - afterStart[s] > 1 {
                afterIds[afterStart[s]..<afterStart[s + 1]].sort()
            }
        }

        /// Whether a token with this id follows a number in sentence `s`.
        func followsNumber(_ s: Int, _ id: Int32) -> Bool {
            var lo = afterStart[s], hi = afterStart[s + 1]
            while lo < hi {
                let mid = (lo + hi) / 2
                if afterIds[mid] < id { lo = mid + 1 } else { hi = mid }
            }
            return lo < afterStart[s + 1] && afterIds[lo] == id
        }
    }

    /// Sentence context of a gap between tokens i and i + 1 (learned ratios, tempered): the right token
    /// following another number of the sentence ('88% for ... and for'); 'from N ... to _'. Whether the
    /// sentence holds another number is no evidence: digests lose all inline math of a sentence at once.
    func contextRatio(_ ts: [Tok], _ i: Int, _ sent: Sentences, _ ids: WordIds) -> Double {
        let s = Int(sent.of[i])
        var r = NumberLexicon.featRatio(ids.featParallel, sent.followsNumber(s, ts[i + 1].id))
        if ts[i].id == ids.toId { r *= NumberLexicon.featRatio(ids.featFromTo, sent.firstFrom[s] < i) }
        return pow(r, contextWeight)
    }

    /// A token; `id` is the word id of a word's lower-cased text or of a punctuation mark (the
    /// lexicon's ids, then ids of the field's own words past them: equal ids, equal text within a
    /// field), -1 for numbers and other tokens.
    struct Tok {
        enum Kind { case num, word, punct, other }
        let kind: Kind
        let id: Int32
        let range: ByteRange
        let multiplied: Bool
        let bare: Bool
    }

    /// The text a token stands for in the lexicon: 'NUM' for a number, a word lower-cased, else the text.
    static func norm(_ t: Tok, _ f: FieldText) -> String {
        switch t.kind {
        case .num: return "NUM"
        case .word: return f.string(t.range).lowercased()
        default: return f.string(t.range)
        }
    }

    /// A token from its bytes `b[s..<e]`: ASCII tokens are read from the bytes, others through their String.
    func classify(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ f: FieldText, _ ids: WordIds, _ local: inout ByteVocab) -> Tok {
        let r = ByteRange(s, e)
        var ascii = true
        for k in s..<e where b[k] >= 0x80 { ascii = false; break }
        guard ascii else {
            let (t, norm) = NumberGap.classify(f.string(r), r)
            guard t.kind == .word || t.kind == .punct else { return t }
            let u = Array(norm.utf8)
            let id = u.withUnsafeBufferPointer { p in wordId(p.baseAddress!, p.count, lower: false, ids, &local) }
            return Tok(kind: t.kind, id: id, range: r, multiplied: false, bare: false)
        }
        let c = b[s]
        let digit = { (x: UInt8) in x >= 0x30 && x <= 0x39 }
        if c == UInt8(ascii: "$") || digit(c) || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && e - s > 1) {
            func ends(_ lit: StaticString) -> Bool {
                let n = lit.utf8CodeUnitCount
                guard e - s >= n else { return false }
                for k in 0..<n where b[e - n + k] != lit.utf8Start[k] { return false }
                return true
            }
            let mult = b[e - 1] == UInt8(ascii: "x") || ends("\\times$") || ends("\\times $")
            var dots = 0, bare = digit(b[e - 1])
            for k in s..<e where bare {
                if b[k] == UInt8(ascii: ".") { dots += 1; bare = dots == 1 } else { bare = digit(b[k]) }
            }
            return Tok(kind: .num, id: -1, range: r, multiplied: mult, bare: bare)
        }
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) {
            return Tok(kind: .word, id: wordId(b.baseAddress! + s, e - s, lower: true, ids, &local), range: r, multiplied: false, bare: false)
        }
        if e - s == 1 && ".,;:)".utf8.contains(c) {
            return Tok(kind: .punct, id: wordId(b.baseAddress! + s, 1, lower: false, ids, &local), range: r, multiplied: false, bare: false)
        }
        return Tok(kind: .other, id: -1, range: r, multiplied: false, bare: false)
    }

    @inline(__always)
    func wordId(_ p: UnsafePointer<UInt8>, _ n: Int, lower: Bool, _ ids: WordIds, _ local: inout ByteVocab) -> Int32 {
        let id = ids.vocab.find(p, n, lower: lower)
        return id >= 0 ? id : local.intern(p, n, lower: lower)
    }

    /// A token from its text (the one String path: tokens with non-ASCII bytes), with its lexicon text.
    static func classify(_ s: String, _ r: ByteRange) -> (Tok, String) {
        let u = Array(s.utf8)
        let c = u[0]
        let digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        if c == UInt8(ascii: "$") || digit(c) || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && u.count > 1) {
            let mult = s.hasSuffix("x") || s.hasSuffix("×") || s.hasSuffix("\\times$") || s.hasSuffix("\\times $")
            var dots = 0
            let bare = u.allSatisfy { digit($0) || ($0 == UInt8(ascii: ".") && { dots += 1; return dots == 1 }()) } && digit(u.last!)
            return (Tok(kind: .num, id: -1, range: r, multiplied: mult, bare: bare), "NUM")
        }
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) {
            return (Tok(kind: .word, id: -1, range: r, multiplied: false, bare: false), s.lowercased())
        }
        if u.count == 1 && ".,;:)".utf8.contains(c) { return (Tok(kind: .punct, id: -1, range: r, multiplied: false, bare: false), s) }
        return (Tok(kind: .other, id: -1, range: r, multiplied: false, bare: false), s)
    }

    /// The tokens of a field, made once per worker for the three rules that share this lexicon (they
    /// run one after another over the same block of entries).
    func tokens(_ entry: Entry, _ f: FieldText, _ ctx: CheckContext) -> [Tok] {
        let cache = ctx.state(for: lex) { TokenCache(lex) }
        return cache.tokens(entry.index, f.sourceRange.start) { tokenize(f, ctx, &cache.local) }
    }

    /// Tokens of the fields of the entries a worker is on. Checks go over a block of entries one check
    /// after another, so the fields of the current block are kept; an entry past the block, reached after
    /// a check went back to its start, begins the next block and the old tokens are dropped.
    final class TokenCache {
        /// ids of the words of a field the lexicon lacks (made anew for each field tokenized)
        var local: ByteVocab
        init(_ lex: NumberLexicon) { local = ByteVocab(base: Int32(lex.ids.vocab.count), capacity: 256) }
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

    func tokenize(_ f: FieldText, _ ctx: CheckContext, _ local: inout ByteVocab) -> [Tok] {
        local.removeAll()
        let lex = self.lex, ids = lex.ids
        var out: [Tok] = []
        out.reserveCapacity(f.text.count / 5)
        let m = ctx.matcher(lex.token)
        f.text.withUnsafeBufferPointer { b in
            guard lex.scansByHand else {
                try? m.forEach(in: f.text) { mt in
                    let r = mt.range
                    if r.end > r.start { out.append(classify(b, r.start, r.end, f, ids, &local)) }
                    return true
                }
                return
            }
            // the scanner, and the regex where a token's bytes are not plain ASCII (see NumberTokens)
            NumberTokens.forEach(in: f.text, b, m) { s, e in out.append(classify(b, s, e, f, ids, &local)) }
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
    func gapScore(_ prev: Tok?, _ l: Tok, _ r: Tok, _ spaced: Bool, _ lex: NumberLexicon, _ ids: WordIds) -> (Double, Bool) {
        let lc0 = ids.left(l.id)
        var leftOdds = lex.shrunkOdds(lc0, prior: prior(lc0, 20))
        var usedPrev = false
        if let p = prev, p.kind == .word, let c = ids.left2ById.get(p.id, l.id), c.1 >= 5 {
            leftOdds = lex.shrunkOdds(c, prior: prior(c, 20))
            usedPrev = true
        }
        let rc = ids.right(r.id)
        var rightOdds = lex.shrunkOdds(rc, prior: prior(rc, r.kind == .word ? rightPrior : 20))
        if ids.isStrong(l.id), let lc = lc0 {
            let (a, n) = rc ?? (0, 0)
            let expected = (lc.1 - lc.0) * (n - a + 0.5) / (lex.words + 1)
            let pair = ids.pairsById.get(l.id, r.id) ?? 0
            rightOdds *= (expected + 1) / (pair + 1)
            // 'from 45 countries' read against 'from countries' in real text
            if skipRatio && r.kind == .word { rightOdds *= ((ids.skipById.get(l.id, r.id) ?? 0) + 0.5) / (pair + 0.5) }
        }
        if r.kind == .punct && spaced {
            // how rare a spaced mark is after this word in real text ('URL ,' is common: arXiv's links)
            let n = lc0?.1 ?? 0
            let r0 = 1 / lex.spacedPunct * (ids.totalPunct / lex.words)
            let rate = ((ids.spaced(l.id) ?? 0) + 20 * r0) / (n + 20)
            rightOdds *= min(lex.spacedPunct, lex.spacedPunct * r0 / rate)
        }
        return (leftOdds * rightOdds, usedPrev)
    }

    /// Whether the number `ts[i]` is '-' and a plain figure glued to the number before it: the far end of
    /// a hyphenated range ('1.5-2.5'), which the token pattern reads as a signed number.
    func hyphenRangeEnd(_ ts: [Tok], _ i: Int, _ f: FieldText) -> Bool {
        let l = ts[i]
        guard i > 0, ts[i - 1].kind == .num, ts[i - 1].range.end == l.range.start,
              l.range.end - l.range.start >= 2, f.text[l.range.start] == UInt8(ascii: "-") else { return false }
        var dots = 0
        for k in (l.range.start + 1)..<l.range.end {
            let c = f.text[k]
            if c == UInt8(ascii: ".") { dots += 1; if dots > 1 { return false } } else if c < 0x30 || c > 0x39 { return false }
        }
        return f.text[l.range.end - 1] != UInt8(ascii: ".")
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
              let c2 = lex.multCounts(NumberGap.norm(w2, f)), c2.1 == 0, c2.0 >= secondWordMinCount,
              (lex.ids.right(r.id).map { $0.0 / max(1, $0.1) } ?? 0) < secondWordMaxBetweenRate,
              !(i > 0 && ts[i - 1].range.end == l.range.start) else { return nil }
        let n = f.string(l.range), w = f.string(ByteRange(r.range.start, w2.range.end))
        let fix = Fix(title: "write '\(n)×'", applicability: .unsafe, confidence: secondWordConfidence,
                      edits: [ctx.edit(f, ByteRange(l.range.end, l.range.end), "×")])
        return ctx.diagnostic(meta, "'\(n) \(w)': the multiplication sign after \(n) seems lost (read '\(n)× \(w)')",
                              entry: entry, field: f, local: ByteRange(l.range.start, w2.range.end), fixes: [fix])
    }

    /// `multiplier`: the odds that the bare number `ts[i]` lost its '×' (see `signMinOdds`).
    func signOdds(_ ts: [Tok], _ i: Int, _ f: FieldText, fieldHasSign: Bool) -> Double {
        let all = (lex.total["mult-right"] ?? 0, lex.total["bare-right"] ?? 0)
        let lall = (lex.total["mult-left"] ?? 0, lex.total["bare-left"] ?? 0)
        guard all.0 > 0 && all.1 > 0 && lall.0 > 0 && lall.1 > 0 else { return 0 }    // a lexicon without these counts
        var o = NumberLexicon.signOdds(lex.multCounts(NumberGap.norm(ts[i + 1], f)), all: all, prior: signPrior, minCount: signMinCount)
        if i > 0 && ts[i - 1].kind == .word {
            let l0 = NumberLexicon.signOdds(nil, all: lall, prior: signPrior, minCount: signMinCount)
            o *= NumberLexicon.signOdds(lex.mleft[NumberGap.norm(ts[i - 1], f)], all: lall, prior: signPrior, minCount: signMinCount) / l0
        }
        return o * pow(lex.featRatio("field-mult", fieldHasSign), signFieldWeight)
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        let lex = self.lex, ids = lex.ids
        for f in entry.fields where scope.contains(f.kind) {
            let ts = tokens(entry, f, ctx)
            guard ts.count >= 2 else { continue }
            let sent = kind == .words && contextWeight > 0 ? Sentences(ts, ids) : nil
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
                    guard l.kind == .word, spaced, l.id != r.id else { continue }     // 'of of' is a repeated word
                    guard kind == .words ? r.kind == .word : r.kind == .punct else { continue }
                    let prev = i > 0 && ts[i - 1].range.end + 1 >= l.range.start ? ts[i - 1] : nil
                    if kind == .words {
                        // two capitalised words are a name ('Gemini Flash', 'Claude Opus'), not a gap;
                        // a number right after the pair means the figure is there ('from 54.7% to over 88.9%')
                        if Words.isUpper(UInt32(f.text[l.range.start])) && Words.isUpper(UInt32(f.text[r.range.start])) { continue }
                        // ('to over 88.9%'), unless the right word mostly joins two figures in real text ('by and
                        // 8.2%, respectively', 'by to 22 percentage points': the first of the two was lost)
                        if i + 2 < ts.count && ts[i + 2].kind == .num && !joinsFigures(NumberGap.norm(r, f)) { continue }
                    }
                    var (s, usedPrev) = gapScore(prev, l, r, spaced, lex, ids)
                    if let sent { s *= contextRatio(ts, i, sent, ids) }
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
                    // '1.5-2.5': the far end of a hyphenated range reads as a signed number
                    let hyphenTail = !l.bare && !rangeEnd && hyphenRangeEnd(ts, i, f)
                    guard l.bare || rangeEnd || hyphenTail else { continue }
                    // '1.7-26.3', '2–3': a range, read only before a word that never follows a bare number in
                    // real text ('1.5-2.5 speedup'; '1.7-26.3 lower bounds' is whole); '~17', '$\\sim$17' is no range
                    var inRange = hyphenTail
                    if !rangeEnd && !hyphenTail && i > 0 && ts[i - 1].range.end == l.range.start {
                        let p = f.string(ts[i - 1].range)
                        inRange = !(p == "~" || p.hasSuffix("\\sim$") || p.hasSuffix("\\approx$") || p == "≈")
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
                    let mc = lex.multCounts(NumberGap.norm(r, f))
                    if inRange { guard let c = mc, c.1 == 0, c.0 >= safeMinCount else { continue } }
                    let num = hyphenTail ? ByteRange(l.range.start + 1, l.range.end) : l.range
                    let n = f.string(num), w = f.string(r.range)
                    guard let c = mc, c.0 + c.1 >= 3, (c.0 + 0.1) / (c.1 + 1) * 40 >= minScore else {
                        let fieldHasSign = ts.contains(where: { $0.kind == .num && $0.multiplied })
                        if let d = secondWordMultiplier(ts, i, f, entry, ctx) { out.append(d) }
                        else if fieldMultMinShare > 0, let c = mc, c.0 > 0, c.0 / (c.0 + c.1) >= fieldMultMinShare, fieldHasSign {
                            // the field writes 'N×' elsewhere: a word that follows 'N×' often enough asks for it here too
                            let fix = Fix(title: "write '\(n)×'", applicability: .unsafe, confidence: fieldMultConfidence,
                                          edits: [ctx.edit(f, ByteRange(l.range.end, l.range.end), "×")])
                            out.append(ctx.diagnostic(meta, "'\(n) \(w)': the multiplication sign after \(n) seems lost; the abstract writes '×' elsewhere (read '\(n)× \(w)')",
                                                      entry: entry, field: f, local: ByteRange(l.range.start, r.range.end), fixes: [fix]))
                        } else if signMinOdds > 0, case let o = signOdds(ts, i, f, fieldHasSign: fieldHasSign), o >= signMinOdds {
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
                    // a range's near end may have lost its sign too ('1.5×-2.5×'): the fix is offered, not applied
                    let safe = c.1 == 0 && c.0 >= safeMinCount && !inRange
                    let fix = Fix(title: "write '\(n)×'", applicability: safe ? .safe : .unsafe,
                                  confidence: safe ? 0.95 : min(0.9, (c.0 / (c.0 + c.1) * 100).rounded() / 100),
                                  edits: [ctx.edit(f, ByteRange(l.range.end, l.range.end), "×")])
                    out.append(ctx.diagnostic(meta, "'\(n) \(w)': the multiplication sign after \(n) seems lost (read '\(n)× \(w)')",
                                              entry: entry, field: f, local: ByteRange(num.start, r.range.end), fixes: [fix]))
                }
            }
        }
    }
}
