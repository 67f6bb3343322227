import ArgumentParser
import Foundation
import ReboundKit

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build, serve on 127.0.0.1 and rebuild whenever you save.",
        discussion: """
        Examples:
          rebound serve
          rebound serve --port 8080 --drafts --open

        Open pages reload by themselves after each build. When a change breaks the build,
        the browser shows the problems until the next good build. Ctrl-C stops.
        """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .shortAndLong, help: "The port on 127.0.0.1.")
    var port: UInt16 = 8000

    @Flag(help: "Open the site in the default browser.")
    var open = false

    func run() async throws {
        let console = Console(quiet: common.quiet)
        // A long-running command: each line must reach a pipe or a log as it is printed,
        // not when the server stops (stdout is fully buffered off a terminal).
        let say: @Sendable (String) -> Void = { console.say($0); fflush(nil) }
        var options = BuildOptions(workbook: common.workbookURL, output: output.outputURL)
        options.includeDrafts = output.drafts
        options.usesCacheFile = true
        let server = PreviewServer(options: options) { report in
            Console.printTimings(report)
            console.report(report.diagnostics)
            if report.succeeded {
                say("Built \(report.pagesWritten) pages from \(report.entriesRead) entries in \(report.milliseconds) ms")
            } else {
                console.fail("\(Console.summary(report.diagnostics)); the browser shows them until the next good build")
            }
        }
        guard Self.portIsFree(port) else {
            console.fail("port \(port) on 127.0.0.1 is in use; stop the other server or try: rebound serve --port \(port == 65535 ? 8001 : port + 1)")
            throw ExitCode(2)
        }
        do {
            try await server.rebuild()
        } catch {
            console.fail(error.message)
            throw ExitCode(2)
        }
        let address = "http://127.0.0.1:\(port)/"
        let signals = Self.stopOnInterrupt(server)
        defer { signals.forEach { $0.cancel() } }
        let watcher = Task { await server.watch() }
        defer { watcher.cancel() }
        async let serving: Void = server.run(port: port)
        try await server.waitUntilListening()
        say("Serving \(address) — Ctrl-C to stop")
        if open { Self.openBrowser(address) }
        defer { say("Stopped.") }
        do {
            try await serving
        } catch is CancellationError {
            // Ctrl-C: the server was stopped on purpose.
        } catch {
            console.fail("the server stopped: \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }

    /// Ctrl-C and SIGTERM stop the server; `run` then returns normally and the process exits 0.
    static func stopOnInterrupt(_ server: PreviewServer) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { Task { await server.stop() } }
            source.resume()
            return source
        }
    }

    static func portIsFree(_ port: UInt16) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    static func openBrowser(_ address: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        #if os(macOS)
        process.arguments = ["open", address]
        #else
        process.arguments = ["xdg-open", address]
        #endif
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
