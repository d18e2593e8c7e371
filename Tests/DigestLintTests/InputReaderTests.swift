import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import DigestLint

/// Checks shared by the three readers: every field's text is exactly what the source bytes it
/// maps to decode to, scalar by scalar, with an independent decoder.
enum Faithful {
    /// Decodes JSON string contents (no quotes) with JSONSerialization.
    static func json(_ bytes: [UInt8]) -> [UInt8]? {
        let data = Data([UInt8(ascii: "["), UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\""), UInt8(ascii: "]")])
        guard let a = try? JSONSerialization.jsonObject(with: data) as? [String], let s = a.first else { return nil }
        return Array(s.utf8)
    }

    /// Decodes XML character data (entities, CDATA) with XMLParser.
    static func xml(_ bytes: [UInt8]) -> [UInt8]? {
        final class Collect: NSObject, XMLParserDelegate {
            var text = ""
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }
        }
        let p = XMLParser(data: Data(Array("<a>".utf8) + bytes + Array("</a>".utf8)))
        let c = Collect()
        p.delegate = c
        guard p.parse() else { return nil }
        return Array(c.text.utf8)
    }

    static func raw(_ bytes: [UInt8]) -> [UInt8]? { bytes }

    /// Every scalar of `local` (a range of the field's text) maps to source bytes that decode to it,
    /// and the whole range maps to bytes that decode to the whole text.
    static func check(_ f: FieldText, _ src: SourceText, local: ByteRange? = nil, decode: ([UInt8]) -> [UInt8]?,
                      file: StaticString = #filePath, line: UInt = #line) {
        let r = local ?? ByteRange(0, f.text.count)
        let whole = f.sourceRange(r)
        XCTAssertLessThanOrEqual(whole.start, whole.end, file: file, line: line)
        XCTAssertEqual(decode(Array(src.bytes[whole.start..<whole.end])), Array(f.text[r.start..<r.end]),
                       "\(f.kind) text differs from its source '\(src.text(whole))'", file: file, line: line)
        var i = r.start
        while i < r.end {
            var n = 1
            while i + n < r.end, f.text[i + n] & 0xC0 == 0x80 { n += 1 }
            let s = f.sourceRange(ByteRange(i, i + n))
            XCTAssertEqual(decode(Array(src.bytes[s.start..<s.end])), Array(f.text[i..<i + n]),
                           "\(f.kind) byte \(i) maps to '\(src.text(s))'", file: file, line: line)
            i += n
        }
    }

    /// Checks every field of every entry (authors joined from a list: each name separately).
    static func checkAll(_ doc: Document, decode: ([UInt8]) -> [UInt8]?, file: StaticString = #filePath, line: UInt = #line) {
        for e in doc.entries {
            for f in e.fields {
                if f.kind == .authors, case .table = f.map {
                    for r in e.authorRanges { check(f, doc.source, local: r, decode: decode, file: file, line: line) }
                } else {
                    check(f, doc.source, decode: decode, file: file, line: line)
                }
            }
        }
        if let h = doc.header { check(h, doc.source, decode: decode, file: file, line: line) }
    }
}

func parse(_ text: String, _ format: InputFormat, path: String = "t") throws -> Document {
    try InputReader.parse(SourceText(path: path, text: text), format: format)
}

func parse(bytes: [UInt8], _ format: InputFormat) throws -> Document {
    try InputReader.parse(SourceText(path: "t", bytes: bytes), format: format)
}

extension Entry {
    func text(_ k: FieldKind) -> String? { field(k)?.string }
    func authorNames() -> [String] { authorRanges.map { field(.authors)!.string($0) } }
}

final class JSONLReaderTests: XCTestCase {
    func testPlainRecordFieldsAndOffsets() throws {
        let line = #"{"id": "2412.13184", "title": "Tilted Quantile Updates", "authors": ["Chenglin Li", "Hua Geng"], "published": "2024-12-18", "abstract": "Safe RL is popular."}"#
        let doc = try parse(line + "\n", .jsonl)
        XCTAssertEqual(doc.entries.count, 1)
        let e = doc.entries[0]
        XCTAssertEqual(e.text(.title), "Tilted Quantile Updates")
        XCTAssertEqual(e.text(.url), "2412.13184")
        XCTAssertEqual(e.text(.date), "2024-12-18")
        XCTAssertEqual(e.text(.abstract), "Safe RL is popular.")
        XCTAssertEqual(e.authorNames(), ["Chenglin Li", "Hua Geng"])
        XCTAssertEqual(e.arxivID?.base, "2412.13184")
        XCTAssertEqual(e.date, SimpleDate(year: 2024, month: 12, day: 18))
        let abs = e.field(.abstract)!
        XCTAssertEqual(doc.source.text(abs.sourceRange), "Safe RL is popular.")
        XCTAssertEqual(e.range, ByteRange(0, line.utf8.count))
        Faithful.checkAll(doc, decode: Faithful.json)
    }

    func testEscapesMapToTheirSourceBytes() throws {
        // \n, \u00e9, \", \\, \/, a surrogate pair (😀), raw multi-byte UTF-8, \t
        let line = #"{"id": "2401.00001", "title": "Caf\u00e9 \"quoted\" \\ path\/x", "abstract": "Line one.\nLine two \ud83d\ude00 naïve\tend.", "authors": "Ana Lopez, Zoë Ng and Bo Li", "update_date": "2024-01-02"}"#
        let doc = try parse(line, .jsonl)
        let e = doc.entries[0]
        XCTAssertEqual(e.text(.title), "Café \"quoted\" \\ path/x")
        XCTAssertEqual(e.text(.abstract), "Line one.\nLine two 😀 naïve\tend.")
        XCTAssertEqual(e.authorNames(), ["Ana Lopez", "Zoë Ng", "Bo Li"])
        XCTAssertEqual(e.text(.date), "2024-01-02")
        Faithful.checkAll(doc, decode: Faithful.json)
        // the é of "Café" covers the 6-byte escape; the emoji covers both surrogate escapes
        let t = e.field(.title)!
        let eAcute = t.sourceRange(ByteRange(3, 5))
        XCTAssertEqual(doc.source.text(eAcute), #"\u00e9"#)
        let a = e.field(.abstract)!
        let emojiAt = Array(a.text).firstIndex(of: 0xF0)!
        XCTAssertEqual(doc.source.text(a.sourceRange(ByteRange(emojiAt, emojiAt + 4))), #"\ud83d\ude00"#)
        let nl = a.text.firstIndex(of: 0x0A)!
        XCTAssertEqual(doc.source.text(a.sourceRange(ByteRange(nl, nl + 1))), #"\n"#)
    }

    func testFixesEditJSONStringContents() throws {
        let line = #"{"id": "2401.00001", "title": "A \"b\" c", "abstract": "We get 5 % more."}"#
        let doc = try parse(line + "\n", .jsonl)
        let ctx = CheckContext(document: doc, options: LintOptions(), resources: Resources(ruleDirectories: []))
        let title = doc.entries[0].field(.title)!
        // replace `"b"` (local 2..<5) with `"B"\n`: the edit must be escaped and cover the escapes
        let edit = ctx.edit(title, ByteRange(2, 5), "\"B\"\n")
        var bytes = doc.source.bytes
        bytes.replaceSubrange(edit.start..<edit.end, with: Array(edit.replacement.utf8))
        let obj = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        XCTAssertEqual(obj["title"] as? String, "A \"B\"\n c")
    }

    func testMalformedLinesAreReportedAndOthersStillRead() throws {
        let text = """
        {"id": "2401.00001", "title": "First", "abstract": "Fine."}
        {"id": "2401.00002", "title": "Second" "abstract": "x"}
        not json at all
        [1, 2]

        {"id": "2401.00003", "title": "Bad \\q escape"}
        {"id": "2401.00004", "title": "Third", "abstract": "Also fine."}
        {"id": "2401.00005", "title": "Trunc
        """
        let doc = try parse(text, .jsonl)
        XCTAssertEqual(doc.entries.map { $0.text(.title) }, ["First", "Third"])
        XCTAssertEqual(doc.entries.map(\.index), [1, 2])
        let msgs = doc.readerDiagnostics.map(\.message)
        XCTAssertEqual(doc.readerDiagnostics.count, 5, "\(msgs)")
        XCTAssertTrue(doc.readerDiagnostics.allSatisfy { $0.rule == "malformed-record" && $0.entry == nil })
        XCTAssertTrue(msgs[0].hasPrefix("line 2, column 40:"), msgs[0])
        XCTAssertTrue(msgs[1].hasPrefix("line 3, column 1:"), msgs[1])
        XCTAssertTrue(msgs[2].hasPrefix("line 4, column 1:"), msgs[2])
        XCTAssertTrue(msgs[3].hasPrefix("line 6, column 36:"), msgs[3])
        XCTAssertTrue(msgs[4].hasPrefix("line 8, column 31:"), msgs[4])
        // the reported range points at the offending byte
        let d0 = doc.readerDiagnostics[0]
        XCTAssertEqual(doc.source.text(d0.range), "\"")
        Faithful.checkAll(doc, decode: Faithful.json)
    }

    func testCRLFAndTruncatedLastLineAndBOM() throws {
        let text = "\u{FEFF}{\"id\": \"2401.00001\", \"title\": \"One\"}\r\n{\"id\": \"2401.00002\", \"title\": \"Two\\r\\n\"}\r\n{\"id\": \"2401.00003\", \"title\": \"Three\"}"
        let doc = try parse(text, .jsonl)
        XCTAssertEqual(doc.entries.map { $0.text(.title) }, ["One", "Two\r\n", "Three"])
        XCTAssertTrue(doc.readerDiagnostics.isEmpty)
        XCTAssertFalse(doc.entries.contains { doc.source.text($0.range).hasSuffix("\r") })
        Faithful.checkAll(doc, decode: Faithful.json)
    }

    func testIgnoresOtherKeysAndNonStringValues() throws {
        let line = #"{"id": 704.0001, "versions": [{"v": "v1"}], "title": null, "authors_parsed": [["A", "B", ""]], "abstract": "x", "n": -1.5e3, "ok": true}"#
        let doc = try parse(line, .jsonl)
        XCTAssertTrue(doc.readerDiagnostics.isEmpty, "\(doc.readerDiagnostics.map(\.message))")
        XCTAssertNil(doc.entries[0].field(.title))
        XCTAssertEqual(doc.entries[0].text(.url), "704.0001")
        XCTAssertEqual(doc.entries[0].text(.abstract), "x")
    }

    func testTimestampDateKeepsTheDatePart() throws {
        let doc = try parse(#"{"published": "2024-12-18T18:59:59Z"}"#, .jsonl)
        let d = doc.entries[0].field(.date)!
        XCTAssertEqual(d.string, "2024-12-18")
        XCTAssertEqual(doc.source.text(d.sourceRange), "2024-12-18")
    }

    func testDetection() {
        XCTAssertEqual(InputReader.detect(path: "x.jsonl", bytes: []), .jsonl)
        XCTAssertEqual(InputReader.detect(path: "-", bytes: Array("  {\"id\": 1}".utf8)), .jsonl)
        XCTAssertEqual(InputReader.detect(path: "-", bytes: Array("<?xml version=\"1.0\"?><feed/>".utf8)), .atom)
        XCTAssertEqual(InputReader.detect(path: "-", bytes: Array("# Digest\n".utf8)), .markdown)
        XCTAssertEqual(InputReader.detect(path: "-", bytes: Array("2026-02-24\n".utf8)), .digest)
    }
}

final class MarkdownReaderTests: XCTestCase {
    func testHeadingLayout() throws {
        let text = """
        # Daily digest — 2024-12-18

        ## Tilted Quantile Updates for Safe RL

        **Authors**: Chenglin Li, Hua Geng
        **Published**: 2024-12-17
        **URL**: <http://arxiv.org/abs/2412.13184v1>

        **Abstract**: Safe reinforcement learning is a paradigm.
        It continues on a second line.

        ## Second Paper: Zoë's Method

        **Authors:** Ana Lopez and Bo Li
        **Date:** 2024-12-16T10:00:00Z
        **Link:** [arXiv:2412.00002](https://arxiv.org/abs/2412.00002)

        We study things without an abstract label.

        """
        let doc = try parse(text, .markdown)
        XCTAssertEqual(doc.header?.string, "2024-12-18")
        XCTAssertEqual(doc.entries.count, 2)
        let a = doc.entries[0], b = doc.entries[1]
        XCTAssertEqual(a.text(.title), "Tilted Quantile Updates for Safe RL")
        XCTAssertEqual(a.authorNames(), ["Chenglin Li", "Hua Geng"])
        XCTAssertEqual(a.text(.date), "2024-12-17")
        XCTAssertEqual(a.text(.url), "http://arxiv.org/abs/2412.13184v1")
        XCTAssertEqual(a.text(.abstract), "Safe reinforcement learning is a paradigm.\nIt continues on a second line.")
        XCTAssertEqual(b.text(.title), "Second Paper: Zoë's Method")
        XCTAssertEqual(b.authorNames(), ["Ana Lopez", "Bo Li"])
        XCTAssertEqual(b.text(.date), "2024-12-16")
        XCTAssertEqual(b.text(.url), "https://arxiv.org/abs/2412.00002")
        XCTAssertEqual(b.text(.abstract), "We study things without an abstract label.")
        XCTAssertEqual(b.arxivID?.base, "2412.00002")
        XCTAssertEqual(a.fields.map(\.kind), [.title, .authors, .date, .url, .abstract])
        Faithful.checkAll(doc, decode: Faithful.raw)
        for e in doc.entries { for f in e.fields { if case .shifted = f.map {} else { XCTFail("markdown maps are shifted") } } }
    }

    func testNumberedLinkedTitlesAndSectionHeadings() throws {
        let text = "# Digest\r\n\r\n## Machine Learning\r\n\r\n### 1. [Sparse Coding at Scale](http://arxiv.org/abs/2401.00001v2)\r\n**Authors**: A. Author, B. Author\r\n**Abstract**: First abstract.\r\n\r\n### 2. [Second [Bracketed] Title](https://arxiv.org/abs/2401.00002)\r\n- **Authors**: C. Author\r\n- **Abstract**:\r\n\r\n  Indented abstract paragraph\r\n  over two lines.\r\n"
        let doc = try parse(text, .markdown)
        XCTAssertEqual(doc.entries.count, 2, "\(doc.entries.map { $0.text(.title) })")
        XCTAssertEqual(doc.entries[0].text(.title), "Sparse Coding at Scale")
        XCTAssertEqual(doc.entries[0].text(.url), "http://arxiv.org/abs/2401.00001v2")
        XCTAssertEqual(doc.entries[0].text(.abstract), "First abstract.")
        XCTAssertEqual(doc.entries[1].text(.title), "Second [Bracketed] Title")
        XCTAssertEqual(doc.entries[1].text(.abstract), "Indented abstract paragraph\r\n  over two lines.")
        XCTAssertFalse(doc.entries.contains { $0.text(.title) == "Machine Learning" })
        Faithful.checkAll(doc, decode: Faithful.raw)
    }

    func testTruncatedEntryHasMissingFields() throws {
        let doc = try parse("## Only A Title\n**Authors**: X Y", .markdown)
        XCTAssertEqual(doc.entries.count, 1)
        XCTAssertEqual(doc.entries[0].authorNames(), ["X Y"])
        XCTAssertNil(doc.entries[0].field(.abstract))
    }
}

final class AtomReaderTests: XCTestCase {
    static let feed = """
    <?xml version="1.0" encoding="UTF-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
      <title type="html">ArXiv Query: search_query=all:rl</title>
      <updated>2024-12-19T00:00:00-05:00</updated>
      <!-- a comment with <entry> inside -->
      <entry>
        <id>http://arxiv.org/abs/2412.13184v1</id>
        <updated>2024-12-18T18:59:59Z</updated>
        <published>2024-12-17T18:59:59Z</published>
        <title>Tilted Quantile &amp; Gradient
      Updates for Caf&#233; RL</title>
        <summary>  Safe RL &lt;is&gt; popular.
    It uses &quot;quantiles&quot; &#x1F600; and &lt;b&gt; here.
      </summary>
        <author>
          <name>Chenglin Li</name>
          <arxiv:affiliation>Somewhere</arxiv:affiliation>
        </author>
        <author><name>Zo&#235; Ng</name></author>
        <link href="http://arxiv.org/abs/2412.13184v1" rel="alternate" type="text/html"/>
        <link title="pdf" href="http://arxiv.org/pdf/2412.13184v1" rel="related" type="application/pdf"/>
        <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
      </entry>
      <entry>
        <id>http://arxiv.org/abs/2412.00002v2</id>
        <published>2024-12-01T00:00:00Z</published>
        <title>Second</title>
        <summary>Plain abstract.</summary>
        <author><name>Bo Li</name></author>
      </entry>
    </feed>

    """

    func testFieldsEntitiesAndOffsets() throws {
        let doc = try parse(AtomReaderTests.feed, .atom)
        XCTAssertTrue(doc.readerDiagnostics.isEmpty, "\(doc.readerDiagnostics.map(\.message))")
        XCTAssertEqual(doc.header?.string, "2024-12-19")
        XCTAssertEqual(doc.entries.count, 2)
        let e = doc.entries[0]
        XCTAssertEqual(e.text(.title), "Tilted Quantile & Gradient\n  Updates for Café RL")
        XCTAssertEqual(e.text(.abstract), "Safe RL <is> popular.\nIt uses \"quantiles\" 😀 and <b> here.")
        XCTAssertEqual(e.text(.url), "http://arxiv.org/abs/2412.13184v1")
        XCTAssertEqual(e.text(.date), "2024-12-17")
        XCTAssertEqual(e.authorNames(), ["Chenglin Li", "Zoë Ng"])
        XCTAssertEqual(e.arxivID?.base, "2412.13184")
        XCTAssertEqual(doc.entries[1].text(.title), "Second")
        XCTAssertEqual(doc.entries[1].authorNames(), ["Bo Li"])
        XCTAssertTrue(doc.source.text(e.range).hasPrefix("<entry>"))
        XCTAssertTrue(doc.source.text(e.range).hasSuffix("</entry>"))
        Faithful.checkAll(doc, decode: Faithful.xml)
        // the & of the title maps to its entity
        let t = e.field(.title)!
        let amp = t.text.firstIndex(of: UInt8(ascii: "&"))!
        XCTAssertEqual(doc.source.text(t.sourceRange(ByteRange(amp, amp + 1))), "&amp;")
        // a plain element is shifted
        if case .shifted = doc.entries[1].field(.title)!.map {} else { XCTFail("plain text should be shifted") }
    }

    func testFixesAreXMLEscaped() throws {
        let doc = try parse(AtomReaderTests.feed, .atom)
        let ctx = CheckContext(document: doc, options: LintOptions(), resources: Resources(ruleDirectories: []))
        let t = doc.entries[1].field(.title)!
        let edit = ctx.edit(t, ByteRange(0, 6), "A & B")
        XCTAssertEqual(edit.replacement, "A &amp; B")
        XCTAssertEqual(doc.source.text(ByteRange(edit.start, edit.end)), "Second")
    }

    func testCRLFFeed() throws {
        let text = AtomReaderTests.feed.replacingOccurrences(of: "\n", with: "\r\n")
        let doc = try parse(text, .atom)
        XCTAssertEqual(doc.entries.count, 2)
        XCTAssertEqual(doc.entries[0].text(.title), "Tilted Quantile & Gradient\r\n  Updates for Café RL")
        // XML parsers normalise CR LF to LF; the reader keeps the bytes as they are
        Faithful.checkAll(doc, decode: { b in Faithful.xml(Array(String(decoding: b, as: UTF8.self).replacingOccurrences(of: "\r", with: "&#13;").utf8)) })
    }

    func testMalformedFeedIsReportedAndEntriesKept() throws {
        let text = """
        <feed xmlns="http://www.w3.org/2005/Atom">
        <entry><id>http://arxiv.org/abs/2401.00001v1</id><title>Good</title></entry>
        <entry><id>http://arxiv.org/abs/2401.00002v1</id><title>Bad</titel></entry>
        <entry><id>http://arxiv.org/abs/2401.00003v1</id><title>Truncated
        """
        let doc = try parse(text, .atom)
        XCTAssertFalse(doc.readerDiagnostics.isEmpty)
        XCTAssertTrue(doc.readerDiagnostics.allSatisfy { $0.rule == "malformed-record" })
        let first = doc.readerDiagnostics[0]
        XCTAssertTrue(first.message.hasPrefix("line 3, column 60:"), first.message)
        XCTAssertEqual(doc.source.text(ByteRange(first.range.start, first.range.start + 8)), "</titel>")
        XCTAssertEqual(doc.entries.first?.text(.title), "Good")
        XCTAssertGreaterThanOrEqual(doc.entries.count, 2)
    }

    func testUndefinedEntityIsReportedWhereItIs() throws {
        let doc = try parse("<feed><entry><title>A &bogus; B</title></entry></feed>\n", .atom)
        XCTAssertEqual(doc.readerDiagnostics.count, 1)
        XCTAssertTrue(doc.readerDiagnostics[0].message.hasPrefix("line 1, column 23:"), doc.readerDiagnostics[0].message)
        XCTAssertEqual(doc.entries[0].text(.title), "A &bogus; B")
    }

    func testXMLParserValidatesWhatTheScannerSkips() throws {
        // an unquoted attribute the scanner tolerates; XMLParser reports it
        let doc = try parse("<feed>\n<entry a=b><title>A</title></entry></feed>\n", .atom)
        XCTAssertEqual(doc.readerDiagnostics.count, 1)
        XCTAssertTrue(doc.readerDiagnostics[0].message.contains("not well-formed"), doc.readerDiagnostics[0].message)
        XCTAssertEqual(doc.entries[0].text(.title), "A")
    }

    func testCDATAIsDecoded() throws {
        let doc = try parse("<feed><entry><summary>x <![CDATA[a <b> & c]]> y</summary></entry></feed>", .atom)
        XCTAssertTrue(doc.readerDiagnostics.isEmpty)
        let f = doc.entries[0].field(.abstract)!
        XCTAssertEqual(f.string, "x a <b> & c y")
        XCTAssertEqual(doc.source.text(f.sourceRange(ByteRange(2, 8))), "a <b> ")
        XCTAssertEqual(doc.source.text(f.sourceRange(ByteRange(0, f.text.count))), "x <![CDATA[a <b> & c]]> y")
    }
}

/// The whole pipeline on each format: findings land on the right source bytes.
final class InputFormatLintTests: XCTestCase {
    func lint(_ text: String, _ format: InputFormat) throws -> (Document, [Diagnostic]) {
        let doc = try parse(text, format)
        let rules = try RuleSet(directories: [rulesDirectory()])
        return (doc, Linter(rules: rules, options: LintOptions()).lint(doc))
    }

    func rulesDirectory() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("rules").path
    }

    func testPatternFindingsPointIntoEachFormat() throws {
        let abstract = "We gain 5 % more on the the test."
        let jsonl = "{\"id\": \"2401.00001\", \"title\": \"T\\u00edtle\", \"authors\": [\"A B\"], \"published\": \"2024-01-01\", \"abstract\": \"Caf\\u00e9 \\\"x\\\". \(abstract)\"}\n"
        let md = "## T\n**Authors**: A B\n**Published**: 2024-01-01\n**URL**: http://arxiv.org/abs/2401.00001\n**Abstract**: Café \"x\". \(abstract)\n"
        let atom = "<feed><entry><id>http://arxiv.org/abs/2401.00001v1</id><published>2024-01-01T00:00:00Z</published><title>T</title><summary>Caf&#233; &quot;x&quot;. \(abstract)</summary><author><name>A B</name></author></entry></feed>\n"
        for (text, fmt) in [(jsonl, InputFormat.jsonl), (md, .markdown), (atom, .atom)] {
            let (doc, ds) = try lint(text, fmt)
            XCTAssertTrue(doc.readerDiagnostics.isEmpty, "\(fmt)")
            let pct = ds.first { $0.rule == "spaced-percent" }
            XCTAssertNotNil(pct, "\(fmt): \(ds.map(\.rule))")
            if let pct = pct { XCTAssertEqual(doc.source.text(pct.range), "5 %", "\(fmt)") }
            let rep = ds.first { $0.rule == "repeated-word" }
            XCTAssertNotNil(rep, "\(fmt): \(ds.map(\.rule))")
            XCTAssertFalse(ds.contains { $0.rule == "malformed-arxiv-url" }, "\(fmt)")
            // applying every fix (safe or unsafe) keeps the file parseable in its own format
            var bytes = doc.source.bytes
            let edits = ds.flatMap { $0.fixes.filter { $0.applicability >= .unsafe }.prefix(1).flatMap(\.edits) }.sorted { $0.start > $1.start }
            for e in edits { bytes.replaceSubrange(e.start..<e.end, with: Array(e.replacement.utf8)) }
            let again = try parse(bytes: bytes, fmt)
            XCTAssertTrue(again.readerDiagnostics.isEmpty, "\(fmt)")
            XCTAssertTrue(again.entries[0].text(.abstract)!.contains("5% more"), "\(fmt): \(again.entries[0].text(.abstract)!)")
        }
    }
}
