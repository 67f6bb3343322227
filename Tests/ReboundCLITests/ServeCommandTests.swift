import Foundation
import Testing
import ReboundTestSupport

/// What a running process has printed so far.
private final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.withLock { data.append(more) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

/// `rebound serve` running as a process; killed when the value goes away, so no server outlives a test.
private final class ServeProcess {
    let process = Process()
    let stdout = Captured(), stderr = Captured()
    let port: UInt16

    init(workbook: URL, port: UInt16) throws {
        self.port = port
        process.executableURL = PackagePaths.reboundExecutable
        process.arguments = ["serve", "--port", String(port), "-w", workbook.path]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        for (pipe, captured) in [(Pipe(), stdout), (Pipe(), stderr)] {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty { handle.readabilityHandler = nil } else { captured.append(data) }
            }
            if captured === stdout { process.standardOutput = pipe } else { process.standardError = pipe }
        }
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits until stdout holds `text` or the process ends; false after `timeout`.
    func waitForOutput(_ text: String, timeout: Duration = .seconds(20)) async throws -> Bool {
        try await poll(timeout: timeout) { self.stdout.text.contains(text) || !self.process.isRunning }
        return stdout.text.contains(text)
    }

    /// Waits for the process to end by itself; its exit status, or nil after `timeout`.
    func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32? {
        try await poll(timeout: timeout) { !self.process.isRunning }
        guard !process.isRunning else { return nil }
        try await Task.sleep(for: .milliseconds(50))  // the last output reaches the pipes
        return process.terminationStatus
    }

    /// Ctrl-C, then waits for the process to end.
    func interrupt() async throws -> Int32? {
        process.interrupt()
        return try await waitForExit()
    }

    func get(_ target: String) async throws -> LocalHTTP.Response { try await LocalHTTP.fetch(target, port: port) }
    func version() async throws -> String { try await get("/__rebound/version").body }

    /// Polls /__rebound/version every 100 ms until it differs from `old`; false after `timeout`.
    func waitForVersion(after old: String, timeout: Duration = .seconds(10)) async throws -> Bool {
        try await poll(timeout: timeout) { (try? await self.version()).map { $0 != old } ?? false }
        return try await version() != old
    }
}

/// Checks `condition` every 100 ms until it holds or `timeout` has passed.
private func poll(timeout: Duration, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// Replaces a file in one step, so the watcher never sees it half-written.
private func save(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url, options: .atomic)
}

/// `rebound serve` run as a process, driven as a person would with a browser and an editor.
@Suite(.serialized) struct ServeCommandTests {
    static let entryPath = "content/entries/2026-11-02-walk.md"
    static let entryPage = "/entries/2026-11-02-walk.html"

    static func workbook() throws -> TemporaryWorkbook {
        try TemporaryWorkbook([entryPath: "---\ntitle: A long walk\nmood: 6\n---\nI walked to the sea.\n"])
    }

    @Test(.timeLimit(.minutes(1)))
    func servesRebuildsOnSaveShowsErrorsUntilFixedAndStopsOnControlC() async throws {
        let workbook = try Self.workbook()
        let server = try ServeProcess(workbook: workbook.root, port: try LocalHTTP.freePort())
        try #require(try await server.waitForOutput("Serving"), "no 'Serving' line\n\(server.stdout.text)\n\(server.stderr.text)")
        #expect(server.stdout.text.contains("Serving http://127.0.0.1:\(server.port)/"))

        // The served page carries the reload script; the file on disk does not.
        let home = try await server.get("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.body.contains("A long walk"))
        #expect(home.body.contains("/__rebound/version"))
        #expect(home.body.contains("<script>(function(){var seen=null;"))
        let onDisk = try workbook.read("public/index.html")
        #expect(onDisk.contains("A long walk"))
        #expect(!onDisk.contains("__rebound"))
        #expect(try await server.get("/index.html").body == home.body)
        #expect(try await server.get("/style.css").headers["content-type"] == "text/css; charset=utf-8")

        // Saving a change rebuilds: the version moves on and the new title is served.
        let first = try await server.version()
        try save("---\ntitle: A longer walk by the sea\nmood: 7\n---\nI walked to the sea.\n", to: workbook.url(Self.entryPath))
        try #require(try await server.waitForVersion(after: first), "no rebuild after the title changed")
        let changed = try await server.get(Self.entryPage)
        #expect(changed.status == 200)
        #expect(changed.body.contains("A longer walk by the sea"))
        #expect(try !workbook.read("public/entries/2026-11-02-walk.html").contains("__rebound"))

        // Broken YAML: the server stays up and every page is the error page naming file:line.
        let second = try await server.version()
        try save("---\ntitle: A long walk\nmood: 6\nkind: [unclosed\n---\nI walked.\n", to: workbook.url(Self.entryPath))
        try #require(try await server.waitForVersion(after: second), "no rebuild after the YAML broke")
        for target in ["/", Self.entryPage] {
            let error = try await server.get(target)
            #expect(error.status == 500, "\(target)")
            #expect(error.body.contains("content/entries/2026-11-02-walk.md:4:7"), "\(error)")
            #expect(error.body.contains("invalid YAML"))
            #expect(error.body.contains("/__rebound/version"), "the error page reloads by itself")
        }
        #expect(try await server.get("/style.css").status == 200, "the previous site's files are still served")
        #expect(try workbook.read("public/entries/2026-11-02-walk.html").contains("A longer walk by the sea"), "the site on disk was kept")
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.process.isRunning)
        #expect(server.stderr.text.contains("content/entries/2026-11-02-walk.md:4:7: error: invalid YAML"))

        // Fixing it brings the site back.
        let third = try await server.version()
        try save("---\ntitle: Fixed walk\nmood: 6\n---\nI walked.\n", to: workbook.url(Self.entryPath))
        try #require(try await server.waitForVersion(after: third), "no rebuild after the fix")
        let fixed = try await server.get(Self.entryPage)
        #expect(fixed.status == 200)
        #expect(fixed.body.contains("Fixed walk"))
        #expect(!fixed.body.contains("could not be built"))

        // Ctrl-C stops cleanly.
        let status = try await server.interrupt()
        #expect(status == 0, "\(server.stderr.text)")
        #expect(server.stdout.text.hasSuffix("Stopped.\n"))
        await #expect(throws: (any Error).self) { try await LocalHTTP.fetch("/", port: server.port, timeout: 1) }
    }

    @Test(.timeLimit(.minutes(1)))
    func requestsOutsideTheOutputFolderAreNotFound() async throws {
        let workbook = try Self.workbook()
        try workbook.write("secret.txt", "beside the site")
        let server = try ServeProcess(workbook: workbook.root, port: try LocalHTTP.freePort())
        try #require(try await server.waitForOutput("Serving"), "\(server.stderr.text)")
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        for target in [
            "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/%2E%2E/etc/passwd", "/..%2f..%2fetc/hostname",
            "/..%2f..%2f..%2f..%2fetc%2fpasswd", "/entries/../../secret.txt", "/../secret.txt", "/%2e%2e/secret.txt",
            "/etc/passwd", "//etc/passwd", "/..\\..\\etc\\passwd", "/.rebound-site", "/nothing-here.html",
        ] {
            let response = try await server.get(target)
            #expect(response.status == 404, "\(target): \(response)")
            #expect(!response.body.contains("root:"), "\(target)")
            #expect(!response.body.contains("beside the site"), "\(target)")
            if let hostname, !hostname.isEmpty, target.contains("hostname") { #expect(!response.body.contains(hostname), "\(target)") }
        }
        #expect(try await server.get("/entries/2026-11-02-w%61lk.html").status == 200)
        server.process.terminate()  // SIGTERM stops it as cleanly as Ctrl-C
        let stopped = try await server.waitForExit()
        #expect(stopped == 0, "\(String(describing: stopped))\n\(server.stdout.text)\n\(server.stderr.text)")
        #expect(server.stdout.text.hasSuffix("Stopped.\n"))
    }

    @Test(.timeLimit(.minutes(1)))
    func aSecondServerOnTheSamePortExitsTwoWithASuggestion() async throws {
        let workbook = try Self.workbook()
        let server = try ServeProcess(workbook: workbook.root, port: try LocalHTTP.freePort())
        try #require(try await server.waitForOutput("Serving"), "\(server.stderr.text)")
        let second = try ServeProcess(workbook: workbook.root, port: server.port)
        let status = try await second.waitForExit(timeout: .seconds(20))
        #expect(status == 2)
        let message = second.stderr.text
        #expect(message.hasPrefix("error: port \(server.port) on 127.0.0.1 is in use"), "\(message)")
        #expect(message.contains("rebound serve --port \(server.port + 1)"))
        #expect(!second.stdout.text.contains("Serving"))
        #expect(try await server.get("/").status == 200, "the first server is unharmed")
        let stopped = try await server.interrupt()
        #expect(stopped == 0, "\(String(describing: stopped))\n\(server.stdout.text)\n\(server.stderr.text)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aMissingWorkbookExitsTwoWithoutServing() async throws {
        let folder = try TemporaryFolder()
        let server = try ServeProcess(workbook: folder.url, port: try LocalHTTP.freePort())
        #expect(try await server.waitForExit(timeout: .seconds(20)) == 2)
        #expect(server.stderr.text.contains("no content/ folder"))
        #expect(!server.stdout.text.contains("Serving"))
    }
}
