import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// Builds `workbook` into a fresh folder and returns the report and the tree written.
private func built(_ workbook: TemporaryWorkbook) async throws -> (report: BuildReport, tree: FolderTree) {
    let output = try TemporaryFolder()
    let report = try await workbook.build(output: output.url("site"))
    return (report, try FolderTree(reading: output.url("site")))
}

/// Text that is not what an editor usually saves: other encodings, other line endings, NUL
/// bytes, right-to-left scripts, emoji and combining marks, terminal escape sequences.
@Suite struct HostileTextTests {
    // MARK: Bytes that are not UTF-8: an error naming the file, line, column and byte offset

    @Test(arguments: [
        ("content/workbook.yaml", Array("title: Caf".utf8) + [0xE9] + Array("\n".utf8), "content/workbook.yaml:1:11: error: the file is not UTF-8 text: byte 0xE9 at offset 10"),
        ("content/pages/01-a.md", Array("---\ntitle: A\n---\n\nx".utf8) + [0xC0, 0xAF], "content/pages/01-a.md:5:2: error: the file is not UTF-8 text: byte 0xC0 at offset 19"),
        ("content/affirmations/a.md", Array("- I ".utf8) + [0xED, 0xA0, 0x80] + Array(" try\n".utf8), "content/affirmations/a.md:1:5: error: the file is not UTF-8 text: byte 0xED at offset 4"),
        ("content/entries/2026-11-02-a.md", [0xFF, 0xFE] + Array("-\0-\0-\0".utf8), "content/entries/2026-11-02-a.md:1:1: error: the file is not UTF-8 text: byte 0xFF at offset 0"),
        ("content/entries/2026-11-02-b.md", Array("---\ntitle: \"".utf8) + [0xF8, 0x88, 0x80, 0x80, 0x80] + Array("\"\n---\n".utf8), "content/entries/2026-11-02-b.md:2:9: error: the file is not UTF-8 text: byte 0xF8 at offset 12"),
    ])
    func bytesThatAreNotUTF8AreAnErrorInEveryKindOfFile(path: String, bytes: [UInt8], expected: String) async throws {
        let workbook = try TemporaryWorkbook()
        try workbook.write(path, bytes: bytes)
        let found = try await workbook.diagnostics()
        #expect(found == [expected + " cannot be read; save the file as UTF-8 in your editor"])
        let report = try await workbook.build()
        #expect(!report.succeeded)
        #expect(!workbook.exists("public"))
    }

    // MARK: Line endings and byte-order marks change nothing in the site

    @Test func lineEndingsAndAByteOrderMarkBuildTheSameEntryPage() async throws {
        let text = "---\ntitle: Same\nmood: 4\ntags: [rest]\nlearned: [\"Rest first.\"]\n---\n## What happened\n\nA line\nand the next.\n\n## What I learned\n\n- Sleep helps.\n"
        var pages: [String: [UInt8]] = [:]
        let variants: [(String, [UInt8])] = [
            ("lf", Array(text.utf8)),
            ("crlf", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            ("cr", Array(text.replacingOccurrences(of: "\n", with: "\r").utf8)),
            ("bom-crlf", [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
        ]
        for (name, bytes) in variants {
            let workbook = try TemporaryWorkbook()
            try workbook.write("content/entries/2026-11-02-same.md", bytes: bytes)
            let site = try await built(workbook)
            #expect(site.report.diagnostics.isEmpty, "\(name): \(site.report.diagnostics)")
            pages[name] = site.tree.files["entries/2026-11-02-same.html"]
        }
        #expect(pages["lf"] != nil)
        for name in ["crlf", "cr", "bom-crlf"] { #expect(pages[name] == pages["lf"], "\(name)") }
        let html = String(decoding: pages["lf"] ?? [], as: UTF8.self)
        #expect(!html.contains("\r") && !html.contains("\u{FEFF}"))
    }

    // MARK: NUL bytes

    @Test func nulBytesInEveryPartOfAFileNeverReachTheSite() async throws {
        let workbook = try TemporaryWorkbook()
        try workbook.write("content/entries/2026-11-02-nul.md", bytes: Array("---\ntitle: A\0B\ntags: [x\0y]\nlearned: [\"one\0two\"]\n---\nBody\0text\n".utf8))
        try workbook.write("content/workbook.yaml", bytes: Array("title: My\0Book\n".utf8))
        let site = try await built(workbook)
        #expect(site.report.succeeded)
        #expect(site.report.diagnostics.map(\.description) == [
            "content/entries/2026-11-02-nul.md:2:9: warning: the file holds NUL bytes; they were replaced with \u{FFFD}",
            "content/workbook.yaml:1:10: warning: the file holds NUL bytes; they were replaced with \u{FFFD}",
        ])
        for (path, bytes) in site.tree.files { #expect(!bytes.contains(0), "\(path) holds a NUL byte") }
        #expect(site.tree.text("entries/2026-11-02-nul.html")?.contains("A\u{FFFD}B") == true)
        #expect(site.tree.files["tags/x-y.html"] != nil)
    }

    // MARK: Scripts, emoji and combining marks in titles, slugs and tags

    @Test func rightToLeftTitlesTagsAndFileNamesMakeWorkingPages() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-רחוב-שקט.md": "---\ntitle: יום קשה\ntags: [رفض, \"עבודה\"]\n---\nכתבתי הרבה.\n",
            "content/entries/2026-11-03-رسالة.md": "---\ntitle: \"رسالة \u{202E}لم تُرسل\"\ntags: [رفض]\n---\nكتبت.\n",
        ])
        let site = try await built(workbook)
        #expect(site.report.succeeded, "\(site.report.diagnostics)")
        #expect(site.tree.files["entries/2026-11-02-רחוב-שקט.html"] != nil)
        #expect(site.tree.files["entries/2026-11-03-رسالة.html"] != nil)
        #expect(site.tree.files["tags/رفض.html"] != nil)
        #expect(site.tree.files["tags/עבודה.html"] != nil)
        #expect(SiteAudit.brokenLinks(in: site.tree).isEmpty, "\(SiteAudit.brokenLinks(in: site.tree))")
        #expect(site.tree.text("entries/2026-11-02-רחוב-שקט.html")?.contains("יום קשה") == true)
        #expect(site.tree.text("tags/رفض.html")?.contains("2026-11-03-%D8%B1%D8%B3%D8%A7%D9%84%D8%A9.html") == true)
    }

    @Test func emojiAndCombiningMarksInTitlesAndTagsMakeWorkingPages() async throws {
        let zalgo = "Z\u{0351}\u{0346}\u{0307}a\u{0352}\u{0310}l\u{0344}g\u{0346}o"
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-rain.md": "---\ntitle: \"Rain 🌧️ and tea ☕️, e\u{0301}te\u{0301} \(zalgo)\"\ntags: [\"🌧️\", \"☔\", \"e\u{0301}te\u{0301}\", \"été\", \"👩‍👩‍👧\"]\nemotions: [\"😢\"]\n---\nA day of 🌧️.\n",
        ])
        let site = try await built(workbook)
        #expect(site.report.succeeded, "\(site.report.diagnostics)")
        let tags = site.tree.paths.filter { $0.hasPrefix("tags/") }
        // Two spellings of "été" are one tag; each emoji is a tag of its own.
        #expect(tags == ["tags/ete.html", "tags/tag-1f327.html", "tags/tag-1f469-1f469-1f467.html", "tags/tag-2614.html"])
        #expect(site.tree.text("entries/2026-11-02-rain.html")?.contains("Rain 🌧️ and tea ☕️") == true)
        #expect(SiteAudit.brokenLinks(in: site.tree).isEmpty, "\(SiteAudit.brokenLinks(in: site.tree))")
    }

    @Test func twoEntriesNamedOnlyWithEmojiGetPagesOfTheirOwn() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/🌧️.md": "---\ndate: 2026-11-01\n---\nRain.\n",
            "content/entries/☔.md": "---\ndate: 2026-11-02\n---\nUmbrella.\n",
        ])
        let site = try await built(workbook)
        #expect(site.report.succeeded, "\(site.report.diagnostics)")
        #expect(site.tree.paths.filter { $0.hasPrefix("entries/") } == ["entries/entry-1f327.html", "entries/entry-2614.html"])
    }

    // MARK: What is printed on a terminal

    @Test func controlCharactersInValuesArePrintedAsEscapes() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-colours.md": "---\nmood: \"\\e[2J\\e[31m\"\nkind: \"\u{202E}krow\"\n---\n",
        ])
        let found = try await workbook.diagnostics()
        #expect(found == [
            "content/entries/2026-11-02-colours.md:2:7: error: 'mood' must be a whole number from 0 to 10, found \"\\u{1B}[2J\\u{1B}[31m\"",
            "content/entries/2026-11-02-colours.md:3:7: error: 'kind' must be one of romantic, friendship, work, school, family, creative, other, found \"\\u{202E}krow\"",
        ])
        for line in found { #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E }) }
    }

    @Test func aFileNameThatWouldDriveTheTerminalIsAnErrorPrintedAsEscapes() async throws {
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-\u{1B}]0;owned\u{07}\u{9B}.md": "Body.\n"])
        #expect(try await workbook.diagnostics() == [
            "content/entries/2026-11-02-\\u{1B}]0;owned\\u{7}\\u{9B}.md: error: the name holds a line break or another control character; rename it",
        ])
    }

    @Test func theDiagnosticKeepsTheRawTextForMachines() async throws {
        let result = try await TemporaryWorkbook.loadEntry("---\nmood: \"\\e\"\n---\n")
        #expect(result.diagnostics.first?.contains("found \"\\u{1B}\"") == true)
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-a.md": "---\nmood: \"\\e\"\n---\n"])
        let raw = try await workbook.load().diagnostics.first?.message
        #expect(raw == "'mood' must be a whole number from 0 to 10, found \"\u{1B}\"")
    }
}
