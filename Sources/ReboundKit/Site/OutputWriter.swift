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
        try validate()
        var all = files
        let assetsRoot = workbookRoot.path + "/content/assets/"
        for asset in assets {
            do {
                all.append(OutputFile(path: Routes.asset(asset), bytes: try FileSystem.read(assetsRoot + asset)))
            } catch {
                throw SetupError("cannot read content/assets/\(asset): \(error.reason)")
            }
        }
        // A site that holds a symbolic link was changed by hand: writing into it could follow the
        // link out of the folder, so it is rebuilt whole instead.
        if let manifest = Manifest.read(from: output.path + "/" + Self.marker), !Self.holdsLinks(output.path) {
            return try update(all, previous: manifest)
        }
        try replace(all)
        return Summary(written: all.count)
    }

    /// Writes the whole site into a new folder beside the output and swaps it in.
    private func replace(_ files: [OutputFile]) throws(SetupError) {
        let parent = output.deletingLastPathComponent().path
        if FileSystem.kind(of: parent) == nil {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw SetupError("cannot create \(parent): \(error.localizedDescription)")
            }
        }
        let name = output.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent + "/.\(name).rebound-new-\(pid)"
        let retired = parent + "/.\(name).rebound-old-\(pid)"
        do throws(FileSystem.Failure) {
            try? FileSystem.remove(staging)
            try FileSystem.makeDirectory(staging)
            var folders = Folders(root: staging)
            for file in files {
                try folders.ensure(parentOf: file.path)
                try put(file.bytes, at: staging + "/" + file.path)
            }
            try put(Manifest(files: files).text, at: staging + "/" + Self.marker)
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

    /// Writes only what changed since the manifest, then removes what is no longer made.
    private func update(_ files: [OutputFile], previous: Manifest) throws(SetupError) -> Summary {
        let root = output.path
        let manifest = Manifest(files: files)
        var summary = Summary()
        var pending: [(temporary: String, final: String)] = []
        do throws(FileSystem.Failure) {
            var folders = Folders(root: root)
            for (file, record) in zip(files, manifest.records) {
                let final = root + "/" + file.path
                if previous.byPath[file.path] == record, FileSystem.size(of: final) == record.size {
                    summary.unchanged += 1
                    continue
                }
                try folders.ensure(parentOf: file.path)
                let temporary = Self.temporaryName(for: final)
                pending.append((temporary, final))
                try put(file.bytes, at: temporary)
            }
            summary.written = pending.count
            if previous.text != manifest.text {
                let temporary = Self.temporaryName(for: root + "/" + Self.marker)
                pending.append((temporary, root + "/" + Self.marker))
                try put(manifest.text, at: temporary)
            }
        } catch {
            for item in pending { try? FileSystem.remove(item.temporary) }
            let final = pending.first { $0.temporary == error.path }?.final ?? error.path
            throw SetupError("could not write the site: \(final): \(error.reason); the previous site was left as it was")
        }
        do throws(FileSystem.Failure) {
            for item in pending { try FileSystem.rename(item.temporary, to: item.final) }
        } catch {
            throw SetupError("could not finish writing the site: \(error.path): \(error.reason); build again to repair it")
        }
        // Whatever else is in the folder (an earlier build's pages, a stray file) goes, so the
        // folder ends up exactly as a build from scratch would leave it.
        for path in Self.files(under: root) where manifest.byPath[path] == nil && path != Self.marker {
            guard (try? FileSystem.remove(root + "/" + path)) != nil else { continue }
            summary.removed += 1
            Folders.pruneEmpty(parentOf: path, root: root)
        }
        return summary
    }

    private func put(_ bytes: [UInt8], at path: String) throws(FileSystem.Failure) {
        do {
            try writeFile(bytes, path)
        } catch let failure as FileSystem.Failure {
            throw failure
        } catch {
            throw FileSystem.Failure(path: path, reason: "\(error)")
        }
    }

    static func temporaryName(for path: String) -> String {
        let slash = path.lastIndex(of: "/")!
        return String(path[...slash]) + "." + path[path.index(after: slash)...] + ".rebound-tmp"
    }

    /// True when a symbolic link stands anywhere below `root`.
    static func holdsLinks(_ root: String) -> Bool {
        guard let items = try? FileSystem.list(root) else { return false }
        return items.contains { $0.kind == .symlink || ($0.kind == .directory && holdsLinks(root + "/" + $0.name)) }
    }

    /// Every file and link below `root`, as relative paths; folders are walked, links never followed.
    static func files(under root: String, prefix: String = "") -> [String] {
        guard let items = try? FileSystem.list(root + (prefix.isEmpty ? "" : "/" + prefix)) else { return [] }
        return items.flatMap { item -> [String] in
            let path = prefix.isEmpty ? item.name : prefix + "/" + item.name
            return item.kind == .directory ? files(under: root, prefix: path) : [path]
        }
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
