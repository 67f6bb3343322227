/// The printable workbook: `print.html`, the whole workbook as one document made for paper.
///
/// In order: a cover, the contents, the guide chapters, the entries (oldest first, each a
/// filled-in worksheet), the progress summary, the lessons and next steps, affirmation cards
/// to cut out, and blank worksheets to fill in by hand. `--from`/`--to` limit the entries and
/// everything drawn from them (progress, lessons, next steps); chapters, cards and blank
/// worksheets are always whole.
extension SiteRenderer {
    /// Writes `print.html` into `emit`; returns the outline of each printed entry's body by its
    /// digest (`Entry.sourceDigest`), for a later run.
    @discardableResult
    func printPage(into emit: @escaping ([UInt8]) -> Void, memo: RenderMemo? = nil, bodies memoBodies: EntryMemo<PrintedBody>? = nil) -> [Int: EarlierPieces.Outline] {
        let range = PrintRange(from: options.printFrom, to: options.printTo)
        // In the order the insights index them, so that an item of the lessons finds the sheets
        // of its entries by their positions.
        let inOrder = entriesInOrder
        let all = inOrder ? workbook.entries : Insights.sorted(workbook)
        let entries = range.isEverything ? all : all.filter { range.contains($0.date) }
        let printed: Insights
        if range.isEverything {
            printed = insights
        } else {
            var selected = workbook
            selected.entries = entries
            printed = Insights.compute(selected, today: options.today)
        }
        let keys = printSectionKeys
        // A body is read again only when neither the memo of `serve` nor the pieces of a build
        // in an earlier run hold its outline.
        let digests = recordsPieces || !earlierOutlines.isEmpty ? entries.map(\.sourceDigest) : []
        let bodies = entries.indices.map { index in
            let entry = entries[index]
            if let memoBodies { return memoBodies.value(for: entry) { printBody($0, keys: keys) } }
            return digests.isEmpty ? printBody(entry, keys: keys)
                : earlierOutlines[digests[index]].flatMap { printBody(entry, outline: $0) } ?? printBody(entry, keys: keys)
        }
        // The whole workbook's sheets are in the order of its entries, which are indexed already.
        var targets = PrintTargets(bodies: bodies, positions: range.isEverything && inOrder ? entryIndex
            : Dictionary(entries.indices.map { (entries[$0].slug, $0) }, uniquingKeysWith: { _, last in last }))
        for guide in workbook.pages { targets.chapters[Routes.href(Routes.page(guide.slug))] = Self.printID(guide) }
        // Each sheet is made as the template reaches it, its body fitted into the document then.
        // With a memo, a sheet is known by its entry (its file and text, the settings being the
        // memo's), its number, and where its links to other sheets and chapters lead; the
        // entry's body gives what is lifted out of it and its heading ids. A sheet added or
        // changed elsewhere leaves the others as they were.
        let places = memo == nil ? 0 : Self.digest(bodies: bodies, chapters: workbook.pages)
        let sheets = LazyList(count: entries.count, item: { [targets] index in
            let body = bodies[index]
            let html = body.withHTML(of: entries[index]) { printHTML($0, from: "entries/", prefix: body.sheetID + "--", place: body.fragment, targets: targets) }
            return printEntrySheet(entries[index], body: body, html: html, number: index + 1)
        }, key: { [targets] index in
            var hasher = StableHasher()
            entries[index].addSource(to: &hasher)
            hasher.combine(index)
            hasher.combine(bodies[index].targetLinks.count)
            for link in bodies[index].targetLinks {
                hasher.combine(utf8: targets.resolve(link) ?? "")
            }
            for emotion in entries[index].emotions {
                hasher.combine(utf8: emotionSlug(emotion.name) ?? "")
            }
            return hasher.finalize()
        }, stable: true)

        var parts = PrintParts()
        let chapters = workbook.pages.enumerated().map { printChapter($1, number: $0 + 1, targets: targets) }
        let guide = chapters.isEmpty ? nil : parts.add("guide", "The guide", workbook.pages.enumerated().map { number, guide in
            ["title": "\(number + 1). \(guide.title)", "href": "#" + Self.printID(guide)]
        })
        let entryPart = parts.add("entries", "My entries", LazyList(count: entries.count, item: { index in
            ["title": entries[index].title, "meta": Formatting.short(entries[index].date), "href": "#" + Self.printID(entries[index])]
        }, key: { index in
            var hasher = StableHasher()
            hasher.combine(utf8: entries[index].title)
            hasher.combine(entries[index].date)
            // The slug, which the id is made of.
            hasher.combine(utf8: entries[index].slug)
            return hasher.finalize()
        }, stable: true))
        let progressPart = parts.add("progress", "My progress", [["title": "Mood over time", "href": "#progress-mood"], ["title": "Practice, week by week", "href": "#progress-practice"]])
        let learnedPart = parts.add("learned", "What I learned", [["title": "Lessons", "href": "#learned-lessons"], ["title": "Next steps", "href": "#learned-next"]])
        let cardsPart = parts.add("cards", "Affirmation cards", [])
        let worksheetsPart = parts.add("worksheets", "Blank worksheets", Self.blankWorksheets.map { ["title": $0.title, "href": "#" + $0.id] })

        var context: Context = [
            "cover": printCover(range: range, entries: entries, lessons: printed.lessons.count),
            "contents": parts.contents,
            "chapters": chapters,
            "hasChapters": !chapters.isEmpty,
            "entriesPart": entryPart,
            "entries": sheets,
            "hasEntries": !entries.isEmpty,
            "progress": printProgress(printed, targets: targets, part: progressPart, places: places),
            "learned": printLearned(lessons: printed.lessons, steps: { range.isEverything ? nextSteps : printed.nextSteps },
                                    anchors: targets, part: learnedPart),
            "cards": printCardSheets().merging(cardsPart) { $1 },
            "worksheets": printWorksheets().merging(worksheetsPart) { $1 },
        ]
        context["guide"] = guide
        context["rangeNote"] = printRangeNote(range, count: entries.count)
        if !range.isEverything {
            context["printRange"] = "\(range.from?.description ?? "")..\(range.to?.description ?? "")"
        }
        page("print", route: Routes.print, title: "Printable workbook", context, into: emit, memo: memo)
        guard recordsPieces else { return [:] }
        return Dictionary(zip(digests, bodies.map(\.outline)), uniquingKeysWith: { first, _ in first })
    }

    /// What `print.html` is made from besides what every page shares (`sourcePrefix`, which holds
    /// the day and the dates it is limited to): every entry's file and text, from which the
    /// insights it prints come too, every chapter and every list of affirmations, in order.
    var printSource: UInt64? {
        sourcePrefix.map { prefix in
            RenderCache.source(after: prefix) { hasher in
                hasher.combine(utf8: Routes.print)
                Entry.addSources(of: workbook.entries, to: &hasher)
                hasher.combine(workbook.pages.count)
                for guide in workbook.pages {
                    for text in [guide.path, guide.slug, guide.title] { hasher.combine(utf8: text) }
                    hasher.combine(guide.order)
                    hasher.combine(utf8: guide.summary)
                    hasher.combine(guide.body.htmlHash)
                }
                hasher.combine(workbook.affirmationLists.count)
                for list in workbook.affirmationLists {
                    for text in [list.path, list.slug, list.title] { hasher.combine(utf8: text) }
                    hasher.combine(utf8: list.intro)
                    hasher.combine(list.affirmations.count)
                    for affirmation in list.affirmations { hasher.combine(utf8: affirmation) }
                    hasher.combine(list.body.htmlHash)
                }
            }
        }
    }

    /// A hash of where links between the sheets and chapters lead: each entry's sheet, with the
    /// sections lifted out of its body, and each chapter.
    static func digest(bodies: [PrintedBody], chapters: [GuidePage]) -> Int {
        var hasher = StableHasher()
        for body in bodies { hasher.combine(body.place) }
        for guide in chapters {
            hasher.combine(utf8: guide.slug)
            hasher.combine(utf8: printID(guide))
        }
        return hasher.finalize()
    }

    /// The id of an entry's sheet in `print.html`; the ids inside it start with this and `--`.
    static func printID(_ entry: Entry) -> String { "entry-" + entry.slug }

    // MARK: Cover and contents

    private func printCover(range: PrintRange, entries: [Entry], lessons: Int) -> Context {
        var cover: Context = [
            "title": workbook.config.title,
            "printedOn": PrintRange.full(options.today),
            "printedOnISO": options.today.description,
        ]
        let counts = [
            (entries.count, "entry", "entries"), (workbook.pages.count, "chapter", "chapters"),
            (lessons, "lesson", "lessons"), (allAffirmations.count, "affirmation", "affirmations"),
        ].filter { $0.0 > 0 }.map { Formatting.count($0.0, $0.1, $0.2) }
        cover["counts"] = counts.isEmpty ? nil : counts.joined(separator: " · ")
        cover["author"] = workbook.config.author
        cover["description"] = workbook.config.description
        if let words = range.words {
            cover["dates"] = words
        } else if let first = entries.first, let last = entries.last {
            cover["dates"] = PrintRange.words(from: first.date, to: last.date)
        }
        return cover
    }

    /// What a limited copy holds, said on the cover and at the start of the entries; nil when whole.
    private func printRangeNote(_ range: PrintRange, count: Int) -> String? {
        guard let span = range.prose else { return nil }
        let total = workbook.entries.count
        let held = count == 0 ? "none of your \(Formatting.count(total, "entry", "entries"))"
            : count == total ? "all \(Formatting.count(total, "entry", "entries"))"
            : "\(count) of your \(Formatting.count(total, "entry", "entries"))"
        return "This copy holds the entries written \(span): \(held). The guide, the cards and the blank worksheets are complete."
    }

    // MARK: Chapters

    private func printChapter(_ guide: GuidePage, number: Int, targets: PrintTargets) -> Context {
        let id = Self.printID(guide)
        var chapter: Context = [
            "id": id,
            "number": number,
            "title": guide.title,
            "body": guide.body.withHTMLUTF8 { printHTML($0, from: "pages/", prefix: id + "--", place: { Self.chapterFragment(id, $0) }, targets: targets) },
        ]
        chapter["summary"] = guide.summary
        return chapter
    }

    /// The id of a chapter in `print.html`.
    static func printID(_ guide: GuidePage) -> String { "chapter-" + guide.slug }

    /// Where the place `fragment` of a guide page is in its chapter `id`: the layout's `main`
    /// is the chapter itself.
    static func chapterFragment(_ id: String, _ fragment: String) -> String {
        PrintHTML.id(named: fragment) == "main" ? id : id + "--" + fragment
    }
}

/// The numbered parts of the printed workbook and the contents that list them.
struct PrintParts {
    private(set) var contents: [TemplateContext] = []

    /// Adds a part and returns what its heading needs: number, id and title.
    mutating func add(_ id: String, _ title: String, _ items: [TemplateContext]) -> TemplateContext {
        add(id, title, items: items, count: items.count)
    }

    /// Adds a part whose items are made as the contents reach them.
    mutating func add(_ id: String, _ title: String, _ items: LazyList) -> TemplateContext {
        add(id, title, items: items, count: items.count)
    }

    private mutating func add(_ id: String, _ title: String, items: Any, count: Int) -> TemplateContext {
        let part: TemplateContext = ["number": contents.count + 1, "id": id, "title": title, "href": "#" + id]
        var entry = part
        entry["items"] = items
        entry["hasItems"] = count > 0
        contents.append(entry)
        return part
    }
}
