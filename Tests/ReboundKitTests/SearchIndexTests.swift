import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

@Suite struct SearchIndexTests {
    /// Every character that needs care, and some that do not.
    static let hostile = "quote \" backslash \\ </script><script>alert(1)</script> tab\tnew\nline\r bell\u{07} esc\u{1B} nul\u{0} "
        + "sep\u{2028}para\u{2029} emoji 🌱 accents é ü / slash"

    @Test func stringsRoundTripThroughAJSONParser() throws {
        var json = JSONText()
        json.raw("[")
        json.string(Self.hostile)
        json.raw(",")
        json.string("")
        json.raw("]")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String]
        #expect(parsed == [Self.hostile, ""])
    }

    @Test func theTextCanNeverCloseTheScriptElementOrBreakALine() {
        var json = JSONText()
        json.string(Self.hostile)
        let text = String(decoding: json.bytes, as: UTF8.self)
        #expect(!text.contains("<"))
        #expect(!text.contains { $0.isNewline })
        #expect(text.contains(#"\u003c/script>"#))
        #expect(text.contains(#"bell\u0007 esc\u001b nul\u0000"#))
        #expect(text.contains(#"sep\u2028para\u2029"#))
    }

    @Test func aLargeIndexComesInPiecesAndKeptRecordsGiveTheSameBytes() throws {
        let body = String(repeating: "A long walk by the sea, and a longer talk after it. ", count: 80)
        let entries = (1...400).map { day in
            Entry(path: "content/entries/e\(day).md", slug: "e\(day)", title: "Day \(day)", date: CalendarDay(ordinal: 740_000 + day), body: Markdown.render(body))
        }
        let workbook = Workbook(config: WorkbookConfig(), entries: entries, affirmationLists: [], pages: [], assets: [])
        var pieces: [[UInt8]] = []
        SearchIndex.write(workbook.entries.reversed()) { pieces.append($0) }
        #expect(pieces.count > 1, "1.6 MB of records is handed over in pieces")
        #expect(pieces.dropLast().allSatisfy { $0.count >= 1 << 20 && $0.count < 2 << 20 })

        let first = EntryMemo<[UInt8]>(earlier: [])
        var made: [UInt8] = []
        SearchIndex.write(workbook.entries.reversed(), records: first) { made += $0 }
        let second = EntryMemo<[UInt8]>(earlier: first.made)
        var reused: [UInt8] = []
        SearchIndex.write(workbook.entries.reversed(), records: second) { reused += $0 }
        #expect(made == pieces.flatMap { $0 })
        #expect(reused == made)
        let records = try #require(FolderTree.searchRecords(String(decoding: reused, as: UTF8.self)))
        #expect(records.count == 400)
    }

    @Test func theIndexIsAScriptAddingOneRecordPerEntryAndChapter() async throws {
        let folder = try TemporaryWorkbook([
            "content/entries/2026-10-01-first.md": "---\ntags: [walk]\n---\n# First\n\nA \"quoted\" <b>day</b>.\n",
            "content/pages/01-guide.md": "# Guide\n\nRead me.\n",
        ])
        let workbook = try #require(try await folder.load().workbook)
        var bytes: [UInt8] = []
        SearchIndex.write(workbook.entries.reversed(), pages: workbook.pages) { bytes += $0 }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("\(SearchIndex.opening)"))
        #expect(text.hasSuffix("\(SearchIndex.closing)"))
        let records = try #require(FolderTree.searchRecords(text))
        #expect(records.map { $0["u"] } == ["entries/2026-10-01-first.html", "pages/guide.html"])
        #expect(records[0]["b"]?.contains("A \u{201C}quoted\u{201D} day.") == true)
        #expect(records[0]["g"] == "walk")
        #expect(records.allSatisfy { Set($0.keys) == ["b", "d", "e", "g", "l", "t", "u"] })
    }

    /// Each year of entries has a script of its own, newest year first, and the chapters one
    /// loaded last; the search page loads them in that order, so results keep it.
    @Test func eachYearHasAScriptAndAChangeWritesOnlyItsYearsAgain() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2024-12-31-old.md": "Old.\n",
            "content/entries/2026-01-02-new.md": "New.\n",
            "content/entries/2026-03-04-newer.md": "Newer.\n",
            "content/entries/2025-06-07-middle.md": "Middle.\n",
            "content/pages/01-guide.md": "# Guide\n\nRead me.\n",
        ])
        let entries = try #require(try await workbook.load().workbook?.entries)
        #expect(SearchIndex.parts(of: entries).map(\.route) == ["search-index-2026.js", "search-index-2025.js", "search-index-2024.js", "search-index.js"])
        #expect(SearchIndex.parts(of: entries).map(\.entries) == [2..<4, 1..<2, 0..<1, 0..<0])
        #expect(SearchIndex.parts(of: []).map(\.route) == ["search-index.js"])

        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let tree = try FolderTree(reading: site)
        let page = try #require(tree.text("search.html"))
        let order = ["search-index-2026.js", "search-index-2025.js", "search-index-2024.js", "search-index.js", "search.js"]
        let places = order.compactMap { page.range(of: "<script src=\"\($0)\"></script>")?.lowerBound }
        #expect(places.count == order.count && places == places.sorted(), "every script, in order")
        let records = order.dropLast().map { FolderTree.searchRecords(tree.text($0) ?? "") ?? [] }.flatMap { $0 }
        #expect(records.map { $0["u"] } == ["entries/2026-03-04-newer.html", "entries/2026-01-02-new.html", "entries/2025-06-07-middle.html",
                                            "entries/2024-12-31-old.html", "pages/guide.html"])

        var options = BuildOptions(workbook: workbook.root, output: site)
        options.today = .fixedToday
        options.usesCacheFile = true
        _ = try await Builder.build(options)
        let before = try FolderTree(reading: site).searchIndexes
        try workbook.write("content/entries/2025-06-07-middle.md", "Middle, and more.\n")
        try IncrementalBuildTests.makeOld(workbook)
        let report = try await Builder.build(options)
        #expect(report.succeeded)
        let after = try FolderTree(reading: site).searchIndexes
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after.keys.filter { after[$0] != before[$0] } == ["search-index-2025.js"])
        #expect(report.files.unchanged >= 3, "the other years' scripts and the chapters' are kept as they are")
    }

    // MARK: The text of a body

    @Test func aBodyIsSearchedAsTheWordsOnThePage() {
        let html = Markdown.render("""
            ## What *happened*

            I walked
            to the sea & back, "slowly".

            - one
            - two

                code  block
            """).html
        #expect(HTML.plainText(html) == "What happened I walked to the sea & back, \u{201C}slowly\u{201D}. one two code block")
    }

    @Test func markupAndWhatIsNotReadAreLeftOut() {
        #expect(HTML.plainText("<div class=\"a>b\" title='c>d'>kept</div>") == "kept")
        #expect(HTML.plainText("a<!-- note > still note -->b") == "ab")
        #expect(HTML.plainText("a<script type=\"x\">if (1 < 2) alert(\"<p>\")</SCRIPT >b") == "ab")
        #expect(HTML.plainText("a <style>p { color: red }</style> b") == "a b")
        #expect(HTML.plainText("a <scripts>b</scripts>") == "a b", "only the script element itself hides its text")
        #expect(HTML.plainText("unclosed <b class=\"x") == "unclosed")
        #expect(HTML.plainText("a <!-- never closed") == "a")
        #expect(HTML.plainText("x<script>never closed") == "x")
    }

    @Test func anImagesAltTextIsRead() {
        let html = Markdown.render("Before ![A *quiet* beach & sea](a.png \"title\") after.").html
        #expect(HTML.plainText(html) == "Before A quiet beach & sea after.")
        #expect(HTML.plainText("<IMG SRC='x' TITLE=\"alt='no'\" ALT='yes &amp; this'>") == "yes & this")
        #expect(HTML.plainText("a<img src=\"x\">b<img alt=\"\">c") == "abc")
        #expect(HTML.plainText("<img alt=\"never closed") == "")
        #expect(HTML.plainText("<imgs alt=\"not an image\">") == "")
    }

    @Test func aLessThanThatOpensNoTagIsText() {
        #expect(HTML.plainText("1 < 2 and 3 <4") == "1 < 2 and 3 <4")
        #expect(HTML.plainText("a <") == "a <")
    }

    @Test func entitiesAreDecodedAndUnknownOnesKept() {
        #expect(HTML.plainText("&amp; &lt;b&gt; &quot;q&quot; &apos;s &#39;t &#x1F331; &#233;") == "& <b> \"q\" 's 't 🌱 é")
        #expect(HTML.plainText("a&nbsp;b") == "a\u{A0}b")
        #expect(HTML.plainText("&copy; &#0; &#xD800; &#99999999; &amp &") == "&copy; &#0; &#xD800; &#99999999; &amp &")
        #expect(HTML.plainText("AT&T;") == "AT&T;")
    }

    @Test func whiteSpaceRunsBecomeOneSpaceAndTheEdgesNone() {
        #expect(HTML.plainText("\n\t <p>a\r\n\n b</p>\n") == "a b")
        #expect(HTML.plainText("") == "")
        #expect(HTML.plainText("<p></p>\n<hr />") == "")
        #expect(HTML.plainText("wo<em>rd</em>s") == "words")
    }

    @Test func invalidUTF8InABodyComesOutRepaired() {
        let html = String(decoding: [0x61, 0xFF, 0x3C, 0x62, 0x3E, 0x62] as [UInt8], as: UTF8.self)
        #expect(HTML.plainText(html) == "a\u{FFFD}b")
    }

    @Test(arguments: [
        "<p>\\ \"quoted\" &lt;/script&gt; &#x2028;&#8233; tab\tbell\u{07}</p>\n<p>next  line</p>",
        "<pre><code>a\n  b &amp; c</code></pre>",
        "plain words only",
        "",
    ])
    func aBodyIsEscapedAsItsTextWouldBe(_ html: String) {
        var direct = JSONText()
        var html = html
        html.withUTF8 { direct.string(plainTextOf: $0) }
        var twoSteps = JSONText()
        twoSteps.string(HTML.plainText(html))
        #expect(direct.bytes == twoSteps.bytes)
    }
}
