// libFuzzer entry points. Built by fuzz/build.sh together with the library sources into one module
// per target (selected with -D FUZZ_<NAME>); libFuzzer supplies main().

#if FUZZ_READER
/// The digest reader and every built-in rule: no crash, every field maps to its own bytes,
/// every diagnostic range and edit lies inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let src = SourceText(path: "fuzz", bytes: bytes)
    let doc = DigestReader.read(src)
    for e in doc.entries {
        for f in e.fields where Array(bytes[f.sourceRange.start..<f.sourceRange.end]) != f.text { fatalError("field bytes differ") }
    }
    for d in FuzzRules.linter.lint(doc) {
        guard 0 <= d.range.start, d.range.start <= d.range.end, d.range.end <= size else { fatalError("range out of bounds") }
        for f in d.fixes { for e in f.edits where !(e.start <= e.end && e.end <= size) { fatalError("edit out of bounds") } }
        _ = src.location(of: d.range.end)
    }
    return 0
}
#endif

#if FUZZ_RULES
/// The YAML rule loader: any bytes either load as a rule or fail with a ConfigError; never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let check = try? RuleLoader.load(bytes: bytes, file: "fuzz/style/fuzz-rule.yml") {
        let built = SourceText(path: "x", text: "2026-01-05\n\nT\n\nAuthors: A\n\n2026-01-03\n\nhttp://arxiv.org/abs/2601.00001v1\n\nSome text 36 % with \\textbf{x} words words.\n")
        _ = Linter(rules: RuleSet(checks: [check]), options: LintOptions()).lint(DigestReader.read(built))
    }
    return 0
}
#endif

#if FUZZ_READER
import Foundation
enum FuzzRules {
    static let linter: Linter = {
        let dir = ProcessInfo.processInfo.environment["DIGESTLINT_RULES"] ?? "rules"
        var o = LintOptions(); o.jobs = 1
        return Linter(rules: try! RuleSet(directories: [dir]), options: o)
    }()
}
#endif
