import CYaml

/// A node of a YAML document with the position where it starts, 1-based.
///
/// Scalars stay text: the decoder types them, so no regular expressions run on every value
/// and every error can point at the exact line and column.
public struct YAMLNode: Sendable {
    public enum Value: Sendable {
        /// A scalar's text; `plain` is false when it was quoted or a block scalar.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    public var value: Value
    public var line: Int
    public var column: Int

    /// The text of a scalar node, nil for collections.
    public var scalar: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// True for an empty plain scalar or `null` / `~`: a field written with no value.
    public var isNull: Bool {
        if case .scalar(let text, plain: true) = value {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// What kind of value this is, in words, for messages.
    public var kindDescription: String {
        switch value {
        case .scalar(let text, _): return isNull ? "nothing" : "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        case .sequence: return "a list"
        case .mapping: return "a map of fields"
        }
    }
}

/// A YAML syntax error at a 1-based position.
public struct YAMLSyntaxError: Error, Sendable {
    public var message: String
    public var line: Int
    public var column: Int
}

/// Reads YAML with libyaml's event parser, or the common shapes of front matter without it
/// (see `parseSimple`).
public enum YAML {
    /// Deepest nesting accepted; front matter needs three levels.
    public static let maximumDepth = 64

    /// Parses a single YAML document; nil when `text` holds no document at all.
    ///
    /// Aliases (`*name`) are refused where they appear, so a document cannot expand
    /// itself into gigabytes ("billion laughs"); anchors alone are harmless and ignored.
    public static func parse(_ text: String) throws(YAMLSyntaxError) -> YAMLNode? {
        var text = text
        if let simple = text.withUTF8(parseSimple) { return simple }
        return try parseWithLibYAML(text)
    }

    /// `parse` by libyaml alone.
    static func parseWithLibYAML(_ text: String) throws(YAMLSyntaxError) -> YAMLNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLSyntaxError(message: "the YAML parser could not start", line: 1, column: 1)
        }
        defer { yaml_parser_delete(&parser) }

        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { (buffer) throws(YAMLSyntaxError) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            return try compose(&parser)
        }
    }

    private struct Open {
        var isMapping: Bool
        var line: Int
        var column: Int
        var children: [YAMLNode] = []
    }

    private static func compose(_ parser: inout yaml_parser_t) throws(YAMLSyntaxError) -> YAMLNode? {
        var stack: [Open] = []
        var root: YAMLNode?
        var documents = 0

        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw syntaxError(parser)
            }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1

            var finished: YAMLNode?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw YAMLSyntaxError(message: "front matter holds more than one YAML document; remove the extra '---' or '...'", line: line, column: column)
                }
            case YAML_ALIAS_EVENT:
                throw YAMLSyntaxError(message: "YAML aliases ('*name') are not supported; write the value out in full", line: line, column: column)
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
                finished = YAMLNode(value: .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE), line: line, column: column)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard stack.count < maximumDepth else {
                    throw YAMLSyntaxError(message: "the YAML nests deeper than \(maximumDepth) levels", line: line, column: column)
                }
                stack.append(Open(isMapping: event.type == YAML_MAPPING_START_EVENT, line: line, column: column))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let open = stack.removeLast()
                if open.isMapping {
                    var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                    pairs.reserveCapacity(open.children.count / 2)
                    var index = 0
                    while index + 1 < open.children.count {
                        pairs.append((open.children[index], open.children[index + 1]))
                        index += 2
                    }
                    finished = YAMLNode(value: .mapping(pairs), line: open.line, column: open.column)
                } else {
                    finished = YAMLNode(value: .sequence(open.children), line: open.line, column: open.column)
                }
            default:
                break
            }

            if let finished {
                if stack.isEmpty { root = finished } else { stack[stack.count - 1].children.append(finished) }
            }
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t) -> YAMLSyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "the YAML could not be read"
        if problem.hasPrefix("Maximum nesting level") {
            // libyaml's own guard, far past ours: say it the way the rest of the messages do.
            return YAMLSyntaxError(message: "the YAML nests deeper than \(maximumDepth) levels", line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        }
        var mark = parser.problem_mark
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            // An unclosed bracket or quote is noticed far from where it must be fixed: point at the opener.
            if context.contains("flow") || context.contains("quoted") {
                message = "\(problem) (\(context) that starts here; it is not closed)"
                mark = parser.context_mark
            } else {
                message = "\(problem) (\(context))"
            }
        }
        return YAMLSyntaxError(message: message, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
