import Foundation

/// A rule, configuration or input problem that stops the run (exit 2), named by file, line, column and key.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file; self.line = line; self.column = column; self.key = key; self.message = message
    }
    public init(file: String, mark: YAMLMark, key: String? = nil, message: String) {
        self.init(file: file, line: mark.line, column: mark.column, key: key, message: message)
    }

    public var description: String {
        var s = file
        if let l = line { s += ":\(l)" ; if let c = column { s += ":\(c)" } }
        s += ": "
        if let k = key { s += "key '\(k)': " }
        return s + message
    }
}

/// Typed, validating access to a YAML mapping (a rule file or an analysis's `settings`).
public struct Settings: Sendable {
    public let node: YAMLNode?
    public let file: String
    public let pairs: [(key: String, keyMark: YAMLMark, value: YAMLNode)]

    public init(_ node: YAMLNode?, file: String, context: String = "settings") throws {
        self.node = node
        self.file = file
        switch node {
        case nil: pairs = []
        case .mapping(let p, _)?: pairs = p
        case let n?: throw ConfigError(file: file, mark: n.mark, key: context, message: "expected a mapping, found \(n.kindName)")
        }
    }

    /// Fails on the first key not in `allowed`, naming it and its line.
    public func rejectUnknown(_ allowed: Set<String>) throws {
        for p in pairs where !allowed.contains(p.key) {
            throw ConfigError(file: file, mark: p.keyMark, key: p.key,
                              message: "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    public func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }
    public func value(_ key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }
    public func mark(_ key: String) -> YAMLMark { pairs.first { $0.key == key }?.keyMark ?? node?.mark ?? YAMLMark(line: 1, column: 1) }

    func fail(_ key: String, _ msg: String) -> ConfigError {
        ConfigError(file: file, mark: value(key)?.mark ?? mark(key), key: key, message: msg)
    }

    public func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .scalar(let s, _, _) = v else { throw fail(key, "expected a string, found \(v.kindName)") }
        return s
    }
    public func string(_ key: String, default d: String) throws -> String { try string(key) ?? d }

    public func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else {
            throw ConfigError(file: file, mark: node?.mark ?? YAMLMark(line: 1, column: 1), key: key, message: "missing required key")
        }
        return s
    }

    public func double(_ key: String, default d: Double) throws -> Double {
        guard let s = try string(key) else { return d }
        guard let v = Double(s) else { throw fail(key, "expected a number, found '\(s)'") }
        return v
    }

    public func int(_ key: String, default d: Int) throws -> Int {
        guard let s = try string(key) else { return d }
        guard let v = Int(s) else { throw fail(key, "expected an integer, found '\(s)'") }
        return v
    }

    public func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let s = try string(key) else { return d }
        switch s { case "true", "yes", "on": return true; case "false", "no", "off": return false
        default: throw fail(key, "expected true or false, found '\(s)'") }
    }

    /// A list of strings; a single scalar counts as a one-item list.
    public func stringList(_ key: String) throws -> [String]? {
        guard let v = value(key) else { return nil }
        switch v {
        case .scalar(let s, _, _): return [s]
        case .sequence(let items, _):
            return try items.map { item in
                guard case .scalar(let s, _, _) = item else {
                    throw ConfigError(file: file, mark: item.mark, key: key, message: "expected a list of strings, found \(item.kindName) in it")
                }
                return s
            }
        default: throw fail(key, "expected a list of strings, found \(v.kindName)")
        }
    }

    public func mapping(_ key: String) throws -> Settings? {
        guard let v = value(key) else { return nil }
        return try Settings(v, file: file, context: key)
    }

    /// A path resolved against the folder of the file these settings came from.
    public func path(_ key: String) throws -> String? {
        guard let s = try string(key) else { return nil }
        if s.hasPrefix("/") { return s }
        let dir = file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return dir.isEmpty ? s : dir + "/" + s
    }

    /// `path(key)` for a file that must exist: a missing file is an error at the key.
    public func existingPath(_ key: String) throws -> String? {
        guard let p = try path(key) else { return nil }
        guard FileManager.default.fileExists(atPath: p) else { throw fail(key, "cannot read '\(p)'") }
        return p
    }

    public func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws -> E? where E.RawValue == String {
        guard let s = try string(key) else { return nil }
        guard let e = E(rawValue: s) else {
            throw fail(key, "'\(s)' is not one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return e
    }
}
