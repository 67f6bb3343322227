import Testing
import ReboundKit
import ReboundTestSupport

private let path = "content/entries/2026-11-02-the-interview.md"

/// Splits `text` (as bytes, so line endings and byte-order marks go through decoding).
private func split(_ bytes: [UInt8]) -> (yaml: String?, body: String, diagnostics: [String])? {
    var diagnostics: [Diagnostic] = []
    guard let source = SourceText.decode(bytes, path: path, diagnostics: &diagnostics) else { return nil }
    let split = FrontMatterSplit.split(source, diagnostics: &diagnostics)
    return (split?.yaml.map(String.init), split.map { String($0.body) } ?? "<none>", diagnostics.map(\.description))
}

private func split(_ text: String) -> (yaml: String?, body: String, diagnostics: [String])? {
    split(Array(text.utf8))
}

@Suite struct FrontMatterTests {
    @Test func aFileWithoutFrontMatterIsAllBody() throws {
        let result = try #require(split("# Title\n\nText\n"))
        #expect(result.yaml == nil)
        #expect(result.body == "# Title\n\nText\n")
    }

    @Test func dashedLinesEncloseTheYAML() throws {
        let result = try #require(split("---\ntitle: A\nmood: 3\n---\nBody\n"))
        #expect(result.yaml == "title: A\nmood: 3\n")
        #expect(result.body == "Body\n")
        #expect(result.diagnostics.isEmpty)
    }

    @Test func threeDotsCloseTheFrontMatterToo() throws {
        let result = try #require(split("---\ntitle: A\n...\nBody"))
        #expect(result.yaml == "title: A\n")
        #expect(result.body == "Body")
    }

    @Test func fencesMayHaveTrailingSpaces() throws {
        let result = try #require(split("--- \ntitle: A\n---\t\nBody"))
        #expect(result.yaml == "title: A\n")
    }

    @Test(arguments: ["----\ntitle: A\n----\n", " ---\ntitle: A\n---\n", "...\ntitle: A\n...\n"])
    func onlyALineOfExactlyThreeDashesOpens(text: String) throws {
        let result = try #require(split(text))
        #expect(result.yaml == nil)
        #expect(result.body == text)
    }

    @Test func aMissingCloserIsAnErrorAtTheFirstLine() throws {
        let result = try #require(split("---\ntitle: A\nmood: 3\n\nBody\n"))
        #expect(result.body == "<none>")
        #expect(result.diagnostics == [
            "\(path):1:1: error: the front matter opened with '---' is never closed; add a line with '---' after the last field",
        ])
    }

    @Test func aLoneOpeningFenceIsUnclosed() throws {
        #expect(try #require(split("---")).diagnostics.count == 1)
    }

    @Test(arguments: ["---\r\ntitle: A\r\n---\r\nBody\r\n", "---\rtitle: A\r---\rBody\r"])
    func windowsAndOldMacLineEndingsSplitTheSame(text: String) throws {
        let result = try #require(split(text))
        #expect(result.yaml == "title: A\n")
        #expect(result.body == "Body\n")
    }

    @Test func aByteOrderMarkDoesNotHideTheOpeningFence() throws {
        let result = try #require(split([0xEF, 0xBB, 0xBF] + Array("---\ntitle: A\n---\nBody".utf8)))
        #expect(result.yaml == "title: A\n")
        #expect(result.body == "Body")
    }

    @Test func anEmptyFileHasNoFrontMatterAndAnEmptyBody() throws {
        let result = try #require(split(""))
        #expect(result.yaml == nil)
        #expect(result.body == "")
    }

    @Test(arguments: ["---\ntitle: A\n---", "---\ntitle: A\n---\n"])
    func frontMatterOnlyLeavesAnEmptyBody(text: String) throws {
        let result = try #require(split(text))
        #expect(result.yaml == "title: A\n")
        #expect(result.body == "")
    }

    @Test func emptyFrontMatterIsEmptyYAML() throws {
        let result = try #require(split("---\n---\nBody"))
        #expect(result.yaml == "")
        #expect(result.body == "Body")
    }

    @Test func aLaterDashedLineInTheBodyStaysInTheBody() throws {
        let result = try #require(split("---\ntitle: A\n---\nOne\n\n---\n\nTwo\n"))
        #expect(result.body == "One\n\n---\n\nTwo\n")
    }

    // MARK: Positions point into the real file

    @Test func aBadValueOnFileLineSevenIsReportedOnLineSeven() async throws {
        let text = "---\ntitle: The interview\ndate: 2026-11-02\nkind: work\nsupport: [Maya]\ntags: [job-search]\nmood: sad\n---\nBody\n"
        let result = try await TemporaryWorkbook.loadEntry(text)
        #expect(result.diagnostics == [
            "\(path):7:7: error: 'mood' must be a whole number from 0 to 10, found \"sad\"",
        ])
    }

    @Test func positionsStayRightWithWindowsLineEndingsAndAByteOrderMark() async throws {
        let text = "\u{FEFF}---\r\ntitle: A\r\n\r\nmood: 11\r\n---\r\nBody\r\n"
        let result = try await TemporaryWorkbook.loadEntry(text)
        #expect(result.diagnostics == [
            "\(path):4:7: error: 'mood' must be a whole number from 0 to 10, found \"11\"",
        ])
    }

    @Test func anUnclosedBracketIsReportedAtItsOpenerInTheFile() async throws {
        let result = try await TemporaryWorkbook.loadEntry("---\ntitle: A\ntags: [one, two\n---\n")
        // The bracket is noticed only at the end; the error points at the opener, where the fix goes.
        #expect(result.diagnostics == [
            "\(path):3:7: error: invalid YAML in the front matter: did not find expected ',' or ']' (while parsing a flow sequence that starts here; it is not closed)",
        ])
    }
}
