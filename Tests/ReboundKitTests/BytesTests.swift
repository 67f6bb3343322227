import Testing
@testable import ReboundKit

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
}
