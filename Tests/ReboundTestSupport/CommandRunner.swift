import Foundation

/// What a finished process printed and how it exited.
public struct CommandResult: Sendable, CustomStringConvertible {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String

    public var description: String {
        "exit code \(exitCode)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)"
    }
}

/// Runs the built `rebound` as a separate process, as argument-parser's `AssertExecuteCommand` does.
public enum ReboundCommand {
    /// Runs `rebound` with `arguments` in `directory`, without colour, and waits for it.
    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> CommandResult {
        let executable = PackagePaths.reboundExecutable
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw MissingExecutable(path: executable.path) }
        let output = try TemporaryFolder(prefix: "rebound-output-capture")
        let stdoutURL = output.url("stdout")
        let stderrURL = output.url("stderr")
        try output.write("stdout", "")
        try output.write("stderr", "")
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return CommandResult(
            exitCode: process.terminationStatus,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8)
        )
    }
}

/// The tests ran without the `rebound` product built beside them.
public struct MissingExecutable: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "no rebound executable at \(path); run 'swift build' before the command-line tests" }
}
