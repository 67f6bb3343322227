import Foundation
import Testing
import ReboundTestSupport

/// `rebound init` run as a process, as a person starts a workbook.
@Suite struct InitCommandTests {
    @Test func initIntoAnEmptyFolderGivesAWorkbookThatBuildsAndChecksClean() throws {
        let folder = try TemporaryFolder()
        let target = folder.url("my-workbook")
        let result = try ReboundCommand.run(["init", target.path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("Started a workbook in \(target.path) ("))
        #expect(result.stdout.contains("rebound new"))

        let tree = try FolderTree(reading: target)
        for path in ["content/workbook.yaml", "Templates/layout.mustache", "Templates/style.css", "Templates/search.js",
                     "Templates/search.mustache", "Templates/error.mustache"] {
            #expect(tree.files[path] != nil, "\(path) missing")
        }
        #expect(tree.paths.contains { $0.hasPrefix("content/entries/") && $0.hasSuffix(".md") })
        #expect(tree.paths.contains { $0.hasPrefix("content/pages/") })
        #expect(tree.paths.contains { $0.hasPrefix("content/affirmations/") })
        // The starter content is the repository's, byte for byte.
        let repository = try FolderTree(reading: PackagePaths.root.appending(path: "content"))
        #expect(tree.files.filter { $0.key.hasPrefix("content/") } == Dictionary(uniqueKeysWithValues: repository.files.map { ("content/" + $0.key, $0.value) }))

        let check = try ReboundCommand.run(["check", "-w", target.path, "--today", "2026-11-10"])
        #expect(check.exitCode == 0, "\(check)")
        #expect(check.stderr == "", "check printed a warning")
        #expect(check.stdout.hasPrefix("No errors in "))
        #expect(!check.stdout.contains("warning"))

        let build = try ReboundCommand.run(["build", "-w", target.path, "--today", "2026-11-10"])
        #expect(build.exitCode == 0, "\(build)")
        #expect(build.stderr == "")
        for page in ["index.html", "search.html", "search-index.js", "timeline.html", "print.html"] {
            #expect(FileManager.default.fileExists(atPath: target.appending(path: "public/\(page)").path), "\(page)")
        }
    }

    @Test func initDefaultsToTheCurrentFolder() throws {
        let folder = try TemporaryFolder()
        let result = try ReboundCommand.run(["init"], in: folder.url)
        #expect(result.exitCode == 0, "\(result)")
        #expect(folder.exists("content/workbook.yaml"))
        #expect(folder.exists("Templates/layout.mustache"))
    }

    @Test func initIntoAFolderWithStarterFilesExitsTwoListsThemAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        #expect(try ReboundCommand.run(["init", folder.url.path]).exitCode == 0)
        try folder.write("content/workbook.yaml", "title: My own title\n")
        try folder.write("Templates/style.css", "body { color: teal }\n")
        try folder.write("content/entries/2026-11-20-mine.md", "---\ntitle: Mine\n---\nMy words.\n")
        let before = try FolderTree(reading: folder.url)

        let result = try ReboundCommand.run(["init", folder.url.path])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("error: \(folder.url.path) already has "))
        #expect(result.stderr.contains("nothing was written"))
        #expect(result.stderr.contains("\n  content/"), "the existing files are listed")
        #expect(result.stderr.contains("--force"))
        #expect(try FolderTree(reading: folder.url) == before, "init changed files it refused to write")
    }

    @Test func theRefusalNamesTheFilesThatAreInTheWay() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/workbook.yaml", "title: Mine\n")
        try folder.write("Templates/layout.mustache", "{{$content}}{{/content}}\n")
        let before = try FolderTree(reading: folder.url)
        let result = try ReboundCommand.run(["init", folder.url.path])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("already has 2 of the starter files"))
        #expect(result.stderr.contains("  content/workbook.yaml\n"))
        #expect(result.stderr.contains("  Templates/layout.mustache\n"))
        #expect(try FolderTree(reading: folder.url) == before)
    }

    @Test func forceReplacesStarterFilesAndKeepsTheRest() throws {
        let folder = try TemporaryFolder()
        try folder.write("content/workbook.yaml", "title: My own title\n")
        try folder.write("content/entries/2026-11-20-mine.md", "---\ntitle: Mine\n---\nMy words.\n")
        let result = try ReboundCommand.run(["init", folder.url.path, "--force"])
        #expect(result.exitCode == 0, "\(result)")
        let starter = try Data(contentsOf: PackagePaths.root.appending(path: "content/workbook.yaml"))
        #expect(try Data(contentsOf: folder.url("content/workbook.yaml")) == starter)
        #expect(try folder.read("content/entries/2026-11-20-mine.md") == "---\ntitle: Mine\n---\nMy words.\n")
    }

    @Test func unrelatedFilesStayAsTheyWere() throws {
        let folder = try TemporaryFolder()
        try folder.write("notes.txt", "shopping list\n")
        try folder.write("photos/sea.jpg", bytes: [0xFF, 0xD8, 0xFF, 0x00, 0x01])
        try folder.write(".git/HEAD", "ref: refs/heads/main\n")
        let before = try FolderTree(reading: folder.url)
        let result = try ReboundCommand.run(["init", folder.url.path])
        #expect(result.exitCode == 0, "\(result)")
        let after = try FolderTree(reading: folder.url)
        for (path, bytes) in before.files { #expect(after.files[path] == bytes, "\(path) changed") }
        #expect(after.files["content/workbook.yaml"] != nil)
    }

    @Test func quietPrintsNothing() throws {
        let folder = try TemporaryFolder()
        let result = try ReboundCommand.run(["init", folder.url.path, "--quiet"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "")
        #expect(folder.exists("content/workbook.yaml"))
    }
}
