import Foundation
import Testing
@testable import ReboundKit

/// The byte-by-byte paths give exactly what the Foundation and Character-based code gives.
@Suite struct FastPathTests {
    private static let edges = [
        "", " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2003}", "\u{2028}", "\u{3000}",
        "\u{FEFF}", "\u{301}", "\u{0600}", "’", "“", "”", "—", "…", "é", "x", ":", "::", " : ",
    ]

    private static let samples: [String] = {
        var samples = ["", " ", "  \t ", "What I learned", "Moving forward:", "  What I Learned :: ", "Ça va", "“Quoted”", "It’s fine…"]
        for edge in edges {
            for other in edges {
                samples.append(edge + "What I learned" + other)
                samples.append(edge + other)
            }
        }
        return samples
    }()

    @Test func trimmingMatchesFoundation() {
        for text in Self.samples {
            let all = text.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text.trimmingWhitespaceAndNewlines == all, "\(text.unicodeScalars.map(\.value))")
            #expect(Whitespace.trimmed(bytes: Array(text.utf8), .spacesAndNewlines) == all)
            #expect(text.trimmingWhitespace == text.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func sectionKeysMatchTheFoundationRule() {
        for name in Self.samples {
            var key = name.lowercased().trimmingCharacters(in: .whitespaces)
            for (curly, straight) in [("\u{2018}", "'"), ("\u{2019}", "'"), ("\u{201C}", "\""), ("\u{201D}", "\"")] {
                key = key.replacingOccurrences(of: curly, with: straight)
            }
            while key.hasSuffix(":") { key.removeLast() }
            #expect(Markdown.sectionKey(name) == key.trimmingCharacters(in: .whitespaces), "\(name.unicodeScalars.map(\.value))")
        }
    }

    @Test(arguments: ["", "-", "\u{301}", "é", "\r\n", "\n", "x"])
    func truncatingCutsOnCharacterBoundaries(tail: String) {
        for length in 76...84 {
            let slug = String(repeating: "a", count: length - 2) + "-b" + tail + String(repeating: "c", count: 3)
            var reference = ""
            for character in slug {
                if reference.utf8.count + character.utf8.count > Slug.maximumBytes { break }
                reference.append(character)
            }
            while reference.hasSuffix("-") { reference.removeLast() }
            #expect(Slug.truncated(slug) == reference, "\(length) \(tail.unicodeScalars.map(\.value))")
        }
    }

    @Test func frontMatterLinesEndAtLineFeedsOnly() {
        var diagnostics: [Diagnostic] = []
        let text = "---\r\ntitle: A\r\n---\r\nBody\n"
        let crlf = FrontMatterSplit.split(SourceText(path: "a.md", text: text), diagnostics: &diagnostics)
        #expect(crlf?.yaml == nil)
        #expect(crlf?.body == text[...])
        let lf = FrontMatterSplit.split(SourceText(path: "a.md", text: "---  \ntitle: A\n... \t\nBody\n"), diagnostics: &diagnostics)
        #expect(lf?.yaml == "title: A\n")
        #expect(lf?.body == "Body\n")
    }

    @Test func plainTextKeepsForeignSpacesAtTheEdges() {
        let rendered = Markdown.render("- \u{A0}item\u{A0}\n- “quoted”\n- \u{2003}")
        #expect(rendered.listItems == ["item", "“quoted”"])
    }
}
