import Foundation

/// Every lesson (or next step) of the workbook, once each, with where it was written,
/// and the same lessons grouped by tag and by month for the "What I learned" page.
public struct LessonIndex: Sendable, Equatable {
    /// Unique lessons in the order they were first written, oldest entry first.
    public var items: [LessonItem]
    /// One group per tag, sorted by tag name ignoring case; "Untagged" last when any lesson
    /// comes from an entry without tags. An entry with two tags shows under both.
    public var byTag: [LessonGroup]
    /// One group per month with lessons, newest month first.
    public var byMonth: [LessonGroup]

    /// An index from already grouped parts.
    public init(items: [LessonItem], byTag: [LessonGroup], byMonth: [LessonGroup]) {
        self.items = items
        self.byTag = byTag
        self.byMonth = byMonth
    }

    /// How many distinct lessons there are.
    public var count: Int { items.count }

    /// Whether no entry has a lesson yet.
    public var isEmpty: Bool { items.isEmpty }

    /// Indexes the notes `notes` reads from each of `entries` (sorted oldest first); item ids
    /// start with `idPrefix`, such as "lesson" or "next".
    public init(entries: [Entry], notes: (Entry) -> [Note], idPrefix: String) {
        var items: [LessonItem] = []
        var indexByKey: [String: Int] = [:]
        var usedIDs: Set<String> = []
        var seenRefs: Set<String> = []
        // Per tag slug and per month key: item index → refs, filled in one pass.
        var tagRefs: [String: [Int: [EntryRef]]] = [:]
        var tagNames: [String: String] = [:]
        var untaggedRefs: [Int: [EntryRef]] = [:]
        var monthRefs: [String: [Int: [EntryRef]]] = [:]

        for entry in entries {
            for note in notes(entry) {
                let text = note.text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { continue }
                let derived = LessonItem.key(for: text)
                let key = derived.isEmpty ? text.lowercased() : derived
                let ref = EntryRef(entry, anchor: note.anchor)
                let index: Int
                if let known = indexByKey[key] {
                    index = known
                    guard seenRefs.insert("\(index)\u{0}\(entry.slug)\u{0}\(note.anchor)").inserted else { continue }
                    items[index].refs.append(ref)
                } else {
                    index = items.count
                    indexByKey[key] = index
                    seenRefs.insert("\(index)\u{0}\(entry.slug)\u{0}\(note.anchor)")
                    let id = usedIDs.claimUnique(idPrefix + "-" + Slug.make(text, fallback: "item"))
                    items.append(LessonItem(text: text, key: key, refs: [ref], id: id))
                }
                var seenTags: Set<String> = []
                for tag in entry.tags where seenTags.insert(tag.slug).inserted {
                    tagNames[tag.slug] = tagNames[tag.slug] ?? tag.name
                    tagRefs[tag.slug, default: [:]][index, default: []].append(ref)
                }
                if entry.tags.isEmpty { untaggedRefs[index, default: []].append(ref) }
                monthRefs[entry.date.monthKey, default: [:]][index, default: []].append(ref)
            }
        }

        func restricted(_ refs: [Int: [EntryRef]]) -> [LessonItem] {
            refs.keys.sorted().map { index in
                var item = items[index]
                item.refs = refs[index]!
                return item
            }
        }

        var byTag = tagRefs.keys
            .sorted { (tagNames[$0]!.lowercased(), $0) < (tagNames[$1]!.lowercased(), $1) }
            .map { LessonGroup(title: tagNames[$0]!, slug: $0, id: "\(idPrefix)s-tag-\($0)", items: restricted(tagRefs[$0]!)) }
        if !untaggedRefs.isEmpty {
            let slug = tagRefs["untagged"] == nil ? "untagged" : "untagged-\(idPrefix)s"
            byTag.append(LessonGroup(title: "Untagged", slug: slug, id: "\(idPrefix)s-\(slug)", items: restricted(untaggedRefs)))
        }
        let byMonth = monthRefs.keys.sorted(by: >).map { key in
            let first = CalendarDay(prefixOf: key + "-01")!
            return LessonGroup(title: MonthName.full(first), slug: key, id: "\(idPrefix)s-\(key)", items: restricted(monthRefs[key]!))
        }
        self.init(items: items, byTag: byTag, byMonth: byMonth)
    }
}
