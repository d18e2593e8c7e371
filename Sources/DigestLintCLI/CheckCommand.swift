import DigestLint
import Foundation

enum OutputFormat: String, CaseIterable { case text, json, jsonl, records, sarif, github, rdjson, html }

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

/// `digestlint check`: copies the command line (and `.digestlint.yml`) into options, runs the
/// library's pipeline per input, prints or writes what it returns, and picks the exit status.
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

        // Configuration: --config FILE, else the nearest .digestlint.yml above the working directory.
        var config: Configuration?
        if let c = p.value("config") {
            guard FileManager.default.fileExists(atPath: c) else { throw ConfigError(file: c, message: "configuration file not found") }
            config = try Configuration.load(path: c)
        } else if !p.has("no-config"), let found = Configuration.find(from: FileManager.default.currentDirectoryPath) {
            config = try Configuration.load(path: found)
        }
        for w in config?.warnings ?? [] { io.err("digestlint: warning: \(w)\n") }

        let failOnName = p.value("fail-on") ?? config?.failOn ?? "warning"
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
        config?.apply(to: &options, commandLineSelect: options.select != nil, commandLinePlaceholder: options.placeholder != nil)

        let rules = try RuleSet(directories: try CLI.ruleDirectories(p, extra: config?.ruleDirectories ?? []), loadData: false)
        let unknown = rules.unknownNames(options)
        if !unknown.isEmpty {
            throw UsageError(message: "unknown rule or category in select/ignore: \(unknown.joined(separator: ", "))")
        }
        for w in config?.warnings(unknownRulesIn: rules) ?? [] { io.err("digestlint: warning: \(w)\n") }

        // A baseline being written records every current finding, so an old one is not applied.
        let writeBaseline = p.value("write-baseline")
        var baseline: Baseline?
        if let b = p.value("baseline"), writeBaseline == nil {
            let src = try InputReader.load(path: b)
            baseline = try Baseline.parse(src.bytes, file: b)
        }
        let pipeline = CheckPipeline(linter: Linter(rules: rules, options: options), inputFormat: inputFormat, baseline: baseline)
        // data files (lexicons) of the enabled rules only, before any input is read
        try pipeline.linter.prepare()

        let diff = p.has("diff")
        let fix = p.has("fix") || diff
        let policy = FixPolicy(minimum: p.has("unsafe-fixes") ? .unsafe : .safe)
        let paths = p.positionals.isEmpty ? ["-"] : p.positionals
        let stdinFix = fix && !diff && paths.contains("-")

        let progress = !p.has("no-progress") && io.errIsTerminal
        if p.has("stream"), format != .json && format != .jsonl && format != .records {
            throw UsageError(message: "--stream needs --format json, jsonl or records")
        }
        if p.has("stream"), fix || baseline != nil || writeBaseline != nil {
            throw UsageError(message: "--stream does not combine with --fix, --diff or a baseline")
        }
        if format == .records, inputFormat != nil, inputFormat != .jsonl {
            throw UsageError(message: "--format records reads JSONL input (one record a line)")
        }
        var chunkSize = 4 << 20
        if let c = p.value("chunk-size") {
            guard let n = Int(c), n >= 1 else { throw UsageError(message: "--chunk-size needs a number of KiB, found '\(c)'") }
            chunkSize = n << 10
        }
        /// JSONL is read in chunks when asked (--stream, --format records) or when it is 64 MiB or more
        /// and the report is machine-readable; fixing and baselines need whole documents.
        func streams(_ path: String) -> Bool {
            guard !fix, baseline == nil, writeBaseline == nil, !p.has("no-stream") else { return false }
            guard format == .json || format == .jsonl || format == .records else { return false }
            let fmt = inputFormat ?? (path == "-" ? (format == .records ? .jsonl : nil) : InputReader.detect(path: path, bytes: headBytes(path)))
            guard fmt == .jsonl else { return false }
            return p.has("stream") || format == .records || (fileSize(path) ?? 0) >= 64 << 20
        }
        if paths.contains(where: streams) {
            var failing = false
            let note: ([Diagnostic]) -> Void = { ds in
                if let t = failOn, ds.contains(where: { $0.severity >= t }) { failing = true }
            }
            if format == .records {
                for path in paths {
                    try StreamRun.records(path: path, linter: pipeline.linter, chunkSize: chunkSize, progress: progress, io: io, note: note)
                }
            } else {
                var streamed = StreamRun.Output(format: format, io: io)
                for path in paths {
                    if streams(path) {
                        try StreamRun.file(path: path, linter: pipeline.linter, chunkSize: chunkSize, progress: progress, into: &streamed, note: note)
                    } else {
                        let r = try pipeline.check(try InputReader.load(path: path)).report
                        note(r.diagnostics)
                        streamed.add(r)
                    }
                }
                streamed.finish()
            }
            if p.has("exit-zero") { return ExitCode.clean }
            return failing ? ExitCode.findings : ExitCode.clean
        }

        var reports: [FileReport] = []
        var suppressed = 0
        var applied = 0, deferred = 0, changedFiles = 0
        var refused: [RefusedFix] = []
        var unconverged: [String] = []
        if fix {
            // Every input is read and fixed before any file is written: an unreadable or malformed
            // input later on the command line stops the run with nothing changed.
            var fixed: [(path: String, outcome: FixOutcome, report: FileReport)] = []
            for path in paths {
                let src = try InputReader.load(path: path)
                let (outcome, report) = try pipeline.fix(src, policy: policy)
                fixed.append((path, outcome, report))
            }
            for (path, outcome, report) in fixed {
                let src = outcome.document.source
                reports.append(report)
                applied += outcome.applied
                deferred += outcome.deferredOverlaps
                refused += outcome.refused
                if !outcome.converged { unconverged.append(src.path) }
                if outcome.changed { changedFiles += 1 }
                if diff {
                    io.outBytes(UnifiedDiff.make(old: outcome.original, new: outcome.fixed, path: diffPath(path)))
                } else if path == "-" {
                    io.outBytes(outcome.fixed)
                } else if outcome.changed {
                    try AtomicFile.write(outcome.fixed, to: path)
                }
            }
        } else {
            for (report, n) in try checkFiles(paths, pipeline: pipeline, jobs: options.jobs, progress: progress, io: io) {
                reports.append(report)
                suppressed += n
            }
        }

        if let wb = writeBaseline {
            let b = Baseline(reports)
            try AtomicFile.write(Array(b.render().utf8), to: wb)
            io.err("digestlint: wrote \(b.total) finding\(b.total == 1 ? "" : "s") to the baseline \(wb)\n")
        }

        // The report: on standard output, unless that carries the fixed text or the diff.
        let rendered = render(format, reports, rules: rules, p, jobs: options.workers)
        if let o = p.value("output") ?? p.value("o") {
            try AtomicFile.write(Array(rendered.utf8), to: o)
        } else if diff {
            // Standard output carries the diff; the summary line below says what remains.
        } else if stdinFix {
            io.err(rendered)
        } else {
            io.out(rendered)
        }

        if fix {
            let remaining = reports.reduce(0) { $0 + $1.diagnostics.count }
            var line = diff ? "digestlint: \(applied) fix\(applied == 1 ? "" : "es") would be applied" : "digestlint: applied \(applied) fix\(applied == 1 ? "" : "es")"
            line += " in \(changedFiles) file\(changedFiles == 1 ? "" : "s"); \(remaining) finding\(remaining == 1 ? "" : "s") remain"
            if deferred > 0 { line += " (\(deferred) overlapping fix\(deferred == 1 ? " was" : "es were") deferred to a later round)" }
            io.err(line + ".\n")
            for r in refused {
                io.err("digestlint: refused the fix '\(r.title)' of \(r.rule)\(r.entry.map { " in entry \($0)" } ?? ""): \(r.reason == .changesEntryCount ? "it would change the number of entries" : "its edits are invalid")\n")
            }
            for f in unconverged { io.err("digestlint: warning: \(f): fixes did not settle within \(policy.maxRounds) rounds\n") }
            if !p.has("unsafe-fixes") {
                let unsafe = reports.reduce(0) { $0 + $1.diagnostics.filter { d in Fixer.chosenFix(d, minimum: .unsafe) != nil }.count }
                if unsafe > 0 { io.err("digestlint: \(unsafe) more fix\(unsafe == 1 ? " is" : "es are") available with --unsafe-fixes.\n") }
            }
        }
        if suppressed > 0 { io.err("digestlint: \(suppressed) finding\(suppressed == 1 ? "" : "s") hidden by the baseline.\n") }

        if p.has("exit-zero") || writeBaseline != nil { return ExitCode.clean }
        if p.has("exit-non-zero-on-fix") && changedFiles > 0 { return ExitCode.findings }
        guard let threshold = failOn else { return ExitCode.clean }
        let failing = reports.contains { $0.diagnostics.contains { $0.severity >= threshold } }
        return failing ? ExitCode.findings : ExitCode.clean
    }

    static func render(_ format: OutputFormat, _ reports: [FileReport], rules: RuleSet, _ p: ParsedArguments, jobs: Int = 1) -> String {
        switch format {
        case .text: return TextReporter(color: p.has("color"), showSource: !p.has("no-source")).render(reports)
        case .json: return JSONReporter(jobs: jobs).render(reports)
        case .jsonl, .records: return JSONLinesReporter().render(reports)
        case .sarif: return SARIFReporter(rules: rules.all.map(\.meta)).render(reports)
        case .github: return GitHubReporter().render(reports)
        case .rdjson: return RDJSONReporter().render(reports)
        case .html: return HTMLReporter().render(reports)
        }
    }

    /// Checks whole files, several at a time when there are several; results in the order of the paths.
    static func checkFiles(_ paths: [String], pipeline: CheckPipeline, jobs: Int, progress: Bool, io: IO) throws -> [(FileReport, Int)] {
        func one(_ path: String) throws -> (FileReport, Int) {
            let src = try InputReader.load(path: path)
            let big = progress && src.bytes.count >= 16 << 20
            if big { io.err("digestlint: \(src.path): linting \(src.bytes.count >> 20) MB\u{1B}[K\r") }
            defer { if big { io.err("\u{1B}[K") } }
            return try pipeline.check(src)
        }
        if paths.count == 1 || jobs == 1 { return try paths.map(one) }
        var slots = [Result<(FileReport, Int), Error>?](repeating: nil, count: paths.count)
        let lock = NSLock()
        var done = 0
        slots.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            DispatchQueue.concurrentPerform(iterations: paths.count) { i in
                let r = Result { try one(paths[i]) }
                (base + i).pointee = r
                if progress, paths.count >= 8 {
                    lock.lock(); done += 1; let d = done; lock.unlock()
                    io.err("digestlint: \(d)/\(paths.count) files\u{1B}[K\r")
                }
            }
        }
        if progress, paths.count >= 8 { io.err("\u{1B}[K") }
        return try slots.map { try $0!.get() }
    }

    /// The path a diff names: relative to the working directory when the file lies below it.
    static func diffPath(_ path: String) -> String {
        if path == "-" { return "stdin" }
        guard path.hasPrefix("/") else { return path }
        let cwd = FileManager.default.currentDirectoryPath
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : String(path.dropFirst())
    }
}
