/// One journal entry, decoded and rendered.
///
/// Its fields live in one shared box, copied only when a shared entry is changed: an entry is
/// copied into every page's inputs, sort and loop, and a copy then costs one reference count
/// instead of one for each of its texts and lists.
public struct Entry: Sendable, Identifiable, Equatable {
    public var id: String { slug }
    /// The source file relative to the workbook folder.
    public var path: String {
        get { box.fields.path }
        set { unique().fields.path = newValue }
    }
    public var slug: String {
        get { box.fields.slug }
        set { unique().fields.slug = newValue }
    }
    public var title: String {
        get { box.fields.title }
        set { unique().fields.title = newValue }
    }
    public var date: CalendarDay {
        get { box.fields.date }
        set { unique().fields.date = newValue }
    }
    public var kind: Kind? {
        get { box.fields.kind }
        set { unique().fields.kind = newValue }
    }
    public var mood: Int? {
        get { box.fields.mood }
        set { unique().fields.mood = newValue }
    }
    public var emotions: [Emotion] {
        get { box.fields.emotions }
        set { unique().fields.emotions = newValue }
    }
    public var challenges: [Challenge] {
        get { box.fields.challenges }
        set { unique().fields.challenges = newValue }
    }
    public var selfCare: [SelfCare] {
        get { box.fields.selfCare }
        set { unique().fields.selfCare = newValue }
    }
    public var support: [String] {
        get { box.fields.support }
        set { unique().fields.support = newValue }
    }
    public var habits: Habits? {
        get { box.fields.habits }
        set { unique().fields.habits = newValue }
    }
    /// Lessons from the front matter, then from the *What I learned* body section.
    public var lessons: [Note] {
        get { box.fields.lessons }
        set { unique().fields.lessons = newValue }
    }
    /// Next steps from the front matter, then from the *Moving forward* body section.
    public var nextSteps: [Note] {
        get { box.fields.nextSteps }
        set { unique().fields.nextSteps = newValue }
    }
    /// The ids of the body's headings whose sections gave lessons or next steps for the
    /// worksheet (`Note.merged`), in the order of the body: the sections the printed
    /// workbook may lift out of the story, those whose items all repeat the front matter included.
    public var collectedHeadings: [String] {
        get { box.fields.collectedHeadings }
        set { unique().fields.collectedHeadings = newValue }
    }
    public var tags: [Tag] {
        get { box.fields.tags }
        set { unique().fields.tags = newValue }
    }
    public var draft: Bool {
        get { box.fields.draft }
        set { unique().fields.draft = newValue }
    }
    /// The rendered body.
    public var body: RenderedMarkdown {
        get { box.fields.body }
        set { unique().fields.body = newValue }
    }
    /// A hash of the file's text: an entry is decoded from its text, path and the workbook's
    /// settings alone, so two entries of one path, settings and source are the same.
    public var sourceHash: UInt64 {
        get { box.fields.sourceHash }
        set { unique().fields.sourceHash = newValue }
    }

    /// What the entry is decoded from besides the workbook's settings, its path and `sourceHash`,
    /// into a digest that is the same in every run: whatever is made of the entry alone is known by it.
    func addSource(to hasher: inout StableHasher) {
        hasher.combine(utf8: path)
        hasher.combine(sourceHash)
    }

    /// How many `entries` there are, then each one's source (`addSource`), in their order: what
    /// whatever is made of those entries alone is known by.
    static func addSources(of entries: some Collection<Entry>, to hasher: inout StableHasher) {
        hasher.combine(entries.count)
        for entry in entries { entry.addSource(to: &hasher) }
    }

    /// Whether `a` comes before `b` in a workbook: by date, then slug. The loader sorts the
    /// entries so, and the insights and the printed workbook rely on it.
    static func precedes(_ a: Entry, _ b: Entry) -> Bool { a.date != b.date ? a.date < b.date : a.slug < b.slug }

    /// The digest of what `addSource` adds alone: the key of whatever is made of the entry alone,
    /// the settings being those of what it is kept with.
    var sourceDigest: Int {
        var hasher = StableHasher()
        addSource(to: &hasher)
        return hasher.finalize()
    }

    public init(path: String, slug: String, title: String, date: CalendarDay, body: RenderedMarkdown) {
        box = Box(Fields(path: path, slug: slug, title: title, date: date, body: body))
    }

    private var box: Box

    /// The box, made this entry's own first if another entry shares it.
    private mutating func unique() -> Box {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
        return box
    }

    public static func == (a: Entry, b: Entry) -> Bool {
        a.isSame(as: b) || a.box.fields == b.box.fields
    }

    /// Whether the two share their box, and so are equal without a look at their fields.
    func isSame(as other: Entry) -> Bool {
        box === other.box
    }

    /// What the rejection was about.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case romantic, friendship, work, school, family, creative, other
    }

    /// The fields, changed only through `unique()`, so never while another entry, on any
    /// thread, holds them.
    private final class Box: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private struct Fields: Equatable {
        var path: String
        var slug: String
        var title: String
        var date: CalendarDay
        var kind: Kind?
        var mood: Int?
        var emotions: [Emotion] = []
        var challenges: [Challenge] = []
        var selfCare: [SelfCare] = []
        var support: [String] = []
        var habits: Habits?
        var lessons: [Note] = []
        var nextSteps: [Note] = []
        var collectedHeadings: [String] = []
        var tags: [Tag] = []
        var draft = false
        var body: RenderedMarkdown
        var sourceHash: UInt64 = 0
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
    /// The slug of the trimmed text, or "item" when it makes none: the id an item begun by the
    /// note asks for, after the index's prefix (see `LessonIndex`). Worked out as the entry is read.
    public let slug: String

    public init(text: String, anchor: String) {
        self.text = text
        self.anchor = anchor
        let trimmed = text.trimmingWhitespaceAndNewlines
        let derived = LessonItem.key(for: trimmed)
        self.key = derived.isEmpty ? trimmed.lowercased() : derived
        self.slug = Self.slug(trimmed)
    }

    /// A note whose key and slug were worked out before.
    init(text: String, anchor: String, key: String, slug: String) {
        self.text = text
        self.anchor = anchor
        self.key = key
        self.slug = slug
    }

    /// The notes of the `front` matter, then of the `body`, with each one whose key an earlier
    /// one has left out: a lesson written both in the front matter and under the body's heading
    /// is one lesson, shown where it was written first. With them, the anchors of the `body`
    /// notes that a worksheet lists when their section is lifted out of the story: one kept, or
    /// one repeating a note of the front matter, which the worksheet always lists. One
    /// repeating an earlier note of the body is not among them: that note may stay in the
    /// story, and the section is then left there too.
    static func merged(front: [Note], body: [Note]) -> (notes: [Note], worksheetAnchors: [String]) {
        guard front.count + body.count > 1 else { return (front + body, body.map(\.anchor)) }
        // Whether each key was written first in the front matter.
        var first = [String: Bool](minimumCapacity: front.count + body.count)
        var notes: [Note] = []
        notes.reserveCapacity(front.count + body.count)
        for note in front where note.key.isEmpty || first.updateValue(true, forKey: note.key) == nil {
            notes.append(note)
        }
        var anchors: [String] = []
        for note in body {
            let earlier = note.key.isEmpty ? nil : first[note.key]
            if earlier == nil {
                notes.append(note)
                if !note.key.isEmpty { first[note.key] = false }
            }
            if earlier != false, !anchors.contains(note.anchor) { anchors.append(note.anchor) }
        }
        return (notes, anchors)
    }

    /// The slug of trimmed `text`, as a note of it has.
    static func slug(_ text: String) -> String {
        Slug.make(text, fallback: "item")
    }
}

/// A tag as written, and the slug of its page.
public struct Tag: Sendable, Hashable {
    public var name: String
    public var slug: String
}
