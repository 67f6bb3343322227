import Testing
import ReboundKit
import ReboundTestSupport

@Suite struct SlugTests {
    @Test(arguments: [
        ("The Interview", "the-interview"),
        ("2026-11-02-the-interview", "2026-11-02-the-interview"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("Ñandú & Co.", "nandu-co"),
        ("Привет мир", "привет-мир"),
        ("日本語のメモ", "日本語のメモ"),
        ("नमस्ते दुनिया", "नमस्ते-दुनिया"),
        ("  lots   of   space  ", "lots-of-space"),
        ("job_search!!!", "job-search"),
        ("ＦＵＬＬ width", "full-width"),
    ])
    func namesBecomeLowerCaseWordsJoinedByHyphens(name: String, slug: String) {
        #expect(Slug.make(name, fallback: "x") == slug)
    }

    @Test(arguments: [
        ("..", "page"), ("../../etc/passwd", "etc-passwd"), ("a/b", "a-b"), ("a\\b", "a-b"),
        ("a%2Fb", "a-2fb"), ("%2e%2e%2f", "2e-2e-2f"), ("", "page"), ("   ", "page"), ("🌧️☔", "page"), ("?#&", "page"),
    ])
    func pathTricksAndEmptyNamesCannotEscapeTheirFolder(name: String, slug: String) {
        let made = Slug.make(name, fallback: "page")
        #expect(made == slug)
        #expect(!made.contains("/") && !made.contains("\\") && !made.contains("%") && !made.contains(".."))
    }

    @Test(arguments: ["con", "CON", "nul", "aux", "prn", "com1", "lpt9"])
    func namesReservedOnWindowsGetASuffix(name: String) {
        #expect(Slug.make(name, fallback: "page") == name.lowercased() + "-page")
    }

    @Test func namesThatOnlyStartLikeReservedOnesAreKept() {
        #expect(Slug.make("console", fallback: "page") == "console")
        #expect(Slug.make("con artist", fallback: "page") == "con-artist")
    }

    @Test func longNamesAreCutToEightyBytesWithoutATrailingHyphen() {
        let slug = Slug.make(String(repeating: "word ", count: 40), fallback: "x")
        #expect(slug.utf8.count <= Slug.maximumBytes)
        #expect(!slug.hasSuffix("-"))
        #expect(slug.hasPrefix("word-word"))
    }

    @Test(arguments: ["word ", "word-", "wörd ", "two  ", "x"])
    func whatComesAfterTheCutDoesNotChangeTheSlug(_ piece: String) {
        let long = String(repeating: "Kind words ", count: 8) + "to myself"
        for tail in ["", " café", " — ünïcode", " 日本", "’s end"] {
            let withTail = long + String(repeating: piece, count: 10) + tail
            #expect(Slug.make(withTail, fallback: "x") == Slug.make(long, fallback: "x"), "\(withTail)")
        }
        #expect(Slug.make(long, fallback: "x").utf8.count == Slug.maximumBytes, "the text is long enough to be cut")
    }

    @Test func longNamesAreCutOnACharacterBoundary() {
        let slug = Slug.make(String(repeating: "é", count: 30) + String(repeating: "日", count: 30), fallback: "x")
        #expect(slug.utf8.count <= Slug.maximumBytes)
        #expect(slug.utf8.count > Slug.maximumBytes - 3)
        #expect(slug.hasPrefix(String(repeating: "e", count: 30)))
        #expect(slug.unicodeScalars.allSatisfy { $0 == "e" || $0 == "日" })
    }

    @Test func slugsAreStable() {
        let name = "The Trip on My Feed — Part 2"
        #expect(Slug.make(name, fallback: "x") == Slug.make(name, fallback: "x"))
        #expect(Slug.make(name, fallback: "x") == "the-trip-on-my-feed-part-2")
    }

    // MARK: Collisions between files

    @Test func twoEntryFilesDifferingOnlyInCaseAreAnErrorNamingBoth() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-Interview.md": "One\n",
            "content/entries/2026-11-02-interview.md": "Two\n",
        ])
        let result = try await workbook.load()
        #expect(result.workbook == nil)
        #expect(result.diagnostics.map(\.description) == [
            "content/entries/2026-11-02-interview.md:1:1: error: makes the same page entries/2026-11-02-interview.html as content/entries/2026-11-02-Interview.md; rename one of the two files",
        ])
    }

    @Test func entriesInDifferentFoldersWithTheSameNameCollide() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026/2026-11-02-walk.md": "One\n",
            "content/entries/2026-11-02-walk.md": "Two\n",
        ])
        let found = try await workbook.diagnostics()
        #expect(found.count == 1)
        #expect(found.first?.contains("makes the same page entries/2026-11-02-walk.html as content/entries/") == true)
    }

    @Test func accentedAndPlainNamesCollideToo() async throws {
        let workbook = try TemporaryWorkbook([
            "content/pages/café.md": "One\n",
            "content/pages/cafe.md": "Two\n",
        ])
        let found = try await workbook.diagnostics()
        #expect(found.count == 1)
        #expect(found.first?.contains("makes the same page pages/cafe.html as content/pages/") == true)
    }
}
