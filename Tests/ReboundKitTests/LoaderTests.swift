import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

@Suite struct LoaderTests {
    @Test func theBasicFixtureLoadsEveryKindOfFile() async throws {
        let result = try await WorkbookLoader(root: PackagePaths.fixture("basic"), today: .fixedToday).load()
        #expect(result.diagnostics.isEmpty)
        let workbook = try #require(result.workbook)
        #expect(workbook.config.title == "Basic Fixture Workbook")
        #expect(workbook.config.author == "Test Writer")
        #expect(workbook.entries.map(\.slug) == ["2026-10-01-the-first-no", "2026-10-05-a-quieter-day", "2026-10-20-the-callback"])
        #expect(workbook.entries.map(\.title) == ["The first \"no\"", "A quieter day", "The callback"])
        #expect(workbook.pages.map(\.slug) == ["why-it-hurts", "your-people"])
        #expect(workbook.pages.map(\.order) == [1, 2])
        #expect(workbook.pages.map(\.title) == ["Why rejection hurts", "Your people"])
        #expect(workbook.affirmationLists.map(\.affirmations) == [["I keep my promises.", "I learn from every round.", "I am kind to the people around me."]])
        #expect(workbook.assets == ["note.txt"])
        #expect(result.draftsSkipped == 1)
    }

    @Test func bodySectionsOfTheFixtureBecomeLessonsAndNextSteps() async throws {
        let workbook = try #require(try await WorkbookLoader(root: PackagePaths.fixture("basic"), today: .fixedToday).load().workbook)
        let first = workbook.entries[0]
        #expect(first.lessons.map(\.text) == ["Ask for feedback after final rounds.", "Rest comes first on the day of the news.", "Telling people means people to lean on."])
        #expect(first.nextSteps.map(\.text) == ["Email the recruiter.", "Walk before opening the laptop."])
        #expect(workbook.entries[1].lessons.map(\.text) == ["Sleep changes how the whole day looks."])
        #expect(workbook.entries[2].nextSteps.map(\.text) == ["Prepare three stories.", "Sleep early on Thursday."])
    }

    @Test func draftsAreCountedAndLeftOutUnlessIncluded() async throws {
        let root = PackagePaths.fixture("basic")
        let without = try await WorkbookLoader(root: root, includeDrafts: false, today: .fixedToday).load()
        let with = try await WorkbookLoader(root: root, includeDrafts: true, today: .fixedToday).load()
        #expect(without.workbook?.entries.contains { $0.title == "An unsent letter" } == false)
        #expect(with.workbook?.entries.contains { $0.title == "An unsent letter" } == true)
        #expect(with.draftsSkipped == 0)
    }

    @Test func draftPagesAreLeftOutUnlessIncluded() async throws {
        let workbook = try TemporaryWorkbook(["content/pages/01-later.md": "---\ndraft: true\n---\nSoon.\n"])
        #expect(try await workbook.load().workbook?.pages.isEmpty == true)
        #expect(try await workbook.load(includeDrafts: true).workbook?.pages.count == 1)
    }

    @Test func aFolderWithoutContentIsASetupError() async throws {
        let folder = try TemporaryFolder()
        await #expect {
            try await WorkbookLoader(root: folder.url).load()
        } throws: { error in
            (error as? SetupError)?.message == "no content/ folder in \(folder.url.path); run 'rebound init' there to start a workbook, or pass --workbook DIR"
        }
    }

    @Test func anEmptyWorkbookLoadsWithNothingInIt() async throws {
        let result = try await TemporaryWorkbook().load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.workbook?.entries.isEmpty == true)
        #expect(result.workbook?.config.title == "My Rebound Workbook")
    }

    @Test func strayFilesAreWarnedAboutAndNeverSilentlyDropped() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-walk.md": "A walk.\n",
            "content/entries/notes.txt": "not an entry",
            "content/entries/2026-11-02-walk.md~": "editor backup",
            "content/entries/.hidden.md": "hidden",
            "content/pages/extra/01-deep.md": "too deep",
        ])
        try FileManager.default.createSymbolicLink(atPath: workbook.url("content/entries/2026-11-03-link.md").path,
                                                   withDestinationPath: workbook.url("content/entries/2026-11-02-walk.md").path)
        #expect(try await workbook.diagnostics() == [
            "content/entries/2026-11-03-link.md: warning: is a symbolic link and was not followed; copy the file here instead",
            "content/entries/notes.txt: warning: is not a Markdown file (.md) and was ignored",
            "content/pages/extra: warning: is a folder inside content/pages/ and was ignored",
        ])
        #expect(try await workbook.load().workbook?.entries.count == 1)
    }

    @Test func entriesInSubfoldersAreRead() async throws {
        let workbook = try TemporaryWorkbook(["content/entries/2026/10/2026-10-01-deep.md": "Deep.\n"])
        let entries = try #require(try await workbook.load().workbook?.entries)
        #expect(entries.map(\.path) == ["content/entries/2026/10/2026-10-01-deep.md"])
        #expect(entries.map(\.slug) == ["2026-10-01-deep"])
    }

    @Test func anAffirmationFileWithoutAListIsAWarning() async throws {
        let workbook = try TemporaryWorkbook(["content/affirmations/values.md": "I value honesty.\n"])
        #expect(try await workbook.diagnostics() == [
            "content/affirmations/values.md: warning: no affirmations found; write each one as a list item ('- I keep my promises.')",
        ])
    }

    @Test func configuredHeadingsAndUnsafeHTMLApplyToEveryEntry() async throws {
        let workbook = try TemporaryWorkbook([
            "content/workbook.yaml": "sections:\n  learned: [Was ich gelernt habe]\n  next: Wie es weitergeht\nunsafe_html: true\n",
            "content/entries/2026-11-02-tag.md": "## Was ich gelernt habe\n\n- Eins.\n\n## Wie es weitergeht\n\n- Zwei.\n\n<aside>kept</aside>\n",
        ])
        let entry = try #require(try await workbook.load().workbook?.entries.first)
        #expect(entry.lessons.map(\.text) == ["Eins."])
        #expect(entry.nextSteps.map(\.text) == ["Zwei."])
        #expect(entry.body.html.contains("<aside>kept</aside>"))
    }

    @Test func aHeadingNamedForBothSectionsIsAWarningAndGivesLessons() async throws {
        let workbook = try TemporaryWorkbook([
            "content/workbook.yaml": "sections:\n  learned: [Notes]\n  next: [Next, notes]\n",
            "content/entries/2026-11-02-a.md": "## Notes\n\n- Thing.\n",
        ])
        #expect(try await workbook.diagnostics() == [
            "content/workbook.yaml:3:9: warning: the heading \"notes\" is named for both 'learned' and 'next'; what is under it is read as lessons",
        ])
        let entry = try #require(try await workbook.load().workbook?.entries.first)
        #expect(entry.lessons.map(\.text) == ["Thing."])
        #expect(entry.nextSteps.isEmpty)
    }

    @Test func pagesAreOrderedByOrderThenTitle() async throws {
        let workbook = try TemporaryWorkbook([
            "content/pages/b.md": "# Beta\n",
            "content/pages/a.md": "# Alpha\n",
            "content/pages/10-ten.md": "# Ten\n",
            "content/pages/z.md": "---\norder: 2\n---\n# Zed\n",
        ])
        let pages = try #require(try await workbook.load().workbook?.pages)
        #expect(pages.map(\.title) == ["Zed", "Ten", "Alpha", "Beta"])
    }

    @Test func everyBrokenFileIsReportedNotOnlyTheFirst() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-01-a.md": "---\nmood: 11\n---\n",
            "content/entries/2026-11-02-b.md": "---\nkind: job\n---\n",
            "content/pages/01-c.md": "---\norder: first\n---\n",
            "content/affirmations/d.md": "---\ntitle: [x]\n---\n- One.\n",
        ])
        let paths = try await workbook.diagnostics().map { String($0.prefix { $0 != ":" }) }
        #expect(paths == ["content/affirmations/d.md", "content/entries/2026-11-01-a.md", "content/entries/2026-11-02-b.md", "content/pages/01-c.md"])
    }
}
