import Foundation
import Testing

/// Compares a whole output folder with a recorded baseline, as argument-parser's
/// `assertSnapshot` does for one string: a missing file, an unexpected file and any
/// change in a file's contents each fail. `RECORD_GOLDEN=1` rewrites the baseline
/// and then fails once, so a person reviews the new baseline before it is trusted.
public enum GoldenTree {
    /// One way the output differs from the baseline.
    public enum Difference: Equatable, Sendable, CustomStringConvertible {
        case missing(String)
        case unexpected(String)
        case changed(String, diff: String)

        public var path: String {
            switch self {
            case .missing(let path), .unexpected(let path), .changed(let path, _): path
            }
        }

        public var description: String {
            switch self {
            case .missing(let path): "\(path): in the baseline but not in the output"
            case .unexpected(let path): "\(path): in the output but not in the baseline"
            case .changed(let path, let diff): "\(path): differs from the baseline\n\(diff)"
            }
        }
    }

    /// True when the environment asks for baselines to be rewritten.
    public static var isRecording: Bool {
        ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
    }

    /// Every difference between `output` and `baseline`, sorted by path.
    public static func differences(output: FolderTree, baseline: FolderTree) -> [Difference] {
        var found: [Difference] = []
        for path in Set(output.paths + baseline.paths).sorted() {
            switch (output.files[path], baseline.files[path]) {
            case (nil, _?): found.append(.missing(path))
            case (_?, nil): found.append(.unexpected(path))
            case (let actual?, let expected?) where actual != expected:
                found.append(.changed(path, diff: firstDifference(actual: actual, expected: expected)))
            default: break
            }
        }
        return found
    }

    /// Records an issue for every difference between the folders; when `recording`,
    /// replaces the baseline with the output and records a single issue saying so.
    public static func expectMatch(
        output: URL, baseline: URL, recording: Bool = isRecording,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for problem in try verify(output: output, baseline: baseline, recording: recording) {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
    }

    /// What `expectMatch` records, one message per issue; empty when the output matches.
    public static func verify(output: URL, baseline: URL, recording: Bool) throws -> [String] {
        let actual = try FolderTree(reading: output)
        if recording {
            try? FileManager.default.removeItem(at: baseline)
            try FileManager.default.createDirectory(at: baseline.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: output, to: baseline)
            return ["Recorded \(actual.files.count) files into \(baseline.path). Review the changes, then run the tests again without RECORD_GOLDEN."]
        }
        let differences = differences(output: actual, baseline: try FolderTree(reading: baseline))
        var problems = differences.prefix(20).map(\.description)
        if differences.count > 20 {
            problems.append("…and \(differences.count - 20) more differences. Run with RECORD_GOLDEN=1 to rewrite \(baseline.path) after reviewing.")
        }
        return problems
    }

    /// The first lines that differ, with two lines of context, or the first differing byte of binary files.
    static func firstDifference(actual: [UInt8], expected: [UInt8]) -> String {
        guard let actualText = String(validating: actual, as: UTF8.self),
              let expectedText = String(validating: expected, as: UTF8.self) else {
            let offset = (0..<min(actual.count, expected.count)).first { actual[$0] != expected[$0] } ?? min(actual.count, expected.count)
            return "  binary contents differ at byte \(offset) (\(expected.count) bytes expected, \(actual.count) found)"
        }
        let old = expectedText.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actualText.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
        var lines = ["  first difference at line \(first + 1):"]
        for index in max(0, first - 2)..<first { lines.append("    \(old[index])") }
        for index in first..<min(old.count, first + 3) { lines.append("  - \(old[index])") }
        for index in first..<min(new.count, first + 3) { lines.append("  + \(new[index])") }
        return lines.joined(separator: "\n")
    }
}
