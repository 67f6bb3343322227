import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// Front matter of the common shapes is read without libyaml, and must give exactly what libyaml
/// gives: the same nodes, quoting and positions. Anything else is left to libyaml.
@Suite struct SimpleYAMLTests {
    /// The nodes of `node`, each with its position, as one text to compare.
    private func outline(_ node: YAMLNode?) -> String {
        guard let node else { return "nothing" }
        let place = "@\(node.line):\(node.column)"
        switch node.value {
        case .scalar(let text, let plain): return "\(plain ? "plain" : "quoted")\(text.debugDescription)\(place)"
        case .sequence(let items): return "[" + items.map(outline).joined(separator: ", ") + "]" + place
        case .mapping(let pairs): return "{" + pairs.map { outline($0.key) + ": " + outline($0.value) }.joined(separator: ", ") + "}" + place
        }
    }

    /// Whether `yaml` was read without libyaml; either way, `YAML.parse` gives what libyaml gives.
    @discardableResult
    private func expectLibYAMLsNodes(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        var text = yaml
        let simple = text.withUTF8(YAML.parseSimple)
        let expected: String
        do { expected = outline(try YAML.parseWithLibYAML(yaml)) } catch {
            #expect(simple == nil, "libyaml refuses \(yaml.debugDescription): \(error.message)", sourceLocation: sourceLocation)
            return simple != nil
        }
        if let simple { #expect(outline(simple) == expected, "\(yaml.debugDescription)", sourceLocation: sourceLocation) }
        return simple != nil
    }

    @Test func anEntrysFrontMatterIsReadWithoutLibYAML() {
        let yaml = """
            title: "Argument on a Sunday"
            date: 2016-11-04
            kind: romantic
            mood: 0
            emotions:
              - name: shame
                intensity: 3
                thought: "Someone else would do this better."
              - name: joy
                intensity: 2
                thought: 'It''s fine.'
            self_care:
              - {sense: smell, what: "lit a cedar candle"}
              - { sense: sight , what: sat by the window }
            habits: {sleep: 7.5, water: 6, exercise: 80}
            learned:
            - "I can start before I feel ready."
            - Asking is not a weakness.

            # a comment line
            next: []
            tags: [walks, "job search", café]
            support: {}
            challenges:
              - thought: "I always mess up."
                response: "I did one thing wrong, once."

            """
        #expect(expectLibYAMLsNodes(yaml))
    }

    @Test(arguments: [
        "title: A\n", "title: A", "a: 07\nb: \"yes\"\nc: ~\n", "a: \"\\\"quoted\\\" \\\\ \\/ \\n \\t\"\n", "a: ''\nb: \"\"\n",
        "a: [ ]\nb: {  }\n", "a:\n  b:\n    c: d\n  e: f\ng: h\n", "a:\n  - x\n  - [y, z]\n  - {k: v}\n", "- a\n- b\n",
        "a: b c  \n", "a: http://example.com/a:b\n", "a: x, y [z] {w}\n", "a: café 🙂 naïve\n", "title: Über: no\n",
        "tags: [a,b , c]\n", "a: 1\n\n\n   \nb: 2\n", "a:\n- x\n-   y\nb: z\n", "list:\n    - name: a\n      x: 1\n    - name: b\n",
        "a: -1\n", "a: 'it''s'\n", "a: \"é\" \n", "a: [\"x, y\", 'z']\n", "a: {k: \"v}\"}\n", "a_b-c: d\n", "2016: x\n", "a:    b\n", "-   a\n-  b: c\n   d: e\n",
        "- name: a\n  tags:\n  - x\n  - y\n- name: b\n", "# first\na: b\n# last\n", "a:\n\n  # inside\n  b: c\n",
    ])
    func shapesItReadsGiveLibYAMLsNodes(_ yaml: String) {
        expectLibYAMLsNodes(yaml)
    }

    /// What it leaves to libyaml, which reads it or says what is wrong with it.
    @Test(arguments: [
        "", "# only a comment\n", "a: b # comment\n", "a:\n", "a:\nb: c\n", "a: b\n  c\n", "a: \"b\nc\"\n", "a: |\n  text\n",
        "a: >\n  text\n", "a: &x b\n", "a: *x\n", "a: !tag b\n", "a: \"\\u00e9\"\n", "a: [b, [c]]\n", "a: [b,]\n", "a: {b}\n",
        "a: {b:c}\n", "\ta: b\n", "a:\tb\n", "a: b\r\n", "---\na: b\n", "a: b\n...\n", "%YAML 1.1\n---\na: b\n", "\u{FEFF}a: b\n",
        "a b: c\n", "\"a\": b\n", "? a\n: b\n", "a: b\n- c\n", "- a\nb: c\n", "-\n  a\n", "a: b: c\n", "a: [b\n", "  a: b\n",
        String(repeating: "k", count: 1_100) + ": 1\n", "a: {" + String(repeating: "k", count: 1_100) + ": 1}\n", "a: \u{7}\n", "a: b\u{85}c\n", "a: b\u{2028}c\n", "a: #b\n", "a: @b\n", "a: `b`\n", "a: 'b\n", "-a: b\n",
    ])
    func otherShapesAreLeftToLibYAML(_ yaml: String) {
        #expect(!expectLibYAMLsNodes(yaml))
    }

    /// Random front matter built from the pieces people write, well formed or not: every text
    /// the reader takes, it takes as libyaml does, and it takes most of the well-formed ones.
    @Test func randomFrontMatterGivesLibYAMLsNodes() {
        var random = SeededRandom(seed: 5)
        let keys = ["title", "mood", "tags", "emotions", "name", "what", "a-b", "x_1", "2026"]
        let scalars = [
            "plain", "two words", "café", "🙂 smile", "07", "~", "null", "a:b", "x, y", "\"quoted\"", "\"with \\\"inner\\\" quotes\"",
            "\"tab\\there\"", "'single'", "'it''s'", "''", "\"\"", "x  ",
        ]
        let tricky = [
            "-3", "a: b", "a #b", "a#b", "[x]", "{x}", "\"\\u00e9\"", "'unclosed", "\"unclosed", "&anchor x", "*alias", "!tag x", "|", ">",
            " x", "?", "@x", "`x`", "a:", "- x", "#",
        ]
        func scalar() -> String { (Int.random(in: 0..<6, using: &random) == 0 ? tricky : scalars).randomElement(using: &random)! }
        func flow() -> String {
            let items = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                Bool.random(using: &random) ? scalar() : keys.randomElement(using: &random)! + ": " + scalar()
            }
            let spaced = Bool.random(using: &random) ? ", " : " ,"
            return Bool.random(using: &random) ? "[" + items.joined(separator: spaced) + "]" : "{ " + items.joined(separator: spaced) + " }"
        }
        func value(_ indent: Int, depth: Int) -> String {
            let pad = String(repeating: " ", count: indent)
            switch Int.random(in: 0..<(depth > 2 ? 3 : 6), using: &random) {
            case 0, 1: return " " + scalar() + "\n"
            case 2: return " " + flow() + "\n"
            case 3:
                // A list, indented or at the key's own indent, of scalars or maps.
                let inner = Bool.random(using: &random) ? indent : indent + Int.random(in: 1...4, using: &random)
                let dash = String(repeating: " ", count: inner) + "-" + String(repeating: " ", count: Int.random(in: 1...3, using: &random))
                return "\n" + (0..<Int.random(in: 1...3, using: &random)).map { _ in
                    Bool.random(using: &random) ? dash + scalar() + "\n" : dash + map(inner + dash.count - inner, depth: depth + 1, firstPrefix: dash)
                }.joined()
            case 4: return "\n" + map(indent + Int.random(in: 1...4, using: &random), depth: depth + 1)
            default: return Bool.random(using: &random) ? "\n" + pad + "# note\n\n" + pad + "z: 1\n" : "  \n"
            }
        }
        /// A map whose keys are indented by `indent`, the first line begun with `firstPrefix`.
        func map(_ indent: Int, depth: Int, firstPrefix: String? = nil) -> String {
            (0..<Int.random(in: 1...3, using: &random)).enumerated().map { index, _ in
                let lead = index == 0 && firstPrefix != nil ? "" : String(repeating: " ", count: indent)
                return lead + keys.randomElement(using: &random)! + ":" + value(indent, depth: depth)
            }.joined()
        }
        var handled = 0
        for _ in 0..<10_000 where expectLibYAMLsNodes(map(0, depth: 0)) { handled += 1 }
        #expect(handled > 2_000, "\(handled) of 10,000 read without libyaml")
    }

    /// The starter workbook's and every fixture's front matter, and the random workbooks' hostile ones.
    @Test func workbooksFrontMatterGivesLibYAMLsNodes() throws {
        var texts = Scaffold.starterFiles.map(\.text)
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        for case let file as URL in FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil)! where file.pathExtension == "md" {
            texts.append(String(decoding: try Data(contentsOf: file), as: UTF8.self))
        }
        var generator = WorkbookGenerator(seed: 9)
        for _ in 0..<4 {
            for (_, bytes) in generator.workbook() { texts.append(String(decoding: bytes, as: UTF8.self)) }
        }
        var handled = 0
        for text in texts {
            let parts = text.components(separatedBy: "---\n")
            guard parts.count >= 3, parts[0].isEmpty else { continue }
            if expectLibYAMLsNodes(parts[1]) { handled += 1 }
        }
        #expect(handled > 20, "the starter entries and the fixtures' are of the common shapes")
    }
}
