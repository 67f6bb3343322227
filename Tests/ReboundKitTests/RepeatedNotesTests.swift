import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// `learned.html` and `emotions.html` show each lesson and thought once, however often it was written.
@Suite struct RepeatedNotesTests {
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

    @Test func aThoughtThatKeepsComingBackIsShownOnceUnderItsEmotionWithACount() async throws {
        var files: [String: String] = [:]
        for day in 1...10 {
            let thought = day == 5 ? "Nobody asked me." : (day % 2 == 0 ? "I am not good enough." : "I am not good enough!")
            files["content/entries/2026-10-\(day < 10 ? "0" : "")\(day)-day.md"] = "---\nemotions: [{name: shame, thought: \"\(thought)\"}]\n---\nDay.\n"
        }
        let workbook = try TemporaryWorkbook(files)
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let page = try String(contentsOf: site.appending(path: "emotions.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "<q>I am not good enough").count - 1 == 1)
        let item = try #require(page.components(separatedBy: "<q>I am not good enough").dropFirst().first?.components(separatedBy: "</li>").first)
        #expect(item.contains("9 times") && item.contains("+1 earlier"))
        #expect(item.contains("entries/2026-10-10-day.html") && !item.contains("entries/2026-10-01-day.html"))
        #expect(page.contains("<q>Nobody asked me.</q> <a class=\"ref\""))
    }
}
