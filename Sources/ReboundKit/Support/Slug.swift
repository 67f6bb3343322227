import Foundation

/// Turns names into slugs that are safe as a URL path segment and as a file name everywhere.
public enum Slug {
    /// The longest slug in UTF-8 bytes; file names stay well under the usual 255-byte limit.
    public static let maximumBytes = 80

    private static let reserved: Set<String> = [
        "con", "prn", "aux", "nul",
        "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ]

    /// Lower-cases `name`, folds accents, keeps letters and digits of any script, and joins
    /// the rest with single hyphens. Empty results become `fallback`; names reserved on some
    /// file systems get a suffix.
    public static func make(_ name: String, fallback: String) -> String {
        if let ascii = asciiSlug(name) { return finished(ascii, fallback: fallback) }
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            let properties = scalar.properties
            let keep = (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)))
                || (!scalar.isASCII && (properties.isAlphabetic || properties.numericType != nil))
            let isMark = properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
            if scalar == "'" || scalar == "\u{2018}" || scalar == "\u{2019}" { continue }
            if keep || (isMark && !slug.isEmpty && !pendingHyphen) {
                if pendingHyphen && !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            } else if !isMark {
                pendingHyphen = true
            }
        }
        return finished(slug, fallback: fallback)
    }

    private static func finished(_ slug: String, fallback: String) -> String {
        let slug = truncated(slug)
        if slug.isEmpty { return fallback }
        if (3...4).contains(slug.utf8.count), reserved.contains(slug) { return slug + "-page" }
        return slug
    }

    /// The slug of a name written in ASCII alone, without Foundation's slower folding; nil otherwise.
    private static func asciiSlug(_ name: String) -> String? {
        var pendingHyphen = false
        let slug = SmartASCII.bytes(of: name) { unit, slug in
            switch unit {
            case .curlyApostrophe, .ascii(UInt8(ascii: "'")):
                break
            case .ascii(let byte) where (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte):
                if pendingHyphen && !slug.isEmpty { slug.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                slug.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            case .ascii, .punctuation:
                pendingHyphen = true
            }
            // Past `maximumBytes`, nothing more reaches the slug: a long text stops being read there.
            return slug.count <= maximumBytes
        }
        return slug.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Cuts a slug to `maximumBytes` on a character boundary, without a trailing hyphen.
    static func truncated(_ slug: String) -> String {
        guard slug.utf8.count > maximumBytes else { return slug }
        var result = ""
        // Up to a byte past the cut, ASCII other than a carriage return is one character a byte.
        let head = slug.utf8.prefix(maximumBytes + 1)
        if head.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            result = String(decoding: head.prefix(maximumBytes), as: UTF8.self)
        } else {
            for character in slug {
                if result.utf8.count + character.utf8.count > maximumBytes { break }
                result.append(character)
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }
}

extension String {
    /// The string percent-encoded for use as one segment of a relative URL.
    var urlPathSegment: String {
        isPlainURLSegment ? self : (addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? self)
    }

    /// Whether a URL path segment holds every byte of the string as it is (`isURLUnreserved`);
    /// read as one run of bytes, which is several times quicker than a walk through `utf8`.
    var isPlainURLSegment: Bool {
        var text = self
        return text.withUTF8 { $0.allSatisfy(isURLUnreserved) }
    }
}

/// True for the bytes a URL path segment holds as they are: ASCII letters, digits and `-._~`.
func isURLUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x61...0x7A, 0x41...0x5A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: return true
    default: return false
    }
}

extension CharacterSet {
    static let urlPathSegmentAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~")
        return set
    }()
}
