/// One day of the year calendar.
public struct CalendarCell: Sendable, Equatable {
    /// The day.
    public var date: CalendarDay
    /// The mean mood of the day's entries that have one.
    public var mood: Double?
    /// Whether anything was written that day.
    public var hasEntry: Bool
    /// How many entries were written that day.
    public var count: Int
    /// 0 no entry, 1 entries without a mood, 2–6 the mood buckets 0–1, 2–3, 4–5, 6–7, 8–10.
    public var level: Int

    /// A day with `count` entries whose moods average `mood`; `hasEntry` and `level` follow.
    public init(date: CalendarDay, mood: Double?, count: Int) {
        self.date = date
        self.mood = mood
        self.count = count
        self.hasEntry = count > 0
        self.level = Self.level(mood: mood, hasEntry: count > 0)
    }

    /// The heat level of a day with the given mean mood.
    public static func level(mood: Double?, hasEntry: Bool) -> Int {
        guard hasEntry else { return 0 }
        guard let mood else { return 1 }
        return 2 + min(4, max(0, Int((mood / 2).rounded(.down))))
    }
}

/// A month name placed above the calendar column where the month begins.
public struct MonthLabel: Sendable, Equatable {
    /// The column (week) index the label sits over.
    public var week: Int
    /// `YYYY-MM`.
    public var key: String
    /// The short month name, such as "Oct".
    public var name: String
}

/// A GitHub-style year of days ending with the week of `today`, for the timeline's heatmap.
public struct YearCalendar: Sendable, Equatable {
    /// How many week columns the calendar has: a year and the current week.
    public static let weekCount = 53

    /// Week columns, oldest first; each holds Monday…Sunday, nil for days after `today`.
    public var weeks: [[CalendarCell?]]
    /// Month names over the columns where each month's first day falls.
    public var months: [MonthLabel]
    /// The first day shown, a Monday.
    public var start: CalendarDay
    /// The last day shown: `today`.
    public var end: CalendarDay
    /// Days in the calendar with at least one entry.
    public var activeDays: Int
    /// The calendar as an inline SVG heatmap.
    public var svg: String

    /// The calendar of `entries` for the 53 weeks ending with the week of `today`.
    public init(entries: [Entry], today: CalendarDay) {
        let start = today.startOfWeek.adding(days: -7 * (Self.weekCount - 1))
        var moods: [Int: [Double]] = [:]
        var counts: [Int: Int] = [:]
        for entry in entries where entry.date >= start && entry.date <= today {
            counts[entry.date.ordinal, default: 0] += 1
            if let mood = entry.mood { moods[entry.date.ordinal, default: []].append(Double(mood)) }
        }
        var weeks: [[CalendarCell?]] = []
        var months: [MonthLabel] = []
        for week in 0..<Self.weekCount {
            var column: [CalendarCell?] = []
            for weekday in 0..<7 {
                let date = start.adding(days: week * 7 + weekday)
                guard date <= today else {
                    column.append(nil)
                    continue
                }
                if date.day == 1 {
                    months.append(MonthLabel(week: week, key: date.monthKey, name: MonthName.short(date.month)))
                }
                column.append(CalendarCell(date: date, mood: moods[date.ordinal].flatMap(NumberText.mean), count: counts[date.ordinal] ?? 0))
            }
            weeks.append(column)
        }
        // Name the partial month the calendar opens with when there is room before the next label.
        if (months.first?.week ?? Self.weekCount) >= 3 {
            months.insert(MonthLabel(week: 0, key: start.monthKey, name: MonthName.short(start.month)), at: 0)
        }
        self.weeks = weeks
        self.months = months
        self.start = start
        self.end = today
        self.activeDays = counts.count
        self.svg = ""
        self.svg = Charts.heatmap(self, idPrefix: "heatmap")
    }

    /// Every day shown, oldest first.
    public var cells: [CalendarCell] { weeks.flatMap { $0.compactMap { $0 } } }
}
