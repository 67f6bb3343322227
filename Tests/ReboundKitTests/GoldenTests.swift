import Testing
import ReboundKit
import ReboundTestSupport

/// The whole site built from `Fixtures/basic`, compared file by file with `Fixtures/golden/basic`.
///
/// After a deliberate change to the output, run `RECORD_GOLDEN=1 swift test --filter GoldenTests`,
/// review the baseline's diff, and commit it.
@Suite struct GoldenTests {
    @Test func theBasicWorkbookBuildsExactlyTheRecordedSite() async throws {
        let output = try TemporaryFolder()
        var options = BuildOptions(workbook: PackagePaths.fixture("basic"), output: output.url("site"))
        options.today = .fixedToday
        let report = try await Builder.build(options)
        #expect(report.diagnostics.isEmpty)
        #expect(report.entriesRead == 3)
        #expect(report.draftsSkipped == 1)
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
