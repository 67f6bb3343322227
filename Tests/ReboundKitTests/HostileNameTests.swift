import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// Builds `workbook` into a fresh folder and returns the report and the tree written.
private func built(_ workbook: TemporaryWorkbook) async throws -> (report: BuildReport, tree: FolderTree) {
    let output = try TemporaryFolder()
    let report = try await workbook.build(output: output.url("site"))
    return (report, try FolderTree(reading: output.url("site")))
}

/// Names of files, tags and slugs that try to leave their folder, clash, or outgrow file systems.
@Suite struct HostileNameTests {
    @Test func tagsThatLookLikePathsMakePagesInsideTheTagsFolder() async throws {
        let tags = ["..", ".", "", "   ", "/", "a/b", "..\\..\\x", "%2F", "%2e%2e%2f", "../../etc/passwd", "con", "NUL", "Lpt1", "aux.txt", "~", "?#", "<script>"]
        let list = tags.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\") + "\"" }.joined(separator: ", ")
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-paths.md": "---\ntags: [\(list)]\n---\nBody.\n"])
        let site = try await built(workbook)
        #expect(site.report.succeeded, "\(site.report.diagnostics)")
        #expect(site.tree.paths.filter { $0.hasPrefix("tags/") } == [
            "tags/2e-2e-2f.html", "tags/2f.html", "tags/a-b.html", "tags/aux-txt.html", "tags/con-page.html", "tags/etc-passwd.html",
            "tags/lpt1-page.html", "tags/nul-page.html", "tags/script.html", "tags/tag-2e.html", "tags/tag-2e-2e.html",
            "tags/tag-2f.html", "tags/tag-3f-23.html", "tags/tag-7e.html", "tags/x.html",
        ].sorted())
        #expect(SiteAudit.escapingPaths(in: site.tree).isEmpty)
        #expect(SiteAudit.brokenLinks(in: site.tree).isEmpty, "\(SiteAudit.brokenLinks(in: site.tree))")
    }

    @Test(arguments: [
        ("x..y.md", "x-y"), ("con.md", "con-page"), ("%2F%2e%2e.md", "2f-2e-2e"), ("a\\b.md", "a-b"), ("<script>.md", "script"),
        ("  .md", "entry"), ("--.md", "entry-2d-2d"),
    ])
    func entryFileNamesBecomeSlugsThatStayInTheirFolder(file: String, slug: String) async throws {
        let workbook = try TemporaryWorkbook(["content/entries/" + file: "---\ndate: 2026-11-02\n---\nBody.\n"])
        let result = try await workbook.load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.workbook?.entries.map(\.slug) == [slug])
    }

    @Test func namesLongerThanAFileSystemAllowsAreCut() async throws {
        let longASCII = "2026-11-02-" + String(repeating: "word-", count: 48)  // 254 bytes with ".md"
        let longCJK = String(repeating: "日", count: 84)  // 255 bytes with ".md"
        let longTag = String(repeating: "🌧️ rain ", count: 400)
        let workbook = try TemporaryWorkbook([
            "content/entries/\(longASCII).md": "Body.\n",
            "content/entries/\(longCJK).md": "---\ndate: 2026-11-03\ntags: [\"\(longTag)\", \"\(String(repeating: "ü", count: 300))\"]\n---\nBody.\n",
            "content/pages/\(longCJK).md": "Chapter.\n",
        ])
        let site = try await built(workbook)
        #expect(site.report.succeeded, "\(site.report.diagnostics)")
        for path in site.tree.paths {
            for part in path.split(separator: "/") { #expect(part.utf8.count <= 255, "\(path)") }
        }
        let names = site.tree.paths.filter { $0.hasPrefix("entries/") || $0.hasPrefix("tags/") || $0.hasPrefix("pages/") }
        #expect(names.count == 5)
        for path in names {
            let name = path.split(separator: "/").last!.dropLast(5)
            #expect(name.utf8.count <= Slug.maximumBytes, "\(path)")
            #expect(!name.hasSuffix("-"), "\(path)")
        }
    }

    @Test func aFolderIsListedInTheOrderOfItsNamesBytes() throws {
        let folder = try TemporaryFolder()
        // Two spellings of "é" are two files, which a comparison of texts would take as equal.
        for name in ["b.md", "\u{E9}.md", "e\u{301}.md", "B.md", "a.md"] { try folder.write(name, "x") }
        let names = try FileSystem.list(folder.url.path).map(\.name)
        #expect(names.map { Array($0.utf8) } == [Array("B.md".utf8), Array("a.md".utf8), Array("b.md".utf8), Array("e\u{301}.md".utf8), Array("\u{E9}.md".utf8)])
    }

    @Test func slugsThatDifferOnlyInCaseCollide() {
        let found = WorkbookLoader.collisions([("walk", "a.md"), ("Walk", "b.md"), ("WALK-é", "c.md"), ("walk-É", "d.md"), ("other", "e.md")], folder: "entries")
        #expect(found.map(\.path) == ["b.md", "d.md"])
    }

    @Test func twoLongNamesThatAgreeInTheirFirstEightyBytesAreAnErrorNotALoss() async throws {
        let stem = "2026-11-02-" + String(repeating: "a", count: 90)
        let workbook = try TemporaryWorkbook([
            "content/entries/\(stem)-one.md": "One.\n",
            "content/entries/\(stem)-two.md": "Two.\n",
        ])
        let found = try await workbook.diagnostics()
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("content/entries/\(stem)-two.md:1:1: error: makes the same page entries/") == true)
        #expect(found.first?.hasSuffix("; rename one of the two files") == true)
    }

    @Test func pagesAndListsWhoseNamesSlugTheSameAreAnError() async throws {
        let workbook = try TemporaryWorkbook([
            "content/pages/01-Why it hurts.md": "One.\n",
            "content/pages/02-why-it-hurts.md": "Two.\n",
            "content/affirmations/My Values.md": "- One.\n",
            "content/affirmations/my_values.md": "- Two.\n",
        ])
        #expect(try await workbook.diagnostics() == [
            "content/affirmations/my_values.md:1:1: error: makes the same page affirmations/my-values.html as content/affirmations/My Values.md; rename one of the two files",
            "content/pages/02-why-it-hurts.md:1:1: error: makes the same page pages/why-it-hurts.html as content/pages/01-Why it hurts.md; rename one of the two files",
        ])
    }

    @Test func assetsWhoseNamesDifferOnlyInCaseOrAccentsAreAnError() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-walk.md": "A walk.\n",
            "content/assets/Photo.png": "one",
            "content/assets/photo.png": "two",
            "content/assets/caf\u{E9}.txt": "composed",
            "content/assets/Trip/a.png": "one",
            "content/assets/trip/a.png": "two",
        ])
        // Swift compares strings by canonical equivalence, so this one cannot share the literal above.
        try workbook.write("content/assets/cafe\u{301}.txt", "decomposed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workbook.url("content/assets").path).count == 6)
        let found = try await workbook.diagnostics()
        #expect(found.count == 3, "\(found)")
        #expect(found.allSatisfy { $0.contains(": error: has the same name as content/assets/") && $0.hasSuffix("so rename one of the two") })
        #expect(try await workbook.build().succeeded == false)
    }

    @Test func filesWhoseNamesAreNotUTF8AreAnErrorNamingThem() async throws {
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-01-fine.md": "Fine.\n"])
        for folder in ["content/entries", "content/assets"] {
            try FileManager.default.createDirectory(at: workbook.url(folder), withIntermediateDirectories: true)
            let path = workbook.url(folder).path + "/2026-11-02-caf"
            var bytes = Array(path.utf8) + [0xE9] + Array(".md".utf8) + [0]
            let descriptor = bytes.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT, 0o644) }
            }
            #expect(descriptor >= 0)
            close(descriptor)
        }
        #expect(try await workbook.diagnostics() == [
            "content/assets/2026-11-02-caf\u{FFFD}.md: error: the name is not UTF-8 text, so it cannot be opened; rename it in your file manager",
            "content/entries/2026-11-02-caf\u{FFFD}.md: error: the name is not UTF-8 text, so it cannot be opened; rename it in your file manager",
        ])
    }

    @Test func emotionNamesThatClashWithThePagesOwnIdsStillLinkToTheirOwnSection() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-ids.md": "---\nemotions: [main, challenged, \"😢\", \"😭\"]\nchallenges: [x]\n---\nBody.\n",
        ])
        let site = try await built(workbook)
        #expect(site.report.succeeded)
        let emotions = try #require(site.tree.text("emotions.html"))
        let ids = emotions.matches(of: /\sid="([^"]*)"/).map { String($0.output.1) }
        let entry = try #require(site.tree.text("entries/2026-11-02-ids.html"))
        let chips = entry.matches(of: /emotions\.html#([^"]*)"/).map { String($0.output.1) }
        #expect(Set(chips).count == 4, "\(chips)")
        #expect(ids.count == Set(ids).count, "\(ids.sorted())")
        for chip in chips { #expect(ids.contains(chip), "\(chip) is not an id of emotions.html") }
    }
}
