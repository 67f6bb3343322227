import Foundation

extension UnsafeBufferPointer<UInt8> {
    /// The first index at or after `start` where `needle` begins.
    func firstIndex(of needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, let base = baseAddress else { return nil }
        var index = start
        while index + needle.count <= count {
            guard let found = memchr(base + index, Int32(first), count - index) else { return nil }
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard index + needle.count <= count else { return nil }
            if memcmp(base + index, needle, needle.count) == 0 { return index }
            index += 1
        }
        return nil
    }

    /// The first index at or after `start` whose byte is one of `bytes` (at most five), or, when
    /// `controls` is set, below 0x20; `count` when there is none. Eight bytes are looked at a
    /// time, so the long runs of plain text between the bytes an escaper looks for are passed
    /// over quickly.
    func firstIndex(ofAny bytes: (UInt8, UInt8, UInt8, UInt8, UInt8), orControls controls: Bool = false, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        /// High bits at the bytes of `word` that are zero; the lowest one marked is the first
        /// zero byte (a byte above it may be marked too, which is never looked at).
        func zeros(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
        let wanted = (ones &* UInt64(bytes.0), ones &* UInt64(bytes.1), ones &* UInt64(bytes.2), ones &* UInt64(bytes.3), ones &* UInt64(bytes.4))
        var index = start
        if let base = baseAddress {
            while index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                var found = zeros(word ^ wanted.0) | zeros(word ^ wanted.1) | zeros(word ^ wanted.2) | zeros(word ^ wanted.3) | zeros(word ^ wanted.4)
                if controls { found |= (word &- ones &* 0x20) & ~word & highs }
                if found != 0 { return index + found.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < count {
            let byte = self[index]
            if byte == bytes.0 || byte == bytes.1 || byte == bytes.2 || byte == bytes.3 || byte == bytes.4 || (controls && byte < 0x20) { return index }
            index += 1
        }
        return count
    }
}

extension UnsafeRawBufferPointer {
    /// Whether `other` holds the same bytes: unlike `==` on Strings, which compares them as
    /// Unicode, two spellings of an accent differ.
    func hasSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        count == other.count && (isEmpty || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }

    /// Whether the bytes sort before `other`'s, a shorter run before a longer one it begins.
    func precedesInBytes(_ other: UnsafeRawBufferPointer) -> Bool {
        let common = Swift.min(count, other.count)
        let order = common == 0 ? 0 : memcmp(baseAddress!, other.baseAddress!, common)
        return order != 0 ? order < 0 : count < other.count
    }
}

extension String {
    /// Whether the string's UTF-8 bytes sort before `other`'s: an order that is the same in
    /// every locale and run. Compared as two runs of bytes, which is several times quicker than
    /// a walk through `utf8` when ten thousand file names are sorted.
    func precedesInBytes(_ other: String) -> Bool {
        var (mine, theirs) = (self, other)
        return mine.withUTF8 { mine in
            theirs.withUTF8 { UnsafeRawBufferPointer(mine).precedesInBytes(UnsafeRawBufferPointer($0)) }
        }
    }

    /// The text `utf8` holds, or nil when it is not UTF-8. Decoding and comparing the bytes
    /// costs a third of what `String(validating:as:)` does for a short text, whose generic
    /// path is most of the work when a cache file gives back half a million of them.
    init?(utf8Bytes utf8: UnsafeRawBufferPointer) {
        var text = String(decoding: utf8.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        guard text.withUTF8({ UnsafeRawBufferPointer($0).hasSameBytes(as: utf8) }) else { return nil }
        self = text
    }
}

/// Runs of bytes (names, paths) kept one after another in one array, so that many can be sorted
/// by their bytes without a text for each: sorting texts counts references to two of them at
/// every comparison, which for ten thousand file names costs more than comparing their bytes.
struct ByteRuns {
    private var bytes: [UInt8] = []
    private var ranges: [Range<Int>] = []

    mutating func append(_ run: UnsafeRawBufferPointer) {
        ranges.append(bytes.count..<(bytes.count + run.count))
        bytes.append(contentsOf: run)
    }

    /// The positions of the runs in the order of their bytes (see `precedesInBytes`).
    ///
    /// Each run's first sixteen bytes, read as two numbers that order as the bytes do (zeros past
    /// its end), tell most runs apart without comparing memory: ten thousand file names that
    /// begin with their dates sort in less than half the time.
    func positionsInByteOrder() -> [Int] {
        bytes.withUnsafeBytes { bytes in
            func word(of range: Range<Int>, from start: Int) -> UInt64 {
                var word: UInt64 = 0
                for offset in start..<(start + 8) {
                    word = word << 8 | UInt64(offset < range.count ? bytes[range.lowerBound + offset] : 0)
                }
                return word
            }
            var keyed = ranges.indices.map { (first: word(of: ranges[$0], from: 0), second: word(of: ranges[$0], from: 8), position: $0) }
            keyed.sort { a, b in
                if a.first != b.first { return a.first < b.first }
                if a.second != b.second { return a.second < b.second }
                return UnsafeRawBufferPointer(rebasing: bytes[ranges[a.position]]).precedesInBytes(UnsafeRawBufferPointer(rebasing: bytes[ranges[b.position]]))
            }
            return keyed.map(\.position)
        }
    }

    /// Calls `body` with the bytes of the run at `position`.
    func withRun<Result>(_ position: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[ranges[position]])) }
    }
}
