extension Charts {
    /// Raw mood points further apart than this many days are not joined by the line.
    static let moodGapDays = 7

    private enum MoodLayout {
        static let width = 640.0, height = 260.0
        static let left = 56.0, right = 16.0, top = 16.0, bottom = 44.0
        static var plotWidth: Double { width - left - right }
        static var plotHeight: Double { height - top - bottom }
        static var baseline: Double { top + plotHeight }

        static func y(_ mood: Double) -> Double { top + plotHeight * (1 - mood / 10) }
    }

    /// The mood line chart: real calendar time across, mood 0–10 up, a dot per entry linking
    /// to its page, the raw line broken across gaps of more than a week, and the 7-entry
    /// moving average. `linkPrefix` leads from the page to the site root (such as `""` or
    /// `"../"`). With `highlight`, that entry's dot gets class `mood-dot current` and the dot
    /// of the entry before it `mood-dot previous`. Given `link`, a dot for which it returns a
    /// link leads there instead of to its entry's page. Empty for a series without points.
    public static func moodChart(_ series: MoodSeries, idPrefix: String, linkPrefix: String, highlight: String? = nil,
                                 link: ((MoodPoint) -> String?)? = nil) -> String {
        moodChartMarkup(series, idPrefix: idPrefix, linkPrefix: linkPrefix, highlight: highlight, link: link).text
    }

    /// The same chart as bytes, which a template writes as they are: an entry page's chart is
    /// never made a `String`.
    ///
    /// Given `labels`, made for the series the points were taken from (see `MoodDotLabels`), a
    /// dot's link and title are copied from there instead of written again.
    static func moodChartMarkup(_ series: MoodSeries, idPrefix: String, linkPrefix: String, highlight: String? = nil,
                                link: ((MoodPoint) -> String?)? = nil, labels: MoodDotLabels.Window? = nil) -> Markup {
        let points = series.points
        guard let first = points.first, let last = points.last else { return Markup() }
        typealias L = MoodLayout
        let span = Double(last.date.ordinal - first.date.ordinal)
        func x(_ day: CalendarDay) -> Double {
            span == 0 ? L.left + L.plotWidth / 2 : L.left + L.plotWidth * Double(day.ordinal - first.date.ordinal) / span
        }

        var markup = Markup(capacity: 2048 + points.count * 220)
        markup.open(idPrefix: idPrefix, className: "mood-chart", width: L.width, height: L.height,
                    title: "Mood over time, with a 7-entry average", desc: series.summary, role: "group")

        markup.raw("<g class=\"grid\">")
        for mood in [0.0, 5, 10] {
            markup.line(L.left, L.y(mood), L.left + L.plotWidth, L.y(mood), className: "grid")
        }
        markup.raw("</g><g class=\"axis\">")
        for mood in [0.0, 5, 10] {
            markup.text(number(mood), x: L.left - 8, y: L.y(mood) + 4, anchor: "end")
        }
        let middle = L.top + L.plotHeight / 2
        markup.text("Mood (0–10)", x: -middle, y: 16, anchor: "middle", className: "axis axis-label", extra: " transform=\"rotate(-90)\"")
        markup.line(L.left, L.baseline, L.left + L.plotWidth, L.baseline, className: "axis")
        let ticks = monthTicks(from: first.date, to: last.date)
        if let firstTick = ticks.first, x(firstTick.day) - L.left > 90 {
            // The first month starts well inside the chart: name the first day at the left edge too.
            markup.text("\(first.date.day) \(MonthName.short(first.date.month))", x: L.left, y: L.baseline + 20, anchor: "start")
        }
        for tick in ticks {
            let tickX = x(tick.day)
            markup.line(tickX, L.baseline, tickX, L.baseline + 5, className: "axis tick")
            markup.text(tick.label, x: tickX, y: L.baseline + 20, anchor: tickX + 30 > L.width ? "end" : tick.anchor)
        }
        markup.raw("</g>")

        // The points are read where the series holds them, by index: a copy of one would
        // count references to its texts.
        var segment: [(x: Double, y: Double)] = []
        segment.reserveCapacity(points.count)
        for index in points.indices {
            if index > 0, points[index].date.ordinal - points[index - 1].date.ordinal > moodGapDays {
                markup.polyline(segment, className: "mood-line")
                segment.removeAll(keepingCapacity: true)
            }
            segment.append((x(points[index].date), L.y(Double(points[index].mood))))
        }
        markup.polyline(segment, className: "mood-line")
        markup.polyline(points.map { (x($0.date), L.y($0.average)) }, className: "mood-avg")

        let current = highlight.flatMap { slug in points.firstIndex { $0.slug == slug } }
        markup.raw("<g class=\"mood-dots\">")
        for index in points.indices {
            let label = labels?[index]
            markup.raw("<a href=\"")
            if let label {
                markup.raw(label.href)
            } else if let href = link?(points[index]) {
                markup.escaped(href)
            } else {
                markup.entryLink(points[index].slug, linkPrefix: linkPrefix)
            }
            markup.raw(index == current ? "\" aria-current=\"page\"><title>" as StaticString : "\"><title>")
            if let label {
                markup.raw(label.title)
            } else {
                MoodDotLabels.title(of: points[index], into: &markup)
            }
            markup.raw(index == current ? "</title><circle class=\"mood-dot current\" cx=\"" as StaticString
                : current.map { index == $0 - 1 } == true ? "</title><circle class=\"mood-dot previous\" cx=\""
                : "</title><circle class=\"mood-dot\" cx=\"")
            markup.number(x(points[index].date))
            markup.raw("\" cy=\"")
            markup.number(L.y(Double(points[index].mood)))
            markup.raw(index == current ? "\" r=\"6\"/></a>" as StaticString : "\" r=\"4\"/></a>")
        }
        markup.raw("</g></svg>")
        return markup
    }

    /// A labelled tick on the time axis.
    struct MonthTick: Equatable {
        var day: CalendarDay
        var label: String
        var anchor: String
    }

    /// Ticks on the first of each month between `start` and `end`, thinned to at most eight
    /// (every 2, 3, 4, 6 or 12 months, aligned to January); a range inside one month gets its
    /// name at the start. January and the first tick carry the year.
    static func monthTicks(from start: CalendarDay, to end: CalendarDay) -> [MonthTick] {
        var firsts: [CalendarDay] = []
        var day = start.day == 1 ? start : MonthName.firstOfNextMonth(after: start)
        while day <= end {
            firsts.append(day)
            day = MonthName.firstOfNextMonth(after: day)
        }
        guard !firsts.isEmpty else {
            return [MonthTick(day: start, label: "\(MonthName.short(start.month)) \(start.year)", anchor: "start")]
        }
        let step = [1, 2, 3, 4, 6, 12].first { (firsts.count + $0 - 1) / $0 <= 8 } ?? 12 * ((firsts.count + 95) / 96)
        let kept = firsts.filter { ($0.month - 1) % min(step, 12) == 0 && (step <= 12 || $0.year % (step / 12) == 0) }
        let ticks = kept.isEmpty ? [firsts[0]] : kept
        return ticks.enumerated().map { index, day in
            let withYear = index == 0 || day.month == 1
            let label = withYear ? "\(MonthName.short(day.month)) \(day.year)" : MonthName.short(day.month)
            return MonthTick(day: day, label: label, anchor: "middle")
        }
    }
}

/// The link and the title of each dot of the entry pages' mood charts, which every chart that
/// draws the dot writes the same: each page shows some thirty points around its entry, so the
/// pages a task renders one after another share most of theirs. Made as they are first asked
/// for, by one task.
final class MoodDotLabels {
    private let points: [MoodPoint]
    private let linkPrefix: String
    /// The bytes of every label made so far, one after another.
    private var bytes: [UInt8] = []
    /// Where the link of each point made so far starts in `bytes`, where it ends and the title
    /// starts, and where the title ends, by the point's index.
    private var made: [Int: (start: Int, middle: Int, end: Int)] = [:]

    init(_ series: MoodSeries, linkPrefix: String) {
        self.points = series.points
        self.linkPrefix = linkPrefix
    }

    /// The labels of the points of `window`, a part of the series, by their place in it.
    func window(_ window: ArraySlice<MoodPoint>) -> Window {
        Window(labels: self, start: window.startIndex)
    }

    struct Window {
        fileprivate let labels: MoodDotLabels
        fileprivate let start: Int

        subscript(index: Int) -> (href: ArraySlice<UInt8>, title: ArraySlice<UInt8>) {
            labels.label(start + index)
        }
    }

    private func label(_ index: Int) -> (href: ArraySlice<UInt8>, title: ArraySlice<UInt8>) {
        let place = made[index] ?? make(index)
        return (bytes[place.start..<place.middle], bytes[place.middle..<place.end])
    }

    private func make(_ index: Int) -> (start: Int, middle: Int, end: Int) {
        let start = bytes.count
        var markup = Markup()
        markup.entryLink(points[index].slug, linkPrefix: linkPrefix)
        let middle = start + markup.bytes.count
        MoodDotLabels.title(of: points[index], into: &markup)
        bytes += markup.bytes
        let place = (start, middle, bytes.count)
        made[index] = place
        return place
    }

    /// A dot's title: the day, the entry's title and its mood.
    static func title(of point: MoodPoint, into markup: inout Markup) {
        markup.day(point.date)
        markup.raw(" — ")
        markup.escaped(point.title)
        markup.raw(": mood ")
        markup.integer(point.mood)
    }
}
