import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// The whole site built from `Fixtures/basic`, compared file by file with `Fixtures/golden/basic`.
///
/// After a deliberate change to the output, run `RECORD_GOLDEN=1 swift test --filter GoldenTests`,
/// review the baseline's diff, and commit it.
///
/// The manifest's sources, digests that include which program built the site, are compared
/// as `-`: they change with every build of Rebound itself.
@Suite struct GoldenTests {
    @Test func theBasicWorkbookBuildsExactlyTheRecordedSite() async throws {
        let output = try TemporaryFolder()
        var options = BuildOptions(workbook: PackagePaths.fixture("basic"), output: output.url("site"))
        options.today = .fixedToday
        let report = try await Builder.build(options)
        #expect(report.diagnostics.isEmpty)
        #expect(report.entriesRead == 3)
        #expect(report.draftsSkipped == 1)
        let marker = output.url("site/.rebound-site")
        let lines = try String(contentsOf: marker, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let withSource = lines.dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: "\t", omittingEmptySubsequences: false) }.filter { $0[2] != "-" }.map { String($0[3]) }
        let known = [Routes.timeline, Routes.emotions, Routes.learned, Routes.print, Routes.searchIndex]
        #expect(withSource.sorted() == withSource.filter {
                    $0.hasPrefix("entries/") || $0.hasPrefix("tags/") || $0.hasPrefix("search-index-") || known.contains($0)
                }.sorted(),
                "only entry pages, the search scripts, the printed workbook and the pages known by a digest of their context record their source")
        #expect(withSource.contains(Routes.searchIndex(year: 2026)))
        #expect(withSource.count { $0.hasPrefix("entries/") } == report.entriesRead, "every entry page records its source")
        #expect(known.allSatisfy(withSource.contains) && withSource.contains { $0.hasPrefix("tags/") })
        let blanked = [lines[0]] + lines.dropFirst().map { line -> Substring in
            var fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            if fields.count == 4 { fields[2] = "-" }
            return Substring(fields.joined(separator: "\t"))
        }
        try Data(blanked.joined(separator: "\n").utf8).write(to: marker)
        try GoldenTree.expectMatch(output: output.url("site"), baseline: PackagePaths.fixture("golden/basic"))
    }

    @Test func buildingTwiceGivesTheSameBytes() async throws {
        let output = try TemporaryFolder()
        for name in ["one", "two"] {
            var options = BuildOptions(workbook: PackagePaths.fixture("basic"), output: output.url(name))
            options.today = .fixedToday
            #expect(try await Builder.build(options).succeeded)
        }
        #expect(try FolderTree(reading: output.url("one")) == FolderTree(reading: output.url("two")))
    }

    @Test func theBuildNeverWritesIntoTheWorkbook() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let before = try FolderTree(reading: workbook.root)
        let output = try TemporaryFolder()
        #expect(try await workbook.build(output: output.url("site")).succeeded)
        #expect(try FolderTree(reading: workbook.root) == before)
    }
}
