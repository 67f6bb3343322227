import Testing
import ReboundKit
import ReboundTestSupport

private let path = "content/entries/2026-11-02-the-interview.md"

/// The diagnostics of an entry whose front matter is `yaml`.
private func diagnostics(frontMatter yaml: String) async throws -> [String] {
    try await TemporaryWorkbook.loadEntry("---\n\(yaml)---\nBody\n").diagnostics
}

@Suite struct YAMLTests {
    @Test func nodesKeepTheirLineAndColumn() throws {
        let root = try #require(try YAML.parse("title: A\nemotions:\n  - {name: sad}\n"))
        guard case .mapping(let pairs) = root.value else { Issue.record("not a map: \(root)"); return }
        #expect(pairs.map { $0.key.scalar } == ["title", "emotions"])
        #expect((pairs[0].value.line, pairs[0].value.column) == (1, 8))
        guard case .sequence(let items) = pairs[1].value.value else { Issue.record("not a list"); return }
        #expect((items[0].line, items[0].column) == (3, 5))
    }

    @Test func scalarsStayTextAndRememberQuoting() throws {
        let root = try #require(try YAML.parse("a: 07\nb: \"yes\"\nc: ~\nd:\n"))
        guard case .mapping(let pairs) = root.value else { Issue.record("not a map"); return }
        #expect(pairs.map { $0.value.scalar } == ["07", "yes", "~", ""])
        #expect(pairs.map(\.value.isNull) == [false, false, true, true])
        guard case .scalar(_, let plain) = pairs[1].value.value else { Issue.record("not a scalar"); return }
        #expect(plain == false)
    }

    @Test func anEmptyDocumentIsNothing() throws {
        #expect(try YAML.parse("") == nil)
        #expect(try YAML.parse("# only a comment\n") == nil)
    }

    @Test func anUnclosedQuoteIsASyntaxError() async throws {
        let found = try await diagnostics(frontMatter: "title: \"The interview\nmood: 3\n")
        // libyaml notices at the end of the text; the error points at the opening quote instead.
        #expect(found == [
            "\(path):2:8: error: invalid YAML in the front matter: found unexpected end of stream (while scanning a quoted scalar that starts here; it is not closed)",
        ])
    }

    @Test func badIndentationIsASyntaxErrorOnItsLine() async throws {
        let found = try await diagnostics(frontMatter: "title: A\n  mood: 3\n")
        #expect(found == ["\(path):3:7: error: invalid YAML in the front matter: mapping values are not allowed in this context"])
    }

    @Test func aTabIndentIsExplainedInPlainWords() async throws {
        let found = try await diagnostics(frontMatter: "title: A\nsupport:\n\t- Maya\n")
        #expect(found == ["\(path):4:1: error: invalid YAML in the front matter: a tab cannot indent YAML; use spaces"])
    }

    @Test func anAliasIsRefusedWhereItAppears() async throws {
        let found = try await diagnostics(frontMatter: "support: &people [Maya]\nnext: *people\n")
        #expect(found == ["\(path):3:7: error: invalid YAML in the front matter: YAML aliases ('*name') are not supported; write the value out in full"])
    }

    @Test func aBillionLaughsDocumentIsAnErrorNotAnExpansion() {
        var yaml = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(refs)]\n"
        }
        #expect(throws: YAMLSyntaxError.self) { try YAML.parse(yaml) }
    }

    @Test func anAnchorWithoutAliasIsHarmless() throws {
        let root = try #require(try YAML.parse("support: &people [Maya]\n"))
        #expect(root.line == 1)
    }

    @Test func aDuplicateFieldIsAnErrorAtTheSecondOne() async throws {
        let found = try await diagnostics(frontMatter: "title: A\nmood: 3\ntitle: B\n")
        #expect(found == ["\(path):4:1: error: 'title' is given twice; keep one"])
    }

    @Test func aDuplicateFieldInsideAnEmotionIsAnErrorToo() async throws {
        let found = try await diagnostics(frontMatter: "emotions:\n  - {name: sad, name: low}\n")
        #expect(found == ["\(path):3:17: error: 'name' is given twice; keep one"])
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let yaml = String(repeating: "[", count: YAML.maximumDepth) + String(repeating: "]", count: YAML.maximumDepth)
        #expect(try YAML.parse(yaml) != nil)
    }

    @Test func nestingDeeperThanTheLimitIsAnError() {
        let depth = YAML.maximumDepth + 1
        let yaml = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect {
            try YAML.parse(yaml)
        } throws: { error in
            (error as? YAMLSyntaxError)?.message == "the YAML nests deeper than 64 levels"
        }
    }

    @Test func aSecondDocumentInWorkbookYAMLIsAnError() async throws {
        let workbook = try TemporaryWorkbook(["content/workbook.yaml": "title: A\n---\ntitle: B\n"])
        #expect(try await workbook.diagnostics() == [
            "content/workbook.yaml:2:1: error: invalid YAML in workbook.yaml: front matter holds more than one YAML document; remove the extra '---' or '...'",
        ])
    }

    @Test(arguments: ["just text\n", "- a\n- b\n"])
    func frontMatterThatIsNotAMapIsAnError(yaml: String) async throws {
        let found = try await diagnostics(frontMatter: yaml)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("\(path):2:1: error: the front matter must be a map of 'field: value' lines, found ") == true)
    }
}
