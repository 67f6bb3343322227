import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ReboundKit
import ReboundTestSupport

private func day(_ text: String) -> CalendarDay { CalendarDay(prefixOf: text)! }

private func series(_ moods: [(String, Int)], title: String? = nil) -> MoodSeries {
    MoodSeries(entries: moods.map { date, mood in
        var entry = Entry(path: "\(date).md", slug: date, title: title ?? "Day \(date)", date: day(date), body: Markdown.render(""))
        entry.mood = mood
        return entry
    })
}

/// Parses `svg` as XML, collecting element names, `id`s and `class`es; nil when it is not well-formed.
private final class SVGReader: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var ids: [String] = []
    var classes: [String] = []

    static func read(_ svg: String) -> SVGReader? {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(name)
        if let id = attributes["id"] { ids.append(id) }
        if let className = attributes["class"] { classes.append(className) }
    }
}

private func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite struct ChartsTests {
    @Test func anEntrysChartSaysHowItsMoodComparesWithTheMoodBefore() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-a.md": "---\nmood: 5\n---\nA.\n",
            "content/entries/2026-10-02-b.md": "---\nmood: 5\n---\nB.\n",
            "content/entries/2026-10-03-c.md": "No mood.\n",
            "content/entries/2026-10-04-d.md": "---\nmood: 7\n---\nD.\n",
            "content/entries/2026-10-05-e.md": "---\nmood: 3\n---\nE.\n",
        ])
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        func page(_ slug: String) throws -> String { try String(contentsOf: site.appending(path: "entries/\(slug).html"), encoding: .utf8) }
        #expect(try page("2026-10-01-a").contains("Mood 5: the first mood in your workbook."))
        #expect(try page("2026-10-02-b").contains("Mood 5, the same as 5 on 1 Oct 2026, the entry before."))
        #expect(try !page("2026-10-03-c").contains("Mood "), "no mood, no chart")
        #expect(try page("2026-10-04-d").contains("Mood 7, up from 5 on 2 Oct 2026, the entry before."))
        #expect(try page("2026-10-05-e").contains("Mood 3, down from 7 on 4 Oct 2026, the entry before."))
    }

    @Test func escapesTheFiveXMLCharacters() {
        #expect(Charts.escape("<script>&\"'") == "&lt;script&gt;&amp;&quot;&#39;")
    }

    @Test(arguments: [0, 7, -7, 10, 1234567, -98765, Int.max, Int.min])
    func numbersAreWrittenAsStringWouldWriteThem(_ value: Int) {
        var markup = Markup()
        markup.integer(value)
        #expect(markup.text == String(value))
    }

    @Test(arguments: ["2026-10-01-a-walk", "café & tea", "a\"b<c", "../up", ""])
    func entryLinksAreTheEntrysHrefEscaped(_ slug: String) {
        var markup = Markup()
        markup.entryLink(slug, linkPrefix: "../")
        #expect(markup.text == Charts.escape("../" + Routes.href(Routes.entry(slug))))
    }

    @Test(arguments: [(1, 1, 1), (987, 3, 9), (2026, 11, 28), (9999, 12, 31), (12, 10, 10)])
    func daysAreWrittenAsTheirDescription(_ year: Int, _ month: Int, _ day: Int) throws {
        let date = try #require(CalendarDay(year: year, month: month, day: day))
        var markup = Markup()
        markup.day(date)
        #expect(markup.text == date.description)
    }

    @Test func moodChartIsWellFormedAndEscapesTitles() throws {
        let svg = Charts.moodChart(series([("2026-10-01", 3), ("2026-10-03", 5), ("2026-11-02", 7)], title: "<script>&\""),
                                   idPrefix: "mood", linkPrefix: "../")
        let reader = try #require(SVGReader.read(svg))
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;&amp;&quot;"))
        #expect(reader.elements.first == "svg")
        #expect(reader.ids == ["mood-title", "mood-desc"])
        // The dots are links, and an image may not hold links: the chart is a named group.
        #expect(svg.contains("role=\"group\"") && svg.contains("aria-labelledby=\"mood-title mood-desc\""))
        #expect(svg.contains("viewBox=\"0 0 640 260\""))
        #expect(svg.contains("<desc id=\"mood-desc\">Your mood rose from 4.0 in October to 7.0 in November.</desc>"))
        #expect(svg.contains(">Mood (0–10)</text>"))
        #expect(svg.contains("href=\"../entries/2026-10-03.html\""))
        #expect(svg.contains("<title>2026-10-03 — &lt;script&gt;&amp;&quot;: mood 5</title>"))
        #expect(reader.classes.filter { $0 == "grid" }.count == 4) // the group and three lines
        #expect(occurrences(of: "class=\"mood-dot\"", in: svg) == 3)
        #expect(occurrences(of: "class=\"mood-avg\"", in: svg) == 1)
        #expect(!svg.contains("fill=\"#") && !svg.contains("<script"))
    }

    @Test func moodLineBreaksAcrossGapsOfMoreThanAWeek() {
        let svg = Charts.moodChart(series([("2026-10-01", 3), ("2026-10-08", 5), ("2026-10-16", 6), ("2026-10-20", 4), ("2026-11-30", 2)]),
                                   idPrefix: "m", linkPrefix: "")
        // 10-01 → 10-08 is a week (joined); 10-08 → 10-16 is eight days (broken); 11-30 stands alone.
        #expect(occurrences(of: "class=\"mood-line\"", in: svg) == 2)
        #expect(svg.contains("points=\"56,156 122.3,116\""))
        #expect(SVGReader.read(svg) != nil)
    }

    @Test func moodChartPlacesPointsOnRealCalendarTime() {
        let svg = Charts.moodChart(series([("2026-10-01", 0), ("2026-10-02", 10), ("2026-10-11", 5)]), idPrefix: "m", linkPrefix: "")
        // x runs 56…624 over ten days; y runs 216 (mood 0) … 16 (mood 10).
        #expect(svg.contains("cx=\"56\" cy=\"216\""))
        #expect(svg.contains("cx=\"112.8\" cy=\"16\""))
        #expect(svg.contains("cx=\"624\" cy=\"116\""))
        #expect(svg.contains(">Oct 2026</text>"))
    }

    @Test func emptyMoodSeriesDrawsNothing() {
        #expect(Charts.moodChart(series([]), idPrefix: "m", linkPrefix: "") == "")
    }

    @Test func highlightMarksThisEntryAndThePreviousOne() {
        let svg = Charts.moodChart(series([("2026-10-01", 3), ("2026-10-02", 5), ("2026-10-03", 7)]),
                                   idPrefix: "entry-mood", linkPrefix: "../", highlight: "2026-10-03")
        #expect(occurrences(of: "class=\"mood-dot current\"", in: svg) == 1)
        #expect(occurrences(of: "class=\"mood-dot previous\"", in: svg) == 1)
        #expect(svg.range(of: "mood-dot previous")!.lowerBound < svg.range(of: "mood-dot current")!.lowerBound)
        #expect(SVGReader.read(svg) != nil)
    }

    @Test func dotsLeadWhereTheLinkSaysAndElseToTheirEntry() {
        let svg = Charts.moodChart(series([("2026-10-01", 3), ("2026-10-02", 5)]), idPrefix: "m", linkPrefix: "../") { point in
            point.slug == "2026-10-02" ? "#sheet-\"2\"" : nil
        }
        #expect(svg.contains("<a href=\"../entries/2026-10-01.html\">"))
        #expect(svg.contains("<a href=\"#sheet-&quot;2&quot;\">"))
        #expect(SVGReader.read(svg) != nil)
    }

    /// Labels made once and shared by the pages drawn one after another give each page the
    /// chart it draws alone, whichever windows ask first; slugs and titles that need escaping,
    /// or a link of their own, included.
    @Test func chartsSharingTheirDotsLabelsDrawWhatEachDrawsAlone() {
        let entries = (0..<60).map { index -> Entry in
            let date = CalendarDay(prefixOf: "2026-09-01")!.adding(days: index * 2)
            let slug = index % 7 == 3 ? "caf\u{E9} & \"tea\" \(index)" : "\(date)-day"
            var entry = Entry(path: "\(slug).md", slug: slug, title: index % 5 == 0 ? "<b>\(index)</b> & 'more'" : "Day \(index)",
                              date: date, body: Markdown.render(""))
            entry.mood = index % 11
            return entry
        }
        let whole = MoodSeries(entries: entries)
        let labels = MoodDotLabels(whole, linkPrefix: "../")
        for centre in [30, 0, 59, 31, 12, 45, 30, 1] {
            let window = whole.points(around: centre)!
            let highlight = whole.points[centre].slug
            let alone = Charts.moodChartMarkup(MoodSeries.window(window), idPrefix: "entry-mood", linkPrefix: "../", highlight: highlight)
            let shared = Charts.moodChartMarkup(MoodSeries.window(window), idPrefix: "entry-mood", linkPrefix: "../", highlight: highlight,
                                                labels: labels.window(window))
            #expect(shared.bytes == alone.bytes, "window around point \(centre)")
        }
        #expect(Charts.moodChartMarkup(whole, idPrefix: "m", linkPrefix: "../", labels: labels.window(whole.points[...])).text.contains("caf%C3%A9"))
    }

    @Test func monthTicksThinOutOverLongRanges() {
        #expect(Charts.monthTicks(from: day("2026-10-05"), to: day("2026-10-20")).map(\.label) == ["Oct 2026"])
        #expect(Charts.monthTicks(from: day("2026-10-05"), to: day("2027-01-20")).map(\.label) == ["Nov 2026", "Dec", "Jan 2027"])
        let long = Charts.monthTicks(from: day("2024-01-01"), to: day("2026-12-31"))
        #expect(long.count <= 8)
        #expect(long.first?.label == "Jan 2024")
    }

    @Test func heatmapMarksEmptyDaysAndTitlesEveryCell() throws {
        var entry = Entry(path: "a.md", slug: "a", title: "<script>&\"", date: day("2026-10-12"), body: Markdown.render(""))
        entry.mood = 3
        let calendar = YearCalendar(entries: [entry], today: day("2026-10-14"))
        let svg = Charts.heatmap(calendar, idPrefix: "year")
        let reader = try #require(SVGReader.read(svg))
        #expect(reader.ids == ["year-title", "year-desc"])
        #expect(reader.elements.filter { $0 == "rect" }.count == 52 * 7 + 3) // today is a Wednesday
        #expect(svg.contains("class=\"heat-3\""))
        #expect(svg.contains("<title>2026-10-12: mood 3</title>"))
        #expect(svg.contains("<title>2026-10-13: no entry</title>"))
        #expect(occurrences(of: "class=\"heat-0 empty\"", in: svg) == 52 * 7 + 2)
        #expect(svg.contains(">Mon</text>") && svg.contains(">Wed</text>") && svg.contains(">Fri</text>"))
        #expect(calendar.svg == Charts.heatmap(calendar, idPrefix: "heatmap"))
    }

    @Test func sparklineDrawsIntensityOverTime() throws {
        let ref = EntryRef(slug: "a", title: "A", date: day("2026-10-01"))
        let points = [
            EmotionPoint(date: day("2026-10-01"), intensity: 10, after: 5, ref: ref),
            EmotionPoint(date: day("2026-10-03"), intensity: nil, after: 4, ref: ref),
            EmotionPoint(date: day("2026-10-05"), intensity: 0, after: nil, ref: ref),
        ]
        let svg = Charts.sparkline(points: points, idPrefix: "spark-hurt", label: "hurt <&>")
        let reader = try #require(SVGReader.read(svg))
        #expect(svg.contains("viewBox=\"0 0 120 32\""))
        #expect(svg.contains("<title id=\"spark-hurt-title\">hurt &lt;&amp;&gt;</title>"))
        #expect(svg.contains("points=\"3,3 117,29\""))
        #expect(reader.classes.filter { $0 == "spark-dot" }.count == 2)
        #expect(reader.classes.filter { $0 == "spark-after" }.count == 1)

        let single = Charts.sparkline(points: [points[0]], idPrefix: "s", label: "one")
        #expect(!single.contains("<polyline"))
        #expect(occurrences(of: "class=\"spark-dot\"", in: single) == 1)
        #expect(Charts.sparkline(points: [points[1]], idPrefix: "s", label: "none") == "")
        #expect(Charts.sparkline(points: [], idPrefix: "s", label: "none") == "")
    }
}
