import DigestLint
import Foundation

/// `digestlint learn CORPUS.jsonl -o OUT`: builds the domain lexicon from clean abstracts (one JSON
/// object per line with an `abstract` string) and writes it atomically.
enum LearnCommand {
    static func run(_ p: ParsedArguments, io: IO) throws -> Int32 {
        guard p.positionals.count == 1 else { throw UsageError(message: "learn needs exactly one CORPUS.jsonl") }
        guard let out = p.value("o") ?? p.value("output") else { throw UsageError(message: "learn needs -o OUT") }
        let path = p.positionals[0]
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError(message: "\(path): cannot read corpus")
        }
        let bytes = Array(data)
        var abstracts: [String] = []
        var lineNo = 0
        var i = 0
        while i < bytes.count {
            lineNo += 1
            var e = i
            while e < bytes.count && bytes[e] != 10 { e += 1 }
            let line = bytes[i..<e]
            i = e + 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            let obj: Any
            do { obj = try JSONSerialization.jsonObject(with: Data(line)) } catch {
                throw UsageError(message: "\(path):\(lineNo):1: not a JSON object")
            }
            guard let dict = obj as? [String: Any] else { throw UsageError(message: "\(path):\(lineNo):1: not a JSON object") }
            guard let a = dict["abstract"] as? String else {
                throw UsageError(message: "\(path):\(lineNo):1: no 'abstract' string")
            }
            abstracts.append(a.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
        }
        guard !abstracts.isEmpty else { throw UsageError(message: "\(path): no abstracts") }
        let lex = Lexicon.learn(abstracts: abstracts)
        let command = (["digestlint", "learn"] + p.positionals + ["-o", out]).joined(separator: " ")
        let text = lex.serialized(command: command)
        let tmp = out + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
            throw UsageError(message: "\(out): cannot write")
        }
        if rename(tmp, out) != 0 {
            unlink(tmp)
            throw UsageError(message: "\(out): cannot write")
        }
        io.err("learned \(lex.wordCount) words, \(lex.bigramCount) bigrams from \(abstracts.count) abstracts -> \(out)\n")
        return ExitCode.clean
    }
}
