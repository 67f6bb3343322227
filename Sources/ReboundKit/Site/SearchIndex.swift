import Foundation

/// The index `search.html` searches: a script assigning an array, so it loads from `file://`.
enum SearchIndex {
    /// One record per entry and guide chapter, with short keys to keep the file small.
    struct Record: Encodable {
        /// The page, relative to the site root.
        var u: String
        /// Title.
        var t: String
        /// Date (entries) or "Guide".
        var d: String
        /// Tags.
        var g: String
        /// Emotions and their thoughts, challenges and responses.
        var e: String
        /// Lessons and next steps.
        var l: String
        /// The body as plain text.
        var b: String
    }

    static func records(for workbook: Workbook) -> [Record] {
        var records = workbook.entries.reversed().map { entry in
            Record(
                u: Routes.href(Routes.entry(entry.slug)),
                t: entry.title,
                d: entry.date.description,
                g: entry.tags.map(\.name).joined(separator: " "),
                e: (entry.emotions.flatMap { [$0.name, $0.thought ?? ""] } + entry.challenges.flatMap { [$0.thought, $0.response ?? ""] })
                    .filter { !$0.isEmpty }.joined(separator: " · "),
                l: (entry.lessons + entry.nextSteps).map(\.text).joined(separator: " · "),
                b: entry.body.plainText
            )
        }
        records += workbook.pages.map { page in
            Record(u: Routes.href(Routes.page(page.slug)), t: page.title, d: "Guide", g: "", e: "", l: page.summary ?? "", b: page.body.plainText)
        }
        return records
    }

    static func file(for workbook: Workbook) -> OutputFile {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(records(for: workbook))) ?? Data("[]".utf8)
        // No "<" at all, so the text can never close a script element, whatever an entry holds.
        var bytes = Array("window.REBOUND_SEARCH = ".utf8)
        bytes.reserveCapacity(json.count + 64)
        json.withUnsafeBytes { raw in
            for byte in raw {
                if byte == UInt8(ascii: "<") { bytes.append(contentsOf: "\\u003c".utf8) } else { bytes.append(byte) }
            }
        }
        bytes += Array(";\n".utf8)
        return OutputFile(path: Routes.searchIndex, bytes: bytes)
    }
}
