import Testing
@testable import ReboundKit

private func day(_ text: String) -> CalendarDay { CalendarDay(prefixOf: text)! }

/// An in-memory entry; the slug defaults to the date so tests can name entries by day.
private func entry(_ date: String, slug: String? = nil, title: String? = nil, mood: Int? = nil,
                   _ configure: (inout Entry) -> Void...) -> Entry {
    let slug = slug ?? date
    var entry = Entry(path: "content/entries/\(slug).md", slug: slug, title: title ?? "Entry \(slug)", date: day(date), body: Markdown.render(""))
    entry.mood = mood
    for step in configure { step(&entry) }
    return entry
}

private func insights(_ entries: [Entry], today: String) -> Insights {
    let workbook = Workbook(config: WorkbookConfig(), entries: entries, affirmationLists: [], pages: [], assets: [])
    return Insights.compute(workbook, today: day(today))
}

private func lessons(_ texts: String...) -> (inout Entry) -> Void {
    { entry in entry.lessons = texts.enumerated().map { Note(text: $0.element, anchor: "learned-\($0.offset + 1)") } }
}

private func tags(_ names: String...) -> (inout Entry) -> Void {
    { entry in entry.tags = names.map { Tag(name: $0, slug: Slug.make($0, fallback: "tag")) } }
}

@Suite struct InsightsTests {
    // MARK: Streaks

    @Test func streakRunsAcrossAMonthBoundary() {
        let result = insights(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"].map { entry($0) }, today: "2026-11-02")
        #expect(result.streaks == Streaks(current: 4, longest: 4, longestStart: day("2026-10-30"), longestEnd: day("2026-11-02"), activeDays: 4))
    }

    @Test func streakRunsAcrossNewYearAndIsCurrentWhenTheLastEntryIsYesterday() {
        let result = insights(["2026-12-30", "2026-12-31", "2027-01-01"].map { entry($0) }, today: "2027-01-02")
        #expect(result.streaks.current == 3)
        #expect(result.streaks.longest == 3)
        #expect(result.streaks.longestStart == day("2026-12-30"))
        #expect(result.streaks.longestEnd == day("2027-01-01"))
    }

    @Test func streakThroughALeapDay() {
        let leap = insights(["2028-02-28", "2028-02-29", "2028-03-01"].map { entry($0) }, today: "2028-03-01")
        #expect(leap.streaks.current == 3)
        #expect(leap.streaks.longest == 3)
        // In a leap year Feb 28 and Mar 1 are two days apart; in a common year they are neighbours.
        #expect(insights([entry("2028-02-28"), entry("2028-03-01")], today: "2028-03-01").streaks.longest == 1)
        #expect(insights([entry("2027-02-28"), entry("2027-03-01")], today: "2027-03-01").streaks.longest == 2)
    }

    @Test func severalEntriesOnOneDayCountOnce() {
        let entries = [entry("2026-10-10", slug: "a"), entry("2026-10-10", slug: "b"), entry("2026-10-10", slug: "c"), entry("2026-10-11")]
        let streaks = insights(entries, today: "2026-10-11").streaks
        #expect(streaks == Streaks(current: 2, longest: 2, longestStart: day("2026-10-10"), longestEnd: day("2026-10-11"), activeDays: 2))
    }

    @Test func currentStreakEndsTwoDaysAfterTheLastEntry() {
        let entries = ["2026-11-01", "2026-11-02", "2026-11-03"].map { entry($0) }
        #expect(insights(entries, today: "2026-11-03").streaks.current == 3)
        #expect(insights(entries, today: "2026-11-04").streaks.current == 3)
        #expect(insights(entries, today: "2026-11-05").streaks.current == 0)
        #expect(insights(entries, today: "2026-11-05").streaks.longest == 3)
    }

    @Test func longestStreakPrefersTheMostRecentOfEqualRuns() {
        let entries = ["2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06", "2026-01-09"].map { entry($0) }
        let streaks = insights(entries, today: "2026-02-01").streaks
        #expect(streaks.longest == 2)
        #expect(streaks.longestStart == day("2026-01-05"))
        #expect(streaks.current == 0)
    }

    // MARK: Mood

    @Test func movingAverageCoversThisAndUpToSixPreviousMoods() {
        let moods = [2, 4, 6, 8, 10, 0, 5, 9]
        let entries = moods.enumerated().map { entry("2026-10-\(10 + $0.offset)", mood: $0.element) }
        let points = insights(entries, today: "2026-10-20").mood.points
        #expect(points.map(\.average) == [2, 3, 4, 5, 6, 5, 5, 6])
        #expect(points.map(\.mood) == moods)
    }

    @Test func entriesWithoutAMoodAreLeftOutOfTheSeriesButCountInMonths() {
        let entries = [entry("2026-10-01", mood: 4), entry("2026-10-02"), entry("2026-10-03", mood: 6)]
        let result = insights(entries, today: "2026-10-03")
        #expect(result.mood.points.map(\.slug) == ["2026-10-01", "2026-10-03"])
        #expect(result.mood.points[1].average == 5)
        #expect(result.months.map(\.count) == [3])
    }

    @Test func trendSentenceComparesFirstAndLastMonth() {
        let rising = [entry("2026-10-01", mood: 3), entry("2026-10-09", mood: 3), entry("2026-10-20", mood: 4),
                      entry("2026-11-02", mood: 6), entry("2026-11-03", mood: 7), entry("2026-11-04", mood: 5), entry("2026-11-05", mood: 6)]
        #expect(insights(rising, today: "2026-11-05").mood.summary == "Your mood rose from 3.3 in October to 6.0 in November.")

        let falling = [entry("2025-12-30", mood: 8), entry("2026-01-02", mood: 4), entry("2026-01-03", mood: 5)]
        #expect(insights(falling, today: "2026-01-03").mood.summary == "Your mood fell from 8.0 in December 2025 to 4.5 in January 2026.")

        let steady = [entry("2026-03-01", mood: 5), entry("2026-04-01", mood: 9), entry("2026-05-01", mood: 5)]
        #expect(insights(steady, today: "2026-05-01").mood.summary == "Your mood held steady at 5.0 from March to May.")

        let oneMonth = [entry("2026-03-01", mood: 5), entry("2026-03-02", mood: 6)]
        #expect(insights(oneMonth, today: "2026-03-02").mood.summary == "Your mood averaged 5.5 across 2 entries in March 2026.")
    }

    // MARK: Empty and tiny workbooks

    @Test func emptyWorkbookComputesEverything() {
        let result = insights([], today: "2026-11-28")
        #expect(result.streaks == Streaks(current: 0, longest: 0, longestStart: nil, longestEnd: nil, activeDays: 0))
        #expect(result.mood.points.isEmpty)
        #expect(result.mood.summary == "No moods recorded yet: give an entry a mood from 0 to 10 (mood: 5) to start this chart.")
        #expect(result.months.isEmpty && result.weeks.isEmpty && result.emotions.isEmpty && result.challenges.isEmpty)
        #expect(result.lessons.items.isEmpty && result.lessons.byTag.isEmpty && result.lessons.byMonth.isEmpty)
        #expect(result.nextSteps.isEmpty && result.onThisDay.isEmpty)
        #expect(result.entriesPerWeekAverage == 0)
        #expect(result.calendar.weeks.count == 53)
        #expect(result.calendar.activeDays == 0)
        #expect(result.calendar.cells.allSatisfy { $0.level == 0 })
    }

    @Test func workbookWithOneEntry() {
        let only = entry("2026-10-12", title: "The interview", mood: 5, lessons("Ask for feedback."))
        let result = insights([only], today: "2026-11-28")
        #expect(result.mood.summary == "One mood so far: 5 on 2026-10-12.")
        #expect(result.streaks == Streaks(current: 0, longest: 1, longestStart: day("2026-10-12"), longestEnd: day("2026-10-12"), activeDays: 1))
        #expect(result.months.map(\.name) == ["October 2026"])
        #expect(result.weeks.count == 1 && result.weeks[0].start == day("2026-10-12"))
        #expect(result.entriesPerWeekAverage == 1)
        #expect(result.lessons.items.map(\.id) == ["lesson-ask-for-feedback"])
        #expect(result.lessons.byTag.map(\.title) == ["Untagged"])
    }

    // MARK: Months and weeks

    @Test func monthsAreNewestFirstWithEntriesNewestFirst() {
        let entries = [entry("2026-09-30"), entry("2026-10-01"), entry("2026-10-15"), entry("2026-12-01")]
        let months = insights(entries, today: "2026-12-01").months
        #expect(months.map(\.key) == ["2026-12", "2026-10", "2026-09"])
        #expect(months.map(\.name) == ["December 2026", "October 2026", "September 2026"])
        #expect(months[1].entries.map(\.slug) == ["2026-10-15", "2026-10-01"])
        #expect(months.map(\.count) == [1, 2, 1])
    }

    @Test func weeksStartOnMondayAndOnlyWeeksWithEntriesAreListed() {
        let entries = [
            entry("2026-11-01", mood: 4) { // a Sunday: the week of Monday 2026-10-26
                $0.selfCare = [SelfCare(sense: .taste, what: "tea"), SelfCare(sense: .movement, what: "walk")]
                $0.support = ["Maya", "Dad"]
                $0.habits = Habits(sleep: 7, water: 6, exercise: 30, meals: 3)
            },
            entry("2026-10-27", mood: 7) {
                $0.selfCare = [SelfCare(sense: .taste, what: "soup")]
                $0.support = ["maya ", "Sam"]
                $0.habits = Habits(sleep: 8.5, water: 4, exercise: nil, meals: nil)
            },
            entry("2026-11-16"),
            entry("2026-11-29"), // a Sunday: the week of Monday 2026-11-23
        ]
        let weeks = insights(entries, today: "2026-11-29").weeks
        #expect(weeks.map(\.start) == ["2026-10-26", "2026-11-16", "2026-11-23"].map(day))
        #expect(weeks.map(\.entries) == [2, 1, 1])
        let first = weeks[0]
        #expect(first.selfCare == [.taste: 2, .movement: 1])
        #expect(first.selfCareTotal == 3)
        #expect(first.selfCareCounts.map(\.sense) == [.taste, .movement])
        #expect(first.people == 3)
        #expect(first.averageSleep == 7.75)
        #expect(first.exercise == 30 && first.water == 10)
        #expect(first.averageMeals == 3)
        #expect(first.averageMood == 5.5)
        #expect(first.end == day("2026-11-01"))
        #expect(weeks[1].averageSleep == nil && weeks[1].averageMood == nil)
        // Four entries over the five weeks from the first to the last, the two empty ones counted.
        #expect(insights(entries, today: "2026-11-29").entriesPerWeekAverage == 0.8)
    }

    // MARK: On this day

    @Test func onThisDayPicksTheSameDayOfEarlierMonthsAndYears() {
        let entries = ["2025-11-28", "2026-10-28", "2026-11-27", "2026-11-28", "2026-12-28", "2026-10-29"].map { entry($0) }
        #expect(insights(entries, today: "2026-11-28").onThisDay.map(\.date) == [day("2026-10-28"), day("2025-11-28")])
    }

    @Test func leapDayEntriesShowOnFebruary28InCommonYears() {
        let entries = [entry("2028-02-28"), entry("2028-02-29")]
        #expect(insights(entries, today: "2029-02-28").onThisDay.map(\.slug) == ["2028-02-29", "2028-02-28"])
        #expect(insights([entry("2024-02-29")], today: "2028-02-28").onThisDay.isEmpty)
        #expect(insights([entry("2024-02-29")], today: "2028-02-29").onThisDay.map(\.slug) == ["2024-02-29"])
    }
}

extension InsightsTests {
    // MARK: Lessons

    @Test func lessonsDifferingInCaseAndPunctuationMerge() {
        let entries = [
            entry("2026-10-01", lessons("Ask for feedback after final rounds.", "It’s not about me")),
            entry("2026-10-05", lessons("ask for FEEDBACK   after final rounds!", "\"It's not about me.\"")),
        ]
        let items = insights(entries, today: "2026-10-05").lessons.items
        #expect(items.count == 2)
        #expect(items[0].text == "Ask for feedback after final rounds.")
        #expect(items[0].key == "ask for feedback after final rounds")
        #expect(items[0].refs == [
            EntryRef(slug: "2026-10-01", title: "Entry 2026-10-01", date: day("2026-10-01"), anchor: "learned-1"),
            EntryRef(slug: "2026-10-05", title: "Entry 2026-10-05", date: day("2026-10-05"), anchor: "learned-1"),
        ])
        #expect(items[1].key == "its not about me")
        #expect(items[1].refs.map(\.anchor) == ["learned-2", "learned-2"])
        #expect(items.map(\.id) == ["lesson-ask-for-feedback-after-final-rounds", "lesson-its-not-about-me"])
    }

    @Test func veryLongLessonsAreDeduplicatedWithUniqueIDs() {
        let long = String(repeating: "patience ", count: 1_111) + "x"
        let otherLong = String(repeating: "patience ", count: 1_111) + "y"
        #expect(long.count == 10_000)
        let entries = [entry("2026-10-01", lessons(long, otherLong)), entry("2026-10-02", lessons(long.uppercased()))]
        let items = insights(entries, today: "2026-10-02").lessons.items
        #expect(items.count == 2)
        #expect(items[0].refs.count == 2)
        #expect(items[0].text == long)
        #expect(items[0].id != items[1].id)
        #expect(items[1].id == items[0].id + "-2")
    }

    @Test func lessonsByTagListAnEntryWithTwoTagsUnderBoth() {
        let entries = [
            entry("2026-10-01", lessons("Rest first."), tags("job-search", "Family")),
            entry("2026-10-02", lessons("rest first", "Call Dad."), tags("family")),
            entry("2026-11-03", lessons("Walk daily.")),
        ]
        let index = insights(entries, today: "2026-11-03").lessons
        #expect(index.byTag.map(\.title) == ["Family", "job-search", "Untagged"])
        #expect(index.byTag.map(\.slug) == ["family", "job-search", "untagged"])
        #expect(index.byTag.map(\.count) == [2, 1, 1])
        #expect(index.byTag[0].items.map(\.text) == ["Rest first.", "Call Dad."])
        #expect(index.byTag[0].items[0].refs.map(\.slug) == ["2026-10-01", "2026-10-02"])
        #expect(index.byTag[1].items[0].refs.map(\.slug) == ["2026-10-01"])
        #expect(index.byTag[2].items.map(\.text) == ["Walk daily."])
        #expect(index.byMonth.map(\.slug) == ["2026-11", "2026-10"])
        #expect(index.byMonth.map(\.title) == ["November 2026", "October 2026"])
        #expect(index.byMonth.map(\.count) == [1, 2])
    }

    @Test func aGroupGivesALessonsLatestRefsAndHowManyItHasThere() {
        let entries = (1...9).map { day in
            entry("2026-10-0\(day)", lessons("Rest first."), tags(day == 5 ? "other" : "family"))
        }
        let family = insights(entries, today: "2026-10-09").lessons.byTag[0]
        #expect(family.title == "family")
        let whole = family.item(at: 0)
        #expect(whole.refs.map(\.slug) == ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09"])
        let latest = family.item(at: 0, latest: 3)
        #expect(latest.count == 8)
        #expect(latest.item.refs == Array(whole.refs.suffix(3)))
        #expect(latest.item.text == whole.text && latest.item.id == whole.id)
        #expect(family.item(at: 0, latest: 20).item == whole)
    }

    @Test func aGroupsKeyFollowsTheLessonItGivesAndOnlyThat() {
        func family(_ entries: [Entry]) -> LessonGroup {
            insights(entries, today: "2026-10-09").lessons.byTag[0]
        }
        let entries = (1...9).map { day in entry("2026-10-0\(day)", lessons("Rest first."), tags("family")) }
        let group = family(entries)
        #expect(group.key(at: 0, latest: 3) == family(entries).key(at: 0, latest: 3))
        #expect(group.key(at: 0, latest: 3) != group.key(at: 0, latest: 4), "another ref is kept")

        var retitled = entries
        retitled[8].title = "Another title"
        #expect(group.key(at: 0, latest: 3) != family(retitled).key(at: 0, latest: 3), "a kept ref shows another title")
        var reworded = entries
        reworded[0] = entry("2026-10-01", lessons("Rest, first!"), tags("family"))
        #expect(group.key(at: 0, latest: 3) != family(reworded).key(at: 0, latest: 3), "the lesson's first words are its text")
        var moreOften = entries
        moreOften.append(entry("2026-10-10", lessons("rest first"), tags("family")))
        #expect(group.key(at: 0, latest: 3) != family(moreOften).key(at: 0, latest: 3), "it was written once more")
    }

    @Test func anIndexHashesItsLessonsAsTheLessonsAloneWouldBeHashed() {
        let entries = [
            entry("2026-10-01", lessons("Rest first.", "Call Dad."), tags("family")),
            entry("2026-10-02", title: "Another day", lessons("rest first")),
            entry("2026-10-03", lessons("Walk daily.", "Rest first!")),
        ]
        let index = insights(entries, today: "2026-10-03").lessons
        #expect(index.digests.count == 3)
        #expect(Set(index.digests).count == 3)
        #expect(LessonIndex(items: index.items, byTag: [], byMonth: []).digests == index.digests)
        var moved = index.items
        moved[0].refs[1].anchor = "elsewhere"
        #expect(LessonIndex(items: moved, byTag: [], byMonth: []).digests[0] != index.digests[0])
    }

    @Test func anIndexReusingAnEarlierOneIsTheIndexMadeAfresh() {
        func index(_ entries: [Entry], reusing earlier: LessonIndex? = nil) -> LessonIndex {
            LessonIndex(entries: entries, notes: { $0.lessons }, idPrefix: "lesson", reusing: earlier)
        }
        let before = [
            entry("2026-10-01", lessons("Rest first.", "  Call Dad.  "), tags("family")),
            entry("2026-10-02", lessons("rest first", "Rest -- first")),
            entry("2026-10-03", lessons("Walk daily.")),
        ]
        let earlier = index(before)
        var after = before
        // A text moves first, a new one takes an id an old one asked for, one goes.
        after[0] = entry("2026-10-01", lessons("Walk daily!", "Rest, first"), tags("family"))
        after[2] = entry("2026-10-03", lessons("Rest first.", "Call Dad."))
        let fresh = index(after)
        let reused = index(after, reusing: earlier)
        #expect(reused == fresh)
        #expect(reused.items.map(\.id) == fresh.items.map(\.id))
        #expect(reused.digests == fresh.digests)
        let otherPrefix = LessonIndex(entries: after, notes: { $0.lessons }, idPrefix: "next")
        #expect(index(after, reusing: otherPrefix) == fresh, "ids of another prefix are not taken")
    }

    @Test func anIndexKeptForNoRebuildIsTheSameIndex() {
        let entries = [
            entry("2026-10-01", lessons("Rest first.", "  Call Dad.  ", "!!!"), tags("family")),
            entry("2026-10-02", lessons("rest first", "Rest -- first", "???")),
            entry("2026-10-03", lessons("Walk daily.", "Walk-daily")),
        ]
        let kept = LessonIndex(entries: entries, notes: { $0.lessons }, idPrefix: "lesson")
        let once = LessonIndex(entries: entries, notes: { $0.lessons }, idPrefix: "lesson", forRebuilds: false)
        #expect(once == kept)
        #expect(once.items.map(\.id) == ["lesson-rest-first", "lesson-call-dad", "lesson-item", "lesson-item-2", "lesson-walk-daily", "lesson-walk-daily-2"])
        #expect(once.digests == kept.digests)
        // Taken as the earlier index all the same, it gives what a fresh one does.
        #expect(LessonIndex(entries: entries, notes: { $0.lessons }, idPrefix: "lesson", reusing: once) == kept)
    }

    @Test func aNoteAsksForTheSlugOfItsTrimmedText() {
        #expect(Note(text: "  Call Dad tonight.  ", anchor: "learned-1").slug == "call-dad-tonight")
        #expect(Note(text: "!!!", anchor: "learned-2").slug == "item")
        #expect(Note(text: "Ça va.", anchor: "learned-3").slug == Slug.make("Ça va.", fallback: "item"))
    }

    /// The index of `before` patched into the index of `after`, when it can be; checked against
    /// the index made afresh.
    private func patched(_ before: [Entry], _ after: [Entry], from earlier: LessonIndex? = nil) -> LessonIndex? {
        let earlier = earlier ?? LessonIndex(entries: before, notes: { $0.lessons }, idPrefix: "lesson")
        guard let patched = earlier.patched(from: before, to: after, notes: { $0.lessons }, idPrefix: "lesson") else { return nil }
        let fresh = LessonIndex(entries: after, notes: { $0.lessons }, idPrefix: "lesson")
        #expect(patched == fresh)
        #expect(patched.items.map(\.id) == fresh.items.map(\.id))
        #expect(patched.digests == fresh.digests)
        for item in fresh.items.indices {
            #expect(patched.refEntries(of: item, among: after.count) == fresh.refEntries(of: item, among: after.count))
        }
        return patched
    }

    @Test func anItemKnowsWhereItsRefsEntriesAre() throws {
        let entries = [
            entry("2026-10-01", lessons("Rest first.", "!!!", "rest first"), tags("family")),
            entry("2026-10-02", lessons("Walk daily.", "Rest -- first")),
            entry("2026-10-03", lessons("", "walk daily!", "Call Dad.")),
        ]
        let index = LessonIndex(entries: entries, notes: { $0.lessons }, idPrefix: "lesson", forRebuilds: false)
        #expect(index.items.map(\.refs.count) == [3, 1, 2, 1])
        for (position, item) in index.items.enumerated() {
            let found = try #require(index.refEntries(of: position, among: entries.count))
            #expect(found.map { entries[Int($0)].slug } == item.refs.map(\.slug))
        }
        #expect(index.refEntries(of: 0, among: 2) == nil, "an index of other entries")
        #expect(LessonIndex(items: index.items, byTag: [], byMonth: []).refEntries(of: 0, among: 3) == nil, "an index made from its parts")
    }

    private var written: [Entry] { [
        entry("2026-10-01", lessons("Rest first.", "Call Dad."), tags("family")),
        entry("2026-10-02", lessons("Walk daily.", "rest first")),
        entry("2026-10-03", lessons("Drink water.", "Walk-daily"), tags("health", "family")),
    ] }

    @Test func aNoteRewrittenIntoANewOneIsPatchedInPlace() throws {
        var after = written
        after[0].lessons[1] = Note(text: "Call Mum tonight.", anchor: "learned-2")
        let index = try #require(patched(written, after))
        #expect(index.items.map(\.text) == ["Rest first.", "Call Mum tonight.", "Walk daily.", "Drink water.", "Walk-daily"])
        // Rewritten again, and then made afresh from the patched index's texts and ids.
        var again = after
        again[2].lessons[0] = Note(text: "Drink more water.", anchor: "learned-1")
        let twice = try #require(patched(after, again, from: index))
        #expect(LessonIndex(entries: again, notes: { $0.lessons }, idPrefix: "lesson", reusing: twice)
            == LessonIndex(entries: again, notes: { $0.lessons }, idPrefix: "lesson"))
    }

    @Test func aPatchedIndexClaimsIdsAsTheWholeIndexDoes() throws {
        var after = written
        after[0].lessons[1] = Note(text: "Swim daily.", anchor: "learned-2")
        #expect(try #require(patched(written, after)).items[1].id == "lesson-swim-daily")
        // "Walk-daily" asked for the id "Walk daily." holds; once that text is gone it has it.
        #expect(LessonIndex(entries: written, notes: { $0.lessons }, idPrefix: "lesson").items.last?.id == "lesson-walk-daily-2")
        var freed = written
        freed[1].lessons[0] = Note(text: "Swim daily.", anchor: "learned-1")
        let index = try #require(patched(written, freed))
        #expect(index.items.last?.id == "lesson-walk-daily")
        // A new text that asks for a later item's id takes it, being written first.
        var taken = freed
        taken[0].lessons[1] = Note(text: "Walk + daily", anchor: "learned-2")
        let again = try #require(patched(freed, taken, from: index))
        #expect(again.items[1].id == "lesson-walk-daily")
        #expect(again.items.last?.id == "lesson-walk-daily-2")
        // An id ending in a number, which may be one that was numbered, and a text first
        // written in an earlier patch.
        var numbered = taken
        numbered[2].lessons[0] = Note(text: "Walk 2", anchor: "learned-1")
        let third = try #require(patched(taken, numbered, from: again))
        var last = numbered
        last[2].lessons[0] = Note(text: "Walk + daily 3", anchor: "learned-1")
        #expect(try #require(patched(numbered, last, from: third)).items[3].id == "lesson-walk-daily-3")
    }

    @Test func aTextAskingForTheSameIdKeepsTheNumberedOne() throws {
        let long = String(repeating: "a step that goes on ", count: 8)
        var before = written
        before[0].lessons[1] = Note(text: long + "one way", anchor: "learned-2")
        before[2].lessons[1] = Note(text: long + "another way", anchor: "learned-2")
        let index = LessonIndex(entries: before, notes: { $0.lessons }, idPrefix: "lesson")
        #expect(index.items.last?.id == index.items[1].id + "-2", "one id asked for twice")
        var after = before
        after[2].lessons[1] = Note(text: long + "a third way", anchor: "learned-2")
        #expect(try #require(patched(before, after, from: index)).items.last?.id == index.items[1].id + "-2")
    }

    @Test func aKeyLeftBehindByARewrittenTextIsNotTakenForTheNextText() throws {
        // "Walk-daily" goes, "Walkdaily" comes with the same key but asks for another id; a
        // rewrite that claims every id again must not take the first one's.
        var steps = [written]
        steps.append(steps[0])
        steps[1][2].lessons[1] = Note(text: "Stroll", anchor: "learned-2")
        steps.append(steps[1])
        steps[2][0].lessons[1] = Note(text: "Walkdaily", anchor: "learned-2")
        steps.append(steps[2])
        steps[3][1].lessons[0] = Note(text: "Drink + water", anchor: "learned-1")
        var index = LessonIndex(entries: steps[0], notes: { $0.lessons }, idPrefix: "lesson")
        for step in 1..<steps.count { index = try #require(patched(steps[step - 1], steps[step], from: index)) }
        #expect(index.items.map(\.id) == ["lesson-rest-first", "lesson-walkdaily", "lesson-drink-water", "lesson-drink-water-2", "lesson-stroll"])
    }

    @Test func anyOtherChangeIsLeftToTheWholeIndex() {
        func edited(_ change: (inout [Entry]) -> Void) -> [Entry] {
            var entries = written
            change(&entries)
            return entries
        }
        let declined: [(String, [Entry])] = [
            ("into a text written elsewhere", edited { $0[0].lessons[1] = Note(text: "Drink water", anchor: "learned-2") }),
            ("a text other entries write too", edited { $0[0].lessons[0] = Note(text: "Sleep first.", anchor: "learned-1") }),
            ("a note added", edited { $0[2].lessons.append(Note(text: "Stretch.", anchor: "learned-3")) }),
            ("a note removed", edited { $0[0].lessons.removeLast() }),
            ("a title changed", edited { $0[1].title = "A walk" }),
            ("tags changed", edited { $0[1].tags = [Tag(name: "walks", slug: "walks")] }),
            ("an entry removed", edited { $0.removeLast() }),
            ("a text rewritten alike", edited { $0[0].lessons[1] = Note(text: "Call Dad!", anchor: "learned-2") }),
        ]
        for (change, after) in declined {
            #expect(patched(written, after) == nil, "\(change)")
        }
        let body = edited { $0[1].body = Markdown.render("New words.") }
        #expect(patched(written, body) == LessonIndex(entries: body, notes: { $0.lessons }, idPrefix: "lesson"), "notes as they were")
    }

    @Test func nextStepsAreIndexedSeparately() {
        let first = entry("2026-10-01") { $0.nextSteps = [Note(text: "Email the recruiter.", anchor: "next-1")] }
        let result = insights([first], today: "2026-10-01")
        #expect(result.lessons.isEmpty)
        #expect(result.nextSteps.items.map(\.id) == ["next-email-the-recruiter"])
        #expect(result.nextSteps.items[0].refs[0].anchor == "next-1")
    }

    // MARK: Emotions and challenges

    @Test func emotionNamesMergeAfterTrimmingAndLowerCasing() {
        let entries = [
            entry("2026-10-01") { $0.emotions = [
                Emotion(name: "Hurt", intensity: 8, thought: "I will never find a job I like.", after: 5),
                Emotion(name: "Ärger", intensity: 6, thought: nil, after: nil),
                Emotion(name: "悲しみ", intensity: 7, thought: nil, after: 7),
            ] },
            entry("2026-10-04") { $0.emotions = [Emotion(name: "hurt ", intensity: 4, thought: "Nobody wants me.", after: 3)] },
            entry("2026-10-06") { $0.emotions = [Emotion(name: "HURT", intensity: nil, thought: nil, after: 2)] },
        ]
        let emotions = insights(entries, today: "2026-10-06").emotions
        #expect(emotions.map(\.name) == ["hurt", "ärger", "悲しみ"])
        #expect(emotions.map(\.slug) == ["hurt", "arger", "悲しみ"])
        #expect(emotions.map(\.count) == [3, 1, 1])
        let hurt = emotions[0]
        #expect(hurt.averageIntensity == 6)
        #expect(hurt.averageChange == -2) // (5 − 8 + 3 − 4) / 2
        #expect(hurt.points.map(\.date) == ["2026-10-01", "2026-10-04", "2026-10-06"].map(day))
        #expect(hurt.thoughts.map(\.text) == ["Nobody wants me.", "I will never find a job I like."])
        #expect(emotions[2].averageChange == 0)
        #expect(emotions[1].averageChange == nil)
        #expect(hurt.sparkline.contains("class=\"spark\""))
    }

    @Test func aNameWrittenAgainJoinsItsEmotionAndABlankNameIsLeftOut() {
        let entries = (1...6).map { day in
            entry("2026-10-0\(day)") { $0.emotions = [
                Emotion(name: day % 2 == 0 ? "Calm" : "calm ", intensity: day, thought: "Thought \(day).", after: nil),
                Emotion(name: "  ", intensity: 3, thought: "Unnamed.", after: nil),
                Emotion(name: day < 3 ? "Fear" : "Hope", intensity: nil, thought: nil, after: nil),
            ] }
        }
        let emotions = insights(entries, today: "2026-10-06").emotions
        #expect(emotions.map(\.name) == ["calm", "hope", "fear"])
        #expect(emotions.map(\.count) == [6, 4, 2])
        #expect(emotions[0].points.map(\.intensity) == [1, 2, 3, 4, 5, 6])
        #expect(emotions[0].thoughts.map(\.text) == (1...6).reversed().map { "Thought \($0)." })
        #expect(!emotions.flatMap(\.thoughts).contains { $0.text == "Unnamed." })
    }

    @Test func challengesAreListedNewestEntryFirst() {
        let entries = [
            entry("2026-10-01") { $0.challenges = [Challenge(thought: "I am not good enough.", response: "A thought, not a fact."),
                                                   Challenge(thought: "Everyone saw.", response: nil)] },
            entry("2026-10-03") { $0.challenges = [Challenge(thought: "I always fail.", response: "I passed two rounds.")] },
        ]
        let challenges = insights(entries, today: "2026-10-03").challenges
        #expect(challenges.map(\.thought) == ["I always fail.", "I am not good enough.", "Everyone saw."])
        #expect(challenges[2].response == nil)
        #expect(challenges[0].ref.slug == "2026-10-03")
    }

    // MARK: Calendar

    @Test func calendarCoversFiftyThreeWeeksEndingWithTodaysWeek() {
        let entries = [
            entry("2025-11-23", mood: 9), // before the first column: left out
            entry("2025-11-24", mood: 1),
            entry("2026-10-12", slug: "a", mood: 3), entry("2026-10-12", slug: "b", mood: 4),
            entry("2026-11-27"),
            entry("2026-11-28", mood: 10),
        ]
        let calendar = insights(entries, today: "2026-11-28").calendar // a Saturday
        #expect(calendar.weeks.count == 53 && calendar.weeks.allSatisfy { $0.count == 7 })
        #expect(calendar.start == day("2025-11-24"))
        #expect(calendar.weeks[52][5]?.date == day("2026-11-28"))
        #expect(calendar.weeks[52][6] == nil)
        #expect(calendar.activeDays == 4)
        #expect(calendar.weeks[0][0]?.level == 2)
        let october12 = calendar.cells.first { $0.date == day("2026-10-12") }
        #expect(october12?.mood == 3.5 && october12?.count == 2 && october12?.level == 3)
        #expect(calendar.weeks[52][4]?.level == 1)
        #expect(calendar.weeks[52][5]?.level == 6)
        #expect(calendar.weeks[52][3]?.level == 0)
        #expect(calendar.months.first == MonthLabel(week: 1, key: "2025-12", name: "Dec"))
        #expect(calendar.months.count == 12)
        #expect(calendar.svg.contains("2026-10-12: mood 3.5 (2 entries)"))
    }

    @Test(arguments: [(0.0, 2), (1.0, 2), (1.9, 2), (2.0, 3), (3.5, 3), (4.0, 4), (5.0, 4), (6.0, 5), (7.9, 5), (8.0, 6), (10.0, 6)])
    func moodBuckets(mood: Double, level: Int) {
        #expect(CalendarCell.level(mood: mood, hasEntry: true) == level)
    }

    @Test func numbersUseAtMostOneDecimalAndAPoint() {
        #expect(NumberText.compact(3) == "3")
        #expect(NumberText.compact(3.25) == "3.3")
        #expect(NumberText.compact(-2.5) == "-2.5")
        #expect(NumberText.compact(-0.01) == "0")
        #expect(NumberText.oneDecimal(6) == "6.0")
        #expect(NumberText.oneDecimal(10.0 / 3) == "3.3")
        #expect(NumberText.compact(.nan) == "0")
    }
}

/// A later build takes the lesson index, the next steps and the emotions of the earlier one
/// while nothing they are made from changed, and always gets what computing afresh gives.
@Suite struct ReusedInsightsTests {
    private static let today = day("2026-11-20")

    private static func workbook(_ entries: [Entry]) -> Workbook {
        Workbook(config: WorkbookConfig(), entries: entries, affirmationLists: [], pages: [], assets: [])
    }

    private static let before = [
        entry("2026-11-01", title: "Walk", lessons("Rest helps."), tags("rest"), {
            $0.nextSteps = [Note(text: "Call Sam.", anchor: "next-1")]
            $0.emotions = [Emotion(name: "calm", intensity: 2)]
        }),
        entry("2026-11-02", title: "Swim", lessons("Water calms me.")),
    ]

    /// The parts reused after `change`, checking that the result is the fresh one.
    private static func reused(after change: (inout Entry) -> Void) async -> Insights.Unchanged {
        var after = before
        change(&after[0])
        let earlier = Insights.Earlier(workbook(before), Insights.compute(workbook(before), today: today))
        let again = await Insights.computeConcurrently(workbook(after), today: today, reusing: earlier)
        #expect(again == Insights.compute(workbook(after), today: today))
        return Insights.Unchanged(after, earlier.entries)
    }

    @Test func aRewrittenNextStepIsTheOneComputedAfresh() async {
        let same = await Self.reused { $0.nextSteps = [Note(text: "Call Alex tonight.", anchor: "next-1")] }
        #expect(same.lessons && !same.nextSteps && same.emotions)
    }

    @Test func aBodyEditReusesAllThree() async {
        let same = await Self.reused { $0.body = Markdown.render("New words.") }
        #expect(same.lessons && same.nextSteps && same.emotions)
        #expect(same.places && same.moods && same.weeks && same.challenges)
    }

    @Test func eachPartIsMadeAgainWhenWhatItReadsChanges() async {
        let mood = await Self.reused { $0.mood = 7 }
        #expect(mood.places && !mood.moods && !mood.weeks && mood.challenges && mood.lessons)
        let habits = await Self.reused { $0.habits = Habits(sleep: 7.5, water: 6) }
        #expect(habits.places && habits.moods && !habits.weeks && habits.challenges)
        let support = await Self.reused { $0.support = ["Sam"] }
        #expect(support.moods && !support.weeks)
        let challenge = await Self.reused { $0.challenges = [Challenge(thought: "I always fail.", response: "I failed once.")] }
        #expect(challenge.places && challenge.weeks && !challenge.challenges)
        let title = await Self.reused { $0.title = "A long walk" }
        #expect(!title.places && !title.moods && !title.weeks && !title.challenges && !title.lessons)
        let date = await Self.reused { $0.date = day("2026-11-03") }
        #expect(!date.places && !date.weeks)
    }

    @Test func theDaysAndStreaksOfAnotherTodayAreMadeAgain() async {
        let earlier = Insights.Earlier(Self.workbook(Self.before), Insights.compute(Self.workbook(Self.before), today: Self.today))
        let later = day("2026-12-02")
        let again = await Insights.computeConcurrently(Self.workbook(Self.before), today: later, reusing: earlier)
        #expect(again == Insights.compute(Self.workbook(Self.before), today: later))
        #expect(again.calendar != earlier.insights.calendar)
        #expect(again.onThisDay.map(\.slug) == ["2026-11-02"])
    }

    @Test func anEqualMoodSeriesIsTakenFromTheEarlierBuildWithItsStorage() async {
        var moods = Self.before
        (moods[0].mood, moods[1].mood) = (4, 6)
        let earlier = Insights.Earlier(Self.workbook(moods), Insights.compute(Self.workbook(moods), today: Self.today))
        func storage(_ insights: Insights) -> UnsafeRawPointer? {
            insights.mood.points.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        var edited = moods
        edited[0].body = Markdown.render("New words, the same mood.")
        let same = await Insights.computeConcurrently(Self.workbook(edited), today: Self.today, reusing: earlier)
        #expect(same.mood.points.count == 2)
        #expect(storage(same) == storage(earlier.insights))
        edited[0].mood = 9
        let moved = await Insights.computeConcurrently(Self.workbook(edited), today: Self.today, reusing: earlier)
        #expect(moved.mood != earlier.insights.mood)
        #expect(moved == Insights.compute(Self.workbook(edited), today: Self.today))
    }

    @Test func nextStepsLeftToTheirOwnThreadAreTheOnesComputedInPlace() async {
        let fresh = Insights.compute(Self.workbook(Self.before), today: Self.today)
        let (insights, pending) = await Insights.computeLeavingNextSteps(Self.workbook(Self.before), today: Self.today)
        #expect(insights.nextSteps.isEmpty, "left for the thread")
        #expect(pending.value == fresh.nextSteps)
        #expect(pending.value == fresh.nextSteps, "asked again, the same value")
        var whole = insights
        whole.nextSteps = pending.value
        #expect(whole == fresh)

        // Unchanged next steps are the earlier ones, there at once.
        let earlier = Insights.Earlier(Self.workbook(Self.before), fresh)
        var edited = Self.before
        edited[1].body = Markdown.render("Other words.")
        let (_, kept) = await Insights.computeLeavingNextSteps(Self.workbook(edited), today: Self.today, reusing: earlier)
        #expect(kept.value == fresh.nextSteps)
    }

    @Test func aNewLessonComputesOnlyTheLessonsAgain() async {
        let same = await Self.reused(after: lessons("Rest helps.", "Sleep too."))
        #expect(!same.lessons && same.nextSteps && same.emotions)
    }

    @Test func aNewNextStepComputesOnlyTheNextStepsAgain() async {
        let same = await Self.reused { $0.nextSteps.append(Note(text: "Swim.", anchor: "next-2")) }
        #expect(same.lessons && !same.nextSteps && same.emotions)
    }

    @Test func aNewEmotionComputesOnlyTheEmotionsAgain() async {
        let same = await Self.reused { $0.emotions.append(Emotion(name: "hope", intensity: 1)) }
        #expect(same.lessons && same.nextSteps && !same.emotions)
    }

    @Test(arguments: ["title", "date", "tags"])
    func whatEveryPartShowsComputesAllAgain(_ field: String) async {
        let same = await Self.reused { entry in
            switch field {
            case "title": entry.title = "A long walk"
            case "date": entry.date = day("2026-10-31")
            default: entry.tags = []
            }
        }
        #expect(!same.lessons && !same.nextSteps)
        #expect(same.emotions == (field == "tags"), "emotions show no tags")
    }
}
