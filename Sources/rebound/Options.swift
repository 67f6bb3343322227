import ArgumentParser
import Foundation
import ReboundKit

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The workbook folder, the one that holds content/.", valueName: "dir"))
    var workbook: String = "."

    @Flag(name: .shortAndLong, help: "Print only warnings and errors.")
    var quiet = false

    var workbookURL: URL { URL(fileURLWithPath: workbook).standardizedFileURL }
}

/// Options of the commands that write a site.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Where the site is written (default: public/ in the workbook).", valueName: "dir"))
    var output: String?

    @Flag(help: "Include entries and pages marked 'draft: true'.")
    var drafts = false

    var outputURL: URL? { output.map { URL(fileURLWithPath: $0).standardizedFileURL } }
}

/// A day given on the command line as YYYY-MM-DD.
extension CalendarDay: ExpressibleByArgument {
    public init?(argument: String) {
        guard argument.count == 10 else { return nil }
        self.init(prefixOf: argument)
    }
}

/// Writes to the terminal: colour only on a terminal and never with NO_COLOR.
struct Console {
    var quiet = false
    let colour: Bool

    init(quiet: Bool) {
        self.quiet = quiet
        let environment = ProcessInfo.processInfo.environment
        colour = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }

    func say(_ line: String) {
        guard !quiet else { return }
        print(line)
    }

    func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            var line = diagnostic.description
            if colour {
                let tint = diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;35m"
                let label = "\(diagnostic.severity.rawValue):"
                line = line.replacingOccurrences(of: " \(label) ", with: " \(tint)\(label)\u{1B}[0m ")
            }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func fail(_ message: String) {
        let text = colour ? "\u{1B}[1;31merror:\u{1B}[0m \(message)" : "error: \(message)"
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// "1 error and 2 warnings".
    static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) \(errors == 1 ? "error" : "errors")") }
        if warnings > 0 { parts.append("\(warnings) \(warnings == 1 ? "warning" : "warnings")") }
        return parts.joined(separator: " and ")
    }
}

extension Console {
    /// With `REBOUND_TIMINGS` set, the time of each stage of a build, on standard error.
    static func printTimings(_ report: BuildReport) {
        guard ProcessInfo.processInfo.environment["REBOUND_TIMINGS"] != nil else { return }
        let parts = report.stages.map { "\($0.name) \(String(format: "%.1f", $0.milliseconds)) ms" }
        FileHandle.standardError.write(Data("timings: \(parts.joined(separator: ", ")); \(report.entriesReused) entries reused, \(report.lessonIndexesRead) lesson indexes read\n".utf8))
    }
}
