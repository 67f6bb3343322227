import Foundation

extension GuidePage {
    /// Decodes a guide chapter; a numeric file-name prefix ("03-naming.md") gives the default order.
    static func decode(_ source: SourceText, stem: String, context: DecodingContext, diagnostics: inout [Diagnostic]) -> GuidePage? {
        guard let split = FrontMatterSplit.split(source, diagnostics: &diagnostics) else { return nil }
        var reader = FieldReader(path: source.path, yamlFirstLine: split.yamlFirstLine)
        let fields = split.yaml.flatMap { reader.document($0, what: "the front matter") } ?? [:]
        reader.warnUnknown(fields, known: ["title", "order", "summary", "draft"], in: "the front matter")
        let title = reader.string(fields["title"], field: "title")
        let prefix = GuidePage.numericPrefix(of: stem)
        let order = reader.wholeNumber(fields["order"], field: "order", in: -100_000...100_000) ?? prefix.number
        let summary = reader.string(fields["summary"], field: "summary")
        let draft = reader.bool(fields["draft"], field: "draft") ?? false
        diagnostics += reader.diagnostics
        guard !reader.diagnostics.hasErrors else { return nil }
        if draft && !context.includeDrafts { return nil }
        let body = Markdown.render(split.body, options: context.markdownOptions(hasTitle: title != nil, reservedIDs: EntrySections.pageIDs))
        return GuidePage(
            path: source.path,
            slug: Slug.distinct(String(prefix.rest), fallback: "page"),
            title: title ?? body.leadingTitle ?? Entry.title(fromFileName: String(prefix.rest)),
            order: order,
            summary: summary,
            body: body
        )
    }

    /// "03-naming" → (3, "naming"); names without a number prefix come back whole.
    static func numericPrefix(of stem: String) -> (number: Int?, rest: Substring) {
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        let rest = stem.dropFirst(digits.count)
        guard !digits.isEmpty, digits.count <= 6, let separator = rest.first, separator == "-" || separator == "_", rest.count > 1 else {
            return (nil, Substring(stem))
        }
        return (Int(digits), rest.dropFirst())
    }
}

extension AffirmationList {
    /// Decodes a list of affirmations: every list item of the body is one affirmation.
    static func decode(_ source: SourceText, stem: String, context: DecodingContext, diagnostics: inout [Diagnostic]) -> AffirmationList? {
        guard let split = FrontMatterSplit.split(source, diagnostics: &diagnostics) else { return nil }
        var reader = FieldReader(path: source.path, yamlFirstLine: split.yamlFirstLine)
        let fields = split.yaml.flatMap { reader.document($0, what: "the front matter") } ?? [:]
        reader.warnUnknown(fields, known: ["title", "intro"], in: "the front matter")
        let title = reader.string(fields["title"], field: "title")
        let intro = reader.string(fields["intro"], field: "intro")
        diagnostics += reader.diagnostics
        guard !reader.diagnostics.hasErrors else { return nil }
        let body = Markdown.render(split.body, options: context.markdownOptions(hasTitle: title != nil, reservedIDs: EntrySections.pageIDs))
        if body.listItems.isEmpty {
            diagnostics.append(.warning(source.path, "no affirmations found; write each one as a list item ('- I keep my promises.')"))
        }
        return AffirmationList(
            path: source.path,
            slug: Slug.distinct(stem, fallback: "list"),
            title: title ?? body.leadingTitle ?? Entry.title(fromFileName: stem),
            intro: intro,
            affirmations: body.listItems,
            body: body
        )
    }
}

extension WorkbookConfig {
    static let fields = ["title", "author", "description", "locale", "output", "sections", "unsafe_html"]

    /// Decodes `content/workbook.yaml`; problems are added to `diagnostics` and defaults kept.
    static func decode(_ source: SourceText, diagnostics: inout [Diagnostic]) -> WorkbookConfig {
        var config = WorkbookConfig()
        var reader = FieldReader(path: source.path, yamlFirstLine: 1)
        guard let fields = reader.document(source.text[...], what: "workbook.yaml") else {
            diagnostics += reader.diagnostics
            return config
        }
        reader.warnUnknown(fields, known: fields.isEmpty ? [] : Self.fields, in: "workbook.yaml")
        if let title = reader.string(fields["title"], field: "title") { config.title = title }
        config.author = reader.string(fields["author"], field: "author")
        config.description = reader.string(fields["description"], field: "description")
        if let locale = reader.string(fields["locale"], field: "locale") {
            if Self.isLanguageTag(locale) {
                config.locale = locale.replacingOccurrences(of: "_", with: "-")
            } else {
                reader.error(at: fields["locale"]!, "'locale' must be a language tag such as en or de-CH, found \"\(locale)\"")
            }
        }
        if let output = reader.string(fields["output"], field: "output") {
            if Self.staysInside(output) {
                config.output = output
            } else {
                reader.error(at: fields["output"]!, "'output' must be a folder inside the workbook, such as public or _site, found \"\(output)\"; to build elsewhere, pass --output DIR")
            }
        }
        if let sectionsNode = fields["sections"], !sectionsNode.isNull, let sections = reader.fields(of: sectionsNode, what: "'sections'") {
            reader.warnUnknown(sections, known: ["learned", "next"], in: "'sections'")
            let learned = reader.strings(sections["learned"], field: "learned")
            let next = reader.strings(sections["next"], field: "next")
            if !learned.isEmpty { config.learnedHeadings = learned }
            if !next.isEmpty { config.nextHeadings = next }
            // A name of the next steps that starts the lessons is named for both.
            let starts = Markdown.sectionKeys(config.markdownSections)
            if let both = config.nextHeadings.first(where: { starts[Markdown.sectionKey($0)] == "learned" }), let node = sections["next"] {
                reader.warning(at: node, "the heading \"\(both)\" is named for both 'learned' and 'next'; what is under it is read as lessons")
            }
        }
        config.unsafeHTML = reader.bool(fields["unsafe_html"], field: "unsafe_html") ?? false
        diagnostics += reader.diagnostics
        return config
    }

    /// Whether `text` has the shape of a language tag: two to eight ASCII letters, then any
    /// number of parts of one to eight ASCII letters or digits, each after a hyphen or an
    /// underscore (`en`, `de-CH`, `zh_Hant_TW`). Nothing else, not even a line break at the end.
    static func isLanguageTag(_ text: String) -> Bool {
        var inLanguage = true, length = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "_"):
                guard length >= (inLanguage ? 2 : 1) else { return false }
                (inLanguage, length) = (false, 0)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                length += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where !inLanguage:
                length += 1
            default:
                return false
            }
            if length > 8 { return false }
        }
        return length >= (inLanguage ? 2 : 1)
    }

    /// True for a relative path that never climbs above the folder it starts in: a file of the
    /// workbook must not send the build to write somewhere else on the disk.
    static func staysInside(_ path: String) -> Bool {
        guard !path.hasPrefix("/"), !path.contains("\0") else { return false }
        var depth = 0
        for part in path.split(separator: "/") {
            if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
            if depth < 0 { return false }
        }
        return true
    }
}
