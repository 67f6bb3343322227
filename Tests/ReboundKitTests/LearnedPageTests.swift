import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// `learned.html` shows each lesson once, however often it was written.
@Suite struct LearnedPageTests {
    @Test func aLessonWrittenOftenListsItsLatestPlacesAndCountsTheRest() async throws {
        var files: [String: String] = [:]
        for day in 1...10 {
            let date = "2026-10-\(day < 10 ? "0" : "")\(day)"
            files["content/entries/\(date)-day.md"] = "---\nlearned: [\"Rest is part of the work.\"]\n---\nDay \(day).\n"
        }
        let workbook = try TemporaryWorkbook(files)
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let page = try String(contentsOf: site.appending(path: "learned.html"), encoding: .utf8)
        let item = try #require(page.split(separator: "<li id=\"lesson-rest-is-part-of-the-work\">").dropFirst().first)
        let entry = item.components(separatedBy: "</li>")[0]
        #expect(entry.contains("learned 10 times:"))
        #expect(entry.contains("and 2 earlier"))
        // The eight latest days are linked, the two earliest are only counted.
        #expect(entry.components(separatedBy: "entries/2026-10-").count - 1 == 8)
        #expect(entry.contains("entries/2026-10-10-day.html") && !entry.contains("entries/2026-10-02-day.html"))
        #expect(page.components(separatedBy: "Rest is part of the work.").count - 1 == 3)  // all, by tag, by month
    }
}
