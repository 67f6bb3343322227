import Foundation
import Testing
import ReboundTestSupport

/// The release binary is linked without libcurl (`make release`), with the functions Foundation's
/// networking names standing in from `Sources/NoNetwork`.
@Suite struct NoNetworkTests {
    /// The static libraries of Foundation's networking in the toolchain that runs the tests; nil
    /// where there are none (macOS, or a toolchain without them).
    static let networking: [URL]? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard let swift = path.split(separator: ":").lazy.map({ URL(fileURLWithPath: String($0)).appending(path: "swift") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else { return nil }
        let linux = swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "lib/swift_static/linux")
        let libraries = ["libFoundationNetworking.a", "lib_CFURLSessionInterface.a"].map { linux.appending(path: $0) }
        return libraries.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } ? libraries : nil
    }()

    /// The names of the libcurl functions `libraries` call, as `nm` lists what they need.
    private static func libcurlFunctions(calledBy libraries: [URL]) throws -> Set<String> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["nm", "--undefined-only", "--format=just-symbols"] + libraries.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Set(String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init).filter { $0.hasPrefix("curl_") })
    }

    @Test(.enabled(if: networking != nil))
    func everyLibcurlFunctionFoundationCallsHasAStandIn() throws {
        let called = try Self.libcurlFunctions(calledBy: try #require(Self.networking))
        // Some twenty: a list that came out empty is a failure to read it, not a pass.
        #expect(called.count > 10, "\(called)")
        let source = try String(contentsOf: PackagePaths.root.appending(path: "Sources/NoNetwork/NoNetwork.c"), encoding: .utf8)
        let standIns = Set(source.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("STAND_IN "), let open = line.firstIndex(of: "(") else { return nil }
            return line[..<open].split(whereSeparator: { $0 == " " || $0 == "*" }).last.map(String.init)
        })
        #expect(called.subtracting(standIns).isEmpty, "no stand-in for \(called.subtracting(standIns).sorted()): `make release` cannot link")
        #expect(standIns.subtracting(called).isEmpty, "stand-ins for functions nothing calls: \(standIns.subtracting(called).sorted())")
    }
}
