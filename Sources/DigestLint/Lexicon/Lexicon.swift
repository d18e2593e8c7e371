import Foundation

/// The domain lexicon: case-sensitive word counts, bigram counts (words linked by one space or hyphen)
/// and acronym definitions ('Long Form (LF)') mined from clean abstracts by `digestlint learn`.
///
/// File format (TSV, UTF-8): comment lines start with '#' (the first ones record the format and the
/// command that rebuilt the file); `W<TAB>word<TAB>count` lines define word ids in order (0-based);
/// `B<TAB>leftId<TAB>rightId<TAB>count` bigrams; `A<TAB>ACRONYM<TAB>long form<TAB>count` acronyms;
/// `T<TAB>tokens<TAB>documents` totals; `D<TAB>id<TAB>documents` the number of abstracts a word occurs in
/// (words in at least `minDocs` abstracts); `C<TAB>id<TAB>otherId<TAB>documents` topic associations: the
/// abstracts holding both words, kept for each word's strongest associates (sorted by ids).
public final class Lexicon: @unchecked Sendable {
    public private(set) var counts: [Int32] = []
    /// Word ids by FNV-1a hash of the word's bytes: open addressing, 0 = an empty slot.
    private var slotHash: [UInt64] = []
    private var slotID: [Int32] = []
    private var slotMask = 0
    public private(set) var totalTokens: Int = 1
    public private(set) var documents: Int = 0
    /// Bigram keys (left id << 32 | right id), ascending, and their counts.
    private var bigramKeys: [UInt64] = []
    private var bigramCounts: [Int32] = []
    public var bigramList: [(left: Int32, right: Int32, count: Int32)] {
        zip(bigramKeys, bigramCounts).map { (Int32(truncatingIfNeeded: $0 >> 32), Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF), $1) }
    }
    public var bigramCount: Int { bigramKeys.count }
    /// Visits every bigram (left id, right id, count).
    public func forEachBigram(_ body: (Int32, Int32, Int32) -> Void) {
        for i in 0..<bigramKeys.count {
            let k = bigramKeys[i]
            body(Int32(truncatingIfNeeded: k >> 32), Int32(truncatingIfNeeded: k & 0xFFFF_FFFF), bigramCounts[i])
        }
    }
    /// Per word id: the abstracts it occurs in (0 when not recorded).
    public private(set) var docFreq: [Int32] = []
    /// Topic associations (word id << 32 | associate id), ascending, and the abstracts holding both.
    private var assocKeys: [UInt64] = []
    private var assocCounts: [Int32] = []
    public var associationCount: Int { assocKeys.count }
    /// The documents holding word `id`, 0 when not recorded.
    @inline(__always) public func documentFrequency(_ id: Int32) -> Int {
        Int(id) < docFreq.count ? Int(docFreq[Int(id)]) : 0
    }
    /// Visits the recorded associates of word `id` (associate id, abstracts holding both).
    public func forEachAssociate(of id: Int32, _ body: (Int32, Int32) -> Void) {
        let lo = UInt64(UInt32(id)) << 32
        var a = 0, b = assocKeys.count
        while a < b { let m = (a + b) >> 1; if assocKeys[m] < lo { a = m + 1 } else { b = m } }
        while a < assocKeys.count && assocKeys[a] >> 32 == UInt64(UInt32(id)) {
            body(Int32(truncatingIfNeeded: assocKeys[a] & 0xFFFF_FFFF), assocCounts[a])
            a += 1
        }
    }
    /// Lower-cased long form (words joined by one space) -> acronyms with counts.
    public private(set) var acronymsByLongForm: [String: [(String, Int)]] = [:]

    public init() {}

    /// All words' bytes back to back (word i is flat[flatStart[i]..<flatStart[i + 1]]): words are kept
    /// as bytes, strings are made on demand.
    public private(set) var flat: [UInt8] = []
    public private(set) var flatStart: [Int32] = [0]

    /// The bytes of word `i`.
    @inline(__always) public func bytes(_ i: Int) -> ArraySlice<UInt8> { flat[Int(flatStart[i])..<Int(flatStart[i + 1])] }
    /// Word `i` as a string.
    public func word(_ i: Int) -> String { String(decoding: bytes(i), as: UTF8.self) }
    /// Every word, in id order (allocates: for serialising and tests).
    public var words: [String] { (0..<wordCount).map(word) }

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [String: Lexicon] = [:]

    /// Loads a lexicon once per process and path.
    public static func shared(path: String) throws -> Lexicon {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let l = cache[path] { return l }
        let l = try load(path: path)
        cache[path] = l
        return l
    }

    public var wordCount: Int { counts.count }

    public func id(_ w: String) -> Int32? { lookup(fnv(w)) }
    public func id(_ b: ArraySlice<UInt8>) -> Int32? { lookup(fnv(b)) }

    @inline(__always) private func lookup(_ h: UInt64) -> Int32? {
        guard slotMask > 0 else { return nil }
        let k = h == 0 ? 1 : h
        var i = Int(truncatingIfNeeded: k ^ (k >> 31)) & slotMask
        while true {
            let v = slotHash[i]
            if v == k { return slotID[i] }
            if v == 0 { return nil }
            i = (i + 1) & slotMask
        }
    }

    /// Sizes the hash index for `n` words (at most half full).
    private func reserveIndex(_ n: Int) {
        var cap = 1024
        while cap < 2 * n { cap <<= 1 }
        guard cap > slotHash.count else { return }
        let old = zip(slotHash, slotID).filter { $0.0 != 0 }
        slotHash = [UInt64](repeating: 0, count: cap)
        slotID = [Int32](repeating: 0, count: cap)
        slotMask = cap - 1
        for (h, id) in old { insert(h, id) }
    }

    /// Words are unique; were two to share a 64-bit hash, the first (more frequent) one keeps it.
    @inline(__always) private func insert(_ h: UInt64, _ id: Int32) {
        let k = h == 0 ? 1 : h
        var i = Int(truncatingIfNeeded: k ^ (k >> 31)) & slotMask
        while slotHash[i] != 0 && slotHash[i] != k { i = (i + 1) & slotMask }
        if slotHash[i] == 0 { slotHash[i] = k; slotID[i] = id }
    }

    public func count(_ w: String) -> Int { id(w).map { Int(counts[Int($0)]) } ?? 0 }
    public func count(_ b: ArraySlice<UInt8>) -> Int { id(b).map { Int(counts[Int($0)]) } ?? 0 }
    public func bigram(_ l: Int32, _ r: Int32) -> Int {
        let key = UInt64(UInt32(l)) << 32 | UInt64(UInt32(r))
        var lo = 0, hi = bigramKeys.count
        while lo < hi {
            let m = (lo + hi) >> 1
            if bigramKeys[m] < key { lo = m + 1 } else { hi = m }
        }
        return lo < bigramKeys.count && bigramKeys[lo] == key ? Int(bigramCounts[lo]) : 0
    }
    public func bigram(_ l: String, _ r: String) -> Int {
        guard let a = id(l), let b = id(r) else { return 0 }
        return bigram(a, b)
    }

    // MARK: learning

    /// Counts words, bigrams and acronym definitions over abstracts; keeps words and bigrams seen at
    /// least `minCount` times.
    public static func learn(abstracts: [String], minCount: Int = 2, minDocs: Int = 5, associates: Int = 24,
                             minCooccurrence: Int = 3) -> Lexicon {
        var docsWords: [[String]] = []
        var wc: [String: Int] = [:]
        var bc: [String: [String: Int]] = [:]
        var ac: [String: [String: Int]] = [:]
        var total = 0
        for a in abstracts {
            let b = Array(a.utf8)
            let toks = WordTokens.scan(b)
            var strs: [String] = []
            strs.reserveCapacity(toks.count)
            for t in toks { strs.append(String(decoding: b[t.start..<t.end], as: UTF8.self)) }
            total += toks.count
            docsWords.append(Array(Set(strs)))
            for (i, s) in strs.enumerated() {
                wc[s, default: 0] += 1
                if i > 0 && toks[i].joined { bc[strs[i - 1], default: [:]][s, default: 0] += 1 }
                if let (acr, long) = Acronyms.definition(b, toks, i) {
                    ac[acr, default: [:]][long, default: 0] += 1
                }
            }
        }
        let lex = Lexicon()
        lex.totalTokens = max(1, total)
        lex.documents = abstracts.count
        var keep = Set<String>()
        for (w, c) in wc where c >= minCount { keep.insert(w) }
        for (l, rs) in bc { for (r, c) in rs where c >= minCount { keep.insert(l); keep.insert(r) } }
        let sorted = keep.sorted { (wc[$0]!, $1) > (wc[$1]!, $0) }
        lex.reserveIndex(sorted.count)
        for w in sorted { var w = w; let c = Int32(wc[w]!); w.withUTF8 { lex.add($0[...], c) } }
        var bl: [(Int32, Int32, Int32)] = []
        for (l, rs) in bc {
            for (r, c) in rs where c >= minCount { bl.append((lex.id(l)!, lex.id(r)!, Int32(c))) }
        }
        bl.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for (l, r, c) in bl { lex.addBigram(l, r, c) }
        for (acr, longs) in ac {
            for (long, c) in longs { lex.acronymsByLongForm[long, default: []].append((acr, c)) }
        }
        lex.learnAssociations(docsWords, minDocs: minDocs, associates: associates, minCooccurrence: minCooccurrence)
        return lex
    }

    /// Document frequencies and, per word, the `associates` words it shares abstracts with most
    /// informatively (local mutual information: n * log(n N / (df_a df_b))); words in more than a fifth
    /// of the abstracts carry no topic and are left out.
    private func learnAssociations(_ docs: [[String]], minDocs: Int, associates: Int, minCooccurrence: Int) {
        let n = docs.count
        var df = [Int32](repeating: 0, count: wordCount)
        let ids: [[Int32]] = docs.map { ws in ws.compactMap { id($0) }.sorted() }
        for d in ids { for i in d { df[Int(i)] += 1 } }
        docFreq = df.map { Int($0) >= minDocs ? $0 : 0 }
        let maxDF = Int32(max(minDocs, n / 5))
        var pairs: [UInt64: Int32] = [:]
        for d in ids {
            let topical = d.filter { docFreq[Int($0)] > 0 && docFreq[Int($0)] <= maxDF }
            for (k, a) in topical.enumerated() {
                for b in topical[(k + 1)...] { pairs[UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)), default: 0] += 1 }
            }
        }
        var per: [Int32: [(Int32, Int32, Double)]] = [:]
        let total = Double(max(1, n))
        for (k, c) in pairs where Int(c) >= minCooccurrence {
            let a = Int32(truncatingIfNeeded: k >> 32), b = Int32(truncatingIfNeeded: k & 0xFFFF_FFFF)
            let pmi = log(Double(c) * total / (Double(docFreq[Int(a)]) * Double(docFreq[Int(b)])))
            guard pmi > 0.5 else { continue }
            let lmi = Double(c) * pmi
            per[a, default: []].append((b, c, lmi))
            per[b, default: []].append((a, c, lmi))
        }
        var out: [(UInt64, Int32)] = []
        for (a, list) in per {
            for (b, c, _) in list.sorted(by: { ($0.2, $1.0) > ($1.2, $0.0) }).prefix(associates) {
                out.append((UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)), c))
            }
        }
        out.sort { $0.0 < $1.0 }
        assocKeys = out.map(\.0)
        assocCounts = out.map(\.1)
    }

    private func add(_ w: Slice<UnsafeBufferPointer<UInt8>>, _ c: Int32) {
        if 2 * (counts.count + 1) > slotHash.count { reserveIndex(counts.count + 1) }
        insert(fnv(UnsafeBufferPointer(rebasing: w)), Int32(counts.count))
        flat.append(contentsOf: w)
        flatStart.append(Int32(flat.count))
        counts.append(c)
    }

    private func addBigram(_ l: Int32, _ r: Int32, _ c: Int32) {
        bigramKeys.append(UInt64(UInt32(l)) << 32 | UInt64(UInt32(r)))
        bigramCounts.append(c)
    }

    // MARK: file

    public func serialized(command: String) -> String {
        var s = "# digestlint lexicon v1\n# rebuilt by: \(command)\n"
        s += "T\t\(totalTokens)\t\(documents)\n"
        for (i, c) in counts.enumerated() { s += "W\t\(word(i))\t\(c)\n" }
        forEachBigram { l, r, c in s += "B\t\(l)\t\(r)\t\(c)\n" }
        for (i, d) in docFreq.enumerated() where d > 0 { s += "D\t\(i)\t\(d)\n" }
        for (k, c) in zip(assocKeys, assocCounts) { s += "C\t\(k >> 32)\t\(k & 0xFFFF_FFFF)\t\(c)\n" }
        for long in acronymsByLongForm.keys.sorted() {
            for (acr, c) in acronymsByLongForm[long]!.sorted(by: { ($0.1, $1.0) > ($1.1, $0.0) }) {
                s += "A\t\(acr)\t\(long)\t\(c)\n"
            }
        }
        return s
    }

    public struct FormatError: Error, CustomStringConvertible {
        public let file: String, line: Int, message: String
        public var description: String { "\(file):\(line):1: \(message)" }
    }

    public static func load(path: String) throws -> Lexicon {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw FormatError(file: path, line: 1, message: "cannot read lexicon")
        }
        return try parse(Array(d), file: path)
    }

    public static func parse(_ b: [UInt8], file: String) throws -> Lexicon {
        let lex = Lexicon()
        lex.counts.reserveCapacity(b.count / 40)
        lex.flat.reserveCapacity(b.count / 8)
        lex.reserveIndex(b.count / 40)
        lex.bigramKeys.reserveCapacity(b.count / 12)
        lex.bigramCounts.reserveCapacity(b.count / 12)
        var line = 0
        var i = 0
        let n = b.count
        func fail(_ m: String) -> FormatError { FormatError(file: file, line: line, message: m) }
        func int(_ s: Int, _ e: Int) throws -> Int32 {
            var v: Int32 = 0
            guard e > s else { throw fail("expected a number") }
            for k in s..<e {
                guard b[k] >= 48 && b[k] <= 57 else { throw fail("expected a number") }
                v = v &* 10 &+ Int32(b[k] - 48)
            }
            return v
        }
        var fields: [(Int, Int)] = []
        // topic records are collected locally and stored once at the end (no per-record class access)
        var docFreq: [Int32] = []
        var assocKeys: [UInt64] = [], assocCounts: [Int32] = []
        assocKeys.reserveCapacity(b.count / 20)
        assocCounts.reserveCapacity(b.count / 20)
        while i < n {
            line += 1
            var e = i
            while e < n && b[e] != 10 { e += 1 }
            defer { i = e + 1 }
            if e == i || b[i] == 35 { continue }
            fields.removeAll(keepingCapacity: true)
            var s = i
            for k in i...e where k == e || b[k] == 9 { fields.append((s, k)); s = k + 1 }
            guard fields[0].1 - fields[0].0 == 1 else { throw fail("unknown record kind") }
            switch b[i] {
            case 87: // W
                guard fields.count == 3 else { throw fail("a word line has 3 fields") }
                let c = try int(fields[2].0, fields[2].1)
                b.withUnsafeBufferPointer { lex.add($0[fields[1].0..<fields[1].1], c) }
            case 66: // B
                guard fields.count == 4 else { throw fail("a bigram line has 4 fields") }
                let l = try int(fields[1].0, fields[1].1), r = try int(fields[2].0, fields[2].1)
                guard Int(l) < lex.counts.count, Int(r) < lex.counts.count else { throw fail("bigram refers to an unknown word id") }
                let key = UInt64(UInt32(l)) << 32 | UInt64(UInt32(r))
                guard (lex.bigramKeys.last ?? 0) < key || lex.bigramKeys.isEmpty else { throw fail("bigrams must be sorted by word ids") }
                lex.addBigram(l, r, try int(fields[3].0, fields[3].1))
            case 65: // A
                guard fields.count == 4 else { throw fail("an acronym line has 4 fields") }
                let acr = String(decoding: b[fields[1].0..<fields[1].1], as: UTF8.self)
                let long = String(decoding: b[fields[2].0..<fields[2].1], as: UTF8.self)
                lex.acronymsByLongForm[long, default: []].append((acr, Int(try int(fields[3].0, fields[3].1))))
            case 68: // D
                guard fields.count == 3 else { throw fail("a document-frequency line has 3 fields") }
                let w = Int(try int(fields[1].0, fields[1].1))
                guard w < lex.counts.count else { throw fail("document frequency of an unknown word id") }
                if docFreq.count < lex.counts.count { docFreq += [Int32](repeating: 0, count: lex.counts.count - docFreq.count) }
                docFreq[w] = try int(fields[2].0, fields[2].1)
            case 67: // C
                guard fields.count == 4 else { throw fail("an association line has 4 fields") }
                let a = try int(fields[1].0, fields[1].1), c = try int(fields[2].0, fields[2].1)
                guard Int(a) < lex.counts.count, Int(c) < lex.counts.count else { throw fail("association refers to an unknown word id") }
                let key = UInt64(UInt32(a)) << 32 | UInt64(UInt32(c))
                guard assocKeys.isEmpty || assocKeys[assocKeys.count - 1] < key else { throw fail("associations must be sorted by word ids") }
                assocKeys.append(key)
                assocCounts.append(try int(fields[3].0, fields[3].1))
            case 84: // T
                guard fields.count == 3 else { throw fail("a totals line has 3 fields") }
                lex.totalTokens = max(1, Int(try int(fields[1].0, fields[1].1)))
                lex.documents = Int(try int(fields[2].0, fields[2].1))
            default: throw fail("unknown record kind")
            }
        }
        if !docFreq.isEmpty && docFreq.count < lex.counts.count { docFreq += [Int32](repeating: 0, count: lex.counts.count - docFreq.count) }
        lex.docFreq = docFreq
        lex.assocKeys = assocKeys
        lex.assocCounts = assocCounts
        return lex
    }
}

/// Acronym definitions: 'Long Form (LF)' where the capitals of LF are the initials of the words
/// before the parenthesis.
public enum Acronyms {
    /// The upper-case letters an acronym token spells (a trailing plural 's' dropped); nil when it has
    /// fewer than two capitals.
    public static func letters(_ t: some Collection<UInt8>) -> [UInt8]? {
        var caps: [UInt8] = []
        for c in t where c >= 65 && c <= 90 { caps.append(c) }
        return caps.count >= 2 ? caps : nil
    }

    /// Initials of `toks[from..<to]`: variant 0 takes every token, variant 1 skips tokens joined to the
    /// previous one by a hyphen.
    public static func initials(_ b: [UInt8], _ toks: [WordToken], _ from: Int, _ to: Int, skipHyphenated: Bool) -> [UInt8] {
        var out: [UInt8] = []
        for k in from..<to {
            if skipHyphenated && k > from && toks[k].hyphen { continue }
            var c = b[toks[k].start]
            if c >= 97 && c <= 122 { c -= 32 }
            out.append(c)
        }
        return out
    }

    /// Whether token i is written '(TOKEN)' right after a word and a space.
    public static func isParenthesized(_ b: [UInt8], _ toks: [WordToken], _ i: Int) -> Bool {
        let t = toks[i]
        guard i > 0, t.start >= 3, t.end < b.count, b[t.start - 1] == 40, b[t.end] == 41, b[t.start - 2] == 32 else { return false }
        return toks[i - 1].end == t.start - 2
    }

    /// The acronym defined at token i and its lower-cased long form, when the initials of the words
    /// before it spell its capitals.
    public static func definition(_ b: [UInt8], _ toks: [WordToken], _ i: Int) -> (String, String)? {
        guard isParenthesized(b, toks, i), let caps = letters(b[toks[i].start..<toks[i].end]) else { return nil }
        let maxN = min(i, caps.count + 3)
        guard maxN >= 1 else { return nil }
        for n in 1...maxN {
            let from = i - n
            if from > 0 && toks[from].hyphen && n < maxN { continue }
            for skip in [false, true] where initials(b, toks, from, i, skipHyphenated: skip) == caps {
                // the long form must be contiguous (joined tokens)
                guard (from + 1..<i).allSatisfy({ toks[$0].joined }) else { return nil }
                let long = (from..<i).map { String(decoding: b[toks[$0].start..<toks[$0].end], as: UTF8.self).lowercased() }.joined(separator: " ")
                return (String(decoding: b[toks[i].start..<toks[i].end], as: UTF8.self), long)
            }
        }
        return nil
    }
}
