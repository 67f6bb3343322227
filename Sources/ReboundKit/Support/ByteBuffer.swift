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

    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
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

/// Bytes written into storage of a fixed size that the writer does not own, such as a string's
/// before it is made (`String(unsafeUninitializedCapacity:)`), with a check that no byte is
/// written past its end.
struct ByteWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(count < buffer.count, "more bytes written than the storage holds")
        buffer[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(bytes.count <= buffer.count - count, "more bytes written than the storage holds")
        (buffer.baseAddress! + count).initialize(from: start, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// Where bytes are written: an array of bytes, a `ByteBuffer` or a `ByteWriter`.
protocol ByteSink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
    mutating func append(_ text: StaticString)
}

extension ByteSink where Self: ~Copyable {
    /// The decimal digits of `value`, with a minus sign before them when it is negative.
    mutating func integer(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var unit: UInt = 1
        while unit <= magnitude / 10 { unit *= 10 }
        repeat {
            append(UInt8(ascii: "0") + UInt8(magnitude / unit % 10))
            unit /= 10
        } while unit > 0
    }

    /// The hexadecimal digits of `value` in small letters, as `String(value, radix: 16)` writes them.
    mutating func hexadecimal(_ value: UInt64) {
        var shift = max(63 - value.leadingZeroBitCount, 0) / 4 * 4
        repeat {
            let digit = UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0x0F
            append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
            shift -= 4
        } while shift >= 0
    }

    /// The digits of `value`, which is not negative, from the place `unit` down, leading zeros included.
    mutating func digits(_ value: Int, from unit: Int) {
        var unit = unit
        repeat {
            append(UInt8(ascii: "0") + UInt8(value / unit % 10))
            unit /= 10
        } while unit > 0
    }
}

extension ByteBuffer: ByteSink {}
extension ByteWriter: ByteSink {}

extension Array<UInt8>: ByteSink {
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(contentsOf: bytes)
    }
}
