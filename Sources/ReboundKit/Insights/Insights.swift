import Foundation

/// What the workbook shows beyond the entries themselves: streaks, the mood over time,
/// lessons, emotions and the year calendar. Computed once per build from a `Workbook`,
/// with no I/O, so every number on the timeline, learned and emotions pages can be tested.
public struct Insights: Sendable, Equatable {
    /// The day the insights were computed for.
    public var today: CalendarDay
    /// Current and longest runs of consecutive days with an entry.
    public var streaks: Streaks
    /// Moods over time with a 7-entry moving average and a sentence about the trend.
    public var mood: MoodSeries
    /// Entries by month, newest month first, entries newest first.
    public var months: [MonthGroup]
    /// Practice per week (Monday start), oldest first, from the first entry's week to the last one's.
    public var weeks: [WeekPractice]
    /// Lessons from every entry's `learned:` and *What I learned* section.
    public var lessons: LessonIndex
    /// Next steps from every entry's `next:` and *Moving forward* section.
    public var nextSteps: LessonIndex
    /// Each emotion named, most frequent first, then by name.
    public var emotions: [EmotionSummary]
    /// Every challenged thought, newest entry first.
    public var challenges: [ChallengeItem]
    /// Earlier entries written on today's day of the month (and on Feb 29 when today is
    /// Feb 28 of a common year), newest first.
    public var onThisDay: [EntryRef]
    /// The heatmap of the 53 weeks ending with today's week.
    public var calendar: YearCalendar
    /// Entries per week over all the weeks from the first entry to the last; 0 without entries.
    public var entriesPerWeekAverage: Double

    /// Computes every insight of `workbook` as seen on `today`.
    public static func compute(_ workbook: Workbook, today: CalendarDay) -> Insights {
        let entries = sorted(workbook)
        var insights = Insights(entries, today: today)
        insights.lessons = LessonIndex(entries: entries, notes: { $0.lessons }, idPrefix: "lesson", forRebuilds: false)
        insights.nextSteps = LessonIndex(entries: entries, notes: { $0.nextSteps }, idPrefix: "next", forRebuilds: false)
        insights.emotions = EmotionSummary.summaries(entries)
        return insights
    }

    /// The same insights, with the lessons, the next steps and the emotions each on a core of its
    /// own while the rest is computed. Given `earlier`, each of those three is taken from there
    /// when nothing it is made from changed: a body edited outside its lessons leaves all three
    /// as they were.
    public static func computeConcurrently(_ workbook: Workbook, today: CalendarDay, reusing earlier: Earlier? = nil) async -> Insights {
        var (insights, nextSteps) = await computeLeavingNextSteps(workbook, today: today, reusing: earlier)
        insights.nextSteps = nextSteps.value
        return insights
    }

    /// The same, but with the next steps left empty and indexed on a thread of their own, for
    /// the pages that show them to wait for while the others are rendered. Insights no later
    /// build reuses (`forRebuilds` false) keep nothing for one. A lesson index `stored` gives for
    /// these entries (see `LessonStore.index`) is taken from there.
    static func computeLeavingNextSteps(_ workbook: Workbook, today: CalendarDay, reusing earlier: Earlier? = nil,
                                        forRebuilds: Bool = true, stored: LessonStore? = nil) async -> (Insights, Pending<LessonIndex>) {
        let entries = sorted(workbook)
        let same = earlier.map { Unchanged(entries, $0.entries) } ?? Unchanged()
        let nextSteps = same.nextSteps ? Pending(earlier!.insights.nextSteps) : Pending {
            lessonIndex(entries, notes: { $0.nextSteps }, idPrefix: "next", earlier: earlier, \.nextSteps, forRebuilds: forRebuilds, stored: stored)
        }
        // The emotions first: they take longer than the lessons read back, and wait for a core.
        async let emotions = same.emotions ? earlier!.insights.emotions : EmotionSummary.summaries(entries)
        async let lessons = same.lessons ? earlier!.insights.lessons
            : lessonIndex(entries, notes: { $0.lessons }, idPrefix: "lesson", earlier: earlier, \.lessons, forRebuilds: forRebuilds, stored: stored)
        var insights = Insights(entries, today: today, reusing: earlier.map { ($0.insights, same) })
        // An equal series is taken with its storage, so the entry pages' mood windows, slices of
        // it, are told equal to the earlier ones at a glance.
        if let earlier, !same.moods, earlier.insights.mood == insights.mood { insights.mood = earlier.insights.mood }
        insights.lessons = await lessons
        insights.emotions = await emotions
        return (insights, nextSteps)
    }

    /// The index of the notes `notes` reads from `entries`: the one `stored` gives for them; the
    /// earlier build's index at `kept` patched, when only notes were rewritten in place; and
    /// otherwise made again with its texts and ids at hand.
    private static func lessonIndex(_ entries: [Entry], notes: (borrowing Entry) -> [Note], idPrefix: String,
                                    earlier: Earlier?, _ kept: KeyPath<Insights, LessonIndex>, forRebuilds: Bool,
                                    stored: LessonStore?) -> LessonIndex {
        if let index = stored?.index(idPrefix, of: entries, notes: notes) { return index }
        let index = earlier?.insights[keyPath: kept]
        if let earlier, let patched = index?.patched(from: earlier.entries, to: entries, notes: notes, idPrefix: idPrefix) { return patched }
        return LessonIndex(entries: entries, notes: notes, idPrefix: idPrefix, reusing: index, forRebuilds: forRebuilds)
    }

    /// Insights with the entries they were computed from, for a later build to reuse.
    public struct Earlier: Sendable {
        var entries: [Entry]
        var insights: Insights

        init(_ workbook: Workbook, _ insights: Insights) {
            self.entries = Insights.sorted(workbook)
            self.insights = insights
        }
    }

    /// Which insights two lists of entries (oldest first) give alike, by what each reads of an
    /// entry: the lesson index its place (slug, title, date), tags and lessons; the next steps the
    /// same with the next steps; the emotions the place and the emotions; the months, streaks and
    /// days the places alone; the mood series and the year calendar the places and moods; the
    /// weeks the places, moods, self-care, support and habits; the challenges the places and
    /// challenged thoughts.
    struct Unchanged {
        var lessons = false, nextSteps = false, emotions = false
        var places = false, moods = false, weeks = false, challenges = false

        init() {}

        init(_ entries: [Entry], _ earlier: [Entry]) {
            guard entries.count == earlier.count else { return }
            (lessons, nextSteps, emotions, places, moods, weeks, challenges) = (true, true, true, true, true, true, true)
            for index in entries.indices where entries[index] != earlier[index] {
                let (entry, old) = (entries[index], earlier[index])
                let place = entry.slug == old.slug && entry.title == old.title && entry.date == old.date
                lessons = lessons && place && entry.tags == old.tags && entry.lessons == old.lessons
                nextSteps = nextSteps && place && entry.tags == old.tags && entry.nextSteps == old.nextSteps
                emotions = emotions && place && entry.emotions == old.emotions
                places = places && place
                moods = moods && place && entry.mood == old.mood
                weeks = weeks && place && entry.mood == old.mood && entry.selfCare == old.selfCare
                    && entry.support == old.support && entry.habits == old.habits
                challenges = challenges && place && entry.challenges == old.challenges
            }
        }
    }

    /// The entries oldest first; a workbook's own entries are in that order already, and are
    /// then shared rather than copied.
    static func sorted(_ workbook: Workbook) -> [Entry] {
        isSorted(workbook.entries) ? workbook.entries : workbook.entries.sorted(by: Entry.precedes)
    }

    /// Whether `entries` are in the order the insights read them (`Entry.precedes`).
    static func isSorted(_ entries: [Entry]) -> Bool {
        // By position: pairs of entries from `zip` would be copies, each counting a reference
        // to every text of the entry.
        entries.indices.dropFirst().allSatisfy { !Entry.precedes(entries[$0], entries[$0 - 1]) }
    }

    /// Entries before `today` whose day of the month is today's, newest first. Entries of
    /// Feb 29 also show on Feb 28 in years without one, so they are remembered every year.
    static func onThisDay(_ entries: [Entry], today: CalendarDay) -> [EntryRef] {
        let leapDayToo = today.month == 2 && today.day == 28 && !CalendarDay.isLeap(today.year)
        return entries.reversed()
            .filter { entry in
                guard entry.date < today else { return false }
                return entry.date.day == today.day || (leapDayToo && entry.date.month == 2 && entry.date.day == 29)
            }
            .map { EntryRef($0) }
    }
}

extension Insights {
    /// The insights of sorted entries but for the parts computed apart (lessons, next steps,
    /// emotions), which are left empty. Given the insights of an earlier build and what its
    /// entries have alike with these, the parts made from what did not change are taken from it.
    fileprivate init(_ entries: [Entry], today: CalendarDay, reusing earlier: (insights: Insights, same: Unchanged)? = nil) {
        func part<Part>(_ kept: KeyPath<Insights, Part>, if same: Bool, _ make: () -> Part) -> Part {
            if same, let earlier { earlier.insights[keyPath: kept] } else { make() }
        }
        let same = earlier?.same ?? Unchanged()
        let sameDay = earlier?.insights.today == today
        let weeks = part(\.weeks, if: same.weeks) { WeekPractice.weeks(entries) }
        self.init(
            today: today,
            streaks: part(\.streaks, if: same.places && sameDay) { Streaks.compute(days: entries.map(\.date), today: today) },
            mood: part(\.mood, if: same.moods) { MoodSeries(entries: entries) },
            months: part(\.months, if: same.places) { MonthGroup.groups(entries) },
            weeks: weeks,
            lessons: LessonIndex(items: [], byTag: [], byMonth: []),
            nextSteps: LessonIndex(items: [], byTag: [], byMonth: []),
            emotions: [],
            challenges: part(\.challenges, if: same.challenges) { ChallengeItem.all(in: entries) },
            onThisDay: part(\.onThisDay, if: same.places && sameDay) { Self.onThisDay(entries, today: today) },
            calendar: part(\.calendar, if: same.moods && sameDay) { YearCalendar(entries: entries, today: today) },
            entriesPerWeekAverage: weeks.isEmpty ? 0 : Double(entries.count) / Double(WeekPractice.span(entries))
        )
    }
}

/// Ids handed out once each: a name, or the name with `-2`, `-3`… when it is taken.
struct UniqueNames {
    private var used: Set<String> = []

    init(capacity: Int = 0) {
        used.reserveCapacity(capacity)
    }
    /// The number to try next for a name already taken, so a name wanted many times is not
    /// tried from 2 upwards every time.
    private var next: [String: Int] = [:]

    /// Claims `base`, or the first free `base-N` from 2 up, and returns what was claimed.
    mutating func claim(_ base: String) -> String {
        guard !used.insert(base).inserted else { return base }
        var number = next[base] ?? 2
        while !used.insert("\(base)-\(number)").inserted { number += 1 }
        next[base] = number + 1
        return "\(base)-\(number)"
    }
}

/// A value made on a thread of its own, outside the tasks that wait for it, so that a task
/// waiting for it never holds up its making.
final class Pending<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var made: Value?

    /// A value there already.
    init(_ value: Value) {
        made = value
    }

    /// A value `make` starts making now.
    init(_ make: @escaping @Sendable () -> Value) {
        Thread.detachNewThread { [self] in
            let value = make()
            condition.withLock {
                made = value
                condition.broadcast()
            }
        }
    }

    /// The value, once it is made.
    var value: Value {
        condition.withLock {
            while made == nil { condition.wait() }
            return made!
        }
    }
}
