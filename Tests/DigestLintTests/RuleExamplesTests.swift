import DigestLint
import XCTest

/// Runs every rule's own examples: triggering (findings start exactly at the ↓ markers),
/// non-triggering (no finding), corrections (best fixes turn `before` into `after`). Each example
/// runs plainly, after multi-byte text, and with CRLF line ends.
final class RuleExamplesTests: XCTestCase {
    struct Variant { var name: String; var prefix: String; var titlePrefix: String; var crlf: Bool }

    func variants(for field: FieldKind) -> [Variant] {
        let inField = field == .title || field == .abstract
        return [
            Variant(name: "plain", prefix: "", titlePrefix: "", crlf: false),
            Variant(name: "multibyte", prefix: inField ? TestDigest.multibyte : "", titlePrefix: field == .title ? "" : TestDigest.multibyte, crlf: false),
            Variant(name: "crlf", prefix: "", titlePrefix: "", crlf: true),
        ]
    }

    func findings(_ check: AnyCheck, _ built: TestDigest.Built) -> [Diagnostic] {
        let linter = Linter(rules: RuleSet(checks: [check]), options: LintOptions())
        return linter.lint(built.document)
    }

    func testEveryRuleHasExamples() {
        for c in Repo.builtin.all where c.meta.analysis == nil {
            XCTAssertFalse(c.meta.examples.triggering.isEmpty, "\(c.meta.id) has no triggering example")
            XCTAssertFalse(c.meta.examples.nonTriggering.isEmpty, "\(c.meta.id) has no non-triggering example")
        }
    }

    func testTriggeringExamplesLandOnMarkers() {
        var checked = 0
        for c in Repo.builtin.all {
            let ex = c.meta.examples
            for marked in ex.triggering {
                let (text, marks) = TestDigest.markers(marked)
                for v in variants(for: ex.field) {
                    let built = TestDigest.make(field: ex.field, text: text, prefix: v.prefix, titlePrefix: v.titlePrefix, crlf: v.crlf)
                    let starts = findings(c, built).map(\.range.start).sorted()
                    let expected = marks.map { built.textStart + $0 }.sorted()
                    XCTAssertEqual(starts, expected, "\(c.meta.id) [\(v.name)] on '\(marked)'")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    func testNonTriggeringExamplesAreQuiet() {
        for c in Repo.builtin.all {
            let ex = c.meta.examples
            for text in ex.nonTriggering {
                for v in variants(for: ex.field) {
                    let built = TestDigest.make(field: ex.field, text: text, prefix: v.prefix, titlePrefix: v.titlePrefix, crlf: v.crlf)
                    let ds = findings(c, built)
                    XCTAssertTrue(ds.isEmpty, "\(c.meta.id) [\(v.name)] flagged '\(text)': \(ds.map(\.message))")
                }
            }
        }
    }

    func testCorrectionsProduceExpectedText() {
        for c in Repo.builtin.all {
            let ex = c.meta.examples
            for (before, after) in ex.corrections {
                for v in variants(for: ex.field) {
                    let built = TestDigest.make(field: ex.field, text: before, prefix: v.prefix, titlePrefix: v.titlePrefix, crlf: v.crlf)
                    let expected = TestDigest.make(field: ex.field, text: after, prefix: v.prefix, titlePrefix: v.titlePrefix, crlf: v.crlf)
                    let fixed = TestFixes.applyBest(findings(c, built), to: built.source.bytes)
                    XCTAssertEqual(String(decoding: fixed, as: UTF8.self), String(decoding: expected.source.bytes, as: UTF8.self),
                                   "\(c.meta.id) [\(v.name)] correction of '\(before)'")
                }
            }
        }
    }
}
