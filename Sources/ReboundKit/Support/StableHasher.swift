/// A hash that is the same in every run of the program, unlike `Hasher`, which is seeded anew
/// in each: for digests a later run compares with those an earlier one recorded (the pieces of
/// the largest pages, see `EarlierPieces`). Words are mixed in one at a time by a multiply and a
/// shift, each step a bijection, so that two inputs differing in one word always differ.
struct StableHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    private mutating func mix(_ word: UInt64) {
        let mixed = (state ^ word) &* 0x0000_0100_0000_01B3
        state = mixed ^ (mixed >> 29)
    }

    mutating func combine(_ value: Int) {
        mix(UInt64(bitPattern: Int64(value)))
    }

    mutating func combine(_ value: UInt64) {
        mix(value)
    }

    mutating func combine(_ value: Bool) {
        mix(value ? 1 : 0)
    }

    mutating func combine(_ value: Double) {
        mix(value.bitPattern)
    }

    /// `text` as its UTF-8 bytes, eight at a time, then its length, so that two texts in a row
    /// never read as two others.
    mutating func combine(utf8 text: String) {
        var text = text
        let count = text.withUTF8 { bytes -> Int in
            var index = 0
            while index + 8 <= bytes.count {
                mix(UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                index += 8
            }
            var last: UInt64 = 0
            for byte in bytes[index...] { last = last << 8 | UInt64(byte) }
            mix(last)
            return bytes.count
        }
        combine(count)
    }

    /// `text`, or that there is none, so that no text and an empty one differ.
    mutating func combine(utf8 text: String?) {
        combine(text != nil)
        combine(utf8: text ?? "")
    }

    /// `value`, or that there is none, so that none and 0 differ.
    mutating func combine(_ value: Int?) {
        combine(value != nil)
        combine(value ?? 0)
    }

    /// `value`, or that there is none, so that none and 0 differ.
    mutating func combine(_ value: Double?) {
        combine(value != nil)
        combine(value ?? 0)
    }

    mutating func combine(_ day: CalendarDay) {
        combine(day.year)
        combine(day.month)
        combine(day.day)
    }

    /// The state, its bits spread so that every input bit can reach every output bit.
    func finalize() -> Int {
        var value = state
        value ^= value >> 33
        value &*= 0xff51_afd7_ed55_8ccd
        value ^= value >> 33
        value &*= 0xc4ce_b9fe_1a85_ec53
        value ^= value >> 33
        return Int(truncatingIfNeeded: value)
    }

    /// The hash of `text` alone.
    static func hash(utf8 text: String) -> Int {
        var hasher = StableHasher()
        hasher.combine(utf8: text)
        return hasher.finalize()
    }
}
