extension Slug {
    /// The slug of `name`, or, when the name holds no letter or digit at all (an emoji, a row of
    /// symbols), `fallback` followed by the name's code points: `🌧️` → `tag-1f327`, `☔` → `tag-2614`.
    ///
    /// So two tags or files named only with symbols get pages of their own instead of sharing
    /// one (or one silently replacing the other); names with words are slugged as `make` does.
    public static func distinct(_ name: String, fallback: String) -> String {
        let slug = make(name, fallback: "")
        guard slug.isEmpty else { return slug }
        let points = name.unicodeScalars
            .filter { !$0.properties.isWhitespace && !isInvisible($0) }
            .map { String($0.value, radix: 16) }
        guard !points.isEmpty else { return fallback }
        return truncated(([fallback] + points).joined(separator: "-"))
    }

    /// Variation selectors, joiners and bidirectional controls: they change how a name looks,
    /// not which name it is.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFEFF: return true
        default: return false
        }
    }
}
