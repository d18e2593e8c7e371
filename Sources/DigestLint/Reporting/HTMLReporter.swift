/// `--format html`: one self-contained page (no outside resources). Each input is shown block by
/// block (header, then every entry) with each finding highlighted in place and, beside the block,
/// a card with its message and suggested fix. Filters by category and severity and summary counts
/// at the top.
public struct HTMLReporter: Reporter {
    public init() {}

    struct Item {
        var id: String
        var d: Diagnostic
    }

    public func render(_ reports: [FileReport]) -> String {
        let s = Summary(reports)
        let total = s.errors + s.warnings + s.infos
        var bySevCat: [String: Int] = [:]
        for r in reports { for d in r.diagnostics { bySevCat[d.category.rawValue + "/" + d.severity.rawValue, default: 0] += 1 } }
        let categories = Category.allCases.filter { c in Severity.allCases.contains { bySevCat[c.rawValue + "/" + $0.rawValue] != nil } }
        let severities: [Severity] = [.error, .warning, .info]

        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>digestlint report: \(esc(reports.map(\.path).joined(separator: ", ")))</title>\n"
        h += "<style>\n\(HTMLReporter.css)</style>\n</head>\n"
        h += "<body data-total=\"\(total)\">\n<header>\n<h1>digestlint report</h1>\n"
        h += "<p class=\"meta\">\(ToolInfo.name) \(ToolInfo.version) · \(reports.count) file\(reports.count == 1 ? "" : "s") · "
        h += "\(reports.reduce(0) { $0 + $1.document.entries.count }) entries · <span id=\"shown\">\(total)</span> of \(total) findings shown · \(s.fixable) fixable</p>\n"

        // Summary counts.
        h += "<table class=\"summary\" id=\"summary\">\n<thead><tr><th>category</th>"
        for sev in severities { h += "<th class=\"sev-\(sev.rawValue)\">\(sev.rawValue)</th>" }
        h += "<th>total</th></tr></thead>\n<tbody>\n"
        for c in categories {
            h += "<tr><td>\(c.rawValue)</td>"
            var rowTotal = 0
            for sev in severities {
                let n = bySevCat[c.rawValue + "/" + sev.rawValue] ?? 0
                rowTotal += n
                h += "<td>\(n == 0 ? "" : String(n))</td>"
            }
            h += "<td>\(rowTotal)</td></tr>\n"
        }
        h += "<tr class=\"total\"><td>all</td><td>\(s.errors)</td><td>\(s.warnings)</td><td>\(s.infos)</td><td>\(total)</td></tr>\n"
        h += "</tbody></table>\n"

        // Filters.
        h += "<form class=\"filters\" id=\"filters\">\n<fieldset><legend>severity</legend>"
        for sev in severities {
            let n = reports.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == sev }.count }
            h += "<label><input type=\"checkbox\" name=\"severity\" value=\"\(sev.rawValue)\" checked> <span class=\"badge sev-\(sev.rawValue)\">\(sev.rawValue)</span> \(n)</label> "
        }
        h += "</fieldset>\n<fieldset><legend>category</legend>"
        for c in categories {
            let n = reports.reduce(0) { $0 + $1.diagnostics.filter { $0.category == c }.count }
            h += "<label><input type=\"checkbox\" name=\"category\" value=\"\(c.rawValue)\" checked> \(c.rawValue) \(n)</label> "
        }
        h += "</fieldset>\n<fieldset><legend>entries</legend><label><input type=\"checkbox\" id=\"only-flagged\"> only entries with findings</label></fieldset>\n"
        h += "</form>\n</header>\n<main>\n"

        for (fi, r) in reports.enumerated() {
            h += "<section class=\"file\">\n<h2>\(esc(r.path))</h2>\n"
            if r.diagnostics.isEmpty { h += "<p class=\"clean\">No findings.</p>\n" }
            let items = r.diagnostics.enumerated().map { Item(id: "f\(fi + 1)-\($0.offset + 1)", d: $0.element) }
            let bs = blocks(r.document)
            // Each finding goes to the first block holding its start (an insertion point at the end
            // of an entry stays with that entry).
            var assigned = [[Item]](repeating: [], count: bs.count)
            for it in items {
                let st = it.d.range.start
                let k = bs.firstIndex { b in b.range.start <= st && (st < b.range.end || (st == b.range.end && (b.isLast || it.d.range.isEmpty))) }
                    ?? bs.lastIndex { $0.range.start <= st } ?? 0
                assigned[k].append(it)
            }
            for (bi, block) in bs.enumerated() {
                let mine = assigned[bi]
                let onlyWS = r.source.bytes[block.range.start..<block.range.end].allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
                if mine.isEmpty && onlyWS { continue }
                let loc = r.source.location(of: block.range.start)
                h += "<div class=\"block\(mine.isEmpty ? " unflagged" : "")\" id=\"b\(fi + 1)-\(block.label)\">\n"
                h += "<div class=\"text\"><div class=\"where\">\(esc(block.title)) · line \(loc.line)</div><pre>"
                h += markup(r.source, block.range, mine)
                h += "</pre></div>\n<aside class=\"notes\">\n"
                for it in mine { h += card(it, r.source) }
                h += "</aside>\n</div>\n"
            }
            h += "</section>\n"
        }
        h += "</main>\n<script>\n\(HTMLReporter.script)</script>\n</body>\n</html>\n"
        return h
    }

    struct Block { var range: ByteRange; var label: String; var title: String; var isLast: Bool }

    /// The header (text before the first entry), each entry, and any text between or after.
    func blocks(_ doc: Document) -> [Block] {
        let n = doc.source.bytes.count
        var out: [Block] = []
        var at = 0
        for e in doc.entries.sorted(by: { $0.range.start < $1.range.start }) {
            let start = max(e.range.start, at)
            if start > at { out.append(Block(range: ByteRange(at, start), label: at == 0 ? "header" : "gap\(out.count)", title: at == 0 ? "header" : "between entries", isLast: false)) }
            let end = max(start, min(n, e.range.end))
            let t = e.title.map { $0.count > 90 ? String($0.prefix(90)) + "…" : $0 } ?? "(no title)"
            out.append(Block(range: ByteRange(start, end), label: "e\(e.index)", title: "entry \(e.index): \(t)", isLast: false))
            at = end
        }
        if at < n || out.isEmpty { out.append(Block(range: ByteRange(at, n), label: out.isEmpty ? "all" : "tail", title: out.isEmpty ? "text" : "after the last entry", isLast: true)) }
        else { out[out.count - 1].isLast = true }
        return out
    }

    /// The block's text with every finding's span wrapped in `<mark>` (a span covered by several
    /// findings is one mark naming them all); an empty span is a small caret mark.
    func markup(_ src: SourceText, _ block: ByteRange, _ items: [Item]) -> String {
        var cuts = Set([block.start, block.end])
        for it in items {
            cuts.insert(min(max(it.d.range.start, block.start), block.end))
            cuts.insert(min(max(it.d.range.end, block.start), block.end))
        }
        let points = cuts.sorted()
        var out = ""
        for (i, a) in points.enumerated() {
            // Insertion-point findings at this position.
            let here = items.filter { $0.d.range.isEmpty && min(max($0.d.range.start, block.start), block.end) == a }
            if !here.isEmpty { out += mark(here, text: "‸", point: true) }
            guard i + 1 < points.count else { break }
            let b = points[i + 1]
            let seg = ByteRange(a, b)
            let covering = items.filter { !$0.d.range.isEmpty && $0.d.range.start <= a && $0.d.range.end >= b }
            let text = esc(String(decoding: src.bytes[seg.start..<seg.end], as: UTF8.self))
            out += covering.isEmpty ? text : mark(covering, text: text, point: false)
        }
        return out
    }

    func mark(_ items: [Item], text: String, point: Bool) -> String {
        let worst = items.map(\.d.severity).max()!
        let ids = items.map(\.id).joined(separator: " ")
        let tip = items.map { "\($0.d.severity.rawValue): \($0.d.message) [\($0.d.rule)]" }.joined(separator: "\n")
        return "<mark class=\"hl sev-\(worst.rawValue)\(point ? " point" : "")\" data-findings=\"\(ids)\" title=\"\(esc(tip))\">\(text)</mark>"
    }

    func card(_ it: Item, _ src: SourceText) -> String {
        let d = it.d
        let loc = src.location(of: d.range.start)
        var c = "<div class=\"finding sev-\(d.severity.rawValue)\" id=\"\(it.id)\" data-finding=\"\(it.id)\" data-severity=\"\(d.severity.rawValue)\" data-category=\"\(d.category.rawValue)\">\n"
        c += "<div class=\"head\"><span class=\"badge sev-\(d.severity.rawValue)\">\(d.severity.rawValue)</span> <code class=\"rule\">\(esc(d.rule))</code> <span class=\"cat\">\(d.category.rawValue)</span> <span class=\"pos\">\(loc.line):\(loc.column)</span></div>\n"
        c += "<p class=\"msg\">\(esc(d.message))</p>\n"
        for (i, f) in d.fixes.prefix(3).enumerated() {
            var tags = [f.applicability.rawValue]
            if let conf = f.confidence { tags.append("confidence \(String(format2: (conf * 100).rounded() / 100))") }
            c += "<p class=\"fix\">\(i == 0 ? "fix" : "or"): \(esc(f.title)) <span class=\"tags\">(\(tags.joined(separator: ", ")))</span>"
            if let e = f.edits.first, f.edits.count == 1, e.end - e.start <= 200, e.start >= 0, e.end <= src.bytes.count, e.start <= e.end {
                let old = String(decoding: src.bytes[e.start..<e.end], as: UTF8.self)
                c += "<br><del>\(esc(old))</del> → <ins>\(esc(e.replacement))</ins>"
            }
            c += "</p>\n"
        }
        if d.fixes.count > 3 { c += "<p class=\"fix\">… \(d.fixes.count - 3) more</p>\n" }
        c += "</div>\n"
        return c
    }

    /// XML-escaped text with control characters (other than newline and tab) shown as U+FFFD.
    func esc(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else { return XMLText.escape(s) }
        var shown = String.UnicodeScalarView()
        for c in s.unicodeScalars { shown.append(c.value < 0x20 && c != "\n" && c != "\t" ? "\u{FFFD}" : c) }
        return XMLText.escape(String(shown))
    }

    static let css = """
    :root { --err: #c62828; --warn: #b26a00; --info: #1565c0; --bg: #fafafa; }
    * { box-sizing: border-box; }
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: var(--bg); color: #222; }
    header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #ddd; padding: 8px 16px; z-index: 2; }
    h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 16px 0 8px; }
    .meta { margin: 0 0 6px; color: #555; }
    table.summary { border-collapse: collapse; margin: 4px 0; font-size: 12px; }
    table.summary td, table.summary th { border: 1px solid #ddd; padding: 1px 8px; text-align: right; }
    table.summary td:first-child { text-align: left; } table.summary tr.total { font-weight: bold; }
    .filters { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0 0; }
    fieldset { border: 1px solid #ddd; padding: 2px 8px; margin: 0; } legend { font-size: 11px; color: #666; }
    label { margin-right: 8px; white-space: nowrap; }
    main { padding: 0 16px 32px; }
    .block { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); gap: 12px; background: #fff;
             border: 1px solid #e3e3e3; border-radius: 4px; margin: 8px 0; padding: 8px; }
    .block.hidden-block { display: none; }
    .where { font-size: 11px; color: #777; margin-bottom: 2px; }
    pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font: 13px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; }
    mark.hl { background: rgba(255, 193, 7, .35); border-bottom: 2px solid var(--warn); cursor: pointer; padding: 0 1px; }
    mark.hl.sev-error { background: rgba(229, 57, 53, .22); border-bottom-color: var(--err); }
    mark.hl.sev-info { background: rgba(30, 136, 229, .18); border-bottom-color: var(--info); }
    mark.hl.point { color: var(--err); font-weight: bold; }
    mark.hl.off { background: none; border-bottom: none; }
    mark.hl.point.off { display: none; }
    mark.hl.focus, .finding.focus { outline: 2px solid #7e57c2; }
    .notes { display: flex; flex-direction: column; gap: 6px; }
    .finding { border-left: 4px solid var(--warn); background: #fffdf5; padding: 4px 8px; border-radius: 2px; cursor: pointer; }
    .finding.sev-error { border-left-color: var(--err); background: #fff6f6; }
    .finding.sev-info { border-left-color: var(--info); background: #f5f9ff; }
    .finding.off { display: none; }
    .finding p { margin: 2px 0; } .head { font-size: 12px; color: #555; }
    .badge { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 3px; color: #fff; background: var(--warn); }
    .badge.sev-error { background: var(--err); } .badge.sev-info { background: var(--info); }
    .fix { font-size: 12.5px; color: #2e7d32; } .tags { color: #777; }
    del { background: #fde0e0; text-decoration: line-through; } ins { background: #dff5df; text-decoration: none; }
    .clean { color: #2e7d32; }
    @media (max-width: 800px) { .block { grid-template-columns: 1fr; } }

    """

    static let script = """
    (function () {
      var form = document.getElementById('filters');
      var only = document.getElementById('only-flagged');
      function checked(name) {
        var s = {};
        form.querySelectorAll('input[name="' + name + '"]').forEach(function (i) { s[i.value] = i.checked; });
        return s;
      }
      function update() {
        var sev = checked('severity'), cat = checked('category'), on = {}, shown = 0;
        document.querySelectorAll('.finding').forEach(function (f) {
          var v = sev[f.dataset.severity] !== false && cat[f.dataset.category] !== false;
          f.classList.toggle('off', !v); on[f.dataset.finding] = v; if (v) shown++;
        });
        document.querySelectorAll('mark.hl').forEach(function (m) {
          var v = m.dataset.findings.split(' ').some(function (id) { return on[id]; });
          m.classList.toggle('off', !v);
        });
        document.querySelectorAll('.block').forEach(function (b) {
          var any = b.querySelector('.finding:not(.off)') !== null;
          b.classList.toggle('hidden-block', only.checked && !any);
        });
        document.getElementById('shown').textContent = shown;
      }
      form.addEventListener('change', update);
      function focus(ids) {
        document.querySelectorAll('.focus').forEach(function (e) { e.classList.remove('focus'); });
        ids.forEach(function (id) {
          var c = document.getElementById(id); if (c) c.classList.add('focus');
          document.querySelectorAll('mark.hl').forEach(function (m) {
            if (m.dataset.findings.split(' ').indexOf(id) >= 0) m.classList.add('focus');
          });
        });
      }
      document.addEventListener('click', function (e) {
        var m = e.target.closest('mark.hl');
        if (m) { var ids = m.dataset.findings.split(' '); focus(ids); document.getElementById(ids[0]).scrollIntoView({block: 'nearest'}); return; }
        var f = e.target.closest('.finding');
        if (f) { focus([f.dataset.finding]); var mk = document.querySelector('mark.hl[data-findings~="' + f.dataset.finding + '"]');
                 if (mk) mk.scrollIntoView({block: 'center'}); }
      });
      update();
    })();

    """
}
