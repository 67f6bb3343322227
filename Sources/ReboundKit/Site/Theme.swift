import Foundation
import Mustache

/// The templates and static files a site is rendered with: the built-in default theme,
/// with any file of the workbook's own `Templates/` folder taking the place of the one by that name.
///
/// The one place that talks to the Mustache library.
public struct Theme: Sendable {
    /// Template names every theme must provide.
    public static let requiredTemplates = [
        "layout", "index", "entry", "page", "tag", "tags", "affirmations", "morning",
        "timeline", "learned", "emotions", "print", "search", "error",
    ]

    /// Kinds of theme file copied into the site; anything else in Templates/ stays private.
    static let publishedExtensions: Set<String> = ["css", "js", "svg", "ico", "png", "jpg", "jpeg", "gif", "webp", "avif", "woff", "woff2"]

    private let library: MustacheLibrary
    /// Files copied into the site as they are (`style.css`, scripts), by output path.
    public let staticFiles: [String: String]
    /// Problems that do not stop a build, such as a file that is not published.
    public let warnings: [Diagnostic]
    /// Every template name, for the check of partial references.
    public let templateNames: Set<String>

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
        var library = MustacheLibrary()
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
                library.register(try MustacheTemplate(string: HTMLEscaping.pragma + source.text), named: name)
                references += Self.partialReferences(in: source.text).map {
                    PartialReference(template: name, name: $0.name, sigil: $0.sigil, from: source.display, line: $0.line, column: $0.column)
                }
            } catch let error as MustacheTemplate.ParserError {
                let shift = error.context.lineNumber == 1 ? HTMLEscaping.pragma.count : 0
                problems.append(.error(source.display, line: error.context.lineNumber, column: max(1, error.context.columnNumber + 1 - shift),
                    "template syntax error: \(Self.describe(error.error))"))
            } catch {
                problems.append(.error(source.display, "template syntax error: \(error)"))
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
        self.library = library
        self.staticFiles = statics
        self.templateNames = names
        self.references = Set(references.map(\.name))
    }

    /// Renders the template `name` with a context of dictionaries, arrays, strings, numbers and booleans.
    public func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// `{{> name}}` and `{{< name}}` references with their 1-based positions.
    static func partialReferences(in text: String) -> [(name: String, sigil: Character, line: Int, column: Int)] {
        var found: [(String, Character, Int, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...].drop { $0 == " " }
                guard let sigil = after.first, sigil == ">" || sigil == "<",
                      let close = after.range(of: "}}") else {
                    rest = rest[open.upperBound...]
                    continue
                }
                let name = after[after.index(after: after.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty && !name.hasPrefix("*") {
                    found.append((name, sigil, index + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1))
                }
                rest = after[close.upperBound...]
            }
        }
        return found
    }

    private static func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "a section is closed with a different name than it was opened with"
        case .unfinishedName?: return "a tag is not closed with '}}'"
        case .expectedSectionEnd?: return "a section is opened but never closed"
        case .invalidSetDelimiter?: return "invalid set-delimiter tag"
        case .transformAppliedToInheritanceSection?: return "a transform cannot apply to an inherited block"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?: return "only {{$block}} definitions may stand inside {{<parent}}"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: return "unknown configuration tag"
        default: return "\(error)"
        }
    }
}

/// The escaping of `{{name}}` values: `HTML.escape`, which skips the work when there is
/// nothing to escape. Every template gets the pragma that selects it, ahead of its first line.
struct HTMLEscaping: MustacheContentType {
    static let name = "REBOUND_HTML"

    /// Prefixed to every template; registering the content type first is what makes it parse.
    static var pragma: String {
        _ = registered
        return "{{% CONTENT_TYPE: \(name)}}"
    }

    private static let registered: Void = MustacheContentTypes.register(HTMLEscaping(), named: name)

    func escapeText(_ text: String) -> String { HTML.escape(text) }
}
