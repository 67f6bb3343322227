import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

/// What the renderer looks up for every entry page and sheet — the ids of an entry's lessons in
/// learned.html, the point of its mood chart, the section of each emotion it names — is the same
/// whether the entries come in the order of the insights, which lets it walk them alongside, or
/// in another, where it finds them by slug; and an emotion named in a way no summary recorded
/// is found by its name.
@Suite struct RendererLookupTests {
    private static func workbooks() async throws -> [Workbook] {
        var books: [Workbook] = []
        for fixture in ["basic", "print-workbook"] {
            books.append(try #require(try await TemporaryWorkbook(copyingFixture: fixture).load().workbook))
        }
        let starter = try TemporaryFolder()
        try Scaffold.initialize(starter.url, force: false)
        let loaded = try await WorkbookLoader(root: starter.url, includeDrafts: false, today: .fixedToday).load()
        books.append(try #require(loaded.workbook))
        return books
    }

    private static func renderer(_ book: Workbook, insights: Insights? = nil) throws -> SiteRenderer {
        SiteRenderer(workbook: book, insights: insights ?? Insights.compute(book, today: .fixedToday), theme: try Theme.builtIn(),
                     options: SiteOptions(today: .fixedToday))
    }

    @Test func anEntrysLessonIDsAndMoodPointAreTheSameInAnyOrderOfTheEntries() async throws {
        for book in try await Self.workbooks() {
            var shuffled = book
            shuffled.entries.reverse()
            let (inOrder, other) = (try Self.renderer(book), try Self.renderer(shuffled))
            #expect(inOrder.entriesInOrder)
            #expect(!other.entriesInOrder || book.entries.count < 2)
            let (ids, otherIDs) = (inOrder.lessonIndexIDs(), other.lessonIndexIDs())
            var named = 0
            for (position, entry) in book.entries.enumerated() {
                let otherPosition = book.entries.count - 1 - position
                #expect(ids[position].map { "\($0.key) \($0.id)" } == otherIDs[otherPosition].map { "\($0.key) \($0.id)" })
                // Every lesson of the entry has its item's id, as the index holds it.
                for lesson in entry.lessons where !lesson.key.isEmpty {
                    let item = inOrder.insights.lessons.items.first { $0.key == lesson.key && $0.refs.contains { $0.slug == entry.slug } }
                    #expect(ids[position].first { $0.key == lesson.key }?.id == item?.id)
                    named += 1
                }
                for (renderer, at) in [(inOrder, position), (other, otherPosition)] {
                    let point = Int(renderer.moodPoints[at])
                    #expect((point >= 0) == (entry.mood != nil))
                    if point >= 0 { #expect(renderer.insights.mood.points[point].slug == entry.slug) }
                }
            }
            #expect(named > 0 || book.entries.allSatisfy(\.lessons.isEmpty))
        }
    }

    @Test func anEmotionIsFoundByEveryWayItsNameIsWrittenWithOrWithoutTheSummariesSpellings() async throws {
        for book in try await Self.workbooks() {
            let insights = Insights.compute(book, today: .fixedToday)
            var bare = insights
            bare.emotions = insights.emotions.map { EmotionSummary(name: $0.name, slug: $0.slug, points: $0.points, thoughts: $0.thoughts) }
            #expect(bare.emotions.allSatisfy { $0.spellings.isEmpty })
            let told = try Self.renderer(book, insights: insights)
            let found = try Self.renderer(book, insights: bare)
            for emotion in book.entries.flatMap(\.emotions) {
                let expected = insights.emotions.first { $0.name == EmotionSummary.normalisedName(emotion.name) }?.slug
                #expect(told.emotionSlug(emotion.name) == expected, "\(emotion.name)")
                #expect(found.emotionSlug(emotion.name) == expected, "\(emotion.name)")
            }
            #expect(told.emotionSlug("a name no entry gives") == nil)
        }
    }

    @Test func namesWrittenInTwoWaysAreOneEmotionWithBothSpellings() async throws {
        let workbook = try TemporaryWorkbook(copyingFixture: "basic")
        try workbook.write("content/entries/2026-10-30-hurt.md", "---\ntitle: Hurt\nemotions: [Hurt, hurt, HURT]\n---\nBody\n")
        let book = try #require(try await workbook.load().workbook)
        let renderer = try Self.renderer(book)
        let hurt = try #require(renderer.insights.emotions.first { $0.name == "hurt" })
        #expect(hurt.spellings == ["Hurt", "hurt", "HURT"])
        for name in ["Hurt", "hurt", "HURT", " hurt", "HuRt "] { #expect(renderer.emotionSlug(name) == hurt.slug) }
    }
}
