import Foundation

/// One lesson (or next step), however many entries wrote it down.
public struct LessonItem: Sendable, Equatable {
    /// The text as first written.
    public var text: String
    /// What repeats are recognised by: lower-cased, punctuation removed, whitespace collapsed.
    public var key: String
    /// Every place it was written, oldest entry first; each points at the note's anchor.
    public var refs: [EntryRef]
    /// A stable html id, unique among the items of one index, such as `lesson-ask-for-feedback`.
    public var id: String

    /// A lesson from its parts.
    public init(text: String, key: String, refs: [EntryRef], id: String) {
        self.text = text
        self.key = key
        self.refs = refs
        self.id = id
    }

    /// How many times it was written.
    public var count: Int { refs.count }

    /// `text` lower-cased, with punctuation (straight and smart quotes included) removed and
    /// runs of whitespace made single spaces, so "Ask for feedback." and "ask for Feedback" match.
    public static func key(for text: String) -> String {
        if let key = asciiKey(for: text) { return key }
        var key = ""
        key.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !key.isEmpty
            } else if !isPunctuation(scalar) {
                if pendingSpace { key.unicodeScalars.append(" ") }
                pendingSpace = false
                key.unicodeScalars.append(scalar)
            }
        }
        return key
    }

    /// The same key without Unicode property look-ups, for text that is ASCII apart from the
    /// curly quotes, dashes and ellipses of smart punctuation; nil for any other text.
    private static func asciiKey(for text: String) -> String? {
        var pendingSpace = false
        let key = SmartASCII.bytes(of: text) { unit, key in
            switch unit {
            case .curlyApostrophe, .punctuation:
                break
            case .ascii(0x09...0x0D), .ascii(0x20):
                pendingSpace = !key.isEmpty
            case .ascii(let byte) where isASCIIPunctuation(byte):
                break
            case .ascii(let byte):
                if pendingSpace { key.append(0x20) }
                pendingSpace = false
                key.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            }
            return true
        }
        return key.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether Unicode files the ASCII character under punctuation: `!"#%&'()*,-./:;?@[\]_{}`;
    /// `$ + < = > ^ ` | ~` are symbols and stay.
    private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x23, 0x25...0x2A, 0x2C...0x2F, 0x3A, 0x3B, 0x3F, 0x40, 0x5B...0x5D, 0x5F, 0x7B, 0x7D: return true
        default: return false
        }
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}

/// Lessons gathered under one heading: a tag or a month. A group holds places in its index's
/// items rather than copies of them, so grouping every lesson by tag and by month costs a few
/// bytes per place; a lesson with only this group's refs is made when it is asked for.
public struct LessonGroup: Sendable, Equatable {
    /// The tag's name, "Untagged", or a month such as "October 2026".
    public var title: String
    /// The tag's slug, "untagged", or the month key such as `2026-10`.
    public var slug: String
    /// A stable html id for the group's heading, such as `lessons-tag-job-search`.
    public var id: String
    /// The index's items and their digests, shared with it.
    private let all: [LessonItem]
    private let digests: [Int]
    /// The group's refs, by item and then by ref, which is the order they were written in.
    private let places: [Place]
    /// Where each of the group's lessons starts in `places`.
    private let starts: [Int32]

    /// A ref of an item of the index: the item's position there and the ref's among its refs.
    struct Place: Equatable {
        var item: Int32
        var ref: Int32
    }

    /// The group of `places` in `items`, whose digests are `digests`.
    init(title: String, slug: String, id: String, items: [LessonItem], digests: [Int], places: [Place]) {
        self.title = title
        self.slug = slug
        self.id = id
        self.all = items
        self.digests = digests
        let sorted = places.sorted { ($0.item, $0.ref) < ($1.item, $1.ref) }
        self.places = sorted
        self.starts = sorted.indices.filter { $0 == 0 || sorted[$0 - 1].item != sorted[$0].item }.map { Int32($0) }
    }

    /// The same group over `items` and `digests`, which hold its lessons at the same positions
    /// with as many refs each: the index's items after some were rewritten in place.
    func sharing(_ items: [LessonItem], _ digests: [Int]) -> LessonGroup {
        LessonGroup(title: title, slug: slug, id: id, all: items, digests: digests, places: places, starts: starts)
    }

    private init(title: String, slug: String, id: String, all: [LessonItem], digests: [Int], places: [Place], starts: [Int32]) {
        (self.title, self.slug, self.id, self.all, self.digests, self.places, self.starts) = (title, slug, id, all, digests, places, starts)
    }

    /// The group as `LessonIndex.encoded` keeps it: its names and its places.
    func encode(into writer: inout BinaryWriter) {
        writer.string(title)
        writer.string(slug)
        writer.string(id)
        writer.list(places) { writer, place in
            writer.unsigned(UInt64(place.item))
            writer.unsigned(UInt64(place.ref))
        }
    }

    /// The group `encode` wrote, over `items`, which have `refCounts` refs each, and their
    /// `digests`; throws for a place in no item, or places out of their order.
    init(decoding reader: inout BinaryReader, items: [LessonItem], refCounts: [Int], digests: [Int]) throws(BinaryReader.Damaged) {
        let (title, slug, id) = (try reader.string(), try reader.string(), try reader.string())
        var places: [Place] = []
        var starts: [Int32] = []
        let count = try reader.count()
        places.reserveCapacity(count)
        for index in 0..<count {
            let (item, ref) = (try reader.unsigned(), try reader.unsigned())
            guard item < UInt64(refCounts.count), ref < UInt64(refCounts[Int(item)]) else { throw BinaryReader.Damaged() }
            let place = Place(item: Int32(item), ref: Int32(ref))
            if let last = places.last {
                guard (last.item, last.ref) <= (place.item, place.ref) else { throw BinaryReader.Damaged() }
                if last.item != place.item { starts.append(Int32(index)) }
            } else {
                starts.append(0)
            }
            places.append(place)
        }
        self.init(title: title, slug: slug, id: id, all: items, digests: digests, places: places, starts: starts)
    }

    /// How many lessons the group has.
    public var count: Int { starts.count }

    /// The group's lesson at `position`, first written first, keeping only the refs that belong here.
    public func item(at position: Int) -> LessonItem {
        item(at: position, latest: .max).item
    }

    /// The group's lesson at `position` with only the latest `limit` of the refs that belong here,
    /// and how many refs belong here.
    public func item(at position: Int, latest limit: Int) -> (item: LessonItem, count: Int) {
        let (start, end) = bounds(position)
        let item = all[Int(places[start].item)]
        let latest = places[max(start, end - limit)..<end].map { item.refs[Int($0.ref)] }
        return (LessonItem(text: item.text, key: item.key, refs: latest, id: item.id), end - start)
    }

    /// A hash of what `item(at: position, latest: limit)` gives, made without it: the item's
    /// digest, which of its refs are kept, and how many belong here.
    public func key(at position: Int, latest limit: Int) -> Int {
        let (start, end) = bounds(position)
        var hasher = StableHasher()
        hasher.combine(digests[Int(places[start].item)])
        hasher.combine(end - start)
        for place in places[max(start, end - limit)..<end] { hasher.combine(Int(place.ref)) }
        return hasher.finalize()
    }

    /// Where the lesson at `position` starts and ends in `places`.
    private func bounds(_ position: Int) -> (start: Int, end: Int) {
        (Int(starts[position]), position + 1 < starts.count ? Int(starts[position + 1]) : places.count)
    }

    /// The group's lessons in first-written order, each keeping only the refs that belong here.
    public var items: [LessonItem] { (0..<count).map(item(at:)) }
}
