/// The list of files Rebound wrote into an output folder, with a hash of each, kept in the
/// marker file. It marks the folder as Rebound's and lets a build skip files that did not change.
struct Manifest: Equatable, Sendable {
    struct Record: Equatable, Sendable {
        var hash: UInt64
        var size: Int
        /// A digest of everything the file was made from, for the pages that know it (see
        /// `OutputFile.source`).
        var source: UInt64?

        /// Whether the two records are of the same bytes, whatever they were made from.
        func sameBytes(as other: Record?) -> Bool {
            other.map { $0.hash == hash && $0.size == size } ?? false
        }
    }

    static let heading = "Made by Rebound: the files of this site, each with a hash of its bytes and of what it was made from. Do not edit.\n"

    var records: [Record]
    var paths: [String]
    var byPath: [String: Record]
    /// The marker file's bytes, for a manifest read from one.
    private var file: [UInt8]?

    init(paths: [String], records: [Record]) {
        self.paths = paths
        self.records = records
        byPath = Dictionary(zip(paths, records), uniquingKeysWith: { _, last in last })
    }

    static func == (a: Manifest, b: Manifest) -> Bool {
        a.paths == b.paths && a.records == b.records
    }

    /// One line per file, `hash<TAB>size<TAB>source<TAB>path` (the source `-` when unknown),
    /// in the byte order of the paths.
    var text: [UInt8] {
        var sorted = ByteRuns()
        for path in paths {
            var path = path
            path.withUTF8 { sorted.append(UnsafeRawBufferPointer($0)) }
        }
        var out = ByteBuffer(capacity: Self.heading.utf8.count + paths.count * 80)
        var heading = Self.heading
        heading.withUTF8 { out.append($0) }
        for index in sorted.positionsInByteOrder() {
            let record = records[index]
            out.hexadecimal(record.hash)
            out.append(0x09)
            out.integer(record.size)
            out.append(0x09)
            if let source = record.source { out.hexadecimal(source) } else { out.append(UInt8(ascii: "-")) }
            out.append(0x09)
            sorted.withRun(index) { out.append($0.assumingMemoryBound(to: UInt8.self)) }
            out.append(0x0A)
        }
        return out.withBytes { Array($0) }
    }

    /// Whether the marker file this manifest was read from holds `text` already.
    func isKept(as text: [UInt8]) -> Bool {
        (file ?? self.text) == text
    }

    /// The manifest in a marker file; an empty one when the marker holds no list (an older or
    /// damaged marker still marks the folder as Rebound's); nil when there is no marker.
    static func read(from path: String) -> Manifest? {
        guard FileSystem.kind(of: path) == .file, let bytes = try? FileSystem.read(path) else { return nil }
        var paths: [String] = []
        var records: [Record] = []
        // Read byte by byte, a line at a time: in `serve` this happens on every save, for every
        // file of the site. Empty lines are skipped, and the first line, the heading.
        bytes.withUnsafeBufferPointer { file in
            var start = 0
            var heading = true
            while start < file.count {
                let end = file.firstIndex(of: Self.newline, from: start) ?? file.count
                defer { start = end + 1 }
                guard end > start else { continue }
                guard !heading else {
                    heading = false
                    continue
                }
                let line = UnsafeBufferPointer(rebasing: file[start..<end])
                let first = line.firstIndex(of: Self.tab, from: 0) ?? line.count
                let second = line.firstIndex(of: Self.tab, from: first + 1) ?? line.count
                let third = line.firstIndex(of: Self.tab, from: second + 1) ?? line.count
                guard third + 1 < line.count, let hash = number(line[..<first], radix: 16), let size = number(line[(first + 1)..<second], radix: 10),
                      size <= UInt64(Int.max) else { continue }
                let sourceDigits = line[(second + 1)..<third]
                let source = number(sourceDigits, radix: 16)
                guard source != nil || sourceDigits.elementsEqual("-".utf8) else { continue }
                paths.append(String(decoding: UnsafeBufferPointer(rebasing: line[(third + 1)...]), as: UTF8.self))
                records.append(Record(hash: hash, size: Int(size), source: source))
            }
        }
        var manifest = Manifest(paths: paths, records: records)
        manifest.file = bytes
        return manifest
    }

    private static let newline: [UInt8] = [0x0A]
    private static let tab: [UInt8] = [0x09]

    /// The number `digits` write in `radix` (10 or 16), or nil for anything else or a number
    /// past 64 bits.
    private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>, radix: UInt64) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            let (times, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = times.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }

    /// A fast 64-bit hash of bytes (FNV-1a over 8-byte words in four lanes), stable across runs and machines.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        hash(bytes[...])
    }

    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hasher = RunningHash()
        hasher.add(bytes)
        return hasher.value
    }

    /// `hash` of a text's UTF-8 bytes.
    static func hash(_ text: String) -> UInt64 {
        var text = text
        var hasher = RunningHash()
        text.withUTF8 { hasher.add(UnsafeRawBufferPointer($0)) }
        return hasher.value
    }

    /// `hash` of bytes that arrive in pieces: the same value however they are cut.
    ///
    /// Eight words are mixed at a time, each into a lane of its own, so the multiplications of
    /// one block do not wait for each other; the lanes are folded together at the end.
    struct RunningHash {
        private static let block = 64
        private var low: (UInt64, UInt64, UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4, 0x9ce4_cbf2_2325_8422, 0x2325_8422_9ce4_cbf2)
        private var high: (UInt64, UInt64, UInt64, UInt64) = (0x1cbf_29ce_4842_2232, 0x5842_2232_5cbf_29ce, 0x49ce_4cbf_2232_5842, 0x2232_5842_29ce_4cbf)
        /// The bytes after the last whole block, at most 63.
        private var pending: [UInt8] = []
        private(set) var count = 0

        mutating func add(_ bytes: ArraySlice<UInt8>) {
            bytes.withUnsafeBytes { add($0) }
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            count += bytes.count
            var start = 0
            if !pending.isEmpty {
                start = min(Self.block - pending.count, bytes.count)
                pending += bytes[..<start]
                guard pending.count == Self.block else { return }
                _ = pending.withUnsafeBytes { mixBlocks($0, from: 0) }
                pending.removeAll(keepingCapacity: true)
            }
            start = mixBlocks(bytes, from: start)
            pending += bytes[start...]
        }

        /// Mixes in every whole block of `bytes` from `start`; where the first byte left is.
        private mutating func mixBlocks(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
            // The lanes are worked on as locals, which stay in registers through the loop.
            var (low, high, offset) = (self.low, self.high, start)
            while offset + Self.block <= bytes.count {
                low.0 = Self.mix(low.0, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                low.1 = Self.mix(low.1, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                low.2 = Self.mix(low.2, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                low.3 = Self.mix(low.3, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                high.0 = Self.mix(high.0, bytes.loadUnaligned(fromByteOffset: offset + 32, as: UInt64.self))
                high.1 = Self.mix(high.1, bytes.loadUnaligned(fromByteOffset: offset + 40, as: UInt64.self))
                high.2 = Self.mix(high.2, bytes.loadUnaligned(fromByteOffset: offset + 48, as: UInt64.self))
                high.3 = Self.mix(high.3, bytes.loadUnaligned(fromByteOffset: offset + 56, as: UInt64.self))
                offset += Self.block
            }
            (self.low, self.high) = (low, high)
            return offset
        }

        private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (hash ^ word) &* 0x0000_0100_0000_01B3
            return mixed ^ (mixed >> 29)
        }

        var value: UInt64 {
            var result = low.0
            for lane in [low.1, low.2, low.3, high.0, high.1, high.2, high.3] { result = Self.mix(result, lane) }
            for byte in pending { result = (result ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return result ^ UInt64(count)
        }
    }
}

/// Creates the folders a set of files needs, each once.
struct Folders {
    let root: String
    private var made: Set<String> = [""]

    init(root: String) { self.root = root }

    mutating func ensure(parentOf path: String) throws(FileSystem.Failure) {
        // Not NSString.deletingLastPathComponent: corelibs Foundation traps on one-character paths.
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        guard !made.contains(directory) else { return }
        try ensure(parentOf: directory)
        try FileSystem.makeDirectory(root + "/" + directory)
        made.insert(directory)
    }

    /// Removes the folders above a removed file that are now empty.
    static func pruneEmpty(parentOf path: String, root: String) {
        var directory = path
        while let slash = directory.lastIndex(of: "/") {
            directory = String(directory[..<slash])
            guard (try? FileSystem.list(root + "/" + directory))?.isEmpty == true else { return }
            try? FileSystem.remove(root + "/" + directory)
        }
    }
}
