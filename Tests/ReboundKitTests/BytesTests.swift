import Testing
@testable import ReboundKit
import ReboundTestSupport

@Suite struct BytesTests {
    private func text(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { String(utf8Bytes: $0) }
    }

    @Test(arguments: ["", "a", "plain words", "café", "cafe\u{301}", "I’m “fine” — 🙂", String(repeating: "long enough to live outside the string ", count: 8)])
    func utf8IsTakenAsItIs(_ expected: String) {
        let got = text(Array(expected.utf8))
        #expect(got == expected)
        // Byte for byte, not only as Unicode: the decomposed accent stays decomposed.
        #expect(got.map { Array($0.utf8) } == Array(expected.utf8))
    }

    @Test(arguments: [
        [0x80],  // a continuation byte alone
        [0x61, 0xC3],  // cut in the middle of a character
        [0xF0, 0x9F, 0x99, 0x61, 0x62],  // a four-byte character without its last byte: the three become one replacement character, three bytes long too
        [0xC0, 0x80],  // an overlong NUL
        [0xED, 0xA0, 0x80],  // a surrogate
        [0xFF, 0x61],
    ] as [[UInt8]])
    func whatIsNotUTF8IsRefused(_ bytes: [UInt8]) {
        #expect(text(bytes) == nil)
    }

    @Test func textsSortByTheirBytes() {
        let texts = ["", "a", "B", "a-b", "ab", "a.b", "é", "e\u{301}", "z", "🙂", "abc", "ab\u{0}"]
        for a in texts {
            for b in texts {
                #expect(a.precedesInBytes(b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a.debugDescription) before \(b.debugDescription)")
            }
        }
    }
    @Test func runsOfBytesSortAsTheirTextsSortByTheirBytes() {
        let texts = ["a.b", "", "z", "🙂", "a", "B", "ab", "a-b", "é", "e\u{301}", "abc", "ab\u{0}", "a", "",
                     // Alike in their first eight or sixteen bytes, or but for zeros after them.
                     "2016-11-04-argument.md", "2016-11-04-argument-2.md", "2016-11-04-argumenz.md", "2016-11-04-argument", "2016-11-0",
                     "2016-11-04-argume", "2016-11-04-argume\u{0}", "2016-11-04-argume\u{0}\u{0}x", "2016-11-", "2016-11-\u{0}", "2016-11-\u{FF}"]
        var runs = ByteRuns()
        for text in texts { Array(text.utf8).withUnsafeBytes { runs.append($0) } }
        let order = runs.positionsInByteOrder()
        #expect(order.map { texts[$0] } == texts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { $0 })
        #expect(order.map { position in runs.withRun(position) { Array($0) } } == order.map { Array(texts[$0].utf8) })
    }

    @Test(arguments: [0, 9, 10, 15, 16, 0xabc, 0x1234_5678_9abc_def0, UInt64(Int.max), .max] as [UInt64])
    func hexadecimalDigitsAreWhatTheStandardLibraryWrites(_ value: UInt64) {
        var bytes: [UInt8] = []
        bytes.hexadecimal(value)
        #expect(String(decoding: bytes, as: UTF8.self) == String(value, radix: 16))
    }

    /// Eight bytes at a time finds what a byte-by-byte search finds: at every offset, near the
    /// end and among bytes that differ from those looked for by one bit, or sit next to them.
    @Test func aSearchForAnyOfSeveralBytesFindsTheFirst() {
        var random = SeededRandom(seed: 11)
        let wanted: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0x26, 0x3C, 0x3E, 0x22, 0xE2)
        let set: [UInt8] = [0x26, 0x3C, 0x3E, 0x22, 0xE2]
        let near: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x25, 0x27, 0x3B, 0x3D, 0x3F, 0x61, 0x7F, 0x80, 0xA2, 0xE0, 0xE3, 0xFF, 0x01, 0x2E]
        for _ in 0..<4_000 {
            let count = Int.random(in: 0...40, using: &random)
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<10, using: &random) == 0 ? set.randomElement(using: &random)! : near.randomElement(using: &random)!
            }
            let start = Int.random(in: 0...count, using: &random)
            for controls in [false, true] {
                let expected = bytes.indices.first { $0 >= start && (set.contains(bytes[$0]) || (controls && bytes[$0] < 0x20)) } ?? count
                let found = bytes.withUnsafeBufferPointer { $0.firstIndex(ofAny: wanted, orControls: controls, from: start) }
                #expect(found == expected, "\(bytes) from \(start), controls \(controls)")
            }
        }
    }

    @Test func aByteBufferHoldsWhatWasAppendedInOrderAsItGrows() {
        var buffer = ByteBuffer(capacity: 16)
        var expected: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let run = (0..<Int.random(in: 0...70, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            run.withUnsafeBufferPointer { buffer.append($0) }
            expected += run
            if round % 7 == 0 {
                buffer.append("&amp;")
                expected += Array("&amp;".utf8)
            }
        }
        buffer.withBytes { #expect(Array($0) == expected) }
        buffer.removeAll()
        #expect(buffer.count == 0)
        buffer.append("after")
        buffer.withBytes { #expect(Array($0) == Array("after".utf8)) }
    }

    @Test(arguments: ["", "plain", "<b>Tom & \"Jo\"'s</b>", "&&&", "café <3", String(repeating: "a<b ", count: 2000)])
    func escapingIntoAByteBufferWritesWhatEscapingIntoAnArrayDoes(_ text: String) {
        var array: [UInt8] = Array("before ".utf8)
        HTML.escape(text, into: &array)
        var buffer = ByteBuffer(capacity: 16)
        buffer.append("before ")
        HTML.escape(text, into: &buffer)
        buffer.withBytes { #expect(Array($0) == array) }
        #expect(String(decoding: array.dropFirst(7), as: UTF8.self) == HTML.escape(text))
    }

    @Test func aByteWriterWritesNumbersAndRunsIntoItsStorage() {
        let written = [UInt8](unsafeUninitializedCapacity: 40) { storage, count in
            var writer = ByteWriter(storage)
            #expect(writer.isEmpty)
            for value in [0, 7, 10, -305, Int.max] {
                writer.integer(value)
                writer.append(UInt8(ascii: " "))
            }
            writer.digits(42, from: 1000)
            writer.append("|")
            count = writer.count
        }
        #expect(String(decoding: written, as: UTF8.self) == "0 7 10 -305 9223372036854775807 0042|")
    }

    /// Both ways of writing stop the program at the end of the storage given, although more
    /// memory lies after it.
    @Test func aByteWriterStopsTheProgramRatherThanWritePastItsStorage() async {
        await #expect(processExitsWith: .failure) {
            let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 16)
            var writer = ByteWriter(UnsafeMutableBufferPointer(rebasing: memory[0..<4]))
            writer.append("12345")
        }
        await #expect(processExitsWith: .failure) {
            let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 16)
            var writer = ByteWriter(UnsafeMutableBufferPointer(rebasing: memory[0..<4]))
            for byte in "12345".utf8 { writer.append(byte) }
        }
    }
}
