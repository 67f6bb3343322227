import Foundation

/// Entries decoded by an earlier load, by file, so that `serve` (in memory) and `build` (through
/// the workbook's cache file) decode again only what changed.
///
/// A file counts as unchanged while its size, inode, modification and change times (to the
/// nanosecond) stay the same and so do the settings decoding depends on (workbook.yaml, the
/// day, drafts). Anything else is read and decoded afresh, and so is a file modified less than
/// two seconds before the load that decoded it: file systems keep times in coarse ticks, and a
/// second save of the same size within one tick would otherwise look untouched.
public struct DecodeCache: Sendable {
    /// What `lstat` says of a file, enough to tell that it was not touched.
    struct Stamp: Hashable, Sendable {
        var size: Int64
        var inode: UInt64
        var modified: Int64
        var modifiedNanoseconds: Int
        var changed: Int64
        var changedNanoseconds: Int

        init(size: Int64, inode: UInt64, modified: Int64, modifiedNanoseconds: Int, changed: Int64, changedNanoseconds: Int) {
            self.size = size
            self.inode = inode
            self.modified = modified
            self.modifiedNanoseconds = modifiedNanoseconds
            self.changed = changed
            self.changedNanoseconds = changedNanoseconds
        }

        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        /// The same, for `path` relative to `folder`, which is not looked up again.
        init?(path: String, in folder: FileSystem.OpenFolder) {
            guard let info = folder.status(of: path) else { return nil }
            self.init(info)
        }

        /// What `fstat` or `lstat` said of a regular file.
        init?(_ info: stat) {
            guard info.st_mode & S_IFMT == S_IFREG else { return nil }
            size = Int64(info.st_size)
            inode = UInt64(info.st_ino)
            modified = Int64(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec)
            changedNanoseconds = Int(info.st_ctim.tv_nsec)
        }
    }

    /// One entry file as a load left it: the entry (nil after an error or for a skipped
    /// draft's problems) and what was said about it.
    struct Decoded: Sendable {
        var stamp: Stamp?
        var entry: Entry?
        var diagnostics: [Diagnostic]
        /// Whether this is the record the workbook's cache file holds for the file, as read from
        /// it: a later write leaves those in the file and keeps only the others beside it.
        var inBase = false
    }

    /// The workbook's cache file a cache was read from: the hash that seals it and how many
    /// records it holds (see `changesFileName`).
    struct Base: Sendable, Equatable {
        var seal: UInt64
        var count: Int
    }

    var settings: DecodingContext?
    /// When the load that filled the cache began, in seconds since 1970.
    var loadedAt: Int64 = 0
    var entries: [String: Decoded] = [:]
    /// The entry files' paths as the load listed them, for the next load to tell the list unchanged.
    var paths: [String] = []
    /// The cache file this cache's records marked `inBase` come from.
    var base: Base?
    /// The file of bodies its records leave their bodies in, opened as the cache file was read.
    var bodies: BodyStore?
    /// The slug and path of every entry the load kept, and the clashes found among them.
    var collisions: (places: [(slug: String, path: String)], found: [Diagnostic])?

    public init() {}

    /// An empty cache for a load that begins now with `settings`.
    init(settings: DecodingContext) {
        self.settings = settings
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        loadedAt = Int64(now.tv_sec)
    }

    /// The earlier result for the entry file at `path` (workbook-relative), when it still holds;
    /// the cache is one made with the settings of this load.
    func entry(at path: String, stamp: Stamp?) -> Decoded? {
        guard let stamp, stamp.modified + 2 <= loadedAt, let decoded = entries[path], decoded.stamp == stamp else { return nil }
        return decoded
    }

    /// The clashes among `places`, found again only when they are not the ones of the last load.
    func collisions(_ places: [(slug: String, path: String)], find: () -> [Diagnostic]) -> [Diagnostic] {
        if let collisions, collisions.places.elementsEqual(places, by: { $0.slug == $1.slug && $0.path == $1.path }) {
            return collisions.found
        }
        return find()
    }
}
