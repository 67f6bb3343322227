import Foundation
import ReboundKit

/// A fresh folder under the system's temporary folder, removed when the value goes away.
public final class TemporaryFolder: Sendable {
    public let url: URL

    public init(prefix: String = "rebound-test") throws {
        url = FileManager.default.temporaryDirectory
            .appending(path: "\(prefix)-\(UUID().uuidString)")
            .standardizedFileURL
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the folder.
    public func url(_ relative: String) -> URL { url.appending(path: relative) }

    /// Writes `contents` at `relative`, creating the folders on the way.
    public func write(_ relative: String, _ contents: String) throws {
        try write(relative, bytes: Array(contents.utf8))
    }

    public func write(_ relative: String, bytes: [UInt8]) throws {
        let file = url(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    public func read(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relative).path)
    }
}

/// A workbook written inline, as Publish's `[Path: String]` and Hugo's `-- content/x.md --` blocks:
///
///     let workbook = try TemporaryWorkbook([
///         "content/entries/2026-11-02-the-interview.md": "---\nmood: 4\n---\nBody",
///     ])
///
/// Paths are relative to the workbook folder; `content/` is always created.
public final class TemporaryWorkbook: Sendable {
    public let folder: TemporaryFolder

    /// The workbook folder, the one that holds `content/`.
    public var root: URL { folder.url }

    public init(_ files: [String: String] = [:]) throws {
        folder = try TemporaryFolder(prefix: "rebound-workbook")
        try FileManager.default.createDirectory(at: folder.url("content"), withIntermediateDirectories: true)
        for (path, contents) in files { try folder.write(path, contents) }
    }

    /// A copy of a fixture workbook under `Tests/ReboundKitTests/Fixtures/`.
    public init(copyingFixture name: String) throws {
        folder = try TemporaryFolder(prefix: "rebound-\(name)")
        try FileManager.default.removeItem(at: folder.url)
        try FileManager.default.copyItem(at: PackagePaths.fixture(name), to: folder.url)
    }

    public func url(_ relative: String) -> URL { folder.url(relative) }
    public func write(_ relative: String, _ contents: String) throws { try folder.write(relative, contents) }
    public func write(_ relative: String, bytes: [UInt8]) throws { try folder.write(relative, bytes: bytes) }
    public func read(_ relative: String) throws -> String { try folder.read(relative) }
    public func exists(_ relative: String) -> Bool { folder.exists(relative) }

    /// Loads the workbook as a build would.
    public func load(today: CalendarDay = .fixedToday, includeDrafts: Bool = false) async throws -> WorkbookLoader.Result {
        try await WorkbookLoader(root: root, includeDrafts: includeDrafts, today: today).load()
    }

    /// Every diagnostic of loading and checking the theme, in reading order, as printed.
    public func diagnostics(today: CalendarDay = .fixedToday, includeDrafts: Bool = false) async throws -> [String] {
        var options = BuildOptions(workbook: root)
        options.today = today
        options.includeDrafts = includeDrafts
        return try await Builder.check(options).diagnostics.map(\.description)
    }

    /// Loads a workbook holding one entry file and returns that entry (nil when it has errors or
    /// is a skipped draft) with every diagnostic as printed.
    public static func loadEntry(
        _ text: String, file: String = "2026-11-02-the-interview.md",
        today: CalendarDay = .fixedToday, includeDrafts: Bool = false
    ) async throws -> (entry: Entry?, diagnostics: [String]) {
        let workbook = try TemporaryWorkbook(["content/entries/" + file: text])
        let result = try await workbook.load(today: today, includeDrafts: includeDrafts)
        return (result.workbook?.entries.first, result.diagnostics.map(\.description))
    }

    /// Builds the site into `output` (default: `public/` in the workbook).
    public func build(output: URL? = nil, today: CalendarDay = .fixedToday, includeDrafts: Bool = false) async throws -> BuildReport {
        var options = BuildOptions(workbook: root, output: output)
        options.today = today
        options.includeDrafts = includeDrafts
        return try await Builder.build(options)
    }
}

extension CalendarDay {
    /// The day tests treat as today, so dates and "future" warnings never drift.
    public static let fixedToday = CalendarDay(year: 2026, month: 11, day: 10)!

    /// A day written `YYYY-MM-DD`; traps on a typo in a test.
    public static func parse(_ text: String) -> CalendarDay {
        guard let day = CalendarDay(prefixOf: text), text.count == 10 else { preconditionFailure("not a day: \(text)") }
        return day
    }
}
