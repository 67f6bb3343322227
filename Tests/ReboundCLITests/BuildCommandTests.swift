import Foundation
import Testing
import ReboundTestSupport

/// `rebound build` run as a process, as a person runs it.
@Suite struct BuildCommandTests {
    @Test func buildingAWorkbookPrintsOneSummaryLineAndSucceeds() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let result = try ReboundCommand.run(["build", "--workbook", workbook.root.path, "--today", "2026-11-10"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr == "")
        let line = result.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("Wrote 17 pages from 3 entries, 1 draft left out to \(workbook.url("public").path) in "))
        #expect(line.hasSuffix(" ms"))
        #expect(Int(line.split(separator: " ").dropLast().last ?? "") != nil)
        #expect(workbook.exists("public/index.html"))
        #expect(workbook.exists("public/entries/2026-10-01-the-first-no.html"))
    }

    @Test func theWorkbookDefaultsToTheCurrentFolderAndPathsArePrintedRelativeToIt() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let result = try ReboundCommand.run(["build", "--today", "2026-11-10"], in: workbook.root)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Wrote 17 pages from 3 entries, 1 draft left out to public in "))
    }

    @Test func draftsAreBuiltWhenAskedFor() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let result = try ReboundCommand.run(["build", "-w", workbook.root.path, "--drafts", "--today", "2026-11-10"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.hasPrefix("Wrote 18 pages from 4 entries to "))
        #expect(workbook.exists("public/entries/2026-10-25-unsent-letter.html"))
    }

    @Test func quietPrintsNothingOnSuccess() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let result = try ReboundCommand.run(["build", "-w", workbook.root.path, "--quiet"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "")
    }

    @Test func aBrokenWorkbookPrintsDiagnosticsExitsOneAndKeepsThePreviousSite() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let output = try TemporaryFolder()
        let site = output.url("site")
        let first = try ReboundCommand.run(["build", "-w", workbook.root.path, "-o", site.path, "--today", "2026-11-10"])
        #expect(first.exitCode == 0, "\(first)")
        let before = try FolderTree(reading: site)

        try workbook.write("content/entries/2026-11-03-broken.md", "---\ntitle: Broken\nmood: 12\nkind: job\n---\nBody\n")
        let result = try ReboundCommand.run(["build", "-w", workbook.root.path, "-o", site.path, "--today", "2026-11-10"])
        #expect(result.exitCode == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            content/entries/2026-11-03-broken.md:3:7: error: 'mood' must be a whole number from 0 to 10, found "12"
            content/entries/2026-11-03-broken.md:4:7: error: 'kind' must be one of romantic, friendship, work, school, family, creative, other, found "job"
            error: 2 errors; nothing was written

            """)
        #expect(try FolderTree(reading: site) == before)
    }

    @Test func aFolderWithoutContentExitsTwoWithAMessage() throws {
        let folder = try TemporaryFolder()
        let result = try ReboundCommand.run(["build", "--workbook", folder.url.path])
        #expect(result.exitCode == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == "error: no content/ folder in \(folder.url.path); run 'rebound init' there to start a workbook, or pass --workbook DIR\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test func anOutputFolderHoldingOtherFilesExitsTwoAndIsLeftAlone() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try workbook.write("mine/thesis.txt", "years of work")
        let result = try ReboundCommand.run(["build", "-w", workbook.root.path, "-o", workbook.url("mine").path])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("holds files Rebound did not make (thesis.txt); nothing was changed"))
        #expect(try workbook.read("mine/thesis.txt") == "years of work")
        #expect(!workbook.exists("mine/index.html"))
    }

    @Test func anOutputInsideContentExitsTwo() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let result = try ReboundCommand.run(["build", "-w", workbook.root.path, "-o", workbook.url("content/site").path])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("is inside content/; choose a folder outside it with --output"))
        #expect(!workbook.exists("content/site"))
    }

    @Test func anImpossibleDateArgumentIsRefused() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let result = try ReboundCommand.run(["build", "-w", workbook.root.path, "--today", "2026-02-30"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("2026-02-30"))
        #expect(!workbook.exists("public"))
    }

    @Test func buildKeepsTheEntriesItReadForTheNextBuildAndCheckWritesNothing() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        let check = try ReboundCommand.run(["check", "-w", workbook.root.path])
        #expect(check.exitCode == 0, "\(check)")
        #expect(!workbook.exists(".rebound-cache"))
        let first = try ReboundCommand.run(["build", "-w", workbook.root.path, "--today", "2026-11-10"])
        #expect(first.exitCode == 0, "\(first)")
        #expect(workbook.exists(".rebound-cache"))
    }

    /// A cache file of 16 MB makes the build start itself again with huge pages, where the kernel
    /// gives them on request; the build that goes on is the one asked for, with the same
    /// arguments, folder and output. This cache file is not one Rebound wrote, and is replaced.
    @Test func aBuildLargeEnoughToStartAgainWithHugePagesBuildsAsAskedInTheSameFolder() throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try workbook.write(".rebound-cache", bytes: [UInt8](repeating: 0, count: 16 << 20))
        let result = try ReboundCommand.run(["build", "-w", ".", "-o", "site", "--today", "2026-11-10"], in: workbook.root)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("Wrote 17 pages from 3 entries, 1 draft left out to site in "))
        #expect(workbook.exists("site/entries/2026-10-01-the-first-no.html"))
        let cache = try FileManager.default.attributesOfItem(atPath: workbook.url(".rebound-cache").path)
        #expect((cache[.size] as? Int ?? 0) < 1 << 20)
    }
}
