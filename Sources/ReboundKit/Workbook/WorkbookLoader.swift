import Foundation

/// A problem that stops the build before any file is read: no workbook, or nowhere to write.
public struct SetupError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "error: \(message)" }
}

/// Reads a workbook folder into a `Workbook`, reporting every problem it finds.
public struct WorkbookLoader: Sendable {
    /// The workbook folder (the one holding `content/`).
    public var root: URL { didSet { rootPath = root.path } }
    /// `root.path`, which a `URL` works out again each time it is asked: once per entry file.
    private var rootPath: String
    public var includeDrafts: Bool
    public var today: CalendarDay

    public init(root: URL, includeDrafts: Bool = false, today: CalendarDay = .today()) {
        self.root = root.standardizedFileURL
        rootPath = self.root.path
        self.includeDrafts = includeDrafts
        self.today = today
    }

    public var contentPath: String { root.appending(path: "content").path }

    /// The result of loading: the workbook when there was no error, and every diagnostic.
    public struct Result: Sendable {
        public var workbook: Workbook?
        public var diagnostics: [Diagnostic]
        /// Entries left out because they are drafts.
        public var draftsSkipped: Int
        /// Entry files taken from the cache rather than read again.
        public var entriesReused = 0
        /// Every entry file as decoded, for the next load to reuse.
        public var cache = DecodeCache()
        /// Where in `workbook.entries` the entries read again are, rather than taken from the cache.
        public var entriesReadAgain: [Int] = []
    }

    /// Reads, decodes and validates everything under `content/`; entry files unchanged since
    /// the load that made `cache` are taken from it instead of being read again.
    public func load(reusing cache: DecodeCache = DecodeCache()) async throws(SetupError) -> Result {
        try await load(reusingOnceRead: { cache })
    }

    /// The same, with the cache still being read: the files are listed, looked at and the small
    /// ones read meanwhile, and the entry files are read only once it is known which it holds.
    public func load(reusingOnceRead earlier: () async -> DecodeCache) async throws(SetupError) -> Result {
        switch FileSystem.kind(of: contentPath) {
        case .directory?:
            break
        case .symlink?:
            throw SetupError("content/ in \(root.path) is a symbolic link, and Rebound reads only what is really inside the workbook; move the real folder here, or pass --workbook with the folder that holds it")
        case nil:
            throw SetupError("no content/ folder in \(root.path); run 'rebound init' there to start a workbook, or pass --workbook DIR")
        default:
            throw SetupError("content in \(root.path) is a file, not a folder; move it away and run 'rebound init' there, or pass --workbook DIR")
        }
        var diagnostics: [Diagnostic] = []
        var config = WorkbookConfig()
        let configPath = "content/workbook.yaml"
        switch FileSystem.kind(of: absolute(configPath)) {
        case .file?:
            if let source = readSource(configPath, diagnostics: &diagnostics) {
                config = WorkbookConfig.decode(source, diagnostics: &diagnostics)
            }
        case .symlink?:
            diagnostics.append(.warning(configPath, "is a symbolic link and was not followed, so the defaults are used; copy the file here instead"))
        case nil:
            break
        default:
            diagnostics.append(.error(configPath, "is not a regular file; replace it with a text file of 'field: value' lines"))
        }
        let context = DecodingContext(config: config, today: today, includeDrafts: includeDrafts)

        let entryPaths = markdownFiles(in: "content/entries", recursive: true, diagnostics: &diagnostics)
        let listPaths = markdownFiles(in: "content/affirmations", recursive: false, diagnostics: &diagnostics)
        let pagePaths = markdownFiles(in: "content/pages", recursive: false, diagnostics: &diagnostics)
        let assets = files(in: "content/assets", diagnostics: &diagnostics)
        diagnostics += assetProblems(assets)

        let loader = self
        // Begun before any file is looked at (see `DecodeCache.entry(at:stamp:)`).
        var next = DecodeCache(settings: context)
        let root = FileSystem.OpenFolder(rootPath)
        let stamps = await entryPaths.concurrentMap { path in
            root.map { DecodeCache.Stamp(path: path, in: $0) } ?? DecodeCache.Stamp(path: loader.absolute(path))
        }
        var lists: [AffirmationList] = []
        for path in listPaths {
            guard let source = readSource(path, diagnostics: &diagnostics) else { continue }
            if let list = AffirmationList.decode(source, stem: Self.stem(of: path), context: context, diagnostics: &diagnostics) {
                lists.append(list)
            }
        }
        var pages: [GuidePage] = []
        for path in pagePaths {
            guard let source = readSource(path, diagnostics: &diagnostics) else { continue }
            if let page = GuidePage.decode(source, stem: Self.stem(of: path), context: context, diagnostics: &diagnostics) {
                pages.append(page)
            }
        }

        // What was decoded with other settings (workbook.yaml, the day, drafts) is decoded again.
        let read = await earlier()
        let cache = read.settings == context ? read : DecodeCache()
        next.base = cache.base
        next.bodies = cache.bodies
        // Each with a hash of the name its page would clash by (see `clashKey`), made while the
        // entry is at hand on its core: the check for clashes then looks at no text unless two agree.
        let decodedEntries = await Array(entryPaths.indices).concurrentMap { index -> (decoded: DecodeCache.Decoded, reused: Bool, clash: Int) in
            let (path, stamp) = (entryPaths[index], stamps[index])
            let decoded: DecodeCache.Decoded
            let reused: Bool
            if let earlier = cache.entry(at: path, stamp: stamp) {
                (decoded, reused) = (earlier, true)
            } else {
                var found: [Diagnostic] = []
                if let source = loader.readSource(path, diagnostics: &found) {
                    let entry = Entry.decode(source, stem: Self.stem(of: path), context: context, diagnostics: &found)
                    decoded = DecodeCache.Decoded(stamp: stamp, entry: entry, diagnostics: found)
                } else {
                    decoded = DecodeCache.Decoded(entry: nil, diagnostics: found)
                }
                reused = false
            }
            return (decoded, reused, decoded.entry.map { Self.clashKey($0.slug).hashValue } ?? 0)
        }
        var entries: [Entry] = []
        var readAgain: [Int] = []
        var draftsSkipped = 0
        var reused = 0
        // The same files as last time: the earlier table, with the files read again put in.
        let samePaths = cache.paths == entryPaths
        if samePaths { next.entries = cache.entries }
        next.paths = entryPaths
        var clashHashes = Set<Int>(minimumCapacity: decodedEntries.count)
        var hashesAgree = false
        for (path, (decoded, wasReused, clash)) in zip(entryPaths, decodedEntries) {
            if !(samePaths && wasReused) { next.entries[path] = decoded }
            if wasReused { reused += 1 }
            diagnostics += decoded.diagnostics
            guard let entry = decoded.entry else { continue }
            if entry.draft && !includeDrafts {
                draftsSkipped += 1
            } else {
                if !wasReused { readAgain.append(entries.count) }
                entries.append(entry)
                if !clashHashes.insert(clash).inserted { hashesAgree = true }
            }
        }

        // Files named by their dates, as `rebound new` names them, are listed in order already,
        // or nearly: `…-2.md` comes before `….md`. The few entries read again are found where
        // the order puts them by halving.
        let again = readAgain.count == entries.count ? nil : readAgain.map { entries[$0] }
        if Self.putInOrder(&entries), let again {
            readAgain = again.map { entry in
                var (low, high) = (0, entries.count)
                while low < high {
                    let middle = (low + high) / 2
                    if Entry.precedes(entries[middle], entry) { low = middle + 1 } else { high = middle }
                }
                return low
            }.sorted()
        }
        pages.sort { ($0.order ?? Int.max, $0.title, $0.slug) < ($1.order ?? Int.max, $1.title, $1.slug) }
        let places = entries.map { (slug: $0.slug, path: $0.path) }
        let clashes = cache.collisions(places) { hashesAgree ? Self.collisions(places, folder: "entries") : [] }
        next.collisions = (places, clashes)
        diagnostics += clashes
        diagnostics += Self.collisions(pages.map { ($0.slug, $0.path) }, folder: "pages")
        diagnostics += Self.collisions(lists.map { ($0.slug, $0.path) }, folder: "affirmations")

        let workbook = diagnostics.hasErrors ? nil : Workbook(config: config, entries: entries, affirmationLists: lists, pages: pages, assets: assets)
        return Result(workbook: workbook, diagnostics: diagnostics.sortedForReading(), draftsSkipped: draftsSkipped, entriesReused: reused, cache: next,
                      entriesReadAgain: readAgain)
    }

    /// Puts `entries` in order (`Entry.precedes`); whether any moved. Entries a few places from
    /// their own, as the files' names leave them, are moved there in one pass; others are sorted.
    static func putInOrder(_ entries: inout [Entry]) -> Bool {
        var moves = 0
        for index in entries.indices.dropFirst() {
            var position = index
            while position > 0, Entry.precedes(entries[position], entries[position - 1]) {
                guard moves < 256 else {
                    entries.sort(by: Entry.precedes)
                    return true
                }
                entries.swapAt(position, position - 1)
                position -= 1
                moves += 1
            }
        }
        return moves > 0
    }

    func absolute(_ relative: String) -> String { rootPath + "/" + relative }

    func readSource(_ path: String, diagnostics: inout [Diagnostic]) -> SourceText? {
        do {
            return SourceText.decode(try FileSystem.read(absolute(path)), path: path, diagnostics: &diagnostics)
        } catch {
            diagnostics.append(.error(path, "cannot be read: \(error.explained)"))
            return nil
        }
    }

    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    /// The name two pages clash by when their slugs are equal but for case.
    static func clashKey(_ slug: String) -> String {
        // Most slugs are lower-case ASCII already, and are their own key.
        slug.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) ? slug : slug.lowercased()
    }

    /// Two sources that would write the same page: an error on each later one.
    static func collisions(_ items: [(slug: String, path: String)], folder: String) -> [Diagnostic] {
        var first: [String: String] = [:]
        first.reserveCapacity(items.count)
        var found: [Diagnostic] = []
        for (slug, path) in items {
            let (earlier, isFirst) = first.claim(clashKey(slug), path)
            if !isFirst {
                found.append(.error(path, line: 1, column: 1,
                    "makes the same page \(folder)/\(slug).html as \(earlier); rename one of the two files"))
            }
        }
        return found
    }

    /// The Markdown files of a folder (and, if asked, its subfolders), as workbook-relative paths.
    func markdownFiles(in folder: String, recursive: Bool, diagnostics: inout [Diagnostic]) -> [String] {
        walk(folder, recursive: recursive, diagnostics: &diagnostics).filter { path in
            if path.hasSuffix(".md") || path.hasSuffix(".markdown") { return true }
            if !path.hasSuffix("~") {
                diagnostics.append(.warning(path, "is not a Markdown file (.md) and was ignored"))
            }
            return false
        }
    }

    /// Every file under `folder`, recursively.
    func files(in folder: String, diagnostics: inout [Diagnostic]) -> [String] {
        walk(folder, recursive: true, diagnostics: &diagnostics).map { String($0.dropFirst(folder.count + 1)) }
    }

    /// Lists regular files; symbolic links are reported and never followed, hidden files skipped.
    private func walk(_ folder: String, recursive: Bool, diagnostics: inout [Diagnostic]) -> [String] {
        let kind = FileSystem.kind(of: absolute(folder))
        if kind == nil { return [] }
        if kind == .symlink {
            diagnostics.append(.warning(folder, "is a symbolic link and was not followed; move the real folder here"))
            return []
        }
        guard kind == .directory else {
            diagnostics.append(.error(folder, "should be a folder; move the file away and make a folder of that name"))
            return []
        }
        let items: [FileSystem.Item]
        do {
            items = try FileSystem.list(absolute(folder))
        } catch {
            diagnostics.append(.error(folder, "cannot be read: \(error.explained)"))
            return []
        }
        var found: [String] = []
        for item in items where !item.name.hasPrefix(".") {
            let path = folder + "/" + item.name
            guard item.nameIsUTF8 else {
                diagnostics.append(.error(path, "the name is not UTF-8 text, so it cannot be opened; rename it in your file manager"))
                continue
            }
            guard !item.name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
                diagnostics.append(.error(path, "the name holds a line break or another control character; rename it"))
                continue
            }
            switch item.kind {
            case .file: found.append(path)
            case .directory where recursive: found += walk(path, recursive: true, diagnostics: &diagnostics)
            case .directory: diagnostics.append(.warning(path, "is a folder inside \(folder)/ and was ignored"))
            case .symlink: diagnostics.append(.warning(path, "is a symbolic link and was not followed; copy the file here instead"))
            case .other: diagnostics.append(.warning(path, "is not a regular file and was ignored"))
            }
        }
        return found
    }
}
