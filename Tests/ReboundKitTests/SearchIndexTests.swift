import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// `search-index.js`, read back as `search.html` reads it: one record per entry and guide page.
@Suite struct SearchIndexTests {
    static let prefix = "window.REBOUND_SEARCH = "

    static let workbook: [String: String] = [
        "content/entries/2026-10-01-first-no.md": """
            ---
            title: The first no
            mood: 3
            emotions:
              - {name: hurt, intensity: 7, thought: "Nobody wanted me there.", after: 4}
            challenges:
              - {thought: "I always fail.", response: "I passed two rounds."}
            learned: ["Ask for feedback."]
            next: ["Apply again."]
            tags: [job-search, hope]
            ---

            ## What happened
            I **really** wanted it. See [the post](https://example.org/job) and `the code`.

            > A quote.

            ## What I learned
            - Rest comes first.
            """,
        "content/entries/2026-10-15-quiet.md": "---\ntitle: Café on a quiet day\n---\nJust _tea_.\n",
        "content/entries/2026-11-02-hostile.md": """
            ---
            title: "</script><script>alert(1)</script>"
            tags: ["<b>tag</b>"]
            ---
            Body with </script><script>alert(2)</script> in it & more.
            """,
        "content/entries/2026-11-05-unsent.md": "---\ntitle: Unsent\ndraft: true\n---\nA secret draft.\n",
        "content/pages/01-start-here.md": "---\ntitle: Start here\nsummary: Begin with this page.\n---\nRead *this* first.\n",
    ]

    /// The script's text and its records, parsed as JSON after the assignment is taken off.
    static func index(of output: URL) throws -> (text: String, records: [[String: String]]) {
        let text = try String(contentsOf: output.appending(path: "search-index.js"), encoding: .utf8)
        try #require(text.hasPrefix(prefix) && text.hasSuffix(";\n"), "not an assignment: \(text.prefix(80))")
        let json = text.dropFirst(prefix.count).dropLast(2)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]])
        return (text, records)
    }

    @Test func everyEntryAndGuidePageHasARecordNewestEntryFirst() async throws {
        let workbook = try TemporaryWorkbook(Self.workbook)
        let report = try await workbook.build()
        let output = try #require(report.output, "\(report.diagnostics)")
        let records = try Self.index(of: output).records
        #expect(records.map { $0["u"] } == [
            "entries/2026-11-02-hostile.html", "entries/2026-10-15-quiet.html", "entries/2026-10-01-first-no.html",
            "pages/start-here.html",
        ])
        for record in records {
            #expect(Set(record.keys) == ["u", "t", "d", "g", "e", "l", "b"])
            #expect(FileManager.default.fileExists(atPath: output.appending(path: record["u"] ?? "?").path), "\(record)")
        }
        #expect(records.map { $0["d"] } == ["2026-11-02", "2026-10-15", "2026-10-01", "Guide"])
        #expect(records.map { $0["t"] } == ["</script><script>alert(1)</script>", "Café on a quiet day", "The first no", "Start here"])
    }

    @Test func anEntryRecordCarriesTagsFeelingsThoughtsLessonsAndPlainText() async throws {
        let workbook = try TemporaryWorkbook(Self.workbook)
        let output = try #require(try await workbook.build().output)
        let record = try #require(try Self.index(of: output).records.first { $0["t"] == "The first no" })
        #expect(record["g"] == "job-search hope")
        #expect(record["e"] == "hurt · Nobody wanted me there. · I always fail. · I passed two rounds.")
        #expect(record["l"] == "Ask for feedback. · Rest comes first. · Apply again.")
        #expect(record["b"] == "What happened\nI really wanted it. See the post and the code.\nA quote.\nWhat I learned\nRest comes first.")
        for syntax in ["**", "](", "`", "> ", "## ", "- ", "https://"] {
            #expect(record["b"]?.contains(syntax) == false, "\(syntax) left in the body text")
        }
        #expect(try Self.index(of: output).records.first { $0["t"] == "Café on a quiet day" }?["b"] == "Just tea.")
    }

    @Test func aGuidePageRecordCarriesItsSummaryAndText() async throws {
        let workbook = try TemporaryWorkbook(Self.workbook)
        let output = try #require(try await workbook.build().output)
        let page = try #require(try Self.index(of: output).records.last)
        #expect(page == ["u": "pages/start-here.html", "t": "Start here", "d": "Guide", "g": "", "e": "", "l": "Begin with this page.", "b": "Read this first."])
    }

    @Test func draftsStayOutOfTheIndexUnlessBuiltWithDrafts() async throws {
        let workbook = try TemporaryWorkbook(Self.workbook)
        let without = try #require(try await workbook.build().output)
        #expect(try !Self.index(of: without).text.contains("secret draft"))
        let with = try #require(try await workbook.build(includeDrafts: true).output)
        #expect(try Self.index(of: with).records.first?["t"] == "Unsent")
    }

    @Test func hostileTextNeverAppearsRawAndTheFileHoldsNoAngleBracket() async throws {
        let workbook = try TemporaryWorkbook(Self.workbook)
        let output = try #require(try await workbook.build().output)
        let (text, records) = try Self.index(of: output)
        #expect(!text.contains("<"))
        #expect(!text.contains("</script"))
        #expect(text.contains(#"\u003c/script>\u003cscript>alert(1)\u003c/script>"#))
        let hostile = try #require(records.first)
        #expect(hostile["g"] == "<b>tag</b>")
        #expect(hostile["b"]?.contains("<script>") == false, "raw HTML in Markdown is left out of the body text")
    }

    @Test func searchPageLoadsTheIndexAndTheScriptByRelativePaths() async throws {
        let workbook = try TemporaryWorkbook(Self.workbook)
        let output = try #require(try await workbook.build().output)
        let page = try String(contentsOf: output.appending(path: "search.html"), encoding: .utf8)
        #expect(page.contains(#"<script src="search-index.js"></script>"#))
        #expect(page.contains(#"<script src="search.js"></script>"#))
        #expect(page.contains(#"id="search-box""#))
        let script = try String(contentsOf: output.appending(path: "search.js"), encoding: .utf8)
        #expect(script.contains("window.REBOUND_SEARCH"))
        for key in ["d.t", "d.g", "d.e", "d.l", "d.b", "doc.u"] { #expect(script.contains(key), "search.js no longer reads \(key)") }
    }

    /// Prints the size of the index for the starter workbook and, when the generator is there, 1,000 entries.
    @Test func searchIndexSize() async throws {
        let starter = try TemporaryFolder(prefix: "rebound-starter")
        try FileManager.default.removeItem(at: starter.url)
        try FileManager.default.createDirectory(at: starter.url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: PackagePaths.root.appending(path: "content"), to: starter.url("content"))
        try await Self.measure(starter.url, label: "the starter workbook")

        let generator = "/work/shared/bench/make-corpus"
        guard FileManager.default.isExecutableFile(atPath: generator) else {
            print("search index: skipped 1,000 entries, no \(generator)")
            return
        }
        let corpus = try TemporaryFolder(prefix: "rebound-corpus")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: generator)
        process.arguments = ["1000", corpus.url.path, "--seed", "1"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        try await Self.measure(corpus.url, label: "1,000 entries (make-corpus --seed 1)")
    }

    static func measure(_ root: URL, label: String) async throws {
        let output = try TemporaryFolder(prefix: "rebound-size")
        var options = BuildOptions(workbook: root, output: output.url("site"))
        options.today = .fixedToday
        let report = try await Builder.build(options)
        let site = try #require(report.output, "\(report.diagnostics.map(\.description))")
        let bytes = try Data(contentsOf: site.appending(path: "search-index.js")).count
        print("search index: \(bytes) bytes for \(label) (\(report.entriesRead) entries)")
        #expect(bytes > prefix.count + 3)
    }
}
