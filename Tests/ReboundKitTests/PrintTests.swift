import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// The printable workbook, `print.html`, built from `Fixtures/print-workbook`: four entries
/// across the September–October boundary, two chapters (both with a "Try this" heading),
/// ten affirmations (so the cards spill onto a second sheet).
@Suite struct PrintTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/print-workbook")
    static let today = day("2026-11-28")

    // MARK: Structure

    @Test func partsComeInBookOrder() async throws {
        let html = try await Self.printPage()
        let order = ["cover", "contents", "guide", "entries", "progress", "learned", "cards", "worksheets"]
        let positions = try order.map { id in try #require(Self.position(of: "id=\"\(id)\"", in: html), "no part \(id)") }
        #expect(positions == positions.sorted())
        #expect(html.contains("<link rel=\"stylesheet\" href=\"print.css\">"))
        #expect(html.contains("class=\"page print-page\""))
    }

    @Test func coverNamesTheWorkbookAuthorAndDates() async throws {
        let html = try await Self.printPage()
        let cover = Self.part(html, from: "id=\"cover\"", to: "id=\"contents\"")
        #expect(cover.contains("Print Fixture Workbook"))
        #expect(cover.contains("Alex Example"))
        #expect(cover.contains("29 September – 4 October 2026"))
        #expect(!cover.contains("This copy holds"), "a whole workbook says nothing about a range")
    }

    @Test func everyEntryOnceOldestFirstEachAWorksheet() async throws {
        let (workbook, html) = try await Self.build()
        #expect(workbook.entries.count == 4)
        var last = -1
        for entry in workbook.entries {
            let marker = "<article class=\"entry-sheet\" id=\"entry-\(entry.slug)\""
            #expect(Self.count(marker, in: html) == 1, "entry \(entry.slug)")
            let position = try #require(Self.position(of: marker, in: html))
            #expect(position > last, "\(entry.slug) is out of order")
            last = position
            #expect(Self.count(">\(entry.title)</h3>", in: html) == 1)
        }
        let first = Self.part(html, from: "id=\"entry-2026-09-29-the-first-no\"", to: "id=\"entry-2026-09-30-a-slower-day\"")
        for part in ["--feelings", "--challenges", "--self-care", "--support", "--habits", "--lessons", "--next-steps"] {
            #expect(first.contains("id=\"entry-2026-09-29-the-first-no\(part)\""), "worksheet part \(part)")
        }
        #expect(first.contains("<li class=\"marked\">3</li>"), "the mood is circled on the 0–10 scale")
        #expect(first.contains("<td class=\"num\">8</td>") && first.contains("<q>I was so close.</q>"))
        #expect(first.contains("<dd>0 min</dd>"), "zero minutes of movement is still written down")
    }

    /// However a workbook's entries are ordered, the sheets are in date order and the printed
    /// lessons find them, with and without a range.
    @Test(arguments: [nil, "2026-09-30"] as [String?])
    func entriesGivenOutOfOrderPrintAsInOrder(from: String?) async throws {
        let options = Self.options(from: from, to: nil)
        let checked = try await Builder.check(options)
        let workbook = try #require(checked.workbook)
        var reversed = workbook
        reversed.entries.reverse()
        func printed(_ workbook: Workbook) async throws -> [UInt8] {
            let files = await Builder.render(workbook, theme: try #require(checked.theme), options: options)
            return try #require(files.first { $0.path == Routes.print }).bytes
        }
        let html = try await printed(reversed)
        #expect(html == (try await printed(workbook)))
        #expect(String(decoding: html, as: UTF8.self).contains("href=\"#entry-2026-10-04-"), "a lesson links to a sheet")
    }

    @Test func everyChapterOnceInOrder() async throws {
        let (workbook, html) = try await Self.build()
        let positions = try workbook.pages.map { page in
            #expect(Self.count("<article class=\"chapter\" id=\"chapter-\(page.slug)\"", in: html) == 1)
            return try #require(Self.position(of: "id=\"chapter-\(page.slug)\"", in: html))
        }
        #expect(positions.count == 2)
        #expect(positions == positions.sorted())
        #expect(html.contains("id=\"chapter-why-it-hurts--try-this\"") && html.contains("id=\"chapter-your-people--try-this\""))
        #expect(html.contains("<a href=\"#chapter-why-it-hurts\">the first chapter</a>"), "a link between chapters stays in the document")
    }

    @Test func everyLessonAndNextStepOnceInTheIndexInOrder() async throws {
        let (workbook, html) = try await Self.build()
        let insights = Insights.compute(workbook, today: Self.today)
        let lessons = Self.part(html, from: "id=\"learned-lessons\"", to: "id=\"learned-next\"")
        let steps = Self.part(html, from: "id=\"learned-next\"", to: "id=\"cards\"")
        #expect(insights.lessons.count == 6, "the lesson written in two entries counts once")
        for (section, texts) in [(lessons, insights.lessons.items.map(\.text)), (steps, insights.nextSteps.items.map(\.text))] {
            var last = -1
            for text in texts {
                let marker = "<span class=\"lesson-text\">\(Self.escaped(text))</span>"
                #expect(Self.count(marker, in: section) == 1, "\(text)")
                let position = try #require(Self.position(of: marker, in: section))
                #expect(position > last, "\(text) is out of order")
                last = position
            }
        }
        #expect(lessons.contains("learned 2 times"))
        #expect(lessons.contains("href=\"#entry-2026-09-29-the-first-no--lesson-1\""), "a lesson links to its entry sheet")
    }

    @Test func liftedSectionsShowOnceInTheWorksheetNotTwice() async throws {
        let html = try await Self.printPage()
        let first = Self.part(html, from: "id=\"entry-2026-09-29-the-first-no\"", to: "id=\"entry-2026-09-30-a-slower-day\"")
        #expect(Self.count("Rest comes first on the day of the news.", in: first) == 1)
        #expect(!first.contains("--what-i-learned\""), "a What I learned section of list items moves into the worksheet")
        let second = Self.part(html, from: "id=\"entry-2026-09-30-a-slower-day\"", to: "id=\"entry-2026-10-01-october-starts\"")
        #expect(second.contains("soup: onions, lentils, stock"), "a section with more than list items stays in the story")
        #expect(second.contains("id=\"entry-2026-09-30-a-slower-day--what-i-learned\""))
        #expect(Self.count("Call Dad on Sunday.", in: second) == 1)
    }

    /// A lesson written in the front matter and again under the body's heading is one lesson:
    /// the section of the body is still lifted out, though all it says the worksheet lists once.
    @Test func aSectionThatRepeatsTheFrontMatterIsLiftedAndItsItemsShowOnce() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-a.md": """
            ---
            mood: 5
            learned: ["Rest helps."]
            next: ["Call Dad."]
            ---
            A day.

            ## What I learned

            - rest helps

            ## Moving forward

            - Call Dad.
            - Walk after lunch.
            """,
        ])
        let (book, html) = try await Self.build(workbook)
        #expect(book.entries[0].collectedHeadings == ["what-i-learned", "moving-forward"])
        let sheet = Self.part(html, from: "id=\"entry-2026-10-01-a\"", to: "id=\"progress\"")
        #expect(!sheet.contains("--what-i-learned\""), "every item of the section is in the worksheet")
        #expect(!sheet.contains("--moving-forward\""))
        #expect(Self.count("Rest helps.", in: sheet) == 1)
        #expect(!sheet.contains("rest helps"))
        #expect(Self.count("Call Dad.", in: sheet) == 1)
        #expect(Self.count("Walk after lunch.", in: sheet) == 1)
    }

    /// A section whose items all repeat an earlier section of the body stays in the story, as
    /// the section it repeats may: were it lifted out, a link to it would lead to a worksheet box
    /// that lists nothing and so is not there.
    @Test func aSectionThatOnlyRepeatsTheBodyStaysInTheStory() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-a.md": """
            ---
            mood: 5
            ---
            See [the second list](#what-i-learned-2).

            ## What I learned

            - Rest first.

            ```
            a block the worksheet cannot show
            ```

            ## What I learned

            - Rest first.
            """,
        ])
        let (book, html) = try await Self.build(workbook)
        #expect(book.entries[0].collectedHeadings == ["what-i-learned"])
        #expect(html.contains("<a href=\"#entry-2026-10-01-a--what-i-learned-2\">the second list</a>"))
        #expect(html.contains("id=\"entry-2026-10-01-a--what-i-learned-2\""))
        #expect(Self.linksLeadingNowhere(in: html).isEmpty)
    }

    /// A heading outside ASCII is linked to percent-encoded, as cmark writes a link: once its
    /// section is lifted, the link leads to the worksheet box all the same.
    @Test func aLinkToALiftedSectionNamedOutsideASCIILeadsToTheWorksheet() async throws {
        let workbook = try TemporaryWorkbook([
            "content/workbook.yaml": "sections:\n  learned: [Что я понял]\n",
            "content/entries/2026-10-01-a.md": "---\nmood: 5\n---\nSee [below](#что-я-понял).\n\n## Что я понял\n\n- Одно.\n",
            "content/entries/2026-10-02-b.md": "---\nmood: 6\n---\nAs [then](2026-10-01-a.html#что-я-понял).\n",
        ])
        let (book, html) = try await Self.build(workbook)
        #expect(book.entries[0].collectedHeadings == ["что-я-понял"])
        #expect(Self.count("<a href=\"#entry-2026-10-01-a--lessons\">", in: html) == 2)
        #expect(Self.linksLeadingNowhere(in: html).isEmpty)
    }

    /// A body may link to a place its page's layout gives (`#main`, a section's heading): on the
    /// sheet, the link leads to the sheet itself or to that section there; in a guide chapter,
    /// `#main` leads to the chapter. Lessons kept in the story are led to where they are, and a
    /// heading named for a section of the sheet takes no id of it.
    @Test func aLinkToAPlaceOfThePageLayoutLeadsToTheSameOnTheSheet() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-a.md": """
            ---
            mood: 5
            emotions: [{name: sadness, intensity: 6}]
            support: [Maya]
            learned: [Rest first.]
            ---
            To [the top](#main), [the feelings](#feelings-title), [the care](#care-title), \
            [the lessons](#lessons-title), [the chart](#entry-mood-title) and [the story](#entry-body).

            ## Care

            Text.
            """,
            "content/entries/2026-10-02-b.md": "---\nmood: 6\nnext: [Call Maya.]\n---\nAs [then](2026-10-01-a.html#lessons-title), [ahead](#next-title), [kept](2026-10-03-c.html#lessons-title).\n",
            "content/entries/2026-10-03-c.md": "---\nmood: 4\n---\n## What I learned\n\n- Slow down.\n\n```\na block the worksheet cannot show\n```\n",
            "content/pages/01-help.md": "# Help\n\n[Up](#main), and [a day](../entries/2026-10-02-b.html#main).\n",
        ])
        let (book, html) = try await Self.build(workbook)
        #expect(book.entries[0].body.headings.map(\.id) == ["care-2"])
        let leads = [
            "the top": "entry-2026-10-01-a", "the feelings": "entry-2026-10-01-a--feelings", "the care": "entry-2026-10-01-a--care",
            "the lessons": "entry-2026-10-01-a--lessons", "the chart": "entry-2026-10-01-a--mood", "the story": "entry-2026-10-01-a",
            "then": "entry-2026-10-01-a--lessons", "ahead": "entry-2026-10-02-b--next-steps", "kept": "entry-2026-10-03-c--what-i-learned",
            "Up": "chapter-help", "a day": "entry-2026-10-02-b",
        ]
        for (text, id) in leads {
            #expect(html.contains("<a href=\"#\(id)\">\(text)</a>"), "\(text)")
        }
        #expect(Self.linksLeadingNowhere(in: html).isEmpty)
        let ids = Self.matches(of: #/\sid="([^"]*)"/#, in: html)
        #expect(Set(ids).count == ids.count)
    }

    /// The sheet's and the chapter's titles and the entry's mood chart have ids of their own, which no heading takes.
    @Test func aHeadingNamedTitleOrMainTakesNoIdOfThePage() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-a.md": "---\nmood: 5\n---\n## Title\n\nText.\n\n## Main\n\nMore.\n\n## Entry mood title\n",
            "content/pages/01-guide.md": "# Guide\n\n## Title\n\nText.\n\n## Main\n\nMore.\n",
        ])
        let (book, html) = try await Self.build(workbook)
        #expect(book.entries[0].body.headings.map(\.id) == ["title-2", "main-2", "entry-mood-title-2"])
        #expect(book.pages[0].body.headings.map(\.id) == ["title-2", "main-2"])
        let ids = Self.matches(of: #/\sid="([^"]*)"/#, in: html)
        #expect(Set(ids).count == ids.count)
    }

    /// With `unsafe_html`, HTML written in a section is not what the worksheet lists: the
    /// section stays in the story, where its text is.
    @Test func aSectionHoldingRawHTMLStaysInTheStory() async throws {
        let workbook = try TemporaryWorkbook([
            "content/workbook.yaml": "unsafe_html: true\n",
            "content/entries/2026-10-01-a.md": "---\nmood: 5\n---\nA day.\n\n## What I learned\n\n- A.\n\n<p>Raw paragraph lesson</p>\n",
        ])
        let (book, html) = try await Self.build(workbook)
        #expect(book.entries[0].collectedHeadings.isEmpty)
        #expect(html.contains("<p>Raw paragraph lesson</p>"))
        #expect(html.contains("id=\"entry-2026-10-01-a--what-i-learned\""))
    }

    @Test func everyAffirmationOnceOnCardsEightToASheet() async throws {
        let (workbook, html) = try await Self.build()
        let cards = Self.part(html, from: "id=\"cards\"", to: "id=\"worksheets\"")
        let affirmations = workbook.affirmationLists.flatMap(\.affirmations)
        #expect(affirmations.count == 10)
        var last = -1
        for text in affirmations {
            let marker = "<p class=\"aff-text\">\(Self.escaped(text))</p>"
            #expect(Self.count(marker, in: cards) == 1, "\(text)")
            let position = try #require(Self.position(of: marker, in: cards))
            #expect(position > last)
            last = position
        }
        #expect(Self.count("<div class=\"card-sheet\">", in: cards) == 2)
        #expect(Self.count("<li class=\"aff-card\">", in: cards) == 10)
        #expect(Self.count("<li class=\"aff-card blank\">", in: cards) == 6, "the last sheet is filled with cards to write on")
        #expect(cards.contains("Sheet 2 of 2"))
    }

    @Test func blankWorksheetsAreAllThereWithRoomToWrite() async throws {
        let html = try await Self.printPage()
        let worksheets = Self.part(html, from: "id=\"worksheets\"", to: "</main>")
        for (id, title) in SiteRenderer.blankWorksheets {
            #expect(Self.count("id=\"\(id)\"", in: worksheets) == 1, "\(id)")
            #expect(worksheets.contains(">\(Self.escaped(title))</h3>"))
        }
        #expect(Self.count("<div class=\"write-lines\">", in: worksheets) >= 20)
        #expect(Self.count("<th scope=\"row\">", in: Self.part(worksheets, from: "id=\"ws-habits\"", to: "id=\"ws-learned\"")) == 7)
    }

    // MARK: Links and ids

    @Test func idsAreUniqueAndEveryInternalLinkResolves() async throws {
        let html = try await Self.printPage()
        let ids = Self.matches(of: #/\sid="([^"]*)"/#, in: html)
        let duplicates = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(duplicates.isEmpty, "duplicate ids: \(duplicates)")
        let known = Set(ids)
        let fragments = Self.matches(of: #/href="#([^"]*)"/#, in: html)
        #expect(fragments.count > 30)
        for fragment in fragments {
            #expect(known.contains(fragment), "#\(fragment) leads nowhere")
        }
    }

    @Test func contentsLinkToEveryPart() async throws {
        let (workbook, html) = try await Self.build()
        let contents = Self.part(html, from: "id=\"contents\"", to: "id=\"guide\"")
        var expected = ["guide", "entries", "progress", "learned", "cards", "worksheets"]
        expected += workbook.pages.map { "chapter-" + $0.slug }
        expected += workbook.entries.map { "entry-" + $0.slug }
        expected += SiteRenderer.blankWorksheets.map(\.id)
        for id in expected {
            #expect(Self.count("href=\"#\(id)\"", in: contents) == 1, "contents link to #\(id)")
            #expect(html.contains("id=\"\(id)\""), "#\(id) exists")
        }
    }

    @Test func relativeLinksAreRebasedAndNothingComesFromTheNetwork() async throws {
        let html = try await Self.printPage()
        #expect(html.contains("<a href=\"assets/map.txt\">my map of the week</a>"))
        #expect(html.contains("<a href=\"https://example.org/help\">helpline page</a>"), "outbound links stay; print.css prints their address")
        #expect(html.contains("href=\"#entry-2026-09-29-the-first-no--what-happened\""), "an in-entry link follows its prefixed id")
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"/"))
        #expect(Self.matches(of: #/<link[^>]*href="(https?:[^"]*)"/#, in: html).isEmpty)
    }

    @Test func aLinkToAnEntryWhoseNameIsNotASCIILeadsToItsSheet() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-日記.md": "---\nmood: 5\n---\nThe first day.\n",
            "content/entries/2026-10-02-b.md": "---\nmood: 6\n---\nAs on [that day](2026-10-01-日記.html#top), and [elsewhere](2026-10-01-other.html).\n",
        ])
        let html = try await Self.build(workbook).1
        #expect(html.contains("<a href=\"#entry-2026-10-01-日記--top\">that day</a>"), "a link inside the workbook stays inside the document")
        #expect(html.contains("<a href=\"#entry-2026-10-01-日記\">"), "the chart's dot leads to the sheet")
        #expect(html.contains("<a href=\"entries/2026-10-01-other.html\">elsewhere</a>"), "a page that is not printed keeps its link")
    }

    /// A sheet is known by its entry, its number and where its links lead: a sheet added after
    /// it leaves it as it was, unless its links now lead to the new one.
    @Test func aSheetIsMadeAgainOnlyWhenItsOwnLinksLeadElsewhere() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-a.md": "---\nmood: 5\n---\nThe first day.\n",
            "content/entries/2026-10-02-b.md": "---\nmood: 6\n---\nI will write about [the ninth](2026-10-09-x.html) later.\n",
            "content/entries/2026-10-03-c.md": "---\nmood: 7\n---\nA third day, with [a link out](https://example.org/).\n",
        ])
        var options = BuildOptions(workbook: workbook.root)
        options.today = Self.today
        func render(reusing earlier: RenderCache) async throws -> (sheets: [String: Int], cache: RenderCache, html: String) {
            let checked = try await Builder.check(options)
            let book = try #require(checked.workbook)
            let renderer = SiteRenderer(workbook: book, insights: Insights.compute(book, today: Self.today), theme: try #require(checked.theme),
                                        options: SiteOptions(today: Self.today), reusing: earlier)
            let (receipts, cache) = await renderer.render(into: MemorySink())
            let made = try #require(cache)
            let html = String(decoding: try #require(receipts.joined().first { $0.path == Routes.print }).bytes, as: UTF8.self)
            var sheets: [String: Int] = [:]
            for item in made.listItems[Routes.print] ?? [] {
                let text = String(decoding: item.bytes, as: UTF8.self)
                if text.contains("<article class=\"entry-sheet\""), let slug = ["a", "b", "c", "x"].first(where: { text.contains("id=\"entry-2026-10-0") && text.contains("-\($0)--title") }) {
                    sheets[slug] = item.digest
                }
            }
            return (sheets, made, html)
        }
        let first = try await render(reusing: RenderCache())
        #expect(first.sheets.count == 3)
        #expect(first.html.contains("<a href=\"entries/2026-10-09-x.html\">the ninth</a>"))

        try workbook.write("content/entries/2026-10-09-x.md", "---\nmood: 4\n---\nThe ninth.\n")
        let second = try await render(reusing: first.cache)
        #expect(second.sheets["a"] == first.sheets["a"] && second.sheets["c"] == first.sheets["c"], "sheets whose links lead where they did")
        #expect(second.sheets["b"] != first.sheets["b"], "its link now leads to a sheet")
        #expect(second.html.contains("<a href=\"#entry-2026-10-09-x\">the ninth</a>"))
        let fresh = try await render(reusing: RenderCache())
        #expect(second.html == fresh.html)
    }

    /// A lesson in the printed index is known by where its links lead too: a section no longer
    /// lifted out of its sheet moves the place the lesson links to, though the lesson is the same.
    @Test func aLessonFollowsItsSheetWhenItsSectionStaysInTheBody() async throws {
        let entry = "content/entries/2026-10-01-a.md"
        let workbook = try TemporaryWorkbook([entry: "---\nmood: 5\n---\nA day.\n\n## What I learned\n\n- Rest helps.\n"])
        var options = BuildOptions(workbook: workbook.root)
        options.today = Self.today
        func render(reusing earlier: RenderCache) async throws -> (cache: RenderCache, html: String) {
            let checked = try await Builder.check(options)
            let book = try #require(checked.workbook)
            let renderer = SiteRenderer(workbook: book, insights: Insights.compute(book, today: Self.today), theme: try #require(checked.theme),
                                        options: SiteOptions(today: Self.today), reusing: earlier)
            let (receipts, cache) = await renderer.render(into: MemorySink())
            return (try #require(cache), String(decoding: try #require(receipts.joined().first { $0.path == Routes.print }).bytes, as: UTF8.self))
        }
        let first = try await render(reusing: RenderCache())
        #expect(first.html.contains("href=\"#entry-2026-10-01-a--lessons\""), "lifted into the worksheet")
        // A block the worksheet cannot show keeps the section, and its heading, in the body.
        try workbook.write(entry, try workbook.read(entry) + "\n```\nnot a lesson\n```\n")
        let second = try await render(reusing: first.cache)
        #expect(second.html.contains("href=\"#entry-2026-10-01-a--what-i-learned\""))
        #expect(!second.html.contains("href=\"#entry-2026-10-01-a--lessons\""))
        #expect(second.html == (try await render(reusing: RenderCache())).html)
    }

    // MARK: Date range

    struct RangeCase: Sendable, CustomTestStringConvertible {
        var from: String?
        var to: String?
        var printed: [String]
        var words: String
        var testDescription: String { "\(from ?? "…") to \(to ?? "…")" }
    }

    static let slugs = ["2026-09-29-the-first-no", "2026-09-30-a-slower-day", "2026-10-01-october-starts", "2026-10-04-a-better-sunday"]

    @Test(arguments: [
        RangeCase(from: "2026-09-30", to: "2026-10-01", printed: [PrintTests.slugs[1], PrintTests.slugs[2]], words: "30 September – 1 October 2026"),
        RangeCase(from: "2026-09-29", to: "2026-09-29", printed: [PrintTests.slugs[0]], words: "29 September 2026"),
        RangeCase(from: "2026-09-30", to: nil, printed: Array(PrintTests.slugs[1...]), words: "From 30 September 2026 on"),
        RangeCase(from: nil, to: "2026-09-30", printed: Array(PrintTests.slugs[..<2]), words: "Up to 30 September 2026"),
        RangeCase(from: "2026-10-02", to: "2026-10-03", printed: [], words: "2 – 3 October 2026"),
    ])
    func dateRangeKeepsEntriesOnItsBoundaries(_ range: RangeCase) async throws {
        let (workbook, html) = try await Self.build(from: range.from, to: range.to)
        for slug in Self.slugs {
            let count = Self.count("<article class=\"entry-sheet\" id=\"entry-\(slug)\"", in: html)
            #expect(count == (range.printed.contains(slug) ? 1 : 0), "\(slug)")
        }
        let cover = Self.part(html, from: "id=\"cover\"", to: "id=\"contents\"")
        #expect(cover.contains("<p class=\"cover-dates\">\(range.words)</p>"))
        #expect(cover.contains("This copy holds the entries written"))
        #expect(cover.contains(range.printed.isEmpty ? "none of your 4 entries" : "\(range.printed.count) of your 4 entries"))

        // Lessons and progress come from the printed entries only.
        let printed = workbook.entries.filter { range.printed.contains($0.slug) }
        var selected = workbook
        selected.entries = printed
        let printedLessons = Insights.compute(selected, today: Self.today).lessons.items
        let learned = Self.part(html, from: "id=\"learned\"", to: "id=\"cards\"")
        for lesson in printedLessons {
            #expect(learned.contains(Self.escaped(lesson.text)), "\(lesson.text) is missing")
        }
        let printedKeys = Set(printedLessons.map(\.key))
        for entry in workbook.entries where !range.printed.contains(entry.slug) {
            for lesson in entry.lessons where !printedKeys.contains(LessonItem.key(for: lesson.text)) {
                #expect(!learned.contains(Self.escaped(lesson.text)), "\(lesson.text) is from an entry outside the range")
            }
        }
        let progress = Self.part(html, from: "id=\"progress\"", to: "id=\"learned\"")
        #expect(progress.contains("<dt>Entries</dt><dd>\(printed.count)</dd>"))
        // The chapters, cards and worksheets are whole whatever the range.
        #expect(Self.count("<article class=\"chapter\"", in: html) == 2)
        #expect(Self.count("<p class=\"aff-text\">", in: html) == 10)
        #expect(Self.count("<article class=\"worksheet\"", in: html) == 6)
    }

    @Test func theRestOfTheSiteIgnoresThePrintRange() async throws {
        var options = Self.options()
        options.printFrom = day("2026-10-01")
        let checked = try await Builder.check(options)
        let workbook = try #require(checked.workbook)
        let files = await Builder.render(workbook, theme: try #require(checked.theme), options: options)
        let timeline = try #require(files.first { $0.path == Routes.timeline })
        #expect(String(decoding: timeline.bytes, as: UTF8.self).contains("The first no"))
        #expect(files.contains { $0.path == Routes.entry("2026-09-29-the-first-no") })
    }

    @Test func rangesReadNaturally() {
        #expect(PrintRange.words(from: day("2026-10-12"), to: day("2026-11-03")) == "12 October – 3 November 2026")
        #expect(PrintRange.words(from: day("2026-10-12"), to: day("2026-10-20")) == "12 – 20 October 2026")
        #expect(PrintRange.words(from: day("2026-12-28"), to: day("2027-01-04")) == "28 December 2026 – 4 January 2027")
        #expect(PrintRange.words(from: day("2026-10-12"), to: day("2026-10-12")) == "12 October 2026")
        #expect(PrintRange(from: day("2026-10-13"), to: day("2026-10-20")).prose == "from 13 to 20 October 2026")
        #expect(PrintRange(from: day("2026-12-28"), to: day("2027-01-04")).prose == "from 28 December 2026 to 4 January 2027")
        #expect(PrintRange().words == nil)
        let range = PrintRange(from: day("2026-10-13"), to: day("2026-10-20"))
        #expect(range.contains(day("2026-10-13")) && range.contains(day("2026-10-20")))
        #expect(!range.contains(day("2026-10-12")) && !range.contains(day("2026-10-21")))
    }

    // MARK: Fitting rendered HTML into one document

    @Test func htmlHelpersRebasePrefixAndShift() {
        #expect(PrintHTML.rebased("../assets/a.png", from: "entries/") == "assets/a.png")
        #expect(PrintHTML.rebased("other.html#x", from: "entries/") == "entries/other.html#x")
        #expect(PrintHTML.rebased("../../x", from: "entries/") == "../../x")
        #expect(PrintHTML.rebased("https://example.org/a", from: "entries/") == "https://example.org/a")
        #expect(PrintHTML.rebased("#top", from: "entries/") == "#top")
        let prefixed = PrintHTML.rewritingAttributes(##"<h2 id="a">A</h2><a href="#a">x</a><a href="#b">y</a>"##, names: ["id", "href"]) { name, value in
            name == "id" ? "p--" + value : PrintHTML.linkWithinPage(value) { $0 == "b" ? "c" : "p--" + $0 } ?? value
        }
        #expect(prefixed == ##"<h2 id="p--a">A</h2><a href="#p--a">x</a><a href="#c">y</a>"##)
        #expect(PrintHTML.rewritingAttributes("<h1>a</h1><h2 id=\"b\">b</h2><h5>c</h5><hr><p>h2</p>", names: [], shiftingHeadingsBy: 2) { _, value in value }
                == "<h3>a</h3><h4 id=\"b\">b</h4><h6>c</h6><hr><p>h2</p>")
    }

    @Test func onlySectionsMadeOfItemsAreLifted() {
        let body = Markdown.render("""
        ## Story

        Text.

        ## What I learned

        - One.
        - Two.

        ## Moving forward

        ```
        code
        ```
        """, options: .init(sections: ["learned": ["What I learned"], "next": ["Moving forward"]]))
        let cut = body.withHTMLUTF8 { PrintHTML.liftedSections($0, headings: body.headings, keys: ["what i learned": "learned", "moving forward": "next"]) }
        #expect(cut.removed == ["what-i-learned": "learned"])
        let html = cut.applied(to: body.html)
        #expect(!html.contains("One."))
        #expect(html.contains("<pre><code>code"))
        #expect(html.contains("id=\"story\""))
    }

    // MARK: Printing to PDF

    @Test(.enabled(if: PDFTools.available, "needs Chromium and poppler-utils (apt-get install chromium poppler-utils)"))
    func printsToAPlausiblePDF() async throws {
        let (workbook, files) = try await Self.renderedFiles()
        let folder = FileManager.default.temporaryDirectory.appending(path: "rebound-print-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try OutputWriter(output: folder.appending(path: "site"), workbookRoot: Self.fixture).write(files, assets: workbook.assets)
        let pdf = folder.appending(path: "workbook.pdf")
        _ = try PDFTools.run(PDFTools.chromium!, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder.appending(path: "profile").path)", "--no-pdf-header-footer",
            "--print-to-pdf=\(pdf.path)", folder.appending(path: "site/print.html").absoluteString,
        ])
        let info = try PDFTools.run("pdfinfo", [pdf.path])
        let pages = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) })
        // Cover, contents, 2 chapters, 4 entries, progress, lessons, 2 card sheets, 6 worksheets.
        #expect((18...40).contains(pages), "\(pages) pages")
        let text = try PDFTools.run("pdftotext", ["-layout", pdf.path, "-"])
        let first = try #require(text.range(of: "The first no"), "the first entry is in the PDF")
        let last = try #require(text.range(of: "A better Sunday", options: .backwards), "the last entry is in the PDF")
        #expect(first.lowerBound < last.lowerBound)
        #expect(text.contains("The rejection email came in the afternoon."))
        #expect(text.contains("Slept well, swam, and laughed at dinner."))
        #expect(text.contains("I make time for my friends."))
        #expect(text.contains("What I learned, what comes next"))
    }

    @Test(.enabled(if: !PDFTools.available, "runs only to say why the PDF test was skipped"))
    func pdfTestSkippedWithoutChromium() {
        print("skipped: printsToAPlausiblePDF needs Chromium and poppler-utils (pdfinfo, pdftotext); install them with `apt-get install chromium poppler-utils`")
    }

    // MARK: Helpers

    static func options(from: String? = nil, to: String? = nil) -> BuildOptions {
        var options = BuildOptions(workbook: fixture)
        options.today = today
        options.printFrom = from.map(day)
        options.printTo = to.map(day)
        return options
    }

    /// A rebuild keeps the progress part while its key stays: the key must move with what it shows
    /// and where its dots lead, and with nothing else.
    @Test func theProgressPartIsKnownByWhatItShowsAndWhereItsDotsLead() async throws {
        let options = Self.options()
        let checked = try await Builder.check(options)
        let book = try #require(checked.workbook)
        let theme = try #require(checked.theme)
        func key(_ book: Workbook, places: Int = 0) throws -> Int {
            let renderer = SiteRenderer(workbook: book, insights: Insights.compute(book, today: Self.today), theme: theme, options: SiteOptions(today: Self.today))
            let part = renderer.printProgress(renderer.insights, targets: SiteRenderer.PrintTargets(), part: [:], places: places)
            let made = try #require(part.key)
            return made(0)
        }
        let index = try #require(book.entries.firstIndex { $0.mood != nil })
        let original = try key(book)
        #expect(try key(book) == original)
        var edited = book
        edited.entries[index].body = Markdown.render("Other words, the same progress.")
        #expect(try key(edited) == original)
        edited.entries[index].mood = book.entries[index].mood == 9 ? 8 : 9
        #expect(try key(edited) != original, "the chart and the average move")
        #expect(try key(book, places: 1) != original, "the dots lead elsewhere")
    }

    static func renderedFiles(from: String? = nil, to: String? = nil) async throws -> (Workbook, [OutputFile]) {
        let options = options(from: from, to: to)
        let checked = try await Builder.check(options)
        let workbook = try #require(checked.workbook, "the fixture has errors: \(checked.diagnostics)")
        let theme = try #require(checked.theme)
        return (workbook, await Builder.render(workbook, theme: theme, options: options))
    }

    static func build(from: String? = nil, to: String? = nil) async throws -> (Workbook, String) {
        let (workbook, files) = try await renderedFiles(from: from, to: to)
        let page = try #require(files.first { $0.path == Routes.print })
        return (workbook, String(decoding: page.bytes, as: UTF8.self))
    }

    static func printPage() async throws -> String { try await build().1 }

    /// The entries of `workbook`, which must have no errors, and its `print.html`.
    static func build(_ workbook: TemporaryWorkbook) async throws -> (Workbook, String) {
        var options = BuildOptions(workbook: workbook.root)
        options.today = today
        let checked = try await Builder.check(options)
        let book = try #require(checked.workbook, "the workbook has errors: \(checked.diagnostics)")
        let files = await Builder.render(book, theme: try #require(checked.theme), options: options)
        let page = try #require(files.first { $0.path == Routes.print })
        return (book, String(decoding: page.bytes, as: UTF8.self))
    }

    /// The fragments of `html`'s links within itself that no id of it names.
    static func linksLeadingNowhere(in html: String) -> [String] {
        let ids = Set(matches(of: #/\sid="([^"]*)"/#, in: html))
        return matches(of: #/href="#([^"]*)"/#, in: html).filter { !ids.contains($0) }
    }

    static func position(of text: String, in html: String) -> Int? {
        html.range(of: text).map { html.distance(from: html.startIndex, to: $0.lowerBound) }
    }

    static func count(_ text: String, in html: String) -> Int {
        html.components(separatedBy: text).count - 1
    }

    /// The text between the first `start` and the first `end` after it (to the end without one).
    static func part(_ html: String, from start: String, to end: String) -> String {
        guard let open = html.range(of: start) else { return "" }
        let close = html.range(of: end, range: open.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return String(html[open.lowerBound..<close])
    }

    static func matches(of regex: Regex<(Substring, Substring)>, in html: String) -> [String] {
        html.matches(of: regex).map { String($0.output.1) }
    }

    /// Text as the templates write it: `& < > " '` escaped.
    static func escaped(_ text: String) -> String { Charts.escape(text) }
}

private func day(_ text: String) -> CalendarDay { CalendarDay(prefixOf: text)! }

/// Headless Chromium and poppler's `pdfinfo`/`pdftotext`, when this machine has them.
enum PDFTools {
    static let chromium: String? = {
        if FileManager.default.isExecutableFile(atPath: "/usr/lib/chromium/chromium") { return "/usr/lib/chromium/chromium" }
        return ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].lazy.compactMap(find).first
    }()

    static let available = chromium != nil && find("pdfinfo") != nil && find("pdftotext") != nil

    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `tool` (a path, or a name looked up on PATH) and returns its standard output;
    /// throws when it exits non-zero or runs longer than two minutes.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : find(tool) ?? tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
