import Foundation

/// Trimming with Foundation's results, done on bytes in the common case.
///
/// Foundation trims by Unicode scalar; among ASCII, `.whitespaces` holds tab and space and
/// `.whitespacesAndNewlines` tab through carriage return and space. Once the ASCII spaces are
/// off both ends, an ASCII character or smart punctuation at each end settles the answer; any
/// other character (such as a no-break space) is left to Foundation.
enum Whitespace {
    /// The set trimmed, as Foundation names it.
    enum Kind {
        case spaces, spacesAndNewlines

        var characterSet: CharacterSet { self == .spaces ? .whitespaces : .whitespacesAndNewlines }

        func contains(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || (self == .spacesAndNewlines && (0x0A...0x0D).contains(byte))
        }
    }

    /// `text.trimmingCharacters(in:)` with the set of `kind`.
    static func trimmed(_ text: String, _ kind: Kind) -> String {
        let utf8 = text.utf8
        guard let range = asciiTrimmedRange(utf8, kind) else { return text.trimmingCharacters(in: kind.characterSet) }
        return range == utf8.startIndex..<utf8.endIndex ? text : String(decoding: utf8[range], as: UTF8.self)
    }

    /// The UTF-8 text of `bytes` trimmed as `trimmed(_:_:)` trims a string.
    static func trimmed(bytes: [UInt8], _ kind: Kind) -> String {
        guard let range = asciiTrimmedRange(bytes, kind) else {
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: kind.characterSet)
        }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// The bytes left after trimming ASCII spaces; nil when another character is left at an end.
    private static func asciiTrimmedRange<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes, _ kind: Kind) -> Range<Bytes.Index>? {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, kind.contains(bytes[start]) { bytes.formIndex(after: &start) }
        while start < end, kind.contains(bytes[bytes.index(before: end)]) { bytes.formIndex(before: &end) }
        guard start < end else { return start..<end }
        let trimmed = bytes[start..<end]
        let opensPlainly = trimmed.first! < 0x80 || isSmartPunctuation(trimmed.prefix(3))
        let closesPlainly = trimmed.last! < 0x80 || isSmartPunctuation(trimmed.suffix(3))
        return opensPlainly && closesPlainly ? start..<end : nil
    }

    /// Whether the bytes are one of the quotes, dashes or ellipsis smart punctuation writes,
    /// which are punctuation, never whitespace.
    private static func isSmartPunctuation(_ bytes: some Collection<UInt8>) -> Bool {
        guard bytes.count == 3 else { return false }
        var iterator = bytes.makeIterator()
        guard iterator.next() == 0xE2, iterator.next() == 0x80, let last = iterator.next() else { return false }
        return SmartASCII.unit(afterE280: last) != nil
    }
}

extension String {
    /// The text without leading and trailing whitespace and newlines, as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it.
    var trimmingWhitespaceAndNewlines: String { Whitespace.trimmed(self, .spacesAndNewlines) }

    /// The text without leading and trailing spaces and tabs, as
    /// `trimmingCharacters(in: .whitespaces)` gives it.
    var trimmingWhitespace: String { Whitespace.trimmed(self, .spaces) }
}
