import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

private let entryPath = "content/entries/2026-11-02-the-interview.md"

/// A ten-level "billion laughs" document: nine aliases a level, about a kilobyte of text that
/// would expand to 9^10 strings.
private let billionLaughs: String = {
    var yaml = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
    for level in 1...9 {
        yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
    }
    return yaml
}()

/// Front matter that is missing, empty or broken in ways the other suites do not try, and
/// documents built to exhaust time or memory. Each one is an answer, never a crash.
@Suite struct HostileFrontMatterTests {
    // MARK: Files with parts missing

    @Test func anEmptyEntryFileIsAnEntryTitledFromItsName() async throws {
        let result = try await TemporaryWorkbook.loadEntry("")
        #expect(result.diagnostics.isEmpty)
        let entry = try #require(result.entry)
        #expect(entry.title == "The interview")
        #expect(entry.date == .parse("2026-11-02"))
        #expect(entry.body.html == "")
    }

    @Test(arguments: ["---\ntitle: Only fields\nmood: 3\n---", "---\ntitle: Only fields\nmood: 3\n---\n", "\u{FEFF}---\r\ntitle: Only fields\r\nmood: 3\r\n---\r\n"])
    func frontMatterWithNoBodyIsAnEntryWithAnEmptyBody(text: String) async throws {
        let result = try await TemporaryWorkbook.loadEntry(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.entry?.title == "Only fields")
        #expect(result.entry?.mood == 3)
        #expect(result.entry?.body.html == "")
    }

    @Test func aBodyWithNoFrontMatterTakesItsTitleFromTheHeading() async throws {
        let result = try await TemporaryWorkbook.loadEntry("# A walk after the call\n\nI went out.\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.entry?.title == "A walk after the call")
        #expect(result.entry?.body.html == "<p>I went out.</p>\n")
    }

    @Test(arguments: ["---\n---\n", "---\n---", "---\n# just a comment\n---\nBody\n", "---\n~\n---\nBody\n", "---\nnull\n---\n"])
    func emptyFrontMatterIsNoFields(text: String) async throws {
        let result = try await TemporaryWorkbook.loadEntry(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.entry?.title == "The interview")
    }

    @Test func emptyAndHalfWrittenFilesOfEveryKindBuildASite() async throws {
        let workbook = try TemporaryWorkbook([
            "content/workbook.yaml": "",
            "content/entries/2026-11-01-empty.md": "",
            "content/entries/2026-11-02-fields-only.md": "---\nmood: 4\n---",
            "content/entries/2026-11-03-body-only.md": "Just a line.",
            "content/pages/01-empty.md": "",
            "content/pages/02-fields-only.md": "---\ntitle: Soon\n---\n",
            "content/affirmations/empty.md": "",
            "content/affirmations/fields-only.md": "---\ntitle: Values\n---\n",
        ])
        let report = try await workbook.build()
        #expect(report.succeeded)
        #expect(report.diagnostics.map(\.description) == [
            "content/affirmations/empty.md: warning: no affirmations found; write each one as a list item ('- I keep my promises.')",
            "content/affirmations/fields-only.md: warning: no affirmations found; write each one as a list item ('- I keep my promises.')",
        ])
        #expect(workbook.exists("public/entries/2026-11-01-empty.html"))
        #expect(workbook.exists("public/pages/empty.html"))
    }

    @Test(arguments: [
        ("content/pages/01-a.md", "---\ntitle: A\n"),
        ("content/affirmations/a.md", "---\n- I try.\n"),
        ("content/entries/2026-11-02-a.md", "---"),
    ])
    func aMissingClosingFenceIsAnErrorInEveryKindOfFile(path: String, text: String) async throws {
        let workbook = try TemporaryWorkbook([path: text])
        #expect(try await workbook.diagnostics() == [
            "\(path):1:1: error: the front matter opened with '---' is never closed; add a line with '---' after the last field",
        ])
    }

    @Test(arguments: [
        ("title: \"unclosed\n", "2:8: error: invalid YAML in the front matter: found unexpected end of stream (while scanning a quoted scalar that starts here; it is not closed)"),
        ("title: 'unclosed\n", "2:8: error: invalid YAML in the front matter: found unexpected end of stream (while scanning a quoted scalar that starts here; it is not closed)"),
        ("order: 1\n\torder: 2\n", "3:1: error: invalid YAML in the front matter: a tab cannot indent YAML; use spaces"),
        ("title: A\n summary: B\n", "3:9: error: invalid YAML in the front matter: mapping values are not allowed in this context"),
    ])
    func invalidYAMLInAGuidePageIsReportedAtItsLine(yaml: String, expected: String) async throws {
        let workbook = try TemporaryWorkbook(["content/pages/01-a.md": "---\n\(yaml)---\nBody\n"])
        #expect(try await workbook.diagnostics() == ["content/pages/01-a.md:\(expected)"])
    }

    // MARK: Every field of every kind of file, given the wrong type

    @Test(arguments: [
        ("title: {a: 1}", "2:8: error: 'title' must be text, found a map of fields"),
        ("date: [2026-11-02]", "2:7: error: 'date' must be a date written YYYY-MM-DD, found a list"),
        ("date: {y: 2026}", "2:7: error: 'date' must be a date written YYYY-MM-DD, found a map of fields"),
        ("date: 2026-11-2", "2:7: error: 'date' must be a date written YYYY-MM-DD, found \"2026-11-2\""),
        ("date: 0000-01-01", "2:7: error: 'date' is not a day on the calendar: 0000-01-01 does not exist"),
        ("date: 2026-00-10", "2:7: error: 'date' is not a day on the calendar: 2026-00-10 does not exist"),
        ("date: 2025-02-29", "2:7: error: 'date' is not a day on the calendar: 2025-02-29 does not exist"),
        ("kind: [work]", "2:7: error: 'kind' must be text, found a list"),
        ("mood: {a: 1}", "2:7: error: 'mood' must be a whole number from 0 to 10, found a map of fields"),
        ("mood: true", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"true\""),
        ("mood: 99999999999999999999999999", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"99999999999999999999999999\""),
        ("mood: -9223372036854775809", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"-9223372036854775809\""),
        ("mood: 1e400", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"1e400\""),
        ("mood: .nan", "2:7: error: 'mood' must be a whole number from 0 to 10, found \".nan\""),
        ("mood: nan", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"nan\""),
        ("mood: -.inf", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"-.inf\""),
        ("emotions: [{name: [sad]}]", "2:19: error: 'name' must be text, found a list"),
        ("emotions: [{name: sad, thought: {a: b}}]", "2:33: error: 'thought' must be text, found a map of fields"),
        ("emotions: [{name: sad, intensity: 1e9}]", "2:35: error: 'intensity' must be a whole number from 0 to 10, found \"1e9\""),
        ("challenges: [[a]]", "2:14: error: a challenge must be a map of 'field: value' lines, found a list"),
        ("challenges: [{thought: x, response: [y]}]", "2:37: error: 'response' must be text, found a list"),
        ("self_care: [{sense: [taste], what: tea}]", "2:21: error: 'sense' must be text, found a list"),
        ("self_care: [{sense: taste, what: {a: b}}]", "2:34: error: 'what' must be text, found a map of fields"),
        ("habits: {sleep: nan}", "2:17: error: 'sleep' must be a number from 0 to 24, found \"nan\""),
        ("habits: {sleep: .inf}", "2:17: error: 'sleep' must be a number from 0 to 24, found \".inf\""),
        ("habits: {sleep: -0.5}", "2:17: error: 'sleep' must be a number from 0 to 24, found \"-0.5\""),
        ("habits: {sleep: [7]}", "2:17: error: 'sleep' must be a number from 0 to 24, found a list"),
        ("habits: {meals: 99999999999999999999}", "2:17: error: 'meals' must be a whole number from 0 to 20, found \"99999999999999999999\""),
        ("habits: sleepy", "2:9: error: 'habits' must be a map of 'field: value' lines, found \"sleepy\""),
        ("learned: [[a]]", "2:11: error: 'learned' must be text, found a list"),
        ("next: [{a: b}]", "2:8: error: 'next' must be text, found a map of fields"),
        ("tags: [[a]]", "2:8: error: 'tags' must be text, found a list"),
        ("draft: [true]", "2:8: error: 'draft' must be true or false, found a list"),
        ("draft: 1", "2:8: error: 'draft' must be true or false, found \"1\""),
        ("[a, b]: 1", "2:1: error: a field name must be plain text, found a list"),
    ])
    func everyEntryFieldOfTheWrongTypeIsOneErrorAtItsValue(field: String, expected: String) async throws {
        let result = try await TemporaryWorkbook.loadEntry("---\n\(field)\n---\nBody\n")
        #expect(result.diagnostics == ["\(entryPath):\(expected)"])
        #expect(result.entry == nil)
    }

    @Test(arguments: [
        ("title: [a]", "2:8: error: 'title' must be text, found a list"),
        ("order: first", "2:8: error: 'order' must be a whole number from -100000 to 100000, found \"first\""),
        ("order: 100001", "2:8: error: 'order' must be a whole number from -100000 to 100000, found \"100001\""),
        ("order: 99999999999999999999999", "2:8: error: 'order' must be a whole number from -100000 to 100000, found \"99999999999999999999999\""),
        ("order: [1]", "2:8: error: 'order' must be a whole number from -100000 to 100000, found a list"),
        ("summary: {a: b}", "2:10: error: 'summary' must be text, found a map of fields"),
        ("draft: sometimes", "2:8: error: 'draft' must be true or false, found \"sometimes\""),
    ])
    func everyGuidePageFieldOfTheWrongTypeIsAnError(field: String, expected: String) async throws {
        let workbook = try TemporaryWorkbook(["content/pages/01-why.md": "---\n\(field)\n---\nBody\n"])
        let result = try await workbook.load()
        #expect(result.diagnostics.map(\.description) == ["content/pages/01-why.md:\(expected)"])
        #expect(result.workbook == nil)
    }

    @Test(arguments: [
        ("title: [a]", "2:8: error: 'title' must be text, found a list"),
        ("intro: {a: b}", "2:8: error: 'intro' must be text, found a map of fields"),
    ])
    func everyAffirmationListFieldOfTheWrongTypeIsAnError(field: String, expected: String) async throws {
        let workbook = try TemporaryWorkbook(["content/affirmations/values.md": "---\n\(field)\n---\n- I listen.\n"])
        #expect(try await workbook.diagnostics() == ["content/affirmations/values.md:\(expected)"])
    }

    @Test(arguments: [
        ("title: [a]", "1:8: error: 'title' must be text, found a list"),
        ("author: {a: b}", "1:9: error: 'author' must be text, found a map of fields"),
        ("description: [a]", "1:14: error: 'description' must be text, found a list"),
        ("locale: [en]", "1:9: error: 'locale' must be text, found a list"),
        ("locale: \"en\\\" onload=\\\"x\"", "1:9: error: 'locale' must be a language tag such as en or de-CH, found \"en\" onload=\"x\""),
        ("output: [public]", "1:9: error: 'output' must be text, found a list"),
        ("sections: [a]", "1:11: error: 'sections' must be a map of 'field: value' lines, found a list"),
        ("sections: {learned: {a: b}}", "1:21: error: 'learned' must be a list of text, found a map of fields"),
        ("unsafe_html: [true]", "1:14: error: 'unsafe_html' must be true or false, found a list"),
        ("- title", "1:1: error: workbook.yaml must be a map of 'field: value' lines, found a list"),
        ("just words", "1:1: error: workbook.yaml must be a map of 'field: value' lines, found \"just words\""),
    ])
    func everyWorkbookYAMLFieldOfTheWrongTypeIsAnError(yaml: String, expected: String) async throws {
        let workbook = try TemporaryWorkbook(["content/workbook.yaml": yaml + "\n"])
        #expect(try await workbook.diagnostics() == ["content/workbook.yaml:\(expected)"])
        #expect(!(try await workbook.build().succeeded))
        #expect(!workbook.exists("public"))
    }

    @Test(arguments: [
        ("en", true), ("de-CH", true), ("zh_Hant_TW", true), ("sr-Latn-RS", true), ("haw", true), ("en-001", true),
        ("e", false), ("english please", false), ("en-", false), ("-en", false), ("en--GB", false), ("123", false),
        ("abcdefghi", false), ("en-abcdefghi", false), ("en\tGB", false), ("en\u{0}", false), ("ün", false), ("en-GB\u{0}", false),
    ])
    func aLocaleIsTakenOnlyInTheShapeOfALanguageTag(locale: String, taken: Bool) async throws {
        let quoted = locale.replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\u{0}", with: "\\0")
        let workbook = try TemporaryWorkbook(["content/workbook.yaml": "locale: \"\(quoted)\"\n"])
        let diagnostics = try await workbook.diagnostics()
        #expect(diagnostics.isEmpty == taken, "\(diagnostics)")
        if taken {
            _ = try await workbook.build()
            #expect(try workbook.read("public/index.html").contains("<html lang=\"\(locale.replacingOccurrences(of: "_", with: "-"))\">"))
        }
    }

    // MARK: Dates

    @Test func aDateFarInTheFutureIsOnlyAWarning() async throws {
        let result = try await TemporaryWorkbook.loadEntry("---\ndate: 9999-12-31\n---\nBody\n")
        #expect(result.diagnostics == ["\(entryPath):2:7: warning: the date 9999-12-31 is in the future"])
        #expect(result.entry?.date == .parse("9999-12-31"))
    }

    @Test func entriesDatedAtTheEdgesOfTheCalendarLoad() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/a.md": "---\ndate: 0001-01-01\nmood: 2\n---\nLong ago.\n",
            "content/entries/b.md": "---\ndate: 9999-12-31\nmood: 8\n---\nFar ahead.\n",
            "content/entries/c.md": "---\ndate: 2026-11-02T25:99:99\nmood: 5\n---\nWith a time.\n",
        ])
        let result = try await workbook.load()
        #expect(result.diagnostics.map(\.description) == ["content/entries/b.md:2:7: warning: the date 9999-12-31 is in the future"])
        #expect(result.workbook?.entries.map(\.date.description) == ["0001-01-01", "2026-11-02", "9999-12-31"])
    }

    // MARK: Documents built to exhaust memory or time

    @Test func aBillionLaughsEntryIsRefusedAtItsFirstAlias() async throws {
        let result = try await TemporaryWorkbook.loadEntry("---\n" + billionLaughs + "---\nBody\n")
        #expect(result.entry == nil)
        #expect(result.diagnostics == [
            "\(entryPath):3:10: error: invalid YAML in the front matter: YAML aliases ('*name') are not supported; write the value out in full",
        ])
    }

    @Test func aBillionLaughsWorkbookYAMLIsRefusedAtItsFirstAlias() async throws {
        let workbook = try TemporaryWorkbook(["content/workbook.yaml": "title: Mine\n" + billionLaughs])
        #expect(try await workbook.diagnostics() == [
            "content/workbook.yaml:3:10: error: invalid YAML in workbook.yaml: YAML aliases ('*name') are not supported; write the value out in full",
        ])
    }

    @Test(arguments: ["base: &b {mood: 3}\n<<: *b\n", "tags: &t [a]\nlearned: *t\n", "? *x\n: 1\n", "title: *nowhere\n"])
    func anAliasInAnyPositionIsRefused(yaml: String) async throws {
        let workbook = try TemporaryWorkbook(["content/pages/01-a.md": "---\n\(yaml)---\nBody\n"])
        let found = try await workbook.diagnostics()
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("content/pages/01-a.md:") == true)
        #expect(found.first?.hasSuffix(": error: invalid YAML in the front matter: YAML aliases ('*name') are not supported; write the value out in full") == true)
    }

    @Test func aVeryLongAnchorChainWithoutAliasesIsHarmless() async throws {
        let yaml = (0..<2_000).map { "u\($0): &a\($0) [x]\n" }.joined()
        let result = try await TemporaryWorkbook.loadEntry("---\ntitle: Anchors\n" + yaml + "---\nBody\n")
        #expect(result.entry?.title == "Anchors")
        #expect(result.diagnostics.count == 2_000)
        #expect(result.diagnostics.allSatisfy { $0.contains(": warning: unknown field 'u") })
    }

    @Test func deeplyNestedFrontMatterIsAnErrorNotAStackOverflow() async throws {
        let depth = 100_000
        let yaml = "emotions: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let result = try await TemporaryWorkbook.loadEntry("---\n" + yaml + "---\nBody\n")
        #expect(result.entry == nil)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.contains("error: invalid YAML in the front matter: the YAML nests deeper than 64 levels") == true)
    }

    @Test func aLongSingleLineKeyIsAnErrorNotAHang() async throws {
        let key = String(repeating: "k", count: 200_000)
        let result = try await TemporaryWorkbook.loadEntry("---\n\(key): 1\n---\nBody\n")
        #expect(result.entry == nil)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.hasPrefix("\(entryPath):2:") == true)
    }

    @Test func aFileLargerThanReboundReadsIsAnErrorNamingTheFileAndWhatToDo() async throws {
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-fine.md": "Fine.\n"])
        let big = workbook.url("content/entries/2026-11-03-huge.md")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 65 * 1_048_576)  // sparse: takes no room on the disk
        try handle.close()
        let found = try await workbook.diagnostics()
        #expect(found == [
            "content/entries/2026-11-03-huge.md: error: cannot be read: the file is 65 MB, and the largest file Rebound reads is 64 MB; split it into smaller files",
        ])
        #expect(!(try await workbook.build().succeeded))
    }
}
