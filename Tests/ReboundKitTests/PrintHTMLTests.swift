import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

extension PrintHTML {
    /// `rewritingAttributes` of a text, as text.
    static func rewritingAttributes(_ html: String, names: Set<String>, shiftingHeadingsBy shift: Int = 0,
                                    _ transform: (String, String) -> String) -> String {
        var html = html
        return String(decoding: html.withUTF8 { rewritingAttributes($0, names: names, shiftingHeadingsBy: shift, transform) }, as: UTF8.self)
    }
}

extension PrintHTML.Cut {
    /// `html` without the sections, as text.
    func applied(to html: String) -> String {
        var (html, kept) = (html, [UInt8]())
        html.withUTF8 { applied(to: $0, into: &kept) }
        return String(decoding: kept, as: UTF8.self)
    }
}

/// `PrintHTML.rewritingAttributes`, which copies the text between tags in runs, gives exactly
/// what reading the HTML a byte at a time gives, whatever the markup.
@Suite struct PrintHTMLTests {
    static let pieces = [
        "<p>", "</p>", "<h1>", "</h1>", "<h2 id=\"a\">", "<h6>", "<h7>", "<h1x>", "</h3>", "<a href=\"x.html#y\">", "<A HREF='b.html'>",
        "<img src=\"../assets/p.png\" alt=\"x\">", "<a\nhref=\"n\">", "<a\thref=\"t\">", "<p id=x>", "<p id=\"unclosed>", "<id=\"tag\">",
        "<a title=\"a > b\" href=\"c\">", "<a href=\"q\"href=\"r\">", "<b", "<", ">", "=", "=\"", "\"", "'", " ", "\n", "text", "é", "🌧️",
        "a=\"b\"", "<p <a href=\"nested\">", "<h", "<h2", "</", "<h2 ", "id=\"loose\"", "<data-id=\"z\">", "<p data-id=\"z\" id=\"w\">",
        "<a href=\"say \\\"hi\\\"\">", "&amp;", "&quot;",
    ]

    @Test(arguments: 0..<200)
    func runsGiveWhatAByteByByteReadingGives(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        let html = (0..<random.int(0...40)).map { _ in random.pick(Self.pieces) }.joined()
        let names: Set<String> = ["id", "href", "src"]
        let transform: (String, String) -> String = { name, value in "[\(name):\(value)\"]" }
        for shift in [0, 2] {
            #expect(PrintHTML.rewritingAttributes(html, names: names, shiftingHeadingsBy: shift, transform)
                    == Self.byteByByte(html, names: names, shiftingHeadingsBy: shift, transform), "\(html.debugDescription), shift \(shift)")
        }
        // Reading the values alone finds every value the rewriting is asked about, in order.
        var seen: [String] = []
        _ = PrintHTML.rewritingAttributes(html, names: ["href"]) { _, value in
            seen.append(value)
            return value
        }
        var text = html
        #expect(text.withUTF8 { PrintHTML.attributeValues($0, names: ["href"]) } == seen, "\(html.debugDescription)")
    }

    /// The rewriting, read one byte at a time.
    static func byteByByte(_ html: String, names: Set<String>, shiftingHeadingsBy shift: Int, _ transform: (String, String) -> String) -> String {
        let bytes = Array(html.utf8)
        let wanted = names.map { Array($0.utf8) }
        var out: [UInt8] = []
        var index = 0, inTag = false, nameStart = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "<"):
                inTag = true
                guard shift > 0 else { break }
                out.append(byte)
                var next = index + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: "/") {
                    out.append(bytes[next])
                    next += 1
                }
                if next + 2 < bytes.count, bytes[next] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[next + 1]),
                   bytes[next + 2] == UInt8(ascii: ">") || bytes[next + 2] == UInt8(ascii: " ") {
                    out.append(UInt8(ascii: "h"))
                    out.append(UInt8(ascii: "0") + UInt8(min(6, Int(bytes[next + 1] - UInt8(ascii: "0")) + shift)))
                    next += 2
                }
                index = next
                continue
            case UInt8(ascii: ">"): inTag = false
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"): nameStart = index + 1
            case UInt8(ascii: "="):
                guard inTag, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'") else { break }
                let quote = bytes[index + 1]
                guard let close = bytes[(index + 2)...].firstIndex(of: quote) else { break }
                out.append(byte)
                let name = bytes[nameStart..<index]
                if let match = wanted.first(where: { name.count == $0.count && zip(name, $0).allSatisfy { ($0 | 0x20) == $1 } }) {
                    out.append(UInt8(ascii: "\""))
                    for byte in transform(String(decoding: match, as: UTF8.self), String(decoding: bytes[(index + 2)..<close], as: UTF8.self)).utf8 {
                        if byte == UInt8(ascii: "\"") { out += "&quot;".utf8 } else { out.append(byte) }
                    }
                    out.append(UInt8(ascii: "\""))
                } else {
                    out += bytes[(index + 1)...close]
                }
                index = close + 1
                continue
            default: break
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
