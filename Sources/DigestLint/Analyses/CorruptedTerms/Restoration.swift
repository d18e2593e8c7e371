import Foundation

/// One token holding the placeholder (or a run of such tokens joined by single spaces).
struct PlaceholderSite {
    var text: Int             // index into the prepared texts
    var first: Int, last: Int // token indices (a run when last > first)
    var inURL: Bool
}

/// A hypothesis for one site: the keyword(s) that stood where the placeholder is (nil: the word is genuine).
struct Hypothesis {
    var keywords: [[UInt8]?]
    var replacement: String
    var score: Double
}

/// Infers the digest's lost keywords and restores every placeholder occurrence.
struct Restorer {
    let texts: [TermText]
    let lex: Lexicon
    let p: [UInt8]
    let settings: TermSettings
    let allText: [UInt8]
    let logN: Double

    init(texts: [TermText], lex: Lexicon, placeholder: String, settings: TermSettings) {
        self.texts = texts; self.lex = lex; self.p = Array(placeholder.utf8); self.settings = settings
        var all: [UInt8] = []
        for t in texts { all.append(contentsOf: t.bytes); all.append(10) }
        allText = all
        logN = log(Double(lex.totalTokens))
    }

    // MARK: occurrences

    func occurrences(in tok: ArraySlice<UInt8>) -> [Int] {
        var out: [Int] = []
        guard tok.count >= p.count else { return out }
        var i = tok.startIndex
        while i <= tok.endIndex - p.count {
            if tok[i..<i + p.count].elementsEqual(p) { out.append(i - tok.startIndex); i += p.count } else { i += 1 }
        }
        return out
    }

    func isURLChunk(_ t: TermText, _ tok: WordToken) -> Bool {
        var s = tok.start, e = tok.end
        while s > 0 && t.bytes[s - 1] != 32 { s -= 1 }
        while e < t.bytes.count && t.bytes[e] != 32 { e += 1 }
        let chunk = String(decoding: t.bytes[s..<e], as: UTF8.self)
        return ["://", "www.", ".com/", ".org/", ".io/", ".co/", ".ai/", ".net/"].contains { chunk.contains($0) }
    }

    func sites() -> [PlaceholderSite] {
        var out: [PlaceholderSite] = []
        for (ti, t) in texts.enumerated() {
            var i = 0
            while i < t.tokens.count {
                guard !occurrences(in: t.word(i)).isEmpty else { i += 1; continue }
                var j = i
                while j + 1 < t.tokens.count && j - i < 2 && t.tokens[j + 1].joined
                        && !occurrences(in: t.word(j + 1)).isEmpty && isWholeish(t.word(j)) && isWholeish(t.word(j + 1)) { j += 1 }
                out.append(PlaceholderSite(text: ti, first: i, last: j, inURL: isURLChunk(t, t.tokens[i])))
                i = j + 1
            }
        }
        return out
    }

    /// The placeholder alone or with a plural 's'.
    func isWholeish(_ s: ArraySlice<UInt8>) -> Bool {
        s.elementsEqual(p) || (s.count == p.count + 1 && s.starts(with: p) && s.last == 115)
    }

    // MARK: restoration of one token

    func restore(_ tok: ArraySlice<UInt8>, _ x: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = tok.startIndex
        while i < tok.endIndex {
            if i <= tok.endIndex - p.count && tok[i..<i + p.count].elementsEqual(p) { out += x; i += p.count } else { out.append(tok[i]); i += 1 }
        }
        return out
    }

    func logP(_ c: Int) -> Double { log((Double(c) + 0.1)) - logN }

    /// Local log-score of a restored token with its (possibly restored) neighbours.
    func local(_ r: [UInt8], x: [UInt8], left: [UInt8]?, right: [UInt8]?, unigramWeight: Double? = nil) -> Double {
        let rid = lex.id(r[...])
        let cr = rid.map { Int(lex.counts[Int($0)]) } ?? 0
        var s = (unigramWeight ?? settings.unigramWeight) * logP(cr)
        if settings.morphWeight != 0 && r != x {
            // how often the keyword takes this form (plural, suffix, compound)
            let cx = Double(lex.count(x[...]))
            s += settings.morphWeight * log((Double(cr) + 0.1) / (cx + Double(cr) + 1))
        }
        let mu = settings.smoothing
        if let l = left, let lid = lex.id(l[...]) {
            let cl = Double(lex.counts[Int(lid)])
            let b = rid.map { Double(lex.bigram(lid, $0)) } ?? 0
            s += log((b + mu * exp(logP(cr))) / (cl + mu)) - logP(cr)
        }
        if let rt = right, let rtid = lex.id(rt[...]) {
            let crt = Int(lex.counts[Int(rtid)])
            let b = rid.map { Double(lex.bigram($0, rtid)) } ?? 0
            s += log((b + mu * exp(logP(crt))) / (Double(cr) + mu)) - logP(crt)
        }
        return s
    }

    func neighbour(_ t: TermText, _ i: Int, _ d: Int) -> [UInt8]? {
        if d < 0 { return i > 0 && t.tokens[i].joined ? Array(t.word(i - 1)) : nil }
        return i + 1 < t.tokens.count && t.tokens[i + 1].joined ? Array(t.word(i + 1)) : nil
    }

    // MARK: candidates

    /// A candidate keyword; `known`: an acronym the lexicon saw defined by the same long form.
    struct Proposal { var x: [UInt8]; var bonus: Double; var known = false }

    func split(_ tok: ArraySlice<UInt8>) -> (a: [UInt8], b: [UInt8], multi: Bool) {
        let occ = occurrences(in: tok)
        let a = Array(tok[tok.startIndex..<tok.startIndex + occ[0]])
        let b = Array(tok[(tok.startIndex + occ.last! + p.count)...])
        return (a, b, occ.count > 1)
    }

    func middle(_ w: [UInt8], _ a: [UInt8], _ b: [UInt8]) -> [UInt8]? {
        guard w.count > a.count + b.count, w.starts(with: a), w.suffix(b.count).elementsEqual(b) else { return nil }
        return Array(w[a.count..<(w.count - b.count)])
    }

    /// Candidate keywords proposed by one token from morphology, acronyms, the title and collocations.
    func propose(_ t: TermText, _ i: Int, succ: [Int32: [Int32]], pred: [Int32: [Int32]], morphCache: inout [[UInt8]: [Proposal]]) -> [Proposal] {
        let tok = t.word(i)
        let (a, b, multi) = split(tok)
        var out: [Proposal] = []
        let trivial = a.isEmpty && (b.isEmpty || b == [115])
        let morphKey = a + [0] + b
        if !multi && !trivial, let m = morphCache[morphKey] {
            out = m
        } else if !multi && !trivial {
            // morphology: lexicon words with the same prefix and suffix
            var found: [(Int32, [UInt8])] = []
            let flat = lex.flat, st = lex.flatStart
            for id in 0..<lex.wordCount where lex.counts[id] >= 3 {
                let s = Int(st[id]), e = Int(st[id + 1])
                guard e - s > a.count + b.count else { continue }
                var ok = true
                for k in 0..<a.count where flat[s + k] != a[k] { ok = false; break }
                if !ok { continue }
                for k in 0..<b.count where flat[e - b.count + k] != b[k] { ok = false; break }
                if !ok { continue }
                found.append((lex.counts[id], Array(flat[(s + a.count)..<(e - b.count)])))
                if found.count >= settings.maxMorphology { break }
            }
            for (_, x) in found { out.append(Proposal(x: x, bonus: 0)) }
            morphCache[morphKey] = out
        }
        // acronym definitions around a parenthesised token
        if Acronyms.isParenthesized(t.bytes, t.tokens, i) {
            var long: [String] = []
            var k = i - 1
            while k >= 0 && long.count < 6 {
                long.insert(String(decoding: t.word(k), as: UTF8.self).lowercased(), at: 0)
                for (acr, c) in lex.acronymsByLongForm[long.joined(separator: " ")] ?? [] {
                    if let x = middle(Array(acr.utf8), a, b) { out.append(Proposal(x: x, bonus: settings.acronymBonus, known: c >= 2)) }
                }
                if long.count >= 2 {
                    for skip in [false, true] {
                        let ini = Acronyms.initials(t.bytes, t.tokens, k, i, skipHyphenated: skip)
                        for cand in [ini, ini + [115]] { if let x = middle(cand, a, b) { out.append(Proposal(x: x, bonus: settings.acronymBonus)) } }
                        // 'Explainable Reinforcement Learning (Xitem)': the letters before the placeholder are
                        // free, the rest spells the last words
                        if settings.prefixedAcronymBonus > 0 && !a.isEmpty && a.allSatisfy({ $0 >= 65 && $0 <= 90 }) {
                            for cand in [ini, ini + [115]] where cand.count > b.count && cand.suffix(b.count).elementsEqual(b) {
                                let x = Array(cand[..<(cand.count - b.count)])
                                if x.count >= 2 { out.append(Proposal(x: x, bonus: settings.prefixedAcronymBonus)) }
                            }
                        }
                    }
                }
                if k == 0 || !t.tokens[k].joined { break }
                k -= 1
            }
        }
        // the entry's title
        if let title = t.entry.field(.title) {
            let tt = WordTokens.scan(title.text)
            for tk in tt {
                let w = Array(title.text[tk.start..<tk.end])
                let lower = Array(String(decoding: w, as: UTF8.self).lowercased().utf8)
                for v in Set([w, lower]) { if let x = middle(v, a, b) { out.append(Proposal(x: x, bonus: 0)) } }
            }
        }
        // collocations with the neighbours
        if trivial {
            if let l = neighbour(t, i, -1), let lid = lex.id(l[...]) {
                for r in succ[lid] ?? [] { if let x = middle(Array(lex.bytes(Int(r))), a, b) { out.append(Proposal(x: x, bonus: 0)) } }
            }
            if let r = neighbour(t, i, 1), let rid = lex.id(r[...]) {
                for l in pred[rid] ?? [] { if let x = middle(Array(lex.bytes(Int(l))), a, b) { out.append(Proposal(x: x, bonus: 0)) } }
            }
        }
        return out
    }

    func intact(_ x: [UInt8], cache: inout [[UInt8]: Bool]) -> Bool {
        if let v = cache[x] { return v }
        let v = PlaceholderDiscovery.contains(allText[...], x)
        cache[x] = v
        return v
    }

    func valid(_ x: [UInt8]) -> Bool {
        x.count >= 2 && x != p && !PlaceholderDiscovery.contains(x[...], p) && x.allSatisfy { WordTokens.isWordByte($0) }
    }
}
