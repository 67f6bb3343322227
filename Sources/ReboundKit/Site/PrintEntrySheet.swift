/// One entry of the printed workbook: its story, then its parts laid out as a filled-in worksheet.
extension SiteRenderer {
    /// What `print.html` needs to know of an entry's body before its sheet is made: what is
    /// lifted out of it, where links into it lead, and which sheets and chapters it links to.
    /// The body itself is fitted in only for a sheet that is made (`html(of:)`).
    struct PrintedBody: Sendable {
        /// The sheet's id, which starts every id inside it.
        var sheetID: String
        /// The sections lifted out because the worksheet lists their items.
        var cut: PrintHTML.Cut
        /// Ids of the body's headings.
        var headingIDs: [String]
        /// A hash of where links into the sheet lead: the entry's slug, the sheet's id and the
        /// sections lifted out, made once with the body, the same in every run.
        var place = 0
        /// The links of the body that may lead to another sheet or a chapter (see
        /// `PrintTargets.resolve`), rebased to the root: what the sheet shows of the others.
        var targetLinks: [String] = []
        /// The hash of the body's bytes (`Manifest.hash`).
        var bodyHash: UInt64 = 0
        /// Where the entry page's lessons and next steps are on the sheet: their box, or, when
        /// the box lists none (each stays in the story), the heading of the first one's section;
        /// nil for an entry that has none.
        var lessonsPlace: String?
        var nextStepsPlace: String?

        /// The section key ("learned", "next") of each heading whose section was lifted out.
        var lifted: [String: String] { cut.removed }

        /// The body of `entry`, the one this was made from, without the sections lifted out, as
        /// bytes given to `use`.
        func withHTML<Result>(of entry: Entry, _ use: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            entry.body.withHTMLUTF8 { html in
                // Past the end only for a body gone from the cache's file, which makes the build start again.
                guard (cut.ranges.last?.upperBound ?? 0) <= html.count else { return use(html) }
                return cut.withKept(html, use)
            }
        }

        /// Whether a lesson or next step shows in the worksheet boxes (not in the body text).
        func isInWorksheet(_ note: Note) -> Bool {
            !headingIDs.contains(note.anchor) || lifted[note.anchor] != nil
        }

        /// What a later run keeps of it.
        var outline: EarlierPieces.Outline {
            EarlierPieces.Outline(ranges: cut.ranges, removed: cut.removed, place: place, targetLinks: targetLinks, body: bodyHash)
        }

        /// Where a place of the entry page (`Note.anchor`, a heading id, or a link's fragment
        /// naming one, or an id the page's layout gives) is in `print.html`.
        func fragment(for anchor: String) -> String {
            let id = PrintHTML.id(named: anchor)
            if let key = lifted[id] { return sheetID + "--" + (key == "next" ? "next-steps" : "lessons") }
            if let section = EntrySections.onTheSheet[id] {
                let place = section == "lessons" ? lessonsPlace : section == "next-steps" ? nextStepsPlace : section
                return place.map { $0.isEmpty ? sheetID : sheetID + "--" + $0 } ?? sheetID
            }
            return sheetID + "--" + anchor
        }

        /// Notes where `entry`'s lessons and next steps are on the sheet.
        mutating func placeNotes(of entry: Entry) {
            func place(_ notes: [Note], box: String) -> String? {
                guard let first = notes.first else { return nil }
                return notes.contains(where: isInWorksheet) ? box : first.anchor
            }
            lessonsPlace = place(entry.lessons, box: "lessons")
            nextStepsPlace = place(entry.nextSteps, box: "next-steps")
        }
    }

    /// What `print.html` needs of `entry`'s body, as `outline` keeps it, when it was made from
    /// the same bytes (their hash is the one the outline holds) and its ranges follow one another
    /// within them. The body is not read: one the cache left in its file stays there.
    func printBody(_ entry: Entry, outline: EarlierPieces.Outline) -> PrintedBody? {
        guard outline.body == entry.body.htmlHash else { return nil }
        var cursor = 0
        let count = entry.body.htmlCount
        for range in outline.ranges {
            guard range.lowerBound >= cursor, range.upperBound <= count else { return nil }
            cursor = range.upperBound
        }
        var body = PrintedBody(sheetID: Self.printID(entry), cut: PrintHTML.Cut(ranges: outline.ranges, removed: outline.removed),
                               headingIDs: entry.body.headings.map(\.id), place: outline.place, targetLinks: outline.targetLinks, bodyHash: outline.body)
        body.placeNotes(of: entry)
        return body
    }

    /// What `print.html` needs of `entry`'s body: its *What I learned* and *Moving forward*
    /// sections are lifted out when the worksheet already lists all they say.
    func printBody(_ entry: Entry, keys: [String: String]) -> PrintedBody {
        // Only sections that gave at least one item are lifted; an empty one keeps its heading.
        let collected = Set(entry.collectedHeadings)
        let (cut, links) = entry.body.withHTMLUTF8 { html in
            let cut = PrintHTML.liftedSections(html, headings: entry.body.headings, keys: keys, only: collected)
            return (cut, cut.withKept(html) { PrintHTML.attributeValues($0, names: ["href"]) })
        }
        var body = PrintedBody(sheetID: Self.printID(entry), cut: cut, headingIDs: entry.body.headings.map(\.id), bodyHash: entry.body.htmlHash)
        body.placeNotes(of: entry)
        var place = StableHasher()
        place.combine(utf8: entry.slug)
        place.combine(utf8: body.sheetID)
        for (heading, key) in body.lifted.sorted(by: { $0.key.precedesInBytes($1.key) }) {
            place.combine(utf8: heading)
            place.combine(utf8: key)
        }
        place.combine(utf8: body.lessonsPlace)
        place.combine(utf8: body.nextStepsPlace)
        body.place = place.finalize()
        body.targetLinks = links.map { PrintHTML.rebased($0, from: "entries/") }.filter { $0.hasPrefix("entries/") || $0.hasPrefix("pages/") }
        return body
    }

    /// The section key ("learned", "next") of each heading name the workbook sets, by `Markdown.sectionKey`.
    var printSectionKeys: [String: String] {
        Markdown.sectionKeys(workbook.config.markdownSections)
    }

    /// HTML rendered for a page in `folder` made to fit `print.html`: root-relative links,
    /// headings two levels down (under a part and a chapter or entry title), ids starting with
    /// `prefix`, links within the page led to where `place` says the page's places are, and
    /// links to pages that are in the document turned into links within it.
    func printHTML(_ html: UnsafeBufferPointer<UInt8>, from folder: String, prefix: String, place: (String) -> String, targets: PrintTargets) -> Markup {
        Markup(bytes: PrintHTML.rewritingAttributes(html, names: ["id", "href", "src"], shiftingHeadingsBy: 2) { name, value in
            switch name {
            case "id": return prefix + value
            case "src": return PrintHTML.rebased(value, from: folder)
            default:
                let rebased = PrintHTML.rebased(value, from: folder)
                return PrintHTML.linkWithinPage(rebased, place: place) ?? targets.resolve(rebased) ?? rebased
            }
        })
    }

    /// The entry sheets and chapters of `print.html`, so links between them stay inside the
    /// document.
    struct PrintTargets {
        /// Each printed entry's body, in the order of the sheets.
        var bodies: [PrintedBody] = []
        /// The position in `bodies` of each printed entry's, by the entry's slug.
        var positions: [String: Int] = [:]
        /// Each chapter's id, by the route of its page.
        var chapters: [String: String] = [:]

        /// `#id` in `print.html` for a root-relative link to a printed entry or chapter
        /// (`entries/x.html#what-happened`), or nil for a link that leads elsewhere.
        func resolve(_ link: String) -> String? {
            var route = link, fragment: String?
            if let hash = link.utf8.firstIndex(of: UInt8(ascii: "#")) {
                route = String(link[..<hash])
                let rest = link[link.utf8.index(after: hash)...]
                fragment = rest.isEmpty ? nil : String(rest)
            }
            if let body = entry(at: route) {
                return "#" + (fragment.map { body.fragment(for: $0) } ?? body.sheetID)
            }
            if let id = chapters[route] {
                return "#" + (fragment.map { SiteRenderer.chapterFragment(id, $0) } ?? id)
            }
            return nil
        }

        /// The body of the printed entry whose page is at `route`, as an `href` spells it.
        private func entry(at route: String) -> PrintedBody? {
            guard route.hasPrefix("entries/"), route.hasSuffix(".html") else { return nil }
            let spelled = String(route.dropFirst("entries/".count).dropLast(".html".count))
            // Foundation is asked only when there is something to decode.
            let slug = spelled.utf8.contains(UInt8(ascii: "%")) ? spelled.removingPercentEncoding ?? spelled : spelled
            guard let body = body(of: slug), Routes.entryHref(slug) == route else { return nil }
            return body
        }

        /// The body of the printed entry of `slug`.
        func body(of slug: String) -> PrintedBody? {
            positions[slug].map { bodies[$0] }
        }

        /// The `place` of the body of the printed entry of `slug`, 0 for an entry not printed;
        /// read where it is, without copying the body.
        func place(of slug: String) -> Int {
            positions[slug].map { bodies[$0].place } ?? 0
        }
    }

    /// The sheet of `entry`, its body (`html`) fitted into the document already.
    func printEntrySheet(_ entry: Entry, body: PrintedBody, html: Markup, number: Int) -> Context {
        let id = body.sheetID
        var sheet = card(entry)
        sheet["id"] = id
        sheet["number"] = number
        sheet["dateLong"] = Formatting.long(entry.date)
        sheet["scale"] = Self.scale(marking: entry.mood)
        sheet["tags"] = entry.tags.isEmpty ? nil : entry.tags.map(\.name).joined(separator: ", ")
        sheet["body"] = html
        sheet["hasBody"] = html.bytes.contains { !Whitespace.Kind.spacesAndNewlines.contains($0) }

        sheet.merge(partsContext(entry)) { _, part in part }
        sheet["hasCare"] = !entry.selfCare.isEmpty || !entry.support.isEmpty || !(entry.habits?.isEmpty ?? true)

        let lessons = entry.lessons.filter(body.isInWorksheet)
        sheet["lessons"] = lessons.map { noteContext($0, body: body) }
        sheet["hasLessons"] = !lessons.isEmpty
        let steps = entry.nextSteps.filter(body.isInWorksheet)
        sheet["nextSteps"] = steps.map { noteContext($0, body: body) }
        sheet["hasNextSteps"] = !steps.isEmpty
        return sheet
    }

    /// A front-matter note keeps its entry-page id (prefixed); notes lifted from the body share a heading's.
    private func noteContext(_ note: Note, body: PrintedBody) -> Context {
        var item: Context = ["text": note.text]
        if body.lifted[note.anchor] == nil { item["noteID"] = body.fragment(for: note.anchor) }
        return item
    }

    /// The 0–10 scale a mood is circled on; nothing is marked for a blank sheet.
    static func scale(marking value: Int? = nil) -> [Context] {
        value.flatMap { scales.indices.contains($0) ? scales[$0] : nil } ?? scales[11]
    }

    /// The scale with each mark, then with none: made once, as every printed sheet has one.
    nonisolated(unsafe) private static let scales = (0...11).map { marked in
        (0...10).map { (number: Int) -> Context in ["value": number, "marked": number == marked] }
    }
}
