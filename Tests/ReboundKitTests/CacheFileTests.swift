import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// The decoded entries a build keeps in the workbook's `.rebound-cache`: read back exactly as
/// they were, used only by the program and settings that made them, and never believed when
/// the file is damaged, so a build that takes them gives exactly the site of a fresh one.
@Suite struct CacheFileTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func theFileGivesBackEveryDecodedEntryExactly(seed: UInt64) async throws {
        // Random workbooks: hostile names and markup, odd bytes, broken front matter, drafts.
        var generator = WorkbookGenerator(seed: seed)
        let workbook = try TemporaryWorkbook()
        for (path, bytes) in generator.workbook() { try workbook.write(path, bytes: bytes) }
        try await Self.expectRoundTrip(workbook, includeDrafts: seed.isMultiple(of: 2))
    }

    @Test(arguments: ["basic", "print-workbook", "invalid-front-matter", "invalid-encoding", "invalid-collision"])
    func theFileGivesBackTheFixturesExactly(fixture: String) async throws {
        try await Self.expectRoundTrip(try TemporaryWorkbook(copyingFixture: fixture), includeDrafts: false)
    }

    private static func expectRoundTrip(_ workbook: TemporaryWorkbook, includeDrafts: Bool) async throws {
        let loaded = try await WorkbookLoader(root: workbook.root, includeDrafts: includeDrafts, today: .fixedToday).load()
        let cache = loaded.cache
        #expect(cache.write(workbook: workbook.root, program: 42))
        let read = await DecodeCache.read(workbook: workbook.root, program: 42)
        #expect(read.settings == cache.settings)
        #expect(read.loadedAt == cache.loadedAt)
        #expect(read.paths == cache.paths)
        #expect(read.entries.count == cache.entries.count)
        for (path, decoded) in cache.entries {
            let back = try #require(read.entries[path])
            #expect(back.stamp == decoded.stamp, "\(path)")
            #expect(back.entry == decoded.entry, "\(path)")
            #expect(back.entry?.body.html == decoded.entry?.body.html, "\(path): the body, made from the file's bytes when asked for")
            #expect(back.diagnostics == decoded.diagnostics, "\(path)")
        }
    }

    @Test func aBodyLeftInTheFileOfBodiesIsReadWhenAskedFor() throws {
        let folder = try TemporaryFolder()
        let path = folder.url(BodyStore.fileName).path
        let html = Array("<p>Ça va.</p>".utf8)
        let heading = BodyStore.heading(7)
        try Data(heading + Array("xx".utf8) + html + Array("yy".utf8)).write(to: URL(fileURLWithPath: path))
        let place = BodyStore.Place(offset: heading.count + 2, count: html.count, hash: Manifest.hash(html))
        let store = try #require(BodyStore(path: path, identity: 7))
        let body = RenderedMarkdown(html: EncodedText(place, in: store), headings: [], sections: [:], listItems: [], leadingTitle: nil)
        let made = RenderedMarkdown(html: "<p>Ça va.</p>", headings: [], sections: [:], listItems: [], leadingTitle: nil)
        #expect(body == made && made == body)
        #expect(body != RenderedMarkdown(html: "<p>Ca va.</p>", headings: [], sections: [:], listItems: [], leadingTitle: nil))
        #expect(body.html == "<p>Ça va.</p>")
        #expect(body.withHTMLUTF8 { Array($0) } == html)
        #expect(body != RenderedMarkdown(html: "<p>C\u{327}a va.</p>", headings: [], sections: [:], listItems: [], leadingTitle: nil),
                "the same letters spelled with a combining mark are other bytes")
        #expect(store.damaged == 0)
        #expect(BodyStore(path: path, identity: 8) == nil, "a file of bodies written with another cache file")

        // A body whose bytes are not the ones recorded, or that the file no longer reaches, reads
        // as nothing and is counted; the store keeps reading the file it opened.
        let changed = BodyStore.Place(offset: place.offset, count: place.count, hash: place.hash ^ 1)
        #expect(EncodedText(changed, in: store).bytes == nil)
        #expect(EncodedText(changed, in: store).text == "")
        let past = BodyStore.Place(offset: place.offset + 4, count: place.count, hash: place.hash)
        #expect(EncodedText(past, in: store).withUTF8 { $0.count } == 0)
        #expect(store.damaged == 3)
        try FileManager.default.removeItem(atPath: path)
        #expect(EncodedText(place, in: store).text == "<p>Ça va.</p>", "the file opened, though gone from the folder")
    }

    @Test func aFileOfBodiesThatIsALinkOrNotAFileIsNotRead() throws {
        let folder = try TemporaryFolder()
        let real = folder.url("real").path
        try Data(BodyStore.heading(7)).write(to: URL(fileURLWithPath: real))
        #expect(BodyStore(path: real, identity: 7) != nil)
        try FileManager.default.createSymbolicLink(atPath: folder.url("link").path, withDestinationPath: real)
        #expect(BodyStore(path: folder.url("link").path, identity: 7) == nil)
        try FileManager.default.createDirectory(at: folder.url("folder"), withIntermediateDirectories: false)
        #expect(BodyStore(path: folder.url("folder").path, identity: 7) == nil)
        #expect(BodyStore(path: folder.url("missing").path, identity: 7) == nil)
        try Data(BodyStore.heading(7).dropLast()).write(to: folder.url("short"))
        #expect(BodyStore(path: folder.url("short").path, identity: 7) == nil, "cut short")
    }

    /// The cache file is of no use without the file of bodies written with it.
    @Test func aCacheWhoseFileOfBodiesIsMissingOrAnotherIsNotUsed() async throws {
        let workbook = try Self.workbook(moreEntries: 4)
        let options = Self.options(workbook)
        let count = try await Builder.build(options).cache.paths.count
        let bodies = try Self.file(workbook, BodyStore.fileName)
        try FileManager.default.removeItem(at: workbook.url(BodyStore.fileName))
        #expect(await DecodeCache.read(workbook: workbook.root).entries.isEmpty)
        #expect(try await Builder.build(options).entriesReused == 0)
        #expect(try await Builder.build(options).entriesReused == count, "both written anew")
        // The bodies of the build before, beside the cache file of this one.
        try Data(bodies).write(to: workbook.url(BodyStore.fileName))
        #expect(await DecodeCache.read(workbook: workbook.root).entries.isEmpty)
        #expect(try await Builder.build(options).entriesReused == 0)
        try await Self.expectTheSiteOfAFreshBuild(options, workbook)
    }

    /// A body changed in place in the file of bodies is found when a page asks for it: the build
    /// starts again without the cache before writing anything, and gives the site of a fresh build.
    @Test(arguments: [false, true])
    func aBodyChangedInTheFileOfBodiesMakesTheBuildStartAgainWithoutTheCache(intoANewFolder: Bool) async throws {
        let workbook = try Self.workbook(moreEntries: 4)
        var options = Self.options(workbook)
        _ = try await Builder.build(options)
        var bodies = try Self.file(workbook, BodyStore.fileName)
        let index = try #require(bodies.firstIndex(of: UInt8(ascii: "<")))
        bodies[index] = UInt8(ascii: "[")
        try Data(bodies).write(to: workbook.url(BodyStore.fileName))
        if intoANewFolder {
            // Every entry page is made, so every body is asked for.
            options.output = workbook.url("elsewhere")
        } else {
            // The entry pages removed from the site, so they are made again.
            try FileManager.default.removeItem(at: workbook.url("site/entries"))
        }
        let report = try await Builder.build(options)
        #expect(report.succeeded)
        #expect(report.entriesReused == 0, "made again without the cache")
        #expect(!workbook.exists(DecodeCache.fileName), "removed, for the next build to write anew")
        #expect(try await Builder.build(options).entriesReused == 0)
        #expect(try await Builder.build(options).entriesReused == report.cache.paths.count)
        try await Self.expectTheSiteOfAFreshBuild(options, workbook)
    }

    /// With the fixture's four entries, a changed one makes a new cache file; with forty more,
    /// it is written beside the file.
    @Test(arguments: IncrementalBuildTests.Change.allCases, [0, 40])
    func aBuildTakingEntriesFromTheFileGivesExactlyTheSiteOfAFreshBuild(_ change: IncrementalBuildTests.Change, moreEntries: Int) async throws {
        let workbook = try Self.workbook(moreEntries: moreEntries)
        let options = Self.options(workbook)
        let first = try await Builder.build(options)
        #expect(first.entriesReused == 0)
        #expect(workbook.exists(DecodeCache.fileName))
        let again = try await Builder.build(options)
        #expect(again.entriesReused == again.cache.paths.count, "an unchanged workbook decodes nothing")
        #expect(again.lessonIndexesRead == 2, "nor indexes its lessons again")
        try change.apply(to: workbook)
        try IncrementalBuildTests.makeOld(workbook)
        let report = try await Builder.build(options)
        #expect(report.succeeded)
        if [.body, .frontMatter, .lessonRewritten, .template, .assetRemoved, .chapterReordered].contains(change) {
            #expect(report.lessonIndexesRead == 2, "lessons rewritten in place or none touched: both indexes are read back")
        }
        switch change {
        case .body, .frontMatter, .lessonRewritten, .lessonAdded, .dateMoved, .tagAdded, .entryRenamed, .entryAdded:
            #expect(report.entriesReused == report.cache.paths.count - 1, "only the changed file is decoded again")
        case .workbookYAML:
            #expect(report.entriesReused == 0, "new settings decode every entry again")
        default:
            #expect(report.entriesReused == report.cache.paths.count)
        }
        try await Self.expectTheSiteOfAFreshBuild(options, workbook)
    }

    @Test func aFewChangedEntriesAreKeptBesideTheFileWhichStaysAsItWas() async throws {
        let workbook = try Self.workbook(moreEntries: 40)
        let options = Self.options(workbook)
        let count = try await Builder.build(options).cache.paths.count
        let base = try Self.file(workbook, DecodeCache.fileName)
        #expect(!workbook.exists(DecodeCache.changesFileName))

        // One changed entry, then a second: each build keeps every record not in the file.
        for (number, day) in [1, 2].enumerated() {
            try workbook.write(Self.extra(day), "---\nmood: 9\n---\nA better day.\n")
            try IncrementalBuildTests.makeOld(workbook)
            let report = try await Builder.build(options)
            #expect(report.entriesReused == count - 1)
            #expect(try Self.file(workbook, DecodeCache.fileName) == base, "the cache file is left as it was")
            let read = await DecodeCache.read(workbook: workbook.root)
            Self.expectSame(read, report.cache)
            #expect(read.entries.values.count { !$0.inBase } == number + 1)
            #expect(read.entries[Self.extra(day)]?.entry?.mood == 9)
            #expect(try await Builder.build(options).entriesReused == count, "nothing is decoded again")
        }

        // A file removed is gone from the list kept beside.
        try FileManager.default.removeItem(at: workbook.url(Self.extra(3)))
        let removed = try await Builder.build(options)
        #expect(removed.entriesReused == count - 1)
        #expect(try Self.file(workbook, DecodeCache.fileName) == base)
        Self.expectSame(await DecodeCache.read(workbook: workbook.root), removed.cache)

        // Past an eighth of the records, the cache file is made anew and nothing kept beside it.
        for day in 4...12 { try workbook.write(Self.extra(day), "---\nmood: 2\n---\nA harder day.\n") }
        try IncrementalBuildTests.makeOld(workbook)
        let many = try await Builder.build(options)
        #expect(try Self.file(workbook, DecodeCache.fileName) != base)
        #expect(!workbook.exists(DecodeCache.changesFileName))
        let read = await DecodeCache.read(workbook: workbook.root)
        Self.expectSame(read, many.cache)
        #expect(read.entries.values.allSatisfy { $0.inBase })
    }

    /// Changes kept beside one cache file, put back beside a newer one, are not taken for its.
    @Test func changesKeptBesideAnotherFileAreNotUsed() async throws {
        let (workbook, options, count) = try await Self.oneEntryChangedSinceTheFile()
        let stale = try Self.file(workbook, DecodeCache.changesFileName)
        for day in 1...10 { try workbook.write(Self.extra(day), "---\nmood: 3\n---\nAnother day.\n") }
        try IncrementalBuildTests.makeOld(workbook)
        _ = try await Builder.build(options)
        #expect(!workbook.exists(DecodeCache.changesFileName))
        try Data(stale).write(to: workbook.url(DecodeCache.changesFileName))
        let read = await DecodeCache.read(workbook: workbook.root)
        #expect(read.entries[Self.extra(1)]?.entry?.mood == 3)
        #expect(try await Builder.build(options).entriesReused == count)
    }

    @Test(arguments: Damage.allCases)
    func damagedChangesAreIgnoredWholeAndReplaced(_ damage: Damage) async throws {
        let (workbook, options, count) = try await Self.oneEntryChangedSinceTheFile()
        let good = try Self.file(workbook, DecodeCache.changesFileName)
        try Data(damage.apply(to: good)).write(to: workbook.url(DecodeCache.changesFileName))
        // Only the cache file is believed: its record of the changed entry no longer holds.
        let read = await DecodeCache.read(workbook: workbook.root)
        #expect(read.entries.count == count && read.entries.values.allSatisfy { $0.inBase })
        let report = try await Builder.build(options)
        #expect(report.succeeded && report.entriesReused == count - 1)
        let again = await DecodeCache.read(workbook: workbook.root)
        Self.expectSame(again, report.cache)
        #expect(again.entries[Self.extra(1)]?.inBase == false, "written anew")
        try await Self.expectTheSiteOfAFreshBuild(options, workbook)
    }

    @Test func aLinkInPlaceOfTheChangesIsNeitherReadNorWrittenThrough() async throws {
        let (workbook, options, count) = try await Self.oneEntryChangedSinceTheFile()
        let outside = try TemporaryFolder()
        try FileManager.default.moveItem(at: workbook.url(DecodeCache.changesFileName), to: outside.url("changes"))
        let before = try Data(contentsOf: outside.url("changes"))
        try FileManager.default.createSymbolicLink(atPath: workbook.url(DecodeCache.changesFileName).path, withDestinationPath: outside.url("changes").path)
        let report = try await Builder.build(options)
        #expect(report.succeeded && report.entriesReused == count - 1)
        #expect(try Data(contentsOf: outside.url("changes")) == before)
        #expect(FileSystem.kind(of: workbook.url(DecodeCache.changesFileName).path) == .file, "the link was replaced by the workbook's own file")
    }

    /// What a damaged file can look like: empty, cut short, a byte changed inside a text, junk.
    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        case empty, cutShort, oneByteChanged, lastByteChanged, junk, onlyTheHeading

        var testDescription: String { rawValue }

        func apply(to bytes: [UInt8]) -> [UInt8] {
            var bytes = bytes
            switch self {
            case .empty: return []
            case .cutShort: return Array(bytes.prefix(bytes.count / 2))
            case .oneByteChanged:
                // Inside the text of an entry, where a changed letter would still read as text.
                let index = bytes.count * 2 / 3
                bytes[index] = bytes[index] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
                return bytes
            case .lastByteChanged:
                bytes[bytes.count - 1] ^= 1
                return bytes
            case .junk:
                var random = SeededRandom(seed: 3)
                return (0..<bytes.count).map { _ in UInt8.random(in: 0...255, using: &random) }
            case .onlyTheHeading: return Array("Rebound decoded entries\n".utf8)
            }
        }
    }

    @Test(arguments: Damage.allCases)
    func aDamagedFileIsIgnoredWholeAndReplaced(_ damage: Damage) async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try IncrementalBuildTests.makeOld(workbook)
        let options = Self.options(workbook)
        _ = try await Builder.build(options)
        let good = Array(try Data(contentsOf: workbook.url(DecodeCache.fileName)))
        try Data(damage.apply(to: good)).write(to: workbook.url(DecodeCache.fileName))
        #expect(await DecodeCache.read(workbook: workbook.root).entries.isEmpty)
        let report = try await Builder.build(options)
        #expect(report.succeeded && report.entriesReused == 0)
        #expect(Array(try Data(contentsOf: workbook.url(DecodeCache.fileName))).count == good.count, "written anew")
        #expect(try await Builder.build(options).entriesReused == report.cache.paths.count)
    }

    @Test func aFileMadeByAnotherProgramOrWithOtherSettingsIsNotUsed() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try IncrementalBuildTests.makeOld(workbook)
        let loaded = try await WorkbookLoader(root: workbook.root, today: .fixedToday).load()
        #expect(loaded.cache.write(workbook: workbook.root, program: 1))
        #expect(await DecodeCache.read(workbook: workbook.root, program: 2).entries.isEmpty)
        #expect(await DecodeCache.read(workbook: workbook.root, program: nil).entries.isEmpty)
        #expect(!loaded.cache.write(workbook: workbook.root, program: nil), "nothing is kept without knowing the program")

        var options = Self.options(workbook)
        _ = try await Builder.build(options)
        options.includeDrafts = true
        #expect(try await Builder.build(options).entriesReused == 0, "drafts kept or not are other settings")
        options.today = CalendarDay(year: 2026, month: 12, day: 1)!
        #expect(try await Builder.build(options).entriesReused == 0, "another day decodes again: warnings depend on it")
    }

    @Test func aLinkInPlaceOfTheFileIsNeitherReadNorWrittenThrough() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try IncrementalBuildTests.makeOld(workbook)
        let options = Self.options(workbook)
        _ = try await Builder.build(options)
        // A good cache elsewhere, linked to: reading through the link would be trusting a file
        // that is not the workbook's, and writing would change the file it leads to.
        let outside = try TemporaryFolder()
        try FileManager.default.moveItem(at: workbook.url(DecodeCache.fileName), to: outside.url("cache"))
        let before = try Data(contentsOf: outside.url("cache"))
        try FileManager.default.createSymbolicLink(atPath: workbook.url(DecodeCache.fileName).path, withDestinationPath: outside.url("cache").path)
        let report = try await Builder.build(options)
        #expect(report.succeeded && report.entriesReused == 0)
        #expect(try Data(contentsOf: outside.url("cache")) == before)
        #expect(FileSystem.kind(of: workbook.url(DecodeCache.fileName).path) == .file, "the link was replaced by the workbook's own file")
    }

    @Test func aFileThatCannotBeWrittenLeavesTheBuildAsItWas() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let options = Self.options(workbook)
        // A folder where the new file would be written first.
        let temporary = workbook.url(DecodeCache.fileName + ".\(ProcessInfo.processInfo.processIdentifier).tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false)
        let report = try await Builder.build(options)
        #expect(report.succeeded && report.diagnostics.allSatisfy { !$0.message.contains("cache") })
        #expect(!workbook.exists(DecodeCache.fileName))
        #expect(FileSystem.kind(of: temporary.path) == .directory, "what was there is left alone")
    }

    /// A run that ends while writing the file leaves its temporary file behind; the next run that
    /// writes the file removes it, but not one of a process still running, nor anything but a file.
    @Test func aTemporaryFileOfAProcessThatIsGoneIsRemoved() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        // Above the largest process id Linux gives.
        let gone = DecodeCache.fileName + ".2147483647.tmp", living = DecodeCache.fileName + ".1.tmp"
        let goneChanges = DecodeCache.changesFileName + ".2147483647.tmp"
        let folder = DecodeCache.fileName + ".2147483646.tmp", other = DecodeCache.fileName + ".old.tmp"
        for name in [gone, goneChanges, living, other] { try workbook.write(name, "left behind") }
        try FileManager.default.createDirectory(at: workbook.url(folder), withIntermediateDirectories: false)
        #expect(try await Builder.build(Self.options(workbook)).succeeded)
        #expect(workbook.exists(DecodeCache.fileName))
        #expect(!workbook.exists(gone) && !workbook.exists(goneChanges))
        #expect(workbook.exists(living), "process 1 is running")
        #expect(workbook.exists(folder) && workbook.exists(other), "not a file of the cache's, or not named for a process")
    }

    @Test func withoutTheSettingNoFileIsReadOrWritten() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        var options = Self.options(workbook)
        options.usesCacheFile = false
        #expect(try await Builder.build(options).succeeded)
        #expect(!workbook.exists(DecodeCache.fileName))
    }

    /// A workbook of 44 entries built, one entry changed, and built again: the change is kept
    /// beside the cache file. With the options of its builds and how many entry files it has.
    private static func oneEntryChangedSinceTheFile() async throws -> (TemporaryWorkbook, BuildOptions, count: Int) {
        let workbook = try workbook(moreEntries: 40)
        let options = options(workbook)
        let count = try await Builder.build(options).cache.paths.count
        try workbook.write(extra(1), "---\nmood: 9\n---\nA better day.\n")
        try IncrementalBuildTests.makeOld(workbook)
        _ = try await Builder.build(options)
        #expect(workbook.exists(DecodeCache.changesFileName))
        return (workbook, options, count)
    }

    /// Whether the site the builds with `options` left is, to the byte, the site of a fresh build,
    /// whose pieces are all made anew: pages and the record of where their pieces are.
    private static func expectTheSiteOfAFreshBuild(_ options: BuildOptions, _ workbook: TemporaryWorkbook,
                                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var fresh = options
        fresh.output = workbook.url("fresh")
        #expect(try await Builder.build(fresh).succeeded, sourceLocation: sourceLocation)
        let differences = GoldenTree.differences(output: try FolderTree(readingSite: options.output!), baseline: try FolderTree(readingSite: fresh.output!))
        #expect(differences.isEmpty, "\(differences)", sourceLocation: sourceLocation)
    }

    /// The fixture "basic" with `count` more entries, all old enough to be taken from the cache.
    private static func workbook(moreEntries count: Int) throws -> TemporaryWorkbook {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        for day in stride(from: 1, through: count, by: 1) { try workbook.write(extra(day), "---\nmood: 5\n---\nAn ordinary day.\n") }
        try IncrementalBuildTests.makeOld(workbook)
        return workbook
    }

    /// The path of the entry `workbook(moreEntries:)` writes for `day`.
    private static func extra(_ day: Int) -> String {
        "content/entries/2026-0\(1 + (day - 1) / 18)-\(10 + (day - 1) % 18)-extra.md"
    }

    private static func file(_ workbook: TemporaryWorkbook, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: workbook.url(name)))
    }

    /// Whether `read` holds what `cache` does: the settings, the files listed and their records.
    private static func expectSame(_ read: DecodeCache, _ cache: DecodeCache, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(read.settings == cache.settings, sourceLocation: sourceLocation)
        #expect(read.loadedAt == cache.loadedAt, sourceLocation: sourceLocation)
        #expect(read.paths == cache.paths, sourceLocation: sourceLocation)
        for path in cache.paths {
            let (back, decoded) = (read.entries[path], cache.entries[path])
            #expect(back?.stamp == decoded?.stamp && back?.entry == decoded?.entry && back?.diagnostics == decoded?.diagnostics, "\(path)", sourceLocation: sourceLocation)
        }
    }

    private static func options(_ workbook: TemporaryWorkbook) -> BuildOptions {
        var options = BuildOptions(workbook: workbook.root, output: workbook.url("site"))
        options.today = .fixedToday
        options.usesCacheFile = true
        return options
    }
}
