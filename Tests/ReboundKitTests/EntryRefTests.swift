import Testing
@testable import ReboundKit

@Suite struct EntryRefTests {
    private let day = CalendarDay(prefixOf: "2026-10-05")!

    private func entry(slug: String = "after-the-call", title: String = "After the call") -> Entry {
        Entry(path: "content/entries/\(slug).md", slug: slug, title: title, date: day, body: Markdown.render("Body."))
    }

    @Test func aRefToAnEntryIsTheRefMadeFromItsParts() {
        let fromEntry = EntryRef(entry(), anchor: "learned-1")
        let fromParts = EntryRef(slug: "after-the-call", title: "After the call", date: day, anchor: "learned-1")
        #expect(fromEntry == fromParts)
        #expect(fromEntry.hashValue == fromParts.hashValue)
        #expect(Set([fromEntry, fromParts]).count == 1)
        #expect((fromEntry.slug, fromEntry.title, fromEntry.date, fromEntry.anchor) == ("after-the-call", "After the call", day, "learned-1"))
        #expect(fromEntry.href == "entries/after-the-call.html#learned-1")
    }

    @Test func refsToTheSameEntryDifferByEveryPartTheyShow() {
        let shared = entry()
        let ref = EntryRef(shared, anchor: "learned-1")
        #expect(ref == EntryRef(shared, anchor: "learned-1"))
        #expect(ref != EntryRef(shared, anchor: "learned-2"))
        #expect(ref != EntryRef(shared))
        #expect(ref != EntryRef(entry(slug: "after-the-call-2"), anchor: "learned-1"))
        #expect(ref != EntryRef(entry(title: "After the long call"), anchor: "learned-1"))
        #expect(ref != EntryRef(slug: "after-the-call", title: "After the call", date: CalendarDay(prefixOf: "2026-10-06")!, anchor: "learned-1"))
    }

    @Test func aRefShowsTheEntryAsItWasWhenMade() {
        var changing = entry()
        let ref = EntryRef(changing)
        changing.title = "Renamed"
        changing.slug = "renamed"
        #expect(ref.title == "After the call")
        #expect(ref.slug == "after-the-call")
        #expect(ref != EntryRef(changing))
    }

    @Test func changingARefLeavesItsEntryAndOtherRefsAlone() {
        let shared = entry()
        let other = EntryRef(shared)
        var ref = EntryRef(shared)
        ref.title = "Another title"
        ref.date = CalendarDay(prefixOf: "2026-10-07")!
        #expect(shared.title == "After the call")
        #expect(shared.date == day)
        #expect(other.title == "After the call")
        #expect((ref.slug, ref.title, ref.date) == ("after-the-call", "Another title", CalendarDay(prefixOf: "2026-10-07")!))
    }
}
