import Foundation

/// A text file of the workbook, decoded and with its line endings made `\n`.
public struct SourceText: Sendable {
    /// The path relative to the workbook folder, as diagnostics print it.
    public var path: String
    public var text: String

    /// Decodes `bytes` as UTF-8, dropping a byte-order mark and turning CRLF and lone CR into LF.
    ///
    /// Bytes that are not UTF-8 are an error naming the line, column and byte offset, so the
    /// person can fix the file in their editor; NUL bytes become U+FFFD with a warning.
    public static func decode(_ bytes: [UInt8], path: String, diagnostics: inout [Diagnostic]) -> SourceText? {
        var bytes = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let offset = firstInvalidUTF8(in: bytes) {
            let (line, column) = position(ofByte: offset, in: bytes)
            let byte = bytes[bytes.startIndex + offset]
            diagnostics.append(.error(path, line: line, column: column,
                "the file is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset + (bytes.startIndex)) cannot be read; save the file as UTF-8 in your editor"))
            return nil
        }
        var normalized: [UInt8]?
        let needsNormalizing = bytes.withUnsafeBufferPointer { buffer in
            // memchr, not `contains`: a scalar loop over a 10 MB entry takes a second in debug builds.
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0x0D, buffer.count) != nil || memchr(base, 0x00, buffer.count) != nil
        }
        if needsNormalizing {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var index = bytes.startIndex
            var sawNUL = false
            while index < bytes.endIndex {
                let byte = bytes[index]
                switch byte {
                case 0x0D:
                    out.append(0x0A)
                    if index + 1 < bytes.endIndex, bytes[index + 1] == 0x0A { index += 1 }
                case 0x00:
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    if !sawNUL {
                        let (line, column) = position(ofByte: index - bytes.startIndex, in: bytes)
                        diagnostics.append(.warning(path, line: line, column: column, "the file holds NUL bytes; they were replaced with \u{FFFD}"))
                        sawNUL = true
                    }
                default:
                    out.append(byte)
                }
                index += 1
            }
            normalized = out
        }
        let text = normalized.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: bytes, as: UTF8.self)
        return SourceText(path: path, text: text)
    }

    static func firstInvalidUTF8(in bytes: ArraySlice<UInt8>) -> Int? {
        // Fast path: the standard library validates far quicker than a scalar loop.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    static func position(ofByte offset: Int, in bytes: ArraySlice<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let prefix = Array(bytes.prefix(offset))
        // A line ends at LF, CRLF or a lone CR, as the editor showing the file counts them.
        for (index, byte) in prefix.enumerated() where byte == 0x0A || (byte == 0x0D && prefix.dropFirst(index + 1).first != 0x0A) {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes.dropFirst(lineStart).prefix(offset - lineStart), as: UTF8.self).count + 1
        return (line, column)
    }
}

/// A file split into YAML front matter and a Markdown body.
public struct FrontMatterSplit: Sendable {
    /// The YAML between the `---` lines; nil when the file has no front matter.
    public var yaml: Substring?
    /// The line of the file where the YAML starts, to shift YAML positions into the file.
    public var yamlFirstLine: Int
    public var body: Substring

    /// Splits at a first line of `---` and the next line of `---` or `...`.
    public static func split(_ source: SourceText, diagnostics: inout [Diagnostic]) -> FrontMatterSplit? {
        var text = source.text
        // The lines are found in the text's UTF-8 bytes where they lie, by byte offset.
        let fences = text.withUTF8 { bytes -> Fences in
            let firstEnd = lineEnd(from: 0, in: bytes)
            guard isFence(bytes[..<firstEnd], closing: false) else { return .none }
            var lineStart = lineAfter(firstEnd, in: bytes)
            let yamlStart = lineStart
            while lineStart < bytes.count {
                let lineEnd = lineEnd(from: lineStart, in: bytes)
                if isFence(bytes[lineStart..<lineEnd], closing: true) {
                    return .closed(yaml: yamlStart..<lineStart, body: lineAfter(lineEnd, in: bytes))
                }
                lineStart = lineAfter(lineEnd, in: bytes)
            }
            return .unclosed
        }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        switch fences {
        case .none:
            return FrontMatterSplit(yaml: nil, yamlFirstLine: 1, body: text[...])
        case .closed(let yaml, let body):
            return FrontMatterSplit(yaml: text[index(yaml.lowerBound)..<index(yaml.upperBound)], yamlFirstLine: 2, body: text[index(body)...])
        case .unclosed:
            diagnostics.append(.error(source.path, line: 1, column: 1,
                "the front matter opened with '---' is never closed; add a line with '---' after the last field"))
            return nil
        }
    }

    /// Where a file's fences are, by byte offset: none on its first line, or the YAML between
    /// them and the start of the body after them, or an opening fence never closed.
    private enum Fences {
        case none
        case closed(yaml: Range<Int>, body: Int)
        case unclosed
    }

    /// The offset of the first `\n` at or after `start`, or the end of `bytes`. A line feed after
    /// a carriage return is part of one `\r\n` character, which is no `\n`.
    private static func lineEnd(from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0A && (index == 0 || bytes[index - 1] != 0x0D) { return index }
            index += 1
        }
        return bytes.count
    }

    /// The start of the line after the one ending at `lineEnd`.
    private static func lineAfter(_ lineEnd: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        min(lineEnd + 1, bytes.count)
    }

    /// Whether `line` is `---` (or, closing, `...`) followed only by spaces and tabs.
    private static func isFence(_ line: Slice<UnsafeBufferPointer<UInt8>>, closing: Bool) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        guard end - line.startIndex == 3 else { return false }
        let mark = line[line.startIndex]
        guard mark == 0x2D || (closing && mark == 0x2E) else { return false }
        return line[line.startIndex + 1] == mark && line[line.startIndex + 2] == mark
    }
}
