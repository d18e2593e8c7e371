/// A small, conventional argument parser: `--opt value`, `--opt=value`, boolean `--flag`,
/// `-h`, `--` ends options, `-` is a positional (standard input).
public struct ParsedArguments: Equatable {
    public var command: String?
    public var positionals: [String] = []
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []

    public func value(_ name: String) -> String? { values[name]?.last }
    /// All values of a repeatable option, comma lists split.
    public func list(_ name: String) -> [String]? {
        guard let v = values[name] else { return nil }
        return v.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }
    public func has(_ flag: String) -> Bool { flags.contains(flag) }
}

public struct UsageError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public struct OptionSpec {
    public var valued: Set<String>
    public var flags: Set<String>
    public var shortFlags: [Character: String] = ["h": "help"]
}

public enum ArgumentParser {
    public static func parse(_ args: [String], commands: Set<String>, spec: OptionSpec) throws -> ParsedArguments {
        var out = ParsedArguments()
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositionals || a == "-" || !a.hasPrefix("-") {
                if out.command == nil && !onlyPositionals && commands.contains(a) { out.command = a } else { out.positionals.append(a) }
                continue
            }
            if a == "--" { onlyPositionals = true; continue }
            if a.hasPrefix("--") {
                var name = String(a.dropFirst(2))
                var inline: String?
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if spec.valued.contains(name) {
                    if let v = inline { out.values[name, default: []].append(v); continue }
                    guard i < args.count else { throw UsageError(message: "option --\(name) needs a value") }
                    out.values[name, default: []].append(args[i])
                    i += 1
                } else if spec.flags.contains(name) {
                    if inline != nil { throw UsageError(message: "option --\(name) takes no value") }
                    out.flags.insert(name)
                } else {
                    throw UsageError(message: "unknown option --\(name) (see --help)")
                }
                continue
            }
            // a one-letter valued option ("-o OUT")
            if a.count == 2, spec.valued.contains(String(a.dropFirst())) {
                guard i < args.count else { throw UsageError(message: "option \(a) needs a value") }
                out.values[String(a.dropFirst()), default: []].append(args[i])
                i += 1
                continue
            }
            // short flags, possibly combined
            for c in a.dropFirst() {
                guard let long = spec.shortFlags[c] else { throw UsageError(message: "unknown option -\(c) (see --help)") }
                out.flags.insert(long)
            }
        }
        return out
    }
}

import Foundation
