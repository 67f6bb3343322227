import Foundation

/// Every file under a folder, hidden ones included, by `/`-separated relative path.
public struct FolderTree: Equatable, Sendable {
    public var files: [String: [UInt8]]

    public init(files: [String: [UInt8]]) { self.files = files }

    /// Reads the whole tree; a missing folder reads as empty.
    public init(reading folder: URL) throws {
        files = [:]
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return }
        for case let relative as String in walker {
            var isDirectory: ObjCBool = false
            let path = base + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }

    public var paths: [String] { files.keys.sorted() }

    /// A file's contents as UTF-8 text.
    public func text(_ path: String) -> String? {
        files[path].map { String(decoding: $0, as: UTF8.self) }
    }

    /// The scripts of a site's search index (`search-index.js` and `search-index-<year>.js`),
    /// as text, by path.
    public var searchIndexes: [String: String] {
        var scripts: [String: String] = [:]
        for path in files.keys where !path.contains("/") && path.hasPrefix("search-index") && path.hasSuffix(".js") { scripts[path] = text(path) }
        return scripts
    }

    /// The records a script of the search index adds, read back with `JSONSerialization`; nil
    /// when the script is not `window.REBOUND_SEARCH = (window.REBOUND_SEARCH || []).concat([…]);`.
    public static func searchRecords(_ script: String) -> [[String: String]]? {
        let (opening, closing) = ("window.REBOUND_SEARCH = (window.REBOUND_SEARCH || []).concat(", ");\n")
        guard script.hasPrefix(opening), script.hasSuffix(closing) else { return nil }
        let json = script.dropFirst(opening.count).dropLast(closing.count)
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: String]]
    }
}
