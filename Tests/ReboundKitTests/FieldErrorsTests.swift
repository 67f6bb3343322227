import Testing
import ReboundKit
import ReboundTestSupport

private let path = "content/entries/2026-11-02-the-interview.md"

/// The diagnostics of an entry whose front matter is the single line `field`, on file line 2.
private func diagnostics(_ field: String) async throws -> (entry: Entry?, diagnostics: [String]) {
    try await TemporaryWorkbook.loadEntry("---\n\(field)\n---\nBody\n")
}

@Suite struct FieldErrorsTests {
    @Test(arguments: [
        ("title: [a, b]", "2:8: error: 'title' must be text, found a list"),
        ("date: tuesday", "2:7: error: 'date' must be a date written YYYY-MM-DD, found \"tuesday\""),
        ("date: 2026-02-30", "2:7: error: 'date' is not a day on the calendar: 2026-02-30 does not exist"),
        ("date: 2026-13-01", "2:7: error: 'date' is not a day on the calendar: 2026-13-01 does not exist"),
        ("kind: job", "2:7: error: 'kind' must be one of romantic, friendship, work, school, family, creative, other, found \"job\""),
        ("kind: {a: 1}", "2:7: error: 'kind' must be text, found a map of fields"),
        ("mood: 12", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"12\""),
        ("mood: -1", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"-1\""),
        ("mood: 4.5", "2:7: error: 'mood' must be a whole number from 0 to 10, found \"4.5\""),
        ("mood: [3]", "2:7: error: 'mood' must be a whole number from 0 to 10, found a list"),
        ("emotions: {intensity: 3}", "2:11: error: an emotion needs a 'name', such as {name: sadness, intensity: 6}"),
        ("emotions: [{name: sad, intensity: 11}]", "2:35: error: 'intensity' must be a whole number from 0 to 10, found \"11\""),
        ("emotions: [{name: sad, after: high}]", "2:31: error: 'after' must be a whole number from 0 to 10, found \"high\""),
        ("emotions: [[sad]]", "2:12: error: an emotion must be a map of 'field: value' lines, found a list"),
        ("challenges: [{response: ok}]", "2:14: error: a challenge needs the 'thought' it answers"),
        ("self_care: tea", "2:12: error: a self-care item must be a map of 'field: value' lines, found \"tea\""),
        ("self_care: [{what: tea}]", "2:13: error: a self-care item needs a 'sense': one of sight, sound, smell, taste, touch, movement"),
        ("self_care: [{sense: smelly, what: x}]", "2:21: error: 'sense' must be one of sight, sound, smell, taste, touch, movement, found \"smelly\""),
        ("self_care: [{sense: taste}]", "2:13: error: a self-care item needs 'what' you did, such as {sense: taste, what: \"warm tea\"}"),
        ("support: {Maya: 1}", "2:10: error: 'support' must be a list of text, found a map of fields"),
        ("support: [[Maya]]", "2:11: error: 'support' must be text, found a list"),
        ("habits: [7]", "2:9: error: 'habits' must be a map of 'field: value' lines, found a list"),
        ("habits: {sleep: 25}", "2:17: error: 'sleep' must be a number from 0 to 24, found \"25\""),
        ("habits: {water: lots}", "2:17: error: 'water' must be a whole number from 0 to 50, found \"lots\""),
        ("habits: {exercise: 2000}", "2:20: error: 'exercise' must be a whole number from 0 to 1440, found \"2000\""),
        ("habits: {meals: 2.5}", "2:17: error: 'meals' must be a whole number from 0 to 20, found \"2.5\""),
        ("learned: {a: b}", "2:10: error: 'learned' must be a list of text, found a map of fields"),
        ("next: {a: b}", "2:7: error: 'next' must be a list of text, found a map of fields"),
        ("tags: {a: b}", "2:7: error: 'tags' must be a list of text, found a map of fields"),
        ("draft: maybe", "2:8: error: 'draft' must be true or false, found \"maybe\""),
    ])
    func aWrongValueIsOneErrorAtTheValue(field: String, expected: String) async throws {
        let result = try await diagnostics(field)
        #expect(result.diagnostics == ["\(path):\(expected)"])
        #expect(result.entry == nil)
    }

    @Test func everyBadFieldOfAFileIsReportedNotJustTheFirst() async throws {
        let result = try await TemporaryWorkbook.loadEntry("---\nmood: 12\nkind: job\ndraft: maybe\n---\n")
        #expect(result.diagnostics.map { $0.split(separator: " ")[0] } == ["\(path):2:7:", "\(path):3:7:", "\(path):4:8:"])
    }

    @Test func aNumberMayBeWrittenAsAWholeDecimalOrQuoted() async throws {
        let result = try await diagnostics("habits: {sleep: 7.5, water: \"6\", exercise: 30.0}")
        #expect(result.diagnostics.isEmpty)
        #expect(result.entry?.habits?.sleep == 7.5)
        #expect(result.entry?.habits?.water == 6)
        #expect(result.entry?.habits?.exercise == 30)
    }

    @Test func aFieldWithNoValueIsLeftOut() async throws {
        let result = try await TemporaryWorkbook.loadEntry("---\ntitle:\nmood: ~\nhabits:\ntags: null\n---\nBody\n")
        #expect(result.diagnostics.isEmpty)
        let entry = try #require(result.entry)
        #expect(entry.title == "The interview")
        #expect(entry.mood == nil)
        #expect(entry.habits == nil)
        #expect(entry.tags.isEmpty)
    }

    @Test func anEntryWithNoDateAnywhereIsAnError() async throws {
        let result = try await TemporaryWorkbook.loadEntry("Body\n", file: "the-interview.md")
        #expect(result.diagnostics == [
            "content/entries/the-interview.md:1:1: error: the entry has no date; add 'date: YYYY-MM-DD' to the front matter or start the file name with the date",
        ])
    }

    @Test func anImpossibleDateInTheFileNameIsNotADate() async throws {
        let result = try await TemporaryWorkbook.loadEntry("Body\n", file: "2026-02-30-leap.md")
        #expect(result.diagnostics.first?.contains("the entry has no date") == true)
    }

    // MARK: Warnings keep the entry

    @Test func aFutureDateIsAWarningAtTheDate() async throws {
        let result = try await diagnostics("date: 2026-12-01")
        #expect(result.diagnostics == ["\(path):2:7: warning: the date 2026-12-01 is in the future"])
        #expect(result.entry?.date == .parse("2026-12-01"))
    }

    @Test func aFutureDateInTheFileNameIsAWarningAboutTheFile() async throws {
        let result = try await TemporaryWorkbook.loadEntry("Body\n", file: "2027-01-01-new-year.md")
        #expect(result.diagnostics == ["content/entries/2027-01-01-new-year.md: warning: the date 2027-01-01 in the file name is in the future"])
        #expect(result.entry != nil)
    }

    @Test func todayIsNotInTheFuture() async throws {
        #expect(try await diagnostics("date: 2026-11-10").diagnostics.isEmpty)
    }

    @Test func anUnknownFieldIsAWarningAtItsNameWithTheClosestKnownName() async throws {
        let result = try await TemporaryWorkbook.loadEntry("---\nmoood: 3\nhabbits:\n  sleep: 7\ncolour: blue\n---\nBody\n")
        #expect(result.diagnostics == [
            "\(path):2:1: warning: unknown field 'moood' in the front matter is ignored; did you mean 'mood'?",
            "\(path):3:1: warning: unknown field 'habbits' in the front matter is ignored; did you mean 'habits'?",
            "\(path):5:1: warning: unknown field 'colour' in the front matter is ignored",
        ])
        #expect(result.entry != nil)
    }

    @Test func anUnknownFieldInsideAnEmotionIsAWarningToo() async throws {
        let result = try await diagnostics("emotions: [{name: sad, intensty: 4}]")
        #expect(result.diagnostics == ["\(path):2:24: warning: unknown field 'intensty' in an emotion is ignored; did you mean 'intensity'?"])
    }
}
