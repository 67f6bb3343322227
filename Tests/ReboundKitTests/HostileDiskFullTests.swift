import Foundation
import Synchronization
import Testing
import ReboundKit
import ReboundTestSupport

/// Counts the files written and fails every one after the first `limit`, as a disk that fills up does.
@available(macOS 15.0, *)
private final class FillingDisk: Sendable {
    let limit: Int
    private let count = Mutex(0)

    init(after limit: Int) { self.limit = limit }

    var writes: Int { count.withLock { $0 } }

    func write(_ bytes: [UInt8], _ path: String) throws {
        let number = count.withLock { value -> Int in
            value += 1
            return value
        }
        guard number <= limit else { throw POSIXError(.ENOSPC) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}

/// The files a build of `workbook` would write, rendered but not written.
private func rendered(_ workbook: TemporaryWorkbook) async throws -> (files: [OutputFile], assets: [String]) {
    var options = BuildOptions(workbook: workbook.root)
    options.today = .fixedToday
    let checked = try await Builder.check(options)
    let loaded = try #require(checked.workbook, "\(checked.diagnostics)")
    let theme = try #require(checked.theme)
    return (await Builder.render(loaded, theme: theme, options: options), loaded.assets)
}

/// A disk that fills up in the middle of a build: the error names what failed, and the
/// previous site is left byte for byte as it was, with nothing half-written beside or in it.
/// (The counting disk needs `Mutex`, on macOS from 15.)
@Suite struct HostileDiskFullTests {
    /// After how many files the disk is full; nil for "at the very last file".
    @Test(arguments: [0, 1, 3, 10, nil] as [Int?])
    func aFullDiskMidBuildLeavesThePreviousSiteByteForByte(after given: Int?) async throws {
        guard #available(macOS 15.0, *) else { return }
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let output = try TemporaryFolder()
        let site = output.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let before = try FolderTree(reading: site)

        // Every page changes (a new title is on all of them), so the rebuild writes every file.
        try workbook.write("content/workbook.yaml", "title: A new title for every page\n")
        try workbook.write("content/entries/2026-11-03-new.md", "---\nmood: 7\ntags: [new]\n---\nA new entry.\n")
        let next = try await rendered(workbook)
        var limit = given ?? 0
        if given == nil {
            // Count the files this rebuild writes, on a copy of the site.
            let copy = try TemporaryFolder()
            try FileManager.default.copyItem(at: site, to: copy.url("site"))
            let counter = FillingDisk(after: .max)
            var writer = OutputWriter(output: copy.url("site"), workbookRoot: workbook.root)
            writer.writeFile = { bytes, path in try counter.write(bytes, path) }
            try writer.write(next.files, assets: next.assets)
            #expect(counter.writes > 10)
            limit = counter.writes - 1
        }
        let disk = FillingDisk(after: limit)
        var writer = OutputWriter(output: site, workbookRoot: workbook.root)
        writer.writeFile = { bytes, path in try disk.write(bytes, path) }
        var message: String?
        do { try writer.write(next.files, assets: next.assets) } catch { message = error.message }

        let reported = try #require(message, "the write succeeded after \(disk.writes) files")
        #expect(reported.hasPrefix("could not write the site: \(site.path)/"), "\(reported)")
        #expect(reported.hasSuffix("; the previous site was left as it was"), "\(reported)")
        #expect(disk.writes == limit + 1)
        #expect(try FolderTree(reading: site) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.url.path) == ["site"])
    }

    @Test(arguments: [0, 2, 12])
    func aFullDiskOnTheFirstBuildLeavesNoHalfSite(after limit: Int) async throws {
        guard #available(macOS 15.0, *) else { return }
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let output = try TemporaryFolder()
        let site = output.url("site")
        let next = try await rendered(workbook)
        let disk = FillingDisk(after: limit)
        var writer = OutputWriter(output: site, workbookRoot: workbook.root)
        writer.writeFile = { bytes, path in try disk.write(bytes, path) }
        var message: String?
        do { try writer.write(next.files, assets: next.assets) } catch { message = error.message }

        let reported = try #require(message)
        #expect(reported.hasPrefix("could not write the site: "))
        #expect(reported.hasSuffix("; the previous site was left as it was"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.url.path) == [])
    }

    @Test func afterTheDiskHasRoomAgainTheNextBuildWritesTheNewSite() async throws {
        guard #available(macOS 15.0, *) else { return }
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let output = try TemporaryFolder()
        let site = output.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        try workbook.write("content/workbook.yaml", "title: Later\n")
        let next = try await rendered(workbook)
        var writer = OutputWriter(output: site, workbookRoot: workbook.root)
        writer.writeFile = { bytes, path in try FillingDisk(after: 0).write(bytes, path) }
        #expect(throws: SetupError.self) { try writer.write(next.files, assets: next.assets) }

        #expect(try await workbook.build(output: site).succeeded)
        let fresh = try TemporaryFolder()
        #expect(try await workbook.build(output: fresh.url("site")).succeeded)
        #expect(try FolderTree(reading: site) == FolderTree(reading: fresh.url("site")))
    }
}
