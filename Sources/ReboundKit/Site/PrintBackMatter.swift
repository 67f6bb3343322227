/// The parts of the printed workbook after the entries: progress, lessons and next steps,
/// affirmation cards and blank worksheets.
extension SiteRenderer {
    /// How many affirmation cards fit on one sheet of paper (two across, four down).
    static let cardsPerSheet = 8

    /// The blank worksheets at the back, in order; `print.mustache` gives each sheet this id.
    static let blankWorksheets: [(id: String, title: String)] = [
        ("ws-emotions", "Emotions and thoughts"),
        ("ws-challenge", "Challenge the thought"),
        ("ws-senses", "A five-senses self-care plan"),
        ("ws-people", "My people"),
        ("ws-habits", "A week of habits"),
        ("ws-learned", "What I learned, what comes next"),
    ]

    /// The progress part, a list of one so that a memo keeps it while nothing it shows changed,
    /// and a build in a later run copies it from the site: its key holds the digest of what it
    /// shows besides the chart, and of what the chart is drawn from, `places` telling where its
    /// dots lead.
    func printProgress(_ printed: Insights, targets: PrintTargets, part: Context, places: Int) -> LazyList {
        let progress = printProgress(printed, targets: targets).merging(part) { $1 }
        return LazyList(count: 1, item: { _ in
            var context = progress
            // The dots lead to the entry sheets in this document rather than to the entry pages.
            context["moodChart"] = Charts.moodChart(printed.mood, idPrefix: "print-mood", linkPrefix: "") { point in
                targets.resolve(Routes.entryHref(point.slug))
            }
            return context
        }, key: { _ in
            var hasher = StableHasher()
            ContextDigest.add(progress, to: &hasher)
            hasher.combine(places)
            printed.mood.add(to: &hasher)
            return hasher.finalize()
        }, stable: true)
    }

    /// The progress part but for its chart.
    private func printProgress(_ printed: Insights, targets: PrintTargets) -> Context {
        let moods = printed.mood.points.map(\.mood)
        var progress: Context = [
            "hasMood": !printed.mood.isEmpty,
            "moodSummary": printed.mood.summary,
            "weeks": printed.weeks.map(weekContext),
            "hasWeeks": !printed.weeks.isEmpty,
            "stats": [
                ["label": "Entries", "value": "\(targets.bodies.count)"],
                ["label": "Days written", "value": "\(printed.streaks.activeDays)"],
                ["label": "Longest run", "value": Formatting.count(printed.streaks.longest, "day", "days")],
                ["label": "Lessons", "value": "\(printed.lessons.count)"],
            ] as [Context],
        ]
        if !moods.isEmpty {
            progress["averageMood"] = Formatting.decimal(Double(moods.reduce(0, +)) / Double(moods.count))
        }
        return progress
    }

    /// Lessons and next steps, each linking to the entry sheet it was written on: a list of one,
    /// made when the document reaches it, so that next steps still being indexed are waited for
    /// only then. An item is known by its lesson and the places of the sheets it links to.
    /// Both indexes are of the entries whose sheets `anchors` holds, in the same order.
    func printLearned(lessons: LessonIndex, steps: @escaping () -> LessonIndex, anchors: PrintTargets, part: Context) -> LazyList {
        func items(_ index: LessonIndex) -> LazyList {
            LazyList(count: index.items.count, item: { position in
                let item = index.items[position]
                var context = lessonContext(item, total: item.refs.count, withID: false)
                context["refs"] = item.refs.map { ref -> Context in
                    let fragment = ref.anchor.flatMap { anchor in anchors.body(of: ref.slug)?.fragment(for: anchor) }
                    return ["title": ref.title, "date": Formatting.short(ref.date),
                            "href": "#" + (fragment ?? "entry-" + ref.slug)]
                }
                return context
            }, key: { position in
                var hasher = StableHasher()
                hasher.combine(index.digests[position])
                // The refs' slugs and anchors are in the lesson's digest; where each leads, here:
                // by the position of its entry, which is that of its sheet, when the index knows it.
                if let entries = index.refEntries(of: position, among: anchors.bodies.count) {
                    for entry in entries { hasher.combine(anchors.bodies[Int(entry)].place) }
                } else {
                    for ref in index.items[position].refs { hasher.combine(anchors.place(of: ref.slug)) }
                }
                return hasher.finalize()
            }, stable: true)
        }
        return LazyList(count: 1, item: { _ in
            let steps = steps()
            return ["lessons": items(lessons), "hasLessons": !lessons.items.isEmpty,
                    "steps": items(steps), "hasSteps": !steps.items.isEmpty].merging(part) { $1 }
        }, keepsItems: false)
    }

    /// Every affirmation on a card, eight cards to a sheet; the last sheet is filled up with
    /// blank cards to write new ones on.
    func printCardSheets() -> Context {
        var cards: [Context] = workbook.affirmationLists.flatMap { list in
            list.affirmations.map { ["text": $0, "source": list.title] as Context }
        }
        let count = cards.count
        let blanks = (Self.cardsPerSheet - count % Self.cardsPerSheet) % Self.cardsPerSheet
        cards += Array(repeating: ["blank": true] as Context, count: count == 0 ? Self.cardsPerSheet : blanks)
        let sheets = stride(from: 0, to: cards.count, by: Self.cardsPerSheet).map { start -> Context in
            ["sheetNumber": start / Self.cardsPerSheet + 1, "isFirstSheet": start == 0,
             "items": Array(cards[start..<min(start + Self.cardsPerSheet, cards.count)])]
        }
        return ["sheets": sheets.map { sheet in sheet.merging(["sheetCount": sheets.count]) { $1 } },
                "count": count, "hasAffirmations": count > 0]
    }

    /// What the blank worksheets need beyond their markup: scales and rows to repeat.
    func printWorksheets() -> Context {
        [
            "scale": Self.scale(),
            "emotionRows": Array(1...6),
            "peopleRows": Array(1...6),
            "days": Formatting.weekdayNames,
            "glasses": Array(1...8),
            "meals": Array(1...3),
        ]
    }
}
