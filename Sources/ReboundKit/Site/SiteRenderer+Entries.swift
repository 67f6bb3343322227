/// The pages made from entries, chapters and tags.
extension SiteRenderer {
    /// Everything the page of the entry at `index` is made from, besides what all pages share.
    func entryInputs(at index: Int, lessonIDs: LessonIDs) -> RenderCache.EntryInputs {
        let entry = workbook.entries[index]
        let ids = entry.lessons.isEmpty ? [] : lessonIDs[index]
        var inputs = RenderCache.EntryInputs(
            entry: entry,
            previous: index > 0 ? EntryRef(workbook.entries[index - 1]) : nil,
            next: index + 1 < workbook.entries.count ? EntryRef(workbook.entries[index + 1]) : nil,
            lessonIDs: entry.lessons.map { lesson in ids.first { $0.key == lesson.key }?.id },
            emotionSlugs: entry.emotions.map { emotionSlug($0.name) }
        )
        if entry.mood != nil, case let point = Int(moodPoints[index]), point >= 0 {
            inputs.moodWindow = insights.mood.points(around: point)
        }
        return inputs
    }

    /// The page of an entry, made from its inputs alone, so that equal inputs give equal pages.
    /// Pages rendered one after another share `labels`, the labels of their charts' dots.
    func entryPage(_ inputs: RenderCache.EntryInputs, labels: MoodDotLabels) -> OutputFile {
        let entry = inputs.entry
        var context = card(entry)
        context["dateLong"] = Formatting.long(entry.date)
        context["body"] = entry.body.htmlMarkup
        context["tags"] = entry.tags.map { ["name": $0.name, "href": Routes.href(Routes.tag($0.slug))] as Context }
        context["hasTags"] = !entry.tags.isEmpty
        context.merge(partsContext(entry, emotionSlugs: inputs.emotionSlugs)) { _, part in part }
        context["hasCare"] = !entry.selfCare.isEmpty || !entry.support.isEmpty || entry.habits != nil
        // Every lesson, each linked to the index; front-matter ones are anchored here, body ones
        // already have their place under the section heading in the body.
        context["lessons"] = zip(entry.lessons, inputs.lessonIDs).map { lesson, indexID -> Context in
            var item: Context = ["text": lesson.text]
            if lesson.anchor.hasPrefix("lesson-") { item["id"] = lesson.anchor }
            item["indexID"] = indexID
            return item
        }
        context["hasLessons"] = !entry.lessons.isEmpty
        context["nextSteps"] = entry.nextSteps.map { step -> Context in
            var item: Context = ["text": step.text]
            if step.anchor.hasPrefix("next-") { item["id"] = step.anchor }
            return item
        }
        context["hasNextSteps"] = !entry.nextSteps.isEmpty
        if let window = inputs.moodWindow {
            context["moodChart"] = Charts.moodChartMarkup(MoodSeries.window(window), idPrefix: "entry-mood", linkPrefix: Self.entryChartLinks,
                                                          highlight: entry.slug, labels: labels.window(window))
            context["moodComparison"] = Self.moodComparison(in: window, of: entry.slug)
        }
        context["previous"] = inputs.previous.map(neighbour)
        context["next"] = inputs.next.map(neighbour)
        return page("entry", route: Routes.entry(entry.slug), title: entry.title, context, remembered: false)
    }

    /// Where the dots of an entry page's chart lead from: the page is one folder down.
    static let entryChartLinks = "../"

    /// The labels of the dots of entry pages' charts, for pages rendered one after another.
    func entryChartLabels() -> MoodDotLabels {
        MoodDotLabels(insights.mood, linkPrefix: Self.entryChartLinks)
    }

    /// The structured parts of an entry, as its page and its printed sheet show them.
    func partsContext(_ entry: Entry) -> Context {
        partsContext(entry, emotionSlugs: entry.emotions.map { emotionSlug($0.name) })
    }

    /// The structured parts, with the id of each emotion's section on `emotions.html` given.
    private func partsContext(_ entry: Entry, emotionSlugs: [String?]) -> Context {
        var context: Context = [
            "emotions": zip(entry.emotions, emotionSlugs).map { emotion, slug -> Context in
                var chip: Context = ["name": emotion.name, "hasIntensity": emotion.intensity != nil, "hasAfter": emotion.after != nil]
                chip["slug"] = slug
                chip["intensity"] = emotion.intensity
                chip["after"] = emotion.after
                chip["thought"] = emotion.thought
                return chip
            },
            "hasEmotions": !entry.emotions.isEmpty,
            "challenges": entry.challenges.map { challenge -> Context in
                var item: Context = ["thought": challenge.thought]
                item["response"] = challenge.response
                return item
            },
            "hasChallenges": !entry.challenges.isEmpty,
            "selfCare": entry.selfCare.map { ["sense": $0.sense.rawValue, "what": $0.what] as Context },
            "hasSelfCare": !entry.selfCare.isEmpty,
            "support": entry.support,
            "hasSupport": !entry.support.isEmpty,
        ]
        if let habits = entry.habits, !habits.isEmpty { context["habits"] = habitsContext(habits) }
        return context
    }

    private func neighbour(_ entry: EntryRef) -> Context {
        ["title": entry.title, "href": Routes.entryHref(entry.slug)]
    }

    func habitsContext(_ habits: Habits) -> Context {
        var context: Context = [:]
        context["sleep"] = habits.sleep.map(Formatting.decimal)
        context["water"] = habits.water
        context["exercise"] = habits.exercise
        context["meals"] = habits.meals
        return context
    }

    /// "Mood 6, up from 4 on 12 Oct 2026…": the entry's mood against the mood before it, both
    /// read from the window of its chart, which holds the points before it.
    private static func moodComparison(in window: ArraySlice<MoodPoint>, of slug: String) -> String? {
        guard let index = window.firstIndex(where: { $0.slug == slug }) else { return nil }
        let mood = window[index].mood
        guard window.indices.contains(index - 1) else {
            return "Mood \(mood): the first mood in your workbook. The line shows every entry's mood over time."
        }
        let previous = window[index - 1]
        let before = previous.mood
        let change = mood == before ? "the same as" : mood > before ? "up from \(before)" : "down from \(before)"
        return "Mood \(mood), \(change)\(mood == before ? " \(before)" : "") on \(Formatting.short(previous.date)), the entry before. This entry is the ringed point."
    }

    func pagePage(at index: Int) -> OutputFile {
        let guide = workbook.pages[index]
        var context: Context = ["body": guide.body.htmlMarkup, "number": index + 1, "chapterCount": workbook.pages.count]
        context["summary"] = guide.summary
        if index > 0 { context["previous"] = chapterLink(workbook.pages[index - 1]) }
        if index + 1 < workbook.pages.count { context["next"] = chapterLink(workbook.pages[index + 1]) }
        return page("page", route: Routes.page(guide.slug), title: guide.title, context)
    }

    func chapterLink(_ guide: GuidePage) -> Context {
        var link: Context = ["title": guide.title, "href": Routes.href(Routes.page(guide.slug))]
        link["summary"] = guide.summary
        return link
    }

    /// A page for each tag, each streamed into `sink` (see `streamPage`), and the page of all tags.
    func tagPages<Sink: PageSink>(into sink: Sink, kept: inout RenderCache) -> (receipts: [Sink.Receipt], index: OutputFile) {
        // Each tag's entries by position, named as the oldest writes it, and each tagged entry's
        // card key, made once however many tags it has.
        let entries = workbook.entries
        var groups: [String: (name: String, entries: [Int])] = [:]
        var keys = [Int](repeating: 0, count: entries.count)
        for index in entries.indices where !entries[index].tags.isEmpty {
            keys[index] = Card(entries[index]).key
            for tag in entries[index].tags { groups[tag.slug, default: (tag.name, [])].entries.append(index) }
        }
        let sorted = groups.sorted { $0.value.name.lowercased() < $1.value.name.lowercased() }
        let receipts = sorted.map { slug, group in
            let newestFirst = Array(group.entries.reversed())
            return streamPage("tag", route: Routes.tag(slug), title: "Tagged “\(group.name)”", [
                "name": group.name,
                "count": group.entries.count,
                "countUnit": Formatting.unit(group.entries.count, "entry", "entries"),
                "entries": LazyList(count: newestFirst.count, item: { card(entries[newestFirst[$0]]) }, key: { keys[newestFirst[$0]] }, stable: true),
            ], into: sink, kept: &kept)
        }
        let index = page("tags", route: Routes.tags, title: "Tags", [
            "tags": sorted.map { ["name": $0.value.name, "href": Routes.href(Routes.tag($0.key)), "count": $0.value.entries.count] as Context },
            "hasTags": !sorted.isEmpty,
        ])
        return (receipts, index)
    }

    func indexPage() -> OutputFile {
        let entries = workbook.entries
        var context: Context = [
            "hasEntries": !entries.isEmpty,
            "latest": cards(entries.suffix(5).reversed()),
            "entryCount": entries.count,
            "lessonCount": insights.lessons.items.count,
            "streak": [
                "current": insights.streaks.current,
                "currentUnit": Formatting.unit(insights.streaks.current, "day", "days"),
                "longest": insights.streaks.longest,
                "longestUnit": Formatting.unit(insights.streaks.longest, "day", "days"),
            ] as Context,
            "encouragement": encouragement,
            "onThisDay": cards(insights.onThisDay),
            "hasOnThisDay": !insights.onThisDay.isEmpty,
            "chapters": workbook.pages.map(chapterLink),
            "hasChapters": !workbook.pages.isEmpty,
        ]
        context["focus"] = focusOfTheDay
        return page("index", route: Routes.index, title: "Home", context)
    }

    /// A sentence that notices effort, never grades it.
    var encouragement: String {
        let streak = insights.streaks.current
        let count = workbook.entries.count
        if streak >= 2 { return "You have written \(streak) days in a row. Showing up for yourself like this counts." }
        if streak == 1 { return "You wrote today or yesterday. One entry at a time is how this works." }
        return "\(Formatting.count(count, "entry", "entries")) so far. Whenever you come back, the page is here."
    }

    /// Every affirmation, in list order.
    var allAffirmations: [String] { workbook.affirmationLists.flatMap(\.affirmations) }

    /// The affirmation picked for `options.today`; the morning page's script picks the same way.
    var focusOfTheDay: String? {
        let all = allAffirmations
        guard !all.isEmpty else { return nil }
        return all[((options.today.ordinal % all.count) + all.count) % all.count]
    }
}
