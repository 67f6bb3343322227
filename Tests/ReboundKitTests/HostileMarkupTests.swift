import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// Markup that would run script if it reached a page unescaped, each marked with where it was put.
private func payload(_ place: String) -> String {
    "<script>alert('\(place)')</script>\"><img src=x onerror=alert('\(place)')></textarea><script>alert(1)</script>"
}

/// The payload as a double-quoted YAML scalar.
private func yaml(_ place: String) -> String {
    "\"" + payload(place).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// A workbook with script in every field of every kind of file, in tags, in file names and in bodies.
private func hostileWorkbook(unsafeHTML: Bool) throws -> TemporaryWorkbook {
    let body = """
        # \(payload("heading"))

        Raw: <script>bodyOnly()</script> and <img src=x onerror=bodyOnly()> and </textarea><b onmouseover=bodyOnly()>b</b>

        <div class="mine" onclick="bodyOnly()">block</div>

        [click](javascript:alert('link')) [CLICK](JAVASCRIPT:alert('link')) <javascript:alert('autolink')>
        ![img](javascript:alert('image')) [data](data:text/html,<script>alert('data')</script>) [ref]

        [ref]: javascript:alert('reference')

        ```"><script>alert('info')</script>
        <script>alert('code')</script>
        ```

        ## What I learned

        - \(payload("body lesson"))

        ## Moving forward

        - \(payload("body next step"))

        """
    return try TemporaryWorkbook([
        "content/workbook.yaml": """
            title: \(yaml("site title"))
            author: \(yaml("author"))
            description: \(yaml("description"))
            unsafe_html: \(unsafeHTML)
            sections:
              learned: ["What I learned", \(yaml("learned heading"))]
              next: ["Moving forward"]

            """,
        "content/entries/2026-11-02-<img src=x onerror=alert('file name')>.md": """
            ---
            mood: 4
            kind: work
            emotions:
              - {name: \(yaml("emotion")), intensity: 7, thought: \(yaml("thought")), after: 3}
            challenges:
              - {thought: \(yaml("challenge")), response: \(yaml("response"))}
            self_care:
              - {sense: taste, what: \(yaml("self care"))}
            support: [\(yaml("support"))]
            habits: {sleep: 7, water: 6}
            learned: [\(yaml("lesson"))]
            next: [\(yaml("next step"))]
            tags: [\(yaml("tag")), "javascript:alert(1)", "</script>"]
            ---

            """ + body,
        "content/entries/2026-11-03-second.md": "---\ntitle: \(yaml("entry title"))\nmood: 6\ntags: [\(yaml("tag"))]\nemotions: [\(yaml("emotion"))]\n---\nSecond.\n",
        "content/pages/01-<script>alert('page file')<\\script>.md": "---\nsummary: \(yaml("summary"))\n---\n" + body,
        "content/pages/02-named.md": "---\ntitle: \(yaml("page title"))\n---\nText.\n",
        "content/affirmations/<img src=x onerror=alert('list file')>.md": "---\nintro: \(yaml("intro"))\n---\n- \(payload("affirmation"))\n- I try.\n",
        "content/affirmations/values.md": "---\ntitle: \(yaml("list title"))\n---\n- I listen.\n",
    ])
}

/// Where the payload was put in a front-matter field, a file name or workbook.yaml, never in a body.
private let fieldPlaces = [
    "site title", "author", "description", "emotion", "thought", "challenge", "response", "self care", "support",
    "lesson", "next step", "tag", "entry title", "summary", "page title", "intro", "list title",
]

/// Every file of the built site, with the build's report.
private func build(_ workbook: TemporaryWorkbook) async throws -> (report: BuildReport, tree: FolderTree) {
    let output = try TemporaryFolder()
    let report = try await workbook.build(output: output.url("site"))
    return (report, try FolderTree(reading: output.url("site")))
}

/// Script put in every field, tag, file name and body comes out escaped or dropped everywhere:
/// in every page, in `print.html` and in the search index.
@Suite struct HostileMarkupTests {
    @Test func scriptFromContentIsEscapedOrDroppedInEveryFile() async throws {
        let site = try await build(try hostileWorkbook(unsafeHTML: false))
        #expect(site.report.succeeded, "\(site.report.diagnostics)")
        #expect(site.tree.files.count > 15)
        #expect(SiteAudit.unsafeMarkup(in: site.tree) == [])
        for (path, bytes) in site.tree.files {
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for forbidden in ["<script>alert", "<img src=x", "</textarea>", "bodyonly()>", "<div class=\"mine\"", "href=\"javascript:", "src=\"javascript:", "href=\"data:text"] {
                #expect(!text.contains(forbidden), "\(path) holds \(forbidden)")
            }
        }
    }

    @Test func everyFieldStillShowsAsText() async throws {
        let site = try await build(try hostileWorkbook(unsafeHTML: false))
        let all = site.tree.files.filter { $0.key.hasSuffix(".html") }.map { String(decoding: $0.value, as: UTF8.self) }.joined()
        // Raw HTML written in a body is left out in safe mode; everything from a field shows as text.
        for place in fieldPlaces {
            #expect(all.contains("&lt;script&gt;alert(&#39;\(place)&#39;)&lt;/script&gt;"), "\(place) is not shown as text anywhere")
        }
        let print = try #require(site.tree.text("print.html"))
        for place in ["emotion", "thought", "challenge", "response", "lesson", "next step", "summary", "self care", "support"] {
            #expect(print.contains(place), "print.html lacks \(place)")
        }
    }

    @Test func fileNamesWithMarkupMakePlainSlugs() async throws {
        let site = try await build(try hostileWorkbook(unsafeHTML: false))
        #expect(site.tree.files["entries/2026-11-02-img-src-x-onerror-alert-file-name.html"] != nil)
        #expect(site.tree.files["pages/script-alert-page-file-script.html"] != nil)
        for path in site.tree.paths {
            #expect(path.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-./_".unicodeScalars.contains($0) }, "\(path)")
        }
    }

    @Test func theSearchIndexHoldsNoAngleBracketAndStillTheText() async throws {
        let site = try await build(try hostileWorkbook(unsafeHTML: false))
        let index = try #require(site.tree.text(Routes.searchIndex(year: 2026)))
        #expect(!index.contains("<"))
        #expect(!index.lowercased().contains("</script"))
        #expect(index.contains("\\u003cscript>alert('lesson')\\u003c/script>"))
        #expect(FolderTree.searchRecords(index) != nil)
    }

    @Test func theSearchIndexCannotBeClosedByAnyText() async throws {
        let tricky = ["</script>", "</SCRIPT >", "<!--", "<script>", "\u{2028}", "\u{2029}", "*/", "`${x}`", "\\u003c/script>"]
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-a.md": "---\ntitle: \(tricky.map { "x" + $0 }.joined(separator: " ").debugDescription)\n---\n" + tricky.joined(separator: "\n\n") + "\n",
        ])
        let site = try await build(workbook)
        #expect(site.report.succeeded, "\(site.report.diagnostics)")
        let index = try #require(site.tree.text(Routes.searchIndex(year: 2026)))
        #expect(!index.contains("<"))
        // What is added to the array is JSON, which JSONSerialization reads back.
        let records = try #require(FolderTree.searchRecords(index))
        #expect(records.first?["t"]?.contains("x</script>") == true)
    }

    @Test func withUnsafeHTMLOnlyTheBodysRawHTMLPasses() async throws {
        let site = try await build(try hostileWorkbook(unsafeHTML: true))
        #expect(site.report.succeeded, "\(site.report.diagnostics)")
        let entry = try #require(site.tree.text("entries/2026-11-02-img-src-x-onerror-alert-file-name.html"))
        #expect(entry.contains("<script>bodyOnly()</script>"))
        #expect(entry.contains("<div class=\"mine\" onclick=\"bodyOnly()\">block</div>"))
        #expect(site.tree.text("print.html")?.contains("<script>bodyOnly()</script>") == true)
        // Raw HTML from a body reaches only the pages that show bodies…
        let bodyPages = { (path: String) in path.hasPrefix("entries/") || path.hasPrefix("pages/") || path == "print.html" }
        for problem in SiteAudit.unsafeMarkup(in: site.tree) {
            #expect(bodyPages(String(problem.prefix { $0 != ":" })), "\(problem)")
        }
        // …and nothing from a field, a tag or a file name is raw anywhere.
        for (path, bytes) in site.tree.files where path.hasSuffix(".html") {
            let text = String(decoding: bytes, as: UTF8.self)
            for place in fieldPlaces + ["file name", "page file", "list file"] {
                #expect(!text.contains("<script>alert('\(place)')"), "\(path): \(place)")
                #expect(!text.contains("onerror=alert('\(place)')>"), "\(path): \(place)")
            }
        }
        #expect(!site.tree.searchIndexes.isEmpty && site.tree.searchIndexes.values.allSatisfy { !$0.contains("<") })
    }
}
