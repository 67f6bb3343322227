import Testing
import ReboundKit

private let path = "content/entries/2026-11-02-the-interview.md"

/// Decodes `bytes` and returns the text (nil on error) and every diagnostic as printed.
private func decode(_ bytes: [UInt8]) -> (text: String?, diagnostics: [String]) {
    var diagnostics: [Diagnostic] = []
    let source = SourceText.decode(bytes, path: path, diagnostics: &diagnostics)
    return (source?.text, diagnostics.map(\.description))
}

@Suite struct SourceTextTests {
    @Test func plainUTF8IsKeptAsItIs() {
        let result = decode(Array("Grüße, 日本 🌧\n".utf8))
        #expect(result.text == "Grüße, 日本 🌧\n")
        #expect(result.diagnostics.isEmpty)
    }

    @Test func aByteOrderMarkIsDropped() {
        let result = decode([0xEF, 0xBB, 0xBF] + Array("---\ntitle: A\n---\n".utf8))
        #expect(result.text == "---\ntitle: A\n---\n")
    }

    @Test(arguments: [
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),
        ("a\r\rb", "a\n\nb"),
        ("a\r\n\r\nb\n", "a\n\nb\n"),
    ])
    func lineEndingsBecomeLineFeeds(input: String, expected: String) {
        #expect(decode(Array(input.utf8)).text == expected)
    }

    @Test func anInvalidByteIsAnErrorNamingLineColumnAndOffset() {
        let result = decode(Array("ok\nab".utf8) + [0xFF] + Array("c\n".utf8))
        #expect(result.text == nil)
        #expect(result.diagnostics == [
            "\(path):2:3: error: the file is not UTF-8 text: byte 0xFF at offset 5 cannot be read; save the file as UTF-8 in your editor",
        ])
    }

    @Test func theColumnCountsCharactersAndTheOffsetCountsBytes() {
        // "é" is two bytes but one column; the offset is into the file, byte-order mark included.
        let result = decode([0xEF, 0xBB, 0xBF] + Array("é".utf8) + [0xC3, 0x28])
        #expect(result.diagnostics == [
            "\(path):1:2: error: the file is not UTF-8 text: byte 0xC3 at offset 5 cannot be read; save the file as UTF-8 in your editor",
        ])
    }

    @Test func aTruncatedSequenceAtTheEndIsAnError() {
        let result = decode(Array("abc".utf8) + [0xE2, 0x82])
        #expect(result.text == nil)
        #expect(result.diagnostics.first?.hasPrefix("\(path):1:4: error: the file is not UTF-8 text: byte 0xE2 at offset 3") == true)
    }

    @Test func linesOfAnInvalidByteAreCountedInFilesWithOldMacLineEndings() {
        let result = decode(Array("a\rb\r\nc\r".utf8) + [0xFF])
        #expect(result.diagnostics.first?.hasPrefix("\(path):4:1: error:") == true)
    }

    @Test func nulBytesBecomeReplacementCharactersWithOneWarning() {
        let result = decode(Array("ab".utf8) + [0] + Array("c\nd".utf8) + [0])
        #expect(result.text == "ab\u{FFFD}c\nd\u{FFFD}")
        #expect(result.diagnostics == ["\(path):1:3: warning: the file holds NUL bytes; they were replaced with \u{FFFD}"])
    }

    @Test func anEmptyFileIsEmptyText() {
        #expect(decode([]) == ("", []))
    }
}
