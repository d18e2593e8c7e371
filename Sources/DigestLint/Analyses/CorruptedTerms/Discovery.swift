import Foundation

/// One abstract prepared for the corrupted-term analyses.
struct TermText {
    let entry: Entry
    let field: FieldText
    let bytes: [UInt8]
    let tokens: [WordToken]
    func word(_ i: Int) -> ArraySlice<UInt8> { bytes[tokens[i].start..<tokens[i].end] }
}

/// Why a word was taken for the placeholder.
struct PlaceholderEvidence {
    var word: String
    var occurrences = 0
    var expected = 0.0
    var nonWords: [String] = []
    /// Abstracts holding at least one impossible form: one abstract about label noise writes
    /// 'mislabeled', 'mislabeling' and 'unlabeled' together, a generator's damage spreads over many.
    var nonWordTexts = 0
    var acronymMismatches = 0
    var articleMismatches = 0
    /// Impossible forms that chance explains: unknown tokens holding the word as often as known words do.
    var chanceNonWords = 0.0
    var score = 0.0
    var forced = false

    var summary: String {
        if forced { return "'\(word)' was given as the placeholder (\(occurrences) occurrences)" }
        var parts = ["\(occurrences) occurrences where the domain predicts \(String(format: "%.1f", expected))"]
        if !nonWords.isEmpty {
            parts.append("inside \(nonWords.count) impossible word form\(nonWords.count == 1 ? "" : "s") (\(nonWords.prefix(6).map { "'\($0)'" }.joined(separator: ", ")))")
        }
        if acronymMismatches > 0 { parts.append("\(acronymMismatches) acronym definition\(acronymMismatches == 1 ? "" : "s") whose letters do not match") }
        if articleMismatches > 0 { parts.append("\(articleMismatches) article disagreement\(articleMismatches == 1 ? "" : "s")") }
        return parts.joined(separator: "; ")
    }
}

enum PlaceholderDiscovery {
    static func prepare(_ doc: Document) -> [TermText] {
        doc.entries.compactMap { e in
            guard let f = e.field(.abstract) else { return nil }
            return TermText(entry: e, field: f, bytes: f.text, tokens: WordTokens.scan(f.text))
        }
    }

    static func isLowerWord(_ w: ArraySlice<UInt8>) -> Bool { w.allSatisfy { $0 >= 97 && $0 <= 122 } }

    /// Evidence for one word (given or discovered).
    /// `unknownByLength[n]`: the distinct tokens of n bytes the lexicon does not know (nil: counted here).
    /// Impossible forms count by their excess over chance: unknown tokens (rare real words, names) hold a
    /// short common string such as 'all' ('financially') as often as the lexicon's own words do.
    static func evidence(for word: String, texts: [TermText], lex: Lexicon, totalTokens: Int,
                         unknownByLength: [Int]? = nil, nonWordWeight: Double) -> PlaceholderEvidence {
        var ev = PlaceholderEvidence(word: word)
        let w = Array(word.utf8)
        var nonWords = Set<String>()
        var unknown = unknownByLength ?? []
        var seen = Set<ArraySlice<UInt8>>()
        for t in texts {
            var holds = false
            defer { if holds { ev.nonWordTexts += 1 } }
            for (i, tok) in t.tokens.enumerated() {
                // most tokens do not hold the word: test that on the bytes before slicing
                let holdsWord = contains(t.bytes, tok.start, tok.end, w)
                if unknownByLength != nil && !holdsWord { continue }
                let s = t.word(i)
                if unknownByLength == nil && s.count > w.count && seen.insert(s).inserted && lex.count(s) < 2 {
                    if unknown.count <= s.count { unknown += [Int](repeating: 0, count: s.count + 1 - unknown.count) }
                    unknown[s.count] += 1
                }
                guard holdsWord else { continue }
                if s.elementsEqual(w) || (s.count == w.count + 1 && s.last == 115 && s.starts(with: w)) {
                    ev.occurrences += 1
                    if i > 0, t.tokens[i].joined, !t.tokens[i].hyphen { ev.articleMismatches += article(t.word(i - 1), w) ? 1 : 0 }
                    if Acronyms.isParenthesized(t.bytes, t.tokens, i) && acronymMismatch(t, i, lex) { ev.acronymMismatches += 1 }
                } else if lex.count(s) < 2 {
                    nonWords.insert(String(decoding: s, as: UTF8.self))
                    holds = true
                    if Acronyms.isParenthesized(t.bytes, t.tokens, i) && acronymMismatch(t, i, lex) { ev.acronymMismatches += 1 }
                }
                _ = tok
            }
        }
        ev.nonWords = nonWords.sorted()
        let c = Double(lex.count(word) + lex.count(word + "s")) + 0.5
        ev.expected = c / Double(lex.totalTokens) * Double(totalTokens)
        let obs = Double(ev.occurrences), exp = max(ev.expected, 0.5)
        let g = obs > exp ? obs * log(obs / exp) - (obs - exp) : 0
        let unknownLonger = unknown.indices.reduce(0) { $1 > w.count ? $0 + unknown[$1] : $0 }
        // (without impossible forms there is no excess to weigh, and no lexicon scan is needed)
        ev.chanceNonWords = ev.nonWords.isEmpty ? 0 : Double(unknownLonger) * lex.typeShare(containing: w, minLength: w.count + 1)
        // forms count at most once per abstract that holds one (forms of one abstract are not independent)
        let n = Double(min(ev.nonWords.count, ev.nonWordTexts)), e = max(ev.chanceNonWords, 0.1)
        let excess = n > e ? n * log(n / e) - (n - e) : 0
        ev.score = g / 20 + nonWordWeight * excess + 2 * Double(ev.acronymMismatches) + Double(ev.articleMismatches)
        return ev
    }

    /// 'an' before a consonant-initial word or 'a' before a vowel-initial one (ambiguous letters skipped).
    static func article(_ prev: ArraySlice<UInt8>, _ w: [UInt8]) -> Bool {
        guard let f = w.first else { return false }
        let vowel = [97, 101, 105, 111].contains(f)
        let consonant = !vowel && f != 117 && f != 104
        if prev.elementsEqual([97, 110]) || prev.elementsEqual([65, 110]) { return consonant }
        if prev.elementsEqual([97]) || prev.elementsEqual([65]) { return vowel }
        return false
    }

    /// A parenthesised token after a long form that defines some other acronym, or after title-case words.
    static func acronymMismatch(_ t: TermText, _ i: Int, _ lex: Lexicon) -> Bool {
        var long: [String] = []
        var k = i - 1
        var titleCase = 0
        while k >= 0 && long.count < 6 {
            let s = t.word(k)
            long.insert(String(decoding: s, as: UTF8.self).lowercased(), at: 0)
            if let f = s.first, f >= 65 && f <= 90 { titleCase += 1 } else if titleCase < 2 { titleCase = -99 }
            if let acrs = lex.acronymsByLongForm[long.joined(separator: " ")], acrs.contains(where: { $0.1 >= 2 }) {
                let here = String(decoding: t.word(i), as: UTF8.self)
                if !acrs.contains(where: { $0.0 == here }) { return true }
            }
            if k == 0 || !t.tokens[k].joined { break }
            k -= 1
        }
        return titleCase >= 2 && Acronyms.definition(t.bytes, t.tokens, i) == nil
    }

    /// Whether `b` holds `w`: memchr for its first byte, then memcmp (no slices, no bounds checks).
    static func contains(_ b: UnsafeBufferPointer<UInt8>, _ w: [UInt8]) -> Bool {
        guard b.count >= w.count, let f = w.first, let base = b.baseAddress else { return false }
        return w.withUnsafeBufferPointer { p in
            var at = base
            let last = base + (b.count - w.count)
            while at <= last {
                guard let hit = memchr(at, Int32(f), last - at + 1) else { return false }
                let h = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(h, p.baseAddress!, w.count) == 0 { return true }
                at = h + 1
            }
            return false
        }
    }

    /// Whether bytes[start..<end] hold `w`.
    static func contains(_ bytes: [UInt8], _ start: Int, _ end: Int, _ w: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { contains(UnsafeBufferPointer(rebasing: $0[start..<end]), w) }
    }

    static func contains(_ s: ArraySlice<UInt8>, _ w: [UInt8]) -> Bool {
        s.withUnsafeBufferPointer { contains($0, w) }
    }

    /// The most likely placeholder of a digest, when the evidence clears `minScore`.
    static func discover(_ texts: [TermText], lex: Lexicon, minScore: Double, minNonWords: Int, nonWordWeight: Double) -> PlaceholderEvidence? {
        var total = 0
        var unknownByLength = [Int](repeating: 0, count: 4)
        // whole lower-case words (a plural counted as its singular when the lexicon knows that): words
        // of the lexicon by id, others by text
        var wholeKnown = [Int](repeating: 0, count: lex.wordCount)
        var wholeUnknown: [String: Int] = [:]
        func whole(_ w: String) -> Int { lex.id(w).map { wholeKnown[Int($0)] } ?? wholeUnknown[w] ?? 0 }
        var nonWordSubs: [String: Int] = [:]
        var seenNonWords = Set<String>()
        for t in texts {
            total += t.tokens.count
            for i in t.tokens.indices {
                let s = t.word(i)
                let sid = lex.id(s)
                if s.count >= 3 && s.count <= 11 && isLowerWord(s) {
                    if s.last == 115, let sing = lex.id(s.dropLast()), lex.counts[Int(sing)] > 0 {
                        wholeKnown[Int(sing)] += 1
                    } else if let id = sid {
                        wholeKnown[Int(id)] += 1
                    } else {
                        wholeUnknown[String(decoding: s, as: UTF8.self), default: 0] += 1
                    }
                }
                guard s.count >= 4, sid.map({ lex.counts[Int($0)] < 2 }) ?? true else { continue }
                let str = String(decoding: s, as: UTF8.self)
                guard seenNonWords.insert(str).inserted else { continue }
                if unknownByLength.count <= s.count { unknownByLength += [Int](repeating: 0, count: s.count + 1 - unknownByLength.count) }
                unknownByLength[s.count] += 1
                // lower-case substrings of an unknown token
                let b = Array(s)
                var subs = Set<String>()
                for a in 0..<b.count {
                    guard b[a] >= 97 && b[a] <= 122 else { continue }
                    var e = a
                    while e < b.count && b[e] >= 97 && b[e] <= 122 && e - a < 10 {
                        e += 1
                        if e - a >= 3 && e - a < b.count { subs.insert(String(decoding: b[a..<e], as: UTF8.self)) }
                    }
                }
                for sub in subs { nonWordSubs[sub, default: 0] += 1 }
            }
        }
        var best: PlaceholderEvidence?
        // cheap preliminary score; full evidence only for the strongest few
        var pre: [String: Double] = [:]
        for (w, n) in nonWordSubs where n >= minNonWords && whole(w) >= 2 { pre[w] = 1.5 * Double(n) }
        // over-represented known words: log-likelihood ratio against the lexicon's rate
        let frequent = wholeKnown.indices.compactMap { wholeKnown[$0] >= 5 ? (lex.word($0), wholeKnown[$0]) : nil }
            + wholeUnknown.filter { $0.value >= 5 }.map { ($0.key, $0.value) }
        for (w, n) in frequent {
            let c = lex.count(w) + lex.count(w + "s")
            guard c >= 5 else { continue }
            let exp = Double(c) / Double(lex.totalTokens) * Double(total)
            let obs = Double(n)
            let g = obs > exp ? (obs * log(obs / exp) - (obs - exp)) / 20 : 0
            if g >= minScore / 2 || pre[w] != nil { pre[w] = (pre[w] ?? 0) + g }
        }
        let top = pre.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8)
        for (w, _) in top {
            let ev = evidence(for: w, texts: texts, lex: lex, totalTokens: total, unknownByLength: unknownByLength,
                              nonWordWeight: nonWordWeight)
            if Timer.on {
                FileHandle.standardError.write(Data("candidate \(w): score \(ev.score), \(ev.occurrences) vs \(ev.expected), forms \(ev.nonWords.count) vs chance \(ev.chanceNonWords), acronyms \(ev.acronymMismatches), articles \(ev.articleMismatches)\n".utf8))
            }
            // over-representation alone is a topic, not damage: a placeholder also leaves impossible forms
            guard ev.nonWords.count + ev.acronymMismatches >= 1 else { continue }
            if ev.score >= minScore && ev.score > (best?.score ?? -1) { best = ev }
        }
        return best
    }
}
