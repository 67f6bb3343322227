import Foundation
import CCMark

/// A Markdown document rendered to HTML, with what the build reads from its syntax tree.
public struct RenderedMarkdown: Sendable, Equatable {
    /// The body as HTML, every top-level heading carrying a stable `id`.
    public var html: String {
        get {
            switch storedHTML {
            case .text(let text): text
            case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
            case .encoded(let encoded): encoded.text
            }
        }
        set { storedHTML = .text(newValue) }
    }
    /// `html`, or where to read it from when a page asks for it (see `EncodedText`).
    private var storedHTML: StoredText
    /// The top-level headings in order.
    public var headings: [Heading]
    /// The items found under headings whose names were asked for, by the asked-for key.
    public var sections: [String: [SectionItem]]
    /// Every list item of the document as plain text, in document order.
    public var listItems: [String]
    /// The text of a level-one heading that opens the document, if there is one.
    public var leadingTitle: String?
    /// The ids of the headings whose sections of `sections` hold a block of raw HTML (with
    /// `unsafeHTML`), whose text the items read from them leave out. Not kept with the body:
    /// read as the document is, like `sections`.
    var sectionsWithRawHTML: Set<String> = []

    private enum StoredText: Sendable {
        case text(String)
        /// As cmark made it: valid UTF-8, made a `String` only if a page asks for one.
        case bytes([UInt8])
        case encoded(EncodedText)
    }

    public init(html: String, headings: [Heading], sections: [String: [SectionItem]], listItems: [String], leadingTitle: String?) {
        self.init(storedHTML: .text(html), headings: headings, sections: sections, listItems: listItems, leadingTitle: leadingTitle)
    }

    /// A body with nothing in it.
    static let empty = RenderedMarkdown(html: [UInt8](), headings: [], sections: [:], listItems: [], leadingTitle: nil)

    /// A body whose HTML is the UTF-8 bytes `html`, which must be valid.
    init(html: [UInt8], headings: [Heading], sections: [String: [SectionItem]], listItems: [String], leadingTitle: String?) {
        self.init(storedHTML: .bytes(html), headings: headings, sections: sections, listItems: listItems, leadingTitle: leadingTitle)
    }

    /// A body whose HTML is read from the cache's file of bodies only when asked for.
    init(html: EncodedText, headings: [Heading], sections: [String: [SectionItem]], listItems: [String], leadingTitle: String?) {
        self.init(storedHTML: .encoded(html), headings: headings, sections: sections, listItems: listItems, leadingTitle: leadingTitle)
    }

    private init(storedHTML: StoredText, headings: [Heading], sections: [String: [SectionItem]], listItems: [String], leadingTitle: String?) {
        self.storedHTML = storedHTML
        self.headings = headings
        self.sections = sections
        self.listItems = listItems
        self.leadingTitle = leadingTitle
    }

    /// Calls `body` with the UTF-8 bytes of `html`, read where they are when the text was not made yet.
    func withHTMLUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch storedHTML {
        case .text(var text): text.withUTF8(body)
        case .bytes(let bytes): bytes.withUnsafeBufferPointer(body)
        case .encoded(let encoded): encoded.withUTF8(body)
        }
    }

    /// `html` as markup a template writes as it is, without making it a `String`.
    var htmlMarkup: Markup {
        switch storedHTML {
        case .text(let text): Markup(bytes: Array(text.utf8))
        case .bytes(let bytes): Markup(bytes: bytes)
        case .encoded(let encoded): Markup(bytes: encoded.bytes ?? [])
        }
    }

    /// How many UTF-8 bytes `html` has, and their hash (`Manifest.hash`), known without reading
    /// a body left in the cache's file of bodies.
    var htmlCount: Int {
        switch storedHTML {
        case .text(let text): text.utf8.count
        case .bytes(let bytes): bytes.count
        case .encoded(let encoded): encoded.count
        }
    }

    var htmlHash: UInt64 {
        switch storedHTML {
        case .text(let text): Manifest.hash(text)
        case .bytes(let bytes): Manifest.hash(bytes)
        case .encoded(let encoded): encoded.hash
        }
    }

    /// The UTF-8 bytes of `html`; nil when they were left in the cache's file of bodies and are
    /// not there any more as they were written (see `BodyStore`).
    var htmlBytes: [UInt8]? {
        switch storedHTML {
        case .text(let text): Array(text.utf8)
        case .bytes(let bytes): bytes
        case .encoded(let encoded): encoded.bytes
        }
    }

    /// Equal when everything is, the HTML byte for byte: two spellings of an accent are two pages.
    public static func == (a: RenderedMarkdown, b: RenderedMarkdown) -> Bool {
        guard a.headings == b.headings, a.sections == b.sections, a.listItems == b.listItems, a.leadingTitle == b.leadingTitle else { return false }
        if case .encoded(let x) = a.storedHTML, case .encoded(let y) = b.storedHTML, x === y { return true }
        return a.withHTMLUTF8 { a in b.withHTMLUTF8 { UnsafeRawBufferPointer(a).hasSameBytes(as: UnsafeRawBufferPointer($0)) } }
    }
}

/// A heading of a rendered document.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
}

/// One list item or paragraph under a named section heading, with the `id` of that heading.
public struct SectionItem: Sendable, Equatable {
    public var text: String
    public var anchor: String
}

/// The one place that talks to libcmark.
public enum Markdown {
    /// Options for rendering.
    public struct Options: Sendable, Equatable {
        /// Lets raw HTML and every link scheme through; off by default (cmark's safe mode).
        public var unsafeHTML = false
        /// Leaves out a level-one heading at the very start (used when it became the title).
        public var dropLeadingTitle = false
        /// Section names to collect items from, as `key: [heading names]`; matching ignores case.
        public var sections: [String: [String]] = [:]
        /// Ids the page uses elsewhere, which headings must not take.
        public var reservedIDs: Set<String> = []

        public init(unsafeHTML: Bool = false, dropLeadingTitle: Bool = false, sections: [String: [String]] = [:], reservedIDs: Set<String> = []) {
            self.unsafeHTML = unsafeHTML
            self.dropLeadingTitle = dropLeadingTitle
            self.sections = sections
            self.reservedIDs = reservedIDs
        }
    }

    /// Parses `text` with smart punctuation and renders it, reading headings, sections and list items on the way.
    /// Like a C string, the text ends at its first NUL, if it has one.
    public static func render(_ text: some StringProtocol, options: Options = .init()) -> RenderedMarkdown {
        var flags = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8
        if options.unsafeHTML { flags |= CMARK_OPT_UNSAFE }
        let document = parse(text, flags)
        // Everything cmark made for this document came from the thread's arena (see shim.h).
        defer {
            cmark_node_free(document)
            rebound_arena_release()
        }
        // Only a text holding `![` has images to look at.
        if text.utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: imageOpening, from: 0) != nil }) ?? true { keepImagesLocal(document) }

        let wanted = sectionKeys(options.sections)

        var html: [UInt8] = []
        html.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        var headings: [Heading] = []
        var usedIDs: [String: Int] = [:]
        var sections: [String: [SectionItem]] = [:]
        var sectionsWithRawHTML: Set<String> = []
        var current: (key: String, level: Int, anchor: String)?
        var leadingTitle: String?
        var reader = ListReader()
        var node = cmark_node_first_child(document)
        var isFirst = true

        while let block = node {
            node = cmark_node_next(block)
            let items = reader.read(block)
            let type = cmark_node_get_type(block)
            if type == CMARK_NODE_HEADING {
                let level = Int(cmark_node_get_heading_level(block))
                let title = plainText(of: block)
                if isFirst && level == 1 {
                    // An empty heading names nothing: the title then comes from elsewhere.
                    leadingTitle = title.isEmpty ? nil : title
                    if options.dropLeadingTitle { isFirst = false; continue }
                }
                let id = uniqueID(for: title, used: &usedIDs, reserved: options.reservedIDs)
                headings.append(Heading(level: level, text: title, id: id))
                // A subheading inside a collected section keeps collecting; any other heading
                // starts the section it names, or ends collecting.
                if current.map({ level <= $0.level }) ?? true {
                    current = wanted[sectionKey(title)].map { ($0, level, id) }
                    // A named section is present even while it holds nothing.
                    if let key = current?.key, sections[key] == nil { sections[key] = [] }
                }
                // cmark writes `<hN>`; the id goes into that opening tag.
                html.append(contentsOf: "<h\(level) id=\"\(id)\">".utf8)
                appendHTML(block, flags, to: &html, droppingPrefix: 4)
            } else {
                if let current {
                    collect(block, items: items, into: &sections[current.key, default: []], anchor: current.anchor)
                    if options.unsafeHTML, holdsRawHTML(block) { sectionsWithRawHTML.insert(current.anchor) }
                }
                appendHTML(block, flags, to: &html)
            }
            isFirst = false
        }

        // cmark checks its input (`CMARK_OPT_VALIDATE_UTF8`), so what it writes is UTF-8.
        var rendered = RenderedMarkdown(
            html: html,
            headings: headings,
            sections: sections,
            listItems: reader.listItems,
            leadingTitle: leadingTitle
        )
        rendered.sectionsWithRawHTML = sectionsWithRawHTML
        return rendered
    }

    /// Keeps the page from loading anything from the network: an image at an address outside
    /// the site (`https://…`, `//host/…`) becomes a link to it, with its description, or else
    /// the address, as the link's text (or its description alone inside a link); one at an
    /// address a page must not load (`javascript:`, `file:`, none at all) becomes its description.
    private static func keepImagesLocal(_ document: OpaquePointer) {
        var images: [OpaquePointer] = []
        walk(document) { node in
            if cmark_node_get_type(node) == CMARK_NODE_IMAGE { images.append(node) }
        }
        for image in images {
            let address = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
            let place = ImageAddress(address)
            guard place != .inSite else { continue }
            // A link cannot hold another: inside one, the image becomes its description.
            let replacement = place == .elsewhere && !isInLink(image) ? cmark_node_new(CMARK_NODE_LINK) : nil
            if let link = replacement {
                cmark_node_set_url(link, address)
                if let title = cmark_node_get_title(image) { cmark_node_set_title(link, title) }
            }
            if cmark_node_first_child(image) == nil, let link = replacement, let text = cmark_node_new(CMARK_NODE_TEXT) {
                cmark_node_set_literal(text, address)
                cmark_node_append_child(link, text)
            }
            while let child = cmark_node_first_child(image) {
                if let link = replacement { cmark_node_append_child(link, child) } else { cmark_node_insert_before(image, child) }
            }
            if let link = replacement { cmark_node_insert_before(image, link) }
            cmark_node_free(image)
        }
    }

    private static let imageOpening = Array("![".utf8)

    private static func isInLink(_ node: OpaquePointer) -> Bool {
        var parent = cmark_node_parent(node)
        while let current = parent {
            if cmark_node_get_type(current) == CMARK_NODE_LINK { return true }
            parent = cmark_node_parent(current)
        }
        return false
    }

    /// Where an image's address leads: into the site, outside it, or nowhere a page may load.
    enum ImageAddress: Equatable {
        case inSite, elsewhere, refused

        init(_ address: String) {
            let trimmed = address.drop { $0 == " " }
            guard !trimmed.isEmpty else { self = .refused; return }
            if trimmed.hasPrefix("//") { self = .elsewhere; return }
            guard let scheme = HTML.scheme(of: trimmed) else {
                self = .inSite
                return
            }
            switch scheme.lowercased() {
            case "data":
                // Held in the page itself; cmark lets through pictures of these kinds only.
                let kind = trimmed[trimmed.index(after: scheme.endIndex)...].lowercased()
                self = ["image/png", "image/gif", "image/jpeg", "image/webp"].contains { kind.hasPrefix($0) } ? .inSite : .refused
            case "javascript", "vbscript", "file":
                self = .refused
            default:
                self = .elsewhere
            }
        }
    }

    /// Whether `block` is or holds a block of raw HTML.
    private static func holdsRawHTML(_ block: OpaquePointer) -> Bool {
        var found = false
        walk(block) { node in found = found || cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK }
        return found
    }

    /// The section each name of `sections` (`[key: names]`) starts, by its `sectionKey`; a
    /// name given for two sections starts the first of them in the order of their keys, so
    /// every build reads it the same.
    static func sectionKeys(_ sections: [String: [String]]) -> [String: String] {
        var keys: [String: String] = [:]
        for key in sections.keys.sorted() {
            for name in sections[key] ?? [] {
                let made = sectionKey(name)
                if keys[made] == nil { keys[made] = key }
            }
        }
        return keys
    }

    /// The normalised form of a section name: lower case, straight quotes (smart punctuation
    /// curls the heading's but not the configured name's), no surrounding spaces or trailing colon.
    static func sectionKey(_ name: String) -> String {
        if let key = smartASCIISectionKey(name) { return key }
        var key = name.lowercased().trimmingCharacters(in: .whitespaces)
        for (curly, straight) in [("\u{2018}", "'"), ("\u{2019}", "'"), ("\u{201C}", "\""), ("\u{201D}", "\"")] {
            key = key.replacingOccurrences(of: curly, with: straight)
        }
        while key.hasSuffix(":") { key.removeLast() }
        return key.trimmingCharacters(in: .whitespaces)
    }

    /// The same key byte by byte, for names that are ASCII apart from smart punctuation
    /// (curly quotes, dashes, ellipsis), none of which lower-casing or trimming touches; nil otherwise.
    private static func smartASCIISectionKey(_ name: String) -> String? {
        let made = SmartASCII.bytes(of: name) { unit, bytes in
            switch unit {
            case .ascii(let byte): bytes.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            case .curlyApostrophe: bytes.append(UInt8(ascii: "'"))
            case .punctuation(0x9C), .punctuation(0x9D): bytes.append(UInt8(ascii: "\""))
            case .punctuation(let last):
                bytes.append(0xE2)
                bytes.append(0x80)
                bytes.append(last)
            }
            return true
        }
        guard let bytes = made else { return nil }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        var end = bytes.endIndex
        while end > 0, isSpace(bytes[end - 1]) { end -= 1 }
        while end > 0, bytes[end - 1] == UInt8(ascii: ":") { end -= 1 }
        while end > 0, isSpace(bytes[end - 1]) { end -= 1 }
        let start = bytes[..<end].firstIndex { !isSpace($0) } ?? end
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The document of `text` up to its first NUL, parsed in place when its UTF-8 is contiguous.
    private static func parse(_ text: some StringProtocol, _ flags: Int32) -> OpaquePointer {
        func parseBytes(_ buffer: UnsafeBufferPointer<UInt8>) -> OpaquePointer {
            guard let base = buffer.baseAddress else { return rebound_arena_parse("", 0, flags) }
            let length = memchr(base, 0, buffer.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? buffer.count
            return base.withMemoryRebound(to: CChar.self, capacity: length) { rebound_arena_parse($0, length, flags) }
        }
        return text.utf8.withContiguousStorageIfAvailable(parseBytes) ?? Array(text.utf8).withUnsafeBufferPointer(parseBytes)
    }

    private static func appendHTML(_ node: OpaquePointer, _ flags: Int32, to html: inout [UInt8], droppingPrefix prefix: Int = 0) {
        guard let pointer = cmark_render_html(node, flags) else { return }
        defer { rebound_arena_free(pointer) }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
        // The prefix is ASCII, but counted in characters: one that a combining mark joins goes with it.
        if prefix > 0, bytes.count > prefix, bytes[prefix] >= 0x80 {
            html.append(contentsOf: String(decoding: bytes, as: UTF8.self).dropFirst(prefix).utf8)
        } else {
            html.append(contentsOf: bytes.dropFirst(prefix))
        }
    }

    private static func uniqueID(for title: String, used: inout [String: Int], reserved: Set<String>) -> String {
        let base = Slug.make(title, fallback: "section")
        var count = (used[base] ?? (reserved.contains(base) ? 1 : 0)) + 1
        var id = count == 1 ? base : "\(base)-\(count)"
        while count > 1 && (used[id] != nil || reserved.contains(id)) {
            count += 1
            id = "\(base)-\(count)"
        }
        used[base] = count
        used[id] = max(used[id] ?? 0, 1)
        return id
    }

    /// Adds the texts of a list block's items (read already as `items`), or the block's text
    /// otherwise, to `sectionItems`.
    private static func collect(_ block: OpaquePointer, items: [String], into sectionItems: inout [SectionItem], anchor: String) {
        switch cmark_node_get_type(block) {
        case CMARK_NODE_LIST:
            sectionItems += items.map { SectionItem(text: $0, anchor: anchor) }
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_BLOCK_QUOTE:
            let text = plainText(of: block)
            if !text.isEmpty { sectionItems.append(SectionItem(text: text, anchor: anchor)) }
        default:
            break
        }
    }

    /// The document's list items, read block by block.
    private struct ListReader {
        var listItems: [String] = []

        /// Reads `block` and everything in it; returns the non-empty texts of the block's own items.
        mutating func read(_ block: OpaquePointer) -> [String] {
            var ownItems: [String] = []
            walk(block) { node in
                guard cmark_node_get_type(node) == CMARK_NODE_ITEM else { return }
                let item = itemText(node)
                guard !item.isEmpty else { return }
                listItems.append(item)
                if cmark_node_parent(node) == block { ownItems.append(item) }
            }
            return ownItems
        }
    }

    /// The text of a list item without its nested lists.
    private static func itemText(_ item: OpaquePointer) -> String {
        var parts: [String] = []
        var child = cmark_node_first_child(item)
        while let block = child {
            if cmark_node_get_type(block) != CMARK_NODE_LIST {
                let part = plainText(of: block)
                if !part.isEmpty { parts.append(part) }
            }
            child = cmark_node_next(block)
        }
        return parts.count == 1 ? parts[0] : parts.joined(separator: " ")
    }

    /// Every text, code and break of a node joined as plain text, with spaces where lines broke.
    private static func plainText(of node: OpaquePointer) -> String {
        var text: [UInt8] = []
        walk(node) { current in
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                appendLiteral(of: current, to: &text)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text.append(0x20)
            case CMARK_NODE_PARAGRAPH where !text.isEmpty && !endsWithSpace(text):
                text.append(0x20)
            default:
                break
            }
        }
        return Whitespace.trimmed(bytes: text, .spacesAndNewlines)
    }

    private static func appendLiteral(of node: OpaquePointer, to text: inout [UInt8]) {
        guard let literal = cmark_node_get_literal(node) else { return }
        text.append(contentsOf: UnsafeRawBufferPointer(start: literal, count: strlen(literal)))
    }

    /// Whether the UTF-8 text ends with the character " ", as `String.hasSuffix(" ")` decides:
    /// a space after an ASCII character always stands alone, one after anything else may not.
    private static func endsWithSpace(_ text: [UInt8]) -> Bool {
        guard text.last == 0x20 else { return false }
        guard text.count > 1, text[text.count - 2] >= 0x80 else { return true }
        return String(decoding: text, as: UTF8.self).hasSuffix(" ")
    }

    private static func walk(_ root: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            if cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
                visit(node)
            }
        }
    }
}
