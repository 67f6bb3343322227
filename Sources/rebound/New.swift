import ArgumentParser
import Foundation
import ReboundKit

struct New: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a journal entry with every field and a prompt beside each.",
        discussion: """
        Examples:
          rebound new "The interview that went quiet" --kind work
          rebound new --date 2026-11-02 --edit
          rebound new                  (named after today's date)

        Prints the path of the new file. An existing file is never replaced: a second
        entry of the same name gets -2, -3, …
        """
    )

    @Argument(help: "The entry's title.")
    var title: String?

    @Option(help: ArgumentHelp("What it was about: \(Entry.Kind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: Entry.Kind?

    @Option(help: ArgumentHelp("The entry's date (default: today).", valueName: "YYYY-MM-DD"))
    var date: CalendarDay?

    @Flag(help: "Open the new entry in $VISUAL or $EDITOR.")
    var edit = false

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let console = Console(quiet: common.quiet)
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap({ $0 }).first(where: { !$0.isEmpty })
        // Refuse before writing, so a failed command leaves no skeleton behind.
        if edit && editor == nil {
            console.fail("--edit needs $VISUAL or $EDITOR to name your editor, e.g. export EDITOR=nano")
            throw ExitCode(2)
        }
        let url: URL
        do {
            url = try Scaffold.newEntry(in: common.workbookURL, title: title, kind: kind, date: date ?? .today())
        } catch {
            console.fail(error.message)
            throw ExitCode(2)
        }
        print(Build.display(url))
        guard edit, let editor else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \(editor) \"$1\"", "sh", url.path]
        try process.run()
        process.waitUntilExit()
    }
}

extension Entry.Kind: ExpressibleByArgument {}
