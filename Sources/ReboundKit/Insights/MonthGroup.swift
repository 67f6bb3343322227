/// The entries of one calendar month, for the timeline's "entries by month" list.
public struct MonthGroup: Sendable, Equatable {
    /// `YYYY-MM`, usable as an html id and for sorting.
    public var key: String
    /// The month in words, such as "October 2026".
    public var name: String
    /// The month's entries, newest first.
    public var entries: [EntryRef]
    /// How many entries the month has.
    public var count: Int

    /// A month of `entries` (newest first); `count` follows from them.
    public init(key: String, name: String, entries: [EntryRef]) {
        self.key = key
        self.name = name
        self.entries = entries
        self.count = entries.count
    }

    /// Groups entries sorted oldest first into months, newest month first.
    static func groups(_ entries: [Entry]) -> [MonthGroup] {
        var groups: [MonthGroup] = []
        for entry in entries.reversed() {
            let key = entry.date.monthKey
            if groups.last?.key == key {
                groups[groups.count - 1].entries.append(EntryRef(entry))
                groups[groups.count - 1].count += 1
            } else {
                groups.append(MonthGroup(key: key, name: MonthName.full(entry.date), entries: [EntryRef(entry)]))
            }
        }
        return groups
    }
}

/// English month names; the rest of the site's words are English too.
enum MonthName {
    static let names = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// "October".
    static func month(_ month: Int) -> String { names[month - 1] }

    /// "Oct".
    static func short(_ month: Int) -> String { shortNames[month - 1] }

    private static let shortNames = names.map { String($0.prefix(3)) }

    /// "October 2026".
    static func full(_ day: CalendarDay) -> String { "\(month(day.month)) \(day.year)" }

    /// The first day of the month after `day`'s month.
    static func firstOfNextMonth(after day: CalendarDay) -> CalendarDay {
        day.adding(days: CalendarDay.daysIn(month: day.month, year: day.year) - day.day + 1)
    }
}
