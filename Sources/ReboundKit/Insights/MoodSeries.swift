/// One entry's overall mood on the mood chart.
public struct MoodPoint: Sendable, Equatable {
    /// The entry's date.
    public var date: CalendarDay
    /// The entry's mood, 0–10.
    public var mood: Int
    /// The entry's slug, for linking its dot to its page.
    public var slug: String
    /// The entry's title, for the dot's tooltip.
    public var title: String
    /// The mean of this mood and up to six moods before it: the 7-entry moving average.
    public var average: Double

    /// A point from its parts.
    public init(date: CalendarDay, mood: Int, slug: String, title: String, average: Double) {
        self.date = date
        self.mood = mood
        self.slug = slug
        self.title = title
        self.average = average
    }

    /// Everything the point holds, into a digest that is the same in every run.
    func add(to hasher: inout StableHasher) {
        hasher.combine(date)
        hasher.combine(mood)
        hasher.combine(utf8: slug)
        hasher.combine(utf8: title)
        hasher.combine(average)
    }

    /// What `add(to:)` adds, alone: a page drawing many points around each of many entries adds
    /// these, worked out once per point.
    var digest: Int {
        var hasher = StableHasher()
        add(to: &hasher)
        return hasher.finalize()
    }
}

/// Every recorded mood over time, with a moving average and a sentence saying where it went.
public struct MoodSeries: Sendable, Equatable {
    /// How many entries the moving average spans.
    public static let window = 7

    /// Entries that have a mood, oldest first.
    public var points: [MoodPoint]
    /// One plain sentence describing the trend, also used as the chart's description.
    public var summary: String

    /// A series from already computed points and sentence.
    public init(points: [MoodPoint], summary: String) {
        self.points = points
        self.summary = summary
    }

    /// Everything a mood chart is drawn from, the sentence and every point, into a digest that
    /// is the same in every run.
    func add(to hasher: inout StableHasher) {
        hasher.combine(utf8: summary)
        hasher.combine(points.count)
        for point in points { point.add(to: &hasher) }
    }

    /// The series of `entries`, which are sorted oldest first; entries without a mood are left out.
    public init(entries: [Entry]) {
        var points: [MoodPoint] = []
        var recent: [Int] = []
        for entry in entries {
            guard let mood = entry.mood else { continue }
            recent.append(mood)
            if recent.count > Self.window { recent.removeFirst() }
            let average = Double(recent.reduce(0, +)) / Double(recent.count)
            points.append(MoodPoint(date: entry.date, mood: mood, slug: entry.slug, title: entry.title, average: average))
        }
        self.init(points: points, summary: Self.summary(of: points))
    }

    /// Whether no entry has a mood yet.
    public var isEmpty: Bool { points.isEmpty }

    /// The stretch of the series around the point at `index`: up to `before` earlier points and
    /// `after` later ones, so an entry's page draws its neighbourhood, not a decade of dots. The
    /// points share the series' storage; nil for an index outside it.
    public func points(around index: Int, before: Int = 20, after: Int = 10) -> ArraySlice<MoodPoint>? {
        guard points.indices.contains(index) else { return nil }
        return points[max(0, index - before)...min(points.count - 1, index + after)]
    }

    /// The series an entry's page draws from `points(around:)`.
    public static func window(_ points: ArraySlice<MoodPoint>) -> MoodSeries {
        MoodSeries(points: Array(points), summary: "Your mood in the entries around this one, with the 7-entry average.")
    }

    /// Compares the mean mood of the first and the last month that have moods.
    static func summary(of points: [MoodPoint]) -> String {
        guard let first = points.first, let last = points.last else {
            return "No moods recorded yet: give an entry a mood from 0 to 10 (mood: 5) to start this chart."
        }
        if points.count == 1 {
            return "One mood so far: \(first.mood) on \(first.date)."
        }
        let firstMonth = points.prefix { $0.date.monthKey == first.date.monthKey }.map { Double($0.mood) }
        let lastMonth = points.reversed().prefix { $0.date.monthKey == last.date.monthKey }.map { Double($0.mood) }
        let before = NumberText.oneDecimal(NumberText.mean(firstMonth) ?? 0)
        let after = NumberText.oneDecimal(NumberText.mean(lastMonth) ?? 0)

        if first.date.monthKey == last.date.monthKey {
            return "Your mood averaged \(before) across \(points.count) entries in \(MonthName.full(first.date))."
        }
        let sameYear = first.date.year == last.date.year
        let from = sameYear ? MonthName.month(first.date.month) : MonthName.full(first.date)
        let to = sameYear ? MonthName.month(last.date.month) : MonthName.full(last.date)
        // Compare the printed values, so the words never contradict the numbers beside them.
        let beforeValue = Double(before) ?? 0, afterValue = Double(after) ?? 0
        if afterValue > beforeValue {
            return "Your mood rose from \(before) in \(from) to \(after) in \(to)."
        } else if afterValue < beforeValue {
            return "Your mood fell from \(before) in \(from) to \(after) in \(to)."
        }
        return "Your mood held steady at \(before) from \(from) to \(to)."
    }
}
