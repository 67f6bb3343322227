import Foundation

/// Creates workbooks and entries on disk, never overwriting what a person wrote.
public enum Scaffold {
    /// The files `rebound init` writes: the starter `content/` and the default `Templates/`.
    public static var starterFiles: [(path: String, text: String)] {
        EmbeddedFiles.starter.map { ("content/" + $0.key, $0.value) }.sorted { $0.path < $1.path }
            + EmbeddedFiles.theme.map { ("Templates/" + $0.key, $0.value) }.sorted { $0.path < $1.path }
    }

    /// Writes the starter workbook into `folder`; refuses, listing them, when files exist unless `force`.
    /// Returns the paths written.
    @discardableResult
    public static func initialize(_ folder: URL, force: Bool) throws(SetupError) -> [String] {
        let files = starterFiles
        let existing = files.map(\.path).filter { FileSystem.kind(of: folder.appending(path: $0).path) != nil }
        if !existing.isEmpty && !force {
            let shown = existing.prefix(8).joined(separator: "\n  ")
            throw SetupError("\(folder.path) already has \(existing.count) of the starter files; nothing was written:\n  \(shown)\(existing.count > 8 ? "\n  …" : "")\nUse --force to replace them.")
        }
        for file in files {
            let url = folder.appending(path: file.path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url, options: .atomic)
            } catch {
                throw SetupError("cannot write \(url.path): \(error.localizedDescription)")
            }
        }
        return files.map(\.path)
    }

    /// Writes a new entry skeleton for `date` into `content/entries/` and returns its URL.
    /// A second entry with the same name gets `-2`, `-3`, … and nothing is ever overwritten.
    public static func newEntry(in workbook: URL, title: String?, kind: Entry.Kind?, date: CalendarDay) throws(SetupError) -> URL {
        let folder = workbook.appending(path: "content/entries")
        guard FileSystem.kind(of: workbook.appending(path: "content").path) == .directory else {
            throw SetupError("no content/ folder in \(workbook.path); run 'rebound init' there first, or pass --workbook DIR")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SetupError("cannot create \(folder.path): \(error.localizedDescription)")
        }
        let trimmed = title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let base = trimmed.isEmpty ? date.description : "\(date)-\(Slug.make(trimmed, fallback: "entry"))"
        let text = EntrySkeleton.text(title: trimmed.isEmpty ? nil : trimmed, kind: kind, date: date)
        for attempt in 1...1000 {
            let name = attempt == 1 ? base : "\(base)-\(attempt)"
            let url = folder.appending(path: name + ".md")
            // O_EXCL: the file is created only if no file of that name exists, even in a race.
            let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if descriptor < 0 {
                if errno == EEXIST { continue }
                throw SetupError("cannot create \(url.path): \(String(cString: strerror(errno)))")
            }
            close(descriptor)
            do { try FileSystem.write(Array(text.utf8), to: url.path) } catch {
                throw SetupError("cannot write \(url.path): \(error.reason)")
            }
            return url
        }
        throw SetupError("there are already 1000 entries named \(base) in \(folder.path)")
    }
}
