import Foundation

/// Settings shared by `corrupted-term` and `placeholder-discovered` (rules/corrupted-term/*.yml).
struct TermSettings: Sendable {
    var lexicon: String
    var minDiscoveryScore = 8.0
    var minNonWords = 2
    /// Weight of the impossible forms' excess over chance (a Poisson G statistic) in the discovery score.
    var nonWordWeight = 1.0
    var smoothing = 20.0
    var acronymBonus = 6.0
    var titleBonus = 3.0
    var genuinePrior = 0.15
    var unexplained = -22.0
    var minGain = 3.0
    var unigramWeight = 1.0
    var morphWeight = 0.0
    var titleSubstringBonus = 1.5
    var entryPrior = 2.0
    var minSupport = 2
    var runMinCount = 5
    var runBonus = 3.0
    var minAlternative = 0.005
    var greedyUnigramWeight = 1.0
    var safeCollocation = 3
    var junctionPenalty = 8.0
    var priorWeight = 1.0
    var titleGenuineBoost = 10.0
    /// Bonus for a reading (a restoration, or the word itself) that forms, with a neighbour, a word pair
    /// that some title of the digest holds (titles are never damaged; 0 turns it off).
    var titleBigramBonus = 0.0
    /// Neighbours more frequent than this in the lexicon ('the', 'of') carry no title-pair evidence.
    var titleBigramMaxCount = 2000
    var collocations = 40
    var strongGain = 25.0
    var maxKeywords = 25
    var maxMorphology = 400
    var novelPenalty = 4.0
    var safeConfidence = 0.97
    /// Kinds of decisive evidence a `safe` fix may rest on: acronym, title, morphology.
    var safeEvidence: Set<String> = ["acronym", "title", "morphology"]
    /// Morphology: the restored word's lexicon count, and the tokens the keyword restores digest-wide.
    var safeKnownCount = 5
    var safeSupport = 3
    var safeMorphShare = 0.9
    /// A site is reported when the posterior of a genuine use stays below this.
    var maxGenuine = 0.5
    /// A reported site where a genuine use keeps at least this posterior says so, one severity lower
    /// (0: never).
    var genuineNote = 0.0
    /// Reassignment rounds of the keyword mixture (hard EM) before the sites are ranked.
    var emIterations = 0
    /// Weight of the topic evidence: the entry's words that the lexicon associates with a restored word
    /// (summed pointwise mutual information over shared abstracts; 0 turns it off).
    var topicWeight = 0.0
    /// At most this much topic evidence for one restored word.
    var topicCap = 12.0
    /// Acronyms the lexicon knows for the long form before a parenthesised token join the keywords first.
    var knownAcronyms = false
    /// No keyword holds another: the generator's one substitution explains a longer form by the shorter.
    var exclusiveKeywords = false
    /// Bonus at an entry's other sites for an acronym the entry defines by a long form the lexicon knows.
    var entryAcronymBonus = 0.0
    /// Acronym proposals for a token with letters before the placeholder ('X' in 'Xitem'): the initials
    /// of the last words of the long form, with this bonus (0: none).
    var prefixedAcronymBonus = 0.0
    /// Bonus for an acronym restoration whose long form (as the lexicon knows it) is in the entry's title.
    var titleLongFormBonus = 0.0
    /// Bonus for a restoration whose initial completes the acronym an intact parenthesised token after
    /// the long form spells ('Multi-item Interest Mining (MLIM)': the lost word starts with 'L'); 0: none.
    var acronymLetterBonus = 0.0
    /// Raw posterior -> calibrated confidence, as increasing (raw, calibrated) knots.
    var calibration: [(Double, Double)] = []

    static let keys: Set<String> = ["lexicon", "min-discovery-score", "min-non-words", "non-word-weight", "smoothing", "acronym-bonus",
                                    "title-bonus", "genuine-prior", "unexplained", "min-gain", "min-support", "run-min-count", "run-bonus", "min-alternative", "greedy-unigram-weight", "safe-collocation", "junction-penalty", "prior-weight", "title-genuine-boost", "title-bigram-bonus", "title-bigram-max-count", "collocations", "strong-gain", "unigram-weight", "morph-weight", "title-substring-bonus", "entry-prior", "max-keywords",
                                    "max-morphology", "novel-penalty", "safe-confidence", "calibration",
                                    "safe-evidence", "safe-known-count", "safe-support", "safe-morph-share", "max-genuine", "genuine-note", "em-iterations", "topic-weight", "topic-cap", "known-acronyms", "title-long-form-bonus", "exclusive-keywords", "entry-acronym-bonus", "prefixed-acronym-bonus", "acronym-letter-bonus"]

    init(_ s: Settings) throws {
        try s.rejectUnknown(TermSettings.keys)
        guard let lx = try s.path("lexicon") else { throw s.fail("lexicon", "the analysis needs a lexicon path") }
        lexicon = lx
        minDiscoveryScore = try s.double("min-discovery-score", default: minDiscoveryScore)
        minNonWords = try s.int("min-non-words", default: minNonWords)
        smoothing = try s.double("smoothing", default: smoothing)
        acronymBonus = try s.double("acronym-bonus", default: acronymBonus)
        titleBonus = try s.double("title-bonus", default: titleBonus)
        genuinePrior = try s.double("genuine-prior", default: genuinePrior)
        nonWordWeight = try s.double("non-word-weight", default: nonWordWeight)
        unexplained = try s.double("unexplained", default: unexplained)
        minGain = try s.double("min-gain", default: minGain)
        maxKeywords = try s.int("max-keywords", default: maxKeywords)
        minSupport = try s.int("min-support", default: minSupport)
        runMinCount = try s.int("run-min-count", default: runMinCount)
        runBonus = try s.double("run-bonus", default: runBonus)
        minAlternative = try s.double("min-alternative", default: minAlternative)
        greedyUnigramWeight = try s.double("greedy-unigram-weight", default: greedyUnigramWeight)
        safeCollocation = try s.int("safe-collocation", default: safeCollocation)
        junctionPenalty = try s.double("junction-penalty", default: junctionPenalty)
        priorWeight = try s.double("prior-weight", default: priorWeight)
        titleGenuineBoost = try s.double("title-genuine-boost", default: titleGenuineBoost)
        titleBigramBonus = try s.double("title-bigram-bonus", default: titleBigramBonus)
        titleBigramMaxCount = try s.int("title-bigram-max-count", default: titleBigramMaxCount)
        collocations = try s.int("collocations", default: collocations)
        strongGain = try s.double("strong-gain", default: strongGain)
        unigramWeight = try s.double("unigram-weight", default: unigramWeight)
        morphWeight = try s.double("morph-weight", default: morphWeight)
        titleSubstringBonus = try s.double("title-substring-bonus", default: titleSubstringBonus)
        entryPrior = try s.double("entry-prior", default: entryPrior)
        maxMorphology = try s.int("max-morphology", default: maxMorphology)
        novelPenalty = try s.double("novel-penalty", default: novelPenalty)
        safeConfidence = try s.double("safe-confidence", default: safeConfidence)
        if let ev = try s.stringList("safe-evidence") {
            let known: Set<String> = ["acronym", "title", "title-whole", "morphology", "legacy"]
            for e in ev where !known.contains(e) {
                throw s.fail("safe-evidence", "unknown evidence '\(e)' (known: acronym, morphology, title, title-whole)")
            }
            safeEvidence = Set(ev)
        }
        safeKnownCount = try s.int("safe-known-count", default: safeKnownCount)
        safeSupport = try s.int("safe-support", default: safeSupport)
        safeMorphShare = try s.double("safe-morph-share", default: safeMorphShare)
        maxGenuine = try s.double("max-genuine", default: maxGenuine)
        genuineNote = try s.double("genuine-note", default: genuineNote)
        emIterations = try s.int("em-iterations", default: emIterations)
        topicWeight = try s.double("topic-weight", default: topicWeight)
        topicCap = try s.double("topic-cap", default: topicCap)
        knownAcronyms = try s.bool("known-acronyms", default: knownAcronyms)
        exclusiveKeywords = try s.bool("exclusive-keywords", default: exclusiveKeywords)
        entryAcronymBonus = try s.double("entry-acronym-bonus", default: entryAcronymBonus)
        prefixedAcronymBonus = try s.double("prefixed-acronym-bonus", default: prefixedAcronymBonus)
        acronymLetterBonus = try s.double("acronym-letter-bonus", default: acronymLetterBonus)
        titleLongFormBonus = try s.double("title-long-form-bonus", default: titleLongFormBonus)
        for item in try s.stringList("calibration") ?? [] {
            let parts = item.split(separator: " ").compactMap { Double($0) }
            guard parts.count == 2, (0...1).contains(parts[0]), (0...1).contains(parts[1]) else {
                throw s.fail("calibration", "each knot is 'RAW CALIBRATED' with both in 0..1, found '\(item)'")
            }
            calibration.append((parts[0], parts[1]))
        }
        guard zip(calibration, calibration.dropFirst()).allSatisfy({ $0.0 < $1.0 }) else {
            throw s.fail("calibration", "knots must have increasing raw values")
        }
        if !FileManager.default.fileExists(atPath: lexicon) { throw s.fail("lexicon", "lexicon file '\(lexicon)' not found") }
    }

    func calibrated(_ raw: Double) -> Double {
        guard let first = calibration.first, let last = calibration.last else { return raw }
        if raw <= first.0 { return first.1 * raw / max(first.0, 1e-9) }
        if raw >= last.0 { return last.1 }
        for (a, b) in zip(calibration, calibration.dropFirst()) where raw <= b.0 {
            return a.1 + (b.1 - a.1) * (raw - a.0) / (b.0 - a.0)
        }
        return last.1
    }

    /// The lexicon, loaded when a rule that reads it is enabled (once per process and path).
    func lexiconData() -> LazyData<Lexicon> { TermSettings.lexiconData(path: lexicon) }

    /// The lexicon at `path`, loaded once per process when a rule that reads it is enabled.
    static func lexiconData(path: String) -> LazyData<Lexicon> {
        // keyed by the standardized path: rules in other folders ('../data/lexicon.tsv') share one load
        LazyData.shared(key: "lexicon:" + (path as NSString).standardizingPath) {
            let t0 = Date()
            defer { if ProcessInfo.processInfo.environment["DIGESTLINT_DEBUG_TERMS"] != nil { FileHandle.standardError.write(Data("lexicon \(Date().timeIntervalSince(t0) * 1000) ms\n".utf8)) } }
            do { return try Lexicon.load(path: path) } catch let e as Lexicon.FormatError {
                throw ConfigError(file: e.file, mark: YAMLMark(line: e.line, column: 1), message: e.message)
            }
        }
    }
}

/// The digest-level finding: which word is the placeholder and why.
struct PlaceholderDiscovered: DocumentCheck {
    let meta: RuleMeta
    let settings: TermSettings
    let lexData: LazyData<Lexicon>
    var lex: Lexicon { lexData.value }
    var data: [any Preloadable] { [lexData] }
    /// reuses corrupted-term's discovery (CorruptedTerms.discovery): scheduled after the entry checks
    var schedule: CheckSchedule { .late }

    func check(_ ctx: CheckContext) -> [Diagnostic] {
        let (texts, found) = CorruptedTerms.discovery(ctx, lex, settings)
        guard let ev = found else { return [] }
        let r = Restorer(texts: texts, lex: lex, placeholder: ev.word, settings: settings)
        guard let site = r.sites().first else { return [] }
        let t = texts[site.text]
        let range = t.field.sourceRange(ByteRange(t.tokens[site.first].start, t.tokens[site.first].end))
        return [Diagnostic(rule: meta.id, category: meta.category, severity: meta.severity,
                           message: "'\(ev.word)' stands in for lost terms in this digest: \(ev.summary)",
                           entry: nil, field: nil, range: range)]
    }
}

/// Every occurrence of the digest's placeholder classified as corrupted or genuine, with ranked restorations.
struct CorruptedTerms: DocumentCheck {
    let meta: RuleMeta
    let settings: TermSettings
    let lexData: LazyData<Lexicon>
    var lex: Lexicon { lexData.value }
    var data: [any Preloadable] { [lexData] }

    /// The digest's texts and its placeholder, computed once per lint run for both rules that need them.
    static func discovery(_ ctx: CheckContext, _ lex: Lexicon, _ s: TermSettings) -> ([TermText], PlaceholderEvidence?) {
        ctx.shared("corrupted-term.discovery\t\(s.lexicon)\t\(s.minDiscoveryScore)\t\(s.minNonWords)") {
            let texts = PlaceholderDiscovery.prepare(ctx.document)
            return (texts, CorruptedTerms.placeholder(texts, ctx.options, lex, s))
        }
    }

    static func placeholder(_ texts: [TermText], _ o: LintOptions, _ lex: Lexicon, _ s: TermSettings) -> PlaceholderEvidence? {
        if let forced = o.placeholder, !forced.isEmpty {
            var total = 0
            for t in texts { total += t.tokens.count }
            var ev = PlaceholderDiscovery.evidence(for: forced, texts: texts, lex: lex, totalTokens: total,
                                                   nonWordWeight: s.nonWordWeight)
            ev.forced = true
            return ev
        }
        return PlaceholderDiscovery.discover(texts, lex: lex, minScore: s.minDiscoveryScore, minNonWords: s.minNonWords,
                                          nonWordWeight: s.nonWordWeight)
    }

    func check(_ ctx: CheckContext) -> [Diagnostic] {
        let debug = Timer.on
        let t0 = Date()
        let (texts, found) = CorruptedTerms.discovery(ctx, lex, settings)
        guard let ev = found else { return [] }
        let t1 = Date()
        let r = Restorer(texts: texts, lex: lex, placeholder: ev.word, settings: settings)
        let res = Inference(r: r).run()
        let t2 = Date()
        let out = res.compactMap { diagnostic($0, r, ctx) }
        if debug { FileHandle.standardError.write(Data("discovery \(t1.timeIntervalSince(t0) * 1000) ms, inference \(t2.timeIntervalSince(t1) * 1000) ms, diagnostics \(Date().timeIntervalSince(t2) * 1000) ms\n".utf8)) }
        return out
    }

    func diagnostic(_ res: SiteResult, _ r: Restorer, _ ctx: CheckContext) -> Diagnostic? {
        let t = r.texts[res.site.text]
        let start = t.tokens[res.site.first].start, end = t.tokens[res.site.last].end
        let original = String(decoding: t.bytes[start..<end], as: UTF8.self)
        guard let best = res.ranked.first else { return nil }
        let titleText = t.entry.title.map { normalized($0) } ?? ""
        var fixes: [Fix] = []
        for (k, h) in res.ranked.prefix(4).enumerated() {
            let conf = (settings.calibrated(h.posterior) * 1000).rounded() / 1000
            if k > 0 && conf < settings.minAlternative { break }
            var app: Applicability = .unsafe
            let confirmed = titleText.contains(normalized(h.replacement))
            if res.site.inURL || h.coined {
                app = confirmed ? .unsafe : .display
            } else if k == 0 && h.posterior >= settings.safeConfidence && h.evidenced && res.decisive {
                app = .safe
            }
            fixes.append(Fix(title: "replace with '\(h.replacement)'", applicability: app, confidence: conf,
                             edits: [ctx.edit(t.field, ByteRange(start, end), h.replacement)]))
        }
        if Timer.on {
            let src = t.field.sourceRange(ByteRange(start, end))
            FileHandle.standardError.write(Data("SITE\t\(src.start)\t\(src.end)\t\(best.replacement)\t\(best.posterior)\t\(res.decisive)\t\(best.reasons.joined(separator: ","))\t\(best.evidenced)\t\(fixes.first?.applicability == .safe)\t\(res.pGenuine)\n".utf8))
        }
        let what = res.site.inURL ? "in a link, " : ""
        let unsure = settings.genuineNote > 0 && res.pGenuine >= settings.genuineNote
        let note = unsure ? ", though the word itself may be meant" : ""
        let placeholder = String(decoding: r.p, as: UTF8.self)
        let subject = original == placeholder ? "'\(original)' here looks like the digest's placeholder," : "'\(original)' looks like the placeholder '\(placeholder)'"
        return ctx.diagnostic(meta, "\(subject) left where a term stood (\(what)likely '\(best.replacement)')\(note)",
                              entry: t.entry, field: t.field, local: ByteRange(start, end), fixes: fixes,
                              severity: unsure ? meta.severity.lowered : nil)
    }

    func normalized(_ s: String) -> String {
        String(String.UnicodeScalarView(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }
}

struct RankedRestoration {
    var replacement: String
    var posterior: Double
    var coined: Bool
    /// Every restored token has decisive evidence (an acronym definition, a title confirmation or
    /// morphology that admits exactly one of the digest's keywords).
    var evidenced = false
    /// Per restored token, the decisive evidence behind it (see `decisiveEvidence`).
    var reasons: [String] = []
}

struct SiteResult {
    var site: PlaceholderSite
    var ranked: [RankedRestoration]
    var decisive: Bool
    var pGenuine = 0.0
}

/// Joint inference of the keyword set and per-site restoration.
struct Inference {
    let r: Restorer

    static let functionWords: Set<[UInt8]> = Set(["of", "for", "and", "the", "in", "on", "to", "with", "a", "an", "by", "via", "from", "as", "at"].map { Array($0.utf8) })

    struct TokenRef: Hashable { var text: Int; var tok: Int }

    func run() -> [SiteResult] {
        let sites = r.sites()
        guard !sites.isEmpty else { return [] }
        let s = r.settings
        Timer.mark("colloc")
        // collocation lists for the neighbours of whole-word placeholders
        var needL = [Bool](repeating: false, count: r.lex.wordCount), needR = needL
        var tokens: [TokenRef] = []
        for site in sites {
            let t = r.texts[site.text]
            for i in site.first...site.last {
                tokens.append(TokenRef(text: site.text, tok: i))
                if let l = context(t, i, -1), let id = r.lex.id(l[...]) { needL[Int(id)] = true }
                if let rt = context(t, i, 1), let id = r.lex.id(rt[...]) { needR[Int(id)] = true }
            }
        }
        var succC: [Int32: [(Int32, Int32)]] = [:], predC: [Int32: [(Int32, Int32)]] = [:]
        r.lex.forEachBigram { l, rt, c in
            if needL[Int(l)] { succC[l, default: []].append((rt, c)) }
            if needR[Int(rt)] { predC[rt, default: []].append((l, c)) }
        }
        let succ = succC.mapValues { Array($0.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(s.collocations).map(\.0)) }
        let pred = predC.mapValues { Array($0.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(40).map(\.0)) }
        Timer.mark("present")
        // substrings of the digest's words: a keyword never survives intact
        var present = HashSet64(capacity: 1 << 18)
        var seenTokens = HashSet64(capacity: 1 << 15)
        for t in r.texts {
            for tk in t.tokens {
                let w = t.bytes[tk.start..<tk.end]
                guard seenTokens.insert(fnv(w)) else { continue }
                for a in w.indices where a + 2 <= w.endIndex {
                    for e in (a + 2)...min(w.endIndex, a + 16) { present.insert(fnv(w[a..<e])) }
                }
            }
        }
        var intactCache: [[UInt8]: Bool] = [:]
        func isIntact(_ x: [UInt8]) -> Bool {
            if x.count <= 16 { return present.contains(fnv(x[...])) }
            return r.intact(x, cache: &intactCache)
        }
        Timer.mark("proposals")
        // proposals per token (morphology scans cached per prefix/suffix pair)
        var bonus: [TokenRef: [[UInt8]: Double]] = [:]
        var proposers: [[UInt8]: [Int]] = [:]
        var morphCache: [[UInt8]: [Restorer.Proposal]] = [:]
        // runs ('item item'): frequent collocations whose two words both never survive intact
        var runPairs: [([UInt8], [UInt8])] = []
        if sites.contains(where: { $0.last > $0.first }) {
            var found: [([UInt8], [UInt8], Int32)] = []
            var usable = [Int8](repeating: -1, count: r.lex.wordCount)   // per word id: -1 unknown, 0 no, 1 yes
            func ok(_ id: Int32) -> Bool {
                let i = Int(id)
                if usable[i] < 0 {
                    let w = r.lex.flat[Int(r.lex.flatStart[i])..<Int(r.lex.flatStart[i + 1])]
                    usable[i] = w.count >= 2 && w.count <= 16 && !present.contains(fnv(w)) && r.valid(Array(w)) ? 1 : 0
                }
                return usable[i] == 1
            }
            r.lex.forEachBigram { l, rt, c in
                guard c >= Int32(s.runMinCount), ok(l), ok(rt) else { return }
                found.append((Array(r.lex.bytes(Int(l))), Array(r.lex.bytes(Int(rt))), c))
            }
            found.sort { $0.2 != $1.2 ? $0.2 > $1.2 : ($0.0 + [0] + $0.1).lexicographicallyPrecedes($1.0 + [0] + $1.1) }
            runPairs = found.prefix(40).map { ($0.0, $0.1) }
        }
        var inRun: [TokenRef: Int] = [:]   // 0: first word of a run, 1: a later word
        for site in sites where site.last > site.first {
            for i in site.first...site.last { inRun[TokenRef(text: site.text, tok: i)] = i == site.first ? 0 : 1 }
        }
        // acronyms the lexicon saw defined by the long form before a parenthesised token: keywords for sure
        var knownAcronyms = Set<[UInt8]>()
        // per text: acronyms the entry defines by a long form the lexicon knows (they weigh on its other sites)
        var entryKnown: [Int: Set<[UInt8]>] = [:]
        for (k, ref) in tokens.enumerated() {
            var m: [[UInt8]: Double] = [:]
            for pr in r.propose(r.texts[ref.text], ref.tok, succ: succ, pred: pred, morphCache: &morphCache) where r.valid(pr.x) {
                m[pr.x] = max(m[pr.x] ?? 0, pr.bonus)
                if pr.known && !isIntact(pr.x) {
                    if s.knownAcronyms { knownAcronyms.insert(pr.x) }
                    entryKnown[ref.text, default: []].insert(pr.x)
                }
            }
            if let pos = inRun[ref] {
                let w = Array(r.texts[ref.text].word(ref.tok))
                for (l, rt) in runPairs {
                    let form = pos == 0 ? l : rt
                    let x: [UInt8]? = w == r.p ? form : (form.last == 115 ? Array(form.dropLast()) : nil)
                    if let x = x, r.valid(x) { m[x] = max(m[x] ?? 0, s.runBonus) }
                }
            }
            m = m.filter { !isIntact($0.key) }
            bonus[ref] = m
            for x in m.keys { proposers[x, default: []].append(k) }
        }
        let titles: [[UInt8]] = r.texts.map { t in
            var out: [UInt8] = [32]
            for c in t.entry.field(.title)?.text ?? [] {
                if c >= 65 && c <= 90 { out.append(c + 32) } else if WordTokens.isWordByte(c) { out.append(c) } else if out.last != 32 { out.append(32) }
            }
            if out.last != 32 { out.append(32) }
            return out
        }
        func lowerASCII(_ b: [UInt8]) -> [UInt8] { b.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }
        /// An acronym keyword glued to lower-case letters ('AIstone') is an implausible restoration.
        func junction(_ tok: ArraySlice<UInt8>, _ x: [UInt8]) -> Double {
            guard let last = x.last, last >= 65 && last <= 90 else { return 0 }
            let (_, b, _) = r.split(tok)
            guard let f = b.first, f >= 97 && f <= 122, b != [115], b != [101, 115] else { return 0 }
            return s.junctionPenalty
        }
        // each title's lower-cased words, in order
        let titleWordList: [[ArraySlice<UInt8>]] = titles.map { t in
            var words: [ArraySlice<UInt8>] = []
            var a = 0
            for i in 0...t.count where i == t.count || t[i] == 32 {
                if i > a { words.append(t[a..<i]) }
                a = i + 1
            }
            return words
        }
        // the word pairs of every title of the digest (hashes of 'left right')
        var titlePairs = Set<UInt64>()
        if s.titleBigramBonus != 0 {
            for words in titleWordList {
                for k in words.indices.dropFirst() { titlePairs.insert(fnvLowerPair(words[k - 1], words[k])) }
            }
        }
        /// The title-pair bonus of reading `rr` between `left` and `right` (informative neighbours only).
        func titlePair(_ rr: [UInt8], _ left: [UInt8]?, _ right: [UInt8]?) -> Double {
            guard !titlePairs.isEmpty else { return 0 }
            if let n = left, titlePairs.contains(fnvLowerPair(n[...], rr[...])), r.lex.count(n[...]) <= s.titleBigramMaxCount {
                return s.titleBigramBonus
            }
            if let n = right, titlePairs.contains(fnvLowerPair(rr[...], n[...])), r.lex.count(n[...]) <= s.titleBigramMaxCount {
                return s.titleBigramBonus
            }
            return 0
        }
        // lower-cased title words (hashes) per text, for exact matches without allocating
        let titleWords: [Set<UInt64>] = titleWordList.map { Set($0.map { fnv($0) }) }
        var substringCache: [UInt64: Bool] = [:]   // by hash of (text, keyword)
        // the long forms the lexicon knows for each acronym (' retrieval augmented generation ')
        var longForms: [String: [[UInt8]]] = [:]
        if s.titleLongFormBonus != 0 {
            for (long, acrs) in r.lex.acronymsByLongForm where long.contains(" ") {
                let norm = Array((" " + long.map { $0.isLetter || $0.isNumber ? String($0) : " " }.joined() + " ").utf8)
                for (acr, c) in acrs where c >= 2 { longForms[acr, default: []].append(norm) }
            }
        }
        func titleBonus(_ text: Int, _ rr: [UInt8], _ x: [UInt8]) -> Double {
            if titleWords[text].contains(fnvLower(rr[...])) { return s.titleBonus }
            if s.titleLongFormBonus != 0, let forms = longForms[String(decoding: rr, as: UTF8.self)],
               forms.contains(where: { PlaceholderDiscovery.contains(titles[text][...], $0) }) { return s.titleLongFormBonus }
            guard x.count >= 3 else { return 0 }
            let key = fnv(x[...]) &+ UInt64(text) &* 0x9E37_79B9_7F4A_7C15
            if let v = substringCache[key] { return v ? s.titleSubstringBonus : 0 }
            let v = PlaceholderDiscovery.contains(titles[text][...], lowerASCII(x))
            substringCache[key] = v
            return v ? s.titleSubstringBonus : 0
        }
        // topic: the ids of each entry's words (title and abstract, tokens holding the placeholder left out)
        let topicOn = s.topicWeight != 0 && r.lex.associationCount > 0
        let entryWords: [Set<Int32>] = !topicOn ? [] : r.texts.map { t in
            var set = Set<Int32>()
            for i in t.tokens.indices where r.occurrences(in: t.word(i)).isEmpty {
                if let id = r.lex.id(t.word(i)) { set.insert(id) }
            }
            if let title = t.entry.field(.title) {
                for tk in WordTokens.scan(title.text) {
                    let w = title.text[tk.start..<tk.end]
                    if r.occurrences(in: w).isEmpty, let id = r.lex.id(w) { set.insert(id) }
                }
            }
            return set
        }
        var topicCache: [UInt64: Double] = [:]   // by hash of (text, restored word)
        let docs = Double(max(1, r.lex.documents))
        /// The entry's evidence for a restored word: PMI over shared abstracts with its associates present.
        func topic(_ text: Int, _ rr: [UInt8]) -> Double {
            guard topicOn else { return 0 }
            let key = fnv(rr[...]) &+ UInt64(text) &* 0x9E37_79B9_7F4A_7C15
            if let v = topicCache[key] { return v }
            var v = 0.0
            if let id = r.lex.id(rr[...]) ?? r.lex.id(lowerASCII(rr)[...]) {
                let dfx = Double(r.lex.documentFrequency(id))
                if dfx > 0 {
                    r.lex.forEachAssociate(of: id) { c, n in
                        guard entryWords[text].contains(c) else { return }
                        v += log(Double(n) * docs / (dfx * Double(max(1, r.lex.documentFrequency(c)))))
                    }
                }
            }
            v = s.topicWeight * min(v, s.topicCap)
            topicCache[key] = v
            return v
        }
        // sites inside a long form whose acronym follows intact: 'Multi-item Interest Mining (MLIM)'
        // per site: the acronym's capitals and the initials of the long form's words after the site
        var acronymAfter: [TokenRef: (caps: [UInt8], after: [UInt8])] = [:]
        if s.acronymLetterBonus != 0 {
            for ref in tokens {
                let t = r.texts[ref.text]
                var j = ref.tok + 1
                while j < t.tokens.count && j <= ref.tok + 8 {
                    if !r.occurrences(in: t.word(j)).isEmpty { break }       // another damaged word spells nothing
                    if Acronyms.isParenthesized(t.bytes, t.tokens, j) {
                        if let caps = Acronyms.letters(t.word(j)) {
                            acronymAfter[ref] = (caps, Acronyms.initials(t.bytes, t.tokens, ref.tok + 1, j, skipHyphenated: false))
                        }
                        break
                    }
                    if !t.tokens[j].joined { break }                        // the long form is contiguous
                    j += 1
                }
            }
        }
        /// The initials of the restored token `rr` complete the acronym after the long form (the words
        /// before the site, the restored word's own words, the words after it, all joined, spell its capitals).
        func acronymLetter(_ ref: TokenRef, _ rr: [UInt8]) -> Double {
            guard let (caps, after) = acronymAfter[ref] else { return 0 }
            let t = r.texts[ref.text]
            var mine: [UInt8] = []
            var wordStart = true
            for c in rr {
                if c == 32 || c == 45 { wordStart = true } else if wordStart { mine.append(c >= 97 && c <= 122 ? c - 32 : c); wordStart = false }
            }
            guard mine.count + after.count <= caps.count, caps.suffix(mine.count + after.count).elementsEqual(mine + after) else { return 0 }
            let need = caps.count - mine.count - after.count
            guard need <= ref.tok else { return 0 }
            if need > 0 && !((ref.tok - need + 1)...ref.tok).allSatisfy({ t.tokens[$0].joined }) { return 0 }
            let before = Acronyms.initials(t.bytes, t.tokens, ref.tok - need, ref.tok, skipHyphenated: false)
            return before.elementsEqual(caps.prefix(need)) ? s.acronymLetterBonus : 0
        }
        func score(_ ref: TokenRef, _ x: [UInt8]) -> Double {
            let t = r.texts[ref.text]
            let rr = r.restore(t.word(ref.tok), x)
            let left = context(t, ref.tok, -1), right = context(t, ref.tok, 1)
            return r.local(rr, x: x, left: left, right: right) + (bonus[ref]?[x] ?? 0) + titlePair(rr, left, right)
                + titleBonus(ref.text, rr, x) - junction(t.word(ref.tok), x) + topic(ref.text, rr) + entryBonus(ref, x) + acronymLetter(ref, rr)
        }
        /// An acronym the entry defines elsewhere (by a long form the lexicon knows) is likely at its other sites.
        func entryBonus(_ ref: TokenRef, _ x: [UInt8]) -> Double {
            guard s.entryAcronymBonus != 0, entryKnown[ref.text]?.contains(x) == true, (bonus[ref]?[x] ?? 0) < s.acronymBonus else { return 0 }
            return s.entryAcronymBonus
        }
        /// Whether a known word of the lexicon, longer than the placeholder, covers its occurrence in an
        /// unknown token ('unwatermarked' holds 'watermark'): such tokens are rare words, not damage.
        func coversWord(_ w: ArraySlice<UInt8>) -> Bool {
            let b = lowerASCII(Array(w))
            let occ = r.occurrences(in: b[...])
            guard occ.count == 1, let o = occ.first else { return false }
            for a in 0...o {
                for e in (o + r.p.count)...b.count where e - a >= r.p.count + 3 && !(a == 0 && e == b.count) {
                    if r.lex.count(b[a..<e]) >= 5 { return true }
                }
            }
            return false
        }
        // a genuine use is as likely as the word's domain rate explains its count in this digest
        var digestTokens = 0
        for t in r.texts { digestTokens += t.tokens.count }
        var formCount: [[UInt8]: Int] = [:]
        for ref in tokens { formCount[Array(r.texts[ref.text].word(ref.tok)), default: 0] += 1 }
        var genPrior: [TokenRef: Double] = [:]
        for ref in tokens {
            let w = Array(r.texts[ref.text].word(ref.tok))
            let c = max(r.lex.count(w[...]), r.lex.count(lowerASCII(w)[...]))
            let expected = Double(c) / Double(r.lex.totalTokens) * Double(digestTokens)
            var prior = s.genuinePrior * expected / Double(formCount[w]!)
            // titles were never damaged: a title using the word makes genuine uses in its abstract likely
            if PlaceholderDiscovery.contains(titles[ref.text][...], [32] + r.p) { prior *= s.titleGenuineBoost }
            genPrior[ref] = min(0.95, max(0.002, prior))
        }
        func genuine(_ ref: TokenRef) -> Double? {
            let t = r.texts[ref.text]
            let w = t.word(ref.tok)
            guard r.lex.count(w) >= 2 || r.lex.count(lowerASCII(Array(w))[...]) >= 2 || coversWord(w) else { return nil }
            // '(word)' after a long form that spells another acronym is no genuine use
            if Acronyms.isParenthesized(t.bytes, t.tokens, ref.tok) && PlaceholderDiscovery.acronymMismatch(t, ref.tok, r.lex) { return nil }
            let left = context(t, ref.tok, -1), right = context(t, ref.tok, 1)
            return r.local(Array(w), x: r.p, left: left, right: right) + log(genPrior[ref]!)
                + topic(ref.text, Array(w)) + titlePair(Array(w), left, right)
        }
        var gen: [TokenRef: Double] = [:]
        var cur: [Double] = []
        for ref in tokens { let g = genuine(ref); gen[ref] = g; cur.append(max(g ?? s.unexplained, s.unexplained)) }
        Timer.mark("greedy")
        // greedy keyword selection over flat (token, score) lists per candidate
        var cands: [[UInt8]] = proposers.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var pairs: [[(Int, Double)]] = []
        var strongX: [Bool] = []
        // candidates from acronym definitions are scored against every token and need no second supporter
        var acronymX = Set<[UInt8]>()
        for (_, m) in bonus { for (x, b) in m where b >= s.acronymBonus { acronymX.insert(x) } }
        cands.removeAll { proposers[$0]!.count < s.minSupport && !acronymX.contains($0) }
        var supportNeeded: [Int] = []
        let leftCtx = tokens.map { context(r.texts[$0.text], $0.tok, -1) }
        let rightCtx = tokens.map { context(r.texts[$0.text], $0.tok, 1) }
        let wholeTok = tokens.map { ref -> Bool in
            let (a0, b0, _) = r.split(r.texts[ref.text].word(ref.tok))
            return a0.isEmpty && (b0.isEmpty || b0 == [115])
        }
        for x in cands {
            var list: [(Int, Double)] = []
            var strong = false
            let all = acronymX.contains(x)
            for k in all ? Array(tokens.indices) : proposers[x]! {
                let ref = tokens[k]
                let t = r.texts[ref.text]
                let rr = r.restore(t.word(ref.tok), x)
                let tb = titleBonus(ref.text, rr, x)
                let b = bonus[ref]?[x] ?? 0
                // whole words: the keyword must win by its context, not by being a frequent word
                let uw = wholeTok[k] ? s.greedyUnigramWeight : s.unigramWeight
                let base = wholeTok[k] ? (s.unigramWeight - uw) * r.logP(0) : 0
                list.append((k, r.local(rr, x: x, left: leftCtx[k], right: rightCtx[k], unigramWeight: uw) + base + b + tb - (wholeTok[k] ? 0 : junction(t.word(ref.tok), x)) + topic(ref.text, rr) + entryBonus(ref, x)
                    + titlePair(rr, leftCtx[k], rightCtx[k])))
                if (bonus[ref]?[x] != nil && gen[ref] == nil) || b > 0 || tb > 0 { strong = true }
            }
            pairs.append(list)
            strongX.append(strong)
            supportNeeded.append(all ? 1 : s.minSupport)
        }
        if Timer.on { FileHandle.standardError.write(Data("tokens \(tokens.count), candidates \(cands.count), pairs \(pairs.reduce(0) { $0 + $1.count }), proposers \(proposers.count)\n".utf8)) }
        var keywords: [[UInt8]] = []
        var scoreCache: [UInt64: Double] = [:]   // by hash of (token, keyword)
        func cached(_ ref: TokenRef, _ x: [UInt8]) -> Double {
            let key = fnv(x[...]) &+ (UInt64(ref.text) << 32 | UInt64(ref.tok)) &* 0x9E37_79B9_7F4A_7C15
            if let v = scoreCache[key] { return v }
            let v = score(ref, x)
            scoreCache[key] = v
            return v
        }
        var alive = [Bool](repeating: true, count: cands.count)
        /// One keyword inside another: one generator replacement explains both ('MLLM' holds 'LLM').
        func overlaps(_ a: [UInt8], _ b: [UInt8]) -> Bool {
            a.count <= b.count ? PlaceholderDiscovery.contains(b[...], a) : PlaceholderDiscovery.contains(a[...], b)
        }
        // known acronym definitions decide their keywords before any gain is weighed: a frequent keyword
        // that fits the same contexts ('AI' for 'RAG') must not absorb them
        for (c, x) in cands.enumerated() where knownAcronyms.contains(x) && keywords.count < s.maxKeywords
            && !(s.exclusiveKeywords && keywords.contains(where: { overlaps($0, x) })) {
            keywords.append(x)
            alive[c] = false
            for (k, ref) in tokens.enumerated() { cur[k] = max(cur[k], cached(ref, x)) }
        }
        // acronym definitions are the most decisive evidence: their keywords are chosen first
        var acronymPhase = true
        while keywords.count < s.maxKeywords {
            var best = -1, bestGain = s.minGain
            for (c, list) in pairs.enumerated() where alive[c] && (!acronymPhase || acronymX.contains(cands[c])) {
                if s.exclusiveKeywords && keywords.contains(where: { overlaps($0, cands[c]) }) { alive[c] = false; continue }
                var g = 0.0, support = 0
                for (k, v) in list { let d = v - cur[k]; if d > 0 { g += d; support += 1 } }
                if support < supportNeeded[c] || (!strongX[c] && g < s.strongGain) { continue }
                if g > bestGain { bestGain = g; best = c }
            }
            if best < 0 && acronymPhase { acronymPhase = false; continue }
            guard best >= 0 else { break }
            let x = cands[best]
            if Timer.on { FileHandle.standardError.write(Data("greedy \(String(decoding: x, as: UTF8.self)) gain \(bestGain) acronymPhase \(acronymPhase)\n".utf8)) }
            keywords.append(x)
            alive[best] = false
            for (k, ref) in tokens.enumerated() { cur[k] = max(cur[k], cached(ref, x)) }
        }
        cands.removeAll()
        guard !keywords.isEmpty else { return [] }
        if Timer.on {
            FileHandle.standardError.write(Data(("keywords: " + keywords.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ") + "\n").utf8))
        }
        Timer.mark("mixture")
        // mixture weights from the current assignment
        var n: [[UInt8]: Double] = [:]
        var assigned: [TokenRef: [UInt8]] = [:]   // [] stands for a genuine use
        var nEntry: [Int: [[UInt8]: Double]] = [:]
        var nEntryTotal: [Int: Double] = [:]
        for ref in tokens {
            var best = gen[ref] ?? -Double.infinity, arg: [UInt8] = []
            for x in keywords { let v = cached(ref, x); if v > best { best = v; arg = x } }
            if !arg.isEmpty { n[arg, default: 0] += 1 }
            assigned[ref] = arg
            nEntry[ref.text, default: [:]][arg, default: 0] += 1
            nEntryTotal[ref.text, default: 0] += 1
        }
        var total = n.values.reduce(0, +) + 0.5 * Double(keywords.count)
        func logPiGlobal(_ x: [UInt8]) -> Double { s.priorWeight * log(((n[x] ?? 0) + 0.5) / total) }
        /// The weight of a keyword (or of a genuine use, x = []) in this entry, leave-one-out, backed off
        /// to the digest's keyword mixture and the word's genuine prior.
        func logPiEntry(_ x: [UInt8], _ ref: TokenRef) -> Double {
            let own = assigned[ref] == x ? 1.0 : 0.0
            let c = (nEntry[ref.text]?[x] ?? 0) - own
            let tot = (nEntryTotal[ref.text] ?? 0) - 1
            let gp = genPrior[ref]!
            let back = x.isEmpty ? gp : (1 - gp) * exp(logPiGlobal(x))
            return log((c + s.entryPrior * back) / (tot + s.entryPrior))
        }
        // a few hard-EM rounds: reassign every token under the entry's keyword mixture, so that what an
        // entry decides elsewhere (an acronym definition, impossible forms) weighs on its ambiguous tokens
        for _ in 0..<s.emIterations {
            var next: [TokenRef: [UInt8]] = [:]
            for ref in tokens {
                var best = gen[ref].map { $0 - log(genPrior[ref]!) + logPiEntry([], ref) } ?? -Double.infinity, arg: [UInt8] = []
                for x in keywords { let v = cached(ref, x) + logPiEntry(x, ref); if v > best { best = v; arg = x } }
                next[ref] = arg
            }
            guard next != assigned else { break }
            assigned = next
            n = [:]; nEntry = [:]; nEntryTotal = [:]
            for ref in tokens {
                let arg = assigned[ref]!
                if !arg.isEmpty { n[arg, default: 0] += 1 }
                nEntry[ref.text, default: [:]][arg, default: 0] += 1
                nEntryTotal[ref.text, default: 0] += 1
            }
            total = n.values.reduce(0, +) + 0.5 * Double(keywords.count)
        }

        /// Evidence that decides a restoration on its own, whatever the digest-wide statistics say
        /// (empty: none; a `safe` fix needs it for every restored token):
        /// - acronym: the token is an acronym in parentheses that exactly one proposal spells from the long
        ///   form before it (a long form holding the placeholder is damaged itself and decides nothing);
        /// - title: the token is the placeholder inside a longer word, the restored word is a word of the
        ///   entry's (never damaged) title and no other keyword restores the token to a title word
        ///   ('title-whole' admits whole-word tokens too: weaker, a title word may stand anywhere);
        /// - morphology: the damaged token is no word, and among the lexicon's words of its shape whose
        ///   keyword never survives intact in the digest, the restored one holds nearly all the count
        ///   mass (`safe-morph-share`), and the keyword restores several tokens (`safe-support`).
        /// A capitalised restoration in the middle of a sentence ('unit intelligence' -> 'Artificial
        /// intelligence') is never decided.
        func decisiveEvidence(_ ref: TokenRef, _ w: ArraySlice<UInt8>, _ x: [UInt8], _ rr: [UInt8]) -> String {
            let t = r.texts[ref.text]
            if let f = rr.first, f >= 65 && f <= 90, rr.count > 1, rr[1] >= 97 && rr[1] <= 122 {
                var k = t.tokens[ref.tok].start - 1
                while k >= 0 && (t.bytes[k] == 32 || t.bytes[k] == 40 || t.bytes[k] == 34) { k -= 1 }
                if k >= 0 && ![46, 33, 63, 58].contains(t.bytes[k]) { return "" }
            }
            let others = keywords.filter { $0 != x }
            let (a, b, _) = r.split(w)
            let whole = a.isEmpty && (b.isEmpty || b == [115])
            if s.safeEvidence.contains("acronym") && (bonus[ref]?[x] ?? 0) >= s.acronymBonus && Acronyms.letters(rr) != nil {
                // the n words before spell its n capitals, none damaged, none a function word (whether
                // 'of' counts is ambiguous), and the plural agrees with the long form's last word
                let caps = Acronyms.letters(rr) ?? []
                let n = caps.count
                let from = ref.tok - n
                let plural = ref.tok > 0 && t.word(ref.tok - 1).last == 115
                if n >= 2 && from >= 0 && Acronyms.initials(t.bytes, t.tokens, from, ref.tok, skipHyphenated: false) == caps
                    && (from..<ref.tok).allSatisfy({ r.occurrences(in: t.word($0)).isEmpty && !Inference.functionWords.contains(Array(t.word($0))) })
                    && (from + 1..<ref.tok).allSatisfy({ t.tokens[$0].joined })
                    && plural == (rr.last == 115) {
                    return "acronym"
                }
            }
            let tw = titleWords[ref.text]
            if (s.safeEvidence.contains("title") && !whole || s.safeEvidence.contains("title-whole"))
                && rr.count >= 3 && tw.contains(fnv(lowerASCII(rr)[...]))
                && !tw.contains(fnv(lowerASCII(r.p)[...]))
                && !others.contains(where: { tw.contains(fnv(lowerASCII(r.restore(w, $0))[...])) }) {
                return "title"
            }
            if s.safeEvidence.contains("morphology") && !whole && gen[ref] == nil
                && r.lex.count(rr[...]) >= s.safeKnownCount && (n[x] ?? 0) >= Double(s.safeSupport)
                && !others.contains(where: { r.lex.count(r.restore(w, $0)[...]) >= 2 }) {
                // the lexicon's words of this shape whose keyword is lost from the digest
                let props = morphCache[a + [0] + b] ?? []
                if props.count < s.maxMorphology {
                    var mass = 0, mine = 0
                    for pr in props where r.valid(pr.x) && !isIntact(pr.x) {
                        let c = r.lex.count(r.restore(w, pr.x)[...])
                        mass += c
                        if pr.x == x { mine += c }
                    }
                    if mine > 0 && Double(mine) >= s.safeMorphShare * Double(mass) { return "morphology" }
                }
            }
            if s.safeEvidence.contains("legacy") {
                // the earlier rule (for comparison only): any proposal bonus, an impossible form restored
                // to a known word, or a collocation with a neighbour
                let i = ref.tok
                let known = r.lex.count(rr[...]) >= 5
                let left = context(r.texts[ref.text], i, -1), right = context(r.texts[ref.text], i, 1)
                let colloc = known && ((left.map { r.lex.bigram(String(decoding: $0, as: UTF8.self), String(decoding: rr, as: UTF8.self)) } ?? 0) >= s.safeCollocation
                    || (right.map { r.lex.bigram(String(decoding: rr, as: UTF8.self), String(decoding: $0, as: UTF8.self)) } ?? 0) >= s.safeCollocation)
                if (bonus[ref]?[x] ?? 0) > 0 || (gen[ref] == nil && known && !whole) || colloc { return "legacy" }
            }
            return ""
        }

        Timer.mark("sites")
        var results: [SiteResult] = []
        for site in sites {
            let t = r.texts[site.text]
            // options per token: genuine (nil) and keywords, best first
            var opts: [[([UInt8]?, Double)]] = []
            for i in site.first...site.last {
                let ref = TokenRef(text: site.text, tok: i)
                let notGenuine = log(1 - genPrior[ref]!)
                var o: [([UInt8]?, Double)] = keywords.map { ($0, cached(ref, $0) + logPiEntry($0, ref)) }
                for (x, b) in bonus[ref] ?? [:] where !keywords.contains(x)
                    && (b >= s.acronymBonus || titleBonus(ref.text, r.restore(t.word(i), x), x) >= s.titleBonus) {
                    o.append((x, cached(ref, x) + log(0.5 / total) - s.novelPenalty + notGenuine))
                }
                if let g = gen[ref] { o.append((nil, g - log(genPrior[ref]!) + logPiEntry([], ref))) }
                o.sort { a, b in a.1 != b.1 ? a.1 > b.1 : (a.0 ?? []).lexicographicallyPrecedes(b.0 ?? []) }
                if Timer.on {
                    let ctx = "\(context(t, i, -1).map { String(decoding: $0, as: UTF8.self) } ?? "-") [\(String(decoding: t.word(i), as: UTF8.self))] \(context(t, i, 1).map { String(decoding: $0, as: UTF8.self) } ?? "-")"
                    let g = gen[ref].map { "gen \($0) prior \(genPrior[ref]!) topic \(topic(ref.text, Array(t.word(i))))" } ?? "gen -"
                    FileHandle.standardError.write(Data("OPTS \(t.field.sourceRange(ByteRange(t.tokens[i].start, t.tokens[i].end)).start) \(ctx) | \(g) | \(o.prefix(4).map { "\($0.0.map { String(decoding: $0, as: UTF8.self) } ?? "GENUINE")=\(String(format: "%.2f", $0.1)) t=\(String(format: "%.2f", $0.0.map { topic(ref.text, r.restore(t.word(i), $0)) } ?? 0))" }.joined(separator: " "))\n".utf8))
                }
                opts.append(Array(o.prefix(site.first == site.last ? 12 : 5)))
            }
            var hyps: [([[UInt8]?], Double)] = []
            if site.first == site.last {
                hyps = opts[0].map { ([$0.0], $0.1) }
            } else {
                // joint scoring of a run: each token in the context of its restored neighbours
                func combos(_ k: Int, _ acc: [[UInt8]?]) {
                    if k == opts.count {
                        var sc = 0.0
                        var restored: [[UInt8]] = []
                        for (j, x) in acc.enumerated() {
                            let w = t.word(site.first + j)
                            restored.append(x.map { r.restore(w, $0) } ?? Array(w))
                        }
                        for (j, x) in acc.enumerated() {
                            let i = site.first + j
                            let left = j > 0 ? restored[j - 1] : context(t, i, -1)
                            let right = j + 1 < acc.count ? restored[j + 1] : context(t, i, 1)
                            let ref = TokenRef(text: site.text, tok: i)
                            if let x = x {
                                sc += r.local(restored[j], x: x, left: left, right: right) + titlePair(restored[j], left, right) + (bonus[ref]?[x] ?? 0) + titleBonus(site.text, restored[j], x) - junction(t.word(i), x) + topic(site.text, restored[j]) + entryBonus(ref, x) + (keywords.contains(x) ? logPiEntry(x, ref) : log(0.5 / total) - s.novelPenalty) + log(1 - genPrior[ref]!)
                            } else {
                                sc += r.local(restored[j], x: r.p, left: left, right: right) + titlePair(restored[j], left, right) + log(genPrior[ref]!) + topic(site.text, restored[j])
                            }
                        }
                        hyps.append((acc, sc))
                        return
                    }
                    for (x, _) in opts[k] { combos(k + 1, acc + [x]) }
                }
                combos(0, [])
            }
            guard !hyps.isEmpty else { continue }
            let mx = hyps.map(\.1).max()!
            let z = hyps.map { exp($0.1 - mx) }.sorted().reduce(0.0, +)
            var ranked: [RankedRestoration] = []
            var pGenuine = 0.0
            var seen = Set<String>()
            func key(_ xs: [[UInt8]?]) -> [UInt8] { xs.flatMap { ($0 ?? []) + [0] } }
            for (xs, sc) in hyps.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : key($0.0).lexicographicallyPrecedes(key($1.0)) }) {
                let post = exp(sc - mx) / z
                if xs.allSatisfy({ $0 == nil }) { pGenuine += post; continue }
                // rebuild the run's text with the restored tokens
                var out: [UInt8] = []
                var coined = false
                var evidenced = true
                var reasons: [String] = []
                var pos = t.tokens[site.first].start
                for (j, x) in xs.enumerated() {
                    let tk = t.tokens[site.first + j]
                    out += t.bytes[pos..<tk.start]
                    let w = t.word(site.first + j)
                    let rr = x.map { r.restore(w, $0) } ?? Array(w)
                    if x != nil && r.lex.count(rr[...]) < 2 && r.lex.count(Array(String(decoding: rr, as: UTF8.self).lowercased().utf8)[...]) < 2 && rr.contains(where: { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }) { coined = true }
                    out += rr
                    pos = tk.end
                    if let x = x {
                        let why = decisiveEvidence(TokenRef(text: site.text, tok: site.first + j), w, x, rr)
                        if why.isEmpty { evidenced = false } else { reasons.append(why) }
                    } else {
                        evidenced = false
                    }
                }
                let rep = String(decoding: out, as: UTF8.self)
                guard seen.insert(rep).inserted else { continue }
                ranked.append(RankedRestoration(replacement: rep, posterior: post, coined: coined, evidenced: evidenced, reasons: reasons))
            }
            guard pGenuine < s.maxGenuine, !ranked.isEmpty else { continue }
            let impossible = (site.first...site.last).contains { gen[TokenRef(text: site.text, tok: $0)] == nil }
            results.append(SiteResult(site: site, ranked: ranked, decisive: impossible || pGenuine < 0.01, pGenuine: pGenuine))
        }
        return results
    }

    /// A neighbour word as context, unless it holds the placeholder itself.
    func context(_ t: TermText, _ i: Int, _ d: Int) -> [UInt8]? {
        guard let w = r.neighbour(t, i, d) else { return nil }
        return r.occurrences(in: w[...]).isEmpty ? w : nil
    }
}

enum Timer {
    nonisolated(unsafe) static var last = Date()
    /// $DIGESTLINT_DEBUG_TERMS, read once per process (the environment getter copies the whole environment)
    static let on = ProcessInfo.processInfo.environment["DIGESTLINT_DEBUG_TERMS"] != nil
    static func mark(_ what: String) {
        guard on else { return }
        let now = Date()
        FileHandle.standardError.write(Data("  before \(what): +\(Int(now.timeIntervalSince(last) * 1e6)) us\n".utf8))
        last = now
    }
}

/// A small open-addressing set of 64-bit hashes (0 is reserved as the empty slot).
struct HashSet64 {
    private var slots: [UInt64]
    private let mask: Int
    init(capacity: Int) { slots = [UInt64](repeating: 0, count: capacity); mask = capacity - 1 }
    /// Inserts; false when already present. Keeps going when full (a full table only loses inserts).
    @discardableResult mutating func insert(_ h: UInt64) -> Bool {
        let k = h == 0 ? 1 : h
        var i = Int(truncatingIfNeeded: k ^ (k >> 29)) & mask
        for _ in 0...mask {
            let v = slots[i]
            if v == k { return false }
            if v == 0 { slots[i] = k; return true }
            i = (i + 1) & mask
        }
        return false
    }
    func contains(_ h: UInt64) -> Bool {
        let k = h == 0 ? 1 : h
        var i = Int(truncatingIfNeeded: k ^ (k >> 29)) & mask
        for _ in 0...mask {
            let v = slots[i]
            if v == k { return true }
            if v == 0 { return false }
            i = (i + 1) & mask
        }
        return false
    }
}
