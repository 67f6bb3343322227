/// One journal entry, decoded and rendered.
///
/// Its fields live in one shared box, copied only when a shared entry is changed: an entry is
/// copied into every page's inputs, sort and loop, and a copy then costs one reference count
/// instead of one for each of its texts and lists.
public struct Entry: Sendable, Identifiable, Equatable {
    public var id: String { slug }
    /// The source file relative to the workbook folder.
    public var path: String {
        get { fields.path }
        set { unique().path = newValue }
    }
    public var slug: String {
        get { fields.slug }
        set { unique().slug = newValue }
    }
    public var title: String {
        get { fields.title }
        set { unique().title = newValue }
    }
    public var date: CalendarDay {
        get { fields.date }
        set { unique().date = newValue }
    }
    public var kind: Kind? {
        get { fields.kind }
        set { unique().kind = newValue }
    }
    public var mood: Int? {
        get { fields.mood }
        set { unique().mood = newValue }
    }
    public var emotions: [Emotion] {
        get { fields.emotions }
        set { unique().emotions = newValue }
    }
    public var challenges: [Challenge] {
        get { fields.challenges }
        set { unique().challenges = newValue }
    }
    public var selfCare: [SelfCare] {
        get { fields.selfCare }
        set { unique().selfCare = newValue }
    }
    public var support: [String] {
        get { fields.support }
        set { unique().support = newValue }
    }
    public var habits: Habits? {
        get { fields.habits }
        set { unique().habits = newValue }
    }
    /// Lessons from the front matter, then from the *What I learned* body section.
    public var lessons: [Note] {
        get { fields.lessons }
        set { unique().lessons = newValue }
    }
    /// Next steps from the front matter, then from the *Moving forward* body section.
    public var nextSteps: [Note] {
        get { fields.nextSteps }
        set { unique().nextSteps = newValue }
    }
    public var tags: [Tag] {
        get { fields.tags }
        set { unique().tags = newValue }
    }
    public var draft: Bool {
        get { fields.draft }
        set { unique().draft = newValue }
    }
    /// The rendered body.
    public var body: RenderedMarkdown {
        get { fields.body }
        set { unique().body = newValue }
    }
    /// A hash of the file's text: an entry is decoded from its text, path and the workbook's
    /// settings alone, so two entries of one path, settings and source are the same.
    public var sourceHash: UInt64 {
        get { fields.sourceHash }
        set { unique().sourceHash = newValue }
    }

    public init(path: String, slug: String, title: String, date: CalendarDay, body: RenderedMarkdown) {
        fields = EntryFields(path: path, slug: slug, title: title, date: date, body: body)
    }

    private var fields: EntryFields

    /// The box, made this entry's own first if another entry shares it.
    private mutating func unique() -> EntryFields {
        if !isKnownUniquelyReferenced(&fields) { fields = EntryFields(copying: fields) }
        return fields
    }

    public static func == (a: Entry, b: Entry) -> Bool {
        let (x, y) = (a.fields, b.fields)
        return x === y || (x.path == y.path && x.slug == y.slug && x.title == y.title && x.date == y.date && x.kind == y.kind && x.mood == y.mood
            && x.emotions == y.emotions && x.challenges == y.challenges && x.selfCare == y.selfCare && x.support == y.support && x.habits == y.habits && x.lessons == y.lessons
            && x.nextSteps == y.nextSteps && x.tags == y.tags && x.draft == y.draft && x.body == y.body && x.sourceHash == y.sourceHash)
    }

    /// What the rejection was about.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case romantic, friendship, work, school, family, creative, other
    }
}

/// The fields of an `Entry`, changed only through its `unique()`, so never while another entry,
/// on any thread, holds them.
private final class EntryFields: @unchecked Sendable {
    var path: String
    var slug: String
    var title: String
    var date: CalendarDay
    var kind: Entry.Kind? = nil
    var mood: Int? = nil
    var emotions: [Emotion] = []
    var challenges: [Challenge] = []
    var selfCare: [SelfCare] = []
    var support: [String] = []
    var habits: Habits? = nil
    var lessons: [Note] = []
    var nextSteps: [Note] = []
    var tags: [Tag] = []
    var draft: Bool = false
    var body: RenderedMarkdown
    var sourceHash: UInt64 = 0

    init(path: String, slug: String, title: String, date: CalendarDay, body: RenderedMarkdown) {
        self.path = path
        self.slug = slug
        self.title = title
        self.date = date
        self.body = body
    }

    init(copying other: EntryFields) {
        path = other.path
        slug = other.slug
        title = other.title
        date = other.date
        kind = other.kind
        mood = other.mood
        emotions = other.emotions
        challenges = other.challenges
        selfCare = other.selfCare
        support = other.support
        habits = other.habits
        lessons = other.lessons
        nextSteps = other.nextSteps
        tags = other.tags
        draft = other.draft
        body = other.body
        sourceHash = other.sourceHash
    }
}

/// An emotion named in an entry, with its intensity before and (optionally) after writing.
public struct Emotion: Sendable, Equatable {
    public var name: String
    public var intensity: Int?
    public var thought: String?
    public var after: Int?
}

/// A harsh thought and the answer the person gave it.
public struct Challenge: Sendable, Equatable {
    public var thought: String
    public var response: String?
}

/// One act of self-soothing, by sense.
public struct SelfCare: Sendable, Equatable {
    public enum Sense: String, Sendable, CaseIterable {
        case sight, sound, smell, taste, touch, movement
    }

    public var sense: Sense
    public var what: String
}

/// The basic-care habits of a day; each is optional.
public struct Habits: Sendable, Equatable {
    /// Hours of sleep.
    public var sleep: Double?
    /// Glasses of water.
    public var water: Int?
    /// Minutes of exercise.
    public var exercise: Int?
    public var meals: Int?

    public var isEmpty: Bool { sleep == nil && water == nil && exercise == nil && meals == nil }
}

/// A lesson or next step, with the place in the entry page it links to.
public struct Note: Sendable, Equatable {
    public let text: String
    /// The fragment on the entry page, without `#`.
    public let anchor: String
    /// What the lesson index knows repeats by: `LessonItem.key(for:)` of the trimmed text, or
    /// that text lower-cased when it has no letters or digits; empty for a blank note. Worked
    /// out once, as the entry is read, rather than by every page that looks the note up.
    public let key: String

    public init(text: String, anchor: String) {
        self.text = text
        self.anchor = anchor
        let trimmed = text.trimmingWhitespaceAndNewlines
        let derived = LessonItem.key(for: trimmed)
        self.key = derived.isEmpty ? trimmed.lowercased() : derived
    }
}

/// A tag as written, and the slug of its page.
public struct Tag: Sendable, Hashable {
    public var name: String
    public var slug: String
}
