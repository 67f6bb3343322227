/// Where each page of the site lives, as paths relative to the output folder.
///
/// Every link in the site is relative (`root` + route) so pages work from `file://`.
public enum Routes {
    public static let index = "index.html"
    public static let timeline = "timeline.html"
    public static let learned = "learned.html"
    public static let emotions = "emotions.html"
    public static let morning = "morning.html"
    public static let affirmations = "affirmations.html"
    public static let tags = "tags.html"
    public static let search = "search.html"
    public static let print = "print.html"
    public static let stylesheet = "style.css"
    /// The search index's script of the guide's chapters; each year of entries has its own.
    public static let searchIndex = "search-index.js"

    public static func entry(_ slug: String) -> String { "entries/\(slug).html" }
    public static func page(_ slug: String) -> String { "pages/\(slug).html" }
    public static func tag(_ slug: String) -> String { "tags/\(slug).html" }
    public static func asset(_ path: String) -> String { "assets/" + path }
    public static func searchIndex(year: Int) -> String { "search-index-\(year).js" }

    /// A route as it goes into an `href`: each path segment percent-encoded.
    public static func href(_ route: String) -> String {
        var plain = route
        if plain.withUTF8({ $0.allSatisfy { isURLUnreserved($0) || $0 == UInt8(ascii: "/") } }) { return route }
        return route.split(separator: "/", omittingEmptySubsequences: false).map { String($0).urlPathSegment }.joined(separator: "/")
    }

    /// The `href` of an entry's page (`href(entry(slug))`), with `#anchor` after it when given.
    /// A slug that needs no percent-encoding, as nearly all do, is copied in with the rest at
    /// once: pages link entries tens of thousands of times, and joining the parts one by one
    /// costs several times as much.
    public static func entryHref(_ slug: String, anchor: String? = nil) -> String {
        var slugText = slug
        var fragment = anchor ?? ""
        let prefix: StaticString = "entries/", suffix: StaticString = ".html"
        let length = prefix.utf8CodeUnitCount + slug.utf8.count + suffix.utf8CodeUnitCount + (anchor == nil ? 0 : 1 + fragment.utf8.count)
        return slugText.withUTF8 { slugBytes in
            guard slugBytes.allSatisfy(isURLUnreserved) else {
                return href(entry(slug)) + (anchor.map { "#" + $0 } ?? "")
            }
            return fragment.withUTF8 { anchorBytes in
                String(unsafeUninitializedCapacity: length) { text in
                    var writer = ByteWriter(text)
                    writer.append(prefix)
                    writer.append(slugBytes)
                    writer.append(suffix)
                    if anchor != nil {
                        writer.append(UInt8(ascii: "#"))
                        writer.append(anchorBytes)
                    }
                    return writer.count
                }
            }
        }
    }

    /// The prefix that leads from a page back to the site's root: "" or "../".
    public static func root(of route: String) -> String {
        String(repeating: "../", count: route.reduce(0) { $0 + ($1 == "/" ? 1 : 0) })
    }

    /// The navigation every page carries.
    static let navigation: [(label: String, route: String)] = [
        ("Home", index), ("Timeline", timeline), ("What I learned", learned), ("Emotions", emotions),
        ("Morning", morning), ("Affirmations", affirmations), ("Tags", tags), ("Search", search), ("Print", print),
    ]
}
