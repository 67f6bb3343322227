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

    /// The bytes `write` makes of the units of `text`, which are read from its UTF-8 bytes where
    /// they lie and written where they stay; nil when the text holds a character that is neither
    /// ASCII nor smart punctuation. `write` gets each unit in turn with what was made so far, to
    /// which it adds no more bytes than the units read so far hold; it returns false to read no
    /// further.
    @inline(__always)
    static func bytes(of text: String, _ write: (Unit, inout ByteWriter) -> Bool) -> [UInt8]? {
        var text = text
        return text.withUTF8 { source -> [UInt8]? in
            var complete = true
            let made = [UInt8](unsafeUninitializedCapacity: source.count) { buffer, count in
                var made = ByteWriter(buffer)
                var index = 0
                while index < source.count {
                    let byte = source[index]
                    let unit: Unit
                    if byte < 0x80 {
                        unit = .ascii(byte)
                        index += 1
                    } else if byte == 0xE2, index + 2 < source.count, source[index + 1] == 0x80,
                              let smart = SmartASCII.unit(afterE280: source[index + 2]) {
                        unit = smart
                        index += 3
                    } else {
                        complete = false
                        break
                    }
                    guard write(unit, &made) else { break }
                }
                count = made.count
            }
            return complete ? made : nil
        }
    }
}
