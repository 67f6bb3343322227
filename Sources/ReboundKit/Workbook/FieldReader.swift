import Foundation

/// Reads typed values out of YAML nodes, reporting every problem at its line and column in the file.
struct FieldReader {
    let path: String
    /// Added to YAML line numbers so they point into the real file.
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []
    /// The key of each field read by `fields(of:)`, by the position of its value, so warnings about
    /// a field can point at its name even when the value starts on a later line.
    private var keyAtValue: [Position: YAMLNode] = [:]

    private struct Position: Hashable {
        var line: Int
        var column: Int
        init(_ node: YAMLNode) { (line, column) = (node.line, node.column) }
    }

    init(path: String, yamlFirstLine: Int) {
        self.path = path
        self.lineOffset = yamlFirstLine - 1
    }

    mutating func error(at node: YAMLNode, _ message: String) {
        diagnostics.append(.error(path, line: node.line + lineOffset, column: node.column, message))
    }

    mutating func warning(at node: YAMLNode, _ message: String) {
        diagnostics.append(.warning(path, line: node.line + lineOffset, column: node.column, message))
    }

    /// Parses `yaml` and returns its top-level fields; nil (with a diagnostic) when it is not a map.
    mutating func document(_ yaml: Substring, what: String) -> [String: YAMLNode]? {
        let root: YAMLNode?
        do {
            root = try YAML.parse(String(yaml))
        } catch {
            var message = error.message
            let atTab = character(atLine: error.line, column: error.column, in: yaml) == "\t"
            if message.hasPrefix("found a tab character") || (message.contains("cannot start any token") && atTab) {
                message = "a tab cannot indent YAML; use spaces"
            }
            diagnostics.append(.error(path, line: error.line + lineOffset, column: error.column, "invalid YAML in \(what): \(message)"))
            return nil
        }
        guard let root, !root.isNull else { return [:] }
        return fields(of: root, what: what)
    }

    /// The fields of a map node; duplicates are errors, non-maps are errors.
    mutating func fields(of node: YAMLNode, what: String) -> [String: YAMLNode]? {
        guard case .mapping(let pairs) = node.value else {
            error(at: node, "\(what) must be a map of 'field: value' lines, found \(node.kindDescription)")
            return nil
        }
        var fields: [String: YAMLNode] = [:]
        for (key, value) in pairs {
            guard let name = key.scalar else {
                error(at: key, "a field name must be plain text, found \(key.kindDescription)")
                continue
            }
            if fields[name] != nil {
                error(at: key, "'\(name)' is given twice; keep one")
                continue
            }
            fields[name] = value
            keyAtValue[Position(value)] = key
        }
        return fields
    }

    /// Warns about every field not in `known`, suggesting the closest known name.
    mutating func warnUnknown(_ fields: [String: YAMLNode], known: [String], in what: String) {
        for (name, node) in fields where !known.contains(name) {
            var message = "unknown field '\(name)' in \(what) is ignored"
            if let guess = known.min(by: { editDistance($0, name) < editDistance($1, name) }), editDistance(guess, name) <= 2 {
                message += "; did you mean '\(guess)'?"
            }
            warning(at: keyAtValue[Position(node)] ?? node, message)
        }
    }

    // MARK: Scalars

    mutating func string(_ node: YAMLNode?, field: String) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let text = node.scalar else {
            error(at: node, "'\(field)' must be text, found \(node.kindDescription)")
            return nil
        }
        let trimmed = text.trimmingWhitespaceAndNewlines
        return trimmed.isEmpty ? nil : trimmed
    }

    mutating func wholeNumber(_ node: YAMLNode?, field: String, in range: ClosedRange<Int>) -> Int? {
        guard let node, !node.isNull else { return nil }
        if let text = node.scalar, let value = Int(text.trimmingWhitespace) ?? wholeDouble(text), range.contains(value) {
            return value
        }
        error(at: node, "'\(field)' must be a whole number from \(range.lowerBound) to \(range.upperBound), found \(node.kindDescription)")
        return nil
    }

    mutating func number(_ node: YAMLNode?, field: String, in range: ClosedRange<Double>) -> Double? {
        guard let node, !node.isNull else { return nil }
        if let text = node.scalar, let value = Double(text.trimmingWhitespace), value.isFinite, range.contains(value) {
            return value
        }
        error(at: node, "'\(field)' must be a number from \(range.lowerBound.formatted) to \(range.upperBound.formatted), found \(node.kindDescription)")
        return nil
    }

    mutating func bool(_ node: YAMLNode?, field: String) -> Bool? {
        guard let node, !node.isNull else { return nil }
        switch node.scalar?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(at: node, "'\(field)' must be true or false, found \(node.kindDescription)")
            return nil
        }
    }

    mutating func day(_ node: YAMLNode?, field: String) -> CalendarDay? {
        guard let node, !node.isNull else { return nil }
        let text = node.scalar?.trimmingWhitespace ?? ""
        let rest = text.dropFirst(10)
        let shaped = Self.looksLikeDate(text) && (rest.isEmpty || rest.first == "T" || rest.first == " ")
        if shaped, let day = CalendarDay(prefixOf: text) { return day }
        if shaped {
            error(at: node, "'\(field)' is not a day on the calendar: \(text.prefix(10)) does not exist")
        } else {
            error(at: node, "'\(field)' must be a date written YYYY-MM-DD, found \(node.kindDescription)")
        }
        return nil
    }

    /// True when `text` starts with four digits, a hyphen, two digits, a hyphen and two digits.
    static func looksLikeDate(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8.prefix(10))
        guard bytes.count == 10 else { return false }
        for (index, byte) in bytes.enumerated() {
            let ok = index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (48...57).contains(byte)
            if !ok { return false }
        }
        return true
    }

    /// A list of text; a single text value is taken as a list of one.
    mutating func strings(_ node: YAMLNode?, field: String) -> [String] {
        guard let node, !node.isNull else { return [] }
        switch node.value {
        case .scalar:
            return string(node, field: field).map { [$0] } ?? []
        case .sequence(let items):
            return items.compactMap { string($0, field: field) }
        case .mapping:
            error(at: node, "'\(field)' must be a list of text, found \(node.kindDescription)")
            return []
        }
    }

    /// The items of a list; a single map or text is taken as a list of one.
    mutating func items(_ node: YAMLNode?, field: String) -> [YAMLNode] {
        guard let node, !node.isNull else { return [] }
        switch node.value {
        case .sequence(let items): return items
        case .mapping, .scalar: return [node]
        }
    }

    private func wholeDouble(_ text: String) -> Int? {
        guard let value = Double(text), value.rounded() == value, abs(value) < 1e9 else { return nil }
        return Int(value)
    }

    private func character(atLine line: Int, column: Int, in text: Substring) -> Character? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let chars = Array(lines[line - 1])
        return column >= 1 && column <= chars.count ? chars[column - 1] : nil
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

extension Double {
    /// Without a trailing `.0` for whole values.
    var formatted: String {
        rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
