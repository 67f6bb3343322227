import Foundation

/// A text kept as UTF-8 bytes in the cache's file of bodies (`BodyStore`), read and made into a
/// `String` the first time it is asked for. Most bodies a rebuild takes from the cache are never
/// shown again (their pages and pieces are kept as they are), so reading each one as the cache
/// is read would be work for nothing.
final class EncodedText: @unchecked Sendable {
    private let store: BodyStore
    private let place: BodyStore.Place
    /// The bytes and the text, once read and made; guarded by `lock`, as pages on every core may
    /// ask at once.
    private var read: [UInt8]?
    private var made: String?
    private let lock = NSLock()

    /// The text at `place` in `store`.
    init(_ place: BodyStore.Place, in store: BodyStore) {
        self.store = store
        self.place = place
    }

    /// How many bytes the text has, and their hash (`Manifest.hash`), known without reading them.
    var count: Int { place.count }
    var hash: UInt64 { place.hash }

    /// The bytes, nil when the store no longer holds them as they were written (the store then
    /// counts the damage).
    var bytes: [UInt8]? {
        lock.withLock { load() }
    }

    /// The text, empty when the bytes are gone; bytes that are not UTF-8, which a body whose hash
    /// matches never holds, are replaced.
    var text: String {
        lock.withLock {
            if let made { return made }
            let text = String(decoding: load() ?? [], as: UTF8.self)
            made = text
            return text
        }
    }

    /// Calls `body` with the bytes, none when they are gone.
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        (bytes ?? []).withUnsafeBufferPointer(body)
    }

    private func load() -> [UInt8]? {
        if read == nil { read = store.bytes(at: place) }
        return read
    }
}

/// The file beside the cache file that holds the HTML of the entries' bodies, read a body at a
/// time as pages ask for them. A rebuild after a small change shows few bodies again, and the
/// bodies are most of what the cache holds.
///
/// It begins with its heading, its format and a number the cache file written with it holds
/// too, and the bodies follow one another; the cache file's record of an entry says where its
/// body is, how long it is and what hash its bytes have. It is written as a `SealedFile`, but
/// its seal is never checked, since that would mean reading it whole: each body's hash is. The
/// file is opened as the cache file is read, so a later build that replaces it does not change
/// what this one reads. A body not found as recorded (the file changed in place or cut short
/// since) is damage: the store counts it, and the build that asked is made again without the
/// cache (see `Builder.build`).
final class BodyStore: @unchecked Sendable {
    static let fileName = ".rebound-cache-bodies"
    static let magic = Array("Rebound entry bodies\n".utf8)
    static let format: UInt64 = 1

    /// Where one body is in the file, and the hash of its bytes (`Manifest.hash`).
    struct Place: Sendable, Equatable {
        var offset: Int
        var count: Int
        var hash: UInt64
    }

    private let descriptor: Int32
    private let lock = NSLock()
    private var damage = 0

    /// The file at `path`, when it is a regular file (not a link) written with `identity`.
    init?(path: String, identity: UInt64) {
        let file = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard file >= 0 else { return nil }
        var info = stat()
        let heading = Self.heading(identity)
        var found = [UInt8](repeating: 0, count: heading.count)
        guard fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              Self.read(file, into: &found, at: 0), found == heading else {
            close(file)
            return nil
        }
        descriptor = file
    }

    deinit { close(descriptor) }

    /// What the file begins with, for a cache file written with `identity`.
    static func heading(_ identity: UInt64) -> [UInt8] {
        var writer = BinaryWriter()
        writer.raw(magic)
        writer.unsigned(format)
        writer.unsigned(identity)
        return writer.bytes
    }

    /// How many bodies were not found as recorded.
    var damaged: Int { lock.withLock { damage } }

    /// The bytes of the body at `place`; nil, and counted, when the file does not hold them.
    func bytes(at place: Place) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: place.count)
        if place.offset >= 0, Self.read(descriptor, into: &bytes, at: place.offset), Manifest.hash(bytes) == place.hash { return bytes }
        lock.withLock { damage += 1 }
        return nil
    }

    /// Fills `bytes` from `file` at `offset`; false when the file ends first or cannot be read.
    private static func read(_ file: Int32, into bytes: inout [UInt8], at offset: Int) -> Bool {
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return true }
            return FileSystem.read(file, into: start, count: buffer.count, at: offset).count == buffer.count
        }
    }
}
