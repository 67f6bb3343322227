import Foundation

/// The few file-system calls the build makes, thin over POSIX so large workbooks load fast.
enum FileSystem {
    enum Kind: Sendable { case file, directory, symlink, other }

    struct Item: Sendable {
        var name: String
        var kind: Kind
        /// False when the name on disk is not UTF-8: `name` then holds U+FFFD in its place and
        /// cannot open the file.
        var nameIsUTF8 = true
    }

    struct Failure: Error, Sendable {
        var path: String
        var reason: String
        /// What the person can do about it, when there is something useful to say.
        var advice: String?

        init(path: String, reason: String, advice: String? = nil) {
            self.path = path
            self.reason = reason
            self.advice = advice
        }

        /// The failure of a call that set `errno`.
        init(path: String, errno code: Int32) {
            self.path = path
            self.reason = String(cString: strerror(code))
            switch code {
            case EACCES, EPERM: advice = "check that you are allowed to read it (its permissions or owner)"
            case EMFILE, ENFILE: advice = "too many files are open at once; close some programs and try again"
            case EIO: advice = "the disk reported a read error; copy the file somewhere safe and check the disk"
            default: advice = nil
            }
        }

        /// The reason followed by the advice, for a message.
        var explained: String { advice.map { "\(reason); \($0)" } ?? reason }
    }

    /// Largest file the build reads; larger ones are reported, not loaded.
    static let maximumFileSize = 64 * 1024 * 1024

    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// The size of a regular file, or nil.
    static func size(of path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// The same, for `path` relative to `folder`, which is not looked up again.
    static func size(of path: String, in folder: OpenFolder) -> Int? {
        guard let info = folder.status(of: path), info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// A folder held open, closed when the last reference to it goes.
    final class OpenFolder: Sendable {
        let descriptor: Int32

        init?(_ path: String) {
            descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
        }

        deinit {
            close(descriptor)
        }

        /// What `lstat` says of `path`, relative to the folder, which is not looked up again.
        func status(of path: String) -> stat? {
            var info = stat()
            return fstatat(descriptor, path, &info, AT_SYMLINK_NOFOLLOW) == 0 ? info : nil
        }
    }

    /// Whether `folder` and the folders under it hold at least `count` files whose names do not
    /// start with a dot, counted without sorting or decoding a name, and only until there are
    /// enough. Links are counted, never followed; a folder that cannot be read holds none.
    static func holdsFiles(_ folder: String, atLeast count: Int) -> Bool {
        var left = count
        var folders = [folder]
        while left > 0, let path = folders.popLast() {
            _ = readEntries(path) { name, type in
                guard name.first != 0x2E else { return true }
                // A file system that does not say what an item is (`DT_UNKNOWN`) is asked with `lstat`.
                let child = type == DT_DIR || type == DT_UNKNOWN ? path + "/" + String(decoding: name, as: UTF8.self) : nil
                if let child, type == DT_DIR || kind(of: child) == .directory {
                    folders.append(child)
                } else {
                    left -= 1
                }
                return left > 0
            }
        }
        return left <= 0
    }

    /// Hands `body` the name and `d_type` of each entry of the folder at `path`, `.` and `..`
    /// included, in the order `readdir` gives them, until it returns false; false when the
    /// folder cannot be opened, with `errno` set.
    private static func readEntries(_ path: String, _ body: (UnsafeRawBufferPointer, Int32) -> Bool) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            // Never `entry.pointee`: that copies a whole `dirent`, and the record readdir returns
            // ends with its name, so the copy reads past the end of the buffer (AddressSanitizer
            // reports it for the last entry of a folder).
            guard let namePointer = entry.pointer(to: \.d_name), let typePointer = entry.pointer(to: \.d_type) else { continue }
            let field = UnsafeRawPointer(namePointer)
            let name = UnsafeRawBufferPointer(start: field, count: strlen(field.assumingMemoryBound(to: CChar.self)))
            guard body(name, Int32(typePointer.pointee)) else { break }
        }
        return true
    }

    /// The entries of a folder, sorted by the bytes of their names, without `.` and `..`.
    static func list(_ path: String) throws(Failure) -> [Item] {
        var names = ByteRuns()
        var types: [Int32] = []
        let opened = readEntries(path) { bytes, type in
            if !bytes.elementsEqual([0x2E]) && !bytes.elementsEqual([0x2E, 0x2E]) {
                names.append(bytes)
                types.append(type)
            }
            return true
        }
        guard opened else { throw Failure(path: path, errno: errno) }
        // By the names' bytes: as fast as comparing memory, and two spellings of an accent,
        // which are different files, never compare equal.
        return names.positionsInByteOrder().map { position in
            names.withRun(position) { bytes in
                let valid = String(utf8Bytes: bytes)
                let name = valid ?? String(decoding: bytes, as: UTF8.self)
                let kind: Kind
                switch types[position] {
                case Int32(DT_REG): kind = .file
                case Int32(DT_DIR): kind = .directory
                case Int32(DT_LNK): kind = .symlink
                default: kind = Self.kind(of: path + "/" + name) ?? .other
                }
                return Item(name: name, kind: kind, nameIsUTF8: valid != nil)
            }
        }
    }

    /// The bytes of the regular file at `path`, never through a link; a file over `largest`
    /// bytes is refused.
    static func read(_ path: String, largest: Int = maximumFileSize) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { throw Failure(path: path, errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Failure(path: path, reason: "it is not a regular file", advice: "replace it with a plain text file")
        }
        let size = Int(info.st_size)
        guard size <= largest else {
            throw Failure(path: path, reason: "the file is \(size / 1_048_576) MB, and the largest file Rebound reads is \(largest / 1_048_576) MB",
                          advice: "split it into smaller files")
        }
        // Read into memory never written before: clearing it first would touch every page twice.
        // Touching it is most of the work, so a large file (a cache) is read in two halves at
        // once, each on a core of its own.
        var failure: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, total in
            guard let base = buffer.baseAddress else { return }
            guard size >= splitReadSize else {
                (total, failure) = read(descriptor, into: base, count: size, at: 0)
                return
            }
            let half = size / 2
            // Each half is written by its own part only, and read once both are done.
            nonisolated(unsafe) let (start, halves) = (base, UnsafeMutableBufferPointer<(count: Int, failure: Int32?)>.allocate(capacity: 2))
            defer { halves.deallocate() }
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                let offset = part == 0 ? 0 : half
                halves[part] = read(descriptor, into: start + offset, count: part == 0 ? half : size - half, at: offset)
            }
            // A first half cut short (the file shrank meanwhile) ends the bytes read there.
            total = halves[0].count < half ? halves[0].count : half + halves[1].count
            failure = halves[0].failure ?? halves[1].failure
        }
        if let failure { throw Failure(path: path, errno: failure) }
        return bytes
    }

    /// The size from which `read` reads a file in two halves at once.
    static let splitReadSize = 4 * 1024 * 1024

    /// Reads up to `count` bytes at `offset` of the file open as `descriptor` into `start`: how
    /// many there were before the file ended, and the error that stopped the reading, if one did.
    static func read(_ descriptor: Int32, into start: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) -> (count: Int, failure: Int32?) {
        var total = 0
        while total < count {
            let read = pread(descriptor, start + total, count - total, off_t(offset + total))
            if read < 0 {
                if errno == EINTR { continue }
                return (total, errno)
            }
            if read == 0 { break }
            total += read
        }
        return (total, nil)
    }

    /// Writes `bytes` to a new file at `path`.
    static func write(_ bytes: some ContiguousBytes, to path: String) throws(Failure) {
        var file = try NewFile(path)
        try file.finish(with: bytes)
    }

    /// A file being written, a piece at a time; symbolic links are never followed.
    struct NewFile {
        let path: String
        private var descriptor: Int32
        /// Whether the file's earlier bytes are written over (see `init(over:)`).
        private let overwrites: Bool

        /// Opens `path` for writing, emptied; `exclusive`, only when nothing is there yet.
        init(_ path: String, exclusive: Bool = false) throws(Failure) {
            self.path = path
            overwrites = false
            descriptor = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | (exclusive ? O_EXCL : O_TRUNC), 0o644)
            guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        }

        /// Opens the file at `path` to write its bytes over from the start and cut it where the
        /// writing ends: the file system then gives the storage the file holds again, rather
        /// than finding more and freeing the old. Nil unless it is a regular file with no other
        /// name that no program has open, so that nobody reading it sees it change; the file
        /// system tells by granting a write lease, which it grants only then.
        init?(over path: String) {
            // Not blocking, so that a pipe put at `path` is refused rather than waited on.
            let descriptor = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            guard descriptor >= 0 else { return nil }
            var info = stat()
            guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1,
                  fcntl(descriptor, Self.setLease, Int32(F_WRLCK)) == 0 else {
                Foundation.close(descriptor)
                return nil
            }
            // The lease was only the question; holding it would stop whoever opens the file next.
            _ = fcntl(descriptor, Self.setLease, Int32(F_UNLCK))
            self.path = path
            self.descriptor = descriptor
            overwrites = true
        }

        /// `F_SETLEASE`, which Glibc names only for GNU sources.
        private static let setLease: Int32 = 1024

        func append(_ bytes: some ContiguousBytes) throws(Failure) {
            var failure: Int32 = 0
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let count = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += count
                }
            }
            if failure != 0 { throw Failure(path: path, reason: String(cString: strerror(failure))) }
        }

        /// Appends `bytes` and closes the file, which is closed when the append fails too.
        mutating func finish(with bytes: some ContiguousBytes) throws(Failure) {
            do throws(Failure) { try append(bytes) } catch {
                try? close()
                throw error
            }
            try close()
        }

        /// Closes the file; a failure here (a full disk, on some file systems) is a failure of the write.
        mutating func close() throws(Failure) {
            guard descriptor >= 0 else { return }
            if overwrites {
                let end = lseek(descriptor, 0, SEEK_CUR)
                if end < 0 || ftruncate(descriptor, end) != 0 {
                    let failure = errno
                    Foundation.close(descriptor)
                    descriptor = -1
                    throw Failure(path: path, reason: String(cString: strerror(failure)))
                }
            }
            let closed = Foundation.close(descriptor)
            descriptor = -1
            if closed != 0 { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    static func makeDirectory(_ path: String) throws(Failure) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Removes a file or a whole folder; symlinks are removed, never followed.
    static func remove(_ path: String) throws(Failure) {
        guard let kind = kind(of: path) else { return }
        if kind == .directory {
            for item in try list(path) { try remove(path + "/" + item.name) }
            if rmdir(path) != 0 { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        } else if unlink(path) != 0 {
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Gives the file at `path` a second name, `alias`; false when the file system refuses.
    static func link(_ path: String, alias: String) -> Bool {
        Foundation.link(path, alias) == 0
    }

    static func rename(_ from: String, to: String) throws(Failure) {
        if Foundation.rename(from, to) != 0 { throw Failure(path: from, reason: String(cString: strerror(errno))) }
    }
}
