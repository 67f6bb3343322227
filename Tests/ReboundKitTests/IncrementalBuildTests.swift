import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// A build into an existing site writes only what changed, and always leaves exactly the
/// site a build from scratch would make.
@Suite struct IncrementalBuildTests {
    /// Every kind of change a person makes between two builds.
    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case body, frontMatter, lessonRewritten, lessonAdded, dateMoved, tagAdded, entryDeleted, entryRenamed, entryAdded, template, workbookYAML,
             assetRemoved, chapterReordered, chapterEdited, affirmationEdited

        var testDescription: String { rawValue }

        func apply(to workbook: TemporaryWorkbook) throws {
            let entry = "content/entries/2026-10-05-a-quieter-day.md"
            switch self {
            case .body:
                try workbook.write(entry, try workbook.read(entry).replacingOccurrences(of: "I slept in and it helped.", with: "I slept in, and it helped a lot."))
            case .frontMatter:
                try workbook.write(entry, try workbook.read(entry).replacingOccurrences(of: "mood: 5", with: "mood: 8"))
            case .lessonRewritten:
                try workbook.write(entry, try workbook.read(entry).replacingOccurrences(of: "the whole day looks", with: "the whole week feels"))
            case .lessonAdded:
                try workbook.write(entry, try workbook.read(entry) + "- Rest is part of the work.\n")
            case .dateMoved:
                // Only the day of its one rating tells the emotion "hope" from before.
                let callback = "content/entries/2026-10-20-the-callback.md"
                try workbook.write(callback, try workbook.read(callback).replacingOccurrences(of: "mood: 7", with: "date: 2026-10-22\nmood: 7"))
            case .tagAdded:
                try workbook.write(entry, try workbook.read(entry).replacingOccurrences(of: "tags: [Job Search, job-search, rest]", with: "tags: [Job Search, rest, new-tag]"))
            case .entryDeleted:
                try FileManager.default.removeItem(at: workbook.url(entry))
            case .entryRenamed:
                try FileManager.default.moveItem(at: workbook.url(entry), to: workbook.url("content/entries/2026-10-06-renamed.md"))
            case .entryAdded:
                try workbook.write("content/entries/2026-11-01-new.md", "---\nmood: 7\ntags: [rest]\nlearned: [Something new.]\n---\nA new day.\n")
            case .template:
                try workbook.write("Templates/tag.mustache", "{{<layout}}{{$content}}<h1>Only {{name}}</h1>{{/content}}{{/layout}}")
            case .workbookYAML:
                try workbook.write("content/workbook.yaml", "title: A New Title\n")
            case .assetRemoved:
                try FileManager.default.removeItem(at: workbook.url("content/assets/note.txt"))
            case .chapterReordered:
                try FileManager.default.moveItem(at: workbook.url("content/pages/01-why-it-hurts.md"), to: workbook.url("content/pages/03-why-it-hurts.md"))
            case .chapterEdited:
                let chapter = "content/pages/02-your-people.md"
                try workbook.write(chapter, try workbook.read(chapter).replacingOccurrences(of: "three people", with: "four people"))
            case .affirmationEdited:
                let list = "content/affirmations/strengths.md"
                try workbook.write(list, try workbook.read(list).replacingOccurrences(of: "I keep my promises.", with: "I keep the promises I make."))
            }
        }
    }

    @Test(arguments: Change.allCases)
    func aChangeGivesExactlyTheSiteOfAFreshBuild(_ change: Change) async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        try change.apply(to: workbook)
        let report = try await workbook.build(output: site)
        #expect(report.succeeded)
        #expect(report.files.written + report.files.removed > 0)
        #expect(report.files.unchanged > 0, "a small change rewrote the whole site")

        let fresh = workbook.url("fresh")
        #expect(try await workbook.build(output: fresh).succeeded)
        let differences = GoldenTree.differences(output: try FolderTree(reading: site), baseline: try FolderTree(reading: fresh))
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test(arguments: Change.allCases)
    func aRebuildReusingDecodedEntriesAndRenderedPagesGivesExactlyTheSiteOfAFreshBuild(_ change: Change) async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try Self.makeOld(workbook)
        let options = Self.options(workbook, output: workbook.url("site"))
        let first = try await Builder.build(options, pages: RenderCache())
        #expect(first.entriesReused == 0)
        try change.apply(to: workbook)
        // Old times again, as a copy or a sync that keeps them would leave: the stamp alone must notice.
        try Self.makeOld(workbook)
        let report = try await Builder.build(options, reusing: first.cache, pages: first.pages)
        #expect(report.succeeded)
        if change == .workbookYAML {
            #expect(report.entriesReused == 0, "new settings decode every entry again")
            #expect(report.pages?.reused == 0, "a new title is on every page")
        } else {
            #expect(report.entriesReused > 0)
        }
        if change == .template {
            #expect(report.pages?.reused == 0, "another theme renders every page again")
        }

        let fresh = workbook.url("fresh")
        #expect(try await workbook.build(output: fresh).succeeded)
        let differences = GoldenTree.differences(output: try FolderTree(reading: options.output!), baseline: try FolderTree(reading: fresh))
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test func savingOneBodyRendersOnlyThatEntrysPageAgain() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let options = Self.options(workbook, output: workbook.url("site"))
        let first = try await Builder.build(options, pages: RenderCache())
        #expect(first.pages?.reused == 0)
        let unchanged = try await Builder.build(options, reusing: first.cache, pages: first.pages)
        #expect(unchanged.pages?.reused == unchanged.entriesRead)
        try Change.body.apply(to: workbook)
        let saved = try await Builder.build(options, reusing: unchanged.cache, pages: unchanged.pages)
        #expect(saved.pages?.reused == saved.entriesRead - 1)
    }

    @Test func entryPagesAreFoundWhenEntriesBeforeThemComeAndGo() async throws {
        let days = (1...6).map { "content/entries/2026-10-0\($0)-day.md" }
        let workbook = try TemporaryWorkbook(Dictionary(uniqueKeysWithValues: days.map { ($0, "A day.\n") }))
        let options = Self.options(workbook, output: workbook.url("site"))
        let first = try await Builder.build(options, pages: RenderCache())
        try FileManager.default.removeItem(at: workbook.url(days[0]))
        let removed = try await Builder.build(options, reusing: first.cache, pages: first.pages)
        #expect(removed.pages?.reused == 4, "all but the new first entry, which lost its link back")
        try workbook.write("content/entries/2026-09-30-before.md", "Before.\n")
        let added = try await Builder.build(options, reusing: removed.cache, pages: removed.pages)
        #expect(added.pages?.reused == 4, "all but the entry after the new one")
    }

    @Test func changingAMoodRendersTheEntriesWhoseChartShowsIt() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let options = Self.options(workbook, output: workbook.url("site"))
        let first = try await Builder.build(options, pages: RenderCache())
        try Change.frontMatter.apply(to: workbook)
        let report = try await Builder.build(options, reusing: first.cache, pages: first.pages)
        let fresh = workbook.url("fresh")
        #expect(try await workbook.build(output: fresh).succeeded)
        #expect((report.pages?.reused ?? .max) < report.entriesRead - 1, "the neighbours' charts show the new mood")
        let differences = GoldenTree.differences(output: try FolderTree(reading: options.output!), baseline: try FolderTree(reading: fresh))
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test func aFileSavedJustBeforeABuildIsReadAgainByTheNext() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try Self.makeOld(workbook)
        let entry = "content/entries/2026-10-05-a-quieter-day.md"
        try workbook.write(entry, try workbook.read(entry) + "\nOne more line.\n")
        let options = Self.options(workbook, output: workbook.url("site"))
        let first = try await Builder.build(options, pages: RenderCache())
        // A second save of the same size within the file system's time tick leaves the same stamp:
        // only the age of the file tells the cache not to trust it.
        let second = try await Builder.build(options, reusing: first.cache)
        #expect(second.entriesReused == first.cache.entries.count - 1)
    }

    @Test func aClashBetweenEntriesIsFoundAndClearedByLoadsReusingTheCache() async throws {
        let workbook = try TemporaryWorkbook(["content/entries/2026-10-01-walk.md": "A walk.\n", "content/entries/2026-10-02-swim.md": "A swim.\n"])
        try Self.makeOld(workbook)
        let loader = WorkbookLoader(root: workbook.root, today: .fixedToday)
        func errors(_ result: WorkbookLoader.Result) -> [String] { result.diagnostics.filter { $0.severity == .error }.map(\.path) }
        let first = try await loader.load()
        let again = try await loader.load(reusing: first.cache)
        #expect(errors(again).isEmpty)
        #expect(again.entriesReused == 2 && again.cache.entries.count == 2)
        try workbook.write("content/entries/later/2026-10-01-walk.md", "Another walk.\n")
        try Self.makeOld(workbook)
        let clash = try await loader.load(reusing: again.cache)
        #expect(errors(clash) == ["content/entries/later/2026-10-01-walk.md"])
        #expect(errors(try await loader.load(reusing: clash.cache)) == ["content/entries/later/2026-10-01-walk.md"], "found again from the cache")
        try FileManager.default.removeItem(at: workbook.url("content/entries/later/2026-10-01-walk.md"))
        let cleared = try await loader.load(reusing: clash.cache)
        #expect(errors(cleared).isEmpty)
        #expect(cleared.workbook?.entries.map(\.slug) == ["2026-10-01-walk", "2026-10-02-swim"])
        #expect(cleared.cache.entries.count == 2, "the removed file is not kept")
    }

    @Test func filesTheSiteNoLongerMakesOrNeverMadeAreRemoved() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        try workbook.write("site/stray.html", "<p>Put here by hand.</p>")
        try workbook.write("site/entries/old/page.html", "<p>An old page.</p>")
        try FileManager.default.removeItem(at: workbook.url("content/entries/2026-10-05-a-quieter-day.md"))
        let report = try await workbook.build(output: site)
        #expect(report.files.removed == 3)
        #expect(!workbook.exists("site/stray.html") && !workbook.exists("site/entries/old") && !workbook.exists("site/entries/2026-10-05-a-quieter-day.html"))
        let fresh = workbook.url("fresh")
        #expect(try await workbook.build(output: fresh).succeeded)
        #expect(GoldenTree.differences(output: try FolderTree(reading: site), baseline: try FolderTree(reading: fresh)).isEmpty)
    }

    @Test func aSiteHoldingALinkIsBuiltAgainWholeAndTheLinkNeverFollowed() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        // The tags folder swapped for a link to a folder outside, which a build writing into the
        // site as it stands would write through.
        let outside = try TemporaryFolder()
        try outside.write("rest.html", "Not the site's.")
        try FileManager.default.removeItem(at: site.appending(path: "tags"))
        try FileManager.default.createSymbolicLink(atPath: site.appending(path: "tags").path, withDestinationPath: outside.url.path)
        #expect(try await workbook.build(output: site).succeeded)
        #expect(try outside.read("rest.html") == "Not the site's.")
        #expect(OutputWriter.walk(outside.url.path).files == ["rest.html"])
        #expect(FileSystem.kind(of: site.appending(path: "tags").path) == .directory)
        let fresh = workbook.url("fresh")
        #expect(try await workbook.build(output: fresh).succeeded)
        #expect(GoldenTree.differences(output: try FolderTree(reading: site), baseline: try FolderTree(reading: fresh)).isEmpty)
    }

    @Test func anotherDayDecodesEveryEntryAgain() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try Self.makeOld(workbook)
        var options = Self.options(workbook, output: workbook.url("site"))
        let first = try await Builder.build(options, pages: RenderCache())
        #expect(try await Builder.build(options, reusing: first.cache).entriesReused == first.cache.entries.count)
        options.today = CalendarDay(year: 2026, month: 10, day: 1)!
        let later = try await Builder.build(options, reusing: first.cache)
        #expect(later.entriesReused == 0)
        #expect(later.diagnostics.contains { $0.message.contains("in the future") }, "warnings that depend on the day are made again")
    }

    private static func options(_ workbook: TemporaryWorkbook, output: URL) -> BuildOptions {
        var options = BuildOptions(workbook: workbook.root, output: output)
        options.today = .fixedToday
        return options
    }

    /// Dates every file of the workbook written in the last minute an hour back, as files a
    /// person wrote earlier would be.
    static func makeOld(_ workbook: TemporaryWorkbook) throws {
        let hourAgo = Date().addingTimeInterval(-3600)
        for path in OutputWriter.walk(workbook.root.path).files {
            let file = workbook.root.path + "/" + path
            let modified = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
            guard (modified ?? .distantPast) > hourAgo.addingTimeInterval(3540) else { continue }
            try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: file)
        }
    }

    @Test func aLargePageThatCannotBeWrittenLeavesThePreviousSite() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let before = try FolderTree(reading: site)
        try Change.body.apply(to: workbook)
        // print.html is written a piece at a time; a folder where its new bytes would wait makes that fail.
        let blocker = site.appending(path: ".print.html.rebound-tmp")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
        var message = ""
        do { _ = try await workbook.build(output: site) } catch let error as SetupError { message = error.message }
        #expect(message.hasPrefix("could not write the site: \(site.path)/print.html: "), "\(message)")
        #expect(message.hasSuffix("; the previous site was left as it was"))
        try FileManager.default.removeItem(at: blocker)
        let differences = GoldenTree.differences(output: try FolderTree(reading: site), baseline: before)
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test func anAssetThatCannotBeWrittenIsAWriteErrorNotAReadError() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        try workbook.write("content/assets/note.txt", "A changed note.\n")
        try FileManager.default.createDirectory(at: site.appending(path: "assets/.note.txt.rebound-tmp"), withIntermediateDirectories: false)
        var message = ""
        do { _ = try await workbook.build(output: site) } catch let error as SetupError { message = error.message }
        #expect(message.hasPrefix("could not write the site: \(site.path)/assets/note.txt: "), "\(message)")
    }

    @Test func anUnchangedBuildWritesNothing() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        _ = try await workbook.build(output: site)
        let before = try modificationTimes(in: site)
        let report = try await workbook.build(output: site)
        #expect(report.files.written == 0 && report.files.removed == 0)
        #expect(report.files.unchanged == before.count - 1)  // every file but the marker
        #expect(try modificationTimes(in: site) == before)
    }

    @Test func changingOneBodyRewritesOnlyThePagesThatShowIt() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        _ = try await workbook.build(output: site)
        let before = try modificationTimes(in: site)
        try Change.body.apply(to: workbook)
        let report = try await workbook.build(output: site)
        let after = try modificationTimes(in: site)
        let touched = Set(after.keys.filter { after[$0] != before[$0] })
        // The entry itself, its year's search index, the printed workbook and the manifest: nothing else shows the body.
        #expect(touched == ["entries/2026-10-05-a-quieter-day.html", "search-index-2026.js", "print.html", ".rebound-site"])
        #expect(report.files.written == 3)
    }

    private func modificationTimes(in folder: URL) throws -> [String: Date] {
        var times: [String: Date] = [:]
        let base = folder.path
        for path in ReboundKit.OutputWriter.walk(base).files {
            times[path] = try FileManager.default.attributesOfItem(atPath: base + "/" + path)[.modificationDate] as? Date
        }
        return times
    }
}

/// What the printed workbook and the search index make of each entry is kept between builds.
@Suite struct EntryMemoTests {
    private static func entry(_ body: String) throws -> Entry {
        var diagnostics: [Diagnostic] = []
        let source = try #require(SourceText.decode(Array("---\ntitle: Walk\n---\n\(body)\n".utf8), path: "content/entries/2026-11-02-walk.md", diagnostics: &diagnostics))
        return try #require(Entry.decode(source, stem: "2026-11-02-walk", context: DecodingContext(config: WorkbookConfig(), today: .fixedToday, includeDrafts: false), diagnostics: &diagnostics))
    }

    @Test func aValueIsMadeAgainOnlyForAnEntryThatChanged() throws {
        let walk = try Self.entry("I walked.")
        var made = 0
        let first = EntryMemo<String>(earlier: [])
        #expect(first.value(for: walk) { made += 1; return HTML.plainText($0.body.html) } == "I walked.")
        let second = EntryMemo<String>(earlier: first.made)
        #expect(second.value(for: try Self.entry("I walked.")) { made += 1; return HTML.plainText($0.body.html) } == "I walked.")
        #expect(made == 1, "an entry read again from the same text is the same entry")
        let third = EntryMemo<String>(earlier: second.made)
        #expect(third.value(for: try Self.entry("I walked far.")) { made += 1; return HTML.plainText($0.body.html) } == "I walked far.")
        #expect(made == 2)
        #expect(third.made.count == 1)
    }

    @Test func aValueIsFoundInAnotherPlaceWhenEntriesComeAndGo() throws {
        func entry(_ slug: String, _ body: String) throws -> Entry {
            var entry = try Self.entry(body)
            entry.slug = slug
            return entry
        }
        let (a, b, c) = (try entry("a", "A."), try entry("b", "B."), try entry("c", "C."))
        var made: [String] = []
        func values(_ entries: [Entry], _ memo: EntryMemo<String>) -> [String] {
            entries.map { entry in memo.value(for: entry) { made.append($0.slug); return HTML.plainText($0.body.html) } }
        }
        let first = EntryMemo<String>(earlier: [])
        #expect(values([a, b, c], first) == ["A.", "B.", "C."])
        let second = EntryMemo<String>(earlier: first.made)
        let new = try entry("n", "New.")
        #expect(values([new, a, c, b], second) == ["New.", "A.", "C.", "B."])
        #expect(made == ["a", "b", "c", "n"], "only the new entry is made")
        let third = EntryMemo<String>(earlier: second.made)
        #expect(values([new, a, try entry("c", "C again."), b], third) == ["New.", "A.", "C again.", "B."])
        #expect(made.last == "c")
        #expect(third.made.map(\.entry.slug) == ["n", "a", "c", "b"])
    }
}

/// Pages besides entry pages are kept by a digest of the context they were rendered from.
@Suite struct PageMemoTests {
    @Test func aPageIsRenderedAgainOnlyForAnotherContext() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let options = BuildOptions(workbook: workbook.root)
        let checked = try await Builder.check(options)
        let book = try #require(checked.workbook)
        let theme = try #require(checked.theme)
        let site = SiteOptions(today: .fixedToday)
        func renderer(_ book: Workbook, reusing earlier: RenderCache) -> SiteRenderer {
            SiteRenderer(workbook: book, insights: Insights.compute(book, today: .fixedToday), theme: theme, options: site, reusing: earlier)
        }
        let first = try #require(await renderer(book, reusing: RenderCache()).render(into: MemorySink()).cache)
        let home = try #require(first.pages[Routes.index])

        // The home page lists the newest entries by their cards, which show no body.
        var edited = book
        let newest = edited.entries.count - 1
        edited.entries[newest].body = Markdown.render("Other words, the same home page.")
        let second = try #require(await renderer(edited, reusing: first).render(into: MemorySink()).cache)
        #expect(second.pages[Routes.index]?.digest == home.digest)

        edited.entries[newest].title = "A new title"
        let third = try #require(await renderer(edited, reusing: second).render(into: MemorySink()).cache)
        let retitled = try #require(third.pages[Routes.index])
        #expect(retitled.digest != home.digest)
        #expect(String(decoding: retitled.file.bytes, as: UTF8.self).contains("A new title"))
    }

    /// A change to one field of the first entry with a lesson, a mood, tags and emotions, and
    /// the pages that show that field in a list whose items they know by keys, without making them.
    enum ListedChange: String, CaseIterable, CustomTestStringConvertible {
        case title, kind, mood, noMood, firstLesson, thought, intensity, emotionAdded, challengeAnswered

        var testDescription: String { rawValue }

        func apply(to entry: inout Entry) {
            switch self {
            case .title: entry.title = "Retitled"
            case .kind: entry.kind = .family
            case .mood: entry.mood = 9
            case .noMood: entry.mood = nil
            case .firstLesson: entry.lessons[0] = Note(text: "A first lesson said otherwise.", anchor: entry.lessons[0].anchor)
            case .thought: entry.emotions[0].thought = "Another thought."
            case .intensity: entry.emotions[0].intensity = (entry.emotions[0].intensity ?? 0) == 9 ? 8 : 9
            case .emotionAdded: entry.emotions.append(Emotion(name: "wonder", intensity: 3))
            case .challengeAnswered: entry.challenges[0].response = "I passed two rounds."
            }
        }

        var routes: [String] {
            switch self {
            case .title, .kind, .mood, .noMood, .firstLesson: [Routes.timeline, "tag"]
            case .thought, .intensity, .emotionAdded, .challengeAnswered: [Routes.emotions]
            }
        }
    }

    /// Each field a listed item shows must give an item of the page listing it another key, and
    /// the page a fresh render gives.
    @Test(arguments: ListedChange.allCases)
    func everyFieldOfAListedItemGivesThePageAnotherDigest(_ change: ListedChange) async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let checked = try await Builder.check(BuildOptions(workbook: workbook.root))
        let book = try #require(checked.workbook)
        let theme = try #require(checked.theme)
        func renderer(_ book: Workbook, reusing earlier: RenderCache?) -> SiteRenderer {
            SiteRenderer(workbook: book, insights: Insights.compute(book, today: .fixedToday), theme: theme, options: SiteOptions(today: .fixedToday), reusing: earlier)
        }
        let first = try #require(await renderer(book, reusing: RenderCache()).render(into: MemorySink()).cache)
        var edited = book
        let index = try #require(edited.entries.firstIndex { !$0.lessons.isEmpty && $0.mood != nil && !$0.tags.isEmpty && !$0.emotions.isEmpty })
        change.apply(to: &edited.entries[index])

        let (receipts, cache) = await renderer(edited, reusing: first).render(into: MemorySink())
        let second = try #require(cache)
        let fresh = await renderer(edited, reusing: nil).render()
        for route in change.routes.map({ $0 == "tag" ? Routes.tag(edited.entries[index].tags[0].slug) : $0 }) {
            let keys = { (cache: RenderCache) in Set(cache.listItems[route]?.map(\.digest) ?? []) }
            #expect(!keys(second).isEmpty && !keys(second).isSubset(of: keys(first)), "\(route)")
            let same = receipts.joined().first { $0.path == route }?.bytes == fresh.first { $0.path == route }?.bytes
            #expect(same, "\(route) is not the page a fresh render gives")
        }
    }

    @Test func theMemoRendersOnlyForADigestItHasNotSeen() {
        var rendered = 0
        func render() -> OutputFile { rendered += 1; return OutputFile(path: "timeline.html", text: "page \(rendered)") }
        let first = PageMemo(earlier: [:])
        _ = first.page("timeline.html", digest: { 1 }, render)
        let second = PageMemo(earlier: first.made)
        #expect(second.page("timeline.html", digest: { 1 }, render).bytes == Array("page 1".utf8))
        #expect(rendered == 1)
        #expect(PageMemo(earlier: second.made).page("timeline.html", digest: { 2 }, render).bytes == Array("page 2".utf8))
    }
}
