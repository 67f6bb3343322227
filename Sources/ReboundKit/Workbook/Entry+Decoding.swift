import Foundation

/// What the loader needs to decode a file besides its text.
public struct DecodingContext: Sendable, Equatable {
    public var config: WorkbookConfig
    /// The day the build treats as today, for future-date warnings.
    public var today: CalendarDay
    /// Whether entries and pages marked `draft: true` are kept.
    public var includeDrafts: Bool

    public init(config: WorkbookConfig, today: CalendarDay, includeDrafts: Bool = false) {
        self.config = config
        self.today = today
        self.includeDrafts = includeDrafts
    }

    func markdownOptions(hasTitle: Bool, reservedIDs: Set<String> = []) -> Markdown.Options {
        Markdown.Options(unsafeHTML: config.unsafeHTML, dropLeadingTitle: !hasTitle, sections: config.markdownSections, reservedIDs: reservedIDs)
    }
}

extension Entry {
    static let fields = ["title", "date", "kind", "mood", "emotions", "challenges", "self_care", "support", "habits", "learned", "next", "tags", "draft"]

    /// Decodes an entry file; nil when it has errors, which are added to `diagnostics`.
    static func decode(_ source: SourceText, stem: String, context: DecodingContext, diagnostics: inout [Diagnostic]) -> Entry? {
        guard let split = FrontMatterSplit.split(source, diagnostics: &diagnostics) else { return nil }
        var reader = FieldReader(path: source.path, yamlFirstLine: split.yamlFirstLine)
        let fields = split.yaml.flatMap { reader.document($0, what: "the front matter") } ?? [:]
        reader.warnUnknown(fields, known: fields.isEmpty ? [] : Entry.fields, in: "the front matter")

        let title = reader.string(fields["title"], field: "title")
        var date = reader.day(fields["date"], field: "date")
        if date == nil, fields["date"] == nil || fields["date"]!.isNull {
            date = CalendarDay(prefixOf: stem)
            if date == nil {
                reader.diagnostics.append(.error(source.path, line: 1, column: 1,
                    "the entry has no date; add 'date: YYYY-MM-DD' to the front matter or start the file name with the date"))
            }
        }
        if let date, date > context.today, let node = fields["date"] ?? nil {
            reader.warning(at: node, "the date \(date) is in the future")
        } else if let date, date > context.today {
            reader.diagnostics.append(.warning(source.path, "the date \(date) in the file name is in the future"))
        }

        var kind: Kind?
        if let text = reader.string(fields["kind"], field: "kind") {
            kind = Kind(rawValue: text.lowercased())
            if kind == nil {
                reader.error(at: fields["kind"]!, "'kind' must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
            }
        }
        let mood = reader.wholeNumber(fields["mood"], field: "mood", in: 0...10)
        let emotions = reader.items(fields["emotions"], field: "emotions").compactMap { reader.emotion($0) }
        let challenges = reader.items(fields["challenges"], field: "challenges").compactMap { reader.challenge($0) }
        let selfCare = reader.items(fields["self_care"], field: "self_care").compactMap { reader.selfCare($0) }
        let support = reader.strings(fields["support"], field: "support")
        let habits = fields["habits"].flatMap { reader.habits($0) }
        let learned = reader.strings(fields["learned"], field: "learned")
        let next = reader.strings(fields["next"], field: "next")
        let tags = reader.strings(fields["tags"], field: "tags")
        let draft = reader.bool(fields["draft"], field: "draft") ?? false

        diagnostics += reader.diagnostics
        guard !reader.diagnostics.hasErrors, let date else { return nil }

        let lessonIDs = learned.indices.map { "lesson-\($0 + 1)" }
        let nextIDs = next.indices.map { "next-\($0 + 1)" }
        // The page's own ids are one table made once; each entry adds its numbered ones.
        var reserved = EntrySections.ids
        reserved.formUnion(lessonIDs + nextIDs)
        var body = Markdown.render(split.body, options: context.markdownOptions(hasTitle: title != nil, reservedIDs: reserved))
        // The sections are read for the lessons and next steps below and the list items are
        // for affirmation lists; an entry keeps neither, which for a large workbook is megabytes.
        let sections = body.sections, withRawHTML = body.sectionsWithRawHTML
        body.sections = [:]
        body.sectionsWithRawHTML = []
        body.listItems = []

        var entry = Entry(
            path: source.path,
            slug: Slug.distinct(stem, fallback: "entry"),
            title: title ?? body.leadingTitle ?? Self.title(fromFileName: stem),
            date: date,
            body: body
        )
        entry.sourceHash = Manifest.hash(source.text)
        entry.kind = kind
        entry.mood = mood
        entry.emotions = emotions
        entry.challenges = challenges
        entry.selfCare = selfCare
        entry.support = support
        entry.habits = habits
        let lessons = (front: zip(learned, lessonIDs).map { Note(text: $0, anchor: $1) },
                       body: (sections["learned"] ?? []).map { Note(text: $0.text, anchor: $0.anchor) })
        let steps = (front: zip(next, nextIDs).map { Note(text: $0, anchor: $1) },
                     body: (sections["next"] ?? []).map { Note(text: $0.text, anchor: $0.anchor) })
        let mergedLessons = Note.merged(front: lessons.front, body: lessons.body)
        let mergedSteps = Note.merged(front: steps.front, body: steps.body)
        entry.lessons = mergedLessons.notes
        entry.nextSteps = mergedSteps.notes
        let anchors = mergedLessons.worksheetAnchors + mergedSteps.worksheetAnchors
        if !anchors.isEmpty {
            // A section holding raw HTML stays in the story, where its text is.
            entry.collectedHeadings = body.headings.map(\.id).filter { anchors.contains($0) && !withRawHTML.contains($0) }
        }
        var seenTags = Set<String>()
        entry.tags = tags.map { Tag(name: $0, slug: Slug.distinct($0, fallback: "tag")) }.filter { seenTags.insert($0.slug).inserted }
        entry.draft = draft
        return entry
    }

    /// "2026-11-02-the-interview" → "The interview".
    static func title(fromFileName stem: String) -> String {
        var name = Substring(stem)
        if FieldReader.looksLikeDate(name) { name = name.dropFirst(10) }
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).joined(separator: " ")
        guard let first = words.first else { return stem.isEmpty ? "Untitled" : stem }
        return first.uppercased() + words.dropFirst()
    }
}

/// The ids of the structured parts of an entry page and its layout, and of its printed sheet
/// (whose ids are the page's with the sheet's prefix), which body headings must not take.
enum EntrySections {
    static let ids: Set = [
        "feelings", "challenges", "care", "self-care", "support", "habits", "lessons", "next-steps", "entry-body", "mood",
        "feelings-title", "challenges-title", "care-title", "lessons-title", "next-title", "mood-title", "main", "title",
        "entry-mood-title", "entry-mood-desc",
    ]

    /// Where each id of `ids` that a printed sheet has no id of its own for, or has one only
    /// sometimes, is on the sheet, as the end of its id: a heading of a section is the section;
    /// the layout's `main` and the body, which a sheet shows only when it has one, are the
    /// sheet itself (""). The other ids of `ids` end the ids of the sheet's sections as they are.
    /// The lessons and next steps are where the sheet says (`PrintedBody.fragment(for:)`).
    static let onTheSheet: [String: String] = [
        "main": "", "entry-body": "", "feelings-title": "feelings", "challenges-title": "challenges", "care-title": "care",
        "lessons-title": "lessons", "lessons": "lessons", "next-title": "next-steps", "next-steps": "next-steps",
        "mood-title": "mood", "entry-mood-title": "mood", "entry-mood-desc": "mood",
    ]

    /// The ids a guide page's or a list's headings must not take: the layout's `main` and the
    /// title of the chapter in the printed workbook.
    static let pageIDs: Set = ["main", "title"]
}

extension FieldReader {
    mutating func emotion(_ node: YAMLNode) -> Emotion? {
        if node.scalar != nil {
            return string(node, field: "emotions").map { Emotion(name: $0) }
        }
        guard let fields = fields(of: node, what: "an emotion") else { return nil }
        warnUnknown(fields, known: ["name", "intensity", "thought", "after"], in: "an emotion")
        guard let name = string(fields["name"], field: "name") else {
            if Self.isMissing(fields["name"]) { error(at: node, "an emotion needs a 'name', such as {name: sadness, intensity: 6}") }
            return nil
        }
        return Emotion(
            name: name,
            intensity: wholeNumber(fields["intensity"], field: "intensity", in: 0...10),
            thought: string(fields["thought"], field: "thought"),
            after: wholeNumber(fields["after"], field: "after", in: 0...10)
        )
    }

    mutating func challenge(_ node: YAMLNode) -> Challenge? {
        if node.scalar != nil {
            return string(node, field: "challenges").map { Challenge(thought: $0) }
        }
        guard let fields = fields(of: node, what: "a challenge") else { return nil }
        warnUnknown(fields, known: ["thought", "response"], in: "a challenge")
        guard let thought = string(fields["thought"], field: "thought") else {
            if Self.isMissing(fields["thought"]) { error(at: node, "a challenge needs the 'thought' it answers") }
            return nil
        }
        return Challenge(thought: thought, response: string(fields["response"], field: "response"))
    }

    mutating func selfCare(_ node: YAMLNode) -> SelfCare? {
        guard let fields = fields(of: node, what: "a self-care item") else { return nil }
        warnUnknown(fields, known: ["sense", "what"], in: "a self-care item")
        let senses = SelfCare.Sense.allCases.map(\.rawValue).joined(separator: ", ")
        guard let senseName = string(fields["sense"], field: "sense") else {
            if Self.isMissing(fields["sense"]) { error(at: node, "a self-care item needs a 'sense': one of \(senses)") }
            return nil
        }
        guard let sense = SelfCare.Sense(rawValue: senseName.lowercased()) else {
            error(at: fields["sense"]!, "'sense' must be one of \(senses), found \"\(senseName)\"")
            return nil
        }
        guard let what = string(fields["what"], field: "what") else {
            if Self.isMissing(fields["what"]) { error(at: node, "a self-care item needs 'what' you did, such as {sense: taste, what: \"warm tea\"}") }
            return nil
        }
        return SelfCare(sense: sense, what: what)
    }

    /// True when a required field is absent or empty, so "needs a …" is the one error to give;
    /// a value of the wrong type has had its own error already.
    static func isMissing(_ node: YAMLNode?) -> Bool {
        guard let node else { return true }
        return node.isNull || node.scalar?.trimmingWhitespaceAndNewlines.isEmpty == true
    }

    mutating func habits(_ node: YAMLNode) -> Habits? {
        guard !node.isNull else { return nil }
        guard let fields = fields(of: node, what: "'habits'") else { return nil }
        warnUnknown(fields, known: ["sleep", "water", "exercise", "meals"], in: "'habits'")
        let habits = Habits(
            sleep: number(fields["sleep"], field: "sleep", in: 0...24),
            water: wholeNumber(fields["water"], field: "water", in: 0...50),
            exercise: wholeNumber(fields["exercise"], field: "exercise", in: 0...1440),
            meals: wholeNumber(fields["meals"], field: "meals", in: 0...20)
        )
        return habits.isEmpty ? nil : habits
    }
}
