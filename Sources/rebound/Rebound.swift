import ArgumentParser
import Foundation
import ReboundKit

/// The `rebound` command line: parses arguments, calls ReboundKit, prints, picks the exit code.
@main
struct Rebound: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebound",
        abstract: "Turn a folder of journal entries into a private, printable workbook site.",
        discussion: """
        A workbook is a folder holding content/: entries/, affirmations/, pages/ and assets/.
        Start one with 'rebound init', write with 'rebound new', and build or preview it.

        Examples:
          rebound init ~/my-workbook && cd ~/my-workbook
          rebound new "The interview that went quiet" --kind work --edit
          rebound serve --open
          rebound build && open public/index.html

        Exit codes: 0 success, 1 problems in the workbook's files, 2 setup problems \
        (no workbook, an output folder Rebound may not replace, a port in use), 64 bad arguments.
        """,
        version: "0.1.0",
        subcommands: [Init.self, New.self, Build.self, Serve.self, Check.self],
        defaultSubcommand: Build.self
    )

    /// Sets up the allocator before any thread allocates, then runs the command as usual.
    static func main() async {
        Heap.growInLargeSteps()
        // A build that fills much memory starts again with huge pages; told from the arguments
        // as given, it does so before they are parsed, which is almost half of that first start.
        if let workbook = Build.plainWorkbook(CommandLine.arguments.dropFirst()) {
            Heap.restartWithHugePages(if: Builder.fillsMuchMemory(workbook: workbook))
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
