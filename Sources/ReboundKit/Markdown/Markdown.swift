import Foundation
import CCMark

/// A Markdown document rendered to HTML, with what the build reads from its syntax tree.
public struct RenderedMarkdown: Sendable, Equatable {
    /// The body as HTML, every top-level heading carrying a stable `id`.
    public var html: String
    /// The top-level headings in order.
    public var headings: [Heading]
    /// The items found under headings whose names were asked for, by the asked-for key.
    public var sections: [String: [SectionItem]]
    /// Every list item of the document as plain text, in document order.
    public var listItems: [String]
    /// The text of a level-one heading that opens the document, if there is one.
    public var leadingTitle: String?
    /// Words of running text, for reading-time estimates.
    public var wordCount: Int
    /// The text without markup, blocks separated by newlines, for search.
    public var plainText: String
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
    public static func render(_ text: String, options: Options = .init()) -> RenderedMarkdown {
        var flags = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8
        if options.unsafeHTML { flags |= CMARK_OPT_UNSAFE }
        let document: OpaquePointer = text.withCString { cmark_parse_document($0, strlen($0), flags) }
        defer { cmark_node_free(document) }

        var wanted: [String: String] = [:]
        for (key, names) in options.sections {
            for name in names { wanted[sectionKey(name)] = key }
        }

        var html = ""
        html.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        var headings: [Heading] = []
        var usedIDs: [String: Int] = [:]
        for id in options.reservedIDs { usedIDs[id] = 1 }
        var sections: [String: [SectionItem]] = [:]
        var current: (key: String, level: Int, anchor: String)?
        var leadingTitle: String?
        var node = cmark_node_first_child(document)
        var isFirst = true

        while let block = node {
            node = cmark_node_next(block)
            let type = cmark_node_get_type(block)
            if type == CMARK_NODE_HEADING {
                let level = Int(cmark_node_get_heading_level(block))
                let title = plainText(of: block)
                if isFirst && level == 1 {
                    leadingTitle = title
                    if options.dropLeadingTitle { isFirst = false; continue }
                }
                let id = uniqueID(for: title, used: &usedIDs)
                headings.append(Heading(level: level, text: title, id: id))
                // A subheading inside a collected section keeps collecting; any other heading
                // starts the section it names, or ends collecting.
                if current.map({ level <= $0.level }) ?? true {
                    current = wanted[sectionKey(title)].map { ($0, level, id) }
                    // A named section is present even while it holds nothing.
                    if let key = current?.key, sections[key] == nil { sections[key] = [] }
                }
                let rendered = renderHTML(block, flags)
                html += "<h\(level) id=\"\(id)\">" + rendered.dropFirst(4)
            } else {
                if let current {
                    collect(block, into: &sections[current.key, default: []], anchor: current.anchor)
                }
                html += renderHTML(block, flags)
            }
            isFirst = false
        }

        let words = textAndWords(in: document)
        return RenderedMarkdown(
            html: html,
            headings: headings,
            sections: sections,
            listItems: listItems(in: document),
            leadingTitle: leadingTitle,
            wordCount: words.count,
            plainText: words.text
        )
    }

    /// The normalised form of a section name: lower case, straight quotes (smart punctuation
    /// curls the heading's but not the configured name's), no surrounding spaces or trailing colon.
    static func sectionKey(_ name: String) -> String {
        var key = name.lowercased().trimmingCharacters(in: .whitespaces)
        for (curly, straight) in [("\u{2018}", "'"), ("\u{2019}", "'"), ("\u{201C}", "\""), ("\u{201D}", "\"")] {
            key = key.replacingOccurrences(of: curly, with: straight)
        }
        while key.hasSuffix(":") { key.removeLast() }
        return key.trimmingCharacters(in: .whitespaces)
    }

    private static func renderHTML(_ node: OpaquePointer, _ flags: Int32) -> String {
        guard let pointer = cmark_render_html(node, flags) else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private static func uniqueID(for title: String, used: inout [String: Int]) -> String {
        let base = Slug.make(title, fallback: "section")
        var count = used[base, default: 0] + 1
        var id = count == 1 ? base : "\(base)-\(count)"
        while count > 1 && used[id] != nil {
            count += 1
            id = "\(base)-\(count)"
        }
        used[base] = count
        used[id] = max(used[id] ?? 0, 1)
        return id
    }

    /// Adds each list item of a list block, or the block's text otherwise, to `items`.
    private static func collect(_ block: OpaquePointer, into items: inout [SectionItem], anchor: String) {
        switch cmark_node_get_type(block) {
        case CMARK_NODE_LIST:
            var item = cmark_node_first_child(block)
            while let current = item {
                let text = itemText(current)
                if !text.isEmpty { items.append(SectionItem(text: text, anchor: anchor)) }
                item = cmark_node_next(current)
            }
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_BLOCK_QUOTE:
            let text = plainText(of: block)
            if !text.isEmpty { items.append(SectionItem(text: text, anchor: anchor)) }
        default:
            break
        }
    }

    /// The text of a list item without its nested lists.
    private static func itemText(_ item: OpaquePointer) -> String {
        var parts: [String] = []
        var child = cmark_node_first_child(item)
        while let block = child {
            if cmark_node_get_type(block) != CMARK_NODE_LIST { parts.append(plainText(of: block)) }
            child = cmark_node_next(block)
        }
        return parts.filter { !$0.isEmpty }.joined(separator: " ")
    }

    private static func listItems(in document: OpaquePointer) -> [String] {
        var items: [String] = []
        walk(document) { node in
            if cmark_node_get_type(node) == CMARK_NODE_ITEM {
                let text = itemText(node)
                if !text.isEmpty { items.append(text) }
            }
        }
        return items
    }

    /// The document's text without markup, and how many words it holds.
    private static func textAndWords(in document: OpaquePointer) -> (text: String, count: Int) {
        var text = ""
        var words = 0
        walk(document) { node in
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                guard let literal = cmark_node_get_literal(node) else { return }
                var inWord = false
                var pointer = literal
                while pointer.pointee != 0 {
                    let byte = UInt8(bitPattern: pointer.pointee)
                    let space = byte == 0x20 || byte == 0x0A || byte == 0x09
                    if !space && !inWord { words += 1 }
                    inWord = !space
                    pointer += 1
                }
                text += String(cString: literal)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_CODE_BLOCK:
                if !text.isEmpty { text += "\n" }
                if let literal = cmark_node_get_literal(node), cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK {
                    text += String(cString: literal)
                }
            default:
                break
            }
        }
        return (text, words)
    }

    /// Every text, code and break of a node joined as plain text, with spaces where lines broke.
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        walk(node) { current in
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(current) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            case CMARK_NODE_PARAGRAPH where !text.isEmpty && !text.hasSuffix(" "):
                text += " "
            default:
                break
            }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
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
