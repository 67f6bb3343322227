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

/// User templates that are broken or that would never finish rendering.
@Suite struct HostileTemplateTests {
    @Test func aTemplateThatIncludesItselfIsAnErrorNotAStackOverflow() throws {
        let loaded = try theme(["tag.mustache": "<p>{{title}}</p>\n{{> tag}}\n"])
        #expect(loaded.theme == nil)
        #expect(loaded.diagnostics == [
            "Templates/tag.mustache:2:1: error: the template includes itself (tag → tag), so it would never finish; remove the '{{> tag}}'",
        ])
    }

    @Test func templatesThatIncludeEachOtherInACircleAreAnError() throws {
        let loaded = try theme([
            "tag.mustache": "{{> badge}}",
            "badge.mustache": "one\n  {{> chip}}",
            "chip.mustache": "{{#title}}{{> badge}}{{/title}}",
        ])
        #expect(loaded.theme == nil)
        #expect(loaded.diagnostics == [
            "Templates/badge.mustache:2:3: error: the template includes itself (badge → chip → badge), so it would never finish; remove the '{{> chip}}'",
        ])
    }

    @Test func aLayoutThatIncludesAPageIncludingTheLayoutIsAnError() async throws {
        let workbook = try TemporaryWorkbook([
            "content/entries/2026-11-02-walk.md": "A walk.\n",
            "Templates/layout.mustache": "<html>{{$content}}{{/content}}{{> index}}</html>\n",
        ])
        let report = try await workbook.build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.map(\.description).contains {
            $0.hasPrefix("Templates/layout.mustache:1:") && $0.contains("the template includes itself (layout → index → layout)")
        }, "\(report.diagnostics)")
        #expect(!workbook.exists("public"))
    }

    @Test func changedDelimitersCannotHideACircle() throws {
        let loaded = try theme(["tag.mustache": "{{=<% %>=}}\n<%> badge%>", "badge.mustache": "{{> tag}}"])
        #expect(loaded.theme == nil)
        #expect(loaded.diagnostics == [
            "Templates/badge.mustache:1:1: error: the template includes itself (badge → tag → badge), so it would never finish; remove the '{{> tag}}'",
        ])
    }

    @Test func aPartialUsedTwiceWithoutACircleIsFine() throws {
        let loaded = try theme(["tag.mustache": "{{> badge}} {{> badge}}", "badge.mustache": "{{title}}"])
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.theme?.render("tag", ["title": "x"]) == "x x")
    }

    @Test func aMissingPartialInsideAnAddedPartialIsReportedWhereItIsUsed() throws {
        let loaded = try theme(["tag.mustache": "{{> badge}}", "badge.mustache": "a\nb {{> nowhere}}\n"])
        #expect(loaded.theme == nil)
        #expect(loaded.diagnostics == [
            "Templates/badge.mustache:2:3: error: the template refers to 'nowhere', which does not exist; add Templates/nowhere.mustache or fix the name",
        ])
    }

    @Test func aSyntaxErrorInAnAddedPartialNamesItsFileAndLine() throws {
        let loaded = try theme(["tag.mustache": "{{> badge}}", "badge.mustache": "one\ntwo\n{{#a}}\n{{/b}}\n"])
        #expect(loaded.theme == nil)
        let first = try #require(loaded.diagnostics.first)
        #expect(first.hasPrefix("Templates/badge.mustache:4:"))
        #expect(first.hasSuffix(": error: template syntax error: a section is closed with a different name than it was opened with"))
    }

    @Test func aTemplateThatIsNotAFileIsWarnedAndTheDefaultKept() throws {
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-walk.md": "A walk.\n"])
        try FileManager.default.createDirectory(at: workbook.url("Templates/tag.mustache"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workbook.url("Templates/entry.mustache").path, withDestinationPath: "/etc/passwd")
        var diagnostics: [Diagnostic] = []
        let loaded = Theme.load(workbookRoot: workbook.root, diagnostics: &diagnostics)
        #expect(loaded != nil)
        #expect(diagnostics.map(\.description) == [
            "Templates/entry.mustache: warning: is not a regular file and was ignored",
            "Templates/tag.mustache: warning: is not a regular file and was ignored",
        ])
    }

    @Test func aTemplatesFolderThatIsALinkIsNotFollowed() async throws {
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-walk.md": "A walk.\n"])
        let elsewhere = try TemporaryFolder()
        try elsewhere.write("tag.mustache", "{{> nowhere}}")
        try FileManager.default.createSymbolicLink(at: workbook.url("Templates"), withDestinationURL: elsewhere.url)
        #expect(try await workbook.diagnostics() == [
            "Templates: warning: is a symbolic link and was not followed, so the default theme is used; move the real folder here",
        ])
        #expect(try await workbook.build().succeeded)
    }
}
