import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// Loads the theme of a workbook holding `templates` (by file name under `Templates/`).
private func theme(_ templates: [String: String]) throws -> (theme: Theme?, diagnostics: [String]) {
    let workbook = try TemporaryWorkbook(Dictionary(uniqueKeysWithValues: templates.map { ("Templates/" + $0.key, $0.value) }))
    var diagnostics: [Diagnostic] = []
    let theme = Theme.load(workbookRoot: workbook.root, diagnostics: &diagnostics)
    return (theme, diagnostics.map(\.description))
}

@Suite struct ThemeTests {
    @Test func theBuiltInThemeHasEveryRequiredTemplate() throws {
        let theme = try Theme.builtIn()
        #expect(Set(Theme.requiredTemplates).isSubset(of: theme.templateNames))
    }

    @Test func aWorkbookWithoutTemplatesUsesTheBuiltInTheme() throws {
        let loaded = try theme([:])
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.theme?.templateNames == (try Theme.builtIn()).templateNames)
    }

    @Test func aTemplateOfTheSameNameReplacesTheDefault() throws {
        let loaded = try theme(["tag.mustache": "My tag page: {{title}}"])
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.theme?.render("tag", ["title": "rest"]) == "My tag page: rest")
        #expect(try Theme.builtIn().render("tag", ["title": "rest"]) != "My tag page: rest")
    }

    @Test func anOverriddenTemplateShowsUpInTheBuiltSite() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-walk.md": "A walk.\n",
            "Templates/morning.mustache": "<p>Good morning from {{site.title}}</p>\n",
        ])
        let output = try TemporaryFolder()
        let report = try await workbook.build(output: output.url("site"))
        #expect(report.succeeded)
        #expect(try output.read("site/morning.html") == "<p>Good morning from My Rebound Workbook</p>\n")
    }

    @Test func aStaticFileOfTheSameNameReplacesTheDefault() async throws {
        let loaded = try theme(["search.js": "// mine\n"])
        #expect(loaded.theme?.staticFiles["search.js"] == "// mine\n")
    }

    @Test func anUnclosedSectionIsReportedAtTheTagThatOpensIt() throws {
        let loaded = try theme(["entry.mustache": "<h1>{{title}}</h1>\n<ul>\n{{#emotions}}\n  <li>{{name}}</li>\n</ul>\n"])
        #expect(loaded.theme == nil)
        #expect(loaded.diagnostics == ["Templates/entry.mustache:3:1: error: template syntax error: a section is opened but never closed"])
    }

    @Test func aMismatchedClosingTagIsReportedAtItsLine() throws {
        let loaded = try theme(["tag.mustache": "one\ntwo\n{{#a}}\n{{/b}}\n"])
        let error = try #require(loaded.diagnostics.first)
        #expect(error.hasPrefix("Templates/tag.mustache:4:"))
        #expect(error.hasSuffix(": error: template syntax error: a section is closed with a different name than it was opened with"))
    }

    @Test func aMissingPartialIsReportedWhereItIsUsed() throws {
        let loaded = try theme(["tag.mustache": "<main>\n  {{> sidebar }}\n</main>\n"])
        #expect(loaded.theme == nil)
        #expect(loaded.diagnostics == [
            "Templates/tag.mustache:2:3: error: the template refers to 'sidebar', which does not exist; add Templates/sidebar.mustache or fix the name",
        ])
    }

    @Test func valuesAreEscapedAndTripleBracesAreNot() throws {
        let loaded = try theme(["tag.mustache": "{{name}}|{{{name}}}"])
        #expect(loaded.theme?.render("tag", ["name": "<b>Tom & \"Jo\"'s</b>"]) == "&lt;b&gt;Tom &amp; &quot;Jo&quot;&#39;s&lt;/b&gt;|<b>Tom & \"Jo\"'s</b>")
        #expect(loaded.theme?.render("tag", ["name": "plain words"]) == "plain words|plain words")
    }

    @Test func aNewPartialCanBeAddedAndUsed() throws {
        let loaded = try theme(["tag.mustache": "[{{> badge}}]", "badge.mustache": "{{title}}!"])
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.theme?.render("tag", ["title": "rest"]) == "[rest!]")
    }

    @Test func aStrayTemplateIsAWarningNamingTheDefaults() throws {
        let loaded = try theme(["sidebar.mustache": "<aside>{{title}}</aside>"])
        #expect(loaded.theme != nil)
        #expect(loaded.diagnostics.count == 1)
        let warning = try #require(loaded.diagnostics.first)
        #expect(warning.hasPrefix("Templates/sidebar.mustache: warning: is not a template of the theme and no template uses it; the default templates are "))
        #expect(warning.contains("entry.mustache"))
    }

    @Test func aFileThatIsNotAWebFileIsWarnedAndNeverPublished() throws {
        let loaded = try theme(["notes.txt": "my private notes", "extra.css": "p { color: teal }"])
        #expect(loaded.diagnostics == [
            "Templates/notes.txt: warning: is neither a template (.mustache) nor a stylesheet, script or image, so it is not published",
        ])
        #expect(loaded.theme?.staticFiles["notes.txt"] == nil)
        #expect(loaded.theme?.staticFiles["extra.css"] == "p { color: teal }")
    }

    @Test func aTemplateThatIsNotUTF8IsAnError() async throws {
        let workbook = try TemporaryWorkbook()
        try workbook.write("Templates/tag.mustache", bytes: [0x61, 0xFF])
        #expect(try await workbook.diagnostics() == [
            "Templates/tag.mustache:1:2: error: the file is not UTF-8 text: byte 0xFF at offset 1 cannot be read; save the file as UTF-8 in your editor",
        ])
    }

    @Test func valuesAreEscapedForHTML() throws {
        let html = try Theme.builtIn().render("tag", ["title": "<script>&\"'"])
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
    }
}
