/// A Mustache template, parsed once and rendered many times by `TemplateRenderer`.
///
/// The language is Mustache as its specification defines it: `{{name}}` (escaped),
/// `{{{name}}}` and `{{&name}}` (raw), sections `{{#name}}…{{/name}}` and inverted sections
/// `{{^name}}…{{/name}}`, comments `{{! … }}`, partials `{{> name}}`, changed delimiters
/// `{{=<% %>=}}`, and inheritance: `{{<parent}}{{$block}}…{{/block}}{{/parent}}` fills the
/// `{{$block}}default{{/block}}` slots of another template. Dotted names (`site.title`) and
/// the implicit iterator `{{.}}` work as specified. A tag alone on its line leaves no blank line.
struct Template: Sendable {
    /// One piece of a parsed template.
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        /// `id` tells this section apart from every other of the theme (its template and place).
        case section(Name, [Node], inverted: Bool, id: Int)
        /// `{{> name}}`; a partial alone on its line is indented as its tag was.
        case partial(String, indentation: [UInt8])
        /// `{{< name}}…{{/name}}`: the named template, with these blocks filled in.
        case parent(String, blocks: [String: [Node]])
        /// `{{$ name}}default{{/name}}` outside a parent: a slot a child template may fill.
        case block(String, [Node])
    }

    /// A dotted name, split at its dots; no parts for `.`, the current value.
    struct Name: Sendable, Equatable {
        var parts: [String]
    }

    /// A `{{> name}}` or `{{< name}}` tag, for the theme's checks of missing and circular templates.
    struct Reference: Sendable, Equatable {
        var name: String
        /// `>` or `<`.
        var sigil: Character
        /// The byte offset of the tag in the source.
        var offset: Int
    }

    /// A problem found while parsing, at a byte offset of the source.
    struct SyntaxError: Error, Equatable {
        var message: String
        var offset: Int
    }

    let nodes: [Node]
    let references: [Reference]

    /// Sections nested deeper than this are refused, so a hostile template cannot exhaust the stack.
    static let maximumNesting = 100

    /// Parses `source`; `name` (the template's name in its theme) goes into the ids of its sections.
    init(_ source: String, name: String = "") throws(SyntaxError) {
        var parser = TemplateParser(source, name: name)
        (nodes, references) = try parser.parse()
    }
}

/// Reads template source into nodes, one tag at a time, with an explicit stack of open sections.
private struct TemplateParser {
    private enum Opened {
        case root
        case section(String, inverted: Bool)
        case parent(String)
        case block(String)

        var isBlock: Bool {
            if case .block = self { return true }
            return false
        }
    }

    private struct Frame {
        var opened: Opened
        /// Where the opening tag starts, for "never closed".
        var offset: Int
        var nodes: [Template.Node] = []
        var blocks: [String: [Template.Node]] = [:]
        var text: [UInt8] = []
    }

    private let source: [UInt8]
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    /// Where the current line starts, and whether a tag already stands on it.
    private var lineStart = 0
    private var tagOnLine = false
    private var frames = [Frame(opened: .root, offset: 0)]
    private var references: [Template.Reference] = []

    private let name: String

    init(_ text: String, name: String) {
        source = Array(text.utf8)
        self.name = name
    }

    mutating func parse() throws(Template.SyntaxError) -> ([Template.Node], [Template.Reference]) {
        while let start = find(open, from: position) {
            appendText(upTo: start)
            try readTag(at: start)
        }
        appendText(upTo: source.count)
        guard frames.count == 1 else {
            throw Template.SyntaxError(message: "a section is opened but never closed", offset: frames[frames.count - 1].offset)
        }
        flushText()
        return (frames[0].nodes, references)
    }

    // MARK: Text

    private mutating func appendText(upTo end: Int) {
        guard position < end else { return }
        frames[frames.count - 1].text.append(contentsOf: source[position..<end])
        if let newline = source[position..<end].lastIndex(of: 0x0A) {
            lineStart = newline + 1
            tagOnLine = false
        }
        position = end
    }

    private mutating func flushText() {
        let text = frames[frames.count - 1].text
        guard !text.isEmpty else { return }
        frames[frames.count - 1].text = []
        if case .parent = frames[frames.count - 1].opened { return }
        frames[frames.count - 1].nodes.append(.text(text))
    }

    // MARK: Tags

    private mutating func readTag(at start: Int) throws(Template.SyntaxError) {
        let contentStart = start + open.count
        let sigil = contentStart < source.count ? source[contentStart] : 0
        switch sigil {
        case UInt8(ascii: "!"):
            guard let end = find(close, from: contentStart) else { throw unclosed(start) }
            _ = standalone(start, end + close.count)
        case UInt8(ascii: "="):
            try setDelimiters(start)
        case UInt8(ascii: "%"):
            throw Template.SyntaxError(message: "unknown configuration tag", offset: start)
        case UInt8(ascii: "{") where open == Array("{{".utf8):
            let closing = Array("}".utf8) + close
            guard let end = find(closing, from: contentStart + 1) else { throw unclosed(start) }
            try appendVariable(try name(contentStart + 1, end, tag: start), escaped: false, tagAt: start, endingAt: end + closing.count)
        case UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"),
             UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "$"):
            guard let end = find(close, from: contentStart + 1) else { throw unclosed(start) }
            let word = try self.word(contentStart + 1, end, tag: start)
            let after = end + close.count
            if sigil == UInt8(ascii: "&") {
                return try appendVariable(try name(word, tag: start), escaped: false, tagAt: start, endingAt: after)
            }
            let indentation = standalone(start, after)
            flushText()
            try structural(sigil, word, at: start, indentation: indentation)
        default:
            guard let end = find(close, from: contentStart) else { throw unclosed(start) }
            try appendVariable(try name(contentStart, end, tag: start), escaped: true, tagAt: start, endingAt: end + close.count)
        }
    }

    /// A variable tag from `start` to `end`: it never stands alone, so the text around it stays.
    private mutating func appendVariable(_ name: Template.Name, escaped: Bool, tagAt start: Int, endingAt end: Int) throws(Template.SyntaxError) {
        position = end
        tagOnLine = true
        flushText()
        try append(.variable(name, escaped: escaped), at: start)
    }

    /// Sections, partials, parents and blocks: the tags that may stand alone on a line.
    private mutating func structural(_ sigil: UInt8, _ word: String, at start: Int, indentation: [UInt8]?) throws(Template.SyntaxError) {
        switch sigil {
        case UInt8(ascii: "#"), UInt8(ascii: "^"):
            _ = try name(word, tag: start)
            try push(.section(word, inverted: sigil == UInt8(ascii: "^")), at: start)
        case UInt8(ascii: "<"):
            references.append(.init(name: word, sigil: "<", offset: start))
            try push(.parent(word), at: start)
        case UInt8(ascii: "$"):
            try push(.block(word), at: start)
        case UInt8(ascii: ">"):
            references.append(.init(name: word, sigil: ">", offset: start))
            try append(.partial(word, indentation: indentation ?? []), at: start)
        default:
            try pop(word, at: start)
        }
    }

    private mutating func push(_ opened: Opened, at offset: Int) throws(Template.SyntaxError) {
        if case .parent = frames[frames.count - 1].opened, !opened.isBlock { throw onlyBlocks(offset) }
        guard frames.count <= Template.maximumNesting else {
            throw Template.SyntaxError(message: "sections are nested more than \(Template.maximumNesting) deep", offset: offset)
        }
        frames.append(Frame(opened: opened, offset: offset))
    }

    private mutating func pop(_ word: String, at offset: Int) throws(Template.SyntaxError) {
        let frame = frames.removeLast()
        let node: Template.Node
        switch frame.opened {
        case .root:
            throw Template.SyntaxError(message: "'{{/\(word)}}' closes a section that was never opened", offset: offset)
        case .section(let name, let inverted):
            guard name == word else { throw mismatch(offset) }
            // The same in every run, as the digests of remembered items that hold it must be.
            var id = StableHasher()
            id.combine(utf8: self.name)
            id.combine(frame.offset)
            node = .section(Template.Name(name), frame.nodes, inverted: inverted, id: id.finalize())
        case .parent(let name):
            guard name == word else { throw mismatch(offset) }
            node = .parent(name, blocks: frame.blocks)
        case .block(let name):
            guard name == word else { throw mismatch(offset) }
            if case .parent = frames[frames.count - 1].opened {
                frames[frames.count - 1].blocks[name] = frame.nodes
                return
            }
            node = .block(name, frame.nodes)
        }
        try append(node, at: frame.offset)
    }

    /// Adds a node to the innermost open section. A parent holds only block definitions:
    /// text between them is dropped, any other tag is an error.
    private mutating func append(_ node: Template.Node, at offset: Int) throws(Template.SyntaxError) {
        if case .parent = frames[frames.count - 1].opened {
            guard case .text = node else { throw onlyBlocks(offset) }
            return
        }
        frames[frames.count - 1].nodes.append(node)
    }

    private mutating func setDelimiters(_ start: Int) throws(Template.SyntaxError) {
        let ending = Array("=".utf8) + close
        guard let end = find(ending, from: start + open.count + 1) else {
            throw Template.SyntaxError(message: "invalid set-delimiter tag", offset: start)
        }
        let parts = source[(start + open.count + 1)..<end].split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        guard parts.count == 2, !parts[0].contains(UInt8(ascii: "=")), !parts[1].contains(UInt8(ascii: "=")) else {
            throw Template.SyntaxError(message: "invalid set-delimiter tag", offset: start)
        }
        _ = standalone(start, end + ending.count)
        open = Array(parts[0])
        close = Array(parts[1])
    }

    /// When the tag from `start` to `end` stands alone on its line, drops its indentation and line
    /// ending and returns the indentation; otherwise moves past the tag and returns nil.
    private mutating func standalone(_ start: Int, _ end: Int) -> [UInt8]? {
        var after = end
        while after < source.count, source[after] == 0x20 || source[after] == 0x09 { after += 1 }
        let lineEnds = after == source.count || source[after] == 0x0A
            || (source[after] == 0x0D && after + 1 < source.count && source[after + 1] == 0x0A)
        let alone = !tagOnLine && lineEnds && source[lineStart..<start].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        guard alone else {
            position = end
            tagOnLine = true
            return nil
        }
        let indentation = Array(source[lineStart..<start])
        frames[frames.count - 1].text.removeLast(min(indentation.count, frames[frames.count - 1].text.count))
        position = after == source.count ? after : after + (source[after] == 0x0D ? 2 : 1)
        lineStart = position
        tagOnLine = false
        return indentation
    }

    // MARK: Names

    private func word(_ from: Int, _ to: Int, tag: Int) throws(Template.SyntaxError) -> String {
        var (from, to) = (from, to)
        while from < to, source[from] == 0x20 || source[from] == 0x09 { from += 1 }
        while to > from, source[to - 1] == 0x20 || source[to - 1] == 0x09 { to -= 1 }
        let trimmed = source[from..<to]
        guard !trimmed.isEmpty else { throw Template.SyntaxError(message: "a tag has no name", offset: tag) }
        guard !trimmed.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { throw unclosed(tag) }
        guard !trimmed.contains(where: { $0 == 0x20 || $0 == 0x09 }) else {
            throw Template.SyntaxError(message: "'\(String(decoding: trimmed, as: UTF8.self))': a tag holds one name, without spaces", offset: tag)
        }
        return String(decoding: trimmed, as: UTF8.self)
    }

    private func name(_ from: Int, _ to: Int, tag: Int) throws(Template.SyntaxError) -> Template.Name {
        try name(word(from, to, tag: tag), tag: tag)
    }

    private func name(_ word: String, tag: Int) throws(Template.SyntaxError) -> Template.Name {
        if word.contains("(") {
            throw Template.SyntaxError(message: "'\(word)': functions in tags are not supported; prepare the value in the page instead", offset: tag)
        }
        return Template.Name(word)
    }

    // MARK: Errors and search

    private func unclosed(_ start: Int) -> Template.SyntaxError {
        Template.SyntaxError(message: "a tag is not closed with '\(String(decoding: close, as: UTF8.self))'", offset: start)
    }

    private func onlyBlocks(_ offset: Int) -> Template.SyntaxError {
        Template.SyntaxError(message: "only {{$block}} definitions may stand inside {{<parent}}", offset: offset)
    }

    private func mismatch(_ offset: Int) -> Template.SyntaxError {
        Template.SyntaxError(message: "a section is closed with a different name than it was opened with", offset: offset)
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        source.withUnsafeBufferPointer { $0.firstIndex(of: needle, from: start) }
    }
}

extension Template.Name {
    init(_ word: String) {
        parts = word == "." ? [] : word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}
