import Foundation

/// Writes a finished site so that a reader never sees half of it: everything goes into a new
/// folder beside the output, which replaces the old one only once every file is written.
public struct OutputWriter: Sendable {
    /// The file that marks a folder as made by Rebound, and so safe to replace.
    public static let marker = ".rebound-site"

    public var output: URL
    public var workbookRoot: URL

    public init(output: URL, workbookRoot: URL) {
        self.output = output.standardizedFileURL
        self.workbookRoot = workbookRoot.standardizedFileURL
    }

    /// Refuses output folders that would overwrite the person's writing or files Rebound did not make.
    public func validate() throws(SetupError) {
        let out = Self.resolved(output.path)
        let content = Self.resolved(workbookRoot.appending(path: "content").path)
        let templates = Self.resolved(workbookRoot.appending(path: "Templates").path)
        for (protected, name) in [(content, "content/"), (templates, "Templates/")] {
            if out == protected || out.hasPrefix(protected + "/") {
                throw SetupError("the output folder \(output.path) is inside \(name); choose a folder outside it with --output")
            }
            if protected.hasPrefix(out + "/") || out == "/" {
                throw SetupError("the output folder \(output.path) holds the workbook's \(name); building there would replace your writing. Choose another folder with --output")
            }
        }
        switch FileSystem.kind(of: output.path) {
        case nil:
            return
        case .directory?:
            let items: [FileSystem.Item]
            do { items = try FileSystem.list(output.path) } catch {
                throw SetupError("cannot read the output folder \(output.path): \(error.reason)")
            }
            if !items.isEmpty && !items.contains(where: { $0.name == Self.marker }) {
                let shown = items.prefix(5).map(\.name).joined(separator: ", ")
                throw SetupError("the output folder \(output.path) holds files Rebound did not make (\(shown)\(items.count > 5 ? ", …" : "")); nothing was changed. Empty it or choose another folder with --output")
            }
        case .symlink?:
            throw SetupError("the output folder \(output.path) is a symbolic link; choose a real folder with --output")
        default:
            throw SetupError("the output path \(output.path) is a file, not a folder; choose a folder with --output")
        }
    }

    /// What a write changed.
    public struct Summary: Sendable, Equatable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
        /// With `keepsReplaced`, the large files' earlier bytes, kept under another name in the
        /// output folder for the next build to write over, or for `removeReplaced` to free.
        public var replaced: [String] = []
    }

    /// Whether a large file replaced in an existing site keeps its earlier bytes under another
    /// name, rather than freeing them as the new file takes its place, and the next write of the
    /// file writes over them when nobody has them open. Freeing a hundred megabytes and finding
    /// as much again takes a file system tens of milliseconds, and far more where it gives freed
    /// memory back to the machine it runs on; `serve`, which writes the same large pages on
    /// every save, spends none of it. `removeReplaced` frees what is kept, and a build that does
    /// not keep them removes those it finds, as it does any file it did not make.
    public var keepsReplaced = false

    /// Frees what `keepsReplaced` kept.
    public static func removeReplaced(_ summary: Summary) {
        for path in summary.replaced { try? FileSystem.remove(path) }
    }

    /// Writes every file; the hook lets tests simulate a full disk.
    public var writeFile: @Sendable (_ bytes: [UInt8], _ path: String) throws -> Void = { bytes, path in
        try FileSystem.write(bytes, to: path)
    }

    /// Brings the output folder to exactly `files` plus the assets, so that a reader never sees
    /// half a site: a new folder is written whole and swapped in; an existing site of Rebound's
    /// gets only the files whose bytes changed, each written beside its place first and moved
    /// in only once every one of them was written. On any failure the previous site stays.
    @discardableResult
    public func write(_ files: [OutputFile], assets: [String]) throws(SetupError) -> Summary {
        let session = try begin()
        return try session.finish([session.put(files), session.put(assets: assets)])
    }

    /// Undoes what beginning `session` did, when it began: a new site's empty staging folder goes.
    static func abandon(_ session: Result<Session, SetupError>) {
        if case let .success(session) = session, let staging = session.staging { try? FileSystem.remove(staging) }
    }

    /// Starts a write whose files arrive in batches, from any number of tasks at once: see `Session`.
    public func begin() throws(SetupError) -> Session {
        try validate()
        // A site that holds a symbolic link was changed by hand: writing into it could follow the
        // link out of the folder, so it is rebuilt whole instead.
        if let manifest = Manifest.read(from: output.path + "/" + Self.marker) {
            let (files, holdsLinks) = Self.walk(output.path)
            if !holdsLinks { return Session(writer: self, staging: nil, previous: manifest, found: files, folder: FileSystem.OpenFolder(output.path)) }
        }
        let parent = output.deletingLastPathComponent().path
        if FileSystem.kind(of: parent) == nil {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw SetupError("cannot create \(parent): \(error.localizedDescription)")
            }
        }
        let staging = parent + "/.\(output.lastPathComponent).rebound-new-\(ProcessInfo.processInfo.processIdentifier)"
        do throws(FileSystem.Failure) {
            try? FileSystem.remove(staging)
            try FileSystem.makeDirectory(staging)
        } catch {
            throw SetupError("could not write the site: \(error.path): \(error.reason); the previous site was left as it was")
        }
        return Session(writer: self, staging: staging, previous: nil, found: [], folder: nil)
    }

    /// A write in progress. A new site goes into a staging folder beside the output; an existing
    /// site of Rebound's gets each changed file written beside its place. `put` writes a batch
    /// and may run on many tasks at once; `finish` moves everything in, or leaves the previous site.
    public struct Session: Sendable {
        let writer: OutputWriter
        /// The folder a new site is written into, or nil when an existing site is updated.
        let staging: String?
        let previous: Manifest?
        /// The files the existing site held when the session began; those the build does not
        /// make are removed when it ends. One made meanwhile by something else goes at the next.
        let found: [String]
        /// The existing site's folder, open, for a file in it to be looked at from there rather
        /// than along its whole path: `holds` looks at every page the build would keep.
        let folder: FileSystem.OpenFolder?

        /// One file the session has seen: its manifest record and, when its bytes were written,
        /// where they wait to be moved in (nil for an unchanged file or a file of a new site).
        public struct Written: Sendable {
            var path: String
            var record: Manifest.Record
            var temporary: String?
        }

        /// What `put` did with a batch: the files handled, and what went wrong first, as the
        /// build reports it, if anything did.
        public struct Batch: Sendable {
            var written: [Written] = []
            var problem: String?
        }

        private static func couldNotWrite(_ path: String, _ failure: FileSystem.Failure) -> String {
            "could not write the site: \(path): \(failure.reason); the previous site was left as it was"
        }

        /// Whether the file at `path` is in the site as an earlier build made it from `source`,
        /// so that `put(_:keeping:)` may keep it without making it again.
        public func holds(_ path: String, madeFrom source: UInt64) -> Bool {
            guard staging == nil, let record = previous?.byPath[path], record.source == source else { return false }
            return size(of: path) == record.size
        }

        /// The size of the file at `path` in the existing site, looked up from the folder held open.
        private func size(of path: String) -> Int? {
            folder.map { FileSystem.size(of: path, in: $0) } ?? FileSystem.size(of: writer.output.path + "/" + path)
        }

        /// Writes the files whose bytes are new, and keeps the files at `kept`, which the site
        /// `holds` as they are; the batch reports a failure instead of throwing, so that `finish`
        /// can clean up after every batch.
        public func put(_ files: [OutputFile], keeping kept: [String]) -> Batch {
            var batch = Batch()
            for path in kept {
                guard let record = previous?.byPath[path] else { continue }
                batch.written.append(Written(path: path, record: record))
            }
            var folders = Folders(root: staging ?? writer.output.path)
            for file in files {
                let record = Manifest.Record(hash: file.hash, size: file.bytes.count, source: file.source)
                var written = Written(path: file.path, record: record)
                do throws(FileSystem.Failure) {
                    if let staging {
                        try folders.ensure(parentOf: file.path)
                        try writer.put(file.bytes, at: staging + "/" + file.path)
                    } else {
                        if !record.sameBytes(as: previous?.byPath[file.path]) || size(of: file.path) != record.size {
                            let final = writer.output.path + "/" + file.path
                            try folders.ensure(parentOf: file.path)
                            let temporary = OutputWriter.temporaryName(for: final)
                            written.temporary = temporary
                            do throws(FileSystem.Failure) {
                                if var spare = spare(for: final, at: temporary) {
                                    try spare.finish(with: file.bytes)
                                } else {
                                    try writer.put(file.bytes, at: temporary)
                                }
                            } catch {
                                batch.written.append(written)
                                batch.problem = Self.couldNotWrite(final, error)
                                return batch
                            }
                        }
                    }
                } catch {
                    batch.problem = Self.couldNotWrite(error.path, error)
                    return batch
                }
                batch.written.append(written)
            }
            return batch
        }

        /// Writes one large file as it is made, hashing the pieces on the way; in an existing
        /// site, a file that came out the same as before is dropped again and counts as unchanged.
        public func stream(_ path: String, source: UInt64? = nil, _ produce: (_ emit: @escaping ([UInt8]) -> Void) -> Void) -> Batch {
            let final = writer.output.path + "/" + path
            let target = staging.map { $0 + "/" + path } ?? OutputWriter.temporaryName(for: final)
            var hash = Manifest.RunningHash()
            var file: FileSystem.NewFile?
            var failure: FileSystem.Failure?
            do throws(FileSystem.Failure) {
                var folders = Folders(root: staging ?? writer.output.path)
                try folders.ensure(parentOf: path)
                file = spare(for: final, at: target)
                if file == nil { file = try FileSystem.NewFile(target) }
            } catch {
                failure = error
            }
            produce { piece in
                hash.add(piece[...])
                guard failure == nil, let file else { return }
                do throws(FileSystem.Failure) { try file.append(piece) } catch { failure = error }
            }
            do throws(FileSystem.Failure) { try file?.close() } catch { failure = failure ?? error }
            let record = Manifest.Record(hash: hash.value, size: hash.count, source: source)
            var written = Written(path: path, record: record, temporary: staging == nil && file != nil ? target : nil)
            if let failure {
                return Batch(written: [written], problem: Self.couldNotWrite(staging == nil ? final : failure.path, failure))
            }
            if staging == nil, record.sameBytes(as: previous?.byPath[path]), size(of: path) == record.size {
                try? FileSystem.remove(target)
                written.temporary = nil
            }
            return Batch(written: [written])
        }

        /// The earlier bytes of the file at `final` that the build before kept (see
        /// `keepsReplaced`), moved to `temporary` to be written over; nil when there are none, or
        /// when they cannot be written over, which leaves nothing at `temporary`.
        private func spare(for final: String, at temporary: String) -> FileSystem.NewFile? {
            guard staging == nil, writer.keepsReplaced, (try? FileSystem.rename(OutputWriter.replacedName(for: final), to: temporary)) != nil else { return nil }
            if let file = FileSystem.NewFile(over: temporary) { return file }
            try? FileSystem.remove(temporary)
            return nil
        }

        /// Copies the workbook's assets (paths below `content/assets/`) into the site.
        public func put(assets: [String]) -> Batch {
            var batch = Batch()
            let root = writer.workbookRoot.path + "/content/assets/"
            for asset in assets {
                let bytes: [UInt8]
                do { bytes = try FileSystem.read(root + asset) } catch {
                    batch.problem = "cannot read content/assets/\(asset): \(error.reason)"
                    return batch
                }
                let written = put([OutputFile(path: Routes.asset(asset), bytes: bytes)])
                batch.written += written.written
                if let problem = written.problem {
                    batch.problem = problem
                    return batch
                }
            }
            return batch
        }

        /// Moves every batch into place and removes what the site no longer holds; after a
        /// failed batch, removes what was written and leaves the previous site as it was.
        @discardableResult
        public func finish(_ batches: [Batch]) throws(SetupError) -> Summary {
            let written = batches.flatMap(\.written)
            if let problem = batches.lazy.compactMap(\.problem).first {
                if let staging { try? FileSystem.remove(staging) }
                for item in written { if let temporary = item.temporary { try? FileSystem.remove(temporary) } }
                throw SetupError(problem)
            }
            let manifest = Manifest(paths: written.map(\.path), records: written.map(\.record))
            if let staging {
                try writer.swapIn(staging, manifest: manifest)
                return Summary(written: written.count)
            }
            return try writer.moveIn(written, manifest: manifest, previous: previous ?? Manifest(paths: [], records: []), found: found)
        }
    }

    /// Puts the manifest into the finished staging folder and swaps it in for the output.
    private func swapIn(_ staging: String, manifest: Manifest) throws(SetupError) {
        let retired = output.deletingLastPathComponent().path + "/.\(output.lastPathComponent).rebound-old-\(ProcessInfo.processInfo.processIdentifier)"
        do throws(FileSystem.Failure) {
            try put(manifest.text, at: staging + "/" + Self.marker)
            let hadOutput = FileSystem.kind(of: output.path) != nil
            if hadOutput { try FileSystem.rename(output.path, to: retired) }
            do throws(FileSystem.Failure) {
                try FileSystem.rename(staging, to: output.path)
            } catch {
                if hadOutput { try? FileSystem.rename(retired, to: output.path) }
                throw error
            }
            if hadOutput { try? FileSystem.remove(retired) }
        } catch {
            try? FileSystem.remove(staging)
            throw SetupError("could not write the site: \(error.path): \(error.reason); the previous site was left as it was")
        }
    }

    /// Moves the changed files of an existing site into place, then removes what is no longer made.
    private func moveIn(_ written: [Session.Written], manifest: Manifest, previous: Manifest, found: [String]) throws(SetupError) -> Summary {
        let root = output.path
        var pending = written.compactMap { item in item.temporary.map { ($0, root + "/" + item.path) } }
        var summary = Summary(written: pending.count, unchanged: written.count - pending.count)
        let text = manifest.text
        if !previous.isKept(as: text) {
            let temporary = Self.temporaryName(for: root + "/" + Self.marker)
            do throws(FileSystem.Failure) { try put(text, at: temporary) } catch {
                for item in pending { try? FileSystem.remove(item.0) }
                throw SetupError("could not write the site: \(root + "/" + Self.marker): \(error.reason); the previous site was left as it was")
            }
            pending.append((temporary, root + "/" + Self.marker))
        }
        do throws(FileSystem.Failure) {
            for (temporary, final) in pending {
                if keepsReplaced, FileSystem.size(of: final) ?? 0 >= Self.largeFile {
                    let kept = Self.replacedName(for: final)
                    try? FileSystem.remove(kept)
                    if FileSystem.link(final, alias: kept) { summary.replaced.append(kept) }
                }
                try FileSystem.rename(temporary, to: final)
            }
        } catch {
            throw SetupError("could not finish writing the site: \(error.path): \(error.reason); build again to repair it")
        }
        // Whatever else is in the folder (an earlier build's pages, a stray file) goes, so the
        // folder ends up exactly as a build from scratch would leave it.
        let kept = Set(summary.replaced)
        for path in found where manifest.byPath[path] == nil && path != Self.marker && path != EarlierPieces.fileName && !kept.contains(root + "/" + path) {
            guard (try? FileSystem.remove(root + "/" + path)) != nil else { continue }
            summary.removed += 1
            Folders.pruneEmpty(parentOf: path, root: root)
        }
        return summary
    }

    fileprivate func put(_ bytes: [UInt8], at path: String) throws(FileSystem.Failure) {
        do {
            try writeFile(bytes, path)
        } catch let failure as FileSystem.Failure {
            throw failure
        } catch {
            throw FileSystem.Failure(path: path, reason: "\(error)")
        }
    }

    /// The size from which a replaced file's earlier bytes are kept (see `keepsReplaced`).
    static let largeFile = 1 << 20

    /// Where `keepsReplaced` keeps the earlier bytes of the file at `path`.
    static func replacedName(for path: String) -> String {
        hiddenName(for: path, suffix: ".rebound-old")
    }

    static func temporaryName(for path: String) -> String {
        hiddenName(for: path, suffix: ".rebound-tmp")
    }

    /// A hidden file beside `path`, named after it.
    private static func hiddenName(for path: String, suffix: String) -> String {
        let slash = path.lastIndex(of: "/")!
        return String(path[...slash]) + "." + path[path.index(after: slash)...] + suffix
    }

    /// Every file and link below `root`, as relative paths (folders are walked, links never
    /// followed), and whether any is a link.
    static func walk(_ root: String) -> (files: [String], holdsLinks: Bool) {
        var holdsLinks = false
        func walk(_ prefix: String) -> [String] {
            guard let items = try? FileSystem.list(root + (prefix.isEmpty ? "" : "/" + prefix)) else { return [] }
            return items.flatMap { item -> [String] in
                let path = prefix.isEmpty ? item.name : prefix + "/" + item.name
                if item.kind == .symlink { holdsLinks = true }
                return item.kind == .directory ? walk(path) : [path]
            }
        }
        let files = walk("")
        return (files, holdsLinks)
    }

    /// The absolute path with symbolic links of existing parts resolved.
    static func resolved(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while FileSystem.kind(of: existing.path) == nil && existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var result = existing.resolvingSymlinksInPath().path
        for part in rest { result += (result.hasSuffix("/") ? "" : "/") + part }
        return result
    }
}

extension OutputWriter.Session: PageSink {}
