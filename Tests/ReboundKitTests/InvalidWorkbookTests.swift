import Testing
import ReboundKit
import ReboundTestSupport

/// Every diagnostic of checking a fixture workbook, in reading order, as the command line prints them.
private func check(_ fixture: String) async throws -> [String] {
    var options = BuildOptions(workbook: PackagePaths.fixture(fixture))
    options.today = .fixedToday
    return try await Builder.check(options).diagnostics.map(\.description)
}

/// The broken workbooks under `Fixtures/invalid-*`, each with the exact report it must produce.
@Suite struct InvalidWorkbookTests {
    @Test func frontMatterProblemsAreAllReportedAtTheirPlaceInTheFile() async throws {
        #expect(try await check("invalid-front-matter") == [
            "content/entries/2026-10-01-unclosed.md:1:1: error: the front matter opened with '---' is never closed; add a line with '---' after the last field",
            "content/entries/2026-10-02-bad-mood.md:7:7: error: 'mood' must be a whole number from 0 to 10, found \"sad\"",
            "content/entries/2026-10-03-tabs.md:4:1: error: invalid YAML in the front matter: a tab cannot indent YAML; use spaces",
            "content/entries/2026-10-04-leap.md:2:7: error: 'date' is not a day on the calendar: 2026-02-30 does not exist",
            "content/entries/2026-10-05-fine-but-typo.md:2:1: warning: unknown field 'moood' in the front matter is ignored; did you mean 'mood'?",
        ])
    }

    @Test func bytesThatAreNotUTF8AreAnErrorAndNULBytesAWarning() async throws {
        #expect(try await check("invalid-encoding") == [
            "content/entries/2026-10-01-latin1.md:4:6: error: the file is not UTF-8 text: byte 0xE9 at offset 28 cannot be read; save the file as UTF-8 in your editor",
            "content/pages/01-nul.md:3:6: warning: the file holds NUL bytes; they were replaced with \u{FFFD}",
        ])
    }

    @Test func twoFilesMakingOnePageAreAnErrorNamingBoth() async throws {
        #expect(try await check("invalid-collision") == [
            "content/entries/2026-10-01-café-walk.md:1:1: error: makes the same page entries/2026-10-01-cafe-walk.html as content/entries/2026-10-01-cafe-walk.md; rename one of the two files",
        ])
    }

    @Test func workbookYAMLProblemsAreReportedWithTheirLines() async throws {
        #expect(try await check("invalid-config") == [
            "content/workbook.yaml:1:1: warning: unknown field 'titel' in workbook.yaml is ignored; did you mean 'title'?",
            "content/workbook.yaml:2:9: error: 'locale' must be a language tag such as en or de-CH, found \"english please\"",
            "content/workbook.yaml:5:3: warning: unknown field 'later' in 'sections' is ignored",
            "content/workbook.yaml:6:14: error: 'unsafe_html' must be true or false, found \"sometimes\"",
        ])
    }

    @Test func everyBrokenTemplateIsReported() async throws {
        #expect(try await check("invalid-theme") == [
            "Templates/learned.mustache:3:1: error: template syntax error: a section is closed with a different name than it was opened with",
            "Templates/tag.mustache:2:3: error: the template refers to 'sidebar', which does not exist; add Templates/sidebar.mustache or fix the name",
        ])
    }

    @Test(arguments: ["invalid-front-matter", "invalid-encoding", "invalid-collision", "invalid-config", "invalid-theme"])
    func aBrokenWorkbookBuildsNothing(fixture: String) async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: fixture)
        let report = try await workbook.build()
        #expect(!report.succeeded)
        #expect(report.pagesWritten == 0)
        #expect(!workbook.exists("public"))
    }

    @Test func theBasicFixtureHasNoProblemsAtAll() async throws {
        #expect(try await check("basic") == [])
    }
}
