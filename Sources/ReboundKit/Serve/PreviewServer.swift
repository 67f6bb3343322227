import FlyingFox
import Foundation

/// `rebound serve`: builds, serves the output on 127.0.0.1, rebuilds when a source changes,
/// and tells open pages to reload. A failed rebuild keeps serving and shows the problems.
public actor PreviewServer {
    /// The path pages ask for the build version; the only route that is not a file. Asked
    /// with `?since=N`, it answers once the version is no longer N (or after `longestWait`),
    /// so an open page reloads the moment a build ends rather than at its next look.
    public static let versionPath = "/__rebound/version"
    /// How long a version request waits for a new build before it answers with the current one.
    public static let longestWait = Duration.seconds(25)

    /// Added before `</body>` of every HTML page the server sends, never written to disk.
    public static let reloadScript = """
    <script>(function(){var seen=null;function poll(){fetch("\(versionPath)"+(seen===null?"":"?since="+seen),{cache:"no-store"}).then(function(r){return r.text();}).then(function(v){if(seen!==null&&v!==seen){location.reload();return;}seen=v;poll();}).catch(function(){setTimeout(poll,1000);});}poll();})();</script>
    """

    public private(set) var options: BuildOptions
    public private(set) var version = 0
    /// The problems of the last build; empty when it succeeded.
    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var lastReport: BuildReport?
    private var server: HTTPServer?
    /// Entry files decoded and entry pages rendered by the last good build, so a rebuild
    /// reads and renders only what changed.
    private var cache = DecodeCache()
    private var pages = RenderCache()
    /// Set by `stop()`, so the error FlyingFox ends `run` with after a deliberate stop is not a failure.
    private var stopping = false
    private let onBuild: @Sendable (BuildReport) -> Void

    public init(options: BuildOptions, onBuild: @escaping @Sendable (BuildReport) -> Void = { _ in }) {
        self.options = options
        // A large page's earlier bytes are kept for the next build to write over, and freed
        // when the server stops.
        self.options.keepsReplacedFiles = true
        self.onBuild = onBuild
    }

    /// The folder being served.
    public var output: URL { lastReport?.output ?? Builder.outputFolder(options, config: nil) }

    /// Builds once; setup problems (no workbook, a refused output folder) are thrown.
    @discardableResult
    public func rebuild() async throws(SetupError) -> BuildReport {
        let report = try await Builder.build(options, reusing: cache, pages: pages)
        // What the build before kept is freed once this build is announced, on another thread:
        // at 10,000 entries that takes tens of milliseconds, between a save and the new pages.
        let earlier = (cache, pages, lastReport)
        defer { Task.detached { withExtendedLifetime(earlier) {} } }
        cache = report.cache
        if report.succeeded, let made = report.pages { pages = made }
        lastReport = report.output != nil ? report : lastReport.map { var kept = $0; kept.diagnostics = report.diagnostics; return kept } ?? report
        let shown = report.succeeded ? [] : report.diagnostics
        // Open pages reload when what they show may have changed, not after a build that
        // changed nothing (a file saved unchanged).
        if version == 0 || report.files.written + report.files.removed > 0 || shown != diagnostics { version += 1 }
        diagnostics = shown
        onBuild(report)
        return report
    }

    /// Serves on 127.0.0.1:`port` until `stop()`; throws when the port cannot be used.
    public func run(port: UInt16) async throws {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), logger: .disabled)
        await server.appendRoute("GET,HEAD *") { [weak self] request in
            guard let self else { return HTTPResponse(statusCode: .serviceUnavailable) }
            return await self.respond(to: request)
        }
        self.server = server
        do {
            try await server.run()
        } catch where stopping {
            // Closing the listening socket on purpose ends FlyingFox's run with
            // SocketError.disconnected or CancellationError, whichever comes first.
        }
    }

    /// Returns once `run(port:)` accepts connections, even when called before `run` has begun.
    public func waitUntilListening(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while server == nil {
            guard ContinuousClock.now < deadline else { throw SetupError("the preview server did not start") }
            try await Task.sleep(for: .milliseconds(5))
        }
        try await server?.waitUntilListening(timeout: 30)
    }

    public func stop() async {
        stopping = true
        if let lastReport { OutputWriter.removeReplaced(lastReport.files) }
        await server?.stop(timeout: 1)
    }

    /// Rebuilds whenever a source changes, until the task is cancelled. The kernel's change
    /// notices start a rebuild at once; every `interval` (or six times as seldom when the
    /// kernel watches every folder) the loop also compares the workbook's signature, so that a
    /// change is found where notices are unavailable. The signature is taken again after a
    /// rebuild a notice started, off the path from the save to the new pages.
    public func watch(every interval: Duration = .milliseconds(500)) async {
        let watcher = WorkbookWatcher(root: options.workbook)
        var last = watcher.signature()
        for await wake in ChangeEvents.stream(root: watcher.root.path, every: interval) {
            // An editor's save is often a few steps (write a copy, rename it over): let them land.
            try? await Task.sleep(for: .milliseconds(5))
            if wake == .tick {
                let now = watcher.signature()
                guard now != last else { continue }
                last = now
            }
            do { try await rebuild() } catch {
                diagnostics = [Diagnostic.error(options.workbook.path, error.message)]
                version += 1
            }
            if wake == .notice { last = watcher.signature() }
        }
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let rawPath = request.target.path(percentEncoded: true)
        if rawPath == Self.versionPath {
            if let since = request.query["since"].flatMap(Int.init) {
                let deadline = ContinuousClock.now + Self.longestWait
                while version == since, !stopping, ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain", .cacheControl: "no-store"], body: Data("\(version)".utf8))
        }
        let isPage = rawPath.hasSuffix("/") || rawPath.hasSuffix(".html") || (rawPath.split(separator: "/").last.map { !$0.contains(".") } ?? true)
        if !diagnostics.isEmpty && isPage {
            return page(errorPage(), status: .internalServerError)
        }
        guard let file = SafePath.resolve(rawPath, in: output), let data = try? Data(contentsOf: file) else {
            return page("<!doctype html><html lang=\"en\"><title>Not found</title><body><p>Nothing here. <a href=\"/index.html\">Back to the workbook</a>.</p></body></html>", status: .notFound)
        }
        let type = SafePath.contentType(of: file.path)
        if type.hasPrefix("text/html") {
            return page(String(decoding: data, as: UTF8.self), status: .ok)
        }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: data)
    }

    private func page(_ html: String, status: HTTPStatusCode) -> HTTPResponse {
        var html = html
        if let end = html.range(of: "</body>", options: .backwards) {
            html.insert(contentsOf: Self.reloadScript + "\n", at: end.lowerBound)
        } else {
            html += Self.reloadScript
        }
        return HTTPResponse(statusCode: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: Data(html.utf8))
    }

    /// The problems of the last build as a page of the theme.
    func errorPage() -> String {
        var found: [Diagnostic] = []
        let theme = Theme.load(workbookRoot: options.workbook, diagnostics: &found) ?? (try? Theme.builtIn())
        let errors = diagnostics.filter { $0.severity == .error }.count
        let context: TemplateContext = [
            "count": errors,
            "unit": errors == 1 ? "problem" : "problems",
            "diagnostics": diagnostics.map { diagnostic -> TemplateContext in
                let location = diagnostic.line.map { "\(diagnostic.path):\($0):\(diagnostic.column ?? 1)" } ?? diagnostic.path
                return ["location": location, "severity": diagnostic.severity.rawValue, "message": diagnostic.message]
            },
        ]
        return theme?.render("error", context) ?? diagnostics.map(\.description).joined(separator: "\n")
    }
}
