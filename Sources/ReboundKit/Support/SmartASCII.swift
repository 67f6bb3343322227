/// Text that is ASCII apart from the curly quotes, dashes and ellipsis that Markdown's smart
/// punctuation writes: the common case the slug and lesson-key fast paths handle byte by byte.
enum SmartASCII {
    enum Unit: Equatable {
        case ascii(UInt8)
        /// ‘ or ’, an apostrophe that only curled.
        case curlyApostrophe
        /// “ ” – — or …
        case punctuation
    }

    /// The text as units; nil when it holds any other non-ASCII character.
    static func units(of text: String) -> [Unit]? {
        let utf8 = Array(text.utf8)
        var units: [Unit] = []
        units.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x80 {
                units.append(.ascii(byte))
                index += 1
                continue
            }
            guard byte == 0xE2, index + 2 < utf8.count, utf8[index + 1] == 0x80 else { return nil }
            switch utf8[index + 2] {
            case 0x98, 0x99: units.append(.curlyApostrophe)
            case 0x93, 0x94, 0x9C, 0x9D, 0xA6: units.append(.punctuation)
            default: return nil
            }
            index += 3
        }
        return units
    }
}
