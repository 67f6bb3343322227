/// A theme's parsed templates laid out as one flat list of steps, which `TemplateRenderer` walks.
///
/// A step holds only numbers: where its text or name is, where its body ends, which template a
/// partial renders. Rendering a page therefore copies no arrays and counts no references, which
/// matters when both cores render pages of the same theme at once and would otherwise contend
/// for the reference counts of the same nodes.
///
/// A section's body, a block's default and the blocks a parent fills follow their step directly.
/// Every step's `end` is where the step after it, and after all it holds, is.
final class TemplateProgram: Sendable {
    enum Kind: UInt8 {
        /// Bytes `a..<b` of `bytes`.
        case text
        /// The name of parts `a..<b`; `flag`: escaped.
        case variable
        /// The name of parts `a..<b`, body up to `end`; `flag`: inverted.
        case section
        /// The template of steps `a..<b`, none when `a` is -1; indented by bytes `c..<d`.
        case partial
        /// The template of steps `a..<b`, none when `a` is -1, with the blocks of fills `c..<d`.
        case parent
        /// The block named `a`; its default runs up to `end`.
        case block
    }

    struct Step {
        var kind: Kind
        var flag = false
        /// A name every page has at its root (`TemplateRenderer.sharedNames`).
        var shared = false
        var a = 0, b = 0, c = 0, d = 0
        var end = 0
        /// A section's id (`Template.Node.section`).
        var id = 0
    }

    /// A block a parent fills: the steps `start..<end` stand for the block named `block`.
    struct Fill {
        var block: Int
        var start: Int
        var end: Int
    }

    // Written once, here, and only read afterwards, by any number of renders at once.
    nonisolated(unsafe) let steps: UnsafeMutableBufferPointer<Step>
    nonisolated(unsafe) let bytes: UnsafeMutableBufferPointer<UInt8>
    nonisolated(unsafe) let parts: UnsafeMutableBufferPointer<ContextKey>
    nonisolated(unsafe) let fills: UnsafeMutableBufferPointer<Fill>
    /// The steps of each template, by name.
    private let templates: [String: Range<Int>]

    init(_ templates: [String: Template]) {
        var layout = Layout()
        for name in templates.keys.sorted() { layout.add(name, templates[name]!.nodes) }
        layout.link()
        steps = .copying(layout.steps)
        bytes = .copying(layout.bytes)
        parts = .copying(layout.parts)
        fills = .copying(layout.fills)
        self.templates = layout.ranges
    }

    deinit {
        steps.deallocate()
        bytes.deallocate()
        _ = parts.deinitialize()
        parts.deallocate()
        fills.deallocate()
    }

    /// The steps of the template `name`.
    func range(of name: String) -> Range<Int>? {
        templates[name]
    }

    /// Bytes `start..<end`.
    func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Lays the templates out one after another, then points partials and parents at theirs.
    private struct Layout {
        var steps: [Step] = []
        var bytes: [UInt8] = []
        var parts: [ContextKey] = []
        var fills: [Fill] = []
        var ranges: [String: Range<Int>] = [:]
        /// Steps that name a template, to be given its steps once every template is laid out.
        var references: [(step: Int, template: String)] = []
        var blockIDs: [String: Int] = [:]

        mutating func add(_ name: String, _ nodes: [Template.Node]) {
            let start = steps.count
            add(nodes)
            ranges[name] = start..<steps.count
        }

        mutating func link() {
            for (step, template) in references {
                if let range = ranges[template] {
                    steps[step].a = range.lowerBound
                    steps[step].b = range.upperBound
                } else {
                    steps[step].a = -1
                }
            }
        }

        private mutating func add(_ nodes: [Template.Node]) {
            for node in nodes {
                switch node {
                case .text(let text):
                    let (a, b) = store(text)
                    append(Step(kind: .text, a: a, b: b))
                case .variable(let name, let escaped):
                    append(named(.variable, name, flag: escaped))
                case .section(let name, let body, let inverted, let id):
                    var step = named(.section, name, flag: inverted)
                    step.id = id
                    enclose(step) { $0.add(body) }
                case .partial(let template, let indentation):
                    let (c, d) = store(indentation)
                    references.append((steps.count, template))
                    append(Step(kind: .partial, c: c, d: d))
                case .parent(let template, let blocks):
                    references.append((steps.count, template))
                    enclose(Step(kind: .parent)) { layout in
                        var filled: [Fill] = []
                        for (block, body) in blocks.sorted(by: { $0.key < $1.key }) {
                            let start = layout.steps.count
                            layout.add(body)
                            filled.append(Fill(block: layout.blockID(block), start: start, end: layout.steps.count))
                        }
                        return filled
                    }
                case .block(let block, let defaults):
                    enclose(Step(kind: .block, a: blockID(block))) { $0.add(defaults) }
                }
            }
        }

        /// Adds a step that holds no others.
        private mutating func append(_ step: Step) {
            steps.append(step)
            steps[steps.count - 1].end = steps.count
        }

        /// Adds `step` with what `body` adds after it, and sets its end; the fills `body`
        /// returns are the step's.
        private mutating func enclose(_ step: Step, _ body: (inout Layout) -> [Fill]) {
            let at = steps.count
            steps.append(step)
            let filled = body(&self)
            steps[at].end = steps.count
            if !filled.isEmpty {
                steps[at].c = fills.count
                fills += filled
                steps[at].d = fills.count
            }
        }

        private mutating func enclose(_ step: Step, _ body: (inout Layout) -> Void) {
            enclose(step) { layout -> [Fill] in
                body(&layout)
                return []
            }
        }

        private mutating func named(_ kind: Kind, _ name: Template.Name, flag: Bool) -> Step {
            let a = parts.count
            parts += name.parts.map { ContextKey($0) }
            let shared = a < parts.count && TemplateRenderer.sharedNames.contains(parts[a])
            return Step(kind: kind, flag: flag, shared: shared, a: a, b: parts.count)
        }

        private mutating func store(_ text: [UInt8]) -> (Int, Int) {
            let a = bytes.count
            bytes += text
            return (a, bytes.count)
        }

        private mutating func blockID(_ name: String) -> Int {
            if let id = blockIDs[name] { return id }
            let id = blockIDs.count
            blockIDs[name] = id
            return id
        }
    }
}

private extension UnsafeMutableBufferPointer {
    /// New memory holding `elements`, which its owner deinitializes and frees.
    static func copying(_ elements: [Element]) -> Self {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(elements.count, 1))
        _ = buffer.initialize(from: elements)
        return UnsafeMutableBufferPointer(rebasing: buffer[..<elements.count])
    }
}
