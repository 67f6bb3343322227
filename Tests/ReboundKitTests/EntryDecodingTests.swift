import Testing
@testable import ReboundKit
import ReboundTestSupport

private func entry(_ text: String, file: String = "2026-11-02-the-interview.md") async throws -> Entry {
    let result = try await TemporaryWorkbook.loadEntry(text, file: file)
    #expect(result.diagnostics.isEmpty)
    return try #require(result.entry)
}

@Suite struct EntryDecodingTests {
    @Test func everyFieldIsRead() async throws {
        let text = """
        ---
        title: The interview that went quiet
        date: 2026-10-30
        kind: work
        mood: 4
        emotions:
          - {name: disappointment, intensity: 7, thought: "I will never find a job I like.", after: 4}
        challenges:
          - {thought: "I am not good enough.", response: "A thought, not a fact."}
        self_care:
          - {sense: taste, what: "slow cup of warm tea"}
        support: [Maya, Dad]
        habits: {sleep: 7, water: 6, exercise: 30, meals: 3}
        learned: ["Ask for feedback after final rounds."]
        next: ["Email the recruiter."]
        tags: [job-search]
        draft: false
        ---
        Body.
        """
        let entry = try await entry(text)
        #expect(entry.title == "The interview that went quiet")
        #expect(entry.date == .parse("2026-10-30"))
        #expect(entry.kind == .work)
        #expect(entry.mood == 4)
        #expect(entry.emotions == [Emotion(name: "disappointment", intensity: 7, thought: "I will never find a job I like.", after: 4)])
        #expect(entry.challenges == [Challenge(thought: "I am not good enough.", response: "A thought, not a fact.")])
        #expect(entry.selfCare == [SelfCare(sense: .taste, what: "slow cup of warm tea")])
        #expect(entry.support == ["Maya", "Dad"])
        #expect(entry.habits == Habits(sleep: 7, water: 6, exercise: 30, meals: 3))
        #expect(entry.lessons == [Note(text: "Ask for feedback after final rounds.", anchor: "lesson-1")])
        #expect(entry.nextSteps == [Note(text: "Email the recruiter.", anchor: "next-1")])
        #expect(entry.tags == [Tag(name: "job-search", slug: "job-search")])
        #expect(entry.draft == false)
        #expect(entry.slug == "2026-11-02-the-interview")
        #expect(entry.path == "content/entries/2026-11-02-the-interview.md")
    }

    @Test func theFirstLevelOneHeadingBecomesTheTitleAndLeavesTheBody() async throws {
        let entry = try await entry("# The *long* wait\n\nIt was quiet.\n")
        #expect(entry.title == "The long wait")
        #expect(!entry.body.html.contains("<h1"))
        #expect(entry.body.html.contains("It was quiet."))
    }

    @Test func aFrontMatterTitleKeepsTheHeadingInTheBody() async throws {
        let entry = try await entry("---\ntitle: Given\n---\n# In the body\n")
        #expect(entry.title == "Given")
        #expect(entry.body.html.contains("<h1 id=\"in-the-body\">In the body</h1>"))
    }

    @Test func withoutTitleOrHeadingTheFileNameIsTheTitle() async throws {
        #expect(try await entry("Just text.\n").title == "The interview")
        #expect(try await entry("## Not a title\n", file: "2026-11-02-second_round.md").title == "Second round")
    }

    @Test func theDateComesFromTheFileName() async throws {
        #expect(try await entry("Body\n").date == .parse("2026-11-02"))
    }

    @Test func theFrontMatterDateWinsOverTheFileName() async throws {
        #expect(try await entry("---\ndate: 2026-10-01\n---\n").date == .parse("2026-10-01"))
    }

    @Test(arguments: ["Work", "WORK", "work"])
    func kindIgnoresCase(kind: String) async throws {
        #expect(try await entry("---\nkind: \(kind)\n---\n").kind == .work)
    }

    @Test func everySenseIsKnown() async throws {
        let items = SelfCare.Sense.allCases.map { "{sense: \($0.rawValue.capitalized), what: x}" }.joined(separator: ", ")
        #expect(try await entry("---\nself_care: [\(items)]\n---\n").selfCare.map(\.sense) == SelfCare.Sense.allCases)
    }

    @Test func emotionsAndChallengesMayBePlainText() async throws {
        let entry = try await entry("---\nemotions: [sadness, relief]\nchallenges: [\"I always fail.\"]\n---\n")
        #expect(entry.emotions == [Emotion(name: "sadness"), Emotion(name: "relief")])
        #expect(entry.challenges == [Challenge(thought: "I always fail.")])
    }

    @Test func aSingleValueStandsForAListOfOne() async throws {
        let entry = try await entry("---\nsupport: Maya\nlearned: Rest first.\nnext: Call Dad.\ntags: rest\nemotions: sadness\nchallenges: I always fail.\nself_care: {sense: touch, what: hoodie}\n---\n")
        #expect(entry.support == ["Maya"])
        #expect(entry.lessons.map(\.text) == ["Rest first."])
        #expect(entry.nextSteps.map(\.text) == ["Call Dad."])
        #expect(entry.tags.map(\.name) == ["rest"])
        #expect(entry.emotions == [Emotion(name: "sadness")])
        #expect(entry.challenges == [Challenge(thought: "I always fail.")])
        #expect(entry.selfCare == [SelfCare(sense: .touch, what: "hoodie")])
    }

    @Test func tagsThatMakeTheSameSlugAreOneTagNamedByTheFirst() async throws {
        let entry = try await entry("---\ntags: [Job Search, job-search, JOB SEARCH, rest]\n---\n")
        #expect(entry.tags == [Tag(name: "Job Search", slug: "job-search"), Tag(name: "rest", slug: "rest")])
    }

    @Test func bodyLessonsFollowFrontMatterLessonsAndLinkToTheirHeading() async throws {
        let entry = try await entry("---\nlearned: [From the front matter.]\n---\n## What I learned\n\n- From the body.\n")
        #expect(entry.lessons == [
            Note(text: "From the front matter.", anchor: "lesson-1"),
            Note(text: "From the body.", anchor: "what-i-learned"),
        ])
    }

    @Test func aLessonOrStepWrittenTwiceInOneEntryIsListedOnceWhereItCameFirst() async throws {
        let text = """
        ---
        learned: ["Rest first.", "Ask for help."]
        next: [Call Dad.]
        ---
        ## What I learned

        - rest first
        - Something new.
        - Something new!

        ## Moving forward

        1. Call Dad.
        2. Walk at noon.
        """
        let entry = try await entry(text)
        #expect(entry.lessons == [
            Note(text: "Rest first.", anchor: "lesson-1"),
            Note(text: "Ask for help.", anchor: "lesson-2"),
            Note(text: "Something new.", anchor: "what-i-learned"),
        ])
        #expect(entry.nextSteps == [Note(text: "Call Dad.", anchor: "next-1"), Note(text: "Walk at noon.", anchor: "moving-forward")])
    }

    @Test func bodyHeadingsNeverTakeTheIdsOfThePagesOwnParts() async throws {
        let entry = try await entry("---\nlearned: [One]\n---\n## Lessons\n\n## Lesson 1\n\n## Feelings\n")
        #expect(entry.body.headings.map(\.id) == ["lessons-2", "lesson-1-2", "feelings-2"])
    }

    @Test func draftsAreReadOnlyWhenAskedFor() async throws {
        let text = "---\ndraft: true\n---\nNot yet.\n"
        #expect(try await TemporaryWorkbook.loadEntry(text).entry == nil)
        let included = try await TemporaryWorkbook.loadEntry(text, includeDrafts: true)
        #expect(included.entry?.draft == true)
    }
}
