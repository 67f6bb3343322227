import Testing
@testable import ReboundKit

private func sections(_ text: String, learned: [String] = ["What I learned"], next: [String] = ["Moving forward"]) -> [String: [SectionItem]] {
    Markdown.render(text, options: .init(sections: ["learned": learned, "next": next])).sections
}

private func texts(_ items: [SectionItem]?) -> [String] { items?.map(\.text) ?? [] }

@Suite struct MarkdownSectionsTests {
    @Test func listItemsUnderTheHeadingAreCollectedWithTheHeadingsId() {
        let found = sections("## What I learned\n\n- Rest first.\n- Ask *for* help.\n")
        #expect(found["learned"] == [
            SectionItem(text: "Rest first.", anchor: "what-i-learned"),
            SectionItem(text: "Ask for help.", anchor: "what-i-learned"),
        ])
    }

    @Test func paragraphsAndQuotesCountAsItemsToo() {
        let found = sections("## Moving forward\n\nWalk before the laptop.\nEvery day.\n\n> Call Maya.\n\n1. Apply twice.\n")
        #expect(texts(found["next"]) == ["Walk before the laptop. Every day.", "Call Maya.", "Apply twice."])
    }

    @Test(arguments: ["What I learned", "what i learned", "WHAT I LEARNED:", "What I learned :", "*What* I learned"])
    func headingNamesMatchIgnoringCaseAndATrailingColon(heading: String) {
        #expect(texts(sections("## \(heading)\n\n- One.\n")["learned"]) == ["One."])
    }

    @Test func aSimilarButDifferentHeadingIsNotTheSection() {
        #expect(sections("## What I learned today\n\n- One.\n")["learned"] == nil)
    }

    @Test func collectingStopsAtTheNextHeadingOfTheSameOrHigherLevel() {
        let text = "## What I learned\n\n- One.\n\n## Notes\n\n- Not a lesson.\n\n### What I learned\n\n- Two.\n\n# Top\n\n- Not either.\n"
        #expect(texts(sections(text)["learned"]) == ["One.", "Two."])
    }

    @Test func subheadingsInsideTheSectionKeepCollecting() {
        let text = "## What I learned\n\n- One.\n\n### About work\n\n- Two.\n\n#### Small things\n\nThree.\n\n## After\n\n- Not a lesson.\n"
        let found = sections(text)["learned"]
        #expect(texts(found) == ["One.", "Two.", "Three."])
        #expect(Set(found?.map(\.anchor) ?? []) == ["what-i-learned"])
    }

    @Test func bothSectionsAreReadFromOneBody() {
        let found = sections("## What I learned\n\n- A.\n\n## Moving forward\n\n- B.\n")
        #expect(texts(found["learned"]) == ["A."])
        #expect(texts(found["next"]) == ["B."])
    }

    @Test func anEmptySectionIsPresentButHoldsNothing() {
        #expect(sections("## What I learned\n\n## Other\n\nText.\n")["learned"] == [])
    }

    @Test func headingNamesCanBeConfiguredForOtherLanguages() {
        let found = sections("## Was ich gelernt habe\n\n- Eins.\n\n## Wie es weitergeht\n\n- Zwei.\n",
                             learned: ["Was ich gelernt habe"], next: ["Wie es weitergeht"])
        #expect(texts(found["learned"]) == ["Eins."])
        #expect(texts(found["next"]) == ["Zwei."])
    }

    @Test func aStraightApostropheInTheConfiguredNameMatchesTheTypographicOne() {
        // Smart punctuation turns the heading's ' into ’; the name in workbook.yaml keeps '.
        let found = sections("## Ce que j'ai appris\n\n- Un.\n", learned: ["Ce que j'ai appris"])
        #expect(texts(found["learned"]) == ["Un."])
    }

    /// Whatever order the dictionary of sections gives its keys in, which changes from run to run.
    @Test func aNameGivenForBothSectionsStartsTheLessons() {
        let found = sections("## Notes\n\n- Thing.\n", learned: ["Notes"], next: ["Notes", "Next"])
        #expect(texts(found["learned"]) == ["Thing."])
        #expect(found["next"] == nil)
        #expect(Markdown.sectionKeys(["next": ["Notes", "Next"], "learned": ["notes:"]]) == ["notes": "learned", "next": "next"])
    }

    @Test func rawHTMLInACollectedSectionIsNoted() {
        let text = "## What I learned\n\n- A.\n\n<p>Raw.</p>\n\n## Moving forward\n\n- B.\n"
        #expect(Markdown.render(text, options: .init(unsafeHTML: true, sections: ["learned": ["What I learned"], "next": ["Moving forward"]])).sectionsWithRawHTML == ["what-i-learned"])
        #expect(Markdown.render(text, options: .init(sections: ["learned": ["What I learned"]])).sectionsWithRawHTML.isEmpty, "without unsafe_html it is left out of the page")
    }

    @Test func nestedListItemsAreNotSeparateLessons() {
        let found = sections("## What I learned\n\n- Outer.\n  - Inner detail.\n")
        #expect(texts(found["learned"]) == ["Outer."])
    }

    // MARK: Every list item, for affirmation lists

    @Test func everyListItemOfTheDocumentIsListedInOrder() {
        let rendered = Markdown.render("Intro.\n\n- I keep my promises.\n- I learn.\n  - Even *slowly*.\n\n## More\n\n1. I am kind.\n")
        #expect(rendered.listItems == ["I keep my promises.", "I learn.", "Even slowly.", "I am kind."])
    }

    @Test func aDocumentWithoutListsHasNoListItems() {
        #expect(Markdown.render("Just a paragraph.\n").listItems.isEmpty)
    }
}
