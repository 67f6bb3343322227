extension Theme {
    /// One `{{> name}}` or `{{< name}}` tag of a template.
    struct PartialReference {
        /// The template holding the tag.
        var template: String
        /// The template the tag names.
        var name: String
        var sigil: Character
        /// The file as diagnostics print it.
        var from: String
        var line: Int
        var column: Int
    }

    /// An error for every circle of templates that include or extend each other: rendering one
    /// would recurse until the stack overflows and the build crashes. Each circle is reported
    /// once, at the tag leaving the template the person wrote (else the first by name).
    static func circularReferences(_ references: [PartialReference], preferring overridden: Set<String>) -> [Diagnostic] {
        var edges: [String: [PartialReference]] = [:]
        for reference in references { edges[reference.template, default: []].append(reference) }
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [PartialReference] = []
        var reported: Set<[String]> = []
        var found: [Diagnostic] = []

        func visit(_ template: String) {
            marks[template] = .visiting
            for edge in edges[template] ?? [] {
                switch marks[edge.name] {
                case .visiting?:
                    let path = stack + [edge]
                    let start = path.firstIndex { $0.template == edge.name } ?? 0
                    let circle = Array(path[start...])
                    let members = circle.map(\.template)
                    guard reported.insert(members.sorted()).inserted else { continue }
                    let chosen = circle.indices.min { a, b in
                        let (x, y) = (circle[a].template, circle[b].template)
                        let (ox, oy) = (overridden.contains(x), overridden.contains(y))
                        return ox != oy ? ox : x < y
                    } ?? 0
                    let rotated = Array(circle[chosen...] + circle[..<chosen])
                    let names = rotated.map(\.template) + [rotated[0].template]
                    let tag = rotated[0]
                    found.append(.error(tag.from, line: tag.line, column: tag.column,
                        "the template includes itself (\(names.joined(separator: " → "))), so it would never finish; remove the '{{\(tag.sigil) \(tag.name)}}'"))
                case .done?:
                    continue
                case nil:
                    stack.append(edge)
                    visit(edge.name)
                    stack.removeLast()
                }
            }
            marks[template] = .done
        }
        for template in edges.keys.sorted() where marks[template] == nil { visit(template) }
        return found
    }
}
