/// A link back to an entry (or to a place inside its page): what insight lists point at.
public struct EntryRef: Sendable, Equatable, Hashable {
    /// The entry's slug; its page is `entries/<slug>.html`.
    public var slug: String
    /// The entry's title.
    public var title: String
    /// The entry's date.
    public var date: CalendarDay
    /// The fragment on the entry page, without `#`, when the reference points inside it.
    public var anchor: String?

    /// A reference from its parts.
    public init(slug: String, title: String, date: CalendarDay, anchor: String? = nil) {
        self.slug = slug
        self.title = title
        self.date = date
        self.anchor = anchor
    }

    /// A reference to `entry`, optionally to one place on its page.
    public init(_ entry: Entry, anchor: String? = nil) {
        self.init(slug: entry.slug, title: entry.title, date: entry.date, anchor: anchor)
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
