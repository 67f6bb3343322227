import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// A small workbook with a few assets, built once into its `public/` folder.
private func servedWorkbook() async throws -> (workbook: TemporaryWorkbook, options: BuildOptions) {
    let workbook = try TemporaryWorkbook([
        "content/entries/2026-11-02-walk.md": "---\ntitle: A long walk\nmood: 6\n---\nI walked to the sea.\n",
        "content/assets/diagram.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "content/assets/notes.txt": "plain notes",
        "content/assets/data.bin": "binary-ish",
        "secret.txt": "beside the site",
    ])
    try workbook.write("content/assets/photo.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    var options = BuildOptions(workbook: workbook.root)
    options.today = .fixedToday
    return (workbook, options)
}

/// Runs a `PreviewServer` on a free port for the length of `body`, then stops it.
private func withRunningServer(_ server: PreviewServer, _ body: (UInt16) async throws -> Void) async throws {
    let port = try LocalHTTP.freePort()
    let running = Task { try await server.run(port: port) }
    defer { running.cancel() }
    try await server.waitUntilListening()
    do { try await body(port) } catch { await server.stop(); throw error }
    await server.stop()
    try await running.value  // a deliberate stop ends `run` without an error
}

/// The preview server in-process: which paths it serves, with what type, and what it adds to pages.
@Suite struct PreviewServerTests {
    @Test(arguments: [
        ("/", "index.html"), ("/index.html", "index.html"), ("/index.html?q=walk", "index.html"),
        ("/entries/2026-11-02-walk.html", "entries/2026-11-02-walk.html"), ("/entries/2026-11-02-w%61lk.html", "entries/2026-11-02-walk.html"),
        ("/style.css", "style.css"), ("/search-index.js", "search-index.js"), ("/assets/photo.png", "assets/photo.png"),
        ("/../secret.txt", nil), ("/../../etc/passwd", nil), ("/%2e%2e/secret.txt", nil), ("/%2e%2e/%2e%2e/etc/passwd", nil),
        ("/..%2fsecret.txt", nil), ("/..%2f..%2fetc/hostname", nil), ("/entries/..%2f..%2fsecret.txt", nil),
        ("/etc/passwd", nil), ("http://127.0.0.1/../secret.txt", nil), ("../secret.txt", nil), ("", nil),
        ("/.rebound-site", nil), ("/entries", nil), ("/missing.html", nil),
    ] as [(String, String?)])
    func safePathMapsTargetsToFilesInsideTheOutputOnly(target: String, expected: String?) async throws {
        let (workbook, options) = try await servedWorkbook()
        let output = try #require(try await Builder.build(options).output)
        let base = output.resolvingSymlinksInPath().path + "/"
        let resolved = SafePath.resolve(target, in: output)
        #expect(resolved.map { String($0.path.dropFirst(base.count)) } == expected, "\(target) → \(resolved?.path ?? "nil")")
        _ = workbook
    }

    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"), ("style.css", "text/css; charset=utf-8"),
        ("search-index.js", "text/javascript; charset=utf-8"), ("a.json", "application/json"), ("d.SVG", "image/svg+xml"),
        ("p.png", "image/png"), ("p.JPG", "image/jpeg"), ("p.jpeg", "image/jpeg"), ("w.webp", "image/webp"),
        ("workbook.pdf", "application/pdf"), ("notes.txt", "text/plain; charset=utf-8"), ("data.bin", "application/octet-stream"),
        ("no-extension", "application/octet-stream"),
    ])
    func contentTypesByExtension(name: String, type: String) {
        #expect(SafePath.contentType(of: "/site/" + name) == type)
    }

    @Test(.timeLimit(.minutes(1)))
    func pagesGetTheReloadScriptOnTheWireButNeverOnDisk() async throws {
        let (workbook, options) = try await servedWorkbook()
        let server = PreviewServer(options: options)
        try await server.rebuild()
        try await withRunningServer(server) { port in
            // Right after waitUntilListening the server answers.
            let home = try await LocalHTTP.fetch("/", port: port)
            #expect(home.status == 200)
            #expect(home.body.contains(PreviewServer.reloadScript + "\n</body>"))
            #expect(home.headers["cache-control"] == "no-store")
            for (target, type) in [("/style.css", "text/css; charset=utf-8"), ("/search-index.js", "text/javascript; charset=utf-8"),
                                   ("/assets/diagram.svg", "image/svg+xml"), ("/assets/photo.png", "image/png"),
                                   ("/assets/notes.txt", "text/plain; charset=utf-8"), ("/assets/data.bin", "application/octet-stream")] {
                let response = try await LocalHTTP.fetch(target, port: port)
                #expect(response.status == 200, "\(target)")
                #expect(response.headers["content-type"] == type, "\(target)")
                #expect(!response.body.contains("__rebound"), "\(target) is not a page")
            }
            #expect(try await LocalHTTP.fetch("/assets/photo.png", port: port).headers["content-length"] == "8")
            #expect(try await LocalHTTP.fetch("/", port: port, method: "HEAD").status == 200)
            let missing = try await LocalHTTP.fetch("/../secret.txt", port: port)
            #expect(missing.status == 404)
            #expect(!missing.body.contains("beside the site"))
            #expect(missing.body.contains(PreviewServer.reloadScript + "\n</body></html>"), "the reload script goes inside the body")
        }
        for (path, bytes) in try FolderTree(reading: workbook.url("public")).files {
            #expect(!String(decoding: bytes, as: UTF8.self).contains("__rebound"), "\(path) on disk holds the reload script")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aFailedRebuildShowsItsProblemsOnPagesUntilTheNextGoodBuild() async throws {
        let (workbook, options) = try await servedWorkbook()
        let server = PreviewServer(options: options)
        try await server.rebuild()
        try await withRunningServer(server) { port in
            #expect(try await LocalHTTP.fetch("/__rebound/version", port: port).body == "1")
            #expect(try await LocalHTTP.fetch("/__rebound/version", port: port).headers["content-type"] == "text/plain")

            try workbook.write("content/entries/2026-11-02-walk.md", "---\ntitle: A long walk\nmood: 12\n---\nI walked.\n")
            let failed = try await server.rebuild()
            #expect(!failed.succeeded)
            #expect(try await LocalHTTP.fetch("/__rebound/version", port: port).body == "2")
            for target in ["/", "/entries/2026-11-02-walk.html", "/timeline.html", "/entries/"] {
                let page = try await LocalHTTP.fetch(target, port: port)
                #expect(page.status == 500, "\(target)")
                #expect(page.body.contains("The last change could not be built"))
                #expect(page.body.contains("<code>content/entries/2026-11-02-walk.md:3:7</code>"), "\(page)")
                #expect(page.body.contains("must be a whole number from 0 to 10"))
                #expect(page.body.contains(PreviewServer.reloadScript))
            }
            #expect(try await LocalHTTP.fetch("/style.css", port: port).status == 200, "the error page keeps its stylesheet")
            #expect(try workbook.read("public/entries/2026-11-02-walk.html").contains("A long walk"), "the last good site is kept")

            try workbook.write("content/entries/2026-11-02-walk.md", "---\ntitle: Walk again\nmood: 7\n---\nI walked.\n")
            #expect(try await server.rebuild().succeeded)
            #expect(await server.diagnostics.isEmpty)
            let page = try await LocalHTTP.fetch("/entries/2026-11-02-walk.html", port: port)
            #expect(page.status == 200)
            #expect(page.body.contains("Walk again"))
            #expect(try await LocalHTTP.fetch("/__rebound/version", port: port).body == "3")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anOpenPageHearsOfANewBuildTheMomentItEnds() async throws {
        let (workbook, options) = try await servedWorkbook()
        let server = PreviewServer(options: options)
        try await server.rebuild()
        try await withRunningServer(server) { port in
            #expect(try await LocalHTTP.fetch("/__rebound/version?since=0", port: port).body == "1", "a newer version answers at once")
            let waiting = Task { try await LocalHTTP.fetch("/__rebound/version?since=1", port: port) }
            try await Task.sleep(for: .milliseconds(300))
            try workbook.write("content/entries/2026-11-02-walk.md", "---\ntitle: Heard\n---\nI walked.\n")
            try await server.rebuild()
            // Timed from the build's end, which a machine busy with other tests may delay.
            let built = ContinuousClock.now
            let answer = try await waiting.value
            #expect(answer.body == "2")
            #expect(ContinuousClock.now - built < PreviewServer.longestWait / 2, "answered as the build ended, long before the wait runs out")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aRebuildThatChangesNothingReloadsNoPage() async throws {
        let (workbook, options) = try await servedWorkbook()
        let server = PreviewServer(options: options)
        try await server.rebuild()
        #expect(await server.version == 1)
        try await server.rebuild()
        #expect(await server.version == 1, "the same sources, the same pages: open pages stay as they are")
        try workbook.write("content/entries/2026-11-02-walk.md", "---\ntitle: Changed\n---\nI walked.\n")
        try await server.rebuild()
        #expect(await server.version == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func watchingRebuildsWhenASourceIsSaved() async throws {
        let (workbook, options) = try await servedWorkbook()
        let server = PreviewServer(options: options)
        try await server.rebuild()
        let watching = Task { await server.watch(every: .milliseconds(50)) }
        defer { watching.cancel() }
        try await Task.sleep(for: .milliseconds(150))
        #expect(await server.version == 1, "nothing changed, nothing rebuilt")
        try workbook.write("content/entries/2026-11-02-walk.md", "---\ntitle: Saved again\n---\nI walked.\n")
        let deadline = ContinuousClock.now + .seconds(30)
        while await server.version == 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(await server.version >= 2)
        #expect(try workbook.read("public/entries/2026-11-02-walk.html").contains("Saved again"))
    }

    #if os(Linux)
    @Test(.timeLimit(.minutes(1)))
    func aSaveIsNoticedAtOnceNotAtTheNextLook() async throws {
        let (workbook, options) = try await servedWorkbook()
        let server = PreviewServer(options: options)
        try await server.rebuild()
        // Looking only once a minute: a rebuild within seconds can only come from the kernel's notice.
        let watching = Task { await server.watch(every: .seconds(60)) }
        defer { watching.cancel() }
        try await Task.sleep(for: .milliseconds(200))
        try workbook.write("content/entries/2026-11-02-walk.md", "---\ntitle: Noticed\n---\nI walked.\n")
        let deadline = ContinuousClock.now + .seconds(10)
        while await server.version == 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await server.version == 2)
        #expect(try workbook.read("public/entries/2026-11-02-walk.html").contains("Noticed"))

        // Output written by the build itself and hidden files do not wake it into another build.
        try workbook.write("content/entries/.2026-11-02-walk.md.swp", "editor swap file")
        try await Task.sleep(for: .milliseconds(500))
        #expect(await server.version == 2)
    }
    #endif

    @Test func theWatcherSignatureFollowsSourcesAndIgnoresTheOutputAndHiddenFiles() throws {
        let workbook = try TemporaryWorkbook(["content/entries/2026-11-02-walk.md": "one"])
        let watcher = WorkbookWatcher(root: workbook.root)
        var last = watcher.signature()
        func changed() -> Bool { let now = watcher.signature(); defer { last = now }; return now != last }

        try workbook.write("public/index.html", "built")
        #expect(!changed(), "writing the output must not rebuild")
        try workbook.write("content/entries/.2026-11-02-walk.md.swp", "editor swap file")
        #expect(!changed(), "an editor's hidden swap file must not rebuild")
        try workbook.write("content/entries/2026-11-02-walk.md", "two")
        #expect(changed(), "a modified entry (same size)")
        try workbook.write("content/pages/01-start.md", "new page")
        #expect(changed(), "an added page")
        try workbook.write("Templates/style.css", "body {}")
        #expect(changed(), "a theme file")
        try FileManager.default.moveItem(at: workbook.url("content/pages/01-start.md"), to: workbook.url("content/pages/02-start.md"))
        #expect(changed(), "a renamed file")
        try FileManager.default.removeItem(at: workbook.url("content/pages/02-start.md"))
        #expect(changed(), "a removed file")
        #expect(!changed())
    }
}
