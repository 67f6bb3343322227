import Foundation

/// Every lesson (or next step) of the workbook, once each, with where it was written,
/// and the same lessons grouped by tag and by month for the "What I learned" page.
public struct LessonIndex: Sendable, Equatable {
    /// Unique lessons in the order they were first written, oldest entry first.
    public private(set) var items: [LessonItem]
    /// One group per tag, sorted by tag name ignoring case; "Untagged" last when any lesson
    /// comes from an entry without tags. An entry with two tags shows under both.
    public var byTag: [LessonGroup]
    /// One group per month with lessons, newest month first.
    public var byMonth: [LessonGroup]

    /// A hash of each item of `items`, in their order: its text, id and every ref. A list of
    /// lessons is known by these without hashing their texts again. Seeded per process.
    public private(set) var digests: [Int]

    /// Where each item's refs' entries are in the entries it was indexed from, in the order of
    /// its refs: those of item `i` at `refEntries[refStarts[i]..<refStarts[i + 1]]`. A page that
    /// shows more of those entries than a ref holds finds them here without looking up a slug.
    /// Empty for an index made from its parts. Not part of `==`.
    private var refStarts: [Int32] = []
    private var refEntries: [Int32] = []
    private var indexedCount = 0

    /// By key, the note that began an item: its text as written, trimmed, and the id it asked
    /// for before `UniqueNames` made it unique. The index of a rebuild takes them from here when
    /// the same note begins the item again, instead of trimming and slugging every text again.
    /// Not part of `==`.
    private var wanted: [String: Wanted] = [:]
    /// The prefix of the ids in `wanted`.
    private var wantedPrefix = ""
    /// The bytes the index was read back from (see `init(decoding:)`) and where each item is in
    /// them, and the items patched since, in order; nil for an index made from the entries. Not
    /// part of `==`.
    private var read: (bytes: [UInt8], items: [Range<Int>])?
    private var patchedSinceRead: [Int] = []

    /// Whether the index was read back from a `LessonStore` (and patched there, maybe) rather
    /// than made from the entries.
    var wasRead: Bool { read != nil }

    private struct Wanted {
        var note: String
        var text: String
        var id: String

        /// What `note` asks for: its trimmed text and, before it is made unique, `prefix-` and its slug.
        init(_ note: Note, prefix: String) {
            (self.note, text) = (note.text, note.text.trimmingWhitespaceAndNewlines)
            id = prefix + "-" + note.slug
        }

        /// The id an item of trimmed `text` asks for.
        static func id(asked text: String, prefix: String) -> String {
            prefix + "-" + Note.slug(text)
        }

        /// Whether `note` is this one's text, byte for byte: `==` on Strings compares them as
        /// Unicode, which is slower and takes two spellings of an accent for one.
        func isBegun(by note: String) -> Bool {
            var (mine, theirs) = (self.note, note)
            return mine.withUTF8 { mine in theirs.withUTF8 { UnsafeRawBufferPointer(mine).hasSameBytes(as: UnsafeRawBufferPointer($0)) } }
        }
    }

    public static func == (a: LessonIndex, b: LessonIndex) -> Bool {
        a.items == b.items && a.byTag == b.byTag && a.byMonth == b.byMonth
    }

    /// An index from already grouped parts.
    public init(items: [LessonItem], byTag: [LessonGroup], byMonth: [LessonGroup]) {
        self.init(items: items, digests: Self.digests(items), byTag: byTag, byMonth: byMonth)
    }

    private init(items: [LessonItem], digests: [Int], byTag: [LessonGroup], byMonth: [LessonGroup]) {
        self.items = items
        self.digests = digests
        self.byTag = byTag
        self.byMonth = byMonth
    }

    /// The digest of each of `items`.
    static func digests(_ items: [LessonItem]) -> [Int] {
        items.map(digest(of:))
    }

    /// The digest of `item`.
    private static func digest(of item: LessonItem) -> Int {
        var refs = StableHasher()
        for ref in item.refs { refs.combine(refDigest(place: placeDigest(ref.slug, ref.title, ref.date), anchor: ref.anchor)) }
        return digest(item.text, id: item.id, count: item.refs.count, refs: refs)
    }

    /// An item's digest from its refs' digests, combined in order into `refs`.
    private static func digest(_ text: String, id: String, count: Int, refs: StableHasher) -> Int {
        var hasher = StableHasher()
        hasher.combine(utf8: text)
        hasher.combine(utf8: id)
        hasher.combine(count)
        hasher.combine(refs.finalize())
        return hasher.finalize()
    }

    /// A hash of where an entry's refs lead and what they show, made once for all its notes.
    private static func placeDigest(_ slug: String, _ title: String, _ date: CalendarDay) -> Int {
        var hasher = StableHasher()
        hasher.combine(utf8: slug)
        hasher.combine(utf8: title)
        hasher.combine(date)
        return hasher.finalize()
    }

    private static func refDigest(place: Int, anchor: String?) -> Int {
        var hasher = StableHasher()
        hasher.combine(place)
        hasher.combine(utf8: anchor)
        return hasher.finalize()
    }

    /// The positions, in the entries the index was made from, of the entries of item `item`'s
    /// refs, in their order; nil for an index made from its parts or from other than `count` entries.
    func refEntries(of item: Int, among count: Int) -> ArraySlice<Int32>? {
        guard !refStarts.isEmpty, count == indexedCount else { return nil }
        return refEntries[Int(refStarts[item])..<Int(refStarts[item + 1])]
    }

    /// How many distinct lessons there are.
    public var count: Int { items.count }

    /// Whether no entry has a lesson yet.
    public var isEmpty: Bool { items.isEmpty }

    /// Indexes the notes `notes` reads from each of `entries` (sorted oldest first); item ids
    /// start with `idPrefix`, such as "lesson" or "next". Given the index of an earlier build,
    /// the texts and ids of items begun by a note it saw are taken from there. An index that no
    /// later build reuses (`forRebuilds` false) keeps none of its own.
    public init(entries: [Entry], notes: (borrowing Entry) -> [Note], idPrefix: String, reusing earlier: LessonIndex? = nil, forRebuilds: Bool = true) {
        var items: [LessonItem] = []
        // Started afresh once it holds over twice as many texts as there are items, which drops
        // the texts no note writes any more.
        var wanted = earlier.flatMap { $0.wantedPrefix == idPrefix && $0.wanted.count <= 2 * $0.items.count + 64 ? $0.wanted : nil } ?? [:]
        // Each item's refs, hashed as they are added.
        var refDigests: [StableHasher] = []
        var indexByKey: [String: Int] = [:]
        // Sized for every note being a new item, so the tables never grow while filling.
        let noteCount = entries.indices.reduce(0) { $0 + notes(entries[$1]).count }
        var usedIDs = UniqueNames(capacity: noteCount)
        // Per distinct entry slug, the notes counted from it, so the same note read twice counts once.
        var slugNumbers: [String: Int] = [:]
        var counted: [[(index: Int, anchor: String)]] = []
        var tags = Groups()
        var untagged: [LessonGroup.Place] = []
        var months = Groups()
        // Each ref added, as its item and the position of its entry.
        var added: [(item: Int32, entry: Int32)] = []
        // The month of the entry before, whose group the next entry most often shares.
        var month: (year: Int, month: Int, group: Int)?
        indexByKey.reserveCapacity(noteCount)
        slugNumbers.reserveCapacity(entries.count)

        for position in entries.indices {
            let entryNotes = notes(entries[position])
            guard !entryNotes.isEmpty else { continue }
            let (slug, title, date) = (entries[position].slug, entries[position].title, entries[position].date)
            let place = Self.placeDigest(slug, title, date)
            let slugNumber = slugNumbers[slug] ?? counted.count
            if slugNumber == counted.count {
                slugNumbers[slug] = slugNumber
                counted.append([])
            }
            // The entry's groups, claimed with its first note that counts.
            var groups: (tags: [Int], month: Int)?
            for note in entryNotes {
                let key = note.key
                guard !key.isEmpty else { continue }
                let ref = EntryRef(entries[position], anchor: note.anchor)
                // One lookup finds the key's item or claims the next position for it.
                let (index, isNew) = indexByKey.claim(key, items.count)
                if !isNew {
                    guard !counted[slugNumber].contains(where: { $0.index == index && $0.anchor == note.anchor }) else { continue }
                    items[index].refs.append(ref)
                } else {
                    var asked = wanted.isEmpty ? nil : wanted[key]
                    if asked?.isBegun(by: note.text) != true {
                        asked = Wanted(note, prefix: idPrefix)
                        if forRebuilds { wanted[key] = asked }
                    }
                    items.append(LessonItem(text: asked!.text, key: key, refs: [ref], id: usedIDs.claim(asked!.id)))
                    refDigests.append(StableHasher())
                }
                refDigests[index].combine(Self.refDigest(place: place, anchor: note.anchor))
                if groups == nil {
                    var seenTags: Set<String> = []
                    let entryTags = entries[position].tags
                    if month?.year != date.year || month?.month != date.month {
                        month = (date.year, date.month, months.claim(date.monthKey, title: ""))
                    }
                    groups = (
                        (entryTags.count < 2 ? entryTags : entryTags.filter { seenTags.insert($0.slug).inserted }).map { tags.claim($0.slug, title: $0.name) },
                        month!.group
                    )
                }
                counted[slugNumber].append((index, note.anchor))
                added.append((Int32(index), Int32(position)))
                let place = LessonGroup.Place(item: Int32(index), ref: Int32(items[index].refs.count - 1))
                for group in groups!.tags { tags.places[group].append(place) }
                if groups!.tags.isEmpty { untagged.append(place) }
                months.places[groups!.month].append(place)
            }
        }

        let digests = items.indices.map { Self.digest(items[$0].text, id: items[$0].id, count: items[$0].refs.count, refs: refDigests[$0]) }
        var byTag = tags.keys.indices
            .sorted { (tags.titles[$0].lowercased(), tags.keys[$0]) < (tags.titles[$1].lowercased(), tags.keys[$1]) }
            .map { LessonGroup(title: tags.titles[$0], slug: tags.keys[$0], id: "\(idPrefix)s-tag-\(tags.keys[$0])", items: items, digests: digests, places: tags.places[$0]) }
        if !untagged.isEmpty {
            let slug = tags.position["untagged"] == nil ? "untagged" : "untagged-\(idPrefix)s"
            byTag.append(LessonGroup(title: "Untagged", slug: slug, id: "\(idPrefix)s-\(slug)", items: items, digests: digests, places: untagged))
        }
        let byMonth = months.keys.indices.sorted { months.keys[$0] > months.keys[$1] }.map { group in
            let key = months.keys[group]
            let first = CalendarDay(prefixOf: key + "-01")!
            return LessonGroup(title: MonthName.full(first), slug: key, id: "\(idPrefix)s-\(key)", items: items, digests: digests, places: months.places[group])
        }
        self.init(items: items, digests: digests, byTag: byTag, byMonth: byMonth)
        // The refs of each item are added in order, so placing them item by item keeps it.
        var starts = [Int32](repeating: 0, count: items.count + 1)
        for item in items.indices { starts[item + 1] = starts[item] + Int32(items[item].refs.count) }
        var next = starts
        refEntries = [Int32](repeating: 0, count: added.count)
        for (item, entry) in added {
            refEntries[Int(next[Int(item)])] = entry
            next[Int(item)] += 1
        }
        refStarts = starts
        indexedCount = entries.count
        self.wanted = forRebuilds ? wanted : [:]
        self.wantedPrefix = idPrefix
    }

    /// The index of `entries`, made from this one, the index of `earlier`, where the entries
    /// differ only in notes rewritten in place into notes no other note writes: each such note's
    /// item, which no other note wrote, takes the new text where it was. Nil for any other change
    /// (an entry added, removed or moved, a note added, removed or rewritten into one written
    /// elsewhere); the whole index must then be made again. A save that rewrites a line of one
    /// entry is the common case, and this costs a few scans of the items where the whole index
    /// costs a table of every text.
    ///
    /// An item's id is the one its text asks for, numbered when an item written before holds it.
    /// A new text asking for the same id keeps the item's id. When it asks for another, and
    /// another item holds that one or is numbered after the old one, every id is claimed again
    /// in order, as the whole index claims them.
    ///
    /// Consuming the index, and leaving its groups out while items are rewritten, lets a patch
    /// rewrite the items where they are rather than copy all of them first.
    consuming func patched(from earlier: [Entry], to entries: [Entry], notes: (borrowing Entry) -> [Note], idPrefix: String) -> LessonIndex? {
        guard wantedPrefix == idPrefix, entries.count == earlier.count else { return nil }
        var index = consume self
        let groups = (byTag: index.byTag.map { $0.sharing([], []) }, byMonth: index.byMonth.map { $0.sharing([], []) })
        (index.byTag, index.byMonth) = ([], [])
        var rewritten: Set<Int> = []
        var contested = false
        for position in entries.indices where entries[position] != earlier[position] {
            let (was, now) = (notes(earlier[position]), notes(entries[position]))
            if was.isEmpty && now.isEmpty { continue }
            // Where the refs lead and the groups they are in stay as they were.
            let (slug, title, date) = (entries[position].slug, entries[position].title, entries[position].date)
            guard slug == earlier[position].slug, title == earlier[position].title, date == earlier[position].date,
                  entries[position].tags == earlier[position].tags else { return nil }
            if was == now { continue }
            guard was.count == now.count else { return nil }
            for (before, after) in zip(was, now) where before != after {
                guard !before.key.isEmpty, !after.key.isEmpty,
                      was.count(where: { $0.key == before.key }) == 1, now.count(where: { $0.key == after.key }) == 1,
                      let item = index.items.firstIndex(where: { $0.key == before.key }), index.items[item].refs.count == 1,
                      !index.items.contains(where: { $0.key == after.key }) else { return nil }
                let (old, asked) = (index.items[item], Wanted(after, prefix: idPrefix))
                // Asking for the same id at the same place claims the same id, numbered or not.
                var id = old.id
                if asked.id != Wanted.id(asked: old.text, prefix: idPrefix) {
                    id = asked.id
                    let numbered = old.id + "-2"
                    contested = contested || Self.endsInNumber(old.id) || index.items.indices.contains {
                        $0 != item && (index.items[$0].id == asked.id || index.items[$0].id == numbered)
                    }
                }
                index.items[item] = LessonItem(text: asked.text, key: after.key,
                                               refs: [EntryRef(entries[position], anchor: after.anchor)], id: id)
                rewritten.insert(item)
            }
        }
        var changed = rewritten
        if contested {
            var used = UniqueNames(capacity: index.items.count)
            for item in index.items.indices {
                let text = index.items[item].text
                // The id a text asked for is kept with the note that began its item, while that
                // note is still the one: a text rewritten into another may leave its key behind.
                let asked = index.wanted[index.items[item].key].flatMap { $0.text == text ? $0.id : nil } ?? Wanted.id(asked: text, prefix: idPrefix)
                let id = used.claim(asked)
                if id != index.items[item].id {
                    index.items[item].id = id
                    changed.insert(item)
                }
            }
        }
        for item in changed { index.digests[item] = Self.digest(of: index.items[item]) }
        if index.read != nil, !changed.isEmpty { index.patchedSinceRead = Set(index.patchedSinceRead).union(changed).sorted() }
        (index.byTag, index.byMonth) = (groups.byTag.map { $0.sharing(index.items, index.digests) }, groups.byMonth.map { $0.sharing(index.items, index.digests) })
        return index
    }

    // MARK: Kept between runs

    /// The index as `LessonStore` keeps it, told by the notes of `entries`, which it was made
    /// from: each ref as the position of its entry after the ref before and its anchor; each item
    /// as which of its first ref's entry's notes began it, with its text only when that note's
    /// differs, its id as a number when it is the one that note asked for, or that one numbered;
    /// then its digest, and the groups as places. An index read back (`init(decoding:)`) gives
    /// the bytes it was read from with only the items patched since made again. Nil for an index
    /// made from its parts or from other entries.
    func encoded(from entries: [Entry], notes: (borrowing Entry) -> [Note]) -> [UInt8]? {
        guard refStarts.count == items.count + 1, indexedCount == entries.count else { return nil }
        if let read, read.items.count == items.count {
            var writer = BinaryWriter(capacity: read.bytes.count + 256 * patchedSinceRead.count)
            var copied = 0
            for item in patchedSinceRead {
                writer.raw(read.bytes[copied..<read.items[item].lowerBound])
                guard encode(item, from: entries, notes: notes, into: &writer) else { return nil }
                copied = read.items[item].upperBound
            }
            writer.raw(read.bytes[copied...])
            return writer.bytes
        }
        var writer = BinaryWriter(capacity: 16 * refEntries.count + 16 * items.count)
        writer.string(wantedPrefix)
        writer.unsigned(UInt64(indexedCount))
        writer.unsigned(UInt64(items.count))
        for item in items.indices {
            guard encode(item, from: entries, notes: notes, into: &writer) else { return nil }
        }
        for groups in [byTag, byMonth] {
            writer.list(groups) { $1.encode(into: &$0) }
        }
        return writer.bytes
    }

    /// Adds the item at `position` as `encoded` keeps it; false when its refs are not in the
    /// order of their entries.
    private func encode(_ position: Int, from entries: [Entry], notes: (borrowing Entry) -> [Note], into writer: inout BinaryWriter) -> Bool {
        let item = items[position]
        let positions = refEntries[Int(refStarts[position])..<Int(refStarts[position + 1])]
        guard let first = positions.first, positions.count == item.refs.count else { return false }
        writer.unsigned(UInt64(positions.count))
        var previous = Int32(0)
        for (ref, entry) in positions.enumerated() {
            guard entry >= previous else { return false }
            writer.unsigned(UInt64(entry - previous))
            writer.optional(item.refs[ref].anchor) { $0.string($1) }
            previous = entry
        }
        let firstNotes = notes(entries[Int(first)])
        let begun = firstNotes.firstIndex { $0.anchor == item.refs[0].anchor && $0.key == item.key }
        writer.unsigned(begun.map { UInt64($0 + 1) } ?? 0)
        if let begun {
            writer.optional(item.text == firstNotes[begun].text ? nil : item.text) { $0.string($1) }
        } else {
            writer.string(item.text)
            writer.string(item.key)
        }
        let asked = begun.map { wantedPrefix + "-" + firstNotes[$0].slug } ?? Wanted.id(asked: item.text, prefix: wantedPrefix)
        if item.id == asked {
            writer.unsigned(0)
        } else if item.id.hasPrefix(asked + "-"), let number = UInt64(item.id.dropFirst(asked.count + 1)), number >= 2,
                  item.id == asked + "-\(number)" {
            writer.unsigned(number)
        } else {
            writer.unsigned(1)
            writer.string(item.id)
        }
        writer.int(digests[position])
        return true
    }

    /// The index with ids starting with `idPrefix` that `encoded` wrote, as `bytes`, of the notes
    /// `notes` reads from `entries`. Throws for anything out of place: another prefix or count of
    /// entries, a ref to none of them, an item begun by none of its entry's notes, a group's
    /// place in no item, bytes left over.
    init(decoding bytes: [UInt8], idPrefix: String, entries: [Entry], notes: (borrowing Entry) -> [Note]) throws(BinaryReader.Damaged) {
        var items: [LessonItem] = []
        var digests: [Int] = []
        var starts: [Int32] = [0]
        var positions: [Int32] = []
        var places: [Range<Int>] = []
        let read = bytes.withUnsafeBytes { raw in Result { () throws(BinaryReader.Damaged) -> (byTag: [LessonGroup], byMonth: [LessonGroup]) in
            var reader = BinaryReader(raw)
            guard try reader.string() == idPrefix, try reader.unsigned() == UInt64(entries.count) else { throw BinaryReader.Damaged() }
            let count = try reader.count()
            items.reserveCapacity(count)
            digests.reserveCapacity(count)
            starts.reserveCapacity(count + 1)
            places.reserveCapacity(count)
            for _ in 0..<count {
                let start = reader.offset
                let refCount = try reader.count()
                guard refCount > 0 else { throw BinaryReader.Damaged() }
                var refs: [EntryRef] = []
                refs.reserveCapacity(refCount)
                var entry = 0
                for _ in 0..<refCount {
                    let step = try reader.unsigned()
                    guard step < UInt64(entries.count - entry) else { throw BinaryReader.Damaged() }
                    entry += Int(step)
                    let anchor = try reader.optional { r throws(BinaryReader.Damaged) in try r.string() }
                    refs.append(EntryRef(entries[entry], anchor: anchor))
                    positions.append(Int32(entry))
                }
                let first = Int(positions[positions.count - refCount])
                let text: String, key: String, asked: String?
                let begun = try reader.unsigned()
                if begun > 0 {
                    let firstNotes = notes(entries[first])
                    guard begun <= UInt64(firstNotes.count) else { throw BinaryReader.Damaged() }
                    let note = Int(begun - 1)
                    text = try reader.optional { r throws(BinaryReader.Damaged) in try r.string() } ?? firstNotes[note].text
                    (key, asked) = (firstNotes[note].key, idPrefix + "-" + firstNotes[note].slug)
                } else {
                    (text, key, asked) = (try reader.string(), try reader.string(), nil)
                }
                let id = switch try reader.unsigned() {
                case 0: asked ?? Wanted.id(asked: text, prefix: idPrefix)
                case 1: try reader.string()
                case let number: (asked ?? Wanted.id(asked: text, prefix: idPrefix)) + "-\(number)"
                }
                digests.append(try reader.int())
                guard positions.count < Int32.max else { throw BinaryReader.Damaged() }
                starts.append(Int32(positions.count))
                items.append(LessonItem(text: text, key: key, refs: refs, id: id))
                places.append(start..<reader.offset)
            }
            let refCounts = zip(starts, starts.dropFirst()).map { Int($1 - $0) }
            func groups(_ reader: inout BinaryReader) throws(BinaryReader.Damaged) -> [LessonGroup] {
                try reader.list { r throws(BinaryReader.Damaged) in try LessonGroup(decoding: &r, items: items, refCounts: refCounts, digests: digests) }
            }
            let byTag = try groups(&reader)
            let byMonth = try groups(&reader)
            guard reader.isAtEnd else { throw BinaryReader.Damaged() }
            return (byTag, byMonth)
        } }
        let groups = try read.get()
        self.init(items: items, digests: digests, byTag: groups.byTag, byMonth: groups.byMonth)
        (refStarts, refEntries, indexedCount, wantedPrefix) = (starts, positions, entries.count, idPrefix)
        self.read = (bytes, places)
    }

    /// Whether `id` ends in `-` and digits, as the ids `UniqueNames` numbers do.
    private static func endsInNumber(_ id: String) -> Bool {
        let digits = id.utf8.reversed().prefix { (0x30...0x39).contains($0) }.count
        return digits > 0 && id.utf8.dropLast(digits).last == UInt8(ascii: "-")
    }

    /// Groups by key (a tag slug or a month), each with its title and places in written order.
    private struct Groups {
        var keys: [String] = []
        var titles: [String] = []
        var places: [[LessonGroup.Place]] = []
        var position: [String: Int] = [:]

        /// The group of `key`, made with `title` when it is new.
        mutating func claim(_ key: String, title: String) -> Int {
            if let known = position[key] { return known }
            position[key] = keys.count
            keys.append(key)
            titles.append(title)
            places.append([])
            return keys.count - 1
        }
    }
}
