import Foundation

/// Fits HTML the build rendered for a page of its own (an entry, a chapter) into the one
/// document `print.html`: its ids get a prefix so several bodies never share one, its
/// relative links are rebased to the site root, and sections the worksheet shows anyway
/// can be lifted out.
///
/// Works on markup libcmark wrote, where text never holds a raw `<` or `"` (both escaped),
/// so every `<` opens a tag and every `"` in a tag delimits an attribute value.
enum PrintHTML {
    /// `#<place(x)>` for a link `#x` within the page, `place` giving where in the document the
    /// page's `x` is; nil for any other link.
    static func linkWithinPage(_ link: String, place: (String) -> String) -> String? {
        guard link.hasPrefix("#"), link.utf8.count > 1 else { return nil }
        return "#" + place(String(link.dropFirst()))
    }

    /// The id a link's `fragment` names: cmark writes the characters of a link outside ASCII
    /// percent-encoded, while an id keeps them as they are (`#%D0%B4` names `д`).
    static func id(named fragment: String) -> String {
        guard fragment.utf8.contains(UInt8(ascii: "%")) else { return fragment }
        return fragment.removingPercentEncoding ?? fragment
    }


    /// `value` rebased from `folder` to the root; absolute URLs, fragments and paths that would
    /// climb out of the site stay as they are.
    static func rebased(_ value: String, from folder: String) -> String {
        guard !value.isEmpty, !value.hasPrefix("#"), !value.hasPrefix("/"), !value.hasPrefix("?"), HTML.scheme(of: value) == nil else { return value }
        var parts = folder.split(separator: "/").map(String.init)
        let end = value.firstIndex { $0 == "?" || $0 == "#" } ?? value.endIndex
        var segments = value[..<end].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let last = segments.popLast() ?? ""
        for segment in segments {
            switch segment {
            case ".", "": continue
            case "..":
                guard !parts.isEmpty else { return value }
                parts.removeLast()
            default: parts.append(segment)
            }
        }
        if last == ".." {
            guard !parts.isEmpty else { return value }
            parts.removeLast()
            parts.append("")
        } else if last != "." {
            parts.append(last)
        } else {
            parts.append("")
        }
        return parts.joined(separator: "/") + value[end...]
    }

    /// The sections `liftedSections` found to lift out of a body.
    struct Cut: Equatable {
        /// Where each section is in the body, in UTF-8 bytes, in order.
        var ranges: [Range<Int>]
        /// The id of every heading that was removed, with the section key (such as "learned")
        /// of the section it stood in.
        var removed: [String: String]

        /// `html`'s bytes without the sections, into `bytes`; `html` is the body they were found
        /// in. Every cut starts and ends at the `<` of a heading or at the end, so each run kept
        /// is whole characters.
        func applied(to html: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) {
            bytes.removeAll(keepingCapacity: true)
            var cursor = 0
            for range in ranges + [html.count..<html.count] {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: html[cursor..<range.lowerBound]))
                cursor = range.upperBound
            }
        }

        /// Calls `use` with `html`'s bytes without the sections: `html` itself when none is cut.
        func withKept<Result>(_ html: UnsafeBufferPointer<UInt8>, _ use: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            guard !ranges.isEmpty else { return use(html) }
            var kept: [UInt8] = []
            applied(to: html, into: &kept)
            return kept.withUnsafeBufferPointer(use)
        }
    }

    /// The sections of `html` opened by a heading whose section key is in `keys`
    /// (`Markdown.sectionKey` of the heading text → a key such as "learned") and, given
    /// `eligible`, whose id is in it; each runs to the next heading of the same or a higher level.
    /// A section is only lifted when everything in it is what the collector turned into items
    /// (paragraphs, flat lists, quotes, inline markup), so nothing written there is lost;
    /// other sections stay in the body.
    static func liftedSections(_ bytes: UnsafeBufferPointer<UInt8>, headings: [Heading], keys: [String: String], only eligible: Set<String>? = nil) -> Cut {
        let none = Cut(ranges: [], removed: [:])
        let sectionKeys = headings.map { heading in
            (eligible?.contains(heading.id) ?? true) ? keys[Markdown.sectionKey(heading.text)] : nil
        }
        guard sectionKeys.contains(where: { $0 != nil }) else { return none }
        var starts: [Int] = []
        var searchFrom = 0
        for heading in headings {
            let tag = Array("<h\(heading.level) id=\"\(heading.id)\">".utf8)
            guard let start = bytes.firstIndex(of: tag, from: searchFrom) else { return none }
            starts.append(start)
            searchFrom = start + 1
        }
        var cut = none
        var index = 0
        while index < headings.count {
            let heading = headings[index]
            guard let key = sectionKeys[index] else {
                index += 1
                continue
            }
            var next = index + 1
            while next < headings.count && headings[next].level > heading.level { next += 1 }
            let start = starts[index]
            let end = next < headings.count ? starts[next] : bytes.count
            let closing = UnsafeBufferPointer(rebasing: bytes[..<end]).firstIndex(of: Array("</h\(heading.level)>".utf8), from: start)
            let afterHeading = closing.map { bytes[($0 + 5)..<end] } ?? bytes[end..<end]
            if next == index + 1 && onlyCollectedMarkup(afterHeading) {
                cut.ranges.append(start..<end)
                cut.removed[heading.id] = key
            }
            index = next
        }
        return cut
    }

    /// Whether `fragment` holds nothing but blocks the section collector reads in full.
    private static func onlyCollectedMarkup(_ fragment: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var listDepthInItem = 0
        var openItems = 0
        var rest = fragment
        while let open = rest.firstIndex(of: UInt8(ascii: "<")) {
            let afterOpen = open + 1
            let closing = afterOpen < rest.endIndex && rest[afterOpen] == UInt8(ascii: "/")
            let nameBytes = rest[(closing ? afterOpen + 1 : afterOpen)...].prefix { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
            // Read as lowercase, without making a string of it.
            guard let name = collectedTags.first(where: { equalsIgnoringCase(nameBytes, $0.utf8) }) else { return false }
            if name == "li" { openItems += closing ? -1 : 1 }
            if (name == "ul" || name == "ol") && !closing && openItems > 0 { listDepthInItem += 1 }
            if name == "blockquote" && !closing && openItems > 0 { return false }
            rest = rest[afterOpen...]
        }
        return listDepthInItem == 0
    }

    private static let collectedTags = ["p", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "br"]

    /// Calls `transform(name, value)` for every attribute named in `names` (lowercase) and writes
    /// back what it returns, escaped for a double-quoted attribute; moves headings `shift` levels
    /// down in the same pass. Values are read as written (entities kept), which is what the ids
    /// and URLs libcmark writes look like.
    static func rewritingAttributes(_ html: UnsafeBufferPointer<UInt8>, names: Set<String>, shiftingHeadingsBy shift: Int = 0,
                                    _ transform: (String, String) -> String) -> [UInt8] {
        scan(html, names: names, shiftingHeadingsBy: shift, writing: true, transform)
    }

    /// The values of the attributes named in `names` (lowercase) in `html`, in order, read as
    /// `rewritingAttributes` reads them.
    static func attributeValues(_ html: UnsafeBufferPointer<UInt8>, names: Set<String>) -> [String] {
        var values: [String] = []
        _ = scan(html, names: names, shiftingHeadingsBy: 0, writing: false) { _, value in
            values.append(value)
            return value
        }
        return values
    }

    /// Reads the tags of `bytes` for `rewritingAttributes` and `attributeValues`; the rewritten
    /// bytes when `writing`, nothing otherwise.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, names: Set<String>, shiftingHeadingsBy shift: Int, writing: Bool,
                             _ transform: (String, String) -> String) -> [UInt8] {
        let wanted = names.map { Array($0.utf8) }
        var out: [UInt8] = []
        if writing { out.reserveCapacity(bytes.count + bytes.count / 8) }
        // Bytes are copied in runs, from `copied` up to where something is written differently.
        var copied = 0
        func copy(upTo end: Int) {
            if writing { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<end])) }
        }
        var index = 0
        var inTag = false
        var nameStart = 0
        while index < bytes.count {
            if !inTag {
                // Text between tags is copied as it is.
                guard let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) else { break }
                inTag = true
                index = open + 1
                guard shift > 0 else { continue }
                var next = index
                if next < bytes.count, bytes[next] == UInt8(ascii: "/") { next += 1 }
                if next + 2 < bytes.count, bytes[next] == UInt8(ascii: "h"),
                   (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[next + 1]),
                   bytes[next + 2] == UInt8(ascii: ">") || bytes[next + 2] == UInt8(ascii: " ") {
                    copy(upTo: next + 1)
                    out.append(UInt8(ascii: "0") + UInt8(min(6, Int(bytes[next + 1] - UInt8(ascii: "0")) + shift)))
                    copied = next + 2
                    next += 2
                }
                index = next
                continue
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: ">"): inTag = false
            case UInt8(ascii: "<"):
                // A tag opened inside another is read as the one that counts.
                inTag = false
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"): nameStart = index + 1
            case UInt8(ascii: "="):
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'") else { break }
                let quote = bytes[index + 1]
                guard let close = bytes[(index + 2)...].firstIndex(of: quote) else { break }
                if let match = wanted.first(where: { Self.equalsIgnoringCase(bytes[nameStart..<index], $0) }) {
                    copy(upTo: index + 1)
                    let value = transform(String(decoding: match, as: UTF8.self), String(decoding: bytes[(index + 2)..<close], as: UTF8.self))
                    if writing {
                        out.append(UInt8(ascii: "\""))
                        for byte in value.utf8 {
                            if byte == UInt8(ascii: "\"") { out += "&quot;".utf8 } else { out.append(byte) }
                        }
                        out.append(UInt8(ascii: "\""))
                    }
                    copied = close + 1
                }
                index = close + 1
                continue
            default: break
            }
            index += 1
        }
        copy(upTo: bytes.count)
        return out
    }

    private static func equalsIgnoringCase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lowercase: some Collection<UInt8>) -> Bool {
        bytes.count == lowercase.count && zip(bytes, lowercase).allSatisfy { ($0 | 0x20) == $1 }
    }
}
