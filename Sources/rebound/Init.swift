import ArgumentParser
import Foundation
import ReboundKit

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a new workbook: the starter content/ and the default Templates/.",
        discussion: """
        Examples:
          rebound init                 (in the current folder)
          rebound init ~/my-workbook
          rebound init --force         (replace starter files that already exist)
        """
    )

    @Argument(help: ArgumentHelp("The folder to start the workbook in (made if missing).", valueName: "dir"))
    var folder: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The same as the folder argument, as the other commands take it.", valueName: "dir"))
    var workbook: String?

    func validate() throws {
        if folder != nil && workbook != nil { throw ValidationError("give the folder once: either as an argument or with --workbook") }
    }

    @Flag(help: "Replace starter files that already exist.")
    var force = false

    @Flag(name: .shortAndLong, help: "Print only warnings and errors.")
    var quiet = false

    func run() async throws {
        let console = Console(quiet: quiet)
        let url = URL(fileURLWithPath: folder ?? workbook ?? ".").standardizedFileURL
        do {
            let written = try Scaffold.initialize(url, force: force)
            console.say("Started a workbook in \(Build.display(url)) (\(written.count) files).")
            console.say("Next: cd \(Build.display(url)) && rebound new \"What happened\", then rebound serve --open")
        } catch {
            console.fail(error.message)
            throw ExitCode(2)
        }
    }
}
