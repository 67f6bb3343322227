/// One journal entry, decoded and rendered.
public struct Entry: Sendable, Identifiable, Hashable {
    public var id: String { slug }
    /// The source file relative to the workbook folder.
    public var path: String
    public var slug: String
    public var title: String
    public var date: CalendarDay
    public var kind: Kind?
    public var mood: Int?
    public var emotions: [Emotion] = []
    public var challenges: [Challenge] = []
    public var selfCare: [SelfCare] = []
    public var support: [String] = []
    public var habits: Habits?
    /// Lessons from the front matter, then from the *What I learned* body section.
    public var lessons: [Note] = []
    /// Next steps from the front matter, then from the *Moving forward* body section.
    public var nextSteps: [Note] = []
    public var tags: [Tag] = []
    public var draft = false
    /// The rendered body.
    public var body: RenderedMarkdown
    /// A hash of the file's text: an entry is decoded from its text, path and the workbook's
    /// settings alone, so two entries of one path, settings and source are the same.
    public var sourceHash: UInt64 = 0

    public init(path: String, slug: String, title: String, date: CalendarDay, body: RenderedMarkdown) {
        self.path = path
        self.slug = slug
        self.title = title
        self.date = date
        self.body = body
    }

    /// What the rejection was about.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case romantic, friendship, work, school, family, creative, other
    }
}

/// An emotion named in an entry, with its intensity before and (optionally) after writing.
public struct Emotion: Sendable, Hashable {
    public var name: String
    public var intensity: Int?
    public var thought: String?
    public var after: Int?
}

/// A harsh thought and the answer the person gave it.
public struct Challenge: Sendable, Hashable {
    public var thought: String
    public var response: String?
}

/// One act of self-soothing, by sense.
public struct SelfCare: Sendable, Hashable {
    public enum Sense: String, Sendable, CaseIterable {
        case sight, sound, smell, taste, touch, movement
    }

    public var sense: Sense
    public var what: String
}

/// The basic-care habits of a day; each is optional.
public struct Habits: Sendable, Hashable {
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
public struct Note: Sendable, Hashable {
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
