import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

private let entry = ["content/entries/2026-11-02-walk.md": "---\nmood: 6\n---\nA walk.\n"]

/// The message of the setup error `body` throws, or nil when it throws none.
private func setupError(_ body: () async throws -> Void) async -> String? {
    do { try await body() } catch let error as SetupError { return error.message } catch { return "\(error)" }
    return nil
}

private func link(_ path: URL, to destination: String) throws {
    try FileManager.default.createSymbolicLink(atPath: path.path, withDestinationPath: destination)
}

private func makeFIFO(_ path: URL) {
    #expect(mkfifo(path.path, 0o644) == 0)
}

/// True when the tests run as root, who may read and write whatever the permissions say.
private let runningAsRoot = geteuid() == 0

/// A secret outside the workbook that links inside it point at.
private final class Secret: Sendable {
    let folder: TemporaryFolder
    static let text = "SECRET-7f3a: the diary next door"
    var file: URL { folder.url("secret.md") }

    init() throws {
        folder = try TemporaryFolder(prefix: "rebound-secret")
        try folder.write("secret.md", "---\ntitle: \(Self.text)\n---\n\(Self.text)\n")
        try folder.write("entries/2026-11-03-outside.md", "\(Self.text)\n")
        try folder.write("passwd", "root:x:0:0:\(Self.text)\n")
    }
}

/// The workbook folder holding what no editor would leave there: links out of it, loops, pipes,
/// unreadable files; and output folders that cannot or must not be written.
@Suite struct HostileFileSystemTests {
    // MARK: Symbolic links are never followed

    @Test func linksNamedLikeEntriesPagesListsAndAssetsAreWarnedAndNeverRead() async throws {
        let secret = try Secret()
        let workbook = try TemporaryWorkbook(entry)
        try FileManager.default.createDirectory(at: workbook.url("content/pages"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: workbook.url("content/affirmations"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: workbook.url("content/assets"), withIntermediateDirectories: true)
        try link(workbook.url("content/entries/2026-11-01-passwd.md"), to: "/etc/passwd")
        try link(workbook.url("content/entries/2026-11-03-secret.md"), to: secret.file.path)
        try link(workbook.url("content/pages/01-secret.md"), to: secret.file.path)
        try link(workbook.url("content/affirmations/secret.md"), to: secret.file.path)
        try link(workbook.url("content/assets/passwd.txt"), to: secret.folder.url("passwd").path)
        try link(workbook.url("content/workbook.yaml"), to: secret.file.path)
        let output = try TemporaryFolder()
        let report = try await workbook.build(output: output.url("site"))
        #expect(report.succeeded)
        #expect(report.diagnostics.map(\.description) == [
            "content/affirmations/secret.md: warning: is a symbolic link and was not followed; copy the file here instead",
            "content/assets/passwd.txt: warning: is a symbolic link and was not followed; copy the file here instead",
            "content/entries/2026-11-01-passwd.md: warning: is a symbolic link and was not followed; copy the file here instead",
            "content/entries/2026-11-03-secret.md: warning: is a symbolic link and was not followed; copy the file here instead",
            "content/pages/01-secret.md: warning: is a symbolic link and was not followed; copy the file here instead",
            "content/workbook.yaml: warning: is a symbolic link and was not followed, so the defaults are used; copy the file here instead",
        ])
        let etcPasswd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? "root:x:0:0:"
        for (path, bytes) in try FolderTree(reading: output.url("site")).files {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("SECRET-7f3a"), "\(path)")
            #expect(!text.contains(etcPasswd), "\(path)")
        }
        #expect(report.entriesRead == 1)
    }

    @Test func linkedFoldersAreWarnedAndNeverEntered() async throws {
        let secret = try Secret()
        let workbook = try TemporaryWorkbook()
        try link(workbook.url("content/entries"), to: secret.folder.url("entries").path)
        try FileManager.default.createDirectory(at: workbook.url("content/assets"), withIntermediateDirectories: true)
        try link(workbook.url("content/assets/etc"), to: "/etc")
        try link(workbook.url("content/pages"), to: "/")
        #expect(try await workbook.diagnostics() == [
            "content/assets/etc: warning: is a symbolic link and was not followed; copy the file here instead",
            "content/entries: warning: is a symbolic link and was not followed; move the real folder here",
            "content/pages: warning: is a symbolic link and was not followed; move the real folder here",
        ])
        let loaded = try await workbook.load()
        #expect(loaded.workbook?.entries.isEmpty == true)
        #expect(loaded.workbook?.assets.isEmpty == true)
    }

    @Test func symbolicLinkLoopsEndNothing() async throws {
        let workbook = try TemporaryWorkbook(entry)
        try link(workbook.url("content/entries/loop"), to: ".")
        try link(workbook.url("content/entries/up"), to: "..")
        try link(workbook.url("content/entries/a.md"), to: "b.md")
        try link(workbook.url("content/entries/b.md"), to: "a.md")
        try link(workbook.url("content/entries/self.md"), to: "self.md")
        try FileManager.default.createDirectory(at: workbook.url("content/assets/deep"), withIntermediateDirectories: true)
        try link(workbook.url("content/assets/deep/again"), to: "../../assets")
        let report = try await workbook.build()
        #expect(report.succeeded)
        #expect(report.diagnostics.count == 6)
        #expect(report.diagnostics.allSatisfy { $0.severity == .warning && $0.message.hasPrefix("is a symbolic link and was not followed") })
        #expect(report.entriesRead == 1)
    }

    @Test func aContentFolderThatIsALinkOrAFileIsRefusedWithWhatToDo() async throws {
        let secret = try Secret()
        let linked = try TemporaryFolder()
        try link(linked.url("content"), to: secret.folder.url.path)
        let linkMessage = await setupError { _ = try await WorkbookLoader(root: linked.url).load() }
        #expect(linkMessage == "content/ in \(linked.url.path) is a symbolic link, and Rebound reads only what is really inside the workbook; move the real folder here, or pass --workbook with the folder that holds it")

        let file = try TemporaryFolder()
        try file.write("content", "not a folder")
        let fileMessage = await setupError { _ = try await WorkbookLoader(root: file.url).load() }
        #expect(fileMessage == "content in \(file.url.path) is a file, not a folder; move it away and run 'rebound init' there, or pass --workbook DIR")
    }

    @Test func partsOfTheWorkbookThatAreTheWrongKindOfFileAreErrorsWithWhatToDo() async throws {
        let workbook = try TemporaryWorkbook(["content/entries": "a file where the folder should be"])
        try FileManager.default.createDirectory(at: workbook.url("content/workbook.yaml"), withIntermediateDirectories: true)
        #expect(try await workbook.diagnostics() == [
            "content/entries: error: should be a folder; move the file away and make a folder of that name",
            "content/workbook.yaml: error: is not a regular file; replace it with a text file of 'field: value' lines",
        ])
    }

    // MARK: Pipes and devices are never opened

    @Test func namedPipesAreWarnedAboutAndNeverOpened() async throws {
        let workbook = try TemporaryWorkbook(entry.merging(["Templates/.keep": ""]) { $1 })
        try FileManager.default.createDirectory(at: workbook.url("content/assets"), withIntermediateDirectories: true)
        makeFIFO(workbook.url("content/entries/2026-11-03-pipe.md"))
        makeFIFO(workbook.url("content/assets/pipe.png"))
        makeFIFO(workbook.url("Templates/tag.mustache"))
        // Opening any of these for reading would wait forever for a writer.
        let report = try await workbook.build()
        #expect(report.succeeded)
        #expect(report.diagnostics.map(\.description) == [
            "Templates/tag.mustache: warning: is not a regular file and was ignored",
            "content/assets/pipe.png: warning: is not a regular file and was ignored",
            "content/entries/2026-11-03-pipe.md: warning: is not a regular file and was ignored",
        ])
    }

    @Test func aWorkbookYAMLThatIsAPipeIsAnErrorNotAHang() async throws {
        let workbook = try TemporaryWorkbook(entry)
        makeFIFO(workbook.url("content/workbook.yaml"))
        #expect(try await workbook.diagnostics() == [
            "content/workbook.yaml: error: is not a regular file; replace it with a text file of 'field: value' lines",
        ])
    }

    @Test func namesWithLineBreaksOrControlCharactersAreAnError() async throws {
        let workbook = try TemporaryWorkbook(entry.merging([
            "content/assets/evil\nffff\t1\tindex.html": "x",
            "content/entries/2026-11-03-bell\u{07}.md": "Body.\n",
        ]) { $1 })
        #expect(try await workbook.diagnostics() == [
            "content/assets/evil\\u{A}ffff\\u{9}1\\u{9}index.html: error: the name holds a line break or another control character; rename it",
            "content/entries/2026-11-03-bell\\u{7}.md: error: the name holds a line break or another control character; rename it",
        ])
    }

    // MARK: Unreadable files and folders

    @Test(.disabled(if: runningAsRoot, "root reads every file whatever its permissions"))
    func unreadableFilesAndFoldersAreErrorsSayingWhatToDo() async throws {
        let workbook = try TemporaryWorkbook(entry.merging([
            "content/entries/2026-11-03-locked.md": "Private.\n",
            "content/pages/01-a.md": "A.\n",
        ]) { $1 })
        let locked = workbook.url("content/entries/2026-11-03-locked.md").path
        let pages = workbook.url("content/pages").path
        chmod(locked, 0o000)
        chmod(pages, 0o000)
        defer { chmod(locked, 0o644); chmod(pages, 0o755) }
        let found = try await workbook.diagnostics()
        #expect(found == [
            "content/entries/2026-11-03-locked.md: error: cannot be read: Permission denied; check that you are allowed to read it (its permissions or owner)",
            "content/pages: error: cannot be read: Permission denied; check that you are allowed to read it (its permissions or owner)",
        ])
        #expect(!(try await workbook.build().succeeded))
    }

    // MARK: Output folders that cannot or must not be written

    @Test(.disabled(if: runningAsRoot, "root writes into read-only folders"))
    func aReadOnlyOutputFolderIsAnErrorAndTheSiteStays() async throws {
        let workbook = try TemporaryWorkbook(entry)
        let output = try TemporaryFolder()
        let site = output.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let before = try FolderTree(reading: site)
        try workbook.write("content/entries/2026-11-03-run.md", "A run.\n")
        chmod(site.path, 0o555)
        chmod(output.url.path, 0o555)
        defer { chmod(site.path, 0o755); chmod(output.url.path, 0o755) }
        let message = await setupError { _ = try await workbook.build(output: site) }
        #expect(message?.contains("Permission denied") == true)
        #expect(try FolderTree(reading: site) == before)
    }

    @Test func aWriteRefusedAsReadOnlyIsAnErrorAndTheSiteStays() async throws {
        let workbook = try TemporaryWorkbook(entry)
        let output = try TemporaryFolder()
        let site = output.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let before = try FolderTree(reading: site)
        try workbook.write("content/entries/2026-11-03-run.md", "A run.\n")
        var writer = OutputWriter(output: site, workbookRoot: workbook.root)
        writer.writeFile = { _, _ in throw POSIXError(.EROFS) }
        let files = try await renderedSite(workbook)
        let message = await setupError { try writer.write(files.files, assets: files.assets) }
        #expect(message?.hasPrefix("could not write the site: ") == true)
        #expect(message?.hasSuffix("; the previous site was left as it was") == true)
        #expect(try FolderTree(reading: site) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.url.path) == ["site"])
    }

    @Test func anOutputFolderThatIsALinkOutOfTheWorkbookIsRefused() async throws {
        let workbook = try TemporaryWorkbook(entry)
        let elsewhere = try TemporaryFolder()
        try elsewhere.write("important.txt", "keep me")
        try link(workbook.url("public"), to: elsewhere.url.path)
        let message = await setupError { _ = try await workbook.build() }
        #expect(message?.contains("is a symbolic link; choose a real folder with --output") == true)
        #expect(try elsewhere.read("important.txt") == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.url.path) == ["important.txt"])
    }

    @Test func aLinkPlantedInsideAPreviousSiteIsNeverWrittenThrough() async throws {
        let workbook = try TemporaryWorkbook(entry)
        let output = try TemporaryFolder()
        let site = output.url("site")
        #expect(try await workbook.build(output: site).succeeded)
        let elsewhere = try TemporaryFolder()
        try elsewhere.write("keep.txt", "keep me")
        try FileManager.default.removeItem(at: site.appending(path: "entries"))
        try link(site.appending(path: "entries"), to: elsewhere.url.path)
        try FileManager.default.removeItem(at: site.appending(path: "index.html"))
        try link(site.appending(path: "index.html"), to: elsewhere.url("keep.txt").path)
        try workbook.write("content/entries/2026-11-03-run.md", "A run.\n")
        _ = try? await workbook.build(output: site)
        #expect(try elsewhere.read("keep.txt") == "keep me")
        let written = try FileManager.default.contentsOfDirectory(atPath: elsewhere.url.path).sorted()
        #expect(written == ["keep.txt"])
        // The site was rebuilt whole: real folders and files again, with the new entry.
        let kind = try FileManager.default.attributesOfItem(atPath: site.appending(path: "entries").path)[.type] as? FileAttributeType
        #expect(kind == .typeDirectory)
        #expect(FileManager.default.fileExists(atPath: site.appending(path: "entries/2026-11-03-run.html").path))
    }

    @Test func aWorkbookYAMLOutputOutsideTheWorkbookIsRefused() async throws {
        for output in ["../elsewhere", "/tmp/rebound-elsewhere", "public/../../x", "~/site"] {
            let workbook = try TemporaryWorkbook(entry.merging(["content/workbook.yaml": "output: \"\(output)\"\n"]) { $1 })
            let found = try await workbook.diagnostics()
            if output == "~/site" {
                #expect(found.isEmpty, "\(found)")
                continue
            }
            #expect(found == [
                "content/workbook.yaml:1:9: error: 'output' must be a folder inside the workbook, such as public or _site, found \"\(output)\"; to build elsewhere, pass --output DIR",
            ])
            #expect(!(try await workbook.build().succeeded))
            #expect(!FileManager.default.fileExists(atPath: workbook.root.deletingLastPathComponent().appending(path: "elsewhere").path))
        }
    }
}

/// The files a build of `workbook` would write, rendered but not written.
private func renderedSite(_ workbook: TemporaryWorkbook) async throws -> (files: [OutputFile], assets: [String]) {
    var options = BuildOptions(workbook: workbook.root)
    options.today = .fixedToday
    let checked = try await Builder.check(options)
    let loaded = try #require(checked.workbook)
    let theme = try #require(checked.theme)
    return (await Builder.render(loaded, theme: theme, options: options), loaded.assets)
}
