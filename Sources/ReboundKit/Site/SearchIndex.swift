/// The index `search.html` searches: scripts that each add records to one array, so they load
/// from `file://`. Each year of entries has a script of its own, so a change to one entry writes
/// its year's again and leaves the others as they are.
enum SearchIndex {
    /// One record per entry and guide chapter, with short keys to keep the file small.
    struct Record {
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
        /// The body as HTML; the index holds its text (see `HTML.plainText`).
        var body: Markup
    }

    static func record(_ entry: Entry) -> Record {
        Record(
            u: Routes.entryHref(entry.slug),
            t: entry.title,
            d: entry.date.description,
            g: entry.tags.map(\.name).joined(separator: " "),
            e: (entry.emotions.flatMap { [$0.name, $0.thought ?? ""] } + entry.challenges.flatMap { [$0.thought, $0.response ?? ""] })
                .filter { !$0.isEmpty }.joined(separator: " · "),
            l: (entry.lessons + entry.nextSteps).map(\.text).joined(separator: " · "),
            body: entry.body.htmlMarkup
        )
    }

    static func record(_ page: GuidePage) -> Record {
        Record(u: Routes.href(Routes.page(page.slug)), t: page.title, d: "Guide", g: "", e: "", l: page.summary ?? "", body: page.body.htmlMarkup)
    }

    /// What the records of `pages` are made from (see `record(_:)`), in their order.
    static func addSources(of pages: [GuidePage], to hasher: inout StableHasher) {
        hasher.combine(pages.count)
        for page in pages {
            hasher.combine(utf8: page.slug)
            hasher.combine(utf8: page.title)
            hasher.combine(utf8: page.summary)
            hasher.combine(page.body.htmlHash)
        }
    }

    /// The scripts of the index in the order the search page loads them, with the positions of
    /// the entries of each among `entries` (sorted oldest first): one per year of entries, newest
    /// year first, then `Routes.searchIndex`, which holds the guide's chapters and no entry.
    static func parts(of entries: [Entry]) -> [(route: String, entries: Range<Int>)] {
        var parts: [(route: String, entries: Range<Int>)] = []
        var end = entries.endIndex
        while end > entries.startIndex {
            let year = entries[end - 1].date.year
            var start = end - 1
            while start > entries.startIndex, entries[start - 1].date.year == year { start -= 1 }
            parts.append((Routes.searchIndex(year: year), start..<end))
            end = start
        }
        parts.append((Routes.searchIndex, end..<end))
        return parts
    }

    /// Hands a script of the index, which adds a record for each of `entries` (newest first) and
    /// of `pages` to `window.REBOUND_SEARCH` with each record's fields in key order, to `emit` a
    /// megabyte at a time, so a large one is never held whole. Given `records`, an entry's record
    /// is taken from there while the entry is unchanged; else, given `pieces`, from the index an
    /// earlier run wrote, and where each is goes into `pieces`.
    static func write(_ entries: some Sequence<Entry>, pages: [GuidePage] = [], records: EntryMemo<[UInt8]>? = nil, pieces: RenderMemo? = nil,
                      into emit: ([UInt8]) -> Void) {
        var json = JSONText(capacity: pieceSize + pieceSize / 4)
        var emitted = 0
        json.raw(opening)
        var first = true
        func next() {
            if !first { json.raw(",") }
            first = false
            if json.bytes.count >= pieceSize {
                emitted += json.bytes.count
                json.flush(into: emit)
            }
        }
        for entry in entries {
            next()
            if let records {
                json.raw(records.value(for: entry, encoded))
            } else if let pieces {
                // A record is made from its entry alone, which its file and text stand for.
                let key = entry.sourceDigest
                let (bytes, hash) = pieces.reuse(key) ?? (encoded(entry)[...], nil)
                pieces.place(key, at: emitted + json.bytes.count, bytes: bytes, hash: hash)
                json.raw(bytes)
            } else {
                write(record(entry), into: &json)
            }
        }
        for page in pages {
            next()
            write(record(page), into: &json)
        }
        json.raw(closing)
        json.flush(into: emit)
    }

    /// How each script of the index begins and ends: what it holds joins what the scripts loaded
    /// before it added.
    static let opening: StaticString = "window.REBOUND_SEARCH = (window.REBOUND_SEARCH || []).concat(["
    static let closing: StaticString = "]);\n"

    private static let pieceSize = 1 << 20

    /// The record of `entry` alone as JSON.
    static func encoded(_ entry: Entry) -> [UInt8] {
        encoded(record(entry))
    }

    /// A record alone as JSON.
    private static func encoded(_ record: Record) -> [UInt8] {
        var json = JSONText(capacity: record.body.bytes.count + 256)
        write(record, into: &json)
        return json.bytes
    }

    private static func write(_ record: Record, into json: inout JSONText) {
        json.raw("{\"b\":")
        record.body.bytes.withUnsafeBufferPointer { json.string(plainTextOf: $0) }
        for (key, value) in [("d", record.d), ("e", record.e), ("g", record.g), ("l", record.l), ("t", record.t), ("u", record.u)] {
            json.raw(",\"\(key)\":")
            json.string(value)
        }
        json.raw("}")
    }
}

/// JSON written byte by byte. Strings escape quotes, backslashes and control characters, and
/// also `<`, so the text can never close a script element whatever an entry holds, and the
/// line separators U+2028 and U+2029, which older script engines read as line ends.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Hands what was written so far to `emit`, then empties the text, keeping its storage for
    /// what follows unless `emit` kept the bytes (see `BinaryWriter.flush`).
    mutating func flush(into emit: ([UInt8]) -> Void) {
        emit(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(text)
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func raw(_ part: some Collection<UInt8>) {
        bytes.append(contentsOf: part)
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { escaping($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The text of `html` as a string (see `HTML.plainText`), escaped as it is read.
    mutating func string(plainTextOf html: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        HTML.plainText(html) { escaping($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8`, whole characters, with what a string may not hold escaped.
    private mutating func escaping(_ utf8: UnsafeBufferPointer<UInt8>) {
        var run = 0
        var index = 0
        func escape(_ replacement: StaticString, skipping count: Int = 1) {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
            bytes.append(replacement)
            index += count
            run = index
        }
        while true {
            // Most bytes are copied as they are, in runs.
            index = utf8.firstIndex(ofAny: (UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), 0xE2, 0xE2), orControls: true, from: index)
            guard index < utf8.count else { break }
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "\""): escape("\\\"")
            case UInt8(ascii: "\\"): escape("\\\\")
            case UInt8(ascii: "<"): escape("\\u003c")
            case 0x0A: escape("\\n")
            case 0x0D: escape("\\r")
            case 0x09: escape("\\t")
            case 0x08: escape("\\b")
            case 0x0C: escape("\\f")
            case 0x00..<0x20:
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(contentsOf: [byte >> 4, byte & 0x0F].map { $0 < 10 ? UInt8(ascii: "0") + $0 : UInt8(ascii: "a") + $0 - 10 })
                index += 1
                run = index
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                escape(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029", skipping: 3)
            default:
                index += 1
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
    }
}
