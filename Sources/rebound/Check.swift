import ArgumentParser
import Foundation
import ReboundKit

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the workbook for problems without writing anything.",
        discussion: """
        Examples:
          rebound check
          rebound check --format json    (for editors and scripts)

        Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 no workbook.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var common: CommonOptions

    @Option(help: "How problems are printed: text or json.")
    var format: Format = .text

    @Flag(help: "Include entries and pages marked 'draft: true'.")
    var drafts = false

    @Option(help: .hidden)
    var today: CalendarDay?

    func run() async throws {
        let console = Console(quiet: common.quiet)
        var options = BuildOptions(workbook: common.workbookURL)
        options.includeDrafts = drafts
        if let today { options.today = today }
        let checked: Builder.Checked
        do {
            checked = try await Builder.check(options)
        } catch {
            if format == .json {
                print(#"{"ok":false,"setupError":\#(Self.jsonString(error.message)),"diagnostics":[]}"#)
            } else {
                console.fail(error.message)
            }
            throw ExitCode(2)
        }
        let failed = checked.diagnostics.hasErrors
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let payload = Payload(ok: !failed, entries: checked.workbook?.entries.count ?? 0, diagnostics: checked.diagnostics)
            print(String(decoding: try encoder.encode(payload), as: UTF8.self))
        case .text:
            console.report(checked.diagnostics)
            if failed {
                console.fail("\(Console.summary(checked.diagnostics)) in the workbook")
            } else {
                let entries = checked.workbook?.entries.count ?? 0
                let warnings = checked.diagnostics.isEmpty ? "" : " (\(Console.summary(checked.diagnostics)))"
                console.say("No errors in \(entries) \(entries == 1 ? "entry" : "entries")\(warnings)")
            }
        }
        if failed { throw ExitCode(1) }
    }

    struct Payload: Encodable {
        var ok: Bool
        var entries: Int
        var diagnostics: [Diagnostic]
    }

    static func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
