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
        let prefix = escape(idPrefix)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart \(className)" viewBox="0 0 \(number(width)) \(number(height))" \
        width="100%" preserveAspectRatio="xMidYMid meet" role="\(role)" aria-labelledby="\(prefix)-title \(prefix)-desc">\
        <title id="\(prefix)-title">\(escape(title))</title><desc id="\(prefix)-desc">\(escape(desc))</desc>
        """
    }

    /// A `<polyline>` through `points`, or nothing for fewer than two points.
    static func polyline(_ points: [(x: Double, y: Double)], className: String) -> String {
        var markup = Markup()
        markup.polyline(points, className: className)
        return markup.text
    }

    /// A `<line>` from one point to another.
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, className: String) -> String {
        "<line class=\"\(className)\" x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\"/>"
    }

    /// A `<text>` element; `anchor` is `start`, `middle` or `end`.
    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", className: String = "axis", extra: String = "") -> String {
        "<text class=\"\(className)\" x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\"\(extra)>\(escape(content))</text>"
    }
}

/// Chart markup written as bytes, so the loops over many points make no String per number.
struct Markup {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: StaticString) {
        bytes.append(text)
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// `text` with `& < > " '` replaced by entities.
    mutating func escaped(_ text: String) {
        HTML.escape(text, into: &bytes)
    }

    mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
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
