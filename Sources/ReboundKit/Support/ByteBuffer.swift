/// Bytes appended one short run after another, as a page renders: an append costs a check of the
/// room left and a copy, where appending to an `Array` goes through the general path for any
/// sequence, which costs several times more for a run of a few bytes.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count > capacity - count { grow(toHold: count + bytes.count) }
        (base + count).initialize(from: start, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// The bytes appended so far.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    mutating func removeAll() {
        count = 0
    }

    private mutating func grow(toHold needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }
}

/// Where `HTML.escape` writes: an array of bytes, or a `ByteBuffer`.
protocol ByteSink: ~Copyable {
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
    mutating func append(_ text: StaticString)
}

extension ByteBuffer: ByteSink {}

extension Array<UInt8>: ByteSink {
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(contentsOf: bytes)
    }
}
