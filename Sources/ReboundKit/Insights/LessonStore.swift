import Foundation

/// The lesson indexes a one-off build made, kept in the workbook folder as
/// `.rebound-cache-lessons` (a `SealedFile`) for the next run's build, with a digest of the
/// entries they were made from. Reading an index back costs less than making it again, which
/// means trimming, slugging and hashing every note of every entry. An index is taken as it is
/// when the entries are the same, and patched (see `LessonIndex.patched`) when they are the
/// entries the workbook's cache file held, which the last build read, with notes rewritten in
/// place. A file made by another program, damaged, or a link is not used.
struct LessonStore: Sendable {
    static let fileName = ".rebound-cache-lessons"
    private static let magic = Array("Rebound lesson indexes\n".utf8)
    private static let format: UInt64 = 1

    /// The digest of the entries the indexes were made from (see `digest(of:settings:)`).
    private var digest = 0
    /// By the prefix of its ids, each index as `LessonIndex.encoded(from:notes:)` wrote it.
    private var kept: [String: [UInt8]] = [:]
    /// The entries the indexes were made from, in the order of the entries now, and whether
    /// they are those; set by `matched`.
    private var earlier: (entries: [Entry], same: Bool)?

    /// The indexes kept in `workbook`; nil when there are none this program can use.
    static func read(workbook: URL, program: UInt64? = DecodeCache.programIdentity) -> LessonStore? {
        guard let program else { return nil }
        return SealedFile.decode(workbook.path + "/" + fileName, magic: magic, format: format) { reader throws(BinaryReader.Damaged) -> LessonStore? in
            guard try reader.unsigned() == program else { return nil }
            var store = LessonStore()
            store.digest = try reader.int()
            for _ in 0..<(try reader.count()) {
                let prefix = try reader.string()
                store.kept[prefix] = Array(try reader.raw(reader.count()))
            }
            return store
        }
    }

    /// The store, when its indexes were made from `entries` (sorted oldest first, of digest
    /// `digest`) or from the same files as `cache`, which the loader read them with, held them;
    /// nil otherwise. Given where in `entries` those the loader read again are (`readAgain`),
    /// only those are looked up in `cache`: the others are the ones it holds.
    func matched(to entries: [Entry], digest: Int, cache: DecodeCache?, readAgain: [Int]? = nil) -> LessonStore? {
        var store = self
        if digest == self.digest {
            store.earlier = (entries, true)
        } else if let cache, let settings = cache.settings {
            var before = entries
            for index in readAgain ?? Array(entries.indices) {
                if let earlier = cache.entries[entries[index].path]?.entry { before[index] = earlier }
            }
            guard Self.digest(of: before, settings: settings) == self.digest else { return nil }
            store.earlier = (before, false)
        } else {
            return nil
        }
        return store
    }

    /// The index with ids starting with `idPrefix` of the notes `notes` reads from `entries`,
    /// the ones the store was `matched` to; nil when the store holds none, or none that a patch
    /// makes that index of.
    func index(_ idPrefix: String, of entries: [Entry], notes: (borrowing Entry) -> [Note]) -> LessonIndex? {
        guard let earlier, let bytes = kept[idPrefix], earlier.entries.count == entries.count else { return nil }
        let index = try? LessonIndex(decoding: bytes, idPrefix: idPrefix, entries: earlier.entries, notes: notes)
        return earlier.same ? index : index?.patched(from: earlier.entries, to: entries, notes: notes, idPrefix: idPrefix)
    }

    /// Keeps the lessons and next steps of `insights`, made from `entries` (sorted oldest first,
    /// of digest `digest`), in `workbook`, unless `stored`, read from there, holds those of the
    /// same entries. False when the file could not be written, which only makes the next build slower.
    @discardableResult
    static func keep(_ insights: Insights, of entries: [Entry], digest: Int, in workbook: URL, replacing stored: LessonStore?,
                     program: UInt64? = DecodeCache.programIdentity) -> Bool {
        guard let program else { return false }
        if stored?.digest == digest { return true }
        let indexes: [(prefix: String, index: LessonIndex, notes: (borrowing Entry) -> [Note])] = [
            ("lesson", insights.lessons, { $0.lessons }),
            ("next", insights.nextSteps, { $0.nextSteps }),
        ]
        var file = BinaryWriter()
        file.raw(magic)
        file.unsigned(format)
        file.unsigned(program)
        file.int(digest)
        file.unsigned(UInt64(indexes.count))
        for kept in indexes {
            guard let bytes = kept.index.encoded(from: entries, notes: kept.notes) else { return false }
            file.string(kept.prefix)
            file.unsigned(UInt64(bytes.count))
            file.raw(bytes)
        }
        let path = workbook.path + "/" + fileName
        return SealedFile.write(path, through: DecodeCache.temporary(path)) { append throws(FileSystem.Failure) in try file.flush(append) }
    }

    /// A digest of everything the indexes are made from: the settings `entries` were decoded
    /// with and, in their order, each entry's path and a hash of its text, all it is decoded from.
    static func digest(of entries: [Entry], settings: DecodingContext) -> Int {
        var writer = BinaryWriter()
        DecodeCache.encode(settings, into: &writer)
        var hasher = StableHasher()
        hasher.combine(Manifest.hash(writer.bytes))
        Entry.addSources(of: entries, to: &hasher)
        return hasher.finalize()
    }
}
