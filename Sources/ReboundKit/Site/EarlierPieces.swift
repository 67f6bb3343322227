import Foundation

/// Where the remembered pieces of the largest pages (the sheets of `print.html`) are in the site
/// an earlier build wrote, so that a build in another run copies a piece made from the same
/// inputs instead of making it again.
///
/// Kept beside the manifest as `.rebound-pieces` (a `SealedFile`): for each page, the hash of the
/// file as that build wrote it, what `lstat` said of the file then (its size, inode and times)
/// and, for each piece, its digest (`StableHasher`, over everything the piece is made from),
/// where it is, and a hash of its bytes (see `encode`). A page whose file changed since is not
/// used, a piece whose bytes changed is made again, and a file that is damaged, made by another
/// program or for other settings is ignored whole. A piece of a file that is still the one
/// written, as `fstat` tells, is copied without hashing its bytes again: changing a file changes
/// its change time, which no program can set.
struct EarlierPieces: Sendable {
    static let fileName = ".rebound-pieces"
    private static let magic = Array("Rebound pieces\n".utf8)
    private static let format: UInt64 = 4

    /// One piece of a page.
    struct Piece: Sendable, Equatable {
        var digest: Int
        var offset: Int
        var length: Int
        var hash: UInt64
    }

    /// The pieces of one page, read from its file as they are asked for.
    ///
    /// A render asks for the pieces in much the order the file holds them, so the file is read a
    /// window at a time and the pieces are copied out of it: a page of small pieces (the cards
    /// of a tag page) costs a read for many of them, not one each. A piece the page holds more
    /// than once (a lesson listed under its tag and under its month) is taken from the place
    /// after the piece asked for before it, so the reading goes on through the file rather than
    /// back to the first copy and forth again, window after window.
    final class Page: @unchecked Sendable {
        private let path: String
        /// The pieces as the record holds them, in the order of the file.
        let recorded: [Piece]
        /// What `lstat` said of the file when the pieces were recorded, if it was asked.
        private let written: DecodeCache.Stamp?
        /// Whether the file opened is the one written, so its pieces need not be hashed again.
        private var unchanged = false
        /// By digest, the first of `recorded` made from it; made when the first piece is asked
        /// for, by the job that renders the page rather than before rendering starts.
        private var first: [Int: Int]?
        /// For each of `recorded`, the next one made from the same digest.
        private var sameAfter: [Int?] = []
        /// Where in `recorded` the piece after the one asked for last is.
        private var cursor = 0
        /// How many pieces were looked for through all of `recorded`, before it was indexed.
        private var searches = 0
        private static let nearby = 64
        private static let searchesBeforeIndex = 32
        private var descriptor: Int32 = -2
        /// The bytes of the file from `windowStart` on, as last read.
        private var window: [UInt8] = []
        private var windowStart = 0
        /// How many bytes were read from the file in all.
        private(set) var bytesRead = 0
        /// Whether the pieces were indexed by digest (see `position(of:)`).
        var isIndexed: Bool { lock.withLock { first != nil } }
        static let windowSize = 1 << 16
        private let lock = NSLock()

        init(path: String, pieces: [Piece], written: DecodeCache.Stamp? = nil) {
            self.path = path
            self.recorded = pieces
            self.written = written
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        /// The bytes of the piece made from `digest`, when the file still holds them, and their
        /// hash; a slice of the window it was read with, not a copy.
        func bytes(for digest: Int) -> (bytes: ArraySlice<UInt8>, hash: UInt64)? {
            lock.withLock {
                guard let position = position(of: digest) else { return nil }
                cursor = position + 1
                let piece = recorded[position]
                guard piece.length > 0 else { return nil }
                if piece.offset < windowStart || piece.offset + piece.length > windowStart + window.count {
                    guard fill(at: piece.offset, count: max(piece.length, Self.windowSize)) >= piece.length else { return nil }
                }
                let start = piece.offset - windowStart
                let bytes = window[start..<(start + piece.length)]
                guard unchanged || Manifest.hash(bytes) == piece.hash else { return nil }
                return (bytes, piece.hash)
            }
        }

        /// Where in `recorded` the piece made from `digest` is: the first at or after the cursor,
        /// else the first of all.
        ///
        /// A render that changed little finds its pieces at the cursor or just after it, and asks
        /// for the few it changed, which are nowhere: those are looked for one by one through
        /// the pieces, which for the forty thousand of a large printed workbook takes a hundredth
        /// of what indexing them does. Past a few such searches, the pieces are indexed.
        private func position(of digest: Int) -> Int? {
            let near = recorded[cursor..<min(cursor + Self.nearby, recorded.count)]
            if let position = near.firstIndex(where: { $0.digest == digest }) { return position }
            if first == nil, searches < Self.searchesBeforeIndex {
                searches += 1
                // Past the pieces near the cursor, then before the cursor: each piece looked at once.
                return recorded[near.endIndex...].firstIndex { $0.digest == digest } ?? recorded[..<cursor].firstIndex { $0.digest == digest }
            }
            if first == nil { index() }
            guard var position = first?[digest] else { return nil }
            while position < cursor, let next = sameAfter[position] { position = next }
            return position < cursor ? first?[digest] : position
        }

        private func index() {
            var first: [Int: Int] = [:]
            first.reserveCapacity(recorded.count)
            sameAfter = Array(repeating: nil, count: recorded.count)
            for position in recorded.indices.reversed() {
                sameAfter[position] = first.updateValue(position, forKey: recorded[position].digest)
            }
            self.first = first
        }

        /// Reads up to `count` bytes of the file at `offset` into the window; how many it holds.
        private func fill(at offset: Int, count: Int) -> Int {
            if descriptor == -2 {
                descriptor = open(path, O_RDONLY | O_NOFOLLOW)
                var info = stat()
                unchanged = descriptor >= 0 && written != nil && fstat(descriptor, &info) == 0 && DecodeCache.Stamp(info) == written
            }
            guard descriptor >= 0 else { return 0 }
            let file = descriptor
            window = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
                guard let start = buffer.baseAddress else { return }
                filled = FileSystem.read(file, into: start, count: count, at: offset).count
            }
            windowStart = offset
            bytesRead += window.count
            return window.count
        }
    }

    /// What the printed workbook needs of an entry's body before its sheet is made (see
    /// `SiteRenderer.PrintedBody`), kept so that a later run takes it rather than reading the
    /// body again.
    struct Outline: Sendable, Equatable {
        /// The sections lifted out, as byte ranges of the body, and the heading ids removed with
        /// the key of each (`PrintHTML.Cut`).
        var ranges: [Range<Int>]
        var removed: [String: String]
        /// `PrintedBody.place` and `PrintedBody.targetLinks`.
        var place: Int
        var targetLinks: [String]
        /// The hash of the body's bytes (`Manifest.hash`): the outline is of that body only.
        var body: UInt64
    }

    /// What the pieces were made with (the program, the workbook's settings, the options and the theme).
    let prefix: UInt64
    /// The outline of each entry's body, by a digest of the entry's file and text
    /// (`Entry.sourceDigest`).
    private(set) var outlines: [Int: Outline] = [:]
    /// The pieces of each page, by route, with the hash of its file and what `lstat` said of it.
    private(set) var pages: [String: (hash: UInt64, written: DecodeCache.Stamp?, pieces: [Piece])] = [:]

    /// The record of a build: the `outlines` of the entries it printed, and the pieces `placed`
    /// in each page it wrote in `batches`, with the hash of the page's file.
    init(prefix: UInt64, outlines: [Int: Outline] = [:], placed: [String: [Piece]] = [:], batches: [OutputWriter.Session.Batch] = []) {
        self.prefix = prefix
        self.outlines = outlines
        for batch in batches {
            for file in batch.written {
                guard let pieces = placed[file.path] else { continue }
                add(file.path, hash: file.record.hash, pieces: pieces)
            }
        }
    }

    /// The pages it holds pieces of.
    var routes: [String] { Array(pages.keys) }

    /// Whether it says what `other` says but for what `lstat` said of each page: the same
    /// settings, outlines, and pages with the same hashes and pieces.
    func holdsTheSame(as other: EarlierPieces) -> Bool {
        guard prefix == other.prefix, pages.count == other.pages.count, outlines == other.outlines else { return false }
        return pages.allSatisfy { route, page in
            other.pages[route].map { $0.hash == page.hash && $0.pieces == page.pieces } ?? false
        }
    }

    mutating func add(_ route: String, hash: UInt64, written: DecodeCache.Stamp? = nil, pieces: [Piece]) {
        pages[route] = (hash, written, pieces)
    }

    /// The pieces of the page at `route` in `folder`, when its file is still the one they were
    /// recorded from, as `manifest` says.
    func page(_ route: String, in folder: String, manifest: Manifest?) -> Page? {
        guard let recorded = pages[route], manifest?.byPath[route]?.hash == recorded.hash else { return nil }
        return Page(path: folder + "/" + route, pieces: recorded.pieces, written: recorded.written)
    }

    // MARK: The file

    /// The record as the file holds it, but for the seal.
    var bytes: [UInt8] {
        chunks(parts).reduce(into: []) { $0 += $1 }
    }

    /// The record's largest parts, each page's pieces and the outlines, as the file holds them:
    /// made while the pages are moved into place, since only what `lstat` then says of each page
    /// must wait for that (see `stamp`).
    struct Parts: Sendable {
        fileprivate var pieces: [String: [UInt8]] = [:]
        fileprivate var outlines: [UInt8] = []
    }

    var parts: Parts {
        var parts = Parts()
        for (route, page) in pages {
            parts.pieces[route] = Self.encode(page.pieces)
        }
        var writer = BinaryWriter()
        writer.list(outlines.sorted { $0.key < $1.key }) { writer, item in
            let outline = item.value
            writer.int(item.key)
            writer.list(outline.ranges) { writer, range in
                writer.int(range.lowerBound)
                writer.int(range.upperBound)
            }
            writer.list(outline.removed.sorted { $0.key.precedesInBytes($1.key) }) { writer, pair in
                writer.string(pair.key)
                writer.string(pair.value)
            }
            writer.int(outline.place)
            writer.list(outline.targetLinks) { $0.string($1) }
            writer.unsigned(outline.body)
        }
        parts.outlines = writer.bytes
        return parts
    }

    /// The record with `parts`, made from it before the pages were stamped, as the file holds
    /// it but for the seal: the few bytes around the parts, and the parts as they are, uncopied.
    private func chunks(_ parts: Parts) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        var writer = BinaryWriter()
        writer.raw(Self.magic)
        writer.unsigned(Self.format)
        writer.unsigned(prefix)
        writer.list(pages.sorted { $0.key < $1.key }) { writer, page in
            writer.string(page.key)
            writer.unsigned(page.value.hash)
            writer.optional(page.value.written) { writer, stamp in DecodeCache.encode(stamp, into: &writer) }
            writer.flush { chunks.append($0) }
            chunks.append(parts.pieces[page.key] ?? [0])
        }
        writer.flush { chunks.append($0) }
        chunks.append(parts.outlines)
        return chunks
    }

    /// Notes what `lstat` says of the file of the page at `route` now that it is in place.
    mutating func stamp(_ route: String, _ written: DecodeCache.Stamp?) {
        pages[route]?.written = written
    }

    /// The pieces recorded in `folder` for pages made with `prefix` (with any, given nil); nil
    /// when there are none this build can use.
    static func read(folder: String, prefix: UInt64?) -> EarlierPieces? {
        SealedFile.decode(folder + "/" + fileName, magic: magic, format: format) { reader throws(BinaryReader.Damaged) -> EarlierPieces? in
            let made = try reader.unsigned()
            guard prefix == nil || made == prefix else { return nil }
            var found = EarlierPieces(prefix: made)
            for _ in 0..<(try reader.count()) {
                let route = try reader.string()
                let hash = try reader.unsigned()
                let written = try reader.optional { r throws(BinaryReader.Damaged) in try DecodeCache.decodeStamp(&r) }
                let pieces = try decodePieces(&reader)
                found.add(route, hash: hash, written: written, pieces: pieces)
            }
            for _ in 0..<(try reader.count()) {
                let digest = try reader.int()
                let ranges = try reader.list { r throws(BinaryReader.Damaged) in
                    let (lower, upper) = (try r.int(), try r.int())
                    guard lower >= 0, lower <= upper else { throw BinaryReader.Damaged() }
                    return lower..<upper
                }
                var removed: [String: String] = [:]
                for _ in 0..<(try reader.count()) {
                    let heading = try reader.string()
                    removed[heading] = try reader.string()
                }
                let place = try reader.int()
                let targetLinks = try reader.list { r throws(BinaryReader.Damaged) in try r.string() }
                found.outlines[digest] = Outline(ranges: ranges, removed: removed, place: place, targetLinks: targetLinks, body: try reader.unsigned())
            }
            return found
        }
    }

    /// The size of a piece in the file: its digest, offset, length and hash, eight bytes each.
    private static let pieceSize = 32

    /// `pieces` as the file holds them: their count, then each one's four numbers as eight
    /// little-endian bytes. A large workbook's pages have a hundred thousand pieces, whose
    /// digests and hashes take ten bytes each as variable-length numbers, and are made and
    /// read a byte at a time; these are copied a word at a time.
    static func encode(_ pieces: [Piece]) -> [UInt8] {
        var writer = BinaryWriter()
        writer.unsigned(UInt64(pieces.count))
        var bytes = writer.bytes
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: pieces.count * pieceSize))
        bytes.withUnsafeMutableBytes { file in
            let words = UnsafeMutableRawBufferPointer(rebasing: file[start...])
            for (index, piece) in pieces.enumerated() {
                let at = index * pieceSize
                words.storeBytes(of: UInt64(bitPattern: Int64(piece.digest)).littleEndian, toByteOffset: at, as: UInt64.self)
                words.storeBytes(of: UInt64(bitPattern: Int64(piece.offset)).littleEndian, toByteOffset: at + 8, as: UInt64.self)
                words.storeBytes(of: UInt64(bitPattern: Int64(piece.length)).littleEndian, toByteOffset: at + 16, as: UInt64.self)
                words.storeBytes(of: piece.hash.littleEndian, toByteOffset: at + 24, as: UInt64.self)
            }
        }
        return bytes
    }

    /// The pieces `encode` wrote; a piece that would lie before the start of its file or past
    /// the largest offset is damage.
    static func decodePieces(_ reader: inout BinaryReader) throws(BinaryReader.Damaged) -> [Piece] {
        // At most one piece for each byte left, so the size cannot overflow.
        let count = try reader.count()
        let words = try reader.raw(count * pieceSize)
        var pieces: [Piece] = []
        pieces.reserveCapacity(count)
        for start in stride(from: 0, to: words.count, by: pieceSize) {
            func word(_ at: Int) -> UInt64 { UInt64(littleEndian: words.loadUnaligned(fromByteOffset: start + at, as: UInt64.self)) }
            let (offset, length) = (Int(truncatingIfNeeded: word(8)), Int(truncatingIfNeeded: word(16)))
            guard offset >= 0, length >= 0, offset <= Int.max - length else { throw BinaryReader.Damaged() }
            pieces.append(Piece(digest: Int(truncatingIfNeeded: word(0)), offset: offset, length: length, hash: word(24)))
        }
        return pieces
    }

    /// Writes the file into `folder` (see `SealedFile`), with `parts` when they were made
    /// already; false when it could not.
    @discardableResult
    func write(folder: String, parts: Parts? = nil) -> Bool {
        let final = folder + "/" + Self.fileName
        let chunks = chunks(parts ?? self.parts)
        return SealedFile.write(final, through: OutputWriter.temporaryName(for: final)) { append throws(FileSystem.Failure) in
            for chunk in chunks { try append(chunk) }
        }
    }
}
