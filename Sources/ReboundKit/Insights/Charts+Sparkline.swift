extension Charts {
    private enum SparkLayout {
        static let width = 120.0, height = 32.0, pad = 3.0

        static func y(_ value: Int) -> Double { height - pad - (height - 2 * pad) * Double(value) / 10 }
    }

    /// A small 120×32 line of an emotion's intensity (0–10) over calendar time, with a dot per
    /// rating (class `spark-dot`) and a smaller mark where it was re-rated after writing
    /// (`spark-after`). Ratings without an intensity are left out; a single rating is one dot;
    /// none gives "". `label` names the chart, such as "hurt: intensity over time".
    public static func sparkline(points: [EmotionPoint], idPrefix: String, label: String) -> String {
        let rated = points.filter { $0.intensity != nil }
        guard let first = rated.first, let last = rated.last else { return "" }
        typealias L = SparkLayout
        let span = Double(last.date.ordinal - first.date.ordinal)
        let inner = L.width - 2 * L.pad
        func x(_ index: Int, _ day: CalendarDay) -> Double {
            if rated.count == 1 { return L.width / 2 }
            // Ratings all on one day spread evenly instead of piling up.
            if span == 0 { return L.pad + inner * Double(index) / Double(rated.count - 1) }
            return L.pad + inner * Double(day.ordinal - first.date.ordinal) / span
        }

        let desc = rated.count == 1
            ? "One rating: \(first.intensity!) on \(first.date)."
            : "\(rated.count) ratings, from \(first.intensity!) on \(first.date) to \(last.intensity!) on \(last.date)."
        var svg = open(idPrefix: idPrefix, className: "sparkline", width: L.width, height: L.height, title: label, desc: desc)
        let coordinates = rated.enumerated().map { (x: x($0.offset, $0.element.date), y: L.y($0.element.intensity!)) }
        svg += polyline(coordinates, className: "spark")
        for (index, point) in rated.enumerated() {
            let cx = number(x(index, point.date))
            svg += "<circle class=\"spark-dot\" cx=\"\(cx)\" cy=\"\(number(L.y(point.intensity!)))\" r=\"2\"/>"
            if let after = point.after {
                svg += "<circle class=\"spark-after\" cx=\"\(cx)\" cy=\"\(number(L.y(after)))\" r=\"1.5\"/>"
            }
        }
        svg += "</svg>"
        return svg
    }
}
