import DigestLint
import Foundation

/// Chunked runs over JSONL: each chunk of whole lines is read, linted (entries in parallel) and
/// rendered before the next is read, with offsets and lines shifted back to the file's.
/// Document-level checks see one chunk at a time (see docs/spark.md for duplicates at scale).
enum StreamRun {
    /// Collects streamed reports: `jsonl` goes out chunk by chunk; `json` keeps the rendered
    /// diagnostics (not the input) until the end, to write the report in the contract's key order.
    struct Output {
        let format: OutputFormat
        let io: IO
        var files: [(path: String, entries: Int, diagnostics: [String])] = []
        var counts = (errors: 0, warnings: 0, infos: 0, fixable: 0)

        init(format: OutputFormat, io: IO) { self.format = format; self.io = io }

        mutating func begin(_ path: String) { files.append((path, 0, [])) }

        mutating func emit(_ ds: [Diagnostic], source: SourceText, shift: (offset: Int, line: Int), entries: Int) {
            files[files.count - 1].entries += entries
            var text = ""
            for d in ds {
                switch d.severity { case .error: counts.errors += 1; case .warning: counts.warnings += 1; case .info: counts.infos += 1 }
                if d.fixes.contains(where: { $0.applicability != .display }) { counts.fixable += 1 }
                var w = JSONWriter()
                JSONReporter.write(d, source: source, path: format == .jsonl ? files.last!.path : nil, shift: shift, into: &w)
                if format == .jsonl { text += w.out + "\n" } else { files[files.count - 1].diagnostics.append(w.out) }
            }
            if !text.isEmpty { io.out(text) }
        }

        mutating func add(_ r: FileReport) {
            begin(r.path)
            emit(r.diagnostics, source: r.source, shift: (0, 0), entries: r.document.entries.count)
        }

        func finish() {
            guard format == .json else { return }
            var out = "{\"tool\":{\"name\":\(JSONText.quote(ToolInfo.name)),\"version\":\(JSONText.quote(ToolInfo.version))},\"files\":["
            for (k, f) in files.enumerated() {
                if k > 0 { out += "," }
                out += "{\"path\":\(JSONText.quote(f.path)),\"entries\":\(f.entries),\"diagnostics\":[" + f.diagnostics.joined(separator: ",") + "]}"
            }
            out += "],\"summary\":{\"errors\":\(counts.errors),\"warnings\":\(counts.warnings),\"infos\":\(counts.infos),\"fixable\":\(counts.fixable)}}\n"
            io.out(out)
        }
    }

    static func file(path: String, linter: Linter, chunkSize: Int, progress: Bool, into out: inout Output,
                     note: ([Diagnostic]) -> Void) throws {
        if path != "-" { _ = try InputReader.load(probe: path) }
        var chunks = try JSONLChunks(path: path, chunkSize: chunkSize)
        let total = fileSize(path)
        out.begin(path == "-" ? "<stdin>" : path)
        var entries = 0
        let show = progress && (total ?? 0) >= 16 << 20
        while let c = try chunks.next() {
            let doc = JSONLReader.read(chunk: c.source, firstEntryIndex: entries + 1, lineBase: c.line)
            entries += doc.entries.count
            let ds = linter.lint(doc)
            note(ds)
            out.emit(ds, source: c.source, shift: (c.offset, c.line), entries: doc.entries.count)
            MemoryPressure.releaseFreed()
            if show, let t = total {
                io(out).err("digestlint: \(path): \(chunks.bytesRead >> 20) of \(t >> 20) MB (\(100 * chunks.bytesRead / max(1, t))%), \(entries) entries\u{1B}[K\r")
            }
        }
        if show { io(out).err("\u{1B}[K") }
    }

    static func io(_ o: Output) -> IO { o.io }

    /// `--format records`: one JSON object per input line, in input order, for map steps
    /// (Spark's RDD.pipe): the record's line (in this input), id, diagnostics with offsets
    /// relative to the start of the record's line, and duplicate sketches.
    static func records(path: String, linter: Linter, chunkSize: Int, progress: Bool, io: IO,
                        note: ([Diagnostic]) -> Void) throws {
        if path != "-" { _ = try InputReader.load(probe: path) }
        var chunks = try JSONLChunks(path: path, chunkSize: chunkSize)
        var entries = 0
        while let c = try chunks.next() {
            let doc = JSONLReader.read(chunk: c.source, firstEntryIndex: entries + 1, lineBase: c.line)
            entries += doc.entries.count
            let ds = linter.lint(doc)
            note(ds)
            let src = c.source
            // group by the line each finding starts on
            var byLine: [Int: [Diagnostic]] = [:]
            for d in ds { byLine[src.location(of: d.range.start).line, default: []].append(d) }
            var items: [(line: Int, text: String)] = []
            var entryLines = Set<Int>()
            for e in doc.entries {
                let line = src.location(of: e.range.start).line
                entryLines.insert(line)
                items.append((line, render(line: line, entry: e, diagnostics: byLine[line] ?? [], src: src, chunk: c)))
            }
            for (line, lds) in byLine where !entryLines.contains(line) {
                items.append((line, render(line: line, entry: nil, diagnostics: lds, src: src, chunk: c)))
            }
            items.sort { $0.line < $1.line }
            io.out(items.map { $0.text + "\n" }.joined())
            MemoryPressure.releaseFreed()
        }
    }

    static func render(line: Int, entry: Entry?, diagnostics: [Diagnostic], src: SourceText, chunk: JSONLChunks.Chunk) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.int("line", line + chunk.line)
        if let e = entry {
            w.string("id", e.field(.url)?.string)
            w.string("title", e.title)
            let sk = DuplicateSketch(e)
            w.beginObject("sketch")
            w.string("id", sk.arxivID)
            w.string("title", sk.titleHash.map { String($0, radix: 16) })
            w.beginArray("minhash")
            for v in sk.minhash { w.int(nil, Int(v)) }
            w.endArray()
            w.endObject()
        } else {
            w.bool("malformed", true)
        }
        w.beginArray("diagnostics")
        let lineStart = src.lineStarts[line - 1]
        for d in diagnostics { JSONReporter.write(d, source: src, path: nil, shift: (-lineStart, -(line - 1)), into: &w) }
        w.endArray()
        w.endObject()
        return w.out
    }
}
