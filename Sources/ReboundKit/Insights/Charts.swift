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
        guard points.count >= 2 else { return "" }
        let coordinates = points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
        return "<polyline class=\"\(className)\" fill=\"none\" points=\"\(coordinates)\"/>"
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
