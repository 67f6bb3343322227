import Foundation

/// The few file-system calls the build makes, thin over POSIX so large workbooks load fast.
enum FileSystem {
    enum Kind: Sendable { case file, directory, symlink, other }

    struct Item: Sendable {
        var name: String
        var kind: Kind
    }

    struct Failure: Error, Sendable {
        var path: String
        var reason: String
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

    /// The entries of a folder, sorted by name, without `.` and `..`.
    static func list(_ path: String) throws(Failure) -> [Item] {
        guard let directory = opendir(path) else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { closedir(directory) }
        var items: [Item] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            default: kind = Self.kind(of: path + "/" + name) ?? .other
            }
            items.append(Item(name: name, kind: kind))
        }
        return items.sorted { $0.name < $1.name }
    }

    static func read(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        guard size <= maximumFileSize else {
            throw Failure(path: path, reason: "the file is \(size / 1_048_576) MB; the largest file Rebound reads is \(maximumFileSize / 1_048_576) MB")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var total = 0
        while total < size {
            let count = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + total, size - total) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            total += count
        }
        if total < size { bytes.removeLast(size - total) }
        return bytes
    }

    /// Writes `bytes` to a new file at `path`.
    static func write(_ bytes: some ContiguousBytes, to path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
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
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw Failure(path: path, reason: String(cString: strerror(failure))) }
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

    static func rename(_ from: String, to: String) throws(Failure) {
        if Foundation.rename(from, to) != 0 { throw Failure(path: from, reason: String(cString: strerror(errno))) }
    }
}
