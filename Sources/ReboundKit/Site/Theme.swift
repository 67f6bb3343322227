import Foundation

/// The templates and static files a site is rendered with: the built-in default theme,
/// with any file of the workbook's own `Templates/` folder taking the place of the one by that name.
///
/// Templates are parsed here once, when the theme loads, and rendered by `TemplateRenderer`.
public struct Theme: Sendable {
    /// Template names every theme must provide.
    public static let requiredTemplates = [
        "layout", "index", "entry", "page", "tag", "tags", "affirmations", "morning",
        "timeline", "learned", "emotions", "print", "search", "error",
    ]

    /// Kinds of theme file copied into the site; anything else in Templates/ stays private.
    static let publishedExtensions: Set<String> = ["css", "js", "svg", "ico", "png", "jpg", "jpeg", "gif", "webp", "avif", "woff", "woff2"]

    private let program: TemplateProgram
    /// Files copied into the site as they are (`style.css`, scripts), by output path.
    public let staticFiles: [String: String]
    /// Problems that do not stop a build, such as a file that is not published.
    public let warnings: [Diagnostic]
    /// Every template name, for the check of partial references.
    public let templateNames: Set<String>
    /// A hash of every file of the theme, telling one theme from another, the same in every run.
    let fingerprint: Int

    /// The built-in theme alone.
    public static func builtIn() throws(DiagnosticsError) -> Theme {
        try Theme(files: EmbeddedFiles.theme.map { ($0.key, $0.value, "Templates/" + $0.key) }, overrides: [])
    }

    /// The built-in theme with the overrides found in `root/Templates`.
    public static func load(workbookRoot root: URL, diagnostics: inout [Diagnostic]) -> Theme? {
        var overrides: [(String, String, String)] = []
        let folder = root.appending(path: "Templates").path
        switch FileSystem.kind(of: folder) {
        case .symlink?:
            diagnostics.append(.warning("Templates", "is a symbolic link and was not followed, so the default theme is used; move the real folder here"))
        case .file?, .other?:
            diagnostics.append(.warning("Templates", "is not a folder, so the default theme is used; remove it or make it a folder of templates"))
        default:
            break
        }
        if FileSystem.kind(of: folder) == .directory {
            do {
                for item in try FileSystem.list(folder) where !item.name.hasPrefix(".") {
                    let display = "Templates/" + item.name
                    guard item.nameIsUTF8 else {
                        diagnostics.append(.warning(display, "the name is not UTF-8 text, so it was ignored; rename it in your file manager"))
                        continue
                    }
                    guard item.kind == .file else {
                        diagnostics.append(.warning(display, "is not a regular file and was ignored"))
                        continue
                    }
                    do {
                        var found: [Diagnostic] = []
                        if let source = SourceText.decode(try FileSystem.read(folder + "/" + item.name), path: display, diagnostics: &found) {
                            overrides.append((item.name, source.text, display))
                        }
                        diagnostics += found
                    } catch {
                        diagnostics.append(.error(display, "cannot be read: \(error.explained)"))
                    }
                }
            } catch {
                diagnostics.append(.error("Templates", "cannot be read: \(error.explained)"))
            }
        }
        let defaults = EmbeddedFiles.theme.map { ($0.key, $0.value, "Templates/" + $0.key) }
        do {
            let theme = try Theme(files: defaults, overrides: overrides)
            diagnostics += theme.warnings
            for (name, _, display) in overrides where name.hasSuffix(".mustache") && !EmbeddedFiles.theme.keys.contains(name) && !theme.isReferenced(name) {
                diagnostics.append(.warning(display, "is not a template of the theme and no template uses it; the default templates are \(defaultNames)"))
            }
            return theme
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
    }

    private static var defaultNames: String {
        EmbeddedFiles.theme.keys.filter { $0.hasSuffix(".mustache") }.sorted().joined(separator: ", ")
    }

    private let references: Set<String>

    private func isReferenced(_ file: String) -> Bool {
        references.contains(file.hasSuffix(".mustache") ? String(file.dropLast(9)) : file)
    }

    private init(files: [(name: String, text: String, display: String)], overrides: [(name: String, text: String, display: String)]) throws(DiagnosticsError) {
        var merged: [String: (text: String, display: String)] = [:]
        for file in files + overrides { merged[file.name] = (file.text, file.display) }
        var templates: [String: Template] = [:]
        var statics: [String: String] = [:]
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var references: [PartialReference] = []
        for (file, source) in merged.sorted(by: { $0.key < $1.key }) {
            guard file.hasSuffix(".mustache") else {
                if Self.publishedExtensions.contains((file as NSString).pathExtension.lowercased()) {
                    statics[file] = source.text
                } else {
                    warnings.append(.warning(source.display, "is neither a template (.mustache) nor a stylesheet, script or image, so it is not published"))
                }
                continue
            }
            let name = String(file.dropLast(9))
            do {
                let template = try Template(source.text, name: name)
                templates[name] = template
                references += template.references.map {
                    let (line, column) = Self.position(of: $0.offset, in: source.text)
                    return PartialReference(template: name, name: $0.name, sigil: $0.sigil, from: source.display, line: line, column: column)
                }
            } catch {
                let (line, column) = Self.position(of: error.offset, in: source.text)
                problems.append(.error(source.display, line: line, column: column, "template syntax error: \(error.message)"))
            }
        }
        let names = Set(merged.keys.filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(9)) })
        for reference in references where !names.contains(reference.name) {
            problems.append(.error(reference.from, line: reference.line, column: reference.column,
                "the template refers to '\(reference.name)', which does not exist; add Templates/\(reference.name).mustache or fix the name"))
        }
        let overridden = Set(overrides.map(\.name).filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(9)) })
        problems += Self.circularReferences(references.filter { names.contains($0.name) }, preferring: overridden)
        for required in Self.requiredTemplates where !names.contains(required) {
            problems.append(.error("Templates/\(required).mustache", "the theme has no '\(required)' template"))
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems + warnings) }
        self.warnings = warnings
        self.program = TemplateProgram(templates)
        self.staticFiles = statics
        self.templateNames = names
        // Stable from one run to the next, as the sources of pages recorded in a site must be.
        var files = StableHasher()
        for (file, source) in merged.sorted(by: { $0.key.precedesInBytes($1.key) }) {
            files.combine(utf8: file)
            files.combine(utf8: source.text)
        }
        self.fingerprint = files.finalize()
        self.references = Set(references.map(\.name))
    }

    /// Renders the template `name` with a context of dictionaries, arrays, strings, numbers and
    /// booleans.
    public func renderBytes(_ name: String, _ context: TemplateContext) -> [UInt8] {
        var renderer = TemplateRenderer(program: program, capacity: 32 * 1024)
        renderer.render(name, context)
        return renderer.output
    }

    /// Renders the template `name`, handing the output to `spill` a megabyte at a time; with
    /// `memo`, items of lazy lists are taken from an earlier render where nothing they show changed.
    func render(_ name: String, _ context: TemplateContext, spill: @escaping ([UInt8]) -> Void, memo: RenderMemo? = nil) {
        var renderer = TemplateRenderer(program: program, spill: spill, memo: memo)
        renderer.render(name, context)
        renderer.finish()
    }

    /// Renders the template `name` as text.
    public func render(_ name: String, _ context: TemplateContext) -> String {
        String(decoding: renderBytes(name, context), as: UTF8.self)
    }

    /// The 1-based line and column (in characters) of a byte offset.
    static func position(of offset: Int, in text: String) -> (line: Int, column: Int) {
        let bytes = text.utf8.prefix(offset)
        let line = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = bytes.lastIndex(of: 0x0A).map { bytes.index(after: $0) } ?? bytes.startIndex
        return (line, String(decoding: bytes[lineStart...], as: UTF8.self).count + 1)
    }
}
