// libFuzzer entry points. fuzz/build.sh compiles this file with the library sources into one binary
// (-D FUZZ); libFuzzer supplies main(). The target is picked by the binary's name (fuzz-<target>,
// symbolic links made by build.sh) or by $FUZZ_TARGET:
//
//   reader  DigestReader alone: fields are their own bytes, entries in order, ranges inside the input
//   lint    DigestReader and every built-in rule: diagnostics and edits inside the input
//   jsonl   JSONLReader: one entry or one malformed-record finding per non-blank line, maps inside
//           the string contents; an escaped splice into a field re-reads as exactly that text
//   rules   the YAML rule loader: any bytes load as a rule or fail with a ConfigError, never crash/hang
//   fixer   Fixer.run with every rule and unsafe fixes over a fuzzed digest: the entry count stays,
//           bytes outside the first round's edits stay, and fixing the result again changes nothing
//   edits   the same fixer invariants with adversarial fixes described by the input's first bytes
//           (overlapping, record-splitting, UTF-8-cutting, non-converging rewrites; no rules run)
#if FUZZ
import Foundation

nonisolated(unsafe) var fuzzTarget: FuzzTarget = .reader

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> Int32 {
    var name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    if name.isEmpty, let a0 = argv.pointee[0] {
        let base = (String(cString: a0) as NSString).lastPathComponent
        if base.hasPrefix("fuzz-") { name = String(base.dropFirst(5)) }
    }
    guard let t = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write("fuzz: unknown target '\(name)' (set FUZZ_TARGET or run fuzz-<target>)\n".data(using: .utf8)!)
        exit(2)
    }
    fuzzTarget = t
    if t == .lint || t == .fixer { _ = FuzzRules.linter }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do { try fuzzTarget.check(bytes) } catch {
        fatalError("\(error)")
    }
    return 0
}

#endif
