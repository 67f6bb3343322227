import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// The lesson indexes a build keeps in `.rebound-cache-lessons`: read back exactly as made, taken
/// only for the entries they were made from or patched from those, and never trusted damaged.
@Suite struct LessonStoreTests {
    /// Lessons written again and again, padded, under two tags or none, texts that ask for one
    /// id, and next steps from the front matter and the body.
    private static func workbook() throws -> TemporaryWorkbook {
        var files: [String: String] = [:]
        for day in 1...12 {
            let date = "2026-10-\(day < 10 ? "0" : "")\(day)"
            let tags = day % 3 == 0 ? "" : "tags: [Work\(day % 2 == 0 ? ", Rest" : "")]\n"
            let lessons = ["Rest is part of the work.", "  Ask early.  ", "Ask early!", "Day \(day) taught me something."]
                .prefix(1 + day % 4).map { "\"\($0)\"" }.joined(separator: ", ")
            files["content/entries/\(date)-day.md"] = "---\n\(tags)learned: [\(lessons)]\nnext: [\"Call Sam.\"]\n---\nDay \(day).\n\n"
                + "## What I learned\n\n- Rest is part of the work.\n\n## Moving forward\n\nWalk more on day \(day).\n"
        }
        return try TemporaryWorkbook(files)
    }

    private static func load(_ workbook: TemporaryWorkbook) async throws -> (entries: [Entry], loaded: WorkbookLoader.Result) {
        let loaded = try await WorkbookLoader(root: workbook.root, today: .fixedToday).load()
        return (try #require(loaded.workbook).entries, loaded)
    }

    private static let kinds: [(prefix: String, notes: @Sendable (borrowing Entry) -> [Note])] = [("lesson", { $0.lessons }), ("next", { $0.nextSteps })]

    /// Loaded with the cache, as a build loads, the loader says which entries it read again, and
    /// the entries the store was made from are found by looking up those alone in the cache.
    @Test func theEntriesReadAgainAreTheOnlyOnesLookedUp() async throws {
        let workbook = try Self.workbook()
        try IncrementalBuildTests.makeOld(workbook)
        let (entries, loaded) = try await Self.load(workbook)
        let settings = try #require(loaded.cache.settings)
        let insights = await Insights.computeConcurrently(try #require(loaded.workbook), today: .fixedToday)
        #expect(LessonStore.keep(insights, of: entries, digest: LessonStore.digest(of: entries, settings: settings), in: workbook.root, replacing: nil, program: 7))
        loaded.cache.write(workbook: workbook.root, program: 7)
        let store = try #require(LessonStore.read(workbook: workbook.root, program: 7))

        try workbook.write("content/entries/2026-10-11-day.md", try workbook.read("content/entries/2026-10-11-day.md")
            .replacingOccurrences(of: "Day 11 taught me something.", with: "Day eleven taught me more."))
        try IncrementalBuildTests.makeOld(workbook)
        let cache = await DecodeCache.read(workbook: workbook.root, program: 7)
        let reloaded = try await WorkbookLoader(root: workbook.root, today: .fixedToday).load(reusing: cache)
        #expect(reloaded.entriesReadAgain == [10])
        let changed = try #require(reloaded.workbook).entries
        let digest = LessonStore.digest(of: changed, settings: settings)
        let matched = try #require(store.matched(to: changed, digest: digest, cache: cache, readAgain: reloaded.entriesReadAgain))
        #expect(matched.index("lesson", of: changed, notes: { $0.lessons }) == LessonIndex(entries: changed, notes: { $0.lessons }, idPrefix: "lesson", forRebuilds: false))
        #expect(store.matched(to: changed, digest: digest, cache: cache, readAgain: []) == nil,
                "told that none was read again, the entries now are taken for the earlier ones, which they are not")
    }

    /// Entries whose files are not named in their order (`…-2.md` before `….md`, or a date
    /// that is not the file's) are sorted, and so are the places of those read again.
    @Test func theEntriesReadAgainAreFoundWhereTheLoaderSortedThem() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-walk-2.md": "Second.\n",
            "content/entries/2026-10-01-walk.md": "First.\n",
            "content/entries/2026-10-02-z.md": "---\ndate: 2026-09-30\n---\nWritten late.\n",
        ])
        try IncrementalBuildTests.makeOld(workbook)
        let first = try await WorkbookLoader(root: workbook.root, today: .fixedToday).load()
        #expect(try #require(first.workbook).entries.map(\.path) == ["content/entries/2026-10-02-z.md", "content/entries/2026-10-01-walk.md", "content/entries/2026-10-01-walk-2.md"])
        #expect(first.entriesReadAgain == [0, 1, 2])
        try workbook.write("content/entries/2026-10-01-walk.md", "First, again.\n")
        try IncrementalBuildTests.makeOld(workbook)
        let again = try await WorkbookLoader(root: workbook.root, today: .fixedToday).load(reusing: first.cache)
        #expect(again.entriesReused == 2)
        #expect(again.entriesReadAgain == [1])
    }

    /// Entries a few places from their own are put there in one pass, any others sorted; either
    /// way they end in the order a sort gives, and the answer says whether any moved.
    private static let orders: [(name: String, days: [Int], moves: Bool)] = {
        let days = Array(0..<40)
        let swapped: [Int] = days.map { day in day % 10 == 4 ? day + 1 : (day % 10 == 5 ? day - 1 : day) }
        let shuffled: [Int] = days.map { day in (day * 17) % 40 }
        return [("in order", days, false), ("pairs swapped", swapped, true), ("one far from its place", [39] + Array(0..<39), true),
                ("reversed", days.reversed(), true), ("shuffled", shuffled, true)]
    }()

    @Test(arguments: orders.indices)
    func entriesArePutInOrder(_ which: Int) throws {
        let (name, days, moves) = Self.orders[which]
        let start = try #require(CalendarDay(year: 2026, month: 1, day: 1))
        var entries = days.map { day in
            let slug = "day-\(day / 2)-\(day % 2)"
            return Entry(path: "content/entries/\(slug).md", slug: slug, title: slug, date: start.adding(days: day / 2), body: Markdown.render(""))
        }
        let sorted = entries.sorted(by: Entry.precedes).map(\.slug)
        #expect(WorkbookLoader.putInOrder(&entries) == moves, "\(name)")
        #expect(entries.map(\.slug) == sorted, "\(name)")
    }

    @Test func anIndexReadsBackAsItWasMade() async throws {
        for workbook in [try Self.workbook(), try TemporaryWorkbook(copyingFixture: "basic"), try TemporaryWorkbook(copyingFixture: "print-workbook")] {
            let (entries, _) = try await Self.load(workbook)
            for kind in Self.kinds {
                let index = LessonIndex(entries: entries, notes: kind.notes, idPrefix: kind.prefix, forRebuilds: false)
                let bytes = try #require(index.encoded(from: entries, notes: kind.notes))
                let read = try LessonIndex(decoding: bytes, idPrefix: kind.prefix, entries: entries, notes: kind.notes)
                #expect(read == index && read.digests == index.digests && read.wasRead && !index.wasRead)
                #expect(read.encoded(from: entries, notes: kind.notes) == bytes)
                for item in index.items.indices {
                    #expect(read.refEntries(of: item, among: entries.count) == index.refEntries(of: item, among: entries.count))
                }
                #expect(throws: BinaryReader.Damaged.self) {
                    try LessonIndex(decoding: bytes, idPrefix: kind.prefix == "next" ? "lesson" : "next", entries: entries, notes: kind.notes)
                }
                #expect(throws: BinaryReader.Damaged.self, "bytes left over") {
                    try LessonIndex(decoding: bytes + [0], idPrefix: kind.prefix, entries: entries, notes: kind.notes)
                }
                if !entries.isEmpty {
                    #expect(throws: BinaryReader.Damaged.self, "made from more entries") {
                        try LessonIndex(decoding: bytes, idPrefix: kind.prefix, entries: Array(entries.dropLast()), notes: kind.notes)
                    }
                }
            }
        }
    }

    @Test func aKeptIndexIsTakenForTheSameEntriesAndPatchedForNotesRewrittenInPlace() async throws {
        let workbook = try Self.workbook()
        let (entries, loaded) = try await Self.load(workbook)
        let settings = try #require(loaded.cache.settings)
        let insights = await Insights.computeConcurrently(try #require(loaded.workbook), today: .fixedToday)
        let digest = LessonStore.digest(of: entries, settings: settings)
        #expect(LessonStore.keep(insights, of: entries, digest: digest, in: workbook.root, replacing: nil, program: 7))
        #expect(LessonStore.read(workbook: workbook.root, program: 8) == nil, "made by another program")
        let store = try #require(LessonStore.read(workbook: workbook.root, program: 7))
        let same = try #require(store.matched(to: entries, digest: digest, cache: nil))
        #expect(same.index("lesson", of: entries, notes: { $0.lessons }) == insights.lessons)
        #expect(same.index("next", of: entries, notes: { $0.nextSteps }) == insights.nextSteps)
        #expect(store.matched(to: entries, digest: digest &+ 1, cache: nil) == nil, "other entries, and no cache to tell the earlier ones")

        // The eleventh entry's own lesson rewritten: the earlier entries come from the cache the loader read.
        loaded.cache.write(workbook: workbook.root, program: 7)
        let cache = await DecodeCache.read(workbook: workbook.root, program: 7)
        try workbook.write("content/entries/2026-10-11-day.md", try workbook.read("content/entries/2026-10-11-day.md")
            .replacingOccurrences(of: "Day 11 taught me something.", with: "Day eleven taught me more."))
        try IncrementalBuildTests.makeOld(workbook)
        let (changed, _) = try await Self.load(workbook)
        let patched = try #require(store.matched(to: changed, digest: LessonStore.digest(of: changed, settings: settings), cache: cache))
        let lessons = try #require(patched.index("lesson", of: changed, notes: { $0.lessons }))
        let fresh = LessonIndex(entries: changed, notes: { $0.lessons }, idPrefix: "lesson", forRebuilds: false)
        #expect(lessons == fresh)
        #expect(lessons.items.contains { $0.text == "Day eleven taught me more." })
        // Kept again, the patched index gives the bytes it was read from with its rewritten item made again.
        let spliced = try #require(lessons.encoded(from: changed, notes: { $0.lessons }))
        #expect(spliced == fresh.encoded(from: changed, notes: { $0.lessons }))

        // Rewritten into a text whose id another item holds: every id is claimed again.
        let renamed = changed.map { entry in
            var entry = entry
            entry.lessons = entry.lessons.map { $0.text == "Day eleven taught me more." ? Note(text: "Rest is part of the work +", anchor: $0.anchor) : $0 }
            return entry
        }
        let renumbered = try #require(lessons.patched(from: changed, to: renamed, notes: { $0.lessons }, idPrefix: "lesson"))
        let freshRenumbered = LessonIndex(entries: renamed, notes: { $0.lessons }, idPrefix: "lesson", forRebuilds: false)
        #expect(renumbered == freshRenumbered)
        #expect(renumbered.items.contains { $0.id == "lesson-rest-is-part-of-the-work-2" })
        #expect(renumbered.encoded(from: renamed, notes: { $0.lessons }) == freshRenumbered.encoded(from: renamed, notes: { $0.lessons }))
        #expect(patched.index("next", of: changed, notes: { $0.nextSteps }) == insights.nextSteps)
    }

    @Test func aDamagedFileOrALinkIsNotReadAndALinkIsReplacedNotWrittenThrough() async throws {
        let workbook = try Self.workbook()
        let (entries, loaded) = try await Self.load(workbook)
        let insights = await Insights.computeConcurrently(try #require(loaded.workbook), today: .fixedToday)
        let digest = LessonStore.digest(of: entries, settings: try #require(loaded.cache.settings))
        #expect(LessonStore.keep(insights, of: entries, digest: digest, in: workbook.root, replacing: nil, program: 7))
        let path = workbook.url(LessonStore.fileName)
        let good = Array(try Data(contentsOf: path))
        for position in stride(from: 0, to: good.count, by: max(1, good.count / 40)) {
            var damaged = good
            damaged[position] ^= 0x10
            try Data(damaged).write(to: path)
            #expect(LessonStore.read(workbook: workbook.root, program: 7) == nil, "byte \(position) changed")
        }
        for damaged in [Array(good.dropLast()), Array(good.prefix(12)), [], good + [0]] {
            try Data(damaged).write(to: path)
            #expect(LessonStore.read(workbook: workbook.root, program: 7) == nil)
        }
        try FileManager.default.removeItem(at: path)
        try Data(good).write(to: workbook.url("elsewhere"))
        try FileManager.default.createSymbolicLink(atPath: path.path, withDestinationPath: workbook.url("elsewhere").path)
        #expect(LessonStore.read(workbook: workbook.root, program: 7) == nil, "a link is not followed")
        #expect(LessonStore.keep(insights, of: entries, digest: digest &+ 1, in: workbook.root, replacing: nil, program: 7))
        #expect(FileSystem.kind(of: path.path) == .file, "the link was replaced by the workbook's own file")
        #expect(Array(try Data(contentsOf: workbook.url("elsewhere"))) == good, "what the link pointed at is untouched")
    }

    @Test func aBuildReadsTheIndexesBackAndKeepsThemOnlyWhenItsEntriesChanged() async throws {
        let workbook = try Self.workbook()
        try IncrementalBuildTests.makeOld(workbook)
        var options = BuildOptions(workbook: workbook.root, output: workbook.url("site"))
        options.today = .fixedToday
        options.usesCacheFile = true
        let first = try await Builder.build(options)
        #expect(first.succeeded && first.lessonIndexesRead == 0)
        let path = workbook.url(LessonStore.fileName).path
        let kept = try #require(DecodeCache.Stamp(path: path))
        let again = try await Builder.build(options)
        #expect(again.lessonIndexesRead == 2)
        #expect(DecodeCache.Stamp(path: path) == kept, "nothing the indexes are made from changed")

        // A line added to the paragraph of the moving-forward section, which is a next step.
        try workbook.write("content/entries/2026-10-05-day.md", try workbook.read("content/entries/2026-10-05-day.md") + "Walked home slowly.\n")
        try IncrementalBuildTests.makeOld(workbook)
        let patched = try await Builder.build(options)
        #expect(patched.lessonIndexesRead == 2, "the next step rewritten in place is patched")
        #expect(DecodeCache.Stamp(path: path) != kept, "kept again for the entries now")
        // The same site as a build that has nothing kept to read.
        for name in [LessonStore.fileName, DecodeCache.fileName, DecodeCache.changesFileName, BodyStore.fileName] {
            try? FileManager.default.removeItem(at: workbook.url(name))
        }
        var fresh = options
        fresh.output = workbook.url("fresh")
        #expect(try await Builder.build(fresh).lessonIndexesRead == 0)
        let differences = GoldenTree.differences(output: try FolderTree(readingSite: options.output!), baseline: try FolderTree(readingSite: fresh.output!))
        #expect(differences.isEmpty, "\(differences)")

        var serving = options
        serving.output = workbook.url("served")
        #expect(try await Builder.build(serving, pages: RenderCache()).lessonIndexesRead == 0, "serve keeps its own between builds")
        options.usesCacheFile = false
        #expect(try await Builder.build(options).lessonIndexesRead == 0)
    }
}
