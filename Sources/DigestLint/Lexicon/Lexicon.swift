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
    /// (hash, id) side by side: a probe touches one cache line.
    private struct Slot { var hash: UInt64; var id: Int32 }
    private var slots: [Slot] = []
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
            let v = slots[i]
            if v.hash == k { return v.id }
            if v.hash == 0 { return nil }
            i = (i + 1) & slotMask
        }
    }

    /// Sizes the hash index for `n` words (at most half full).
    private func reserveIndex(_ n: Int) {
        var cap = 1024
        while cap < 2 * n { cap <<= 1 }
        guard cap > slots.count else { return }
        let old = slots.filter { $0.hash != 0 }
        slots = [Slot](repeating: Slot(hash: 0, id: 0), count: cap)
        slotMask = cap - 1
        for o in old { insert(o.hash, o.id) }
    }

    /// Words are unique; were two to share a 64-bit hash, the first (more frequent) one keeps it.
    @inline(__always) private func insert(_ h: UInt64, _ id: Int32) {
        let k = h == 0 ? 1 : h
        var i = Int(truncatingIfNeeded: k ^ (k >> 31)) & slotMask
        while slots[i].hash != 0 && slots[i].hash != k { i = (i + 1) & slotMask }
        if slots[i].hash == 0 { slots[i] = Slot(hash: k, id: id) }
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
        if 2 * (counts.count + 1) > slots.count { reserveIndex(counts.count + 1) }
        insert(fnv(UnsafeBufferPointer(rebasing: w)), Int32(counts.count))
        flat.append(contentsOf: w)
        flatStart.append(Int32(flat.count))
        counts.append(c)
    }

    /// The share of word types at least `minLength` bytes long that hold `w` inside them (neither `w`
    /// itself nor `w` + 's'): how often a word unknown to the lexicon holds `w` by chance.
    public func typeShare(containing w: [UInt8], minLength: Int) -> Double {
        guard let first = w.first else { return 0 }
        var holding = 0, total = 0
        flat.withUnsafeBufferPointer { f in
            for i in 0..<counts.count {
                let a = Int(flatStart[i]), b = Int(flatStart[i + 1])
                guard b - a >= minLength else { continue }
                total += 1
                if b - a == w.count + 1 && f[b - 1] == 115 && f[a..<b - 1].elementsEqual(w) { continue }
                var k = a
                while k + w.count <= b {
                    if f[k] == first && f[k..<k + w.count].elementsEqual(w) { holding += 1; break }
                    k += 1
                }
            }
        }
        return total == 0 ? 0 : Double(holding) / Double(total)
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

    /// Parses the TSV in one pass over its bytes: numbers are read in place, words are hashed and
    /// copied into the flat byte store as they are scanned; strings are made only for acronym lines.
    /// Records accumulate in local arrays; the line number is counted only for an error message.
    public static func parse(_ b: [UInt8], file: String) throws -> Lexicon {
        let lex = Lexicon()
        var counts: [Int32] = [], flat: [UInt8] = [], flatStart: [Int32] = [0]
        var bigramKeys: [UInt64] = [], bigramCounts: [Int32] = []
        counts.reserveCapacity(b.count / 40)
        flat.reserveCapacity(b.count / 8)
        bigramKeys.reserveCapacity(b.count / 12)
        bigramCounts.reserveCapacity(b.count / 12)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(b.count / 40)
        var acronyms: [(acr: String, long: String, count: Int)] = []
        var totals: (Int, Int)?
        /// The error at byte `at`: its 1-based line.
        func fail(_ at: Int, _ m: String) -> FormatError {
            var line = 1
            for k in 0..<min(at, b.count) where b[k] == 10 { line += 1 }
            return FormatError(file: file, line: line, message: m)
        }
        // topic records (document frequencies, associations), collected locally and stored once at the end
        var docFreq: [Int32] = []
        var assocKeys: [UInt64] = [], assocCounts: [Int32] = []
        assocKeys.reserveCapacity(b.count / 20)
        assocCounts.reserveCapacity(b.count / 20)
        try b.withUnsafeBufferPointer { buf in
            let n = buf.count
            var i = 0
            while i < n {
                let lineStart = i
                let kind = buf[i]
                if kind == 10 { i += 1; continue }
                /// Reads digits from `k` up to `stop` (tab or newline); nil when anything else comes first.
                @inline(__always) func digits(_ k: inout Int, _ stop: UInt8) -> Int32? {
                    let s = k
                    var v: Int32 = 0
                    while k < n {
                        let c = buf[k]
                        let d = c &- 48
                        if d > 9 { break }
                        v = v &* 10 &+ Int32(d)
                        k += 1
                    }
                    guard k > s, k - s < 10, (k < n && buf[k] == stop) || (k == n && stop == 10) else { return nil }
                    k += 1
                    return v
                }
                // Fast paths for the two bulk record kinds; anything unusual falls through to the
                // general parse below, which names the error.
                if kind == 66 || kind == 67, i + 1 < n, buf[i + 1] == 9 { // B or C<TAB>id<TAB>id<TAB>count
                    var k = i + 2
                    if let l = digits(&k, 9), let r = digits(&k, 9), let c = digits(&k, 10),
                       Int(l) < counts.count, Int(r) < counts.count {
                        let key = UInt64(UInt32(l)) << 32 | UInt64(UInt32(r))
                        if kind == 66 {
                            if bigramKeys.isEmpty || bigramKeys[bigramKeys.count - 1] < key {
                                bigramKeys.append(key)
                                bigramCounts.append(c)
                                i = k
                                continue
                            }
                        } else if assocKeys.isEmpty || assocKeys[assocKeys.count - 1] < key {
                            assocKeys.append(key)
                            assocCounts.append(c)
                            i = k
                            continue
                        }
                    }
                } else if kind == 87, i + 1 < n, buf[i + 1] == 9 { // W<TAB>word<TAB>count
                    var k = i + 2
                    var h: UInt64 = 0xcbf29ce484222325
                    while k < n {
                        let c = buf[k]
                        if c == 9 || c == 10 { break }
                        h = (h ^ UInt64(c)) &* 0x100000001b3
                        k += 1
                    }
                    let we = k
                    if k < n, buf[k] == 9 {
                        k += 1
                        if let c = digits(&k, 10) {
                            hashes.append(h)
                            flat.append(contentsOf: UnsafeBufferPointer(rebasing: buf[(i + 2)..<we]))
                            flatStart.append(Int32(flat.count))
                            counts.append(c)
                            i = k
                            continue
                        }
                    }
                }
                if kind == 35 { // '#' comment
                    while i < n && buf[i] != 10 { i += 1 }
                    i += 1
                    continue
                }
                // fields: starts and ends, up to 5 (a fifth means too many)
                var fs = (0, 0, 0, 0, 0), fe = (0, 0, 0, 0, 0)
                var nf = 0
                var k = i, s = i
                while true {
                    let atEnd = k == n || buf[k] == 10
                    if atEnd || buf[k] == 9 {
                        switch nf {
                        case 0: fs.0 = s; fe.0 = k
                        case 1: fs.1 = s; fe.1 = k
                        case 2: fs.2 = s; fe.2 = k
                        case 3: fs.3 = s; fe.3 = k
                        default: fs.4 = s; fe.4 = k
                        }
                        nf += 1
                        s = k + 1
                        if atEnd { break }
                    }
                    k += 1
                }
                i = k + 1
                guard fe.0 - fs.0 == 1 else { throw fail(lineStart, "unknown record kind") }
                @inline(__always) func int(_ s: Int, _ e: Int) throws -> Int32 {
                    guard e > s else { throw fail(lineStart, "expected a number") }
                    var v: Int32 = 0
                    for k in s..<e {
                        let d = buf[k] &- 48
                        guard d <= 9 else { throw fail(lineStart, "expected a number") }
                        v = v &* 10 &+ Int32(d)
                    }
                    return v
                }
                switch kind {
                case 87: // W
                    guard nf == 3 else { throw fail(lineStart, "a word line has 3 fields") }
                    let c = try int(fs.2, fe.2)
                    var h: UInt64 = 0xcbf29ce484222325
                    for k in fs.1..<fe.1 { h = (h ^ UInt64(buf[k])) &* 0x100000001b3 }
                    hashes.append(h)
                    flat.append(contentsOf: UnsafeBufferPointer(rebasing: buf[fs.1..<fe.1]))
                    flatStart.append(Int32(flat.count))
                    counts.append(c)
                case 66: // B
                    guard nf == 4 else { throw fail(lineStart, "a bigram line has 4 fields") }
                    let l = try int(fs.1, fe.1), r = try int(fs.2, fe.2)
                    guard Int(l) < counts.count, Int(r) < counts.count else { throw fail(lineStart, "bigram refers to an unknown word id") }
                    let key = UInt64(UInt32(l)) << 32 | UInt64(UInt32(r))
                    guard bigramKeys.isEmpty || bigramKeys[bigramKeys.count - 1] < key else { throw fail(lineStart, "bigrams must be sorted by word ids") }
                    bigramKeys.append(key)
                    bigramCounts.append(try int(fs.3, fe.3))
                case 65: // A
                    guard nf == 4 else { throw fail(lineStart, "an acronym line has 4 fields") }
                    let c = Int(try int(fs.3, fe.3))
                    acronyms.append((String(decoding: UnsafeBufferPointer(rebasing: buf[fs.1..<fe.1]), as: UTF8.self),
                                     String(decoding: UnsafeBufferPointer(rebasing: buf[fs.2..<fe.2]), as: UTF8.self), c))
                case 68: // D
                    guard nf == 3 else { throw fail(lineStart, "a document-frequency line has 3 fields") }
                    let w = Int(try int(fs.1, fe.1))
                    guard w < counts.count else { throw fail(lineStart, "document frequency of an unknown word id") }
                    if docFreq.count < counts.count { docFreq += [Int32](repeating: 0, count: counts.count - docFreq.count) }
                    docFreq[w] = try int(fs.2, fe.2)
                case 67: // C
                    guard nf == 4 else { throw fail(lineStart, "an association line has 4 fields") }
                    let a = try int(fs.1, fe.1), c = try int(fs.2, fe.2)
                    guard Int(a) < counts.count, Int(c) < counts.count else { throw fail(lineStart, "association refers to an unknown word id") }
                    let key = UInt64(UInt32(a)) << 32 | UInt64(UInt32(c))
                    guard assocKeys.isEmpty || assocKeys[assocKeys.count - 1] < key else { throw fail(lineStart, "associations must be sorted by word ids") }
                    assocKeys.append(key)
                    assocCounts.append(try int(fs.3, fe.3))
                case 84: // T
                    guard nf == 3 else { throw fail(lineStart, "a totals line has 3 fields") }
                    totals = (Int(try int(fs.1, fe.1)), Int(try int(fs.2, fe.2)))
                default: throw fail(lineStart, "unknown record kind")
                }
            }
        }
        if let (t, d) = totals { lex.totalTokens = max(1, t); lex.documents = d }
        var byLong: [String: [(String, Int)]] = [:]
        byLong.reserveCapacity(acronyms.count)
        for a in acronyms { byLong[a.long, default: []].append((a.acr, a.count)) }
        lex.acronymsByLongForm = byLong
        // the index, sized once for the words read, filled in id order (a shared hash keeps the first word)
        lex.reserveIndex(hashes.count)
        for (id, h) in hashes.enumerated() { lex.insert(h, Int32(id)) }
        lex.counts = counts
        lex.flat = flat
        lex.flatStart = flatStart
        lex.bigramKeys = bigramKeys
        lex.bigramCounts = bigramCounts
        if !docFreq.isEmpty && docFreq.count < counts.count { docFreq += [Int32](repeating: 0, count: counts.count - docFreq.count) }
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
