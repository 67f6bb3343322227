import Foundation

/// The decode cache kept in files of the workbook folder between runs, so that `rebound build`
/// reads and decodes again only the entry files changed since the run before.
///
/// The cache file holds the settings the entries were decoded with, which program decoded them
/// (its executable's size, inode and times) and, for every entry file, the stamp it was read
/// with, the entry and what was said about it; it ends with a hash of all that. The HTML of the
/// bodies is in the file of bodies written with it (`BodyStore`), read a body at a time. A build that
/// decoded few files again leaves that file as it is and writes only those few, and the list of
/// files, into the changes file beside it, which names the cache file by its hash. A file made
/// by another program or with other settings is not used, changes made beside another cache
/// file are not used, and a file cut short or damaged in any way is ignored whole: the cache
/// can make a build faster, never different.
extension DecodeCache {
    /// The file's name in the workbook folder.
    public static let fileName = ".rebound-cache"
    /// The name of the file of the records decoded again since the cache file was written.
    public static let changesFileName = ".rebound-cache-changes"
    private static let magic = Array("Rebound decoded entries\n".utf8)
    private static let changesMagic = Array("Rebound changed entries\n".utf8)
    private static let format: UInt64 = 3

    /// Removes the temporary files of the cache that runs which ended while writing it left in
    /// `folder`: each is named for its process, and is left alone while that process lives.
    static func removeAbandoned(in folder: String) {
        guard let items = try? FileSystem.list(folder) else { return }
        for item in items where item.kind == .file && item.name.hasSuffix(".tmp") {
            guard let name = [changesFileName, BodyStore.fileName, LessonStore.fileName, fileName].first(where: { item.name.hasPrefix($0 + ".") }),
                  let process = Int32(item.name.dropFirst(name.count + 1).dropLast(4)), process > 0,
                  kill(process, 0) != 0, errno == ESRCH else { continue }
            try? FileSystem.remove(folder + "/" + item.name)
        }
    }

    /// The cache kept in `workbook`, or an empty one when there is none this program can use.
    public static func read(workbook: URL, program: UInt64? = programIdentity) async -> DecodeCache {
        // Read whole rather than mapped: a file cut short by someone else meanwhile must not
        // bring the build down. The bodies are left in their own file until asked for.
        guard let program, let bytes = SealedFile.read(workbook.path + "/" + fileName) else { return DecodeCache() }
        // The seal is checked while the records are decoded, which never trust what they read,
        // and the changes made since are read meanwhile.
        async let intact = SealedFile.isIntact(bytes)
        async let changes = readChanges(workbook: workbook, program: program, base: SealedFile.seal(of: bytes))
        // The records are found one after another, then decoded on every core.
        var cache = DecodeCache()
        var bodies: BodyStore?
        let found = bytes.withUnsafeBytes { file -> [Range<Int>]? in
            do throws(BinaryReader.Damaged) {
                var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: file[..<(file.count - 8)]))
                guard Array(try reader.raw(magic.count)) == magic, try reader.unsigned() == format, try reader.unsigned() == program,
                      let store = BodyStore(path: workbook.path + "/" + BodyStore.fileName, identity: try reader.unsigned()) else {
                    return nil
                }
                bodies = store
                cache.settings = try decodeSettings(&reader)
                cache.loadedAt = Int64(try reader.int())
                let count = try reader.count()
                var records: [Range<Int>] = []
                records.reserveCapacity(count)
                while !reader.isAtEnd {
                    let length = try reader.count()
                    records.append(reader.offset..<reader.offset + length)
                    _ = try reader.raw(length)
                }
                return records.count == count ? records : nil
            } catch {
                return nil
            }
        }
        guard let records = found, let bodies, await intact else { return DecodeCache() }
        var decoded = await records.concurrentMap { range -> (path: String, decoded: Decoded)? in
            bytes.withUnsafeBytes { file in
                var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: file[range]))
                guard var record = try? decodeRecord(&reader, bodies: bodies) else { return nil }
                record.decoded.inBase = true
                return record
            }
        }
        guard !decoded.contains(where: { $0 == nil }) else { return DecodeCache() }
        var entries: [String: Decoded] = [:]
        entries.reserveCapacity(decoded.count)
        var paths = [String](repeating: "", count: decoded.count)
        // Taken from the end, each record is moved into the table rather than copied there and
        // released with the array, a pass over ten thousand entries fewer on one core.
        while let (path, record) = decoded.popLast().flatMap({ $0 }) {
            paths[decoded.count] = path
            entries[path] = record
        }
        cache.base = Base(seal: SealedFile.seal(of: bytes), count: records.count)
        cache.bodies = bodies
        if let changes = await changes {
            cache.loadedAt = changes.loadedAt
            paths = changes.paths
            for (path, decoded) in changes.records { entries[path] = decoded }
        }
        cache.entries = entries
        cache.paths = paths
        return cache
    }

    /// What the changes file beside a cache file holds: when the load that wrote it began, the
    /// entry files it listed, and the records not in the cache file.
    private struct Changes {
        var loadedAt: Int64
        var paths: [String]
        var records: [(path: String, decoded: Decoded)]
    }

    /// The changes kept in `workbook` beside the cache file sealed with `seal`; nil when there
    /// are none, or none this program made beside that file.
    private static func readChanges(workbook: URL, program: UInt64, base seal: UInt64) -> Changes? {
        SealedFile.decode(workbook.path + "/" + changesFileName, magic: changesMagic, format: format) { reader throws(BinaryReader.Damaged) -> Changes? in
            guard try reader.unsigned() == program, try reader.unsigned() == seal else { return nil }
            let loadedAt = Int64(try reader.int())
            let paths = try reader.list { r throws(BinaryReader.Damaged) in try r.string() }
            let records = try reader.list { r throws(BinaryReader.Damaged) in
                var record = BinaryReader(try r.raw(r.count()))
                return try decodeRecord(&record)
            }
            return Changes(loadedAt: loadedAt, paths: paths, records: records)
        }
    }

    /// Keeps the cache in `workbook` (see `SealedFile`): beside the cache file it was read from,
    /// when at most an eighth of that file's records were decoded again or are no longer used,
    /// and as a whole new cache file otherwise. False when it could not be written, which only
    /// makes the next build slower.
    @discardableResult
    public func write(workbook: URL, program: UInt64? = Self.programIdentity) -> Bool {
        guard let program, let settings else { return false }
        Self.removeAbandoned(in: workbook.path)
        let kept = paths.filter { entries[$0] != nil }
        let changed = kept.filter { entries[$0]?.inBase == false }
        if let base, changed.count <= base.count / 8, kept.count - changed.count >= base.count - base.count / 8 {
            return writeChanges(changed, beside: base, workbook: workbook, program: program)
        }
        // The bodies first: a cache file whose bodies file is not the one written with it is not used.
        let identity = UInt64.random(in: 1 << 63 ... .max)
        guard let bodies = writeBodies(kept, identity: identity, workbook: workbook) else { return false }
        let final = workbook.path + "/" + Self.fileName
        var header = BinaryWriter()
        header.raw(Self.magic)
        header.unsigned(Self.format)
        header.unsigned(program)
        header.unsigned(identity)
        Self.encode(settings, into: &header)
        header.int(Int(loadedAt))
        header.unsigned(UInt64(kept.count))
        let written = SealedFile.write(final, through: Self.temporary(final)) { append throws(FileSystem.Failure) in
            try header.flush(append)
            var record = BinaryWriter(capacity: 1 << 14)
            var piece = BinaryWriter(capacity: 1 << 20)
            for (path, body) in zip(kept, bodies) {
                addRecord(path, body: body.map(Body.stored), to: &piece, using: &record)
                if piece.bytes.count >= 1 << 20 { try piece.flush(append) }
            }
            try piece.flush(append)
        }
        // Changes made beside the file replaced are of no use: they name its seal.
        if written { try? FileSystem.remove(workbook.path + "/" + Self.changesFileName) }
        return written
    }

    /// Writes the bodies of the entries at `paths` into the file of bodies written with
    /// `identity`: where each one is (nil for a file without an entry), or nil when the file could
    /// not be written, or a body was to be copied from a file of bodies that no longer holds it.
    private func writeBodies(_ paths: [String], identity: UInt64, workbook: URL) -> [BodyStore.Place?]? {
        let final = workbook.path + "/" + BodyStore.fileName
        var places: [BodyStore.Place?] = []
        places.reserveCapacity(paths.count)
        let written = SealedFile.write(final, through: Self.temporary(final)) { append throws(FileSystem.Failure) in
            var piece = BodyStore.heading(identity)
            var offset = 0
            for path in paths {
                guard let body = entries[path]?.entry?.body else {
                    places.append(nil)
                    continue
                }
                guard let bytes = body.htmlBytes else { throw FileSystem.Failure(path: final, reason: "a body to copy is gone") }
                places.append(BodyStore.Place(offset: offset + piece.count, count: bytes.count, hash: body.htmlHash))
                piece += bytes
                if piece.count >= 1 << 20 {
                    offset += piece.count
                    try append(piece)
                    piece.removeAll(keepingCapacity: true)
                }
            }
            try append(piece)
        }
        return written ? places : nil
    }

    /// Writes the changes file: the records of `changed` and the list of entry files, beside the
    /// cache file `base`. Their bodies are in the records.
    private func writeChanges(_ changed: [String], beside base: Base, workbook: URL, program: UInt64) -> Bool {
        var bodies: [Body?] = []
        for path in changed {
            guard let body = entries[path]?.entry?.body else {
                bodies.append(nil)
                continue
            }
            guard let bytes = body.htmlBytes else { return false }
            bodies.append(.inline(bytes))
        }
        var file = BinaryWriter()
        file.raw(Self.changesMagic)
        file.unsigned(Self.format)
        file.unsigned(program)
        file.unsigned(base.seal)
        file.int(Int(loadedAt))
        file.list(paths) { $0.string($1) }
        var record = BinaryWriter()
        file.list(Array(zip(changed, bodies))) { file, item in addRecord(item.0, body: item.1, to: &file, using: &record) }
        let final = workbook.path + "/" + Self.changesFileName
        return SealedFile.write(final, through: Self.temporary(final)) { append throws(FileSystem.Failure) in try file.flush(append) }
    }

    /// How a record holds its entry's body: in the record, or as where it is in the file of bodies.
    private enum Body {
        case inline([UInt8])
        case stored(BodyStore.Place)
    }

    /// The record of the entry file at `path`, its length first, added to `writer`; `record` is
    /// where it is made, used again from one record to the next.
    private func addRecord(_ path: String, body: Body?, to writer: inout BinaryWriter, using record: inout BinaryWriter) {
        Self.encode(path, entries[path]!, body: body, into: &record)
        writer.unsigned(UInt64(record.bytes.count))
        record.flush { writer.raw($0) }
    }

    /// Where this process writes the file `final` before moving it there.
    static func temporary(_ final: String) -> String {
        final + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
    }

    /// What tells this program from another: its executable's size, inode and times. A cache
    /// made by an earlier or later Rebound, whose decoding may differ, is then never used. Nil
    /// when the executable cannot be found, and nothing is cached.
    public static let programIdentity: UInt64? = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        var identity = StableHasher()
        for part in [Int(info.st_size), Int(info.st_ino), Int(info.st_dev), info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_ctim.tv_sec, info.st_ctim.tv_nsec] {
            identity.combine(part)
        }
        return UInt64(bitPattern: Int64(identity.finalize()))
    }()

    // MARK: Records

    static func encode(_ settings: DecodingContext, into writer: inout BinaryWriter) {
        encode(settings.config, into: &writer)
        encode(settings.today, into: &writer)
        writer.bool(settings.includeDrafts)
    }

    static func encode(_ config: WorkbookConfig, into writer: inout BinaryWriter) {
        writer.string(config.title)
        writer.optional(config.author) { $0.string($1) }
        writer.optional(config.description) { $0.string($1) }
        writer.string(config.locale)
        writer.optional(config.output) { $0.string($1) }
        writer.list(config.learnedHeadings) { $0.string($1) }
        writer.list(config.nextHeadings) { $0.string($1) }
        writer.bool(config.unsafeHTML)
    }

    private static func decodeSettings(_ reader: inout BinaryReader) throws(BinaryReader.Damaged) -> DecodingContext {
        var config = WorkbookConfig()
        config.title = try reader.string()
        config.author = try reader.optional { r throws(BinaryReader.Damaged) in try r.string() }
        config.description = try reader.optional { r throws(BinaryReader.Damaged) in try r.string() }
        config.locale = try reader.string()
        config.output = try reader.optional { r throws(BinaryReader.Damaged) in try r.string() }
        config.learnedHeadings = try reader.list { r throws(BinaryReader.Damaged) in try r.string() }
        config.nextHeadings = try reader.list { r throws(BinaryReader.Damaged) in try r.string() }
        config.unsafeHTML = try reader.bool()
        let today = try decodeDay(&reader)
        return DecodingContext(config: config, today: today, includeDrafts: try reader.bool())
    }

    static func encode(_ stamp: Stamp, into writer: inout BinaryWriter) {
        for part in [Int(stamp.size), Int(bitPattern: UInt(stamp.inode)), Int(stamp.modified), stamp.modifiedNanoseconds, Int(stamp.changed), stamp.changedNanoseconds] {
            writer.int(part)
        }
    }

    static func decodeStamp(_ reader: inout BinaryReader) throws(BinaryReader.Damaged) -> Stamp {
        Stamp(size: Int64(try reader.int()), inode: UInt64(UInt(bitPattern: try reader.int())), modified: Int64(try reader.int()),
              modifiedNanoseconds: try reader.int(), changed: Int64(try reader.int()), changedNanoseconds: try reader.int())
    }

    static func encode(_ day: CalendarDay, into writer: inout BinaryWriter) {
        writer.int(day.year)
        writer.int(day.month)
        writer.int(day.day)
    }

    private static func decodeDay(_ reader: inout BinaryReader) throws(BinaryReader.Damaged) -> CalendarDay {
        guard let day = CalendarDay(year: try reader.int(), month: try reader.int(), day: try reader.int()) else { throw BinaryReader.Damaged() }
        return day
    }

    /// The record of `decoded`, whose entry's body is `body` (given whenever there is an entry).
    private static func encode(_ path: String, _ decoded: Decoded, body: Body?, into writer: inout BinaryWriter) {
        writer.string(path)
        writer.optional(decoded.stamp) { writer, stamp in encode(stamp, into: &writer) }
        writer.list(decoded.diagnostics) { writer, diagnostic in
            writer.bool(diagnostic.severity == .error)
            writer.string(diagnostic.path)
            writer.optional(diagnostic.line) { $0.int($1) }
            writer.optional(diagnostic.column) { $0.int($1) }
            writer.string(diagnostic.message)
        }
        if let entry = decoded.entry, let body {
            writer.bool(true)
            encode(entry, body: body, into: &writer)
        } else {
            writer.bool(false)
        }
    }

    /// A record, read by `reader`; a body it places in the file of bodies is left in `bodies`
    /// until it is asked for (see `EncodedText`), and without `bodies` the record is damaged.
    private static func decodeRecord(_ reader: inout BinaryReader, bodies: BodyStore? = nil) throws(BinaryReader.Damaged) -> (path: String, decoded: Decoded) {
        let path = try reader.string()
        let stamp = try reader.optional { r throws(BinaryReader.Damaged) in try decodeStamp(&r) }
        let diagnostics = try reader.list { r throws(BinaryReader.Damaged) in
            let severity: Diagnostic.Severity = try r.bool() ? .error : .warning
            let path = try r.string()
            let line = try r.optional { r throws(BinaryReader.Damaged) in try r.int() }
            let column = try r.optional { r throws(BinaryReader.Damaged) in try r.int() }
            return Diagnostic(severity, path, line: line, column: column, try r.string())
        }
        let entry = try reader.optional { r throws(BinaryReader.Damaged) in try decodeEntry(&r, bodies: bodies) }
        guard reader.isAtEnd else { throw BinaryReader.Damaged() }
        return (path, Decoded(stamp: stamp, entry: entry, diagnostics: diagnostics))
    }

    private static func encode(_ entry: Entry, body place: Body, into writer: inout BinaryWriter) {
        writer.string(entry.path)
        writer.string(entry.slug)
        writer.string(entry.title)
        encode(entry.date, into: &writer)
        writer.optional(entry.kind) { $0.string($1.rawValue) }
        writer.optional(entry.mood) { $0.int($1) }
        writer.list(entry.emotions) { writer, emotion in
            writer.string(emotion.name)
            writer.optional(emotion.intensity) { $0.int($1) }
            writer.optional(emotion.thought) { $0.string($1) }
            writer.optional(emotion.after) { $0.int($1) }
        }
        writer.list(entry.challenges) { writer, challenge in
            writer.string(challenge.thought)
            writer.optional(challenge.response) { $0.string($1) }
        }
        writer.list(entry.selfCare) { writer, care in
            writer.string(care.sense.rawValue)
            writer.string(care.what)
        }
        writer.list(entry.support) { $0.string($1) }
        writer.optional(entry.habits) { writer, habits in
            writer.optional(habits.sleep) { $0.double($1) }
            writer.optional(habits.water) { $0.int($1) }
            writer.optional(habits.exercise) { $0.int($1) }
            writer.optional(habits.meals) { $0.int($1) }
        }
        for notes in [entry.lessons, entry.nextSteps] {
            writer.list(notes) { writer, note in
                writer.string(note.text)
                writer.string(note.anchor)
                writer.string(note.key)
                writer.string(note.slug)
            }
        }
        writer.list(entry.collectedHeadings) { $0.string($1) }
        writer.list(entry.tags) { writer, tag in
            writer.string(tag.name)
            writer.string(tag.slug)
        }
        writer.bool(entry.draft)
        switch place {
        case .inline(let bytes):
            writer.bool(false)
            bytes.withUnsafeBytes { writer.utf8($0) }
        case .stored(let place):
            writer.bool(true)
            writer.int(place.offset)
            writer.int(place.count)
            writer.unsigned(place.hash)
        }
        let body = entry.body
        writer.list(body.headings) { writer, heading in
            writer.int(heading.level)
            writer.string(heading.text)
            writer.string(heading.id)
        }
        writer.list(body.sections.sorted { $0.key < $1.key }) { writer, section in
            writer.string(section.key)
            writer.list(section.value) { writer, item in
                writer.string(item.text)
                writer.string(item.anchor)
            }
        }
        writer.list(body.listItems) { $0.string($1) }
        writer.optional(body.leadingTitle) { $0.string($1) }
        writer.unsigned(entry.sourceHash)
    }

    private static func decodeEntry(_ reader: inout BinaryReader, bodies: BodyStore?) throws(BinaryReader.Damaged) -> Entry {
        typealias R = BinaryReader
        let path = try reader.string(), slug = try reader.string(), title = try reader.string()
        let date = try decodeDay(&reader)
        let kind = try reader.optional { r throws(R.Damaged) in try r.string() }.map { raw throws(R.Damaged) in
            guard let kind = Entry.Kind(rawValue: raw) else { throw R.Damaged() }
            return kind
        }
        let mood = try reader.optional { r throws(R.Damaged) in try r.int() }
        let emotions = try reader.list { r throws(R.Damaged) in
            Emotion(name: try r.string(), intensity: try r.optional { r throws(R.Damaged) in try r.int() },
                    thought: try r.optional { r throws(R.Damaged) in try r.string() }, after: try r.optional { r throws(R.Damaged) in try r.int() })
        }
        let challenges = try reader.list { r throws(R.Damaged) in
            Challenge(thought: try r.string(), response: try r.optional { r throws(R.Damaged) in try r.string() })
        }
        let selfCare = try reader.list { r throws(R.Damaged) in
            guard let sense = SelfCare.Sense(rawValue: try r.string()) else { throw R.Damaged() }
            return SelfCare(sense: sense, what: try r.string())
        }
        let support = try reader.list { r throws(R.Damaged) in try r.string() }
        let habits = try reader.optional { r throws(R.Damaged) in
            Habits(sleep: try r.optional { r throws(R.Damaged) in try r.double() }, water: try r.optional { r throws(R.Damaged) in try r.int() },
                   exercise: try r.optional { r throws(R.Damaged) in try r.int() }, meals: try r.optional { r throws(R.Damaged) in try r.int() })
        }
        func notes(_ r: inout R) throws(R.Damaged) -> [Note] {
            try r.list { r throws(R.Damaged) in Note(text: try r.string(), anchor: try r.string(), key: try r.string(), slug: try r.string()) }
        }
        let lessons = try notes(&reader), nextSteps = try notes(&reader)
        let collectedHeadings = try reader.list { r throws(R.Damaged) in try r.string() }
        let tags = try reader.list { r throws(R.Damaged) in Tag(name: try r.string(), slug: try r.string()) }
        let draft = try reader.bool()
        var html: String?
        var stored: BodyStore.Place?
        if try reader.bool() {
            stored = BodyStore.Place(offset: try reader.int(), count: try reader.int(), hash: try reader.unsigned())
        } else {
            html = try reader.string()
        }
        let headings = try reader.list { r throws(R.Damaged) in Heading(level: try r.int(), text: try r.string(), id: try r.string()) }
        var sections: [String: [SectionItem]] = [:]
        for _ in 0..<(try reader.count()) {
            sections[try reader.string()] = try reader.list { r throws(R.Damaged) in SectionItem(text: try r.string(), anchor: try r.string()) }
        }
        let listItems = try reader.list { r throws(R.Damaged) in try r.string() }
        let leadingTitle = try reader.optional { r throws(R.Damaged) in try r.string() }
        let body: RenderedMarkdown
        if let html {
            body = RenderedMarkdown(html: html, headings: headings, sections: sections, listItems: listItems, leadingTitle: leadingTitle)
        } else if let stored, let bodies, stored.offset >= 0, stored.count >= 0 {
            body = RenderedMarkdown(html: EncodedText(stored, in: bodies), headings: headings, sections: sections, listItems: listItems, leadingTitle: leadingTitle)
        } else {
            throw BinaryReader.Damaged()
        }
        var entry = Entry(path: path, slug: slug, title: title, date: date, body: body)
        entry.kind = kind
        entry.mood = mood
        entry.emotions = emotions
        entry.challenges = challenges
        entry.selfCare = selfCare
        entry.support = support
        entry.habits = habits
        entry.lessons = lessons
        entry.nextSteps = nextSteps
        entry.collectedHeadings = collectedHeadings
        entry.tags = tags
        entry.draft = draft
        entry.sourceHash = try reader.unsigned()
        return entry
    }
}
