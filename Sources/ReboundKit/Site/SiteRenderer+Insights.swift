/// The pages that give the writing back: timeline, lessons, emotions, affirmations, morning.
extension SiteRenderer {
    /// The context of the timeline; the rows of the mood table and the months are stable lists
    /// (see `LazyList.stable`).
    func timelineContext() -> Context {
        let mood = insights.mood
        let points = mood.points
        let months = insights.months
        return [
            "hasEntries": !workbook.entries.isEmpty,
            "moodSummary": mood.summary,
            "moodTable": LazyList(count: points.count, item: { index in
                let point = points[index]
                return ["date": Formatting.short(point.date), "dateISO": point.date.description, "title": point.title,
                        "href": Routes.entryHref(point.slug), "mood": point.mood, "average": Formatting.decimal(point.average)]
            }, key: { index in
                var hasher = StableHasher()
                points[index].add(to: &hasher)
                return hasher.finalize()
            }, stable: true),
            "hasMood": !mood.points.isEmpty,
            "moodChart": DeferredMarkup(key: Self.digest(of: mood)) {
                Charts.moodChartMarkup(mood, idPrefix: "timeline-mood", linkPrefix: "")
            },
            "heatmap": insights.calendar.svg,
            "streak": streakContext,
            "perWeek": Formatting.decimal(insights.entriesPerWeekAverage),
            "weeks": insights.weeks.reversed().map(weekContext),
            "months": LazyList(count: months.count, item: { index in
                let month = months[index]
                return ["name": month.name, "key": month.key, "count": month.entries.count,
                        "countUnit": Formatting.unit(month.entries.count, "entry", "entries"), "entries": cards(month.entries)]
            }, key: { index in
                let month = months[index]
                var hasher = StableHasher()
                hasher.combine(utf8: month.name)
                hasher.combine(utf8: month.key)
                hasher.combine(month.entries.count)
                for ref in month.entries { hasher.combine(cardKey(ref)) }
                return hasher.finalize()
            }, stable: true),
        ]
    }

    /// A digest of everything the chart of `series` is drawn from (see `MoodSeries.add`).
    static func digest(of series: MoodSeries) -> Int {
        var hasher = StableHasher()
        series.add(to: &hasher)
        return hasher.finalize()
    }

    var streakContext: Context {
        let streaks = insights.streaks
        var context: Context = [
            "current": streaks.current, "currentUnit": Formatting.unit(streaks.current, "day", "days"),
            "longest": streaks.longest, "longestUnit": Formatting.unit(streaks.longest, "day", "days"),
            "activeDays": streaks.activeDays,
        ]
        if let start = streaks.longestStart, let end = streaks.longestEnd, streaks.longest > 1 {
            context["longestRange"] = "\(Formatting.short(start)) to \(Formatting.short(end))"
        }
        return context
    }

    func weekContext(_ week: WeekPractice) -> Context {
        var context: Context = [
            "start": Formatting.short(week.start),
            "startISO": week.start.description,
            "entries": week.entries,
            "selfCare": week.selfCareTotal,
            "people": week.people,
            "exercise": week.exercise,
            "water": week.water,
        ]
        context["sleep"] = week.averageSleep.map(Formatting.decimal)
        context["mood"] = week.averageMood.map(Formatting.decimal)
        let senses = week.selfCareCounts.map { "\($0.sense.rawValue) \($0.count)" }
        if !senses.isEmpty { context["senses"] = senses.joined(separator: ", ") }
        return context
    }

    func lessonGroupContext(_ group: LessonGroup) -> Context {
        ["title": group.title, "slug": group.slug, "count": group.count,
         "countUnit": Formatting.unit(group.count, "lesson", "lessons"),
         "items": lessonList(count: group.count, withID: false,
                             item: { group.item(at: $0, latest: Self.shownRefs) },
                             key: { group.key(at: $0, latest: Self.shownRefs) })]
    }

    func lessonList(_ index: LessonIndex, withID: Bool) -> LazyList {
        lessonList(count: index.items.count, withID: withID,
                   item: { (index.items[$0], index.items[$0].refs.count) },
                   key: { index.digests[$0] })
    }

    /// Lessons made as the template reaches them. `item` gives a lesson with at least its latest
    /// `shownRefs` refs, and how many it has; `key`, a hash of what `item` gives, by which a
    /// memo knows the lesson.
    func lessonList(count: Int, withID: Bool, item: @escaping (Int) -> (item: LessonItem, count: Int), key: @escaping (Int) -> Int) -> LazyList {
        LazyList(count: count, item: { position in
            let (item, total) = item(position)
            return lessonContext(item, total: total, withID: withID)
        }, key: { position in
            var hasher = StableHasher()
            hasher.combine(key(position))
            hasher.combine(withID)
            return hasher.finalize()
        }, stable: true)
    }

    /// How many places a lesson lists; a lesson written more often shows its latest ones and a count.
    static let shownRefs = 8

    /// A lesson written `total` times, the latest of them among its refs.
    func lessonContext(_ item: LessonItem, total: Int, withID: Bool) -> Context {
        var context = notedContext(item.text, shown: item.refs.suffix(Self.shownRefs), total: total)
        if withID { context["id"] = item.id }
        return context
    }

    /// A lesson or thought with the places it was written: `shown` of them linked, the rest counted.
    func notedContext(_ text: String, shown: some Collection<EntryRef>, total: Int) -> Context {
        var context: Context = [
            "text": text,
            "refs": shown.map { ["title": $0.title, "date": Formatting.short($0.date), "href": Routes.entryHref($0.slug, anchor: $0.anchor)] as Context },
            "repeated": total > 1,
            "times": total,
        ]
        if total > shown.count { context["earlier"] = total - shown.count }
        return context
    }

    /// The thoughts of an emotion, newest first, a thought that came back shown once with the
    /// places it came (the latest few, and a count of the rest).
    func thoughtGroups(_ thoughts: [ThoughtItem]) -> [Context] {
        var order: [String] = []
        var refs: [String: (text: String, refs: [EntryRef])] = [:]
        for thought in thoughts {
            let key = LessonItem.key(for: thought.text)
            if refs[key] == nil { order.append(key) }
            refs[key, default: (thought.text, [])].refs.append(thought.ref)
        }
        return order.map { key in
            let group = refs[key]!
            return notedContext(group.text, shown: group.refs.prefix(Self.shownRefs), total: group.refs.count)
        }
    }

    func learnedContext() -> Context {
        let lessons = insights.lessons
        let steps = nextSteps
        return [
            "lessonCount": lessons.items.count,
            "lessonUnit": Formatting.unit(lessons.items.count, "lesson", "lessons"),
            "lessons": lessonList(lessons, withID: true),
            "hasLessons": !lessons.items.isEmpty,
            "byTag": lessons.byTag.map(lessonGroupContext),
            "byMonth": lessons.byMonth.map(lessonGroupContext),
            "stepCount": steps.items.count,
            "stepUnit": Formatting.unit(steps.items.count, "step", "steps"),
            "hasSteps": !steps.items.isEmpty,
            "stepsByMonth": steps.byMonth.map(lessonGroupContext),
            "stepsByTag": steps.byTag.map(lessonGroupContext),
        ]
    }

    /// The context of the emotions page; each emotion and each challenged thought is an item of
    /// a stable list (see `LazyList.stable`).
    func emotionsContext() -> Context {
        let emotions = insights.emotions
        let challenges = insights.challenges
        return [
            "hasEmotions": !emotions.isEmpty,
            "emotions": LazyList(count: emotions.count, item: { emotionContext(emotions[$0]) }, key: { index in
                var hasher = StableHasher()
                Self.add(emotions[index], to: &hasher)
                return hasher.finalize()
            }, stable: true),
            "challenges": LazyList(count: challenges.count, item: { index in
                let item = challenges[index]
                var context: Context = ["thought": item.thought, "title": item.ref.title, "date": Formatting.short(item.ref.date), "href": Routes.entryHref(item.ref.slug, anchor: item.ref.anchor)]
                context["response"] = item.response
                return context
            }, key: { index in
                var hasher = StableHasher()
                hasher.combine(utf8: challenges[index].thought)
                hasher.combine(utf8: challenges[index].response)
                challenges[index].ref.add(to: &hasher)
                return hasher.finalize()
            }, stable: true),
            "hasChallenges": !challenges.isEmpty,
        ]
    }

    private func emotionContext(_ emotion: EmotionSummary) -> Context {
        var context: Context = [
            "name": emotion.name, "slug": emotion.slug, "count": emotion.count,
            "countUnit": Formatting.unit(emotion.count, "time", "times"),
            "sparkline": emotion.sparkline,
            "thoughts": thoughtGroups(emotion.thoughts),
            "hasThoughts": !emotion.thoughts.isEmpty,
        ]
        context["average"] = emotion.averageIntensity.map(Formatting.decimal)
        if let change = emotion.averageChange {
            context["change"] = (change > 0 ? "+" : change < 0 ? "−" : "±") + Formatting.decimal(abs(change))
            context["changeWords"] = change < 0 ? "eased by \(Formatting.decimal(-change)) after writing, on average" :
                change > 0 ? "rose by \(Formatting.decimal(change)) after writing, on average" : "stayed the same after writing, on average"
        }
        return context
    }

    /// Everything `emotionContext` shows of an emotion, hashed without making it.
    private static func add(_ emotion: EmotionSummary, to hasher: inout StableHasher) {
        hasher.combine(utf8: emotion.name)
        hasher.combine(utf8: emotion.slug)
        hasher.combine(emotion.count)
        hasher.combine(emotion.averageIntensity)
        hasher.combine(emotion.averageChange)
        // What the sparkline is drawn from, besides the name and slug.
        hasher.combine(emotion.points.count)
        for point in emotion.points {
            hasher.combine(point.date)
            hasher.combine(point.intensity)
            hasher.combine(point.after)
        }
        hasher.combine(emotion.thoughts.count)
        for thought in emotion.thoughts {
            hasher.combine(utf8: thought.text)
            thought.ref.add(to: &hasher)
        }
    }

    func listsContext() -> [Context] {
        workbook.affirmationLists.map { list -> Context in
            var context: Context = ["title": list.title, "slug": list.slug, "affirmations": list.affirmations]
            context["intro"] = list.intro
            return context
        }
    }

    func affirmationsPage() -> OutputFile {
        page("affirmations", route: Routes.affirmations, title: "Affirmations", ["lists": listsContext()])
    }

    func morningPage() -> OutputFile {
        var context: Context = ["lists": listsContext(), "dateLong": Formatting.long(options.today)]
        context["focus"] = focusOfTheDay
        context["affirmationCount"] = allAffirmations.count
        return page("morning", route: Routes.morning, title: "Morning page", context)
    }

    func searchPage() -> OutputFile {
        page("search", route: Routes.search, title: "Search", ["indexes": SearchIndex.parts(of: workbook.entries).map(\.route)])
    }
}
