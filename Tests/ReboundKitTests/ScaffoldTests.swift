import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// `Scaffold`: the starter workbook `rebound init` writes and the skeleton `rebound new` writes.
@Suite struct ScaffoldTests {
    // MARK: init

    @Test func theStarterFilesAreTheRepositorysContentAndTheme() throws {
        let paths = Scaffold.starterFiles.map(\.path)
        #expect(Set(paths).count == paths.count, "a starter path is listed twice")
        let content = try FolderTree(reading: PackagePaths.root.appending(path: "content"))
        let theme = try FolderTree(reading: PackagePaths.root.appending(path: "Templates"))
        let expected = content.paths.map { "content/" + $0 } + theme.paths.map { "Templates/" + $0 }
        #expect(Set(paths) == Set(expected))
        #expect(paths.contains("content/workbook.yaml"))
        #expect(paths.contains("Templates/layout.mustache"))
        #expect(paths.contains("Templates/search.js"))
    }

    @Test func initIntoAnEmptyFolderGivesAWorkbookThatLoadsWithoutAWord() async throws {
        let folder = try TemporaryFolder()
        let target = folder.url("journal/new")
        let written = try Scaffold.initialize(target, force: false)
        #expect(written == Scaffold.starterFiles.map(\.path))
        for file in Scaffold.starterFiles {
            #expect(try Data(contentsOf: target.appending(path: file.path)) == Data(file.text.utf8), "\(file.path)")
        }
        let loaded = try await WorkbookLoader(root: target, today: .fixedToday).load()
        #expect(loaded.diagnostics.map(\.description) == [])
        #expect((loaded.workbook?.entries.count ?? 0) > 0)
        var options = BuildOptions(workbook: target)
        options.today = .fixedToday
        #expect(try await Builder.check(options).diagnostics.map(\.description) == [])
    }

    @Test func initRefusesWhenStarterFilesExistListsThemAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/workbook.yaml", "title: Mine\n")
        try folder.write("Templates/style.css", "body { color: teal }\n")
        try folder.write("notes.txt", "my own notes\n")
        let before = try FolderTree(reading: folder.url)
        #expect {
            try Scaffold.initialize(folder.url, force: false)
        } throws: { error in
            let message = (error as? SetupError)?.message ?? ""
            return message.contains("content/workbook.yaml") && message.contains("Templates/style.css")
                && message.contains("2 of the starter files") && message.contains("--force")
        }
        #expect(try FolderTree(reading: folder.url) == before)
    }

    @Test func initWithForceReplacesStarterFilesAndKeepsOthers() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/workbook.yaml", "title: Mine\n")
        try folder.write("content/entries/2026-01-01-mine.md", "---\ntitle: Mine\n---\n")
        try Scaffold.initialize(folder.url, force: true)
        let starter = try #require(Scaffold.starterFiles.first { $0.path == "content/workbook.yaml" })
        #expect(try folder.read("content/workbook.yaml") == starter.text)
        #expect(try folder.read("content/entries/2026-01-01-mine.md") == "---\ntitle: Mine\n---\n")
    }

    // MARK: new

    @Test func aNewEntryParsesWithNoWarningAndCarriesTitleKindAndDate() async throws {
        let workbook = try TemporaryWorkbook()
        let url = try Scaffold.newEntry(in: workbook.root, title: "The interview that went quiet", kind: .work, date: .parse("2026-11-02"))
        #expect(url.path == workbook.url("content/entries/2026-11-02-the-interview-that-went-quiet.md").path)
        let loaded = try await workbook.load()
        #expect(loaded.diagnostics.map(\.description) == [])
        let entry = try #require(loaded.workbook?.entries.first)
        #expect(entry.title == "The interview that went quiet")
        #expect(entry.kind == .work)
        #expect(entry.date == .parse("2026-11-02"))
        #expect(entry.mood == nil && entry.emotions.isEmpty && entry.tags.isEmpty && entry.lessons.isEmpty)
    }

    @Test func theSkeletonHasEveryFieldWithAPromptAndTheBodyHeadings() throws {
        let text = EntrySkeleton.text(title: nil, kind: nil, date: .parse("2026-11-02"))
        let lines = text.split(separator: "\n").map(String.init)
        let prompted = ["title", "kind", "mood", "emotions", "challenges", "self_care", "support", "habits", "learned"]
        for field in prompted + ["date", "next", "tags"] {
            let index = try #require(lines.firstIndex { $0.hasPrefix(field + ":") }, "no \(field):")
            if prompted.contains(field) {
                #expect(lines[..<index].last { !$0.isEmpty }?.hasPrefix("# ") == true, "no prompt above \(field)")
            }
        }
        for heading in ["## What happened", "## How I feel about it", "## What I learned", "## Moving forward"] {
            #expect(text.contains("\n\(heading)\n"), "\(heading)")
        }
    }

    @Test(arguments: [
        #"He said: "no" #1 — café ☕"#, "Back\\slash and 'single' quotes", "key: value # not a comment",
        "null", "123", "- a list?", "[not, a, list]", "{not: a map}", "tab\there", "two\nlines", "&anchor *alias !tag |",
        "日本語のタイトル", "emoji only 😢🫶",
    ])
    func aTitleRoundTripsExactlyThroughYAML(title: String) async throws {
        let workbook = try TemporaryWorkbook()
        _ = try Scaffold.newEntry(in: workbook.root, title: title, kind: nil, date: .parse("2026-11-02"))
        let loaded = try await workbook.load()
        #expect(loaded.diagnostics.map(\.description) == [])
        #expect(loaded.workbook?.entries.first?.title == title)
    }

    @Test func noTitleNamesTheFileAfterTheDateAndTheEntryAfterIt() async throws {
        let workbook = try TemporaryWorkbook()
        let url = try Scaffold.newEntry(in: workbook.root, title: "   ", kind: nil, date: .parse("2026-11-02"))
        #expect(url.lastPathComponent == "2026-11-02.md")
        let loaded = try await workbook.load()
        #expect(loaded.diagnostics.map(\.description) == [])
        #expect(loaded.workbook?.entries.first?.date == .parse("2026-11-02"))
    }

    @Test func collisionsGetNumberedAndNothingIsOverwritten() throws {
        let workbook = try TemporaryWorkbook()
        let day = CalendarDay.parse("2026-11-02")
        let first = try Scaffold.newEntry(in: workbook.root, title: "Walk", kind: nil, date: day)
        try workbook.write("content/entries/2026-11-02-walk.md", "my words\n")
        let second = try Scaffold.newEntry(in: workbook.root, title: "Walk", kind: nil, date: day)
        let third = try Scaffold.newEntry(in: workbook.root, title: "walk!", kind: .other, date: day)
        #expect([first, second, third].map(\.lastPathComponent) == ["2026-11-02-walk.md", "2026-11-02-walk-2.md", "2026-11-02-walk-3.md"])
        #expect(try workbook.read("content/entries/2026-11-02-walk.md") == "my words\n")
    }

    @Test func withoutAContentFolderNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        #expect {
            try Scaffold.newEntry(in: folder.url, title: "x", kind: nil, date: .parse("2026-11-02"))
        } throws: { error in
            (error as? SetupError)?.message.contains("no content/ folder") == true
        }
        #expect(try FolderTree(reading: folder.url).paths == [])
    }
}
