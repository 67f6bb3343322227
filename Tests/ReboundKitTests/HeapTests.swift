import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// When a build starts itself again with huge pages for the allocator's heaps: only where the
/// kernel gives them on request, never over a choice already made in `GLIBC_TUNABLES`, and only
/// for a workbook large enough to gain more than the restart costs.
@Suite struct HeapTests {
    static let madvise = "always [madvise] never\n"

    @Test func theTunableIsAddedOnlyWhereTheKernelGivesHugePagesOnRequest() {
        #expect(Heap.tunables(adding: nil, transparentHugePages: Self.madvise) == "glibc.malloc.hugetlb=1")
        #expect(Heap.tunables(adding: "", transparentHugePages: Self.madvise) == "glibc.malloc.hugetlb=1")
        // Always: every heap has them already. Never: asking gives nothing. Unknown: no restart.
        #expect(Heap.tunables(adding: nil, transparentHugePages: "[always] madvise never\n") == nil)
        #expect(Heap.tunables(adding: nil, transparentHugePages: "always madvise [never]\n") == nil)
        #expect(Heap.tunables(adding: nil, transparentHugePages: nil) == nil)
        #expect(Heap.tunables(adding: nil, transparentHugePages: "") == nil)
    }

    @Test func otherTunablesAreKeptAndAChoiceAboutHugePagesIsLeftAlone() {
        #expect(Heap.tunables(adding: "glibc.malloc.arena_max=2", transparentHugePages: Self.madvise)
                == "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1")
        // Set by the person, to any value, or by the restart itself: no second restart.
        for set in ["glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=1", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2"] {
            #expect(Heap.tunables(adding: set, transparentHugePages: Self.madvise) == nil, "\(set)")
        }
        #expect(Heap.tunables(adding: "glibc.malloc.hugetlbx=1", transparentHugePages: Self.madvise)
                == "glibc.malloc.hugetlbx=1:glibc.malloc.hugetlb=1")
    }

    @Test func aBuildWhoseCacheFileHoldsSixteenMegabytesFillsMuchMemory() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        var options = BuildOptions(workbook: workbook.root)
        options.usesCacheFile = true
        #expect(!Builder.fillsMuchMemory(options), "no cache file: a first build of a few entries")
        try workbook.write(DecodeCache.fileName, bytes: [UInt8](repeating: 0, count: 16 << 20 - 1))
        #expect(!Builder.fillsMuchMemory(options))
        try workbook.write(DecodeCache.fileName, bytes: [UInt8](repeating: 0, count: 16 << 20))
        #expect(Builder.fillsMuchMemory(options))
        options.usesCacheFile = false
        #expect(!Builder.fillsMuchMemory(options), "a build that does not read the cache file")
        // A link is never followed, here as everywhere the cache file is read.
        options.usesCacheFile = true
        let elsewhere = try TemporaryFolder()
        try elsewhere.write("cache", bytes: [UInt8](repeating: 0, count: 16 << 20))
        try FileManager.default.removeItem(at: workbook.url(DecodeCache.fileName))
        try FileManager.default.createSymbolicLink(at: workbook.url(DecodeCache.fileName), withDestinationURL: elsewhere.url("cache"))
        #expect(!Builder.fillsMuchMemory(options))
    }

    @Test func aFirstBuildOfFiveThousandEntryFilesFillsMuchMemory() throws {
        let workbook = try TemporaryWorkbook()
        var options = BuildOptions(workbook: workbook.root)
        options.usesCacheFile = true
        #expect(!Builder.fillsMuchMemory(options), "no content/entries")
        // Files in folders of years count; hidden files and folders do not, nor folders themselves.
        let manager = FileManager.default
        func add(_ count: Int, in folder: String) throws {
            try manager.createDirectory(at: workbook.url(folder), withIntermediateDirectories: true)
            for number in 0..<count { manager.createFile(atPath: workbook.url("\(folder)/\(number).md").path, contents: nil) }
        }
        try add(2_499, in: "content/entries")
        try add(2_490, in: "content/entries/2025")
        try workbook.write("content/entries/.hidden.md", "")
        try workbook.write("content/entries/.trash/1.md", "")
        // A link counts as one file, and a linked folder is not followed: 4,990 here, not 5,000.
        let elsewhere = try TemporaryFolder()
        for number in 0..<10 { try elsewhere.write("\(number).md", "") }
        try manager.createSymbolicLink(at: workbook.url("content/entries/linked"), withDestinationURL: elsewhere.url)
        #expect(!Builder.fillsMuchMemory(options), "4,990 files")
        try add(10, in: "content/entries/2026")
        #expect(Builder.fillsMuchMemory(options), "5,000 files")
        options.usesCacheFile = false
        #expect(!Builder.fillsMuchMemory(options), "a build that does not read the cache file")
        // A small cache file says the workbook was built before with few entries, whatever the folder holds.
        options.usesCacheFile = true
        try workbook.write(DecodeCache.fileName, bytes: [UInt8](repeating: 0, count: 1 << 20))
        #expect(!Builder.fillsMuchMemory(options))
    }
}
