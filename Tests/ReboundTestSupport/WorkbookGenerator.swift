import Foundation

/// SplitMix64: a small, fast generator whose whole state is one number, so a failing case
/// is reproduced from its seed alone.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `chance`.
    public mutating func chance(_ chance: Double) -> Bool { Double.random(in: 0..<1, using: &self) < chance }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    public mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}

/// Random workbooks for property tests: random YAML shapes (block and flow, every quoting
/// style, anchors, now and then a broken document), random Markdown (every block kind, links
/// with every scheme, raw HTML), random names (scripts, emoji, path tricks, reserved names,
/// markup), and now and then odd bytes (a byte-order mark, CR line endings, NUL, invalid UTF-8).
///
/// Body links are absolute (a scheme) or dropped by the renderer, so every relative link of a
/// built site is one the site made itself and must resolve.
public struct WorkbookGenerator {
    public var random: SeededRandom

    public init(seed: UInt64) { random = SeededRandom(seed: seed) }

    // MARK: Pools

    static let hostile = [
        "<script>alert(1)</script>", "<SCRIPT SRC=//x.example/a.js></SCRIPT>", "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>", "javascript:alert(1)", "</textarea><script>alert(1)</script>", "</script><script>alert(1)</script>",
        "</title><script>alert(1)</script>", "<!--", "-->", "]]>", "{{title}}", "{{{body}}}", "{{> layout}}", "&amp;", "&lt;script&gt;",
        "&#x3C;script&#x3E;", "\\u003cscript", "${alert(1)}", "`", "'", "\"", "<", ">", "&", "\u{2028}", "\u{2029}",
        "<style>body{display:none}</style>", "<iframe src=javascript:alert(1)>", "<a href=javascript:alert(1)>x</a>",
    ]

    static let words = [
        "rain", "walk", "letter", "Interview", "the", "no", "call", "quiet", "Maya", "Dad", "rest", "job search",
        "Café", "été", "e\u{301}te\u{301}", "naïve", "İstanbul", "Straße", "ﬁne", "日本語", "メモ", "Привет", "שלום", "مرحبا",
        "नमस्ते", "🌧️", "☔", "👩‍👩‍👧", "Z\u{351}\u{346}a\u{352}l\u{344}g\u{346}o", "\u{202E}evil", "con", "NUL", "lpt1",
        "..", ".", "/", "\\", "%2F", "%2e%2e", "%00", "?", "#", "~", "-", "_", "   ", "\t",
    ]

    static let urls = [
        "https://example.org/x?y=1&z=2", "http://example.org", "mailto:someone@example.org", "javascript:alert(1)",
        "JaVaScRiPt:alert(1)", "<javascript:alert(1)>", "javascript&#58;alert(1)", "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "https://example.org/\"onmouseover=\"alert(1)", "https://example.org/<script>",
    ]

    mutating func word() -> String {
        let roll = random.int(0...9)
        if roll < 5 { return random.pick(Self.words) }
        if roll < 8 { return random.pick(Self.hostile) }
        if roll == 8 { return String(repeating: random.pick(["a", "é", "日", "🌧️"]), count: random.int(60...130)) }
        return String(random.int(0...99999))
    }

    /// A few random words, hostile ones among them.
    mutating func text() -> String {
        (0..<random.int(1...5)).map { _ in word() }.joined(separator: " ")
    }

    // MARK: YAML

    indirect enum Value {
        case scalar(String)
        case raw(String)
        case list([Value])
        case map([(String, Value)])
    }

    /// `text` as a YAML scalar in a random style that keeps its meaning.
    mutating func quoted(_ text: String, inFlow: Bool) -> String {
        let plainSafe = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ($0.value >= 0x30 && $0.value <= 0x39) || $0 == " " }
            && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(text.lowercased())
        if plainSafe && random.chance(0.5) { return text }
        let singleSafe = !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{FEFF}" }
        if singleSafe && random.chance(0.4) { return "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FEFF}" {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    mutating func flow(_ value: Value) -> String {
        switch value {
        case .scalar(let text): return quoted(text, inFlow: true)
        case .raw(let text): return text
        case .list(let items): return "[" + items.map { flow($0) }.joined(separator: ", ") + "]"
        case .map(let pairs): return "{" + pairs.map { "\($0.0): " + flow($0.1) }.joined(separator: ", ") + "}"
        }
    }

    /// `key: value` lines at `indent`, each collection in block or flow style at random.
    mutating func block(_ pairs: [(String, Value)], indent: String = "") -> String {
        var out = ""
        for (key, value) in pairs {
            let anchor = random.chance(0.05) ? " &a\(random.int(0...999))" : ""
            switch value {
            case .list(let items) where !items.isEmpty && random.chance(0.5):
                out += "\(indent)\(key):\(anchor)\n"
                for item in items { out += "\(indent)  - " + flow(item) + "\n" }
            case .map(let inner) where !inner.isEmpty && random.chance(0.5):
                out += "\(indent)\(key):\(anchor)\n" + block(inner, indent: indent + "  ")
            case .scalar(let text) where text.contains("\n") == false && random.chance(0.1) && !text.hasPrefix(" ") && !text.isEmpty:
                out += "\(indent)\(key):\(anchor) |\n\(indent)  \(text)\n"
            default:
                out += "\(indent)\(key):\(anchor) " + flow(value) + "\n"
            }
        }
        return out
    }

    mutating func number(_ range: ClosedRange<Int>) -> Value {
        switch random.int(0...9) {
        case 0: return .scalar(random.pick(["-1", "11", "1e9", "nan", ".inf", "4.5", "0x5", "99999999999999999999999", ""]))
        case 1: return .list([.scalar("3")])
        default: return .raw(String(random.int(range)))
        }
    }

    mutating func day() -> String {
        switch random.int(0...19) {
        case 0: return random.pick(["2026-02-30", "2026-13-01", "0000-01-01", "2026-11-2", "yesterday"])
        case 1: return "2027-0\(random.int(1...9))-1\(random.int(0...9))"
        default:
            let month = random.int(1...12)
            return "20\(random.int(24...26))-\(month < 10 ? "0" : "")\(month)-\(random.int(10...28))"
        }
    }

    mutating func list(_ make: (inout WorkbookGenerator) -> Value) -> Value {
        .list((0..<random.int(0...4)).map { _ in make(&self) })
    }

    mutating func entryFields(datedByName: Bool) -> [(String, Value)] {
        var fields: [(String, Value)] = []
        if random.chance(0.6) { fields.append(("title", .scalar(text()))) }
        if !datedByName || random.chance(0.3) { fields.append(("date", .raw(day()))) }
        if random.chance(0.5) { fields.append(("kind", .scalar(random.chance(0.95) ? random.pick(["work", "romantic", "Friendship", "other"]) : word()))) }
        if random.chance(0.6) { fields.append(("mood", number(0...10))) }
        if random.chance(0.5) {
            fields.append(("emotions", list { generator in
                if generator.random.chance(0.3) { return .scalar(generator.word()) }
                var emotion: [(String, Value)] = [("name", .scalar(generator.word()))]
                if generator.random.chance(0.7) { emotion.append(("intensity", generator.number(0...10))) }
                if generator.random.chance(0.5) { emotion.append(("thought", .scalar(generator.text()))) }
                if generator.random.chance(0.5) { emotion.append(("after", generator.number(0...10))) }
                return .map(emotion)
            }))
        }
        if random.chance(0.4) {
            fields.append(("challenges", list { generator in
                .map([("thought", .scalar(generator.text())), ("response", .scalar(generator.text()))])
            }))
        }
        if random.chance(0.3) {
            fields.append(("self_care", list { generator in
                .map([("sense", .scalar(generator.random.pick(["sight", "sound", "smell", "taste", "touch", "movement"]))), ("what", .scalar(generator.text()))])
            }))
        }
        if random.chance(0.3) { fields.append(("support", list { .scalar($0.word()) })) }
        if random.chance(0.3) {
            fields.append(("habits", .map([("sleep", .raw(String(random.int(0...12)) + ".5")), ("water", number(0...50)), ("exercise", number(0...120)), ("meals", number(0...5))])))
        }
        if random.chance(0.5) { fields.append(("learned", list { .scalar($0.text()) })) }
        if random.chance(0.4) { fields.append(("next", list { .scalar($0.text()) })) }
        if random.chance(0.6) { fields.append(("tags", list { .scalar($0.word()) })) }
        if random.chance(0.1) { fields.append(("draft", .raw(random.pick(["true", "false", "no"])))) }
        if random.chance(0.1) { fields.append((random.pick(["moood", "colour", "x-custom", "\"<b>\""]), .scalar(text()))) }
        return fields
    }

    /// Front matter with the `---` fences, sometimes broken on purpose.
    mutating func frontMatter(_ fields: [(String, Value)]) -> String {
        var yaml = block(fields)
        switch random.int(0...39) {
        case 0: yaml += "oops: \"unclosed\n"
        case 1: yaml += "title: x\n\tmood: 2\n"
        case 2: yaml = "base: &b [x]\ntags: *b\n" + yaml
        case 3: return "---\n" + yaml  // never closed
        case 4: yaml += "  bad: indentation\n"
        default: break
        }
        return "---\n" + yaml + (random.chance(0.9) ? "---\n" : "...\n")
    }

    // MARK: Markdown

    mutating func inline() -> String {
        var parts: [String] = []
        for _ in 0..<random.int(1...6) {
            switch random.int(0...11) {
            case 0: parts.append("*\(word())*")
            case 1: parts.append("**\(word())**")
            case 2: parts.append("`\(word())`")
            case 3: parts.append("[\(word())](\(random.pick(Self.urls)))")
            case 4: parts.append("![\(word())](\(random.pick(Self.urls)))")
            case 5: parts.append("<\(random.pick(["https://example.org/a", "javascript:alert(1)", "mailto:a@example.org"]))>")
            case 6: parts.append(random.pick(["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<b onmouseover=alert(1)>b</b>", "</textarea>", "<!-- c -->"]))
            case 7: parts.append("[ref\(random.int(0...2))]")
            default: parts.append(text())
            }
        }
        return parts.joined(separator: " ")
    }

    mutating func markdown(sections: [String]) -> String {
        var blocks: [String] = []
        for _ in 0..<random.int(0...8) {
            switch random.int(0...12) {
            case 0: blocks.append(String(repeating: "#", count: random.int(1...6)) + " " + (random.chance(0.4) ? random.pick(sections) : inline()))
            case 1, 2: blocks.append((0..<random.int(1...4)).map { _ in (random.chance(0.5) ? "- " : "1. ") + inline() }.joined(separator: "\n"))
            case 3: blocks.append("- " + inline() + "\n  - " + inline() + "\n    - " + inline())
            case 4: blocks.append("> " + inline() + "\n> > " + inline())
            case 5: blocks.append("```" + random.pick(["", "swift", "\"><script>alert(1)</script>", "js onload=x"]) + "\n" + text() + "\n<script>alert(1)</script>\n```")
            case 6: blocks.append(random.pick(["<script>\nalert(1)\n</script>", "<div onclick=\"alert(1)\">\n\nx\n\n</div>", "<textarea>\n</textarea><script>alert(1)</script>", "<iframe src=\"javascript:alert(1)\"></iframe>", "<style>*{}</style>"]))
            case 7: blocks.append("---")
            case 8: blocks.append("[ref\(random.int(0...2))]: \(random.pick(Self.urls))")
            case 9: blocks.append("| a | b |\n|---|---|\n| \(word()) | \(word()) |")
            default: blocks.append(inline())
            }
        }
        return blocks.joined(separator: "\n\n") + (random.chance(0.8) ? "\n" : "")
    }

    // MARK: Names and bytes

    /// A file name (without extension) from random words: no `/`, NUL or leading dot, at most 200 bytes.
    mutating func fileName() -> String {
        var name = (0..<random.int(1...3)).map { _ in word() }.joined(separator: random.pick(["-", " ", "_", ""]))
        name = String(name.unicodeScalars.filter { $0 != "/" && $0 != "\0" }.map(Character.init))
        while name.hasPrefix(".") { name.removeFirst() }
        var bytes = 0
        var cut = ""
        for character in name {
            bytes += character.utf8.count
            if bytes > 200 { break }
            cut.append(character)
        }
        return cut.isEmpty ? "x" : cut
    }

    /// `text` as bytes, now and then with a byte-order mark, other line endings, NUL or a bad byte.
    mutating func bytes(_ text: String) -> [UInt8] {
        var text = text
        if random.chance(0.1) { text = text.replacingOccurrences(of: "\n", with: "\r\n") } else if random.chance(0.05) { text = text.replacingOccurrences(of: "\n", with: "\r") }
        var bytes = Array(text.utf8)
        if random.chance(0.1) { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        if random.chance(0.03), !bytes.isEmpty { bytes.insert(0, at: random.int(0...bytes.count - 1)) }
        if random.chance(0.02) { bytes.append(random.pick([0xFF, 0xC3, 0xED])) }
        return bytes
    }

    // MARK: The workbook

    /// A whole workbook as files: path relative to the workbook folder → bytes.
    public mutating func workbook() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var sections = ["What I learned", "Moving forward"]
        if random.chance(0.7) {
            var config: [(String, Value)] = []
            if random.chance(0.8) { config.append(("title", .scalar(text()))) }
            if random.chance(0.5) { config.append(("author", .scalar(text()))) }
            if random.chance(0.5) { config.append(("description", .scalar(text()))) }
            if random.chance(0.3) { config.append(("locale", .scalar(random.chance(0.9) ? random.pick(["en", "de-CH", "he", "ar", "ja"]) : word()))) }
            if random.chance(0.3) {
                let learned = word(), next = word()
                sections = [learned, next]
                config.append(("sections", .map([("learned", .list([.scalar(learned)])), ("next", .scalar(next))])))
            }
            if random.chance(0.1) { config.append(("unsafe_html", .raw("false"))) }
            files["content/workbook.yaml"] = bytes(block(config))
        }
        for _ in 0..<random.int(1...8) {
            let dated = random.chance(0.8)
            var name = fileName()
            if dated { name = day() + "-" + name }
            let folder = random.chance(0.1) ? "content/entries/\(random.int(2024...2026))/" : "content/entries/"
            let fields = entryFields(datedByName: dated && CalendarDayLike.isValid(name))
            let front = fields.isEmpty && random.chance(0.5) ? "" : frontMatter(fields)
            files[folder + name + ".md"] = bytes(front + markdown(sections: sections))
        }
        for _ in 0..<random.int(0...3) {
            var fields: [(String, Value)] = []
            if random.chance(0.6) { fields.append(("title", .scalar(text()))) }
            if random.chance(0.3) { fields.append(("order", number(-5...50))) }
            if random.chance(0.4) { fields.append(("summary", .scalar(text()))) }
            let prefix = random.chance(0.5) ? "0\(random.int(1...9))-" : ""
            files["content/pages/" + prefix + fileName() + ".md"] = bytes((fields.isEmpty ? "" : frontMatter(fields)) + markdown(sections: sections))
        }
        for _ in 0..<random.int(0...2) {
            var fields: [(String, Value)] = []
            if random.chance(0.5) { fields.append(("title", .scalar(text()))) }
            if random.chance(0.3) { fields.append(("intro", .scalar(text()))) }
            let items = (0..<random.int(0...5)).map { _ in "- " + inline() }.joined(separator: "\n")
            files["content/affirmations/" + fileName() + ".md"] = bytes((fields.isEmpty ? "" : frontMatter(fields)) + items + "\n")
        }
        for _ in 0..<random.int(0...2) {
            files["content/assets/" + fileName() + random.pick([".txt", ".png", ".html", ""])] = Array(text().utf8)
        }
        if random.chance(0.1) { files["content/entries/notes.txt"] = Array("not an entry".utf8) }
        return files
    }
}

/// Whether a file name starts with a real `YYYY-MM-DD`, as the loader reads dates from names.
enum CalendarDayLike {
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8.prefix(11))
        guard bytes.count >= 10 else { return false }
        let text = String(decoding: bytes.prefix(10), as: UTF8.self)
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...9999).contains(parts[0]), (1...12).contains(parts[1]) else { return false }
        let leap = (parts[0] % 4 == 0 && parts[0] % 100 != 0) || parts[0] % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][parts[1] - 1]
        return (1...days).contains(parts[2]) && (bytes.count == 10 || !(48...57).contains(bytes[10]))
    }
}

/// Checks of a built site that hold whatever the workbook held.
public enum SiteAudit {
    /// One `href` or `src` of a page.
    public struct Link: Sendable, CustomStringConvertible {
        public var page: String
        public var target: String
        public var description: String { "\(page) → \(target)" }
    }

    /// Every `href` and `src` value of every HTML page, entities decoded.
    public static func links(in tree: FolderTree) -> [Link] {
        var links: [Link] = []
        for path in tree.paths where path.hasSuffix(".html") {
            for match in (tree.text(path) ?? "").matches(of: /\s(?:href|src)="([^"]*)"/) {
                links.append(Link(page: path, target: decodeEntities(String(match.output.1))))
            }
        }
        return links
    }

    /// Relative links that lead to no file of the site, or to no id of their page.
    public static func brokenLinks(in tree: FolderTree) -> [String] {
        var broken: [String] = []
        var idsByPage: [String: Set<String>] = [:]
        func ids(_ page: String) -> Set<String> {
            if let known = idsByPage[page] { return known }
            let found = Set((tree.text(page) ?? "").matches(of: /\sid="([^"]*)"/).map { decodeEntities(String($0.output.1)) })
            idsByPage[page] = found
            return found
        }
        for link in links(in: tree) {
            let target = link.target
            if target.isEmpty || target.contains("//") || target.firstMatch(of: /^[A-Za-z][A-Za-z0-9+.\-]*:/) != nil { continue }
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let file = String(parts[0].prefix { $0 != "?" })
            var page = link.page
            if !file.isEmpty {
                guard let resolved = resolve(file, from: link.page), tree.files[resolved] != nil else {
                    broken.append("\(link): no such file")
                    continue
                }
                page = resolved
            }
            if parts.count == 2, !parts[1].isEmpty, page.hasSuffix(".html") {
                let fragment = parts[1].removingPercentEncoding ?? parts[1]
                if !ids(page).contains(fragment) { broken.append("\(link): no id '\(fragment)' on \(page)") }
            }
        }
        return broken
    }

    /// The site path a relative link from `page` leads to; nil when it climbs out of the site.
    public static func resolve(_ target: String, from page: String) -> String? {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case "..": if parts.popLast() == nil { return nil }
            case ".", "": continue
            default: parts.append(String(part).removingPercentEncoding ?? String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// Markup that could run script and that the theme did not write: `<script>` elements other
    /// than the theme's own, event-handler attributes, `javascript:` URLs, and any `<` in the
    /// search index.
    public static func unsafeMarkup(in tree: FolderTree) -> [String] {
        var found: [String] = []
        for (path, bytes) in tree.files.sorted(by: { $0.key < $1.key }) {
            let text = String(decoding: bytes, as: UTF8.self)
            if path.hasPrefix("search-index"), path.hasSuffix(".js") {
                if bytes.contains(UInt8(ascii: "<")) { found.append("\(path): holds a '<'") }
                continue
            }
            // Assets are the person's own files, copied as they are.
            guard path.hasSuffix(".html"), !path.hasPrefix("assets/") else { continue }
            let lower = text.lowercased()
            var searchFrom = lower.startIndex
            while let open = lower.range(of: "<script", range: searchFrom..<lower.endIndex) {
                let after = lower[open.upperBound...].prefix(60)
                let themeOwn = after.hasPrefix(">\n")
                    || after.firstMatch(of: /^ src="(\.\.\/)*search(-index(-[0-9]+)?)?\.js"><\/script>/) != nil
                if !themeOwn { found.append("\(path): <script\(after.prefix(40))") }
                searchFrom = open.upperBound
            }
            for match in text.matches(of: /<[A-Za-z][^<>]*>/) {
                let tag = match.output
                for name in attributeNames(of: tag) where name.lowercased().hasPrefix("on") {
                    if tag.contains("onsubmit=\"return false\"") && name == "onsubmit" { continue }
                    found.append("\(path): event handler '\(name)' in \(tag.prefix(80))")
                }
            }
            for link in links(in: FolderTree(files: [path: bytes])) {
                let scheme = link.target.unicodeScalars.filter { !$0.properties.isWhitespace && $0.value > 0x20 }.map(Character.init)
                let compact = String(scheme).lowercased()
                if compact.hasPrefix("javascript:") || compact.hasPrefix("vbscript:") || compact.hasPrefix("data:text") {
                    found.append("\(path): link to \(link.target.prefix(60))")
                }
            }
            for element in ["<iframe", "<object", "<embed", "<textarea", "</textarea", "<svg onload", "<img src=x"] where lower.contains(element) {
                found.append("\(path): \(element)")
            }
        }
        return found
    }

    /// Output paths that are not plain relative paths inside the folder.
    public static func escapingPaths(in tree: FolderTree) -> [String] {
        tree.paths.filter { path in
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            return path.hasPrefix("/") || (path.contains("\\") && !path.hasPrefix("assets/")) || path.contains("\0")
                || parts.contains { $0.isEmpty || $0 == "." || $0 == ".." || $0.utf8.count > 255 }
        }
    }

    /// The attribute names of a start tag such as `<a href="x" title='y' hidden>`.
    static func attributeNames(of tag: Substring) -> [String] {
        var names: [String] = []
        var rest = tag.dropFirst().drop { !$0.isWhitespace && $0 != ">" && $0 != "/" }
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "/" }
            guard let first = rest.first, first != ">" else { return names }
            let name = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != ">" && $0 != "/" }
            if name.isEmpty { rest = rest.dropFirst(); continue }
            names.append(String(name))
            rest = rest.dropFirst(name.count).drop { $0.isWhitespace }
            guard rest.first == "=" else { continue }
            rest = rest.dropFirst().drop { $0.isWhitespace }
            if let quote = rest.first, quote == "\"" || quote == "'" {
                rest = rest.dropFirst().drop { $0 != quote }.dropFirst()
            } else {
                rest = rest.drop { !$0.isWhitespace && $0 != ">" }
            }
        }
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
