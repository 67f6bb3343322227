import Foundation

/// Where the remembered pieces of the largest pages (the sheets of `print.html`) are in the site
/// an earlier build wrote, so that a build in another run copies a piece made from the same
/// inputs instead of making it again.
///
/// Kept beside the manifest as `.rebound-pieces` (a `SealedFile`): for each page, the hash of the
/// file as that build wrote it and, for each piece, its digest (`StableHasher`, over everything
/// the piece is made from), where it is, and a hash of its bytes. A page whose file changed since is not used,
/// a piece whose bytes changed is made again, and a file that is damaged, made by another
/// program or for other settings is ignored whole.
struct EarlierPieces: Sendable {
    static let fileName = ".rebound-pieces"
    private static let magic = Array("Rebound pieces\n".utf8)
    private static let format: UInt64 = 1

    /// One piece of a page.
    struct Piece: Sendable, Equatable {
        var digest: Int
        var offset: Int
        var length: Int
        var hash: UInt64
    }

    /// The pieces of one page, read from its file as they are asked for.
    final class Page: @unchecked Sendable {
        private let path: String
        private let recorded: [Piece]
        /// `recorded` by digest, made when the first piece is asked for, by the job that renders
        /// the page rather than before rendering starts.
        private var pieces: [Int: Piece]?
        private var descriptor: Int32 = -2
        private let lock = NSLock()

        init(path: String, pieces: [Piece]) {
            self.path = path
            self.recorded = pieces
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        /// The bytes of the piece made from `digest`, when the file still holds them, and their hash.
        func bytes(for digest: Int) -> (bytes: [UInt8], hash: UInt64)? {
            let (found, file): (Piece?, Int32) = lock.withLock {
                if pieces == nil { pieces = Dictionary(recorded.map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first }) }
                guard let piece = pieces?[digest], piece.length > 0 else { return (nil, -1) }
                if descriptor == -2 { descriptor = open(path, O_RDONLY | O_NOFOLLOW) }
                return (piece, descriptor)
            }
            guard let piece = found, file >= 0 else { return nil }
            var read = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: piece.length) { buffer, count in
                read = pread(file, buffer.baseAddress, piece.length, off_t(piece.offset))
                count = max(read, 0)
            }
            guard read == piece.length, Manifest.hash(bytes) == piece.hash else { return nil }
            return (bytes, piece.hash)
        }
    }

    /// What the pieces were made with (the program, the workbook's settings, the options and the theme).
    let prefix: UInt64
    /// The pieces of each page, by route.
    private(set) var pages: [String: (hash: UInt64, pieces: [Piece])] = [:]

    init(prefix: UInt64) {
        self.prefix = prefix
    }

    /// The pages it holds pieces of.
    var routes: [String] { Array(pages.keys) }

    mutating func add(_ route: String, hash: UInt64, pieces: [Piece]) {
        pages[route] = (hash, pieces)
    }

    /// The pieces of the page at `route` in `folder`, when its file is still the one they were
    /// recorded from, as `manifest` says.
    func page(_ route: String, in folder: String, manifest: Manifest?) -> Page? {
        guard let recorded = pages[route], manifest?.byPath[route]?.hash == recorded.hash else { return nil }
        return Page(path: folder + "/" + route, pieces: recorded.pieces)
    }

    // MARK: The file

    /// The record as the file holds it, but for the seal.
    var bytes: [UInt8] {
        var writer = BinaryWriter()
        writer.raw(Self.magic)
        writer.unsigned(Self.format)
        writer.unsigned(prefix)
        writer.list(pages.sorted { $0.key < $1.key }) { writer, page in
            writer.string(page.key)
            writer.unsigned(page.value.hash)
            writer.list(page.value.pieces) { writer, piece in
                writer.int(piece.digest)
                writer.int(piece.offset)
                writer.int(piece.length)
                writer.unsigned(piece.hash)
            }
        }
        return writer.bytes
    }

    /// The pieces recorded in `folder` for pages made with `prefix`; nil when there are none
    /// this build can use.
    static func read(folder: String, prefix: UInt64) -> EarlierPieces? {
        guard let bytes = SealedFile.read(folder + "/" + fileName), SealedFile.isIntact(bytes) else { return nil }
        return bytes.withUnsafeBytes { file -> EarlierPieces? in
            var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: file[..<(file.count - 8)]))
            do throws(BinaryReader.Damaged) {
                guard Array(try reader.raw(magic.count)) == magic, try reader.unsigned() == format, try reader.unsigned() == prefix else { return nil }
                var found = EarlierPieces(prefix: prefix)
                for _ in 0..<(try reader.count()) {
                    let route = try reader.string()
                    let hash = try reader.unsigned()
                    let pieces = try reader.list { r throws(BinaryReader.Damaged) in
                        Piece(digest: try r.int(), offset: try r.int(), length: try r.int(), hash: try r.unsigned())
                    }
                    found.add(route, hash: hash, pieces: pieces)
                }
                return reader.isAtEnd ? found : nil
            } catch {
                return nil
            }
        }
    }

    /// Writes the file into `folder` (see `SealedFile`); false when it could not.
    @discardableResult
    func write(folder: String) -> Bool {
        let final = folder + "/" + Self.fileName
        return SealedFile.write(final, through: OutputWriter.temporaryName(for: final)) { append throws(FileSystem.Failure) in try append(bytes) }
    }
}
