import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

private let entry = ["content/entries/2026-11-02-walk.md": "---\nmood: 6\n---\nA walk.\n"]

/// The inode of the file at `path`, never through a link.
private func inode(_ path: String) -> UInt64? {
    var info = stat()
    return lstat(path, &info) == 0 ? UInt64(info.st_ino) : nil
}

/// Whether the file at `path` holds exactly `bytes` (compared apart from `#expect`, which would
/// print megabytes of both on a failure).
private func holds(_ path: String, _ bytes: [UInt8]) -> Bool {
    FileManager.default.contents(atPath: path).map(Array.init) == bytes
}

/// The message of the setup error `body` throws, or nil when it throws none.
private func setupError(_ body: () throws -> Void) -> String? {
    do { try body() } catch let error as SetupError { return error.message } catch { return "\(error)" }
    return nil
}

@Suite struct OutputWriterTests {
    @Test(arguments: ["content", "content/site", "content/entries", "Templates", "Templates/out"])
    func refusesAFolderInsideTheWritingOrTheTheme(relative: String) throws {
        let workbook = try TemporaryWorkbook(entry.merging(["Templates/tag.mustache": "{{title}}"]) { $1 })
        let before = try FolderTree(reading: workbook.root)
        let writer = OutputWriter(output: workbook.url(relative), workbookRoot: workbook.root)
        let message = try #require(setupError { try writer.write([OutputFile(path: "index.html", text: "x")], assets: []) })
        #expect(message.contains("is inside \(relative.hasPrefix("content") ? "content/" : "Templates/"); choose a folder outside it with --output"))
        #expect(try FolderTree(reading: workbook.root) == before)
    }

    @Test func aLargePageReplacedKeepsItsEarlierBytesUntilAskedToFreeThem() throws {
        let workbook = try TemporaryWorkbook(entry)
        let site = workbook.url("site")
        let large = [UInt8](repeating: 0x61, count: 2 << 20)
        var writer = OutputWriter(output: site, workbookRoot: workbook.root)
        try writer.write([OutputFile(path: "print.html", bytes: large), OutputFile(path: "index.html", text: "one")], assets: [])
        writer.keepsReplaced = true
        let summary = try writer.write([OutputFile(path: "print.html", bytes: large + [0x62]), OutputFile(path: "index.html", text: "two")], assets: [])
        let kept = site.appending(path: ".print.html.rebound-old").path
        #expect(summary.replaced == [kept], "a small page is not kept")
        #expect(holds(kept, large))
        #expect(FileManager.default.contents(atPath: site.appending(path: "print.html").path)?.count == large.count + 1)
        OutputWriter.removeReplaced(summary)
        #expect(!FileManager.default.fileExists(atPath: kept))

        // Kept bytes left behind (the process ended first) go with the next build, as any stray file does.
        let again = try writer.write([OutputFile(path: "print.html", bytes: large), OutputFile(path: "index.html", text: "two")], assets: [])
        writer.keepsReplaced = false
        let last = try writer.write([OutputFile(path: "print.html", bytes: large), OutputFile(path: "index.html", text: "three")], assets: [])
        #expect(again.replaced == [kept] && last.replaced.isEmpty)
        #expect(last.removed == 1)
        #expect(try FolderTree(reading: site).paths.sorted() == [".rebound-site", "index.html", "print.html"])
    }

    @Test func theNextWriteOfALargePageWritesOverTheEarlierBytesKeptAndCutsThemToItsLength() throws {
        let workbook = try TemporaryWorkbook(entry)
        let site = workbook.url("site")
        let (page, kept) = (site.appending(path: "print.html").path, site.appending(path: ".print.html.rebound-old").path)
        var writer = OutputWriter(output: site, workbookRoot: workbook.root)
        writer.keepsReplaced = true
        let versions = [3, 2, 4, 1].map { [UInt8](repeating: UInt8(0x60 + $0), count: $0 << 20) }
        try writer.write([OutputFile(path: "print.html", bytes: versions[0])], assets: [])
        try writer.write([OutputFile(path: "print.html", bytes: versions[1])], assets: [])
        let first = try #require(inode(kept))

        // Written whole, then streamed in pieces: both take the kept file.
        try writer.write([OutputFile(path: "print.html", bytes: versions[2])], assets: [])
        #expect(inode(page) == first, "the earlier bytes were written over")
        #expect(holds(page, versions[2]))
        #expect(holds(kept, versions[1]))
        let second = try #require(inode(kept))
        let session = try writer.begin()
        let batch = session.stream("print.html") { emit in
            for start in stride(from: 0, to: versions[3].count, by: 300_000) { emit(Array(versions[3][start..<min(start + 300_000, versions[3].count)])) }
        }
        let summary = try session.finish([batch])
        #expect(inode(page) == second)
        #expect(holds(page, versions[3]), "cut to the new length")
        #expect(summary.replaced == [kept] && inode(kept) == first)
        OutputWriter.removeReplaced(summary)
        #expect(try FolderTree(reading: site).paths.sorted() == [".rebound-site", "print.html"])
    }

    @Test(.timeLimit(.minutes(1)), arguments: ["open", "mapped", "linked", "symlink", "pipe"])
    func earlierBytesSomeoneCanStillReadAreNeverWrittenOver(_ hold: String) throws {
        let workbook = try TemporaryWorkbook(entry)
        let site = workbook.url("site")
        let (page, kept, other) = (site.appending(path: "print.html").path, site.appending(path: ".print.html.rebound-old").path, workbook.url("elsewhere").path)
        var writer = OutputWriter(output: site, workbookRoot: workbook.root)
        writer.keepsReplaced = true
        let (earlier, before, next) = ([UInt8](repeating: 0x61, count: 2 << 20), [UInt8](repeating: 0x62, count: 2 << 20), [UInt8](repeating: 0x63, count: 1 << 20))
        try writer.write([OutputFile(path: "print.html", bytes: earlier)], assets: [])
        try writer.write([OutputFile(path: "print.html", bytes: before)], assets: [])
        let held = try #require(inode(kept))
        var descriptor: Int32 = -1
        var mapped: UnsafeMutableRawPointer?
        switch hold {
        case "open":
            descriptor = open(kept, O_RDONLY)
        case "mapped":
            let file = open(kept, O_RDONLY)
            mapped = mmap(nil, earlier.count, PROT_READ, MAP_SHARED, file, 0)
            close(file)
        case "linked":
            #expect(link(kept, other) == 0)
        case "pipe":
            // A pipe with no reader would hold up a write that waited for one.
            try FileManager.default.removeItem(atPath: kept)
            #expect(mkfifo(kept, 0o644) == 0)
        default:
            try FileManager.default.moveItem(atPath: kept, toPath: other)
            try FileManager.default.createSymbolicLink(atPath: kept, withDestinationPath: other)
        }
        defer {
            if descriptor >= 0 { close(descriptor) }
            if let mapped { munmap(mapped, earlier.count) }
        }
        try writer.write([OutputFile(path: "print.html", bytes: next)], assets: [])
        #expect(holds(page, next))
        // A pipe's number may be given to the new file once the pipe is removed.
        #expect(hold == "pipe" || inode(page) != held, "a new file was written")
        switch hold {
        case "open":
            var read = [UInt8](repeating: 0, count: earlier.count + 1)
            #expect(pread(descriptor, &read, read.count, 0) == earlier.count)
            let same = Array(read.prefix(earlier.count)) == earlier
            #expect(same, "the reader still has every earlier byte")
        case "mapped":
            let bytes = try #require(mapped.map { UnsafeRawBufferPointer(start: $0, count: earlier.count) })
            let same = Array(bytes) == earlier
            #expect(same, "the mapping still shows every earlier byte")
        case "pipe":
            #expect(holds(kept, before), "the pipe was removed, not written into, and the page replaced is kept in its place")
        default:
            #expect(holds(other, earlier), "the other name's bytes are as they were")
        }
    }

    @Test func refusesTheWorkbookFolderAndItsParents() throws {
        let workbook = try TemporaryWorkbook(entry)
        for folder in [workbook.root, workbook.root.deletingLastPathComponent(), URL(fileURLWithPath: "/")] {
            let message = try #require(setupError { try OutputWriter(output: folder, workbookRoot: workbook.root).validate() })
            #expect(message.contains("holds the workbook's content/; building there would replace your writing"))
        }
        #expect(workbook.exists("content/entries/2026-11-02-walk.md"))
    }

    @Test func refusesAFolderHoldingFilesItDidNotMakeAndDeletesNothing() async throws {
        let workbook = try TemporaryWorkbook(entry)
        try workbook.write("site/thesis.docx", "years of work")
        try workbook.write("site/photos/cat.jpg", "meow")
        let message = try #require(setupError { try OutputWriter(output: workbook.url("site"), workbookRoot: workbook.root).validate() })
        #expect(message.hasSuffix("holds files Rebound did not make (photos, thesis.docx); nothing was changed. Empty it or choose another folder with --output"))
        await #expect(throws: SetupError.self) { try await workbook.build(output: workbook.url("site")) }
        #expect(try workbook.read("site/thesis.docx") == "years of work")
        #expect(try workbook.read("site/photos/cat.jpg") == "meow")
        #expect(!workbook.exists("site/index.html"))
    }

    @Test func refusesAnOutputPathThatIsAFile() async throws {
        let workbook = try TemporaryWorkbook(entry)
        try workbook.write("site", "not a folder")
        await #expect(throws: SetupError.self) { try await workbook.build(output: workbook.url("site")) }
        let message = setupError { try OutputWriter(output: workbook.url("site"), workbookRoot: workbook.root).validate() }
        #expect(message?.contains("is a file, not a folder") == true)
        #expect(try workbook.read("site") == "not a folder")
    }

    @Test func refusesASymbolicLink() throws {
        let workbook = try TemporaryWorkbook(entry)
        let elsewhere = try TemporaryFolder()
        try FileManager.default.createSymbolicLink(at: workbook.url("site"), withDestinationURL: elsewhere.url)
        let message = setupError { try OutputWriter(output: workbook.url("site"), workbookRoot: workbook.root).validate() }
        #expect(message?.contains("is a symbolic link") == true)
    }

    @Test func writesIntoANewOrEmptyFolderAndMarksIt() async throws {
        let workbook = try TemporaryWorkbook(entry)
        try FileManager.default.createDirectory(at: workbook.url("empty"), withIntermediateDirectories: true)
        for folder in ["empty", "new/deeper/site"] {
            let report = try await workbook.build(output: workbook.url(folder))
            #expect(report.output?.path == workbook.url(folder).standardizedFileURL.path)
            #expect(workbook.exists("\(folder)/\(OutputWriter.marker)"))
            #expect(workbook.exists("\(folder)/entries/2026-11-02-walk.html"))
        }
    }

    @Test func replacesAFolderItMadeWithoutLeftovers() async throws {
        let workbook = try TemporaryWorkbook(entry)
        let site = workbook.url("site")
        _ = try await workbook.build(output: site)
        try workbook.write("site/stale.html", "from an old build")
        try FileManager.default.removeItem(at: workbook.url("content/entries/2026-11-02-walk.md"))
        try workbook.write("content/entries/2026-11-03-run.md", "A run.\n")
        let report = try await workbook.build(output: site)
        #expect(report.succeeded)
        #expect(!workbook.exists("site/stale.html"))
        #expect(!workbook.exists("site/entries/2026-11-02-walk.html"))
        #expect(workbook.exists("site/entries/2026-11-03-run.html"))
        let beside = try FileManager.default.contentsOfDirectory(atPath: workbook.root.path).sorted()
        #expect(beside == ["content", "site"])
    }

    @Test func aBuildWithErrorsLeavesThePreviousSiteByteForByte() async throws {
        let workbook = try TemporaryWorkbook(entry)
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let before = try FolderTree(reading: site)
        try workbook.write("content/entries/2026-11-03-run.md", "---\nmood: 12\n---\nA run.\n")
        let report = try await workbook.build(output: site)
        #expect(!report.succeeded)
        #expect(report.output == nil)
        #expect(report.diagnostics.map(\.description) == [
            "content/entries/2026-11-03-run.md:2:7: error: 'mood' must be a whole number from 0 to 10, found \"12\"",
        ])
        #expect(try FolderTree(reading: site) == before)
    }

    /// The output folder's list is read while the workbook loads, but a build that stops at the
    /// workbook's errors makes no folder, and leaves no staging folder beside one that was there.
    @Test func aBuildWithErrorsMakesNoFolderAndLeavesNothingBeside() async throws {
        let workbook = try TemporaryWorkbook(entry.merging(["content/entries/2026-11-03-run.md": "---\nmood: 12\n---\nA run.\n"]) { $1 })
        try FileManager.default.createDirectory(at: workbook.url("empty"), withIntermediateDirectories: false)
        // Every file and folder, empty ones too, hidden ones too.
        func everything() -> [String] {
            (FileManager.default.enumerator(atPath: workbook.root.path)?.allObjects as? [String] ?? []).sorted()
        }
        let before = everything()
        #expect(before.contains("empty"))
        for output in ["new/nested/site", "empty"] {
            let report = try await workbook.build(output: workbook.url(output))
            #expect(!report.succeeded && report.output == nil)
            #expect(everything() == before, "\(output)")
        }
    }

    @Test func writesFilesInNestedFoldersAndCopiesAssets() throws {
        let workbook = try TemporaryWorkbook(["content/assets/photos/walk.txt": "a photo"])
        let output = try TemporaryFolder()
        let writer = OutputWriter(output: output.url("site"), workbookRoot: workbook.root)
        try writer.write([OutputFile(path: "index.html", text: "home"), OutputFile(path: "a/b/c.html", text: "deep")], assets: ["photos/walk.txt"])
        let tree = try FolderTree(reading: output.url("site"))
        #expect(tree.paths == [OutputWriter.marker, "a/b/c.html", "assets/photos/walk.txt", "index.html"])
        #expect(tree.text("a/b/c.html") == "deep")
        #expect(tree.text("assets/photos/walk.txt") == "a photo")
    }

    @Test func theDefaultOutputIsPublicInTheWorkbookOrTheConfiguredFolder() async throws {
        let workbook = try TemporaryWorkbook(entry)
        #expect(try await workbook.build().output?.lastPathComponent == "public")
        try workbook.write("content/workbook.yaml", "output: _site\n")
        #expect(try await workbook.build().output?.lastPathComponent == "_site")
        #expect(workbook.exists("_site/index.html"))
    }
}
