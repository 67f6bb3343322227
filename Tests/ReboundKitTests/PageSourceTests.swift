import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// Entry pages record what they were made from in the site's manifest, and a later build, in
/// another run, keeps a page the site holds when it would be made from the same again.
@Suite struct PageSourceTests {
    @Test func anEntryPageMadeFromTheSameIsKeptAndOneMadeFromOtherInputsIsMadeAgain() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        // Marks of the same size in two pages: a kept page keeps its mark, a page made again loses it.
        let quiet = "site/entries/2026-10-05-a-quieter-day.html", first = "site/entries/2026-10-01-the-first-no.html"
        for page in [quiet, first] {
            try workbook.write(page, try workbook.read(page).replacingOccurrences(of: "<main", with: "<MAIN"))
        }
        #expect(try await workbook.build(output: site).succeeded)
        #expect(try workbook.read(quiet).contains("<MAIN") && workbook.read(first).contains("<MAIN"), "unchanged inputs: both kept")

        try IncrementalBuildTests.Change.body.apply(to: workbook)
        #expect(try await workbook.build(output: site).succeeded)
        #expect(try !workbook.read(quiet).contains("<MAIN"), "its body changed: made again")
        #expect(try workbook.read(first).contains("<MAIN"), "a page two entries away is kept")
    }

    /// The basic workbook built into `site/`, with the record of pieces or without, and the options
    /// that built it.
    static func built(recordingPieces: Bool) async throws -> (TemporaryWorkbook, BuildOptions) {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        var options = BuildOptions(workbook: workbook.root, output: workbook.url("site"))
        options.today = .fixedToday
        options.usesCacheFile = recordingPieces
        #expect(try await Builder.build(options).succeeded)
        return (workbook, options)
    }

    /// Marks `pages` of the site, keeping their sizes, so that a page a build keeps is told from one it makes.
    private static func mark(_ pages: [String], in workbook: TemporaryWorkbook) throws {
        for page in pages { try workbook.write(page, try workbook.read(page).replacingOccurrences(of: "<main", with: "<MAIN")) }
    }

    private static func marked(_ pages: [String], in workbook: TemporaryWorkbook) throws -> [Bool] {
        try pages.map { try workbook.read($0).contains("<MAIN") }
    }

    /// Expects the site to be what a build from scratch with `options` makes.
    private static func expectSameAsFresh(_ workbook: TemporaryWorkbook, _ options: BuildOptions) async throws {
        var fresh = options
        fresh.output = workbook.url("fresh")
        #expect(try await Builder.build(fresh).succeeded)
        #expect(GoldenTree.differences(output: try FolderTree(readingSite: workbook.url("site")), baseline: try FolderTree(readingSite: workbook.url("fresh"))).isEmpty)
    }

    /// The timeline, the emotions, what was learned and the tag pages are known by a digest of
    /// their context, and kept when the site holds them as made from the same; with the record of
    /// pieces too, in which case what it says of them is carried over.
    @Test(arguments: [false, true])
    func aPageKnownByItsContextIsKeptWhileItsContextIsTheSame(recordingPieces: Bool) async throws {
        let (workbook, options) = try await Self.built(recordingPieces: recordingPieces)
        let pages = ["site/timeline.html", "site/emotions.html", "site/learned.html", "site/tags/rest.html"]
        try Self.mark(pages, in: workbook)
        try IncrementalBuildTests.Change.body.apply(to: workbook)
        #expect(try await Builder.build(options).succeeded)
        #expect(try Self.marked(pages, in: workbook) == [true, true, true, true], "a body none of them shows: all kept")

        try IncrementalBuildTests.Change.frontMatter.apply(to: workbook)
        #expect(try await Builder.build(options).succeeded)
        #expect(try Self.marked(pages, in: workbook) == [false, true, true, false], "a mood: the timeline and the tag's cards show it")

        try Self.mark(pages, in: workbook)
        try IncrementalBuildTests.Change.workbookYAML.apply(to: workbook)
        #expect(try await Builder.build(options).succeeded)
        #expect(try Self.marked(pages, in: workbook) == [false, false, false, false], "another title for the workbook: every page made again")
        try await Self.expectSameAsFresh(workbook, options)
    }

    /// The printed workbook is known by every entry's file and text, every chapter and every card
    /// (see `SiteRenderer.printSource`): kept while none of them changed, with what the record of
    /// pieces says of it, and made again when one did.
    @Test(arguments: [false, true])
    func thePrintedWorkbookIsKeptWhileNothingItIsMadeFromChanged(recordingPieces: Bool) async throws {
        let (workbook, options) = try await Self.built(recordingPieces: recordingPieces)
        let page = ["site/print.html"]
        try Self.mark(page, in: workbook)
        #expect(try await Builder.build(options).succeeded)
        #expect(try Self.marked(page, in: workbook) == [true], "nothing changed: kept")
        let recorded = EarlierPieces.read(folder: workbook.url("site").path, prefix: nil)
        #expect((recorded?.routes.contains(Routes.print) ?? false) == recordingPieces, "what the record says of it is carried over")
        for change in [IncrementalBuildTests.Change.body, .chapterEdited, .affirmationEdited, .workbookYAML] {
            try Self.mark(page, in: workbook)
            try change.apply(to: workbook)
            #expect(try await Builder.build(options).succeeded)
            #expect(try Self.marked(page, in: workbook) == [false], "\(change)")
        }
        try await Self.expectSameAsFresh(workbook, options)
    }

    /// A printed sheet changed by hand, in a file of the same size that a build then kept, is
    /// not copied into the page the next build makes: the kept page keeps the times the record
    /// said it had, so its pieces are checked against their bytes again.
    @Test func aSheetChangedByHandInAKeptPageIsMadeAgainLater() async throws {
        let (workbook, options) = try await Self.built(recordingPieces: true)
        let page = "site/print.html"
        let made = try workbook.read(page)
        #expect(made.contains("Would you like to talk on Friday?"))
        try workbook.write(page, made.replacingOccurrences(of: "Would you like to talk on Friday?", with: "Would you like to talk on Monday?"))
        #expect(try await Builder.build(options).succeeded)
        #expect(try workbook.read(page).contains("on Monday?"), "nothing it is made from changed: kept as it is")
        try IncrementalBuildTests.Change.body.apply(to: workbook)
        #expect(try await Builder.build(options).succeeded)
        #expect(try workbook.read(page).contains("Would you like to talk on Friday?"))
        try await Self.expectSameAsFresh(workbook, options)
    }

    /// A page whose size is not the recorded one, or that is gone, is made again, and only it.
    @Test(arguments: [true, false])
    func aPageChangedOrDeletedByHandIsMadeAgain(deleted: Bool) async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let page = "site/entries/2026-10-05-a-quieter-day.html"
        let made = try workbook.read(page)
        if deleted {
            try FileManager.default.removeItem(at: workbook.url(page))
        } else {
            try workbook.write(page, made + "<!-- appended by hand -->")
        }
        let report = try await workbook.build(output: site)
        #expect(report.files.written == 1)
        #expect(try workbook.read(page) == made)
    }

    @Test func anotherThemeMakesEveryEntryPageAgain() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let page = "site/entries/2026-10-20-the-callback.html"
        try workbook.write(page, try workbook.read(page).replacingOccurrences(of: "<main", with: "<MAIN"))
        let layout = try String(contentsOf: PackagePaths.root.appending(path: "Templates/layout.mustache"), encoding: .utf8)
        try workbook.write("Templates/layout.mustache", layout + "<!-- my own layout -->\n")
        #expect(try await workbook.build(output: site).succeeded)
        #expect(try !workbook.read(page).contains("<MAIN"))
        let fresh = workbook.url("fresh")
        #expect(try await workbook.build(output: fresh).succeeded)
        #expect(GoldenTree.differences(output: try FolderTree(reading: site), baseline: try FolderTree(reading: fresh)).isEmpty)
    }

    /// Everything an entry page is made from changes its source: a field of the inputs left out
    /// of the digest would let a later build keep a stale page.
    @Test func everyInputOfAnEntryPageChangesItsSource() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let loaded = try await workbook.load()
        let entries = try #require(loaded.workbook?.entries)
        let inputs = RenderCache.EntryInputs(
            entry: entries[1], previous: EntryRef(entries[0]), next: EntryRef(entries[2]),
            moodWindow: [MoodPoint(date: entries[1].date, mood: 5, slug: entries[1].slug, title: entries[1].title, average: 5)][...],
            lessonIDs: ["lesson-a", nil], emotionSlugs: ["sadness", nil])
        #expect(Mirror(reflecting: inputs).children.count == 6, "a new input must join `source(after:)` and the cases below")
        let prefix: UInt64 = 123
        let original = inputs.source(after: prefix)
        #expect(inputs.source(after: prefix) == original, "the same inputs, the same source")
        #expect(inputs.source(after: 124) != original, "what every page shares")
        #expect(inputs.source(after: prefix, pointDigests: inputs.moodWindow!.map(\.digest)) == original, "the points' digests worked out before")

        var changed: [RenderCache.EntryInputs] = []
        func with(_ change: (inout RenderCache.EntryInputs) -> Void) {
            var copy = inputs
            change(&copy)
            changed.append(copy)
        }
        with { $0.entry.sourceHash &+= 1 }
        with { $0.entry.path += "x" }
        with { $0.previous = nil }
        with { $0.previous?.title += "!" }
        with { $0.previous?.slug += "-2" }
        with { $0.previous?.anchor = "moving-forward" }
        with { $0.next = nil }
        with { $0.next?.date = CalendarDay(year: 2026, month: 12, day: 1)! }
        with { $0.next = $0.previous }
        with { $0.moodWindow = nil }
        with { $0.moodWindow = [] }
        with { $0.moodWindow?[0].mood = 6 }
        with { $0.moodWindow?[0].average = 5.5 }
        with { $0.moodWindow?[0].title += "!" }
        with { $0.moodWindow?[0].slug += "-2" }
        with { $0.moodWindow?[0].date = CalendarDay(year: 2026, month: 1, day: 1)! }
        with { $0.lessonIDs = ["lesson-b", nil] }
        with { $0.lessonIDs = [nil, "lesson-a"] }
        with { $0.lessonIDs = ["lesson-a"] }
        with { $0.emotionSlugs = ["sadness", "fear"] }
        with { $0.emotionSlugs = [] }
        with { $0.emotionSlugs = $0.lessonIDs; $0.lessonIDs = inputs.emotionSlugs }
        let sources = changed.map { $0.source(after: prefix) }
        #expect(!sources.contains(original))
        #expect(Set(sources).count == sources.count, "each change gives a source of its own")
    }

    @Test func whatEveryPageSharesIsInTheSourcesPrefix() throws {
        let theme = try Theme.builtIn()
        let shared = RenderCache.Shared(config: WorkbookConfig(), options: SiteOptions(today: .fixedToday), theme: theme.fingerprint)
        let prefix = try #require(shared.sourcePrefix)
        var variants: [RenderCache.Shared] = []
        func with(_ change: (inout RenderCache.Shared) -> Void) {
            var copy = shared
            change(&copy)
            variants.append(copy)
        }
        with { $0.config.title = "Another" }
        with { $0.config.author = "Someone" }
        with { $0.config.description = "About" }
        with { $0.config.locale = "de" }
        with { $0.config.output = "out" }
        with { $0.config.learnedHeadings = ["Lessons"] }
        with { $0.config.nextHeadings = ["Next"] }
        with { $0.config.unsafeHTML = true }
        with { $0.options.today = CalendarDay(year: 2026, month: 1, day: 2)! }
        with { $0.options.printFrom = .fixedToday }
        with { $0.options.printTo = .fixedToday }
        with { $0.theme &+= 1 }
        #expect(Mirror(reflecting: WorkbookConfig()).children.count == 8, "a new setting must join the cache file and the sources")
        let prefixes = variants.map(\.sourcePrefix)
        #expect(!prefixes.contains(prefix))
        #expect(Set(prefixes.compactMap { $0 }).count == variants.count)
        #expect(try Theme.builtIn().fingerprint == theme.fingerprint, "the same theme, the same fingerprint")
    }
}
