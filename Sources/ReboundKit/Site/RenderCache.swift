import Foundation

/// Entry pages an earlier build rendered, each with everything it was made from, so that
/// `serve` renders again only the pages whose inputs changed: after a save, the entry itself,
/// its neighbours, and the pages whose mood chart or lesson links moved. The sheets of the
/// printed workbook and the lessons of learned.html are kept the same way, as list items; so
/// are what the printed workbook and the search index make of each entry alone, the other
/// pages by a digest of their context, and the insights for the parts no change touched.
public struct RenderCache: Sendable {
    /// What every page depends on: the workbook's settings, the build's options and the theme.
    struct Shared: Equatable, Sendable {
        var config: WorkbookConfig
        var options: SiteOptions
        var theme: Int
    }

    /// Everything an entry page shows besides the shared parts.
    struct EntryInputs: Equatable, Sendable {
        var entry: Entry
        var previous: EntryRef?
        var next: EntryRef?
        /// The points of the entry's mood chart, sharing the series' storage.
        var moodWindow: ArraySlice<MoodPoint>?
        var lessonIDs: [String?]
        var emotionSlugs: [String?]
    }

    struct EntryPage: Sendable {
        var inputs: EntryInputs
        var file: OutputFile
        var reused = false
    }

    var shared: Shared?
    /// The entry pages, in the order of the workbook's entries.
    var entryPages: [EntryPage] = []
    /// The rendered items of the lazy lists of the largest pages (print sheets, lessons), by route.
    var listItems: [String: [RenderMemo.Item]] = [:]
    /// Each entry's body as the printed workbook holds it, in the order they were made.
    var printedBodies: [Derived<SiteRenderer.PrintedBody>] = []
    /// Each entry's record of the search index as JSON, in the order they were made.
    var searchRecords: [Derived<[UInt8]>] = []
    /// The other pages (timeline, tags, index…) with a digest of the context each was rendered from.
    var pages: [String: PageMemo.Kept] = [:]
    /// The insights of the build, for the next to reuse the parts whose entries' inputs are unchanged.
    var insights: Insights.Earlier?
    /// Where the stable pieces of the largest pages are, by route, for a build in a later run.
    var placed: [String: [EarlierPieces.Piece]] = [:]
    /// The outlines of the printed entries' bodies, for a build in a later run.
    var outlines: [Int: EarlierPieces.Outline] = [:]
    /// How many of these pages were taken from the earlier cache rather than rendered.
    public internal(set) var reused = 0

    public init() {}

    /// A value made from one entry alone, with the entry it was made from.
    struct Derived<Value: Sendable>: Sendable {
        var entry: Entry
        var value: Value
    }

    /// Adds what `other` kept; `other` wins where both hold a page or list. Entry pages are
    /// appended, so the kept parts of the render's jobs, merged in order, keep the entries' order.
    mutating func merge(_ other: RenderCache) {
        /// `theirs` added to `mine`, taken whole (not copied) when `mine` is empty and has no
        /// room set aside.
        func add<Key, Value>(_ theirs: [Key: Value], to mine: inout [Key: Value]) {
            if mine.isEmpty && mine.capacity <= theirs.count { mine = theirs } else { mine.merge(theirs) { $1 } }
        }
        entryPages += other.entryPages
        add(other.listItems, to: &listItems)
        if !other.printedBodies.isEmpty { printedBodies = other.printedBodies }
        if !other.searchRecords.isEmpty { searchRecords = other.searchRecords }
        add(other.pages, to: &pages)
        add(other.placed, to: &placed)
        add(other.outlines, to: &outlines)
        reused += other.reused
    }

    /// A memo of values made from single entries, starting from those kept at `values` when
    /// they were made with these shared inputs.
    func entryMemo<Value>(_ values: KeyPath<RenderCache, [Derived<Value>]>, shared: Shared) -> EntryMemo<Value> {
        EntryMemo(earlier: shared == self.shared ? self[keyPath: values] : [])
    }

    /// The remembered list items of the page at `route`, for a build with these shared inputs.
    func memo(for route: String, shared: Shared) -> RenderMemo {
        RenderMemo(earlier: shared == self.shared ? listItems[route] ?? [] : [])
    }

    /// The entry pages made earlier, for a build of `entries` with these shared inputs.
    func entryPages(for entries: [Entry], shared: Shared) -> KeptEntryPages {
        KeptEntryPages(shared == self.shared ? entryPages : [], for: entries)
    }
}

/// Entry pages of an earlier build, found by their entry's place among the entries when no
/// entry came, went or moved since, which is the common case and needs no table; by slug otherwise.
struct KeptEntryPages: Sendable {
    private let pages: [RenderCache.EntryPage]
    /// The position of each page by slug; nil when every page is in its entry's place.
    private let positions: [String: Int]?

    init(_ pages: [RenderCache.EntryPage], for entries: [Entry]) {
        self.pages = pages
        let inPlace = pages.count == entries.count && zip(pages, entries).allSatisfy { $0.inputs.entry.slug == $1.slug }
        positions = inPlace ? nil : Dictionary(pages.indices.map { (pages[$0].inputs.entry.slug, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The page made earlier from exactly these inputs, for the entry at `index`, if any.
    func page(_ inputs: RenderCache.EntryInputs, at index: Int) -> OutputFile? {
        guard let position = positions == nil ? index : positions?[inputs.entry.slug], pages[position].inputs == inputs else { return nil }
        return pages[position].file
    }
}

/// Pages taken from an earlier build when the context they are rendered from has the same
/// digest; shared by the tasks that render, so it takes a lock.
final class PageMemo: @unchecked Sendable {
    struct Kept: Sendable {
        var digest: Int
        var file: OutputFile
    }

    private let earlier: [String: Kept]
    private var kept: [String: Kept] = [:]
    private let lock = NSLock()

    init(earlier: [String: Kept]) {
        self.earlier = earlier
    }

    /// What was rendered or reused, by route.
    var made: [String: Kept] { lock.withLock { kept } }

    /// The page at `route` rendered from a context with `digest`: `render()`, or the file an
    /// earlier build rendered from a context with the same digest.
    func page(_ route: String, digest: () -> Int, _ render: () -> OutputFile) -> OutputFile {
        let digest = digest()
        let page = Kept(digest: digest, file: earlier[route].flatMap { $0.digest == digest ? $0.file : nil } ?? render())
        lock.withLock { kept[route] = page }
        return page.file
    }
}

/// Values made from one entry alone (its printed body, its search record), taken from an earlier
/// build while the entry is equal to the one they were made from. Entries read again from an
/// unchanged file share their storage with the earlier ones, so telling them equal is cheap.
///
/// Values are asked for in the order of the entries, which a save seldom changes, so the value
/// made in the same place last time is looked at first; the others are found by slug.
final class EntryMemo<Value: Sendable> {
    private let earlier: [RenderCache.Derived<Value>]
    /// The position of each of `earlier` by slug, made at the first entry not found in its place.
    private var positions: [String: Int]?
    private(set) var made: [RenderCache.Derived<Value>] = []

    init(earlier: [RenderCache.Derived<Value>]) {
        self.earlier = earlier
        made.reserveCapacity(earlier.count)
    }

    /// `make(entry)`, or what it made from an equal entry last time.
    func value(for entry: Entry, _ make: (Entry) -> Value) -> Value {
        if let kept = kept(entry.slug), kept.entry == entry {
            made.append(kept)
            return kept.value
        }
        let value = make(entry)
        made.append(RenderCache.Derived(entry: entry, value: value))
        return value
    }

    /// What was made last time for the entry of `slug`.
    private func kept(_ slug: String) -> RenderCache.Derived<Value>? {
        let place = made.count
        if place < earlier.count, earlier[place].entry.slug == slug { return earlier[place] }
        if positions == nil {
            positions = Dictionary(earlier.indices.map { (earlier[$0].entry.slug, $0) }, uniquingKeysWith: { first, _ in first })
        }
        return positions?[slug].map { earlier[$0] }
    }
}

extension RenderCache.Shared {
    /// What every page of `workbook` shares when it is rendered with `theme` and `options`.
    init(_ workbook: Workbook, theme: Theme, options: SiteOptions) {
        self.init(config: workbook.config, options: options, theme: theme.fingerprint)
    }

    /// What the `source` digest of every page starts with: the program, the workbook's settings,
    /// the build's options and the theme, the same in every run; nil when the program cannot be
    /// told apart from another, and no page then has a source.
    var sourcePrefix: UInt64? {
        guard let program = DecodeCache.programIdentity else { return nil }
        var writer = BinaryWriter()
        writer.unsigned(program)
        DecodeCache.encode(config, into: &writer)
        DecodeCache.encode(options.today, into: &writer)
        for day in [options.printFrom, options.printTo] { writer.optional(day) { DecodeCache.encode($1, into: &$0) } }
        writer.int(theme)
        return Manifest.hash(writer.bytes)
    }
}

extension RenderCache {
    /// The digest a page records as what it was made from (`OutputFile.source`): `prefix`, what
    /// every page shares (`Shared.sourcePrefix`), then what `add` adds of the page's own inputs.
    static func source(after prefix: UInt64, _ add: (inout StableHasher) -> Void) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(prefix)
        add(&hasher)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}

extension RenderCache.EntryInputs {
    /// The digest of an entry page made from these inputs (see `OutputFile.source`), after
    /// `prefix`, what every page shares. The entry stands in it by its path and a hash of its
    /// text, which with the settings in `prefix` are all it is decoded from.
    ///
    /// The mood window's points stand in it by their digests (`MoodPoint.digest`), taken from
    /// `pointDigests` by their place in the series when given.
    func source(after prefix: UInt64, pointDigests: [Int]? = nil) -> UInt64 {
        RenderCache.source(after: prefix) { hasher in
            entry.addSource(to: &hasher)
            for neighbour in [previous, next] {
                hasher.combine(neighbour != nil)
                neighbour?.add(to: &hasher)
            }
            hasher.combine(moodWindow != nil)
            hasher.combine(moodWindow?.count ?? 0)
            if let moodWindow {
                for index in moodWindow.indices { hasher.combine(pointDigests?[index] ?? moodWindow[index].digest) }
            }
            for names in [lessonIDs, emotionSlugs] {
                hasher.combine(names.count)
                for name in names { hasher.combine(utf8: name) }
            }
        }
    }
}
