/// A compact binary form for what Rebound keeps between runs: whole numbers as variable-length
/// integers, texts as their length and UTF-8 bytes, lists as their count and items, optionals
/// as a flag and the value.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Hands what was written so far to `use`, then empties the writer, keeping its storage for
    /// what follows unless `use` kept the bytes. (Returning the bytes and then emptying the
    /// writer would leave it sharing them, so every piece would get new storage, whose pages are
    /// all new to the process.)
    mutating func flush<Failure: Error>(_ use: ([UInt8]) throws(Failure) -> Void) throws(Failure) {
        try use(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func raw(_ part: some Collection<UInt8>) {
        bytes.append(contentsOf: part)
    }

    /// A whole number in 7-bit groups, the sign folded into the lowest bit.
    mutating func int(_ value: Int) {
        unsigned(UInt64(bitPattern: Int64(value << 1 ^ value >> (Int.bitWidth - 1))))
    }

    mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func double(_ value: Double) {
        unsigned(value.bitPattern)
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8(UnsafeRawBufferPointer($0)) }
    }

    /// A text given as its UTF-8 bytes, as `string` writes it.
    mutating func utf8(_ utf8: UnsafeRawBufferPointer) {
        unsigned(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout BinaryWriter, Value) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func list<Value>(_ values: [Value], _ write: (inout BinaryWriter, Value) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}

/// Reads what `BinaryWriter` wrote. Anything out of place (a count past the end, a text that is
/// not UTF-8, a flag that is neither 0 nor 1) throws `Damaged`, so a damaged file is never half
/// believed.
struct BinaryReader {
    struct Damaged: Error {}

    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// The next `count` bytes, as they are.
    mutating func raw(_ count: Int) throws(Damaged) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func unsigned() throws(Damaged) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw Damaged()
    }

    mutating func int() throws(Damaged) -> Int {
        let folded = try unsigned()
        return Int(truncatingIfNeeded: Int64(bitPattern: folded >> 1) ^ -Int64(bitPattern: folded & 1))
    }

    /// A count of items still to come, each at least a byte long, so a damaged count never
    /// asks for more memory than the file holds.
    mutating func count() throws(Damaged) -> Int {
        let value = try unsigned()
        guard value <= UInt64(bytes.count - offset) else { throw Damaged() }
        return Int(value)
    }

    mutating func bool() throws(Damaged) -> Bool {
        let flag = try raw(1)[0]
        guard flag <= 1 else { throw Damaged() }
        return flag == 1
    }

    mutating func double() throws(Damaged) -> Double {
        Double(bitPattern: try unsigned())
    }

    mutating func string() throws(Damaged) -> String {
        try Self.text(raw(count()))
    }

    /// `utf8` as text, when it is UTF-8.
    static func text(_ utf8: UnsafeRawBufferPointer) throws(Damaged) -> String {
        guard let text = String(utf8Bytes: utf8) else { throw Damaged() }
        return text
    }

    mutating func optional<Value>(_ read: (inout BinaryReader) throws(Damaged) -> Value) throws(Damaged) -> Value? {
        try bool() ? read(&self) : nil
    }

    mutating func list<Value>(_ read: (inout BinaryReader) throws(Damaged) -> Value) throws(Damaged) -> [Value] {
        let count = try count()
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}

/// A file of Rebound's own beside the workbook or the site (a cache, a record of pieces): written
/// beside its place and moved over it whole, so a reader finds the old file or the new one, and
/// ending with a hash of everything before it, so a damaged one is known and ignored.
enum SealedFile {
    /// Writes what `write` appends to the file at `path`: into `temporary`, made only when
    /// nothing is there (a file of that name is not this run's to replace), then moved over
    /// `path`. False when anything failed; nothing is left at `temporary` then.
    static func write(_ path: String, through temporary: String,
                      _ write: (_ append: ([UInt8]) throws(FileSystem.Failure) -> Void) throws(FileSystem.Failure) -> Void) -> Bool {
        guard var file = try? FileSystem.NewFile(temporary, exclusive: true) else { return false }
        do throws(FileSystem.Failure) {
            var hash = Manifest.RunningHash()
            try write { bytes throws(FileSystem.Failure) in
                hash.add(bytes[...])
                try file.append(bytes)
            }
            try file.append(withUnsafeBytes(of: hash.value.littleEndian) { Array($0) })
            try file.close()
            try FileSystem.rename(temporary, to: path)
            return true
        } catch {
            try? file.close()
            try? FileSystem.remove(temporary)
            return false
        }
    }

    /// The bytes of the file at `path`, seal included; nil when there is none, or a link.
    static func read(_ path: String) -> [UInt8]? {
        guard let bytes = try? FileSystem.read(path, largest: .max), bytes.count >= 8 else { return nil }
        return bytes
    }

    /// What `decode` reads of the file at `path` after its heading, `magic` and `format`; nil
    /// when there is none, it is a link, damaged or another kind of file, or when `decode` finds
    /// it of no use (nil) or leaves bytes unread.
    static func decode<Value>(_ path: String, magic: [UInt8], format: UInt64,
                              _ decode: (inout BinaryReader) throws(BinaryReader.Damaged) -> Value?) -> Value? {
        guard let bytes = read(path), isIntact(bytes) else { return nil }
        return bytes.withUnsafeBytes { file -> Value? in
            var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: file[..<(file.count - 8)]))
            do throws(BinaryReader.Damaged) {
                guard Array(try reader.raw(magic.count)) == magic, try reader.unsigned() == format,
                      let value = try decode(&reader), reader.isAtEnd else { return nil }
                return value
            } catch {
                return nil
            }
        }
    }

    /// The hash that ends `bytes`, which tells one file written from another.
    static func seal(of bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self).littleEndian }
    }

    /// Whether the hash that ends `bytes` is the hash of the bytes before it.
    static func isIntact(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8 else { return false }
        var hash = Manifest.RunningHash()
        hash.add(bytes[..<(bytes.count - 8)])
        return hash.value == seal(of: bytes)
    }
}
