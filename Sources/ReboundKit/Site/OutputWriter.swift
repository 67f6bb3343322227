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

    /// Writes `files` and the assets, then swaps the new folder in; on failure the old site stays.
    public func write(_ files: [OutputFile], assets: [String]) throws(SetupError) {
        try validate()
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
            try writeTree(files, assets: assets, into: staging)
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

    private func writeTree(_ files: [OutputFile], assets: [String], into folder: String) throws(FileSystem.Failure) {
        var made: Set<String> = [""]
        func ensureFolder(of path: String) throws(FileSystem.Failure) {
            // Not NSString.deletingLastPathComponent: corelibs Foundation traps on one-character paths.
            let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
            guard !made.contains(directory) else { return }
            try ensureFolder(of: directory)
            try FileSystem.makeDirectory(folder + "/" + directory)
            made.insert(directory)
        }
        try FileSystem.write(Array("Made by Rebound. This folder is replaced on every build.\n".utf8), to: folder + "/" + Self.marker)
        for file in files {
            try ensureFolder(of: file.path)
            try FileSystem.write(file.bytes, to: folder + "/" + file.path)
        }
        let assetsRoot = workbookRoot.path + "/content/assets/"
        for asset in assets {
            let route = Routes.asset(asset)
            try ensureFolder(of: route)
            try FileSystem.write(try FileSystem.read(assetsRoot + asset), to: folder + "/" + route)
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
