import Foundation

/// A text kept as UTF-8 bytes inside a larger buffer, such as the cache file read whole, and
/// made into a `String` the first time it is asked for. Most bodies a rebuild takes from the
/// cache are never shown again (their pages and pieces are kept as they are), so making each
/// one a `String` as the file is read would be work for nothing.
final class EncodedText: @unchecked Sendable {
    private let buffer: [UInt8]
    private let range: Range<Int>
    /// The text, once made; guarded by `lock`, as pages on every core may ask at once.
    private var made: String?
    private let lock = NSLock()

    /// The text whose UTF-8 bytes are `range` of `buffer`, which is shared, not copied.
    init(_ range: Range<Int>, of buffer: [UInt8]) {
        self.buffer = buffer
        self.range = range
    }

    /// The text; bytes that are not UTF-8, which a sealed cache file never holds, are replaced.
    var text: String {
        lock.withLock {
            if let made { return made }
            let text = buffer.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
            made = text
            return text
        }
    }

    /// Calls `body` with the bytes, where they are in the buffer.
    func withUTF8<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }
}
