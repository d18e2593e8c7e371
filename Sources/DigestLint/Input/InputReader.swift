import Foundation

/// Reads a file (or standard input) and parses it in its format, detected or forced.
public enum InputReader {
    public static func detect(path: String, bytes: [UInt8]) -> InputFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        if lower.hasSuffix(".atom") || lower.hasSuffix(".xml") { return .atom }
        var i = 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(bytes[i]) { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "{") { return .jsonl }
        if i < bytes.count, bytes[i] == UInt8(ascii: "<") { return .atom }
        if i < bytes.count, bytes[i] == UInt8(ascii: "#") { return .markdown }
        return .digest
    }

    public static func parse(_ source: SourceText, format: InputFormat) throws -> Document {
        try rejectNonUTF8Encodings(source)
        switch format {
        case .digest: return DigestReader.read(source)
        case .jsonl: return JSONLReader.read(source)
        case .markdown: return MarkdownReader.read(source)
        case .atom: return AtomReader.read(source)
        }
    }

    /// UTF-16 and UTF-32 inputs are refused with a clear message: offsets and fixes work on UTF-8 bytes.
    static func rejectNonUTF8Encodings(_ s: SourceText) throws {
        let b = s.bytes
        let name: String?
        if b.count >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0 { name = "UTF-32LE" }
        else if b.count >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF { name = "UTF-32BE" }
        else if b.count >= 2 && b[0] == 0xFF && b[1] == 0xFE { name = "UTF-16LE" }
        else if b.count >= 2 && b[0] == 0xFE && b[1] == 0xFF { name = "UTF-16BE" }
        else { name = nil }
        if let n = name {
            throw ConfigError(file: s.path, line: 1, column: 1, message: "the file is \(n) (byte-order mark); digestlint reads UTF-8 — convert it first, e.g. iconv -f \(n) -t UTF-8")
        }
    }

    /// Checks that a path names a readable file, without reading it.
    @discardableResult
    public static func load(probe path: String) throws -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ConfigError(file: path, message: "no such file")
        }
        if isDir.boolValue { throw ConfigError(file: path, message: "is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw ConfigError(file: path, message: "cannot be read (permission denied?)") }
        return true
    }

    /// Reads a path ('-' is standard input). Throws a ConfigError for unreadable input.
    public static func load(path: String) throws -> SourceText {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return SourceText(path: "<stdin>", bytes: Array(data))
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ConfigError(file: path, message: "no such file")
        }
        if isDir.boolValue { throw ConfigError(file: path, message: "is a folder, not a file") }
        guard let fh = FileHandle(forReadingAtPath: path) else { throw ConfigError(file: path, message: "cannot be read (permission denied?)") }
        defer { try? fh.close() }
        do {
            let data = try fh.readToEnd() ?? Data()
            return SourceText(path: path, bytes: Array(data))
        } catch {
            throw ConfigError(file: path, message: "cannot be read: \(error.localizedDescription)")
        }
    }
}
