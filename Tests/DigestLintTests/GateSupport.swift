import Foundation
import XCTest
@testable import DigestLint

/// Paths and small helpers for the fixer, configuration, baseline and reporter tests.
enum Gate {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static func fixture(_ name: String) -> String { root + "/fixtures/" + name }
    static var builtinRules: String { root + "/rules" }

    static func read(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

    static func tempDir() -> String {
        let d = NSTemporaryDirectory() + "digestlint-gate-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func pipeline(rules: [String], options: LintOptions = LintOptions(), baseline: Baseline? = nil) throws -> CheckPipeline {
        var o = options
        o.jobs = 1
        return CheckPipeline(linter: Linter(rules: try RuleSet(directories: rules), options: o), inputFormat: .digest, baseline: baseline)
    }

    /// A small deterministic generator (SplitMix64) so property tests repeat exactly.
    struct RNG: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
