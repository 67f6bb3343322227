import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

private struct Finished: CustomStringConvertible {
    var exitCode: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit code \(exitCode)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)" }
}

/// Runs `rebound` with some environment variables set (a value) or removed (nil).
private func rebound(_ arguments: [String], in directory: URL? = nil, environment overrides: [String: String?]) throws -> Finished {
    let process = Process()
    process.executableURL = PackagePaths.reboundExecutable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    for (name, value) in overrides { environment[name] = value }
    process.environment = environment
    let stdout = Pipe(), stderr = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Finished(exitCode: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
}

/// A shell script that writes the path it is given to `record`, as an editor would open it.
private func recordingEditor(in folder: TemporaryFolder, named name: String) throws -> (script: URL, record: URL) {
    let record = folder.url("\(name).opened")
    try folder.write(name, "#!/bin/sh\nprintf '%s\\n' \"$1\" > '\(record.path)'\n")
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.url(name).path)
    return (folder.url(name), record)
}

/// `rebound new` run as a process, as a person starts an entry.
@Suite struct NewCommandTests {
    @Test func aNewEntryChecksCleanAndLoadsWithItsTitleKindAndDate() async throws {
        let workbook = try TemporaryWorkbook()
        let result = try ReboundCommand.run(["new", "The interview that went quiet", "--kind", "work", "--date", "2026-11-02"], in: workbook.root)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "content/entries/2026-11-02-the-interview-that-went-quiet.md\n")
        #expect(result.stderr == "")

        let check = try ReboundCommand.run(["check", "-w", workbook.root.path, "--today", "2026-11-10"])
        #expect(check.exitCode == 0, "\(check)")
        #expect(check.stderr == "", "the skeleton gave a warning")
        #expect(check.stdout == "No errors in 1 entry\n")

        let loaded = try await workbook.load()
        #expect(loaded.diagnostics.isEmpty)
        let entry = try #require(loaded.workbook?.entries.first)
        #expect(entry.title == "The interview that went quiet")
        #expect(entry.kind == .work)
        #expect(entry.date == .parse("2026-11-02"))
    }

    @Test func theSkeletonPromptsEveryFieldAndHasTheBodyHeadings() throws {
        let workbook = try TemporaryWorkbook()
        #expect(try ReboundCommand.run(["new", "Walk", "--date", "2026-11-02", "-w", workbook.root.path]).exitCode == 0)
        let text = try workbook.read("content/entries/2026-11-02-walk.md")
        #expect(text.hasPrefix("---\n"))
        for field in ["title: \"Walk\"", "date: 2026-11-02", "kind:", "mood:", "emotions:", "challenges:", "self_care:", "support:", "habits:", "learned:", "next:", "tags:"] {
            #expect(text.contains("\n" + field), "\(field)")
        }
        #expect(text.components(separatedBy: "\n# ").count > 8, "too few prompts")
        #expect(text.hasSuffix("## What happened\n\n## How I feel about it\n\n## What I learned\n\n## Moving forward\n"))
    }

    @Test func aTitleWithQuotesColonsHashesAndUnicodeRoundTripsExactly() async throws {
        let workbook = try TemporaryWorkbook()
        let title = #"He said: "no" #1 — it's fine\really; café ☕ 日本"#
        let result = try ReboundCommand.run(["new", title, "--date", "2026-11-02", "-w", workbook.root.path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == workbook.url("content/entries/2026-11-02-he-said-no-1-its-fine-really-cafe-日本.md").path + "\n")
        let loaded = try await workbook.load()
        #expect(loaded.diagnostics.map(\.description) == [])
        #expect(loaded.workbook?.entries.first?.title == title)
    }

    @Test func noTitleNamesTheFileAfterTheDay() throws {
        let workbook = try TemporaryWorkbook()
        let dated = try ReboundCommand.run(["new", "--date", "2026-11-02"], in: workbook.root)
        #expect(dated.stdout == "content/entries/2026-11-02.md\n")
        let today = try ReboundCommand.run(["new"], in: workbook.root)
        #expect(today.exitCode == 0, "\(today)")
        #expect(today.stdout == "content/entries/\(CalendarDay.today()).md\n")
        let check = try ReboundCommand.run(["check", "-w", workbook.root.path])
        #expect(check.exitCode == 0 && check.stderr == "", "\(check)")
    }

    @Test func theSameNameTwiceGetsTwoThenThreeAndNeverOverwrites() throws {
        let workbook = try TemporaryWorkbook()
        let arguments = ["new", "Walk", "--date", "2026-11-02"]
        #expect(try ReboundCommand.run(arguments, in: workbook.root).stdout == "content/entries/2026-11-02-walk.md\n")
        try workbook.write("content/entries/2026-11-02-walk.md", "---\ntitle: Walk\n---\nWhat I wrote first.\n")
        let first = try Data(contentsOf: workbook.url("content/entries/2026-11-02-walk.md"))
        #expect(try ReboundCommand.run(arguments, in: workbook.root).stdout == "content/entries/2026-11-02-walk-2.md\n")
        #expect(try ReboundCommand.run(arguments, in: workbook.root).stdout == "content/entries/2026-11-02-walk-3.md\n")
        #expect(try Data(contentsOf: workbook.url("content/entries/2026-11-02-walk.md")) == first)
        let untitled = ["new", "--date", "2026-11-02"]
        #expect(try ReboundCommand.run(untitled, in: workbook.root).stdout == "content/entries/2026-11-02.md\n")
        #expect(try ReboundCommand.run(untitled, in: workbook.root).stdout == "content/entries/2026-11-02-2.md\n")
        let check = try ReboundCommand.run(["check", "-w", workbook.root.path, "--today", "2026-11-10"])
        #expect(check.stdout == "No errors in 5 entries\n", "\(check)")
    }

    @Test func editOpensTheNewFileInTheEditor() throws {
        let workbook = try TemporaryWorkbook()
        let tools = try TemporaryFolder(prefix: "rebound-editor")
        let editor = try recordingEditor(in: tools, named: "editor")
        let result = try rebound(["new", "Walk", "--date", "2026-11-02", "--edit", "-w", workbook.root.path],
                                 environment: ["EDITOR": editor.script.path, "VISUAL": nil])
        #expect(result.exitCode == 0, "\(result)")
        let path = workbook.url("content/entries/2026-11-02-walk.md").path
        #expect(result.stdout == path + "\n")
        #expect(try String(contentsOf: editor.record, encoding: .utf8) == path + "\n")
    }

    @Test func visualComesBeforeEditor() throws {
        let workbook = try TemporaryWorkbook()
        let tools = try TemporaryFolder(prefix: "rebound-editor")
        let visual = try recordingEditor(in: tools, named: "visual")
        let editor = try recordingEditor(in: tools, named: "editor")
        let result = try rebound(["new", "--date", "2026-11-02", "--edit"], in: workbook.root,
                                 environment: ["EDITOR": editor.script.path, "VISUAL": visual.script.path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(try String(contentsOf: visual.record, encoding: .utf8) == workbook.url("content/entries/2026-11-02.md").path + "\n")
        #expect(!FileManager.default.fileExists(atPath: editor.record.path))
    }

    @Test func editWithoutAnEditorIsAClearErrorAndWritesNothing() throws {
        let workbook = try TemporaryWorkbook()
        let result = try rebound(["new", "Walk", "--date", "2026-11-02", "--edit", "-w", workbook.root.path],
                                 environment: ["EDITOR": nil, "VISUAL": ""])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.hasPrefix("error: --edit needs $VISUAL or $EDITOR"))
        #expect(result.stderr.contains("export EDITOR="))
        #expect(try FolderTree(reading: workbook.root).paths == [], "a failed command left a file behind")
    }

    @Test func withoutAContentFolderItExitsTwoAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let result = try ReboundCommand.run(["new", "Walk"], in: folder.url)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains("no content/ folder"))
        #expect(result.stderr.contains("rebound init"))
        #expect(try FolderTree(reading: folder.url).paths == [])
    }

    @Test(arguments: [["--kind", "job"], ["--date", "2026-02-30"], ["--date", "02/11/2026"]])
    func aBadKindOrDateIsABadArgument(arguments: [String]) throws {
        let workbook = try TemporaryWorkbook()
        let result = try ReboundCommand.run(["new", "Walk"] + arguments + ["-w", workbook.root.path])
        #expect(result.exitCode == 64, "\(result)")
        #expect(try FolderTree(reading: workbook.root).paths == [])
    }
}
