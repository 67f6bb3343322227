/// Text that is ASCII apart from the curly quotes, dashes and ellipsis that Markdown's smart
/// punctuation writes: the common case the slug and lesson-key fast paths handle byte by byte.
enum SmartASCII {
    enum Unit: Equatable {
        case ascii(UInt8)
        /// ‘ or ’, an apostrophe that only curled.
        case curlyApostrophe
        /// “ ” – — or …, by the last of its three UTF-8 bytes (E2 80 and this one).
        case punctuation(UInt8)
    }

    /// The unit of the character whose UTF-8 bytes are E2 80 `last`, when it is smart punctuation.
    static func unit(afterE280 last: UInt8) -> Unit? {
        switch last {
        case 0x98, 0x99: .curlyApostrophe
        case 0x93, 0x94, 0x9C, 0x9D, 0xA6: .punctuation(last)
        default: nil
        }
    }

    /// Reads the units of a text one by one, without collecting them.
    struct Reader: IteratorProtocol {
        private var bytes: String.UTF8View.Iterator
        /// True once the reader met a non-ASCII character other than smart punctuation; it then
        /// reads no further.
        private(set) var stopped = false

        init(_ text: String) { bytes = text.utf8.makeIterator() }

        @inline(__always)
        mutating func next() -> Unit? {
            guard !stopped, let byte = bytes.next() else { return nil }
            if byte < 0x80 { return .ascii(byte) }
            if byte == 0xE2, bytes.next() == 0x80, let last = bytes.next(), let unit = SmartASCII.unit(afterE280: last) {
                return unit
            }
            stopped = true
            return nil
        }
    }
}
