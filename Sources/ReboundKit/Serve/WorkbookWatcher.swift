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
        hasher.combine(path)
        guard info.st_mode & S_IFMT == S_IFDIR else {
            hasher.combine(info.st_size)
            hasher.combine(info.st_mtim.tv_sec)
            hasher.combine(info.st_mtim.tv_nsec)
            hasher.combine(info.st_ino)
            return
        }
        // Not the folder's own times: they change whenever any file in it is created or
        // removed, an editor's hidden swap file too. The paths below show every visible change.
        for item in ((try? FileSystem.list(path)) ?? []).sorted(by: { $0.name < $1.name }) where !item.name.hasPrefix(".") {
            add(path + "/" + item.name, to: &hasher)
        }
    }
}
