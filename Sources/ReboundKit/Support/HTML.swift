/// HTML text escaping, for values placed in markup and attributes.
enum HTML {
    /// Replaces `& < > " '` with entities; returns the text untouched when none is present.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { entity(for: $0) != nil }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 32)
        escape(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` to `bytes` with `& < > " '` replaced by entities, copying the runs between them whole.
    static func escape(_ text: String, into bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            var run = 0
            for index in utf8.indices {
                guard let entity = entity(for: utf8[index]) else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                bytes.append(entity)
                run = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
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

extension ArraySlice<UInt8> {
    /// The first index at or after `start` where `needle` begins.
    func firstIndex(of needle: [UInt8], from start: Index) -> Index? {
        guard let first = needle.first else { return nil }
        var index = start
        while index + needle.count <= endIndex {
            if self[index] == first && self[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
