import ArgumentParser
import Foundation
import ReboundKit

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the workbook site.",
        discussion: """
        Examples:
          rebound build
          rebound build --workbook ~/journal --output /tmp/site
          rebound build --from 2026-10-01 --to 2026-10-31   (print.html holds October only)

        A build with errors writes nothing and leaves the previous site as it was.
        """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The first day the printed workbook holds.", valueName: "YYYY-MM-DD"))
    var from: CalendarDay?

    @Option(help: ArgumentHelp("The last day the printed workbook holds.", valueName: "YYYY-MM-DD"))
    var to: CalendarDay?

    @Option(help: .hidden)
    var today: CalendarDay?

    func validate() throws {
        if let from, let to, from > to {
            throw ValidationError("--from \(from) is after --to \(to)")
        }
    }

    func run() async throws {
        let console = Console(quiet: common.quiet)
        var options = BuildOptions(workbook: common.workbookURL, output: output.outputURL)
        options.includeDrafts = output.drafts
        options.printFrom = from
        options.printTo = to
        if let today { options.today = today }
        options.freesMemory = false
        options.usesCacheFile = true
        // Decided here only when the arguments were not plain enough to decide on before parsing.
        if Self.plainWorkbook(CommandLine.arguments.dropFirst()) == nil {
            Heap.restartWithHugePages(if: Builder.fillsMuchMemory(options))
        }
        let report: BuildReport
        do {
            report = try await Builder.build(options)
        } catch {
            console.fail(error.message)
            throw ExitCode(2)
        }
        console.report(report.diagnostics)
        Console.printTimings(report)
        guard let folder = report.output else {
            console.fail("\(Console.summary(report.diagnostics)); nothing was written")
            throw ExitCode(1)
        }
        let drafts = report.draftsSkipped > 0 ? ", \(report.draftsSkipped) \(report.draftsSkipped == 1 ? "draft" : "drafts") left out" : ""
        console.say("Wrote \(report.pagesWritten) pages from \(report.entriesRead) \(report.entriesRead == 1 ? "entry" : "entries")\(drafts) to \(Self.display(folder)) in \(report.milliseconds) ms\(Self.changes(report.files))")
        Unfreed.keep(report)
    }

    /// The workbook folder of `arguments` when they ask for a build in the plainest way: `build`
    /// or nothing first, the folder given as `-w DIR`, `--workbook DIR` or `--workbook=DIR`, and
    /// neither help nor the version asked for; nil for anything else, which `run` decides on
    /// once the arguments are parsed.
    static func plainWorkbook(_ arguments: some Collection<String>) -> URL? {
        var rest = arguments[...]
        if rest.first == "build" { rest = rest.dropFirst() }
        guard rest.first.map({ $0.hasPrefix("-") }) ?? true else { return nil }
        var workbook = "."
        while let argument = rest.popFirst() {
            switch argument {
            case "-w", "--workbook":
                guard let folder = rest.popFirst() else { return nil }
                workbook = folder
            case "-h", "--help", "--version", "--":
                return nil
            default:
                if argument.hasPrefix("--workbook=") { workbook = String(argument.dropFirst("--workbook=".count)) }
                // Short flags run together (`-qw DIR`) may name the folder too.
                if argument.count > 2, argument.hasPrefix("-"), !argument.hasPrefix("--") { return nil }
            }
        }
        return URL(fileURLWithPath: workbook).standardizedFileURL
    }

    /// " (2 files changed, 40 unchanged)" after a build into an existing site; nothing after a fresh one.
    static func changes(_ files: OutputWriter.Summary) -> String {
        guard files.unchanged > 0 || files.removed > 0 else { return "" }
        let removed = files.removed > 0 ? ", \(files.removed) removed" : ""
        return " (\(files.written) \(files.written == 1 ? "file" : "files") changed, \(files.unchanged) unchanged\(removed))"
    }

    static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return url.path.hasPrefix(cwd + "/") ? String(url.path.dropFirst(cwd.count + 1)) : url.path
    }
}
