import Foundation
import Testing
import ReboundKit

@Suite struct RoutesTests {
    @Test(arguments: [
        ("index.html", ""),
        ("timeline.html", ""),
        ("entries/2026-11-02-the-interview.html", "../"),
        ("tags/job-search.html", "../"),
        ("assets/photos/2026/walk.jpg", "../../../"),
    ])
    func theRootOfAPageLeadsBackToTheSiteFolder(route: String, root: String) {
        #expect(Routes.root(of: route) == root)
    }

    /// An entry's link, written at once, is its route made an `href`, with the anchor after it.
    @Test(arguments: ["2026-11-02-the-interview", "a_b.c~d", "caf\u{E9} & tea", "../up", "50%", "", "x/y"])
    func anEntrysLinkIsItsRouteAsAnHrefWithItsAnchor(slug: String) {
        #expect(Routes.entryHref(slug) == Routes.href(Routes.entry(slug)))
        #expect(Routes.entryHref(slug, anchor: "lesson-ask-for-help") == Routes.href(Routes.entry(slug)) + "#lesson-ask-for-help")
        #expect(Routes.entryHref(slug, anchor: "") == Routes.href(Routes.entry(slug)) + "#")
    }

    @Test func everyRouteIsRelative() {
        let routes = [Routes.index, Routes.entry("a"), Routes.page("b"), Routes.tag("c"), Routes.asset("d/e.png")]
        #expect(routes == ["index.html", "entries/a.html", "pages/b.html", "tags/c.html", "assets/d/e.png"])
        #expect(routes.allSatisfy { !$0.hasPrefix("/") && !$0.contains("://") })
    }

    @Test func hrefsArePercentEncodedSegmentBySegment() {
        #expect(Routes.href("tags/привет-мир.html") == "tags/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82-%D0%BC%D0%B8%D1%80.html")
        #expect(Routes.href("assets/my photo #1?.jpg") == "assets/my%20photo%20%231%3F.jpg")
        #expect(Routes.href("entries/a&b\"c'd.html") == "entries/a%26b%22c%27d.html")
    }

    @Test func safeCharactersAndSlashesAreKept() {
        #expect(Routes.href("entries/2026-11-02_the.interview~1.html") == "entries/2026-11-02_the.interview~1.html")
    }

    @Test func aRootAndAnHrefMakeALinkThatResolvesFromThePage() throws {
        let from = "entries/2026-11-02-the-interview.html"
        let link = Routes.root(of: from) + Routes.href(Routes.tag("café"))
        let base = try #require(URL(string: "file:///site/" + from))
        #expect(URL(string: link, relativeTo: base)?.absoluteURL.path == "/site/tags/café.html")
    }
}
