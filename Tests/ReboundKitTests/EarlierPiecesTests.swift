import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// The pieces of the largest pages a one-off build records, and a later one copies from the
/// site where it would make the same; anything else about them is ignored, never believed.
@Suite struct EarlierPiecesTests {
    /// A render of the fixture that records where its pieces are, with its files.
    private static func render(_ workbook: TemporaryWorkbook, pages: [String: EarlierPieces.Page] = [:]) async throws -> (files: [String: [UInt8]], placed: [String: [EarlierPieces.Piece]]) {
        let book = try #require(try await workbook.load().workbook)
        var renderer = SiteRenderer(workbook: book, insights: Insights.compute(book, today: .fixedToday), theme: try Theme.builtIn(), options: SiteOptions(today: .fixedToday))
        renderer.recordsPieces = true
        renderer.earlierPages = pages
        let (receipts, cache) = await renderer.render(into: MemorySink())
        let files = Dictionary(uniqueKeysWithValues: receipts.flatMap { $0 }.map { ($0.path, $0.bytes) })
        return (files, try #require(cache).placed)
    }

    @Test(arguments: [Routes.print, Routes.learned, Routes.searchIndex(year: 2026)])
    func aPieceIsCopiedFromTheEarlierFileWhenItsBytesAreTheOnesRecorded(route: String) async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let first = try await Self.render(workbook)
        let pieces = try #require(first.placed[route])
        #expect(!pieces.isEmpty)
        let made = try #require(first.files[route])
        // The earlier file as if its first piece had been made otherwise: the same length, one
        // byte changed, and recorded so.
        let piece = pieces[0]
        var earlier = made
        earlier[piece.offset] = earlier[piece.offset] == UInt8(ascii: "#") ? UInt8(ascii: "%") : UInt8(ascii: "#")
        let folder = try TemporaryFolder()
        try Data(earlier).write(to: folder.url("page"))
        var recorded = pieces
        recorded[0].hash = Manifest.hash(earlier[piece.offset..<piece.offset + piece.length])
        let copied = try await Self.render(workbook, pages: [route: EarlierPieces.Page(path: folder.url("page").path, pieces: recorded)])
        let copiedAll = copied.files[route] == earlier
        #expect(copiedAll, "every piece copied from the earlier file, the changed one too")
        #expect(copied.placed[route] == recorded, "and recorded where they are again")

        // Bytes that are not the ones recorded are never copied: the piece is made again.
        let mismatched = try await Self.render(workbook, pages: [route: EarlierPieces.Page(path: folder.url("page").path, pieces: pieces)])
        let madeAgain = mismatched.files[route] == made
        #expect(madeAgain, "bytes not the recorded ones")
        let missing = try await Self.render(workbook, pages: [route: EarlierPieces.Page(path: folder.url("gone").path, pieces: recorded)])
        let madeWithoutFile = missing.files[route] == made
        #expect(madeWithoutFile, "no earlier file")
    }

    /// The progress part of the printed workbook, drawn from every entry, is a piece of its own:
    /// a later run whose change leaves the moods and the weeks as they were copies it.
    @Test func theProgressPartOfThePrintedWorkbookIsAPiece() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let first = try await Self.render(workbook)
        let made = try #require(first.files[Routes.print])
        let progress = try #require(first.placed[Routes.print]?.first { piece in
            String(decoding: made[piece.offset..<piece.offset + piece.length], as: UTF8.self).contains(#"id="progress-mood""#)
        })
        #expect(String(decoding: made[progress.offset...].prefix(200), as: UTF8.self).contains(#"class="book-part progress-part""#))
    }

    /// A page that holds each piece twice, the second time in another order (a lesson under
    /// its tag, then under its month): asked for in the order of the file, every piece is read
    /// from the place after the one before, so the file is read about once, not a window per piece.
    @Test func aPieceHeldTwiceIsTakenFromThePlaceAfterTheOneBefore() throws {
        let count = 100, length = 1000
        let contents = (0..<count).map { piece in (0..<length).map { UInt8(truncatingIfNeeded: piece &* 31 &+ $0 % 251) } }
        let secondOrder = (0..<count).map { ($0 * 37) % count }
        var file: [UInt8] = []
        var recorded: [EarlierPieces.Piece] = []
        for piece in Array(0..<count) + secondOrder {
            recorded.append(.init(digest: 1000 + piece, offset: file.count, length: length, hash: Manifest.hash(contents[piece])))
            file += contents[piece]
        }
        let folder = try TemporaryFolder()
        try Data(file).write(to: folder.url("page"))

        let page = EarlierPieces.Page(path: folder.url("page").path, pieces: recorded)
        for piece in recorded {
            let found = try #require(page.bytes(for: piece.digest))
            #expect(Array(found.bytes) == Array(file[piece.offset..<piece.offset + length]))
        }
        #expect(page.bytesRead <= file.count + EarlierPieces.Page.windowSize, "read \(page.bytesRead) bytes of a \(file.count)-byte file")

        // Asked for out of the file's order, or for a digest it does not hold, a page still finds
        // every piece it holds.
        let shuffled = EarlierPieces.Page(path: folder.url("page").path, pieces: recorded)
        for piece in recorded.reversed() {
            #expect(shuffled.bytes(for: piece.digest).map { Array($0.bytes) } == contents[piece.digest - 1000])
        }
        #expect(shuffled.bytes(for: 7) == nil)
        #expect(shuffled.bytes(for: 1000).map { Array($0.bytes) } == contents[0])
    }

    /// A render that changed a few pieces asks for the others in the file's order and for its
    /// new ones, which the file does not hold: it gets every piece the file holds, without
    /// indexing them all. One that asks for many pieces the file does not hold gets them indexed.
    @Test func aFewChangedPiecesAreLookedForWithoutIndexingTheRest() throws {
        let count = 500
        let recorded = (0..<count).map { EarlierPieces.Piece(digest: 10 * $0, offset: $0, length: 1, hash: 0) }
        let folder = try TemporaryFolder()
        try Data((0..<count).map { UInt8(truncatingIfNeeded: $0) }).write(to: folder.url("page"))
        let written = try #require(DecodeCache.Stamp(path: folder.url("page").path))

        let page = EarlierPieces.Page(path: folder.url("page").path, pieces: recorded, written: written)
        for piece in recorded {
            if piece.digest % 700 == 0 { #expect(page.bytes(for: piece.digest + 1) == nil, "a changed piece") }
            #expect(page.bytes(for: piece.digest).map { Array($0.bytes) } == [UInt8(truncatingIfNeeded: piece.offset)])
        }
        #expect(page.bytes(for: 0).map { Array($0.bytes) } == [0], "past the last, the first of all")
        #expect(!page.isIndexed)

        let remade = EarlierPieces.Page(path: folder.url("page").path, pieces: recorded, written: written)
        for digest in (1..<100).map({ $0 * 10 + 1 }) { #expect(remade.bytes(for: digest) == nil) }
        #expect(remade.isIndexed)
        #expect(remade.bytes(for: 4_990).map { Array($0.bytes) } == [UInt8(truncatingIfNeeded: 499)])
    }

    /// A file that is still the one written, as its size, inode and times tell, gives its
    /// pieces without hashing them again; once changed, even to the same size and times, each
    /// piece is checked against its hash.
    @Test func aFileStillAsWrittenGivesItsPiecesUnhashed() throws {
        let folder = try TemporaryFolder()
        let path = folder.url("page").path
        try Data("first second".utf8).write(to: folder.url("page"))
        let written = try #require(DecodeCache.Stamp(path: path))
        // Recorded with a hash the bytes do not have: only a piece taken unhashed comes back.
        let pieces = [EarlierPieces.Piece(digest: 1, offset: 6, length: 6, hash: 0)]
        let unchanged = EarlierPieces.Page(path: path, pieces: pieces, written: written)
        #expect(unchanged.bytes(for: 1).map { Array($0.bytes) } == Array("second".utf8))

        try Data("first SECOND".utf8).write(to: folder.url("page"))
        // The same size and modification time again, as a program that covers its tracks leaves it.
        let modified = timespec(tv_sec: Int(written.modified), tv_nsec: written.modifiedNanoseconds)
        var times = [modified, modified]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let changedPage = EarlierPieces.Page(path: path, pieces: pieces, written: written)
        #expect(changedPage.bytes(for: 1) == nil, "its change time moved, so the piece was hashed, and its hash is not the one recorded")
        let unrecorded = EarlierPieces.Page(path: path, pieces: pieces)
        #expect(unrecorded.bytes(for: 1) == nil, "nothing recorded of the file: every piece is hashed")
    }

    /// An entry's outline a later run keeps gives back what reading its body gives; one made
    /// from other bytes, or that does not fit the body (a cut past its end or out of order), is
    /// not taken.
    @Test func anOutlineGivesWhatReadingTheBodyGives() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "print-workbook")
        let book = try #require(try await workbook.load().workbook)
        let renderer = SiteRenderer(workbook: book, insights: Insights.compute(book, today: .fixedToday), theme: try Theme.builtIn(), options: SiteOptions(today: .fixedToday))
        var lifted = 0
        for entry in book.entries {
            let read = renderer.printBody(entry, keys: renderer.printSectionKeys)
            lifted += read.cut.ranges.count
            let kept = try #require(renderer.printBody(entry, outline: read.outline))
            #expect(kept.outline == read.outline && kept.sheetID == read.sheetID && kept.headingIDs == read.headingIDs)
            #expect(kept.withHTML(of: entry) { Array($0) } == read.withHTML(of: entry) { Array($0) })
            let length = entry.body.html.utf8.count
            let outOfOrder = read.cut.ranges.isEmpty ? [] : read.cut.ranges + [0..<0]
            var other = read.outline
            other.body ^= 1
            #expect(renderer.printBody(entry, outline: other) == nil, "\(entry.slug): made from another body")
            for ranges in [[0..<(length + 1)], [(length + 1)..<(length + 1)], outOfOrder] where ranges != read.cut.ranges {
                var bad = read.outline
                bad.ranges = ranges
                #expect(renderer.printBody(entry, outline: bad) == nil, "\(entry.slug): \(ranges)")
            }
        }
        #expect(lifted > 0, "the fixture lifts sections out of its bodies")
    }

    @Test func theRecordReadsBackAndIsIgnoredWhenDamagedOrMadeOtherwise() throws {
        let folder = try TemporaryFolder()
        let outlines: [Int: EarlierPieces.Outline] = [
            -7: .init(ranges: [3..<9, 12..<40], removed: ["what-i-learned": "learned", "é": "next"], place: .min, targetLinks: ["entries/a.html", ""], body: .max),
            8: .init(ranges: [], removed: [:], place: 0, targetLinks: [], body: 0),
        ]
        var pieces = EarlierPieces(prefix: 7, outlines: outlines)
        let written = DecodeCache.Stamp(size: 7, inode: 12345, modified: 1_780_000_000, modifiedNanoseconds: 5, changed: 1_780_000_001, changedNanoseconds: 999_999_999)
        pieces.add("print.html", hash: 11, written: written, pieces: [.init(digest: -3, offset: 0, length: 5, hash: 1), .init(digest: 9, offset: 5, length: 2, hash: .max)])
        pieces.add("learned.html", hash: 12, pieces: [])
        #expect(pieces.write(folder: folder.url.path))
        let read = try #require(EarlierPieces.read(folder: folder.url.path, prefix: 7))
        #expect(read.bytes == pieces.bytes)
        // Its largest parts made before a page is stamped, as a build makes them while moving the pages in.
        let other = try TemporaryFolder()
        var unstamped = pieces
        unstamped.stamp("print.html", nil)
        let parts = unstamped.parts
        unstamped.stamp("print.html", written)
        #expect(unstamped.write(folder: other.url.path, parts: parts))
        #expect(try Data(contentsOf: other.url(EarlierPieces.fileName)) == Data(contentsOf: folder.url(EarlierPieces.fileName)))
        #expect(read.pages["print.html"]?.written == written)
        #expect(read.outlines == outlines)
        #expect(Set(read.routes) == ["print.html", "learned.html"])
        #expect(EarlierPieces.read(folder: folder.url.path, prefix: 8) == nil, "made for other settings or by another program")

        let manifest = Manifest(paths: ["print.html", "learned.html"], records: [.init(hash: 11, size: 7), .init(hash: 99, size: 1)])
        #expect(read.page("print.html", in: folder.url.path, manifest: manifest) != nil)
        #expect(read.page("learned.html", in: folder.url.path, manifest: manifest) == nil, "the file changed since")
        #expect(read.page("print.html", in: folder.url.path, manifest: nil) == nil, "a new site has no earlier files")

        let good = Array(try Data(contentsOf: folder.url(EarlierPieces.fileName)))
        for damaged in [Array(good.dropLast()), Array(good.prefix(20)), [], good.map { $0 ^ 0x20 }, good + [0]] {
            try Data(damaged).write(to: folder.url(EarlierPieces.fileName))
            #expect(EarlierPieces.read(folder: folder.url.path, prefix: 7) == nil)
        }
        var flipped = good
        flipped[good.count / 2] ^= 1
        try Data(flipped).write(to: folder.url(EarlierPieces.fileName))
        #expect(EarlierPieces.read(folder: folder.url.path, prefix: 7) == nil, "one byte changed anywhere")
        try FileManager.default.removeItem(at: folder.url(EarlierPieces.fileName))
        try Data(good).write(to: folder.url("elsewhere"))
        try FileManager.default.createSymbolicLink(atPath: folder.url(EarlierPieces.fileName).path, withDestinationPath: folder.url("elsewhere").path)
        #expect(EarlierPieces.read(folder: folder.url.path, prefix: 7) == nil, "a link is not followed")
    }

    /// A piece is kept as four numbers of eight bytes; one that would lie before the start of a
    /// file, or end past the largest offset, makes the record damaged however well sealed.
    @Test(arguments: [(Int.max - 5, 5, true), (0, 0, true), (-1, 5, false), (0, -1, false), (Int.max, 1, false), (Int.min, 0, false)])
    func aPieceReadsBackWholeUnlessItLiesOutsideAnyFile(offset: Int, length: Int, readable: Bool) throws {
        let folder = try TemporaryFolder()
        let recorded: [EarlierPieces.Piece] = [.init(digest: .min, offset: offset, length: length, hash: .max), .init(digest: .max, offset: 3, length: 4, hash: 0)]
        var pieces = EarlierPieces(prefix: 7)
        pieces.add("print.html", hash: 11, pieces: recorded)
        #expect(pieces.write(folder: folder.url.path))
        let read = EarlierPieces.read(folder: folder.url.path, prefix: 7)
        #expect(read?.pages["print.html"]?.pieces == (readable ? recorded : nil))
    }

    @Test func aBuildKeepsTheRecordBesideTheSiteAndADamagedOneChangesNothing() async throws {
        let (workbook, built) = try await PageSourceTests.built(recordingPieces: true)
        var options = built
        let record = workbook.url("site/" + EarlierPieces.fileName)
        let before = try FolderTree(reading: workbook.url("site"))
        #expect(before.files[EarlierPieces.fileName] != nil)
        // With the outline of every printed entry's body, by its file and text.
        let book = try #require(try await workbook.load().workbook)
        let kept = try #require(EarlierPieces.read(folder: workbook.url("site").path, prefix: nil))
        #expect(Set(kept.outlines.keys) == Set(book.entries.map(\.sourceDigest)))
        // A rebuild leaves it (it is not one of the site's pages, nor a stray) and writes it the same.
        #expect(try await Builder.build(options).succeeded)
        #expect(try FolderTree(reading: workbook.url("site")) == before)
        try Data("junk".utf8).write(to: record)
        #expect(try await Builder.build(options).succeeded)
        let after = try FolderTree(reading: workbook.url("site"))
        #expect(after.files.filter { $0.key != EarlierPieces.fileName } == before.files.filter { $0.key != EarlierPieces.fileName }, "ignored")
        // Written anew with the same pieces; a page the build did not put in place has no times
        // recorded, as the build cannot tell it is still the one written.
        let anew = try #require(EarlierPieces.read(folder: workbook.url("site").path, prefix: nil))
        #expect(anew.outlines.keys.sorted() == kept.outlines.keys.sorted())
        #expect(Set(anew.routes) == Set(kept.routes))
        for route in kept.routes { #expect(anew.pages[route]?.pieces == kept.pages[route]?.pieces, "\(route)") }
        #expect(kept.pages[Routes.print]?.written != nil && anew.pages[Routes.print]?.written == nil)

        options.usesCacheFile = false
        try IncrementalBuildTests.Change.body.apply(to: workbook)
        #expect(try await Builder.build(options).succeeded)
        try IncrementalBuildTests.Change.frontMatter.apply(to: workbook)
        options.usesCacheFile = true
        #expect(try await Builder.build(options).succeeded, "a record older than the site's files")
        var fresh = options
        fresh.output = workbook.url("fresh")
        #expect(try await Builder.build(fresh).succeeded)
        let differences = GoldenTree.differences(output: try FolderTree(readingSite: workbook.url("site")), baseline: try FolderTree(readingSite: workbook.url("fresh")))
        #expect(differences.isEmpty, "\(differences)")
    }

    /// A rebuild that puts no page in place finds every piece where the record says, so the
    /// record is left as it is; one that changes a page writes it anew.
    @Test func anUnchangedBuildLeavesTheRecordAsItIs() async throws {
        let (workbook, options) = try await PageSourceTests.built(recordingPieces: true)
        let record = workbook.url("site/" + EarlierPieces.fileName).path
        let written = try #require(DecodeCache.Stamp(path: record))
        // Nor is any page written aside to be found the same: the site's folder keeps its times.
        let folder = try FileManager.default.attributesOfItem(atPath: workbook.url("site").path)[.modificationDate] as? Date
        let report = try await Builder.build(options)
        #expect(report.succeeded && report.files.written == 0)
        #expect(DecodeCache.Stamp(path: record) == written)
        #expect(try FileManager.default.attributesOfItem(atPath: workbook.url("site").path)[.modificationDate] as? Date == folder)
        try IncrementalBuildTests.Change.body.apply(to: workbook)
        #expect(try await Builder.build(options).succeeded)
        let anew = try #require(DecodeCache.Stamp(path: record))
        #expect(anew != written)
        #expect(EarlierPieces.read(folder: workbook.url("site").path, prefix: nil)?.pages[Routes.print]?.written != nil)
    }

    /// Digests a later run compares must not change from one run to the next: these were
    /// worked out once and must come out the same in every run and on every machine.
    @Test func stableDigestsAreTheSameInEveryRun() {
        var hasher = StableHasher()
        hasher.combine(utf8: "entries/2026-10-01-the-first-no.md")
        hasher.combine(42)
        hasher.combine(true)
        hasher.combine(CalendarDay(year: 2026, month: 10, day: 1)!)
        #expect(hasher.finalize() == Self.pinned)
        #expect(StableHasher.hash(utf8: "") != StableHasher.hash(utf8: "\0"))
        #expect(StableHasher.hash(utf8: "abcdefgh") != StableHasher.hash(utf8: "abcdefg"))
        var one = StableHasher(), two = StableHasher()
        one.combine(utf8: "ab"); one.combine(utf8: "c")
        two.combine(utf8: "a"); two.combine(utf8: "bc")
        #expect(one.finalize() != two.finalize())
    }

    private static let pinned = 8_776_257_434_524_611_901
}

extension FolderTree {
    /// The site in `folder` as `init(reading:)` reads it, but with its record of pieces written
    /// again without what it says of the files' sizes, inodes and times, which differ between
    /// two folders made alike.
    init(readingSite folder: URL) throws {
        try self.init(reading: folder)
        guard let record = EarlierPieces.read(folder: folder.path, prefix: nil) else { return }
        var plain = EarlierPieces(prefix: record.prefix, outlines: record.outlines)
        for (route, page) in record.pages { plain.add(route, hash: page.hash, pieces: page.pieces) }
        files[EarlierPieces.fileName] = plain.bytes
    }
}

