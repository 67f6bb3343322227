import Testing
@testable import ReboundKit

/// Lessons that differ only in case, spacing and punctuation are one lesson.
@Suite struct LessonKeyTests {
    /// The rule written out with Unicode properties, to hold the fast ASCII path to it.
    private func reference(_ text: String) -> String {
        let punctuation: Set<Unicode.GeneralCategory> = [
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
        ]
        var words: [String] = []
        var word = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                if !word.isEmpty { words.append(word); word = "" }
            } else if !punctuation.contains(scalar.properties.generalCategory) {
                word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }

    @Test func everyASCIICharacterIsTreatedAsUnicodeWouldTreatIt() {
        for value in UInt8(0x09)...UInt8(0x7E) {
            let text = "Ask \(Character(Unicode.Scalar(value)))for  Feedback"
            #expect(LessonItem.key(for: text) == reference(text), "byte 0x\(String(value, radix: 16))")
        }
    }

    @Test(arguments: ["It’s “fine” — really…", "‘Quoted’ – dash", "Café au lait", "Ärger über nichts", "  Leading and trailing  "])
    func smartPunctuationAndOtherScriptsFollowTheSameRule(_ text: String) {
        #expect(LessonItem.key(for: text) == reference(text))
    }

    @Test func lessonsThatDifferInCaseAndPunctuationShareAKey() {
        #expect(LessonItem.key(for: "Ask for feedback, after final rounds!") == LessonItem.key(for: "ask for feedback after final rounds"))
        #expect(LessonItem.key(for: "It’s not about me.") == LessonItem.key(for: "Its not about me"))
    }
}

@Suite struct UniqueNamesTests {
    @Test func aTakenNameGetsTheFirstFreeNumber() {
        var names = UniqueNames()
        #expect(names.claim("walk") == "walk")
        #expect(names.claim("walk-3") == "walk-3")
        #expect(names.claim("walk") == "walk-2")
        #expect(names.claim("walk") == "walk-4", "walk-3 was taken by a name of its own")
        #expect(names.claim("walk-2") == "walk-2-2")
        #expect((0..<1_000).map { _ in names.claim("same") }.count == 1_000)
        #expect(names.claim("same") == "same-1001")
    }
}
