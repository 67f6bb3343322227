/// A link back to an entry (or to a place inside its page): what insight lists point at.
///
/// A reference made from an entry holds the entry itself, which is one shared box: copying a
/// reference then counts one reference instead of one for each of its texts, and the tens of
/// thousands of references a large workbook's indexes hold are made without reading each text.
/// What it shows is the entry's slug, title and date as they were when it was made.
public struct EntryRef: Sendable, Equatable, Hashable {
    private var entry: Entry
    /// The fragment on the entry page, without `#`, when the reference points inside it.
    public var anchor: String?

    /// The entry's slug; its page is `entries/<slug>.html`.
    public var slug: String {
        get { entry.slug }
        set { entry.slug = newValue }
    }

    /// The entry's title.
    public var title: String {
        get { entry.title }
        set { entry.title = newValue }
    }

    /// The entry's date.
    public var date: CalendarDay {
        get { entry.date }
        set { entry.date = newValue }
    }

    /// A reference from its parts.
    public init(slug: String, title: String, date: CalendarDay, anchor: String? = nil) {
        self.init(Entry(path: "", slug: slug, title: title, date: date, body: .empty), anchor: anchor)
    }

    /// A reference to `entry`, optionally to one place on its page.
    public init(_ entry: Entry, anchor: String? = nil) {
        self.entry = entry
        self.anchor = anchor
    }

    public static func == (a: EntryRef, b: EntryRef) -> Bool {
        a.anchor == b.anchor && (a.entry.isSame(as: b.entry) || (a.slug == b.slug && a.title == b.title && a.date == b.date))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(slug)
        hasher.combine(title)
        hasher.combine(date)
        hasher.combine(anchor)
    }

    /// Everything the reference holds, into a digest that is the same in every run.
    func add(to hasher: inout StableHasher) {
        hasher.combine(utf8: slug)
        hasher.combine(utf8: title)
        hasher.combine(date)
        hasher.combine(utf8: anchor)
    }

    /// The page path relative to the site root, with the fragment when there is one.
    public var href: String {
        let page = "entries/\(slug.urlPathSegment).html"
        guard let anchor, !anchor.isEmpty else { return page }
        return page + "#" + anchor.urlPathSegment
    }
}

/// A harsh thought the person challenged, with their answer, for the emotions page.
public struct ChallengeItem: Sendable, Equatable {
    /// The thought as written.
    public var thought: String
    /// The answer to it, when one was written.
    public var response: String?
    /// The entry it came from.
    public var ref: EntryRef

    /// A challenge and where it was written.
    public init(thought: String, response: String?, ref: EntryRef) {
        self.thought = thought
        self.response = response
        self.ref = ref
    }

    /// Every challenge of `entries`, newest entry first, in written order within an entry.
    static func all(in entries: [Entry]) -> [ChallengeItem] {
        entries.reversed().flatMap { entry in
            entry.challenges.map { ChallengeItem(thought: $0.thought, response: $0.response, ref: EntryRef(entry)) }
        }
    }
}
