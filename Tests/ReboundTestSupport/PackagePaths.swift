import Foundation

/// Where the package, its fixtures and its built products are, found from this source file.
public enum PackagePaths {
    /// The folder holding Package.swift.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ReboundTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Tests/ReboundKitTests/Fixtures`, excluded from the test target so it stays plain files.
    public static let fixtures = root.appending(path: "Tests/ReboundKitTests/Fixtures")

    /// A fixture workbook or golden folder by its path under `Fixtures/`.
    public static func fixture(_ name: String) -> URL {
        fixtures.appending(path: name)
    }

    /// The `rebound` executable SwiftPM built before running the tests.
    ///
    /// It sits beside the test runner (whatever the configuration or scratch path);
    /// `.build/debug/rebound` is the fallback when the runner lives elsewhere.
    public static var reboundExecutable: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var folder = runner.deletingLastPathComponent()
        // On macOS the runner is inside PackageTests.xctest/Contents/MacOS.
        while folder.path.contains(".xctest") { folder.deleteLastPathComponent() }
        let beside = folder.appending(path: "rebound")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appending(path: ".build/debug/rebound")
    }
}
