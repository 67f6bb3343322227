import Foundation

/// Notices changes to a workbook's sources by comparing a cheap signature of the tree:
/// every file's path, size and modification time under `content/` and `Templates/`.
public struct WorkbookWatcher: Sendable {
    public var root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    /// A value that changes whenever a file is added, removed, renamed or modified.
    public func signature() -> Int {
        var hasher = Hasher()
        for folder in ["content", "Templates"] { add(root.path + "/" + folder, to: &hasher) }
        return hasher.finalize()
    }

    private func add(_ path: String, to hasher: inout Hasher) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        // The path's bytes, not the String: hashing a String normalises its Unicode first, and
        // that was most of the cost of a signature.
        var path = path
        path.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0 as UInt8)
        guard info.st_mode & S_IFMT == S_IFDIR else {
            hasher.combine(info.st_size)
            hasher.combine(info.st_mtim.tv_sec)
            hasher.combine(info.st_mtim.tv_nsec)
            hasher.combine(info.st_ino)
            return
        }
        // Not the folder's own times: they change whenever any file in it is created or
        // removed, an editor's hidden swap file too. The paths below show every visible change.
        for item in (try? FileSystem.list(path)) ?? [] where !item.name.hasPrefix(".") {
            add(path + "/" + item.name, to: &hasher)
        }
    }
}
