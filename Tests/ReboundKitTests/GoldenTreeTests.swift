import Foundation
import Testing
import ReboundTestSupport

private func tree(_ files: [String: String]) -> FolderTree {
    FolderTree(files: files.mapValues { Array($0.utf8) })
}

/// The golden-tree helper itself: if it let differences through, every golden test would be worthless.
@Suite struct GoldenTreeTests {
    private let baseline = tree([".rebound-site": "marker", "index.html": "<h1>Home</h1>\n", "entries/a.html": "one\ntwo\nthree\nfour\n"])

    @Test func identicalTreesHaveNoDifferences() {
        #expect(GoldenTree.differences(output: baseline, baseline: baseline).isEmpty)
    }

    @Test func aMissingFileIsADifference() {
        var output = baseline
        output.files[".rebound-site"] = nil
        #expect(GoldenTree.differences(output: output, baseline: baseline) == [.missing(".rebound-site")])
    }

    @Test func anUnexpectedFileIsADifference() {
        var output = baseline
        output.files["entries/b.html"] = Array("new".utf8)
        #expect(GoldenTree.differences(output: output, baseline: baseline) == [.unexpected("entries/b.html")])
    }

    @Test func changedContentsShowTheFirstDifferingLinesWithContext() throws {
        var output = baseline
        output.files["entries/a.html"] = Array("one\ntwo\nTHREE\nfour\n".utf8)
        let differences = GoldenTree.differences(output: output, baseline: baseline)
        #expect(differences.map(\.path) == ["entries/a.html"])
        let text = try #require(differences.first).description
        #expect(text == """
            entries/a.html: differs from the baseline
              first difference at line 3:
                one
                two
              - three
              - four
              - \("")
              + THREE
              + four
              + \("")
            """)
    }

    @Test func binaryFilesReportTheFirstDifferingByte() {
        let old = FolderTree(files: ["a.png": [0x89, 0x50, 0xFF, 0x00]])
        let new = FolderTree(files: ["a.png": [0x89, 0x50, 0xFE, 0x00]])
        #expect(GoldenTree.differences(output: new, baseline: old) == [
            .changed("a.png", diff: "  binary contents differ at byte 2 (4 bytes expected, 4 found)"),
        ])
    }

    @Test func verifyingNamesEveryDifferenceOfTwoFolders() throws {
        let folder = try TemporaryFolder()
        try folder.write("baseline/index.html", "old")
        try folder.write("baseline/gone.html", "x")
        try folder.write("output/index.html", "new")
        try folder.write("output/extra.html", "y")
        let problems = try GoldenTree.verify(output: folder.url("output"), baseline: folder.url("baseline"), recording: false)
        #expect(problems.map { $0.prefix { $0 != "\n" } } == [
            "extra.html: in the output but not in the baseline",
            "gone.html: in the baseline but not in the output",
            "index.html: differs from the baseline",
        ])
    }

    @Test func expectMatchFailsTheTestWhenFoldersDiffer() throws {
        let folder = try TemporaryFolder()
        try folder.write("baseline/index.html", "old")
        try folder.write("output/index.html", "new")
        try withKnownIssue {
            try GoldenTree.expectMatch(output: folder.url("output"), baseline: folder.url("baseline"), recording: false)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.hasPrefix("index.html: differs from the baseline") }
        }
    }

    @Test func recordingRewritesTheBaselineAndFailsOnceForReview() throws {
        let folder = try TemporaryFolder()
        try folder.write("baseline/stale.html", "old")
        try folder.write("output/.rebound-site", "marker")
        try folder.write("output/entries/a.html", "fresh")
        try withKnownIssue {
            try GoldenTree.expectMatch(output: folder.url("output"), baseline: folder.url("baseline"), recording: true)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("Review the changes, then run the tests again without RECORD_GOLDEN") }
        }
        #expect(try FolderTree(reading: folder.url("baseline")) == FolderTree(reading: folder.url("output")))
        #expect(try GoldenTree.verify(output: folder.url("output"), baseline: folder.url("baseline"), recording: false).isEmpty)
    }
}
