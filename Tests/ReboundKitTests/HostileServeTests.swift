import Foundation
import Testing
import ReboundKit
import ReboundTestSupport

/// A served folder holding a small site, a secret beside it and a hidden file inside it.
private final class ServedSite: Sendable {
    let folder: TemporaryFolder
    var site: URL { folder.url("site") }

    init() throws {
        folder = try TemporaryFolder(prefix: "rebound-serve")
        try folder.write("site/index.html", "home")
        try folder.write("site/entries/2026-11-02-walk.html", "walk")
        try folder.write("site/entries/index.html", "entries")
        try folder.write("site/.rebound-site", "marker")
        try folder.write("site/assets/.env", "hidden")
        try folder.write("secret.txt", "the secret beside the site")
        try folder.write("site-evil/index.html", "a sibling that shares the prefix")
    }

    func resolve(_ path: String) -> String? {
        SafePath.resolve(path, in: site).map { String($0.path.dropFirst(site.resolvingSymlinksInPath().path.count)) }
    }
}

/// The preview server's path check, fed every way of climbing out of the output folder.
@Suite struct HostileServeTests {
    @Test(arguments: ["/", "/index.html", "/entries/2026-11-02-walk.html", "/entries/", "/entries", "/index.html?x=../../secret.txt", "//index.html"])
    func pathsInsideTheSiteAreServed(path: String) throws {
        let served = try ServedSite()
        #expect(served.resolve(path) != nil, "\(path)")
    }

    @Test func aDirectoryIsServedByItsIndexAndAnEncodedNameIsDecoded() throws {
        let served = try ServedSite()
        #expect(served.resolve("/entries/") == "/entries/index.html")
        #expect(served.resolve("/entries/2026-11-02-%77alk.html") == "/entries/2026-11-02-walk.html")
    }

    @Test(arguments: [
        "/../secret.txt", "/entries/../../secret.txt", "/./index.html",
        "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt",
        "/entries%2f..%2f..%2fsecret.txt", "/%2e/index.html", "/.%2e/secret.txt",
        "/..\\secret.txt", "/..%5csecret.txt", "/entries\\..\\..\\secret.txt",
        "/index.html%00.txt", "/%00", "/..%00/secret.txt",
        "/.rebound-site", "/assets/.env", "/%2erebound-site",
        "http://127.0.0.1/../secret.txt", "https://example.org/index.html", "index.html", "", "*",
        "/%zz/index.html", "/%C0%AE%C0%AE/secret.txt", "/%c0%2e%c0%2e/secret.txt",
        "/../site-evil/index.html", "/..%2fsite-evil%2findex.html",
    ])
    func climbingOutEncodedTricksAndHiddenFilesAreRefused(path: String) throws {
        let served = try ServedSite()
        #expect(served.resolve(path) == nil, "\(path) was served as \(served.resolve(path) ?? "")")
    }

    @Test func aDoubleEncodedDotDotIsOnlyAStrangeFileName() throws {
        let served = try ServedSite()
        // %252e decodes once to the literal name "%2e%2e", which does not exist.
        #expect(served.resolve("/%252e%252e/secret.txt") == nil)
        try served.folder.write("site/%2e%2e/secret.txt", "inside")
        #expect(served.resolve("/%252e%252e/secret.txt") == "/%2e%2e/secret.txt")
    }

    @Test func aSymbolicLinkInsideTheSiteThatLeadsOutIsRefused() throws {
        let served = try ServedSite()
        try FileManager.default.createSymbolicLink(atPath: served.site.appending(path: "leak.txt").path,
                                                   withDestinationPath: served.folder.url("secret.txt").path)
        try FileManager.default.createSymbolicLink(atPath: served.site.appending(path: "up").path, withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: served.site.appending(path: "passwd").path, withDestinationPath: "/etc/passwd")
        #expect(served.resolve("/leak.txt") == nil)
        #expect(served.resolve("/up/secret.txt") == nil)
        #expect(served.resolve("/up/") == nil)
        #expect(served.resolve("/passwd") == nil)
    }

    @Test func aMissingFileIsNil() throws {
        #expect(try ServedSite().resolve("/nothing.html") == nil)
    }
}
