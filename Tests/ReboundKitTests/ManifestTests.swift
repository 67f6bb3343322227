import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

@Suite struct ManifestTests {
    @Test func aManifestReadsBackAsItWasWritten() throws {
        let folder = try TemporaryFolder()
        let manifest = Manifest(
            paths: ["index.html", "entries/café.html", "a b/c\td.html", "print.html"],
            records: [.init(hash: 0, size: 0), .init(hash: .max, size: 12), .init(hash: 0xabc, size: 3), .init(hash: 0x1234_5678_9abc_def0, size: Int.max)]
        )
        try Data(manifest.text).write(to: folder.url(".rebound-site"))
        let read = try #require(Manifest.read(from: folder.url(".rebound-site").path))
        #expect(read.byPath == manifest.byPath)
        #expect(read.text == manifest.text)
    }

    @Test func linesThatAreNotRecordsAreLeftOut() throws {
        let folder = try TemporaryFolder()
        let lines = [
            String(Manifest.heading.dropLast()),
            "ff\t10\tkept.html",
            "FF\t10\tupper-case-hex.html",
            "ff\t-1\tnegative.html",
            "fg\t1\tnot-hex.html",
            "1ffffffffffffffff\t1\tpast-64-bits.html",
            "ff\t99999999999999999999\ttoo-large.html",
            "ff\t\tno-size.html",
            "ff\t1\t",
            "\t1\tno-hash.html",
            "only one field",
            "",
            "1\t2\tlast.html",
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.url(".rebound-site"))
        let read = try #require(Manifest.read(from: folder.url(".rebound-site").path))
        #expect(read.paths == ["kept.html", "upper-case-hex.html", "last.html"])
        #expect(read.records == [.init(hash: 0xff, size: 10), .init(hash: 0xff, size: 10), .init(hash: 1, size: 2)])
    }

    @Test func aMarkerWithoutAListIsAnEmptyManifest() throws {
        let folder = try TemporaryFolder()
        try Data("marker".utf8).write(to: folder.url(".rebound-site"))
        #expect(Manifest.read(from: folder.url(".rebound-site").path)?.paths == [])
        #expect(Manifest.read(from: folder.url("missing").path) == nil)
    }
}
