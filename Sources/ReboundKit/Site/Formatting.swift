/// Words and numbers as the pages show them.
enum Formatting {
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// "Monday 12 October 2026".
    static func long(_ day: CalendarDay) -> String {
        "\(weekdayNames[day.weekday]) \(day.day) \(MonthName.month(day.month)) \(day.year)"
    }

    /// "12 Oct 2026".
    static func short(_ day: CalendarDay) -> String {
        "\(day.day) \(MonthName.short(day.month)) \(day.year)"
    }

    /// One decimal at most, with a point: 6, 6.5.
    static func decimal(_ value: Double) -> String { NumberText.compact(value) }

    /// "1 entry", "3 entries".
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(value) \(value == 1 ? singular : plural)"
    }

    /// The unit after a number: "day" or "days".
    static func unit(_ value: Int, _ singular: String, _ plural: String) -> String {
        value == 1 ? singular : plural
    }

    /// The mood colour step of the theme, 0 (low) to 5 (high).
    static func moodLevel(_ mood: Double) -> Int {
        min(5, max(0, Int((mood / 2).rounded(.down))))
    }
}
