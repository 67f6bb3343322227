import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

@Suite struct ManifestTests {
    @Test func aHashIsTheSameHoweverTheBytesArriveAndChangesWithAnyByte() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1_000, 4_099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let whole = Manifest.hash(bytes)
            for _ in 0..<20 {
                var pieces = Manifest.RunningHash()
                var start = 0
                while start < length {
                    let end = min(length, start + Int.random(in: 0...40, using: &generator))
                    pieces.add(bytes[start..<end])
                    start = end
                }
                #expect(pieces.value == whole, "\(length) bytes")
            }
            for index in bytes.indices {
                var changed = bytes
                changed[index] ^= 1
                #expect(Manifest.hash(changed) != whole, "byte \(index) of \(length)")
            }
            #expect(Manifest.hash(bytes + [0]) != whole, "a zero byte more")
        }
    }

    @Test func aManifestReadsBackAsItWasWritten() throws {
        let folder = try TemporaryFolder()
        let manifest = Manifest(
            paths: ["index.html", "entries/café.html", "a b/c\td.html", "print.html"],
            records: [.init(hash: 0, size: 0), .init(hash: .max, size: 12, source: .max), .init(hash: 0xabc, size: 3, source: 0), .init(hash: 0x1234_5678_9abc_def0, size: Int.max)]
        )
        try Data(manifest.text).write(to: folder.url(".rebound-site"))
        let read = try #require(Manifest.read(from: folder.url(".rebound-site").path))
        #expect(read.byPath == manifest.byPath)
        #expect(read.text == manifest.text)
        #expect(read.isKept(as: manifest.text))
        let lines = String(decoding: manifest.text, as: UTF8.self).split(separator: "\n")
        #expect(lines.dropFirst() == ["abc\t3\t0\ta b/c\td.html", "ffffffffffffffff\t12\tffffffffffffffff\tentries/café.html",
                                      "0\t0\t-\tindex.html", "123456789abcdef0\t9223372036854775807\t-\tprint.html"])
    }

    /// A marker that reads as the same list but holds other bytes (lines that are no records,
    /// another spelling of a number) is written again.
    @Test func aMarkerIsKeptOnlyWhenItHoldsTheTextAsWritten() throws {
        let folder = try TemporaryFolder()
        let manifest = Manifest(paths: ["a.html"], records: [.init(hash: 0xab, size: 1)])
        for text in [manifest.text + Array("junk\n".utf8), Array((Manifest.heading + "AB\t1\t-\ta.html\n").utf8)] {
            try Data(text).write(to: folder.url(".rebound-site"))
            let read = try #require(Manifest.read(from: folder.url(".rebound-site").path))
            #expect(read == manifest)
            #expect(!read.isKept(as: manifest.text))
        }
        #expect(Manifest(paths: [], records: []).isKept(as: Array(Manifest.heading.utf8)), "one not read from a file is its text")
    }

    @Test func linesThatAreNotRecordsAreLeftOut() throws {
        let folder = try TemporaryFolder()
        let lines = [
            String(Manifest.heading.dropLast()),
            "ff\t10\t-\tkept.html",
            "FF\t10\tA0\tupper-case-hex.html",
            "ff\t-1\t-\tnegative.html",
            "fg\t1\t-\tnot-hex.html",
            "1ffffffffffffffff\t1\t-\tpast-64-bits.html",
            "ff\t99999999999999999999\t-\ttoo-large.html",
            "ff\t\t-\tno-size.html",
            "ff\t1\t-\t",
            "\t1\t-\tno-hash.html",
            "ff\t1\tno-source.html",
            "ff\t1\t\tempty-source.html",
            "ff\t1\tzz\tbad-source.html",
            "ff\t1\t1ffffffffffffffff\tsource-past-64-bits.html",
            "only one field",
            "",
            "1\t2\t5\tlast\twith a tab.html",
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.url(".rebound-site"))
        let read = try #require(Manifest.read(from: folder.url(".rebound-site").path))
        #expect(read.paths == ["kept.html", "upper-case-hex.html", "last\twith a tab.html"])
        #expect(read.records == [.init(hash: 0xff, size: 10), .init(hash: 0xff, size: 10, source: 0xa0), .init(hash: 1, size: 2, source: 5)])
    }

    @Test func aMarkerWithoutAListIsAnEmptyManifest() throws {
        let folder = try TemporaryFolder()
        try Data("marker".utf8).write(to: folder.url(".rebound-site"))
        #expect(Manifest.read(from: folder.url(".rebound-site").path)?.paths == [])
        #expect(Manifest.read(from: folder.url("missing").path) == nil)
    }
}
