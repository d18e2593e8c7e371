import DigestLint
import Foundation

/// Where the commands write. Tests capture it; `main` writes to the process's streams.
public final class IO {
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// Raw bytes to standard output (fixed text and diffs keep bytes that are not valid UTF-8).
    public var outBytes: ([UInt8]) -> Void
    public var isTerminal: Bool
    /// Whether standard error is a terminal (progress lines go there only then).
    public var errIsTerminal: Bool
    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, isTerminal: Bool = false,
                errIsTerminal: Bool = false, outBytes: (([UInt8]) -> Void)? = nil) {
        self.out = out; self.err = err; self.isTerminal = isTerminal; self.errIsTerminal = errIsTerminal
        self.outBytes = outBytes ?? { b in out(String(decoding: b, as: UTF8.self)) }
    }
    public static func standard() -> IO {
        IO(out: { s in FileHandle.standardOutput.write(s.data(using: .utf8)!) },
           err: { s in FileHandle.standardError.write(s.data(using: .utf8)!) },
           isTerminal: isatty(1) != 0, errIsTerminal: isatty(2) != 0,
           outBytes: { b in FileHandle.standardOutput.write(Data(b)) })
    }
}

public enum ExitCode {
    public static let clean: Int32 = 0
    public static let findings: Int32 = 1
    public static let usage: Int32 = 2
}

public enum CLI {
    static let commands: Set<String> = ["check", "rules", "explain", "learn", "help"]
    static let spec = OptionSpec(
        valued: ["format", "input-format", "config", "rules", "select", "ignore", "baseline", "write-baseline",
                 "jobs", "fail-on", "placeholder", "output", "o", "chunk-size"],
        flags: ["help", "version", "fix", "unsafe-fixes", "diff", "exit-zero", "exit-non-zero-on-fix",
                "no-builtin-rules", "quiet", "no-source", "color", "no-config", "stream", "no-stream", "no-progress"])

    public static func main(_ args: [String]) -> Int32 { run(args, io: .standard()) }

    public static func run(_ args: [String], io: IO) -> Int32 {
        let parsed: ParsedArguments
        do { parsed = try ArgumentParser.parse(args, commands: commands, spec: spec) } catch {
            io.err("digestlint: \(error)\n")
            return ExitCode.usage
        }
        if parsed.has("version") { io.out("\(ToolInfo.name) \(ToolInfo.version)\n"); return ExitCode.clean }
        if parsed.has("help") || parsed.command == nil || parsed.command == "help" {
            io.out(Help.text(for: parsed.command == "help" ? parsed.positionals.first : parsed.command))
            return parsed.command == nil && !parsed.has("help") ? ExitCode.usage : ExitCode.clean
        }
        do {
            switch parsed.command! {
            case "check": return try CheckCommand.run(parsed, io: io)
            case "rules": return try RulesCommand.list(parsed, io: io)
            case "explain": return try RulesCommand.explain(parsed, io: io)
            case "learn": return try LearnCommand.run(parsed, io: io)
            default:
                io.err("digestlint: the '\(parsed.command!)' command is not available in this build\n")
                return ExitCode.usage
            }
        } catch let e as ConfigError {
            io.err("digestlint: \(e)\n")
            return ExitCode.usage
        } catch let e as UsageError {
            io.err("digestlint: \(e)\n")
            return ExitCode.usage
        } catch {
            io.err("digestlint: \(error)\n")
            return ExitCode.usage
        }
    }

    /// The built-in rule pack: $DIGESTLINT_RULES, an installed share/digestlint/rules, or the
    /// checkout's rules/ beside the build folder or this source file.
    public static func builtinRulesDirectory() -> String? {
        let fm = FileManager.default
        func isPack(_ p: String) -> Bool {
            var d: ObjCBool = false
            return fm.fileExists(atPath: p, isDirectory: &d) && d.boolValue && fm.fileExists(atPath: p + "/README.md")
        }
        if let env = ProcessInfo.processInfo.environment["DIGESTLINT_RULES"], !env.isEmpty { return env }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<6 {
            for c in [dir.appendingPathComponent("share/digestlint/rules").path, dir.appendingPathComponent("rules").path] where isPack(c) {
                return c
            }
            dir = dir.deletingLastPathComponent()
        }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let c = here.appendingPathComponent("rules").path
        return isPack(c) ? c : nil
    }

    static func ruleDirectories(_ p: ParsedArguments, extra: [String] = []) throws -> [String] {
        var dirs: [String] = []
        if !p.has("no-builtin-rules") {
            guard let b = builtinRulesDirectory() else {
                throw ConfigError(file: "rules", message: "built-in rule folder not found (set DIGESTLINT_RULES)")
            }
            dirs.append(b)
        }
        dirs += extra
        dirs += p.values["rules"] ?? []
        return dirs
    }
}
