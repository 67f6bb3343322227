import Testing
@testable import ReboundKit

private let sections = ["learned": ["What I learned"], "next": ["Moving forward"]]

private func render(_ text: String, unsafe: Bool = false, reserved: Set<String> = []) -> RenderedMarkdown {
    Markdown.render(text, options: .init(unsafeHTML: unsafe, sections: sections, reservedIDs: reserved))
}

@Suite struct MarkdownTests {
    @Test func anEmptyFirstHeadingIsNoTitle() {
        #expect(Markdown.render("#\n\nSome text.\n", options: .init(dropLeadingTitle: true)).leadingTitle == nil)
        #expect(Markdown.render("# <b></b>\n\nSome text.\n", options: .init(unsafeHTML: true)).leadingTitle == nil)
        #expect(Markdown.render("# Named\n").leadingTitle == "Named")
    }

    // MARK: Images: nothing is loaded from the network

    @Test(arguments: [false, true])
    func anImageFromTheWebBecomesALinkToIt(unsafe: Bool) {
        #expect(render("![A view](https://example.com/x.png \"Hill\")", unsafe: unsafe).html
            == "<p><a href=\"https://example.com/x.png\" title=\"Hill\">A view</a></p>\n")
        #expect(render("![](//example.com/a.png) and ![b](FTP://example.com/b.png)", unsafe: unsafe).html
            == "<p><a href=\"//example.com/a.png\">//example.com/a.png</a> and <a href=\"FTP://example.com/b.png\">b</a></p>\n")
    }

    @Test(arguments: [false, true])
    func anImageAtAnAddressNoPageMayLoadIsItsDescription(unsafe: Bool) {
        #expect(render("![pic](javascript:alert(1)) ![*d*](file:///etc/hosts) ![e]() ![f](data:text/html,x)", unsafe: unsafe).html
            == "<p>pic <em>d</em> e f</p>\n")
    }

    @Test func anImageInTheSiteOrInThePageStaysAnImage() {
        #expect(render("![p](assets/p.png) ![q](../assets/q%20r.png) ![d](data:image/png;base64,AAAA)").html
            == "<p><img src=\"assets/p.png\" alt=\"p\" /> <img src=\"../assets/q%20r.png\" alt=\"q\" /> <img src=\"data:image/png;base64,AAAA\" alt=\"d\" /></p>\n")
        #expect(render("[![inside](https://example.com/i.png)](assets/big.png)").html
            == "<p><a href=\"assets/big.png\">inside</a></p>\n", "a link holds no other link")
    }

    @Test func punctuationIsMadeTypographic() {
        let html = render("\"Quoted\" -- it's done --- really...").html
        #expect(html == "<p>“Quoted” – it’s done — really…</p>\n")
    }

    // MARK: Safety

    @Test func rawHTMLIsLeftOutByDefault() {
        let html = render("<script>alert(1)</script>\n\nA <b>bold</b> word.").html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(html.contains("bold"))
    }

    @Test(arguments: ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:msgbox", "data:text/html,<script>x</script>"])
    func dangerousLinksLoseTheirTarget(url: String) {
        let html = render("[click](\(url))").html
        #expect(html == "<p><a href=\"\">click</a></p>\n")
    }

    @Test func ordinaryLinksAndImagesStay() {
        let html = render("[a](https://example.org/x?y=1) ![b](assets/c.png)").html
        #expect(html.contains("<a href=\"https://example.org/x?y=1\">a</a>"))
        #expect(html.contains("<img src=\"assets/c.png\" alt=\"b\" />"))
    }

    @Test func unsafeHTMLLetsRawHTMLThrough() {
        let html = render("<div class=\"box\">kept</div>\n\nA <b>bold</b> word.", unsafe: true).html
        #expect(html.contains("<div class=\"box\">kept</div>"))
        #expect(html.contains("<b>bold</b>"))
    }

    @Test func plainTextLeavesOutRawHTMLTags() {
        let rendered = render("## What I learned\n\n- A <b>bold</b> move.\n")
        #expect(rendered.sections["learned"]?.map(\.text) == ["A bold move."])
        #expect(rendered.listItems == ["A bold move."])
    }

    // MARK: Headings

    @Test func headingsGetIdsFromTheirText() {
        let rendered = render("## What *happened* today?\n\n### Café & tea\n")
        #expect(rendered.headings == [
            Heading(level: 2, text: "What happened today?", id: "what-happened-today"),
            Heading(level: 3, text: "Café & tea", id: "cafe-tea"),
        ])
        #expect(rendered.html.contains("<h2 id=\"what-happened-today\">What <em>happened</em> today?</h2>"))
    }

    @Test func repeatedHeadingsGetNumberedIds() {
        let ids = render("## Notes\n\n## Notes\n\n## Notes 2\n\n## Notes\n").headings.map(\.id)
        #expect(ids == ["notes", "notes-2", "notes-2-2", "notes-3"])
        #expect(Set(ids).count == ids.count)
    }

    @Test func idsAreTheSameOnEveryRender() {
        let text = "## One\n\n## Two\n\n## One\n"
        #expect(render(text) == render(text))
    }

    @Test func reservedIdsAreNeverTaken() {
        let ids = render("## Lessons\n\n## Mood\n", reserved: ["lessons", "mood", "mood-2"]).headings.map(\.id)
        #expect(ids == ["lessons-2", "mood-3"])
        let repeated = render("## Mood\n\n## Mood\n\n## Mood 2\n", reserved: ["mood", "mood-2"]).headings.map(\.id)
        #expect(repeated == ["mood-3", "mood-4", "mood-2-2"])
    }

    @Test func aHeadingWithoutLettersGetsAFallbackId() {
        #expect(render("## ???\n").headings.map(\.id) == ["section"])
    }

    @Test func theOpeningLevelOneHeadingIsTheLeadingTitle() {
        #expect(render("# Title\n\nText").leadingTitle == "Title")
        #expect(render("Text\n\n# Later").leadingTitle == nil)
        #expect(render("## Smaller\n").leadingTitle == nil)
        let dropped = Markdown.render("# Title\n\nText", options: .init(dropLeadingTitle: true))
        #expect(dropped.html == "<p>Text</p>\n")
        #expect(dropped.headings.isEmpty)
    }

    // MARK: Memory

    /// Documents small and far larger than a block of the parsing arena, with text that grows
    /// cmark's buffers step by step, each rendered alone and then many at once on every core.
    static let documents: [String] = (0..<48).map { number in
        let paragraph = "Paragraph \(number) with *emphasis*, `code`, a [link](https://example.org/\(number)) and \"quotes\".\n\n"
        let list = (0..<(number % 7)).map { "- item \($0) of \(number)\n" }.joined()
        let long = number % 12 == 0 ? String(repeating: "word ", count: 70_000 * (number / 12 + 1)) + "\n\n" : ""
        return "## Part \(number)\n\n" + String(repeating: paragraph, count: number % 5 + 1) + list + long + "## What I learned\n\n- Lesson \(number)\n"
    }

    @Test func documentsRenderedAtOnceOnManyThreadsComeOutAsEachAlone() async {
        let alone = Self.documents.map { render($0) }
        let together = await withTaskGroup(of: (Int, RenderedMarkdown).self) { group in
            for _ in 0..<4 {
                for (index, document) in Self.documents.enumerated() {
                    group.addTask { (index, render(document)) }
                }
            }
            var results: [(Int, RenderedMarkdown)] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(together.count == alone.count * 4)
        for (index, rendered) in together {
            #expect(rendered == alone[index])
        }
        #expect(alone[12].html.utf8.count > 2 * 256 * 1024, "a document larger than an arena block")
        #expect(alone[5].sections["learned"]?.map(\.text) == ["Lesson 5"])
    }
}
