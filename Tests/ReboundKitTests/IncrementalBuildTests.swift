import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// A build into an existing site writes only what changed, and always leaves exactly the
/// site a build from scratch would make.
@Suite struct IncrementalBuildTests {
    /// Every kind of change a person makes between two builds.
    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case body, frontMatter, tagAdded, entryDeleted, entryRenamed, entryAdded, template, workbookYAML, assetRemoved, chapterReordered

        var testDescription: String { rawValue }

        func apply(to workbook: TemporaryWorkbook) throws {
            let entry = "content/entries/2026-10-05-a-quieter-day.md"
            switch self {
            case .body:
                try workbook.write(entry, try workbook.read(entry).replacingOccurrences(of: "I slept in and it helped.", with: "I slept in, and it helped a lot."))
            case .frontMatter:
                try workbook.write(entry, try workbook.read(entry).replacingOccurrences(of: "mood: 5", with: "mood: 8"))
            case .tagAdded:
                try workbook.write(entry, try workbook.read(entry).replacingOccurrences(of: "tags: [Job Search, job-search, rest]", with: "tags: [Job Search, rest, new-tag]"))
            case .entryDeleted:
                try FileManager.default.removeItem(at: workbook.url(entry))
            case .entryRenamed:
                try FileManager.default.moveItem(at: workbook.url(entry), to: workbook.url("content/entries/2026-10-06-renamed.md"))
            case .entryAdded:
                try workbook.write("content/entries/2026-11-01-new.md", "---\nmood: 7\ntags: [rest]\nlearned: [Something new.]\n---\nA new day.\n")
            case .template:
                try workbook.write("Templates/tag.mustache", "{{<layout}}{{$content}}<h1>Only {{name}}</h1>{{/content}}{{/layout}}")
            case .workbookYAML:
                try workbook.write("content/workbook.yaml", "title: A New Title\n")
            case .assetRemoved:
                try FileManager.default.removeItem(at: workbook.url("content/assets/note.txt"))
            case .chapterReordered:
                try FileManager.default.moveItem(at: workbook.url("content/pages/01-why-it-hurts.md"), to: workbook.url("content/pages/03-why-it-hurts.md"))
            }
        }
    }

    @Test(arguments: Change.allCases)
    func aChangeGivesExactlyTheSiteOfAFreshBuild(_ change: Change) async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        try change.apply(to: workbook)
        let report = try await workbook.build(output: site)
        #expect(report.succeeded)
        #expect(report.files.written + report.files.removed > 0)
        #expect(report.files.unchanged > 0, "a small change rewrote the whole site")

        let fresh = workbook.url("fresh")
        #expect(try await workbook.build(output: fresh).succeeded)
        let differences = GoldenTree.differences(output: try FolderTree(reading: site), baseline: try FolderTree(reading: fresh))
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test func anUnchangedBuildWritesNothing() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        _ = try await workbook.build(output: site)
        let before = try modificationTimes(in: site)
        let report = try await workbook.build(output: site)
        #expect(report.files.written == 0 && report.files.removed == 0)
        #expect(report.files.unchanged == before.count - 1)  // every file but the marker
        #expect(try modificationTimes(in: site) == before)
    }

    @Test func changingOneBodyRewritesOnlyThePagesThatShowIt() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let site = workbook.url("site")
        _ = try await workbook.build(output: site)
        let before = try modificationTimes(in: site)
        try Change.body.apply(to: workbook)
        let report = try await workbook.build(output: site)
        let after = try modificationTimes(in: site)
        let touched = Set(after.keys.filter { after[$0] != before[$0] })
        // The entry itself, the search index, the printed workbook and the manifest: nothing else shows the body.
        #expect(touched == ["entries/2026-10-05-a-quieter-day.html", "search-index.js", "print.html", ".rebound-site"])
        #expect(report.files.written == 3)
    }

    private func modificationTimes(in folder: URL) throws -> [String: Date] {
        var times: [String: Date] = [:]
        let base = folder.path
        for path in ReboundKit.OutputWriter.files(under: base) {
            times[path] = try FileManager.default.attributesOfItem(atPath: base + "/" + path)[.modificationDate] as? Date
        }
        return times
    }
}
