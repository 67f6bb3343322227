import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// A workbook with nothing written yet, or one entry, still gives a whole site that says,
/// kindly, what to write first.
@Suite struct EmptyWorkbookTests {
    private func build(_ files: [String: String]) async throws -> FolderTree {
        let workbook = try TemporaryWorkbook(files)
        let site = workbook.url("site")
        let report = try await workbook.build(output: site)
        #expect(report.succeeded, "\(report.diagnostics)")
        return try FolderTree(reading: site)
    }

    @Test func aWorkbookWithNothingInItBuildsEveryPageWithAKindWordOnEach() async throws {
        let tree = try await build(["content/.keep": ""])
        for page in ["index.html", "timeline.html", "learned.html", "emotions.html", "morning.html", "affirmations.html", "tags.html", "search.html", "print.html"] {
            #expect(tree.files[page] != nil, "\(page) is missing")
        }
        #expect(tree.text("index.html")?.contains("rebound new") == true)
        #expect(tree.text("timeline.html")?.contains("starts with your first entry") == true)
        #expect(tree.text("learned.html")?.contains("No lessons yet") == true)
        #expect(tree.text("emotions.html")?.contains("No emotions named yet") == true)
        #expect(tree.text("morning.html")?.contains("content/affirmations/") == true)
        #expect(SiteAudit.brokenLinks(in: tree).isEmpty, "\(SiteAudit.brokenLinks(in: tree))")
    }

    @Test func aWorkbookWithOneEntryShowsItEverywhere() async throws {
        let tree = try await build([
            "content/entries/2026-11-02-first.md": "---\nmood: 4\nemotions: [{name: hurt, intensity: 6, thought: \"Nobody asked.\"}]\nlearned: [Ask first.]\ntags: [start]\n---\nIt began.\n",
        ])
        #expect(tree.files["entries/2026-11-02-first.html"] != nil && tree.files["tags/start.html"] != nil)
        #expect(tree.text("timeline.html")?.contains("One mood so far") == true)
        #expect(tree.text("learned.html")?.contains("Ask first.") == true)
        #expect(tree.text("emotions.html")?.contains("Nobody asked.") == true)
        #expect(SiteAudit.brokenLinks(in: tree).isEmpty, "\(SiteAudit.brokenLinks(in: tree))")
    }
}
