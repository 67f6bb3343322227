import Foundation
import Testing
@testable import rebound

/// What `rebound` tells from its arguments before parsing them: the workbook of a plain build,
/// which decides whether it starts again with huge pages.
@Suite struct ArgumentsTests {
    private func folder(_ path: String) -> URL { URL(fileURLWithPath: path).standardizedFileURL }

    @Test func aPlainBuildNamesItsWorkbook() {
        #expect(Build.plainWorkbook([]) == folder("."))
        #expect(Build.plainWorkbook(["build"]) == folder("."))
        #expect(Build.plainWorkbook(["-q"]) == folder("."))
        #expect(Build.plainWorkbook(["build", "-w", "/tmp/a"]) == folder("/tmp/a"))
        #expect(Build.plainWorkbook(["--workbook", "b/../c", "-q"]) == folder("c"))
        #expect(Build.plainWorkbook(["build", "--workbook=/tmp/d", "--output", "/tmp/e"]) == folder("/tmp/d"))
        #expect(Build.plainWorkbook(["-w", "/tmp/a", "-w", "/tmp/f"]) == folder("/tmp/f"), "the last one counts, as when parsed")
    }

    @Test(arguments: [
        ["serve"], ["check", "-w", "/tmp/a"], ["new", "A title"], ["init"],
        ["build", "--help"], ["-h"], ["--version"], ["build", "-w"], ["build", "--", "-w", "/tmp/a"], ["-qw", "/tmp/a"],
    ])
    func anythingElseIsLeftToTheParser(_ arguments: [String]) {
        #expect(Build.plainWorkbook(arguments) == nil)
    }
}
