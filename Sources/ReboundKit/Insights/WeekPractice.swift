import Foundation

/// What one week (Monday to Sunday) of practice looked like, for the timeline's weekly table.
public struct WeekPractice: Sendable, Equatable {
    /// The Monday that starts the week.
    public var start: CalendarDay
    /// How many entries were written in the week.
    public var entries: Int
    /// Self-care acts by sense.
    public var selfCare: [SelfCare.Sense: Int]
    /// Self-care acts of every sense together.
    public var selfCareTotal: Int
    /// Distinct people leaned on during the week (names compared without regard to case).
    public var people: Int
    /// Mean hours of sleep over the entries that give it.
    public var averageSleep: Double?
    /// Minutes of exercise, summed.
    public var exercise: Int
    /// Glasses of water, summed.
    public var water: Int
    /// Mean meals a day over the entries that give them.
    public var averageMeals: Double?
    /// Mean mood over the entries that have one.
    public var averageMood: Double?

    /// A week starting on `start` with nothing in it yet.
    public init(start: CalendarDay) {
        self.start = start
        self.entries = 0
        self.selfCare = [:]
        self.selfCareTotal = 0
        self.people = 0
        self.exercise = 0
        self.water = 0
    }

    /// The Sunday that ends the week.
    public var end: CalendarDay { start.adding(days: 6) }

    /// Whether nothing was written in the week.
    public var isEmpty: Bool { entries == 0 }

    /// Self-care counts in the order of `SelfCare.Sense.allCases`, senses with none left out;
    /// a list is easier than a dictionary for templates to walk.
    public var selfCareCounts: [SenseCount] {
        SelfCare.Sense.allCases.compactMap { sense in
            selfCare[sense].map { SenseCount(sense: sense, count: $0) }
        }
    }

    /// One sense and how often it was used for self-care.
    public struct SenseCount: Sendable, Equatable {
        /// The sense.
        public var sense: SelfCare.Sense
        /// Self-care acts of that sense in the week.
        public var count: Int
    }

    /// Every week that has an entry, oldest first; `entries` are sorted oldest first. Weeks
    /// without one are left out, so a gap of months (or a mistyped year) adds no rows.
    static func weeks(_ entries: [Entry]) -> [WeekPractice] {
        var weeks: [WeekPractice] = []
        var start = 0
        while start < entries.count {
            let monday = entries[start].date.startOfWeek
            var end = start
            while end < entries.count && entries[end].date.startOfWeek == monday { end += 1 }
            var week = WeekPractice(start: monday)
            week.add(entries[start..<end])
            weeks.append(week)
            start = end
        }
        return weeks
    }

    /// The number of weeks from the first entry's week to the last one's, empty ones included.
    static func span(_ entries: [Entry]) -> Int {
        guard let first = entries.first?.date.startOfWeek, let last = entries.last?.date.startOfWeek else { return 0 }
        return (last.ordinal - first.ordinal) / 7 + 1
    }

    /// Totals the practice of the week's entries.
    mutating func add(_ weekEntries: ArraySlice<Entry>) {
        entries = weekEntries.count
        var names = Set<String>()
        var sleep: [Double] = [], meals: [Double] = [], moods: [Double] = []
        for entry in weekEntries {
            for act in entry.selfCare { selfCare[act.sense, default: 0] += 1 }
            selfCareTotal += entry.selfCare.count
            for name in entry.support {
                let key = name.trimmingWhitespaceAndNewlines.lowercased()
                if !key.isEmpty { names.insert(key) }
            }
            if let habits = entry.habits {
                if let hours = habits.sleep { sleep.append(hours) }
                if let count = habits.meals { meals.append(Double(count)) }
                exercise += habits.exercise ?? 0
                water += habits.water ?? 0
            }
            if let mood = entry.mood { moods.append(Double(mood)) }
        }
        people = names.count
        averageSleep = NumberText.mean(sleep)
        averageMeals = NumberText.mean(meals)
        averageMood = NumberText.mean(moods)
    }
}
