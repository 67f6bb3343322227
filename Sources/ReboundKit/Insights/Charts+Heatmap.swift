extension Charts {
    private enum HeatLayout {
        static let cell = 11.0, pitch = 13.0
        static let left = 32.0, top = 20.0
        /// Room for a month name over the last column.
        static let right = 16.0
    }

    /// A GitHub-style year grid: a column per week, rows Monday to Sunday (labelled Mon, Wed,
    /// Fri), month names on top, and a square per day with class `heat-0`…`heat-6` (see
    /// `CalendarCell.level`; days without an entry are `heat-0 empty`) and a `<title>` such as
    /// "2026-10-12: mood 3" or "2026-10-12: no entry".
    public static func heatmap(_ calendar: YearCalendar, idPrefix: String) -> String {
        typealias L = HeatLayout
        let width = L.left + Double(calendar.weeks.count) * L.pitch + L.right
        let height = L.top + 7 * L.pitch
        let entryDays = calendar.activeDays == 1 ? "1 day has an entry" : "\(calendar.activeDays) days have entries"
        let desc = "Each square is one day from \(calendar.start) to \(calendar.end); \(entryDays). "
            + "Shaded squares show the day's mood from 0 to 10; outlined squares are days without an entry."
        var svg = open(idPrefix: idPrefix, className: "heatmap", width: width, height: height,
                       title: "Entries and moods over the last 12 months", desc: desc)

        svg += "<g class=\"axis\">"
        for label in calendar.months {
            svg += text(label.name, x: L.left + Double(label.week) * L.pitch, y: L.top - 8)
        }
        for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
            svg += text(name, x: L.left - 6, y: L.top + Double(row) * L.pitch + 9, anchor: "end")
        }
        svg += "</g><g class=\"heat-cells\">"
        for (week, column) in calendar.weeks.enumerated() {
            for (weekday, cell) in column.enumerated() {
                guard let cell else { continue }
                let className = cell.level == 0 ? "heat-0 empty" : "heat-\(cell.level)"
                svg += "<rect class=\"\(className)\" x=\"\(number(L.left + Double(week) * L.pitch))\" "
                    + "y=\"\(number(L.top + Double(weekday) * L.pitch))\" width=\"\(number(L.cell))\" "
                    + "height=\"\(number(L.cell))\" rx=\"2\"><title>\(escape(cellTitle(cell)))</title></rect>"
            }
        }
        svg += "</g></svg>"
        return svg
    }

    /// "2026-10-12: mood 3", "2026-10-12: mood 4.5 (2 entries)", "2026-10-12: entry, no mood"
    /// or "2026-10-12: no entry".
    static func cellTitle(_ cell: CalendarCell) -> String {
        let several = cell.count > 1 ? " (\(cell.count) entries)" : ""
        if let mood = cell.mood { return "\(cell.date): mood \(number(mood))\(several)" }
        if cell.hasEntry { return "\(cell.date): entry, no mood\(several)" }
        return "\(cell.date): no entry"
    }
}
