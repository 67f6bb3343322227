/// The dates the printed workbook holds: `rebound build --from … --to …`, both ends included.
/// Only `print.html` is limited; the rest of the site always shows every entry.
public struct PrintRange: Sendable, Equatable {
    public var from: CalendarDay?
    public var to: CalendarDay?

    public init(from: CalendarDay? = nil, to: CalendarDay? = nil) {
        self.from = from
        self.to = to
    }

    /// Whether no limit was asked for.
    public var isEverything: Bool { from == nil && to == nil }

    /// Whether `day` falls inside the range, its first and last day included.
    public func contains(_ day: CalendarDay) -> Bool {
        if let from, day < from { return false }
        if let to, to < day { return false }
        return true
    }

    /// The range in words for the cover: "12 October – 3 November 2026", "from 12 October 2026",
    /// "up to 3 November 2026"; nil without a limit.
    public var words: String? {
        switch (from, to) {
        case let (from?, to?): return Self.words(from: from, to: to)
        case let (from?, nil): return "From \(Self.full(from)) on"
        case let (nil, to?): return "Up to \(Self.full(to))"
        case (nil, nil): return nil
        }
    }

    /// The range inside a sentence: "from 13 to 20 October 2026", "from 13 October 2026 on",
    /// "up to 20 October 2026", "on 12 October 2026"; nil without a limit.
    public var prose: String? {
        switch (from, to) {
        case let (from?, to?) where from == to: return "on \(Self.full(from))"
        case let (from?, to?):
            let start = from.year != to.year ? Self.full(from) : from.month != to.month ? "\(from.day) \(MonthName.month(from.month))" : "\(from.day)"
            return "from \(start) to \(Self.full(to))"
        case let (from?, nil): return "from \(Self.full(from)) on"
        case let (nil, to?): return "up to \(Self.full(to))"
        case (nil, nil): return nil
        }
    }

    /// "12 October 2026", "12 – 20 October 2026", "12 October – 3 November 2026",
    /// "28 December 2026 – 4 January 2027": each part said once, the year last.
    public static func words(from: CalendarDay, to: CalendarDay) -> String {
        if from == to { return full(from) }
        if from.year != to.year { return "\(full(from)) – \(full(to))" }
        if from.month != to.month { return "\(from.day) \(MonthName.month(from.month)) – \(full(to))" }
        return "\(from.day) – \(full(to))"
    }

    /// "12 October 2026".
    static func full(_ day: CalendarDay) -> String {
        "\(day.day) \(MonthName.month(day.month)) \(day.year)"
    }
}
