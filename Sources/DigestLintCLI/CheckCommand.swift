import DigestLint
import Foundation

enum OutputFormat: String, CaseIterable { case text, json, jsonl, records }

func fileSize(_ path: String) -> Int? {
    guard path != "-", let a = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
    return (a[.size] as? NSNumber)?.intValue
}

/// The first bytes of a file (format detection without reading it all).
func headBytes(_ path: String) -> [UInt8] {
    guard let h = FileHandle(forReadingAtPath: path) else { return [] }
    defer { try? h.close() }
    return Array((try? h.read(upToCount: 4096)) ?? Data())
}

enum CheckCommand {
    static func run(_ p: ParsedArguments, io: IO) throws -> Int32 {
        let formatName = p.value("format") ?? "text"
        guard let format = OutputFormat(rawValue: formatName) else {
            throw UsageError(message: "unknown --format '\(formatName)' (one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var inputFormat: InputFormat?
        if let f = p.value("input-format"), f != "auto" {
            guard let v = InputFormat(rawValue: f) else {
                throw UsageError(message: "unknown --input-format '\(f)' (one of: auto, \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            inputFormat = v
        }
        let failOnName = p.value("fail-on") ?? "warning"
        let failOn: Severity?
        switch failOnName {
        case "never": failOn = nil
        default:
            guard let s = Severity(rawValue: failOnName) else { throw UsageError(message: "unknown --fail-on '\(failOnName)' (one of: error, warning, info, never)") }
            failOn = s
        }
        var options = LintOptions()
        options.select = p.list("select")
        options.ignore = p.list("ignore") ?? []
        options.placeholder = p.value("placeholder")
        if let j = p.value("jobs") {
            guard let n = Int(j), n >= 1 else { throw UsageError(message: "--jobs needs a whole number of at least 1, found '\(j)'") }
            options.jobs = n
        }

        let rules = try RuleSet(directories: try CLI.ruleDirectories(p))
        let unknown = rules.unknownNames(options)
        if !unknown.isEmpty {
            throw UsageError(message: "unknown rule or category in --select/--ignore: \(unknown.joined(separator: ", "))")
        }
        let linter = Linter(rules: rules, options: options)
        let paths = p.positionals.isEmpty ? ["-"] : p.positionals
        let progress = !p.has("no-progress") && isatty(2) != 0
        var streamWanted = p.has("stream") || format == .records
        if p.has("no-stream") { streamWanted = false }
        if p.has("stream"), format == .text {
            throw UsageError(message: "--stream needs --format json, jsonl or records (the text report shows source lines)")
        }
        if format == .records, inputFormat != nil, inputFormat != .jsonl {
            throw UsageError(message: "--format records reads JSONL input (one record a line)")
        }
        var chunkSize = 4 << 20
        if let c = p.value("chunk-size") {
            guard let n = Int(c), n >= 1 else { throw UsageError(message: "--chunk-size needs a number of KiB, found '\(c)'") }
            chunkSize = n << 10
        }

        /// Whether a path is read in chunks: JSONL, a machine-readable report, and asked for
        /// (or a file of 64 MiB and more).
        func streams(_ path: String) -> Bool {
            guard format != .text, !p.has("no-stream") else { return false }
            let size = fileSize(path)
            let fmt = inputFormat ?? (path == "-" ? (format == .records ? .jsonl : nil) : InputReader.detect(path: path, bytes: headBytes(path)))
            guard fmt == .jsonl else { return false }
            return streamWanted || (size ?? 0) >= 64 << 20
        }

        var failing = false
        func note(_ ds: [Diagnostic]) {
            if let t = failOn, ds.contains(where: { $0.severity >= t }) { failing = true }
        }

        if format == .records {
            for path in paths {
                try StreamRun.records(path: path, linter: linter, chunkSize: chunkSize, progress: progress, io: io, note: note)
            }
        } else if paths.contains(where: streams) {
            // Streamed JSONL files (and any others, read whole) in order; diagnostics are rendered
            // per chunk, so memory holds one chunk plus the rendered diagnostics.
            var streamed = StreamRun.Output(format: format, io: io)
            for path in paths {
                if streams(path) {
                    try StreamRun.file(path: path, linter: linter, chunkSize: chunkSize, progress: progress, into: &streamed, note: note)
                } else {
                    let r = try lintWhole(path)
                    note(r.diagnostics)
                    streamed.add(r)
                }
            }
            streamed.finish()
        } else {
            // Whole files, several at a time; reports in the order of the paths.
            let reports = try lintFiles(paths)
            for r in reports { note(r.diagnostics) }
            switch format {
            case .text: io.out(TextReporter(color: p.has("color"), showSource: !p.has("no-source")).render(reports))
            case .json: io.out(JSONReporter().render(reports))
            case .jsonl, .records: io.out(JSONLinesReporter().render(reports))
            }
        }

        func lintWhole(_ path: String) throws -> FileReport {
            let src = try InputReader.load(path: path)
            let fmt = inputFormat ?? InputReader.detect(path: path, bytes: src.bytes)
            let big = progress && src.bytes.count >= 16 << 20
            if big { io.err("digestlint: \(src.path): reading and linting \(src.bytes.count >> 20) MB\u{1B}[K\r") }
            let doc = try InputReader.parse(src, format: fmt)
            let r = FileReport(path: src.path, document: doc, diagnostics: linter.lint(doc))
            if big { io.err("\u{1B}[K") }
            return r
        }

        func lintFiles(_ paths: [String]) throws -> [FileReport] {
            if paths.count == 1 || options.jobs == 1 { return try paths.map(lintWhole) }
            let slots = UnsafeMutableBufferPointer<Result<FileReport, Error>?>.allocate(capacity: paths.count)
            slots.initialize(repeating: nil)
            defer { slots.deallocate() }
            let lock = NSLock()
            var done = 0
            DispatchQueue.concurrentPerform(iterations: paths.count) { i in
                slots[i] = Result { try lintWhole(paths[i]) }
                if progress, paths.count >= 8 {
                    lock.lock(); done += 1; let d = done; lock.unlock()
                    io.err("digestlint: \(d)/\(paths.count) files\u{1B}[K\r")
                }
            }
            if progress, paths.count >= 8 { io.err("\u{1B}[K") }
            return try slots.map { try $0!.get() }
        }

        if p.has("exit-zero") { return ExitCode.clean }
        return failing ? ExitCode.findings : ExitCode.clean
    }
}
