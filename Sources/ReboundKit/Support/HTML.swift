/// HTML text escaping, for values placed in markup and attributes.
enum HTML {
    /// The scheme `address` starts with (`https` of `https://example.org`), spelled as a URL's
    /// is: a letter, then letters, digits, `+`, `-` or `.`, then a colon; nil for an address
    /// relative to the page.
    static func scheme<Address: StringProtocol>(of address: Address) -> Address.SubSequence? {
        guard let colon = address.firstIndex(of: ":") else { return nil }
        let scheme = address[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        return scheme
    }

    /// Replaces `& < > " '` with entities; returns the text untouched when none is present.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { entity(for: $0) != nil }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 32)
        escape(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` to `bytes` with `& < > " '` replaced by entities, copying the runs between them whole.
    static func escape<Sink: ByteSink & ~Copyable>(_ text: String, into bytes: inout Sink) {
        var text = text
        text.withUTF8 { utf8 in
            var run = 0
            while true {
                let index = utf8.firstIndex(ofAny: (0x26, 0x3C, 0x3E, 0x22, 0x27), from: run)
                bytes.append(UnsafeBufferPointer(rebasing: utf8[run..<index]))
                guard index < utf8.count, let entity = entity(for: utf8[index]) else { return }
                bytes.append(entity)
                run = index + 1
            }
        }
    }

    /// The text a reader of `html` sees, for search: tags and comments left out, and the contents
    /// of `script` and `style` elements, but an image's `alt` text kept; `&amp; &lt; &gt; &quot;`,
    /// `&apos;`, `&nbsp;` and numeric entities decoded (others are kept as written); every run of
    /// white space one space.
    static func plainText(_ html: String) -> String {
        var (html, text) = (html, [UInt8]())
        html.withUTF8 { plainText($0) { text.append(contentsOf: $0) } }
        return String(decoding: text, as: UTF8.self)
    }

    /// The same text of HTML given as its UTF-8 bytes, handed to `emit` a piece at a time, each
    /// piece whole characters.
    static func plainText(_ utf8: UnsafeBufferPointer<UInt8>, into emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var started = false
        var pendingSpace = false
        func append(_ piece: UnsafeBufferPointer<UInt8>) {
            if pendingSpace && started { emitByte(0x20) }
            pendingSpace = false
            started = true
            emit(piece)
        }
        func emitByte(_ byte: UInt8) {
            var byte = byte
            withUnsafePointer(to: &byte) { emit(UnsafeBufferPointer(start: $0, count: 1)) }
        }
        /// Reads `range` as text, and as markup too when `tags` is set (an attribute's value is text only).
        func read(_ range: Range<Int>, tags: Bool) {
            var index = range.lowerBound
            while index < range.upperBound {
                let byte = utf8[index]
                switch byte {
                case _ where isSpace(byte):
                    pendingSpace = true
                    index += 1
                case UInt8(ascii: "<") where tags:
                    if let end = endOfMarkup(utf8, at: index) {
                        if let alt = altText(utf8, tag: index..<end), !alt.isEmpty {
                            pendingSpace = true
                            read(alt, tags: false)
                            pendingSpace = true
                        }
                        index = end
                    } else {
                        append(UnsafeBufferPointer(rebasing: utf8[index..<(index + 1)]))
                        index += 1
                    }
                case UInt8(ascii: "&"):
                    let (decoded, end) = entity(utf8, at: index, before: range.upperBound)
                    decoded.withUnsafeBufferPointer(append)
                    index = end
                default:
                    // A run of text, single spaces between words included.
                    var end = index + 1
                    while end < range.upperBound {
                        if utf8[end] == 0x20, end + 1 < range.upperBound, !plainTextStops(utf8[end + 1]) {
                            end += 2
                        } else if plainTextStops(utf8[end]) {
                            break
                        } else {
                            end += 1
                        }
                    }
                    append(UnsafeBufferPointer(rebasing: utf8[index..<end]))
                    index = end
                }
            }
        }
        read(0..<utf8.count, tags: true)
    }

    /// Where the value of the `alt` attribute of the `img` tag at `tag` lies, if it has one.
    private static func altText(_ utf8: UnsafeBufferPointer<UInt8>, tag: Range<Int>) -> Range<Int>? {
        guard startsTag(UnsafeBufferPointer(rebasing: utf8[tag]), named: "img") else { return nil }
        var index = tag.lowerBound + 4
        var quote: UInt8?
        while index + 5 < tag.upperBound {
            let byte = utf8[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if isSpace(utf8[index - 1]), matches(utf8, at: index, "alt=".utf8, ignoringCase: true),
                      utf8[index + 4] == UInt8(ascii: "\"") || utf8[index + 4] == UInt8(ascii: "'") {
                let start = index + 5
                var end = start
                while end < tag.upperBound, utf8[end] != utf8[index + 4] { end += 1 }
                // A tag never closed is not shown, nor is its text.
                return end < tag.upperBound ? start..<end : nil
            }
            index += 1
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func plainTextStops(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&")
    }

    /// Where the markup starting with the `<` at `start` ends: after a tag (quoted attribute
    /// values may hold `>`), a comment, or a whole `script` or `style` element; markup never
    /// closed runs to the end. Nil when the `<` opens no tag and is text, as browsers read it.
    private static func endOfMarkup(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let rest = UnsafeBufferPointer(rebasing: utf8[start...])
        if rest.starts(with: "<!--".utf8) {
            return (search(utf8, "-->", from: start + 4) ?? utf8.count - 3) + 3
        }
        guard rest.count > 1, isTagStart(rest[1]) else { return nil }
        var index = start + 1
        var quote: UInt8?
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
        }
        for name in ["script", "style"] where startsTag(rest, named: name) {
            guard let close = search(utf8, "</" + name, from: index, ignoringCase: true) else { return utf8.count }
            return endOfMarkup(utf8, at: close) ?? utf8.count
        }
        return index
    }

    private static func isTagStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
    }

    /// Whether `markup` opens the element `name` (`<name` followed by a space, `/` or `>`).
    private static func startsTag(_ markup: UnsafeBufferPointer<UInt8>, named name: String) -> Bool {
        let count = name.utf8.count
        guard markup.count > count + 1, matches(markup, at: 1, name.utf8, ignoringCase: true) else { return false }
        let after = markup[count + 1]
        return isSpace(after) || after == UInt8(ascii: "/") || after == UInt8(ascii: ">")
    }

    /// The first position at or after `start` where `needle` (ASCII) begins.
    private static func search(_ utf8: UnsafeBufferPointer<UInt8>, _ needle: String, from start: Int, ignoringCase: Bool = false) -> Int? {
        let count = needle.utf8.count
        guard start <= utf8.count - count else { return nil }
        return (start...(utf8.count - count)).first { matches(utf8, at: $0, needle.utf8, ignoringCase: ignoringCase) }
    }

    /// Whether `needle` (ASCII, letters in lower case) stands at `index`; with `ignoringCase`,
    /// its letters in either case.
    private static func matches(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int, _ needle: String.UTF8View, ignoringCase: Bool) -> Bool {
        guard utf8.count - index >= needle.count else { return false }
        return zip(utf8[index...], needle).allSatisfy { found, byte in found == byte || (ignoringCase && found | 0x20 == byte) }
    }

    /// The text of the entity at `start` (an `&`) and where it ends; an unknown or unfinished
    /// one is the `&` alone.
    private static func entity(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int, before limit: Int) -> (text: [UInt8], end: Int) {
        var end = start + 1
        while end < limit, end - start <= 10, utf8[end] != UInt8(ascii: ";"), !plainTextStops(utf8[end]) { end += 1 }
        guard end < limit, utf8[end] == UInt8(ascii: ";") else { return ([UInt8(ascii: "&")], start + 1) }
        let name = String(decoding: UnsafeBufferPointer(rebasing: utf8[(start + 1)..<end]), as: UTF8.self)
        let scalar: Unicode.Scalar?
        switch name {
        case "amp": scalar = "&"
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        case "nbsp": scalar = "\u{A0}"
        default:
            let number = name.dropFirst()
            let value = name.first != "#" ? nil
                : number.first == "x" || number.first == "X" ? UInt32(number.dropFirst(), radix: 16) : UInt32(number, radix: 10)
            scalar = value.flatMap(Unicode.Scalar.init).flatMap { $0.value == 0 ? nil : $0 }
        }
        guard let scalar else { return ([UInt8(ascii: "&")], start + 1) }
        return (Array(String(Character(scalar)).utf8), end + 1)
    }

    private static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case 0x26: "&amp;"
        case 0x3C: "&lt;"
        case 0x3E: "&gt;"
        case 0x22: "&quot;"
        case 0x27: "&#39;"
        default: nil
        }
    }
}

extension Array<UInt8> {
    /// Appends the UTF-8 bytes of a literal.
    mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
