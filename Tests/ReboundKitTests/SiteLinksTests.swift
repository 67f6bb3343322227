import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// One `href` or `src` of a built page.
private struct Link: CustomStringConvertible {
    var page: String
    var target: String
    var description: String { "\(page) → \(target)" }
}

/// Builds `Fixtures/basic` (drafts included, so every kind of page exists) and reads every link.
private func builtSite() async throws -> (tree: FolderTree, links: [Link]) {
    let output = try TemporaryFolder()
    var options = BuildOptions(workbook: PackagePaths.fixture("basic"), output: output.url("site"))
    options.today = .fixedToday
    options.includeDrafts = true
    #expect(try await Builder.build(options).succeeded)
    let tree = try FolderTree(reading: output.url("site"))
    let pattern = /(?:href|src)="([^"]*)"/
    var links: [Link] = []
    for path in tree.paths where path.hasSuffix(".html") {
        for match in (tree.text(path) ?? "").matches(of: pattern) {
            links.append(Link(page: path, target: String(match.output.1)))
        }
    }
    return (tree, links)
}

/// The site path a relative link from `page` leads to, nil when it climbs out of the site.
private func resolve(_ target: String, from page: String) -> String? {
    var parts = page.split(separator: "/").dropLast().map(String.init)
    for part in target.split(separator: "/", omittingEmptySubsequences: false) {
        switch part {
        case "..": if parts.popLast() == nil { return nil }
        case ".": continue
        default: parts.append(String(part).removingPercentEncoding ?? String(part))
        }
    }
    return parts.joined(separator: "/")
}

/// The ids a page defines.
private func ids(in html: String) -> Set<String> {
    Set(html.matches(of: /\sid="([^"]*)"/).map { String($0.output.1) })
}

/// Where every page of a site works from `file://`: relative links that lead to real files and ids.
@Suite struct SiteLinksTests {
    @Test func anEmotionWrittenInAnyCaseOrSpacingLinksToItsOneSection() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-10-01-a.md": "---\nemotions: [\"Sadness \", hope]\n---\nOne.\n",
            "content/entries/2026-10-02-b.md": "---\nemotions: [sadness, \" SADNESS\"]\n---\nTwo.\n",
        ])
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let tree = try FolderTree(reading: site)
        let emotions = try #require(tree.text("emotions.html"))
        #expect(ids(in: emotions).contains("emotion-sadness"))
        #expect(!emotions.contains("emotion-sadness-2"), "one emotion, one section")
        for page in ["entries/2026-10-01-a.html", "entries/2026-10-02-b.html"] {
            let html = try #require(tree.text(page))
            #expect(html.contains("emotions.html#emotion-sadness\""), "\(page)")
        }
        #expect(tree.text("entries/2026-10-02-b.html")?.components(separatedBy: "emotions.html#emotion-sadness\"").count == 3)
    }

    @Test func noPageLoadsAnythingFromTheNetwork() async throws {
        let site = try await builtSite()
        #expect(!site.links.isEmpty)
        let remote = site.links.filter { $0.target.contains("//") || $0.target.hasPrefix("/") }
        #expect(remote.isEmpty, "\(remote)")
    }

    @Test func everyRelativeLinkLeadsToAFileOfTheSite() async throws {
        let site = try await builtSite()
        var broken: [Link] = []
        for link in site.links where !link.target.hasPrefix("#") && !link.target.hasPrefix("mailto:") && !link.target.isEmpty {
            let file = String(link.target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            if resolve(file, from: link.page).flatMap({ site.tree.files[$0] }) == nil { broken.append(link) }
        }
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test func everyFragmentLeadsToAnIdOnItsPage() async throws {
        let site = try await builtSite()
        var broken: [Link] = []
        for link in site.links where link.target.contains("#") {
            let parts = link.target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            var page = link.page
            if !parts[0].isEmpty { page = resolve(parts[0], from: link.page) ?? "" }
            let fragment = parts[1].removingPercentEncoding ?? parts[1]
            if !fragment.isEmpty, !ids(in: site.tree.text(page) ?? "").contains(fragment) { broken.append(link) }
        }
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test func noPageHasTheSameIdTwice() async throws {
        let site = try await builtSite()
        var repeated: [String] = []
        for path in site.tree.paths where path.hasSuffix(".html") {
            let all = (site.tree.text(path) ?? "").matches(of: /\sid="([^"]*)"/).map { String($0.output.1) }
            let counts = Dictionary(all.map { ($0, 1) }, uniquingKeysWith: +)
            repeated += counts.filter { $0.value > 1 }.map { "\(path)#\($0.key)" }
        }
        #expect(repeated.isEmpty, "\(repeated.sorted())")
    }

    @Test func bodyHeadingsNamedLikeThePagesOwnPartsGetIdsOfTheirOwn() async throws {
        let headings = ["Main", "Feelings", "Feelings title", "Challenges title", "Care title", "Lessons title", "Next title", "Mood title", "Entry body"]
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-ids.md": "---\nmood: 5\nemotions: [sad]\nchallenges: [x]\nlearned: [y]\nnext: [z]\nsupport: [Maya]\n---\n"
                + headings.map { "## \($0)\n\nText.\n\n" }.joined(),
        ])
        let output = try TemporaryFolder()
        #expect(try await workbook.build(output: output.url("site")).succeeded)
        let html = try output.read("site/entries/2026-11-02-ids.html")
        let all = html.matches(of: /\sid="([^"]*)"/).map { String($0.output.1) }
        #expect(all.count == Set(all).count, "\(all.sorted())")
    }

    @Test func everyPageAsksNotToBeIndexed() async throws {
        let site = try await builtSite()
        let pages = site.tree.paths.filter { $0.hasSuffix(".html") }
        #expect(pages.filter { !(site.tree.text($0) ?? "").contains("noindex") }.isEmpty)
    }
}
