/// Inline SVG charts for the timeline, emotions and entry pages.
///
/// Every chart is self-contained markup for a `<figure>`: `role="img"` named by its own
/// `<title>` and `<desc>` (ids start with the caller's prefix, so several charts share a page),
/// sized by its `viewBox` so it scales to the column, coloured only through CSS classes the
/// theme styles (`mood-line`, `mood-avg`, `mood-dot`, `axis`, `grid`, `heat-0`…`heat-6`,
/// `spark`), with no script, font or external reference. All text is XML-escaped.
public enum Charts {
    /// `text` with `& < > " '` replaced by entities, safe in element text and quoted attributes.
    public static func escape(_ text: String) -> String { HTML.escape(text) }

    /// A coordinate or value with at most one decimal and a "." separator.
    static func number(_ value: Double) -> String { NumberText.compact(value) }

    /// The opening `<svg>` tag with its accessible name, up to and including `<desc>`.
    /// Charts holding links are a `group`, since an image may not contain interactive parts.
    static func open(idPrefix: String, className: String, width: Double, height: Double, title: String, desc: String, role: String = "img") -> String {
        var markup = Markup()
        markup.open(idPrefix: idPrefix, className: className, width: width, height: height, title: title, desc: desc, role: role)
        return markup.text
    }

    /// A `<polyline>` through `points`, or nothing for fewer than two points.
    static func polyline(_ points: [(x: Double, y: Double)], className: String) -> String {
        var markup = Markup()
        markup.polyline(points, className: className)
        return markup.text
    }

    /// A `<text>` element; `anchor` is `start`, `middle` or `end`.
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", className: String = "axis", extra: String = "") -> String {
        var markup = Markup()
        markup.text(content, x: x, y: y, anchor: anchor, className: className, extra: extra)
        return markup.text
    }
}

/// Chart markup written as bytes, so the loops over many points make no String per number.
struct Markup {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Markup already made, as its UTF-8 bytes.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: StaticString) {
        bytes.append(text)
    }

    /// Disfavoured, so that a literal is taken as a `StaticString`, whose bytes are appended
    /// as they are rather than through a `String` made of it.
    @_disfavoredOverload
    mutating func raw(_ text: String) {
        // Appended where the text is stored, as every native text is: the general path copies
        // its bytes one run at a time, which costs more than the copy for names and slugs.
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    mutating func raw(_ made: ArraySlice<UInt8>) {
        bytes.append(contentsOf: made)
    }

    /// `text` with `& < > " '` replaced by entities.
    mutating func escaped(_ text: String) {
        HTML.escape(text, into: &bytes)
    }

    mutating func integer(_ value: Int) {
        bytes.integer(value)
    }

    /// The link to an entry's page from a page `linkPrefix` below the root, escaped for an attribute.
    mutating func entryLink(_ slug: String, linkPrefix: String) {
        escaped(linkPrefix)
        if slug.isPlainURLSegment {
            raw("entries/")
            raw(slug)
            raw(".html")
        } else {
            escaped(Routes.entryHref(slug))
        }
    }

    /// `day.description`: YYYY-MM-DD.
    mutating func day(_ day: CalendarDay) {
        guard (0...9999).contains(day.year) else { return raw(day.description) }
        bytes.digits(day.year, from: 1000)
        bytes.append(UInt8(ascii: "-"))
        bytes.digits(day.month, from: 10)
        bytes.append(UInt8(ascii: "-"))
        bytes.digits(day.day, from: 10)
    }

    /// The opening `<svg>` tag with its accessible name (see `Charts.open`).
    mutating func open(idPrefix: String, className: String, width: Double, height: Double, title: String, desc: String, role: String) {
        raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ")
        raw(className)
        raw("\" viewBox=\"0 0 ")
        number(width)
        raw(" ")
        number(height)
        raw("\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"")
        raw(role)
        raw("\" aria-labelledby=\"")
        escaped(idPrefix)
        raw("-title ")
        escaped(idPrefix)
        raw("-desc\"><title id=\"")
        escaped(idPrefix)
        raw("-title\">")
        escaped(title)
        raw("</title><desc id=\"")
        escaped(idPrefix)
        raw("-desc\">")
        escaped(desc)
        raw("</desc>")
    }

    /// A `<line>` from one point to another.
    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, className: String) {
        raw("<line class=\"")
        raw(className)
        raw("\" x1=\"")
        number(x1)
        raw("\" y1=\"")
        number(y1)
        raw("\" x2=\"")
        number(x2)
        raw("\" y2=\"")
        number(y2)
        raw("\"/>")
    }

    /// A `<text>` element; `anchor` is `start`, `middle` or `end`.
    mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", className: String = "axis", extra: String = "") {
        raw("<text class=\"")
        raw(className)
        raw("\" x=\"")
        number(x)
        raw("\" y=\"")
        number(y)
        raw("\" text-anchor=\"")
        raw(anchor)
        raw("\"")
        raw(extra)
        raw(">")
        escaped(content)
        raw("</text>")
    }

    /// `NumberText.compact(value)`: at most one decimal, a "." separator, no trailing ".0".
    mutating func number(_ value: Double) {
        let (negative, whole, tenth) = NumberText.tenths(value)
        if negative { bytes.append(UInt8(ascii: "-")) }
        integer(whole)
        if tenth != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(tenth))
        }
    }

    /// A `<polyline>` through `points`, or nothing for fewer than two points.
    mutating func polyline(_ points: [(x: Double, y: Double)], className: String) {
        guard points.count >= 2 else { return }
        raw("<polyline class=\"")
        raw(className)
        raw("\" fill=\"none\" points=\"")
        for (index, point) in points.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: " ")) }
            number(point.x)
            bytes.append(UInt8(ascii: ","))
            number(point.y)
        }
        raw("\"/>")
    }
}
