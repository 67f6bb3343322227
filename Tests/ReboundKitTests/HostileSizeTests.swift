import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// Workbooks that are large on purpose: a ten-megabyte entry, fifty thousand files, Markdown
/// nested a hundred thousand deep, a century of weeks. Serialized, so that they never take
/// both cores at once from the rest of the suite (under the sanitizers above all).
@Suite(.serialized) struct HostileSizeTests {
    @Test func aMistypedCenturyDoesNotBlowTheSiteUp() async throws {
        // One entry a thousand years early: the weekly practice table and the printed progress
        // list every week in between (52,000 rows) — tens of megabytes for two entries.
        let workbook = try TemporaryWorkbook([
            "content/entries/a.md": "---\ndate: 1026-11-01\nmood: 2\n---\nA typo in the year.\n",
            "content/entries/b.md": "---\ndate: 2026-11-02\nmood: 8\n---\nToday.\n",
        ])
        let output = try TemporaryFolder()
        #expect(try await workbook.build(output: output.url("site")).succeeded)
        let tree = try FolderTree(reading: output.url("site"))
        for (path, bytes) in tree.files where path.hasSuffix(".html") {
            #expect(bytes.count < 2_000_000, "\(path) is \(bytes.count) bytes")
        }
    }

    @Test func aTenMegabyteEntryBuilds() async throws {
        // Long paragraphs, so the test spends its time on size rather than on a million tiny blocks.
        let paragraph = String(repeating: "I walked for an hour and *named* every feeling: sad, tired, hopeful. [a link](https://example.org) and `code`. ", count: 100) + "\n\n"
        var body = "---\ntitle: A long one\nmood: 5\ntags: [long]\n---\n## What I learned\n\n- Writing long is fine.\n\n"
        body.reserveCapacity(10_500_000)
        while body.utf8.count < 10_000_000 { body += paragraph }
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-long.md": body])
        let output = try TemporaryFolder()
        let report = try await workbook.build(output: output.url("site"))
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.diagnostics.isEmpty)
        let page = try Data(contentsOf: output.url("site/entries/2026-11-02-long.html"))
        #expect(page.count > 10_000_000)
        let index = try Data(contentsOf: output.url("site/" + Routes.searchIndex(year: 2026)))
        #expect(index.count > 5_000_000)
    }

    @Test func aTenMegabyteSingleLineEntryBuilds() async throws {
        let body = String(repeating: "word ", count: 2_000_000)
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-one-line.md": body])
        let output = try TemporaryFolder()
        let report = try await workbook.build(output: output.url("site"))
        #expect(report.succeeded, "\(report.diagnostics)")
    }

    @Test func pathologicalMarkdownNestingRendersWithoutCrashing() async throws {
        let body = String(repeating: "> ", count: 50_000) + "deep\n\n"
            + String(repeating: "- ", count: 10_000) + "list\n\n"
            + String(repeating: "*a **b ", count: 20_000) + "\n\n"
            + String(repeating: "[", count: 50_000) + String(repeating: "](x)", count: 50_000) + "\n\n"
            + String(repeating: "<", count: 50_000) + "\n"
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-deep.md": body])
        let report = try await workbook.build()
        #expect(report.succeeded, "\(report.diagnostics)")
    }

    @Test func fiftyThousandFilesAreAllRead() async throws {
        let folder = try TemporaryFolder(prefix: "rebound-many")
        let entries = folder.url("content/entries")
        try FileManager.default.createDirectory(at: entries, withIntermediateDirectories: true)
        var day = CalendarDay.parse("1900-01-01")
        for index in 0..<50_000 {
            // POSIX calls: FileManager takes several times longer for this many files.
            let path = entries.path + "/\(day)-n\(index % 7).md"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0, write(descriptor, "x\n", 2) == 2 else { Issue.record("could not write \(path)"); return }
            close(descriptor)
            if index % 7 == 6 { day = day.adding(days: 1) }
        }
        let result = try await WorkbookLoader(root: folder.url, today: .fixedToday).load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.workbook?.entries.count == 50_000)
        #expect(result.workbook?.entries.first?.slug == "1900-01-01-n0")
    }
}
