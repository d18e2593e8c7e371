@testable import DigestLint
import XCTest

final class RuleLoaderTests: XCTestCase {
    func load(_ yaml: String, file: String = "pack/style/spaced-percent.yml") throws -> AnyCheck {
        try RuleLoader.load(bytes: Array(yaml.utf8), file: file)
    }

    func expectError(_ yaml: String, file: String = "pack/style/spaced-percent.yml", line: Int?, key: String?, contains: String,
                     _ where_: StaticString = #filePath, _ at: UInt = #line) {
        do {
            _ = try load(yaml, file: file)
            XCTFail("loaded", file: where_, line: at)
        } catch let e as ConfigError {
            XCTAssertEqual(e.file, file, file: where_, line: at)
            if let l = line { XCTAssertEqual(e.line, l, "\(e)", file: where_, line: at) }
            XCTAssertEqual(e.key, key, "\(e)", file: where_, line: at)
            XCTAssertTrue(e.description.contains(contains), "\(e)", file: where_, line: at)
        } catch { XCTFail("\(error)", file: where_, line: at) }
    }

    let minimal = """
    id: spaced-percent                # unique; the file is rules/<family>/<id>.yml
    category: style                   # one of the categories below
    severity: warning                 # error | warning | info
    message: "space before a percent sign in '$0'"   # $0 = the match, $1.. = groups
    pattern: '(\\d) %'                # PCRE2, UTF mode
    scope: [abstract]                 # optional: fields it applies to (default: all text fields)
    fix:                              # optional
      replacement: '$1%'
      applicability: safe             # safe | unsafe | display

    """

    func testContractMinimalFormLoadsAndFixes() throws {
        let c = try load(minimal)
        XCTAssertEqual(c.meta.id, "spaced-percent")
        XCTAssertEqual(c.meta.fixApplicability, .safe)
        let built = TestDigest.make(text: "rises by 36 % over")
        let ds = Linter(rules: RuleSet(checks: [c]), options: LintOptions()).lint(built.document)
        XCTAssertEqual(ds.count, 1)
        XCTAssertEqual(ds[0].message, "space before a percent sign in '6 %'")
        XCTAssertEqual(ds[0].fixes[0].edits[0].replacement, "6%")
    }

    func testBadPatternNamesFileLineAndKey() {
        expectError(minimal.replacingOccurrences(of: "'(\\d) %'", with: "'(\\d %'"), line: 5, key: "pattern", contains: "does not compile")
    }

    func testUnknownKeyNamesIt() {
        expectError(minimal + "colour: red\n", line: 10, key: "colour", contains: "unknown key")
    }

    func testWrongTypesAndValues() {
        expectError(minimal.replacingOccurrences(of: "severity: warning", with: "severity: fatal"), line: 3, key: "severity", contains: "fatal")
        expectError(minimal.replacingOccurrences(of: "scope: [abstract]", with: "scope: {a: 1}"), line: 6, key: "scope", contains: "list")
        expectError(minimal.replacingOccurrences(of: "scope: [abstract]", with: "scope: [body]"), line: 6, key: "scope", contains: "body")
        expectError(minimal.replacingOccurrences(of: "'$1%'", with: "'$3%'"), line: 8, key: "fix.replacement", contains: "$3")
        expectError(minimal, file: "pack/style/other-name.yml", line: 1, key: "id", contains: "file name")
        expectError("id: spaced-percent\ncategory: style\nseverity: info\nmessage: m\n", line: nil, key: "pattern", contains: "needs")
    }

    func testYAMLSyntaxErrorsAndAliasesAreRefused() {
        expectError("id: [unclosed\n", line: nil, key: nil, contains: "YAML error")
        expectError("a: &x [1, 2]\nb: *x\n", line: 1, key: nil, contains: "anchors are not supported")
        expectError("- a\n- b\n", line: 1, key: nil, contains: "must be a mapping")
        expectError(minimal + "id: again\n", line: 10, key: nil, contains: "duplicate key")
    }

    func testUnknownAnalysisAndSettings() {
        expectError("id: spaced-percent\ncategory: style\nseverity: info\nanalysis: nope\n", line: 4, key: "analysis", contains: "unknown analysis")
        expectError("id: spaced-percent\ncategory: structure\nseverity: info\nanalysis: missing-field\nsettings:\n  required: [title]\n  extra: 1\n",
                    line: 7, key: "extra", contains: "unknown key")
    }

    func testBuiltinPackLoadsWithUniqueIds() {
        let ids = Repo.builtin.all.map(\.meta.id)
        XCTAssertEqual(ids.count, Set(ids).count)
        XCTAssertGreaterThan(ids.count, 10)
        for c in Repo.builtin.all { XCTAssertTrue(c.meta.file.hasSuffix("/\(c.meta.id).yml")) }
    }

    func testCatastrophicPatternIsStoppedAndReported() throws {
        let yaml = "id: slow-rule\ncategory: style\nseverity: info\nmessage: m\npattern: '(a+)+$'\nscope: [abstract]\n"
        let c = try RuleLoader.load(bytes: Array(yaml.utf8), file: "p/s/slow-rule.yml")
        let built = TestDigest.make(text: String(repeating: "a", count: 40) + "!")
        let ds = Linter(rules: RuleSet(checks: [c]), options: LintOptions()).lint(built.document)
        XCTAssertEqual(ds.count, 1)
        XCTAssertTrue(ds[0].message.contains("match limit"), ds[0].message)
    }

    func testTemplates() throws {
        let re = try Regex("(?<w>\\w+)-(\\d)")
        let text = Array("ab-3".utf8)
        let m = try re.matches(in: text)[0]
        XCTAssertEqual(Template("$0|$1|$2|${w}|$$|$x").render(text, m, regex: re), "ab-3|ab|3|ab|$|$x")
    }
}
