/// Front matter as people and tools mostly write it, read without libyaml: block maps and lists
/// indented with spaces, one-line `[…]` and `{…}` collections, and plain, single- and
/// double-quoted scalars, each on its line. libyaml takes a tenth of a millisecond for the front
/// matter of an entry, most of a large workbook's load besides Markdown; this takes a few
/// microseconds.
///
/// It gives exactly the nodes libyaml gives, with the same positions, or gives up at the first
/// thing outside that shape (a comment after a value, a tab, a scalar over several lines, an
/// escape other than `\"` `\\` `\/` `\n` `\t`, an anchor, a tag, a second document, an empty
/// value…) and leaves the whole text to libyaml, which also says what is wrong with a text
/// that is not YAML.
extension YAML {
    /// The document `utf8` holds, when it has that shape; nil to leave it to libyaml.
    static func parseSimple(_ utf8: UnsafeBufferPointer<UInt8>) -> YAMLNode? {
        guard var reader = SimpleReader(utf8), let first = reader.nextLine(), reader.indent(of: first) == 0,
              let root = reader.block(at: 0, depth: 0), reader.nextLine() == nil else { return nil }
        return root
    }
}

private struct SimpleReader {
    let utf8: UnsafeBufferPointer<UInt8>
    /// Where each line starts and ends (before its line feed).
    let lineStarts: [(start: Int, end: Int)]
    /// The line read next.
    var line = 0

    /// A reader of `utf8`; nil when it holds what is never read here (see `lines`).
    init?(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let lines = Self.lines(of: utf8) else { return nil }
        self.utf8 = utf8
        lineStarts = lines
    }

    /// Every line's bounds; nil when the text holds what is never read here: a tab, any other
    /// control character, a line break other than a line feed (libyaml takes U+0085, U+2028
    /// and U+2029 for ones), a character from U+F000 up to U+FFFF (a byte-order mark among
    /// them), a directive or a document marker.
    private static func lines(of utf8: UnsafeBufferPointer<UInt8>) -> [(start: Int, end: Int)]? {
        var lines: [(start: Int, end: Int)] = []
        var start = 0
        var index = 0
        while true {
            // Line feeds and the other control characters, and the first bytes of the others.
            index = utf8.firstIndex(ofAny: (0x7F, 0xEF, 0xC2, 0xE2, 0xE2), orControls: true, from: index)
            if index < utf8.count, utf8[index] != 0x0A {
                let byte = utf8[index]
                if byte < 0x20 || byte == 0x7F || byte == 0xEF { return nil }
                if byte == 0xC2, index + 1 < utf8.count, (0x80...0x9F).contains(utf8[index + 1]) { return nil }
                if byte == 0xE2, index + 2 < utf8.count, utf8[index + 1] == 0x80, utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9 { return nil }
                index += 1
                continue
            }
            if index > start {
                let first = utf8[start]
                if first == UInt8(ascii: "%") { return nil }
                if index - start >= 3, first == UInt8(ascii: "-") || first == UInt8(ascii: "."),
                   utf8[start + 1] == first, utf8[start + 2] == first { return nil }
            }
            lines.append((start, index))
            guard index < utf8.count else { return lines }
            index += 1
            start = index
        }
    }

    /// The next line with something on it, skipping blank and comment lines; nil at the end.
    mutating func nextLine() -> Int? {
        while line < lineStarts.count {
            let (start, end) = lineStarts[line]
            let index = afterSpaces(start, before: end)
            if index < end, utf8[index] != UInt8(ascii: "#") { return line }
            line += 1
        }
        return nil
    }

    func indent(of line: Int) -> Int {
        afterSpaces(lineStarts[line].start, before: lineStarts[line].end) - lineStarts[line].start
    }

    /// Where the spaces that start at `offset` end, at `end` at the latest.
    func afterSpaces(_ offset: Int, before end: Int) -> Int {
        var index = offset
        while index < end, utf8[index] == 0x20 { index += 1 }
        return index
    }

    /// The 1-based column of `offset` in its line, counted in characters as libyaml counts.
    func column(_ offset: Int, in line: Int) -> Int {
        var column = 1
        for index in lineStarts[line].start..<offset where utf8[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    func node(_ value: YAMLNode.Value, line: Int, at offset: Int) -> YAMLNode {
        YAMLNode(value: value, line: line + 1, column: column(offset, in: line))
    }

    // MARK: Blocks

    /// The map or list whose first line is the next one, indented by `indent`.
    mutating func block(at indent: Int, depth: Int) -> YAMLNode? {
        guard depth < 8, let line = nextLine(), self.indent(of: line) == indent else { return nil }
        let start = lineStarts[line].start + indent
        return isEntry(start, line) ? list(at: indent, depth: depth) : map(at: indent, from: start, depth: depth)
    }

    /// Whether a list entry (`-` and a space) begins at `offset`.
    func isEntry(_ offset: Int, _ line: Int) -> Bool {
        utf8[offset] == UInt8(ascii: "-") && (offset + 1 == lineStarts[line].end || utf8[offset + 1] == 0x20)
    }

    /// A map whose keys are indented by `indent`, the first one at `first` of the next line
    /// (after a list entry's `- `, or at the indent).
    mutating func map(at indent: Int, from first: Int, depth: Int) -> YAMLNode? {
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var start = first
        var position: YAMLNode?
        while true {
            let line = self.line
            let end = lineStarts[line].end
            guard let keyEnd = keyEnd(from: start, before: end) else { return nil }
            let key = node(.scalar(text(start..<keyEnd), plain: true), line: line, at: start)
            position = position ?? key
            let valueStart = afterSpaces(keyEnd + 1, before: end)
            self.line += 1
            let value: YAMLNode
            if valueStart == end {
                // The value is the block that follows: deeper, or a list at the key's own indent.
                guard let next = nextLine() else { return nil }
                let nextIndent = self.indent(of: next)
                if nextIndent > indent {
                    guard let block = block(at: nextIndent, depth: depth + 1) else { return nil }
                    value = block
                } else if nextIndent == indent, isEntry(lineStarts[next].start + indent, next) {
                    guard let list = list(at: indent, depth: depth + 1) else { return nil }
                    value = list
                } else {
                    return nil
                }
            } else {
                guard let (inline, after) = inlineValue(from: valueStart, in: line), isLineEnd(after, line) else { return nil }
                value = inline
                // A deeper line after a value would continue it.
                if let next = nextLine(), self.indent(of: next) > indent { return nil }
            }
            pairs.append((key, value))
            guard let next = nextLine(), self.indent(of: next) >= indent else { break }
            start = lineStarts[next].start + indent
            guard self.indent(of: next) == indent, !isEntry(start, next) else { return nil }
        }
        return YAMLNode(value: .mapping(pairs), line: position!.line, column: position!.column)
    }

    /// A list whose entries' dashes are indented by `indent`.
    mutating func list(at indent: Int, depth: Int) -> YAMLNode? {
        var items: [YAMLNode] = []
        var position: (line: Int, offset: Int)?
        while let line = nextLine(), self.indent(of: line) == indent, isEntry(lineStarts[line].start + indent, line) {
            let dash = lineStarts[line].start + indent
            let end = lineStarts[line].end
            position = position ?? (line, dash)
            let start = afterSpaces(dash + 1, before: end)
            guard start < end, start - dash >= 2 else { return nil }
            if keyEnd(from: start, before: end) != nil {
                // A map that starts on the entry's line; its keys line up with the first.
                guard let map = map(at: start - lineStarts[line].start, from: start, depth: depth + 1) else { return nil }
                items.append(map)
            } else {
                guard let (item, after) = inlineValue(from: start, in: line), isLineEnd(after, line) else { return nil }
                items.append(item)
                self.line += 1
                if let next = nextLine(), self.indent(of: next) > indent { return nil }
            }
        }
        guard let position else { return nil }
        if let next = nextLine(), self.indent(of: next) > indent { return nil }
        return node(.sequence(items), line: position.line, at: position.offset)
    }

    // MARK: Scalars and one-line collections

    /// Where a key of letters, digits, `_` and `-` that starts at `start` ends, when a colon and
    /// a space or the line's end follow it. Not one that starts with `-`, nor one of over a
    /// thousand letters: libyaml refuses a key past 1,024 characters.
    func keyEnd(from start: Int, before end: Int) -> Int? {
        guard start < end, utf8[start] != UInt8(ascii: "-") else { return nil }
        var index = start
        while index < end, isKeyByte(utf8[index]) { index += 1 }
        guard index > start, index - start <= 1_000, index < end, utf8[index] == UInt8(ascii: ":"), index + 1 == end || utf8[index + 1] == 0x20 else { return nil }
        return index
    }

    func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    /// Whether only spaces are left of the line from `offset`.
    func isLineEnd(_ offset: Int, _ line: Int) -> Bool {
        afterSpaces(offset, before: lineStarts[line].end) == lineStarts[line].end
    }

    /// A value that starts at `start` and ends on its line, with where it ends.
    func inlineValue(from start: Int, in line: Int) -> (YAMLNode, Int)? {
        switch utf8[start] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): quoted(from: start, in: line)
        case UInt8(ascii: "["): flow(from: start, in: line, closing: UInt8(ascii: "]"))
        case UInt8(ascii: "{"): flow(from: start, in: line, closing: UInt8(ascii: "}"))
        default: plain(from: start, in: line, inFlow: false)
        }
    }

    /// A plain scalar: never one that starts with an indicator, holds `: `, ` #` or a tab, or
    /// ends in `:`; inside `[…]` or `{…}`, one that ends at a comma or the closing bracket and
    /// holds none of `[]{}`.
    func plain(from start: Int, in line: Int, inFlow: Bool) -> (YAMLNode, Int)? {
        let end = lineStarts[line].end
        switch utf8[start] {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return nil
        default: break
        }
        var index = start
        while index < end {
            let byte = utf8[index]
            if inFlow, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { break }
            if inFlow, byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { return nil }
            if byte == UInt8(ascii: "#") || (byte == UInt8(ascii: ":") && (index + 1 == end || utf8[index + 1] == 0x20 || inFlow)) { return nil }
            index += 1
        }
        var last = index
        while last > start, utf8[last - 1] == 0x20 { last -= 1 }
        guard last > start else { return nil }
        return (node(.scalar(text(start..<last), plain: true), line: line, at: start), index)
    }

    /// A scalar in double or single quotes, closed on its line.
    func quoted(from start: Int, in line: Int) -> (YAMLNode, Int)? {
        let end = lineStarts[line].end
        let quote = utf8[start]
        // Most quoted scalars hold no escape: their text is the bytes between the quotes.
        let close = UnsafeBufferPointer(rebasing: utf8[..<end]).firstIndex(ofAny: (quote, UInt8(ascii: "\\"), quote, quote, quote), from: start + 1)
        if close < end, utf8[close] == quote, close + 1 == end || utf8[close + 1] != quote {
            return (node(.scalar(text(start + 1..<close), plain: false), line: line, at: start), close + 1)
        }
        var bytes: [UInt8] = []
        var index = start + 1
        while index < end {
            let byte = utf8[index]
            if byte == quote {
                // Two single quotes are one.
                if quote == UInt8(ascii: "'"), index + 1 < end, utf8[index + 1] == quote {
                    bytes.append(quote)
                    index += 2
                    continue
                }
                let value = String(decoding: bytes, as: UTF8.self)
                return (node(.scalar(value, plain: false), line: line, at: start), index + 1)
            }
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                guard index + 1 < end else { return nil }
                switch utf8[index + 1] {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "/"))
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                default: return nil
                }
                index += 2
                continue
            }
            bytes.append(byte)
            index += 1
        }
        return nil
    }

    /// A `[…]` list or `{…}` map on one line, of scalars (a map's keys plain ones).
    func flow(from start: Int, in line: Int, closing: UInt8) -> (YAMLNode, Int)? {
        let end = lineStarts[line].end
        let isMap = closing == UInt8(ascii: "}")
        var items: [YAMLNode] = []
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var index = start + 1
        func skipSpaces() { index = afterSpaces(index, before: end) }
        skipSpaces()
        if index < end, utf8[index] == closing {
            index += 1
        } else {
            while true {
                skipSpaces()
                guard index < end else { return nil }
                if isMap {
                    guard let keyEnd = keyEnd(from: index, before: end), keyEnd + 1 < end else { return nil }
                    let key = node(.scalar(text(index..<keyEnd), plain: true), line: line, at: index)
                    index = keyEnd + 1
                    skipSpaces()
                    guard index < end, let (value, after) = flowScalar(from: index, in: line) else { return nil }
                    pairs.append((key, value))
                    index = after
                } else {
                    guard let (item, after) = flowScalar(from: index, in: line) else { return nil }
                    items.append(item)
                    index = after
                }
                skipSpaces()
                guard index < end else { return nil }
                if utf8[index] == closing {
                    index += 1
                    break
                }
                guard utf8[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
        let value: YAMLNode.Value = isMap ? .mapping(pairs) : .sequence(items)
        return (node(value, line: line, at: start), index)
    }

    func flowScalar(from start: Int, in line: Int) -> (YAMLNode, Int)? {
        utf8[start] == UInt8(ascii: "\"") || utf8[start] == UInt8(ascii: "'") ? quoted(from: start, in: line) : plain(from: start, in: line, inFlow: true)
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: utf8[range]), as: UTF8.self)
    }
}
