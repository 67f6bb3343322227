import Foundation

/// A file of the generated site.
public struct OutputFile: Sendable, Equatable {
    /// The path relative to the output folder, `/`-separated.
    public let path: String
    public let bytes: [UInt8]
    /// The bytes' hash as the manifest records it, worked out where the file is made, so a page
    /// kept for a later build is not hashed again when written.
    public let hash: UInt64
    /// For a page that knows it, a digest of everything it is made from, stable from one run of
    /// the program to the next: the manifest records it, and a later build that works out the
    /// same digest keeps the page as it is instead of making it again.
    public let source: UInt64?

    public init(path: String, bytes: [UInt8], source: UInt64? = nil) {
        self.path = path
        self.bytes = bytes
        self.hash = Manifest.hash(bytes)
        self.source = source
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The same file, made from `source`.
    func madeFrom(_ source: UInt64?) -> OutputFile {
        OutputFile(path: path, bytes: bytes, hash: hash, source: source)
    }

    private init(path: String, bytes: [UInt8], hash: UInt64, source: UInt64?) {
        self.path = path
        self.bytes = bytes
        self.hash = hash
        self.source = source
    }
}

/// Settings of one render that do not come from the workbook.
public struct SiteOptions: Sendable, Equatable {
    /// The day the build treats as today ("on this day", streaks, focus of the day).
    public var today: CalendarDay
    /// The dates `print.html` holds; nil for all.
    public var printFrom: CalendarDay?
    public var printTo: CalendarDay?

    public init(today: CalendarDay, printFrom: CalendarDay? = nil, printTo: CalendarDay? = nil) {
        self.today = today
        self.printFrom = printFrom
        self.printTo = printTo
    }
}

/// Turns a workbook and its insights into the files of the site.
public struct SiteRenderer: Sendable {
    public var workbook: Workbook
    public var insights: Insights
    public var theme: Theme
    public var options: SiteOptions
    /// The position of each entry in `workbook.entries`, by slug.
    let entryIndex: [String: Int]
    /// Whether `workbook.entries` are in the order the insights read them, which is then theirs.
    let entriesInOrder: Bool
    /// The index of each entry's point in `insights.mood`, by the entry's position; -1 for none.
    let moodPoints: [Int32]
    /// The id of each emotion's section on `emotions.html`, by every name an entry gives it, and
    /// by the name an emotion is known by, for a name given by none (see `emotionSlug`).
    private let emotionSlugs: [String: String]
    private let emotionSlugsByName: [String: String]

    /// The next steps, when they are still being indexed as rendering starts; the pages that show
    /// them wait for them (see `nextSteps`).
    var pendingNextSteps: Pending<LessonIndex>?

    /// The next steps of `insights`, or the pending ones once they are made.
    var nextSteps: LessonIndex {
        pendingNextSteps?.value ?? insights.nextSteps
    }

    /// Entry pages of an earlier build, reused where their inputs are unchanged; nil when the
    /// pages are not kept for a later build (a one-off build would only hold them in memory).
    public let earlier: RenderCache?
    /// With `earlier`, the pages besides entry pages rendered so far, for the next build.
    private let pageMemo: PageMemo?
    /// The pieces of the largest pages in the site a build in an earlier run wrote, by route,
    /// taken where this build would make the same (see `EarlierPieces`).
    var earlierPages: [String: EarlierPieces.Page] = [:]
    /// The outlines of the entries' bodies a build in an earlier run printed (see `EarlierPieces.Outline`).
    var earlierOutlines: [Int: EarlierPieces.Outline] = [:]
    /// Whether the render notes where the stable pieces of the largest pages are, for a build in
    /// a later run; the cache `render(into:)` returns then holds them (`RenderCache.placed`).
    var recordsPieces = false
    /// What every page depends on; what `earlier` holds is used only when it was made with the same.
    private let shared: RenderCache.Shared
    /// What every page and piece is made from besides itself (see `RenderCache.Shared.sourcePrefix`).
    let sourcePrefix: UInt64?

    public init(workbook: Workbook, insights: Insights, theme: Theme, options: SiteOptions, reusing earlier: RenderCache? = nil) {
        self.workbook = workbook
        self.insights = insights
        self.theme = theme
        self.options = options
        self.earlier = earlier
        let shared = RenderCache.Shared(workbook, theme: theme, options: options)
        self.shared = shared
        self.sourcePrefix = shared.sourcePrefix
        self.pageMemo = earlier.map { PageMemo(earlier: $0.shared == shared ? $0.pages : [:]) }
        let entryIndex = Dictionary(workbook.entries.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first })
        self.entryIndex = entryIndex
        entriesInOrder = Insights.isSorted(workbook.entries)
        moodPoints = Self.moodPoints(workbook.entries, inOrder: entriesInOrder, series: insights.mood, entryIndex: entryIndex)
        // Names are looked up as written, which is far cheaper than normalising each one again
        // on every page and sheet that shows it; the summaries know how each was written.
        emotionSlugsByName = Dictionary(insights.emotions.map { ($0.name, $0.slug) }, uniquingKeysWith: { first, _ in first })
        var emotionSlugs: [String: String] = [:]
        for summary in insights.emotions {
            for spelling in summary.spellings { emotionSlugs[spelling] = summary.slug }
        }
        self.emotionSlugs = emotionSlugs
    }

    /// The index of each of `entries`' points in `series`, by the entry's position; -1 for an
    /// entry without one. Entries in order have theirs in the same order, and are walked
    /// alongside them; others are found by slug.
    private static func moodPoints(_ entries: [Entry], inOrder: Bool, series: MoodSeries, entryIndex: [String: Int]) -> [Int32] {
        var found = [Int32](repeating: -1, count: entries.count)
        if inOrder {
            var next = 0
            for (position, entry) in entries.enumerated() where entry.mood != nil {
                guard next < series.points.count, series.points[next].slug == entry.slug else { next = -1; break }
                found[position] = Int32(next)
                next += 1
            }
            if next == series.points.count { return found }
            found = [Int32](repeating: -1, count: entries.count)
        }
        for (point, entry) in series.points.enumerated().reversed() {
            if let position = entryIndex[entry.slug] { found[position] = Int32(point) }
        }
        return found
    }

    typealias Context = TemplateContext

    /// Every page, the stylesheet and scripts; assets are copied by the writer.
    public func render() async -> [OutputFile] {
        await render(into: MemorySink()).receipts.flatMap { $0 }
    }

    /// Renders every page, the stylesheet and scripts on every core into `sink`, each batch as
    /// soon as it is made and the largest pages a piece at a time, so a large site is never
    /// held in memory whole. Returns the sink's receipts, in an order that does not depend on
    /// timing, and, when `earlier` is given, the entry pages with their inputs for the next build.
    ///
    /// The large aggregate pages start first, and the entry pages fill the gaps in small batches.
    public func render<Sink: PageSink>(into sink: Sink) async -> (receipts: [Sink.Receipt], cache: RenderCache?) {
        let lessonIDs = lessonIndexIDs()
        let shared = shared
        typealias Job = @Sendable (SiteRenderer) -> (receipts: [Sink.Receipt], kept: RenderCache)
        /// A large page written in pieces, its list items remembered when pages are kept.
        @Sendable func streamed(_ route: String, _ write: @escaping @Sendable (SiteRenderer, @escaping ([UInt8]) -> Void, RenderMemo?) -> RenderCache) -> Job {
            { renderer in
                var kept = RenderCache()
                let receipt = renderer.stream(route, into: sink, kept: &kept) { write(renderer, $0, $1) }
                return ([receipt], kept)
            }
        }
        /// A page of the theme written in pieces, unless the site holds it as made from the same context.
        @Sendable func streamed(_ route: String, _ template: String, title: String, _ context: @escaping @Sendable (SiteRenderer) -> Context) -> Job {
            { renderer in
                var kept = RenderCache()
                let receipt = renderer.streamPage(template, route: route, title: title, context(renderer), into: sink, kept: &kept)
                return ([receipt], kept)
            }
        }
        var jobs: [Job] = [
            { renderer in
                var kept = RenderCache()
                // A build in another run keeps the page the site holds as made from the same, and
                // what the record of pieces says of it; `serve` has its own memo of the sheets.
                let source = renderer.printSource
                if renderer.earlier == nil, let source, let receipt = renderer.keep(Routes.print, madeFrom: source, in: sink, kept: &kept) {
                    kept.outlines = renderer.recordsPieces ? renderer.earlierOutlines : [:]
                    return ([receipt], kept)
                }
                let receipt = renderer.stream(Routes.print, source: source, into: sink, kept: &kept) { emit, memo in
                    let bodies = renderer.earlier?.entryMemo(\.printedBodies, shared: shared)
                    var made = RenderCache()
                    made.outlines = renderer.printPage(into: emit, memo: memo, bodies: bodies)
                    made.printedBodies = bodies?.made ?? []
                    return made
                }
                return ([receipt], kept)
            },
            streamed(Routes.timeline, "timeline", title: "Timeline") { $0.timelineContext() },
            streamed(Routes.emotions, "emotions", title: "Emotions") { $0.emotionsContext() },
            { renderer in renderer.searchIndex(into: sink) },
            // After the largest pages that need no next steps, which may still be being indexed,
            // and before the small ones, which then fill the time it takes.
            streamed(Routes.learned, "learned", title: "What I learned") { $0.learnedContext() },
            { ([sink.put([$0.indexPage(), $0.affirmationsPage(), $0.morningPage(), $0.searchPage()])], RenderCache()) },
            { renderer in
                var kept = RenderCache()
                let tags = renderer.tagPages(into: sink, kept: &kept)
                return ([sink.put(renderer.workbook.pages.indices.map { renderer.pagePage(at: $0) } + [tags.index])] + tags.receipts, kept)
            },
            { renderer in ([sink.put(renderer.theme.staticFiles.sorted { $0.key < $1.key }.map { OutputFile(path: $0.key, text: $0.value) })], RenderCache()) },
        ]
        let keptPages = earlier?.entryPages(for: workbook.entries, shared: shared)
        // Each entry page's source holds some thirty points of the mood series around it.
        let pointDigests = sourcePrefix == nil ? nil : insights.mood.points.map(\.digest)
        // Every entry page records what it was made from, so a later build in another run keeps
        // the pages the site holds as they would be made.
        let batch = 64
        for start in stride(from: 0, to: workbook.entries.count, by: batch) {
            let range = start..<min(start + batch, workbook.entries.count)
            jobs.append { renderer in
                let labels = renderer.entryChartLabels()
                guard let keptPages else {
                    var files: [OutputFile] = []
                    var held: [String] = []
                    for index in range {
                        let inputs = renderer.entryInputs(at: index, lessonIDs: lessonIDs)
                        let source = sourcePrefix.map { inputs.source(after: $0, pointDigests: pointDigests) }
                        if let source, case let path = Routes.entry(inputs.entry.slug), sink.holds(path, madeFrom: source) {
                            held.append(path)
                        } else {
                            files.append(renderer.entryPage(inputs, labels: labels).madeFrom(source))
                        }
                    }
                    return ([sink.put(files, keeping: held)], RenderCache())
                }
                var kept = RenderCache()
                kept.entryPages.reserveCapacity(range.count)
                let files = range.map { index in
                    let inputs = renderer.entryInputs(at: index, lessonIDs: lessonIDs)
                    let reused = keptPages.page(inputs, at: index)
                    let made = reused ?? renderer.entryPage(inputs, labels: labels).madeFrom(sourcePrefix.map { inputs.source(after: $0, pointDigests: pointDigests) })
                    let page = RenderCache.EntryPage(inputs: inputs, file: made, reused: reused != nil)
                    kept.entryPages.append(page)
                    kept.reused += page.reused ? 1 : 0
                    return page.file
                }
                return ([sink.put(files)], kept)
            }
        }
        let renderer = self
        let done = await jobs.concurrentMap(chunk: 1) { job in job(renderer) }
        let receipts = done.flatMap(\.receipts)
        guard earlier != nil else {
            guard recordsPieces else { return (receipts, nil) }
            var kept = RenderCache()
            for job in done { kept.merge(job.kept) }
            return (receipts, kept)
        }
        var cache = RenderCache()
        cache.shared = shared
        cache.entryPages.reserveCapacity(workbook.entries.count)
        for job in done { cache.merge(job.kept) }
        cache.pages = pageMemo?.made ?? [:]
        return (receipts, cache)
    }

    /// Renders the page at `route` into `sink` a piece at a time with its memo (see `memo(for:)`),
    /// noting in `kept` what a later build takes from it: the items it made when pages are kept,
    /// where its stable items are when pieces are recorded. `source` is what it is made from.
    func stream<Sink: PageSink>(_ route: String, source: UInt64? = nil, into sink: Sink, kept: inout RenderCache,
                                _ write: (@escaping ([UInt8]) -> Void, RenderMemo?) -> RenderCache) -> Sink.Receipt {
        let memo = memo(for: route)
        var made = RenderCache()
        let receipt = sink.stream(route, source: source) { made = write($0, memo) }
        kept.merge(made)
        if earlier != nil { kept.listItems[route] = memo?.made }
        if let placed = memo?.placed, !placed.isEmpty { kept.placed[route] = placed }
        return receipt
    }

    /// A page of the theme written in pieces (see `stream`), known by a digest of its template
    /// and context: when the site holds it as made from the same, it is kept as it is.
    func streamPage<Sink: PageSink>(_ template: String, route: String, title: String, _ context: Context,
                                    into sink: Sink, kept: inout RenderCache) -> Sink.Receipt {
        let full = pageContext(route: route, title: title, context)
        let source = sourcePrefix.map { prefix in
            RenderCache.source(after: prefix) { digest in
                digest.combine(utf8: template)
                ContextDigest.add(full, to: &digest)
            }
        }
        if let source, let receipt = keep(route, madeFrom: source, in: sink, kept: &kept) { return receipt }
        return stream(route, source: source, into: sink, kept: &kept) { emit, memo in
            theme.render(template, full, spill: emit, memo: memo)
            return RenderCache()
        }
    }

    /// Keeps the page at `route` as the site holds it, when it was made from `source`, and notes
    /// in `kept` what the build that made it noted: its items for the next build of `serve`,
    /// where its pieces are for a build in a later run. Nil when the page must be made. A page
    /// made of no pieces (`hasPieces` false) has none to note.
    func keep<Sink: PageSink>(_ route: String, madeFrom source: UInt64, hasPieces: Bool = true, in sink: Sink, kept: inout RenderCache) -> Sink.Receipt? {
        guard sink.holds(route, madeFrom: source) else { return nil }
        if recordsPieces && hasPieces {
            guard let pieces = earlierPages[route]?.recorded else { return nil }
            kept.placed[route] = pieces
        }
        if let earlier { kept.listItems[route] = earlier.memo(for: route, shared: shared).earlier }
        return sink.put([], keeping: [route])
    }

    /// The scripts of the search index (see `SearchIndex.parts`). A year's script the site holds as
    /// made from the same entries is kept as it is; its records are carried over for `serve`.
    func searchIndex<Sink: PageSink>(into sink: Sink) -> (receipts: [Sink.Receipt], kept: RenderCache) {
        var kept = RenderCache()
        let records = earlier?.entryMemo(\.searchRecords, shared: shared)
        var receipts: [Sink.Receipt] = []
        for (route, range) in SearchIndex.parts(of: workbook.entries) {
            let entries = workbook.entries[range].reversed()
            // A year's records are made from its entries alone, which their files and texts stand
            // for; the guide's from its pages.
            let source = sourcePrefix.map { prefix in
                RenderCache.source(after: prefix) { hasher in
                    hasher.combine(utf8: route)
                    if range.isEmpty {
                        SearchIndex.addSources(of: workbook.pages, to: &hasher)
                    } else {
                        Entry.addSources(of: entries, to: &hasher)
                    }
                }
            }
            if let source, let receipt = keep(route, madeFrom: source, hasPieces: !range.isEmpty, in: sink, kept: &kept) {
                if let records { for entry in entries { _ = records.value(for: entry, SearchIndex.encoded) } }
                receipts.append(receipt)
                continue
            }
            receipts.append(stream(route, source: source, into: sink, kept: &kept) { emit, memo in
                SearchIndex.write(entries, pages: range.isEmpty ? workbook.pages : [], records: records, pieces: records == nil ? memo : nil, into: emit)
                return RenderCache()
            })
        }
        kept.searchRecords = records?.made ?? []
        return (receipts, kept)
    }

    /// The memo of the large page at `route`: the earlier build's items (`serve`), or, in a
    /// one-off build that records pieces, one that notes where the stable items are; either
    /// takes what it does not hold from the earlier site's pieces.
    func memo(for route: String) -> RenderMemo? {
        let onDisk = earlierPages[route]
        if let earlier {
            let memo = earlier.memo(for: route, shared: shared)
            return memo.earlier.isEmpty && onDisk != nil ? RenderMemo(onDisk: onDisk, placesItems: recordsPieces) : memo
        }
        return recordsPieces || onDisk != nil ? RenderMemo(onDisk: onDisk, keepsBytes: false, placesItems: recordsPieces) : nil
    }

    // MARK: Shared parts

    /// A page of the site. When pages are kept for a later build, a page whose context has the
    /// digest of the one it was rendered from last time is taken from there; entry pages, kept
    /// by their inputs instead, pass `remembered: false`.
    func page(_ template: String, route: String, title: String, _ context: Context, remembered: Bool = true) -> OutputFile {
        let full = pageContext(route: route, title: title, context)
        func render() -> OutputFile {
            OutputFile(path: route, bytes: theme.renderBytes(template, full))
        }
        guard remembered, let pageMemo else { return render() }
        return pageMemo.page(route, digest: {
            var digest = Hasher()
            digest.combine(utf8: template)
            ContextDigest.add(full, to: &digest)
            return digest.finalize()
        }, render)
    }

    /// A large page, handed to `emit` a piece at a time, its list items remembered in `memo`.
    func page(_ template: String, route: String, title: String, _ context: Context, into emit: @escaping ([UInt8]) -> Void, memo: RenderMemo?) {
        theme.render(template, pageContext(route: route, title: title, context), spill: emit, memo: memo)
    }

    /// The context of a page with what every page has: the site, the way to the root, the title, the navigation.
    private func pageContext(route: String, title: String, _ context: Context) -> Context {
        var full = context
        full["site"] = siteContext
        full["root"] = Routes.root(of: route)
        full["title"] = title
        full["nav"] = Self.navigations[route] ?? Self.navigations[""]!
        return full
    }

    /// The navigation as each page shows it, by the route of the page: the item of that route is
    /// the current one, and no item is for a page outside it (the entries, the tags, the guide).
    /// Made once, as every page has it.
    nonisolated(unsafe) private static let navigations: [String: [Context]] = Dictionary(
        uniqueKeysWithValues: ([""] + Routes.navigation.map(\.route)).map { route in
            (route, Routes.navigation.map { item -> Context in ["label": item.label, "href": item.route, "current": item.route == route] })
        })

    var siteContext: Context {
        var site: Context = ["title": workbook.config.title, "lang": workbook.config.locale]
        site["author"] = workbook.config.author
        site["description"] = workbook.config.description
        return site
    }

    func card(_ entry: Entry) -> Context {
        Card(entry).context
    }

    func card(_ ref: EntryRef) -> Context {
        guard let entry = entry(slug: ref.slug) else { return ["title": ref.title, "href": Routes.entryHref(ref.slug)] }
        return card(entry)
    }

    /// The cards of `refs`, made as the template reaches them and each known by what it shows,
    /// so a page listing every entry is told unchanged without making its cards, and a build in
    /// a later run copies the cards it would make the same (see `EarlierPieces`).
    func cards(_ refs: [EntryRef]) -> LazyList {
        LazyList(count: refs.count, item: { card(refs[$0]) }, key: { cardKey(refs[$0]) }, stable: true)
    }

    /// The key of the card `card(_:)` makes of `ref`.
    func cardKey(_ ref: EntryRef) -> Int {
        if let entry = entry(slug: ref.slug) { return Card(entry).key }
        var hasher = StableHasher()
        hasher.combine(utf8: ref.title)
        hasher.combine(utf8: ref.slug)
        return hasher.finalize()
    }

    /// The cards of `entries`, made and known as `cards(_:)` of refs are.
    func cards(_ entries: [Entry]) -> LazyList {
        LazyList(count: entries.count, item: { card(entries[$0]) }, key: { Card(entries[$0]).key }, stable: true)
    }

    /// What an entry shows wherever entries are listed (timeline, tags, the home page), and what
    /// its page and printed sheet start from. The context is made from these fields alone, and
    /// the digest hashes all of them.
    struct Card {
        var title: String
        var slug: String
        var date: CalendarDay
        var kind: Entry.Kind?
        var mood: Int?
        var firstLesson: String?

        init(_ entry: Entry) {
            (title, slug, date, kind, mood) = (entry.title, entry.slug, entry.date, entry.kind, entry.mood)
            firstLesson = entry.lessons.first?.text
        }

        var context: Context {
            var card: Context = [
                "title": title,
                "href": Routes.entryHref(slug),
                "dateISO": date.description,
                "dateShort": Formatting.short(date),
                "hasMood": mood != nil,
            ]
            card["kind"] = kind?.rawValue
            if let mood {
                card["mood"] = mood
                card["moodLevel"] = Formatting.moodLevel(Double(mood))
            }
            card["firstLesson"] = firstLesson
            return card
        }

        /// A hash of every field, the same in every run.
        var key: Int {
            var hasher = StableHasher()
            hasher.combine(utf8: title)
            hasher.combine(utf8: slug)
            hasher.combine(date)
            hasher.combine(utf8: kind?.rawValue ?? "")
            hasher.combine(mood)
            hasher.combine(utf8: firstLesson)
            return hasher.finalize()
        }
    }

    /// The id of the section on `emotions.html` of an emotion named `name` in an entry.
    func emotionSlug(_ name: String) -> String? {
        emotionSlugs[name] ?? emotionSlugsByName[EmotionSummary.normalisedName(name)]
    }

    func entry(slug: String) -> Entry? {
        entryIndex[slug].map { workbook.entries[$0] }
    }

    /// The id in `learned.html` of each entry's lessons: by the entry's position in
    /// `workbook.entries`, each lesson's key with the id of its item, in the order of the items.
    /// An entry's few keys are compared; no slug is looked up.
    struct LessonIDs: Sendable {
        /// Where each entry's keys and ids start in `ids`, and where the last one's end.
        fileprivate var starts: [Int32]
        fileprivate var ids: [(key: String, id: String)]

        subscript(position: Int) -> ArraySlice<(key: String, id: String)> {
            ids[Int(starts[position])..<Int(starts[position + 1])]
        }
    }

    func lessonIndexIDs() -> LessonIDs {
        let (lessons, count) = (insights.lessons, workbook.entries.count)
        // Each ref's entry, in the order of the items and their refs: where the index found it,
        // when that is among these entries in this order, and by slug otherwise.
        var places: [Int32] = []
        for item in lessons.items.indices {
            if entriesInOrder, let found = lessons.refEntries(of: item, among: count), found.count == lessons.items[item].refs.count {
                places.append(contentsOf: found)
            } else {
                places.append(contentsOf: lessons.items[item].refs.map { Int32(entryIndex[$0.slug] ?? -1) })
            }
        }
        var starts = [Int32](repeating: 0, count: count + 1)
        for place in places where place >= 0 { starts[Int(place) + 1] += 1 }
        for position in 0..<count { starts[position + 1] += starts[position] }
        var next = starts
        var ids = [(key: String, id: String)](repeating: ("", ""), count: Int(starts[count]))
        var ref = 0
        for item in lessons.items {
            for _ in item.refs {
                let place = Int(places[ref])
                ref += 1
                guard place >= 0 else { continue }
                ids[Int(next[place])] = (item.key, item.id)
                next[place] += 1
            }
        }
        return LessonIDs(starts: starts, ids: ids)
    }
}
