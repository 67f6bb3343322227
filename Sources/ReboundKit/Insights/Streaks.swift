/// Runs of consecutive calendar days with at least one entry.
public struct Streaks: Sendable, Equatable {
    /// Days in the run that ends today, or yesterday when nothing is written yet today; 0 otherwise.
    public var current: Int
    /// The longest run ever.
    public var longest: Int
    /// First day of the longest run (the most recent one when several tie); nil without entries.
    public var longestStart: CalendarDay?
    /// Last day of the longest run; nil without entries.
    public var longestEnd: CalendarDay?
    /// Distinct days with at least one entry.
    public var activeDays: Int

    /// Streaks from their parts.
    public init(current: Int, longest: Int, longestStart: CalendarDay?, longestEnd: CalendarDay?, activeDays: Int) {
        self.current = current
        self.longest = longest
        self.longestStart = longestStart
        self.longestEnd = longestEnd
        self.activeDays = activeDays
    }

    /// The streaks of the days in `days` (repeats count once) as seen on `today`.
    /// Days after `today` count toward the longest run but never toward the current one.
    public static func compute(days: [CalendarDay], today: CalendarDay) -> Streaks {
        let ordinals = Set(days.map(\.ordinal))
        let sorted = ordinals.sorted()

        var longest = 0
        var longestRange: (start: Int, end: Int)?
        var runStart = 0
        for (index, ordinal) in sorted.enumerated() {
            if index == 0 || sorted[index - 1] != ordinal - 1 { runStart = ordinal }
            let length = ordinal - runStart + 1
            if length >= longest {
                longest = length
                longestRange = (runStart, ordinal)
            }
        }

        var current = 0
        var cursor = today.ordinal
        if !ordinals.contains(cursor) { cursor -= 1 }
        while ordinals.contains(cursor) {
            current += 1
            cursor -= 1
        }

        return Streaks(
            current: current,
            longest: longest,
            longestStart: longestRange.map { CalendarDay(ordinal: $0.start) },
            longestEnd: longestRange.map { CalendarDay(ordinal: $0.end) },
            activeDays: ordinals.count
        )
    }
}
