/// Entry dates that cannot be right: not a real calendar date, later than the digest's own date, or
/// contradicting the arXiv id (an id 'YYMM.NNNNN' is assigned in month YYMM; a paper cannot be dated
/// before it, and a first version is dated within `max-months` of it).
struct EntryDate: EntryCheck {
    enum Kind: String { case invalid, future = "after-digest", idMonth = "id-month" }
    let meta: RuleMeta
    let kind: Kind
    let maxMonths: Int

    init(meta: RuleMeta, settings: Settings) throws {
        try settings.rejectUnknown(["check", "max-months"])
        self.meta = meta
        let k = try settings.string("check", default: "invalid")
        guard let kk = Kind(rawValue: k) else { throw settings.fail("check", "expected invalid, after-digest or id-month, found '\(k)'") }
        kind = kk
        maxMonths = try settings.int("max-months", default: 1)
    }

    func check(_ entry: Entry, _ ctx: CheckContext, into out: inout [Diagnostic]) {
        guard let f = entry.field(.date) else { return }
        let whole = ByteRange(0, f.text.count)
        let date = SimpleDate.parse(f.text)
        switch kind {
        case .invalid:
            if date == nil {
                out.append(ctx.diagnostic(meta, "date '\(f.string)' is not in YYYY-MM-DD form", entry: entry, field: f, local: whole))
            } else if !date!.isValid {
                out.append(ctx.diagnostic(meta, "date '\(f.string)' is not a calendar date", entry: entry, field: f, local: whole))
            }
        case .future:
            guard let d = date, d.isValid, let digest = ctx.document.digestDate, d > digest else { return }
            out.append(ctx.diagnostic(meta, "entry dated \(f.string), after the digest's date \(ctx.document.header.map(\.string) ?? "")",
                                      entry: entry, field: f, local: whole))
        case .idMonth:
            guard let d = date, d.isValid, let id = entry.arxivID, let ym = id.yymm else { return }
            let diff = (d.year * 12 + d.month) - (ym.year * 12 + ym.month)
            let v1 = id.version == nil || id.version == 1
            if diff < 0 || (v1 && diff > maxMonths) {
                out.append(ctx.diagnostic(meta, "date \(f.string) contradicts arXiv id \(id.base) (assigned \(ym.year)-\(ym.month < 10 ? "0" : "")\(ym.month))",
                                          entry: entry, field: f, local: whole))
            }
        }
    }
}
