import Foundation
import Testing
import ReboundTestSupport

private struct CheckReport: Decodable {
    struct Item: Decodable, Equatable {
        var severity: String
        var path: String
        var line: Int?
        var column: Int?
        var message: String
    }

    var ok: Bool
    var entries: Int
    var diagnostics: [Item]
}

/// `rebound check` and `--help`, run as processes.
@Suite struct CheckCommandTests {
    @Test func aCleanWorkbookExitsZero() throws {
        let result = try ReboundCommand.run(["check", "--workbook", PackagePaths.fixture("basic").path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.hasPrefix("No errors in 3 entries"))
    }

    @Test func aBrokenWorkbookExitsOneWithEveryDiagnosticOnStandardError() throws {
        let result = try ReboundCommand.run(["check", "--workbook", PackagePaths.fixture("invalid-front-matter").path])
        #expect(result.exitCode == 1)
        #expect(result.stdout == "")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [
            "content/entries/2026-10-01-unclosed.md:1:1: error: the front matter opened with '---' is never closed; add a line with '---' after the last field",
            "content/entries/2026-10-02-bad-mood.md:7:7: error: 'mood' must be a whole number from 0 to 10, found \"sad\"",
            "content/entries/2026-10-03-tabs.md:4:1: error: invalid YAML in the front matter: a tab cannot indent YAML; use spaces",
            "content/entries/2026-10-04-leap.md:2:7: error: 'date' is not a day on the calendar: 2026-02-30 does not exist",
            "content/entries/2026-10-05-fine-but-typo.md:2:1: warning: unknown field 'moood' in the front matter is ignored; did you mean 'mood'?",
            "error: 4 errors and 1 warning in the workbook",
        ])
    }

    @Test func checkWritesNothing() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let before = try FolderTree(reading: workbook.root)
        #expect(try ReboundCommand.run(["check", "-w", workbook.root.path]).exitCode == 0)
        #expect(try FolderTree(reading: workbook.root) == before)
    }

    @Test func jsonOfACleanWorkbook() throws {
        let result = try ReboundCommand.run(["check", "--format", "json", "-w", PackagePaths.fixture("basic").path])
        #expect(result.exitCode == 0)
        let report = try JSONDecoder().decode(CheckReport.self, from: Data(result.stdout.utf8))
        #expect(report.ok)
        #expect(report.entries == 3)
        #expect(report.diagnostics.isEmpty)
    }

    @Test func jsonOfABrokenWorkbookCarriesEveryDiagnosticField() throws {
        let result = try ReboundCommand.run(["check", "--format", "json", "-w", PackagePaths.fixture("invalid-encoding").path])
        #expect(result.exitCode == 1)
        let report = try JSONDecoder().decode(CheckReport.self, from: Data(result.stdout.utf8))
        #expect(!report.ok)
        #expect(report.entries == 0)
        #expect(report.diagnostics == [
            .init(severity: "error", path: "content/entries/2026-10-01-latin1.md", line: 4, column: 6,
                  message: "the file is not UTF-8 text: byte 0xE9 at offset 28 cannot be read; save the file as UTF-8 in your editor"),
            .init(severity: "warning", path: "content/pages/01-nul.md", line: 3, column: 6,
                  message: "the file holds NUL bytes; they were replaced with \u{FFFD}"),
        ])
    }

    @Test func jsonOfAMissingWorkbookIsStillJSON() throws {
        let folder = try TemporaryFolder()
        let result = try ReboundCommand.run(["check", "--format", "json", "-w", folder.url.path])
        #expect(result.exitCode == 2)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["ok"] as? Bool == false)
        #expect((object?["setupError"] as? String)?.hasPrefix("no content/ folder in ") == true)
    }

    @Test(arguments: [["build", "--help"], ["check", "--help"], ["help", "build"]])
    func helpShowsExamples(arguments: [String]) throws {
        let result = try ReboundCommand.run(arguments)
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("rebound \(arguments.contains("check") ? "check" : "build")"))
    }
}
