import Foundation

/// Maps a request path to a file inside the output folder, or nil.
///
/// Each segment is percent-decoded on its own and refused when it is `.`, `..`, hidden, or
/// holds a slash, backslash or NUL, so neither `/../` nor `%2e%2e` nor `..%2f` can climb out;
/// the resolved file must then still lie inside the folder after symbolic links are followed.
public enum SafePath {
    public static func resolve(_ rawPath: String, in root: URL) -> URL? {
        guard rawPath.hasPrefix("/") else { return nil }
        let pathOnly = rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var segments: [String] = []
        for raw in pathOnly.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEncoding,
                  !decoded.isEmpty, decoded != ".", decoded != "..", !decoded.hasPrefix("."),
                  !decoded.contains("/"), !decoded.contains("\\"), !decoded.contains("\0")
            else { return nil }
            segments.append(decoded)
        }
        let base = root.standardizedFileURL.resolvingSymlinksInPath()
        var url = base
        for segment in segments { url.append(path: segment, directoryHint: .notDirectory) }
        if FileSystem.kind(of: url.path) == .directory { url.append(path: "index.html") }
        let resolved = url.resolvingSymlinksInPath().path
        guard resolved.hasPrefix(base.path + "/"), FileSystem.kind(of: resolved) == .file else { return nil }
        return URL(fileURLWithPath: resolved)
    }

    /// The media type for a file name.
    public static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "pdf": return "application/pdf"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "mp3": return "audio/mpeg"
        case "mp4": return "video/mp4"
        default: return "application/octet-stream"
        }
    }
}
