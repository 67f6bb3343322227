import Testing
@testable import ReboundKit

/// Renders `main` from a library of templates with a context.
private func render(_ templates: [String: String], _ context: TemplateContext = [:], main: String = "main") throws -> String {
    var parsed: [String: Template] = [:]
    for (name, source) in templates { parsed[name] = try Template(source) }
    var renderer = TemplateRenderer(templates: parsed)
    renderer.render(main, context)
    return String(decoding: renderer.output, as: UTF8.self)
}

private func render(_ source: String, _ context: TemplateContext = [:]) throws -> String {
    try render(["main": source], context)
}

/// The problem a template has, as message and 1-based line:column.
private func syntaxError(_ source: String) -> String? {
    do {
        _ = try Template(source)
        return nil
    } catch {
        let position = Theme.position(of: error.offset, in: source)
        return "\(position.line):\(position.column): \(error.message)"
    }
}

@Suite struct TemplateTests {
    // MARK: Variables

    @Test func variablesAreEscapedAndRawTagsAreNot() throws {
        let context: TemplateContext = ["name": "<b>Tom & \"Jo\"'s</b>"]
        #expect(try render("{{name}}|{{{name}}}|{{& name}}", context)
            == "&lt;b&gt;Tom &amp; &quot;Jo&quot;&#39;s&lt;/b&gt;|<b>Tom & \"Jo\"'s</b>|<b>Tom & \"Jo\"'s</b>")
    }

    @Test func contextKeysAreTheirNames() {
        var context: TemplateContext = [:]
        let names = (0..<5000).map { "name\($0)" } + ["", "é", "e\u{301}", "a.b", "ﬁ", "name1 "]
        for (index, name) in names.enumerated() { context[ContextKey(name)] = index }
        #expect(context.count == names.count)
        for (index, name) in names.enumerated() { #expect(context[ContextKey(name)] as? Int == index) }
        #expect(context["missing"] == nil)
        // Unlike `String`, two spellings of one accented letter are two names, as they are two
        // byte sequences in a template.
        #expect(ContextKey("é") != ContextKey("e\u{301}"))
        #expect(ContextKey("title") == "title")
    }

    @Test func dictionariesKeyedByTextRenderAsContexts() throws {
        let plain: [String: Any] = ["name": "Ada", "inner": ["n": 1]]
        #expect(try render("{{#plain}}{{name}} {{inner.n}}{{/plain}}", ["plain": plain]) == "Ada 1")
    }

    @Test func eachKindOfValueIsTakenAsWhatItHolds() {
        // Texts short enough to be held inline and long enough to need storage of their own,
        // copied out of the context many times over while the context still holds them.
        let long = String(repeating: "Déjà vu, ", count: 40)
        let context: TemplateContext = ["title": "Hi", "long": long]
        let values: [Any] = [
            "Hi", long, Markup(bytes: Array("<svg/>".utf8)), context, true, false,
            [context, context], 42, -7, [long, "b"], LazyList(count: 3, item: { ["n": $0] }),
            Optional<String>.some(long), Optional<Int>.none, [1, 2] as [Any], 2.5,
        ]
        for _ in 0..<1000 {
            for value in values { _ = TemplateValue(value) }
        }
        func text(_ value: TemplateValue) -> String? {
            if case .text(let text) = value { text } else { nil }
        }
        #expect(text(TemplateValue(values[0])) == "Hi")
        #expect(text(TemplateValue(values[1])) == long)
        #expect(text(TemplateValue(values[11])) == long)
        if case .markup(let markup) = TemplateValue(values[2]) { #expect(markup.text == "<svg/>") } else { Issue.record("not markup") }
        if case .dictionary(let found) = TemplateValue(values[3]) {
            #expect(found["long"] as? String == long && found["title"] as? String == "Hi" && found.count == 2)
        } else { Issue.record("not a dictionary") }
        if case .flag(let on) = TemplateValue(values[4]) { #expect(on) } else { Issue.record("not a flag") }
        if case .flag(let on) = TemplateValue(values[5]) { #expect(!on) } else { Issue.record("not a flag") }
        if case .dictionaries(let items) = TemplateValue(values[6]) {
            #expect(items.count == 2 && items.allSatisfy { $0["long"] as? String == long })
        } else { Issue.record("not dictionaries") }
        if case .number(let number) = TemplateValue(values[7]) { #expect(number == 42) } else { Issue.record("not a number") }
        if case .number(let number) = TemplateValue(values[8]) { #expect(number == -7) } else { Issue.record("not a number") }
        if case .texts(let texts) = TemplateValue(values[9]) { #expect(texts == [long, "b"]) } else { Issue.record("not texts") }
        if case .lazy(let list) = TemplateValue(values[10]) {
            #expect(list.count == 3 && list.item(2)["n"] as? Int == 2)
        } else { Issue.record("not a lazy list") }
        if case .missing = TemplateValue(values[12]) {} else { Issue.record("not missing") }
        if case .list(let items) = TemplateValue(values[13]) { #expect(items.count == 2) } else { Issue.record("not a list") }
        if case .other(let other) = TemplateValue(values[14]) { #expect(other as? Double == 2.5) } else { Issue.record("not other") }
        // A value held in an `Any` that is itself held in an `Any` is the value.
        let nested: Any = values[1] as Any
        #expect(text(TemplateValue(nested)) == long)
    }

    @Test func numbersAndBooleansPrintAsWritten() throws {
        #expect(try render("{{a}} {{b}} {{c}} {{d}}", ["a": 7, "b": 2.5, "c": true, "d": -3]) == "7 2.5 true -3")
    }

    @Test func aMissingValueRendersNothing() throws {
        #expect(try render("[{{nothing}}][{{a.b.c}}]", ["a": ["b": [:] as TemplateContext]]) == "[][]")
    }

    @Test func dottedNamesReachInsideAndTheStackIsSearchedOutwards() throws {
        let context: TemplateContext = ["site": ["title": "Book"], "root": "../", "items": [["name": "one"], ["name": "two"]]]
        #expect(try render("{{#items}}{{root}}{{name}}@{{site.title}} {{/items}}", context) == "../one@Book ../two@Book ")
    }

    @Test func aDottedNameStopsAtTheFirstContextHoldingItsFirstPart() throws {
        let context: TemplateContext = ["a": ["b": "outer"], "inner": ["a": ["c": "x"]]]
        #expect(try render("{{#inner}}[{{a.b}}]{{/inner}}", context) == "[]")
    }

    @Test func theImplicitIteratorIsTheCurrentItem() throws {
        #expect(try render("{{#tags}}<{{.}}>{{/tags}}", ["tags": ["a&b", "c"]]) == "<a&amp;b><c>")
    }

    @Test func anOptionalInTheContextIsItsValueOrMissing() throws {
        let some: String? = "here"
        let none: String? = nil
        #expect(try render("{{a}}|{{b}}|{{#b}}shown{{/b}}{{^b}}empty{{/b}}", ["a": some as Any, "b": none as Any]) == "here||empty")
    }

    // MARK: Sections

    @Test func sectionsFollowTheValueTheyName() throws {
        let context: TemplateContext = [
            "yes": true, "no": false, "list": [["n": 1], ["n": 2]], "empty": [] as [TemplateContext],
            "object": ["n": 9], "text": "", "zero": 0, "numbers": [1, 2, 3],
        ]
        let template = "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#list}}{{n}}{{/list}}{{#empty}}E{{/empty}}"
            + "{{#object}}{{n}}{{/object}}{{#text}}T{{/text}}{{#zero}}Z{{/zero}}{{#missing}}M{{/missing}}{{#numbers}}{{.}}{{/numbers}}"
        #expect(try render(template, context) == "Y129TZ123")
    }

    @Test func aLazyListMakesEachItemOnlyWhenTheSectionReachesIt() throws {
        let made = Counter()
        let list = LazyList(count: 3) { index in
            made.count += 1
            return ["n": index * 10]
        }
        #expect(made.count == 0)
        #expect(try render("{{#list}}[{{n}}]{{/list}}{{^list}}none{{/list}}", ["list": list]) == "[0][10][20]")
        #expect(made.count == 3)
        #expect(try render("{{#list}}x{{/list}}{{^list}}none{{/list}}", ["list": LazyList(count: 0) { _ in [:] }]) == "none")
    }

    @Test func aLongPageHandedOverInPiecesIsTheSamePage() throws {
        let templates = [
            "main": "<main>\n  {{> rows}}\n</main>\n{{#list}}<p>{{text}}</p>\n{{/list}}",
            "rows": "{{#list}}<li>{{text}}</li>\n{{/list}}",
        ]
        let parsed = try templates.mapValues { try Template($0) }
        let list = LazyList(count: 6_000) { ["text": String(repeating: "x", count: 200) + "\($0)"] }
        var whole = TemplateRenderer(templates: parsed)
        whole.render("main", ["list": list])
        var pieces: [[UInt8]] = []
        var spilled = TemplateRenderer(templates: parsed, spill: { pieces.append($0) })
        spilled.render("main", ["list": list])
        spilled.finish()
        #expect(pieces.count > 2, "2.6 MB comes in pieces of about a megabyte")
        #expect(pieces.dropLast().allSatisfy { $0.count >= 1 << 20 })
        #expect(pieces.flatMap { $0 } == whole.output)
        #expect(spilled.output.isEmpty)
    }

    /// Renders `source` with a memo of earlier items, returning the text and the memo.
    private func remembering(_ source: String, _ context: TemplateContext, earlier: [RenderMemo.Item] = []) throws -> (String, RenderMemo) {
        let memo = RenderMemo(earlier: earlier)
        var renderer = TemplateRenderer(templates: ["main": try Template(source, name: "main")], memo: memo)
        renderer.render("main", context)
        return (String(decoding: renderer.output, as: UTF8.self), memo)
    }

    /// A chart made as bytes shows as the same text would, in every kind of tag.
    @Test func markupMadeAsBytesShowsAsItsText() throws {
        var chart = Markup()
        chart.raw("<b>&</b>")
        let source = "{{{m}}}|{{m}}|{{#m}}[{{{.}}}]{{/m}}{{^m}}none{{/m}}"
        #expect(try render(source, ["m": chart]) == "<b>&</b>|&lt;b&gt;&amp;&lt;/b&gt;|[<b>&</b>]")
        #expect(try render(source, ["m": chart]) == render(source, ["m": "<b>&</b>"]))
        var text = StableHasher(), bytes = StableHasher()
        ContextDigest.add(["m": "<b>&</b>"] as TemplateContext, to: &text)
        ContextDigest.add(["m": chart] as TemplateContext, to: &bytes)
        #expect(text.finalize() == bytes.finalize(), "a page is known by what it shows")
    }

    /// Markup made when it is shown shows as the same markup would, is made each time a tag shows
    /// it and never otherwise, and a page holding it is known by its key without making it.
    @Test func deferredMarkupIsMadeOnlyWhenShown() throws {
        final class Calls: @unchecked Sendable { var count = 0 }
        let calls = Calls()
        var chart = Markup()
        chart.raw("<b>&</b>")
        let deferred = DeferredMarkup(key: 42) { [chart] in
            calls.count += 1
            return chart
        }
        let source = "{{{m}}}|{{m}}|{{#m}}[{{{.}}}]{{/m}}{{^m}}none{{/m}}"
        #expect(try render(source, ["m": deferred]) == render(source, ["m": chart]))
        #expect(calls.count == 3, "once for each tag that shows it; the inverted section needs none")
        #expect(try render("{{#other}}{{{m}}}{{/other}}", ["m": deferred]) == "")
        #expect(calls.count == 3, "a tag that is not reached makes nothing")

        var first = StableHasher(), same = StableHasher(), other = StableHasher()
        ContextDigest.add(["m": deferred] as TemplateContext, to: &first)
        ContextDigest.add(["m": DeferredMarkup(key: 42) { Markup() }] as TemplateContext, to: &same)
        ContextDigest.add(["m": DeferredMarkup(key: 43) { chart }] as TemplateContext, to: &other)
        #expect(calls.count == 3, "the digest reads the key alone")
        #expect(first.finalize() == same.finalize(), "the key stands for what is made")
        #expect(first.finalize() != other.finalize())
    }

    /// A page's digest asks for every key of its lists, and rendering the page asks again.
    @Test func aListMakesEachKeyOnce() throws {
        final class Calls: @unchecked Sendable { var count = 0 }
        let calls = Calls()
        let list = LazyList(count: 3, item: { ["n": $0] }, key: { index in
            calls.count += 1
            return index * 10
        })
        var digest = StableHasher()
        ContextDigest.add(["list": list] as TemplateContext, to: &digest)
        #expect(calls.count == 3)
        let (page, _) = try remembering("{{#list}}{{n}}{{/list}}", ["list": list])
        #expect(page == "012")
        #expect(calls.count == 3, "the keys made for the digest are the ones the memo looks up")
        #expect(list.key?(1) == 10 && list.key?(7) == 70 && calls.count == 4, "an index outside the list is not kept")
    }

    /// A list of one that only puts off making a part of the page is not kept whole: its lists
    /// are kept item by item, and a part of any size goes out as it is made.
    @Test func aListThatOnlyPutsOffAPartKeepsTheItemsOfItsLists() throws {
        let source = "{{#part}}<{{#items}}[{{n}}]{{/items}}>{{/part}}"
        let part = LazyList(count: 1, item: { _ in ["items": LazyList(count: 3) { ["n": $0] }] }, keepsItems: false)
        let (first, memo) = try remembering(source, ["part": part])
        #expect(first == "<[0][1][2]>")
        #expect(memo.made.map { String(decoding: $0.bytes, as: UTF8.self) } == ["[0]", "[1]", "[2]"])
        let (again, second) = try remembering(source, ["part": part], earlier: memo.made)
        #expect(again == first && second.reused == 3)

        let kept = LazyList(count: 1, item: { _ in ["items": LazyList(count: 3) { ["n": $0] }] })
        let (whole, keptMemo) = try remembering(source, ["part": kept])
        #expect(whole == first)
        #expect(keptMemo.made.map { String(decoding: $0.bytes, as: UTF8.self) }.last == "<[0][1][2]>", "kept whole, after the items inside it")

        // A part of 2.6 MB goes out in pieces of about a megabyte, not held whole.
        let big = LazyList(count: 1, item: { _ in ["items": LazyList(count: 30_000) { ["n": String(repeating: "x", count: 80) + "\($0)"] }] }, keepsItems: false)
        var pieces: [Int] = []
        let memo3 = RenderMemo()
        var renderer = TemplateRenderer(templates: ["main": try Template(source, name: "main")], spill: { pieces.append($0.count) }, memo: memo3)
        renderer.render("main", ["part": big])
        renderer.finish()
        #expect(pieces.count > 2 && pieces.dropLast().allSatisfy { $0 < 2 << 20 })
        #expect(memo3.made.count == 30_000)
    }

    @Test func rememberedItemsAreReusedOnlyWhileWhatTheyShowIsTheSame() throws {
        let source = "{{#list}}[{{n}} {{root}}{{#extra}}+{{/extra}}]{{/list}}"
        let list = LazyList(count: 3) { ["n": $0] }
        let (first, memo) = try remembering(source, ["list": list, "root": "../"])
        #expect(first == "[0 ../][1 ../][2 ../]")
        #expect(memo.made.count == 3 && memo.reused == 0)

        let (again, second) = try remembering(source, ["list": list, "root": "../"], earlier: memo.made)
        #expect(again == first)
        #expect(second.reused == 3)

        let changed = LazyList(count: 3) { ["n": $0 == 1 ? 7 : $0] }
        let (one, third) = try remembering(source, ["list": changed, "root": "../"], earlier: memo.made)
        #expect(one == "[0 ../][7 ../][2 ../]")
        #expect(third.reused == 2)

        let (rooted, fourth) = try remembering(source, ["list": list, "root": ""], earlier: memo.made)
        #expect(rooted == "[0 ][1 ][2 ]", "a shared name's value is part of every item's key")
        #expect(fourth.reused == 0)

        // A name an item lacks is looked up around it: a page that gains it shows it in every item.
        let (extra, fifth) = try remembering(source, ["list": list, "root": "../", "extra": true], earlier: memo.made)
        #expect(extra == "[0 ../+][1 ../+][2 ../+]")
        #expect(fifth.reused == 0)
    }

    @Test func rememberedItemsAreFoundWhereverTheyMoved() throws {
        let source = "{{#list}}[{{n}}]{{/list}}"
        func numbers(_ values: [Int]) -> (LazyList, String) {
            (LazyList(count: values.count) { ["n": values[$0]] }, values.map { "[\($0)]" }.joined())
        }
        let (list, _) = numbers(Array(0..<100))
        let (_, memo) = try remembering(source, ["list": list])
        // One item new near the start: each other one is just after the one found before it.
        let (inserted, insertedText) = numbers([0, 1, 2, -1] + Array(3..<100))
        let (text, second) = try remembering(source, ["list": inserted], earlier: memo.made)
        #expect(text == insertedText)
        #expect(second.reused == 100)
        // Reversed: after 32 items not found near where the last one was, a table finds the rest.
        let (reversed, reversedText) = numbers(Array((0..<100).reversed()))
        let (back, third) = try remembering(source, ["list": reversed], earlier: memo.made)
        #expect(back == reversedText)
        #expect(third.reused == 68)
        #expect(third.made.map(\.digest) == memo.made.map(\.digest).reversed())
    }

    @Test func rememberedItemsOfALongPageAreHandedOverInPiecesToo() throws {
        let template = try Template("<main>{{#list}}<p>{{text}}</p>\n{{/list}}</main>\n", name: "main")
        let list = LazyList(count: 6_000) { ["text": String(repeating: "y", count: 300) + "\($0)"] }
        var whole = TemplateRenderer(templates: ["main": template])
        whole.render("main", ["list": list])
        let memo = RenderMemo(earlier: Self.made(template, list))
        var pieces: [[UInt8]] = []
        var again = TemplateRenderer(templates: ["main": template], spill: { pieces.append($0) }, memo: memo)
        again.render("main", ["list": list])
        again.finish()
        #expect(memo.reused == 6_000)
        #expect(pieces.count > 1, "1.8 MB of remembered items are not gathered into one piece")
        #expect(pieces.allSatisfy { $0.count < 2 << 20 })
        #expect(pieces.flatMap { $0 } == whole.output)
    }

    /// The items a render of `list` through `template` remembers.
    private static func made(_ template: Template, _ list: LazyList) -> [RenderMemo.Item] {
        let memo = RenderMemo()
        var renderer = TemplateRenderer(templates: ["main": template], memo: memo)
        renderer.render("main", ["list": list])
        return memo.made
    }

    @Test func aListWithKeysIsDigestedByItsKeysWithoutMakingItsItems() {
        func digest(_ context: TemplateContext) -> Int {
            var hasher = Hasher()
            ContextDigest.add(context, to: &hasher)
            return hasher.finalize()
        }
        func keyed(_ keys: [Int]) -> LazyList {
            LazyList(count: keys.count, item: { _ in Issue.record("an item was made"); return [:] }, key: { keys[$0] })
        }
        #expect(digest(["list": keyed([1, 2, 3])]) == digest(["list": keyed([1, 2, 3])]))
        #expect(digest(["list": keyed([1, 2, 3])]) != digest(["list": keyed([1, 2, 4])]))
        #expect(digest(["list": keyed([1, 2, 3])]) != digest(["list": keyed([1, 2])]))
        #expect(digest(["list": keyed([1, 2, 3])]) != digest(["list": keyed([2, 1, 3])]), "the order is part of a list")
        // Without keys, the items are made and digested.
        let plain = { (n: Int) in LazyList(count: 2) { ["n": $0 == 1 ? n : 0] } }
        #expect(digest(["list": plain(1)]) == digest(["list": plain(1)]))
        #expect(digest(["list": plain(1)]) != digest(["list": plain(2)]))
    }

    @Test func anAccentWrittenAnotherWayIsAnotherItem() throws {
        // "é" as one code point and as "e" with a combining accent: the same text to Unicode,
        // other bytes on the page.
        let source = "{{#list}}<p>{{text}}</p>{{/list}}"
        let (_, memo) = try remembering(source, ["list": LazyList(count: 1) { _ in ["text": "caf\u{E9}"] }])
        let (decomposed, second) = try remembering(source, ["list": LazyList(count: 1) { _ in ["text": "cafe\u{301}"] }], earlier: memo.made)
        #expect(second.reused == 0)
        #expect(Array(decomposed.utf8) == Array("<p>cafe\u{301}</p>".utf8))
    }

    @Test func anItemThatShowsMoreThanItselfIsNeverRemembered() throws {
        let source = "{{#list}}[{{n}} {{note}}]{{/list}}"
        let list = LazyList(count: 2) { ["n": $0] }
        let (first, memo) = try remembering(source, ["list": list, "note": "a"])
        #expect(first == "[0 a][1 a]")
        #expect(memo.made.isEmpty)
        let (second, _) = try remembering(source, ["list": list, "note": "b"], earlier: memo.made)
        #expect(second == "[0 b][1 b]")
    }

    @Test func invertedSectionsShowForMissingFalseAndEmpty() throws {
        let context: TemplateContext = ["yes": true, "no": false, "list": [["n": 1]], "empty": [] as [TemplateContext], "text": "", "strings": [] as [String]]
        let template = "{{^yes}}1{{/yes}}{{^no}}2{{/no}}{{^list}}3{{/list}}{{^empty}}4{{/empty}}{{^text}}5{{/text}}{{^missing}}6{{/missing}}{{^strings}}7{{/strings}}"
        #expect(try render(template, context) == "2467")
    }

    @Test func aStandaloneTagLeavesNoBlankLine() throws {
        let template = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n  {{! a note }}\n</ul>\n"
        #expect(try render(template, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
    }

    @Test func tagsSharingALineAreNotStandalone() throws {
        #expect(try render("  {{#a}}x{{/a}}  \n", ["a": true]) == "  x  \n")
        #expect(try render("{{#a}}{{/a}}\nnext", ["a": true]) == "\nnext")
        #expect(try render("a {{#b}}\nc\n{{/b}}\n", ["b": true]) == "a \nc\n")
    }

    @Test func windowsLineEndingsEndAStandaloneLine() throws {
        #expect(try render("|\r\n{{#a}}\r\nx\r\n{{/a}}\r\n|", ["a": true]) == "|\r\nx\r\n|")
    }

    @Test func commentsAndDelimiterChangesRenderNothing() throws {
        #expect(try render("a{{! one\ntwo }}b{{=<% %>=}}<% name %>{{name}}<%={{ }}=%>{{name}}", ["name": "n"]) == "abn{{name}}n")
    }

    // MARK: Partials and inheritance

    @Test func partialsSeeTheContextWhereTheyAreUsed() throws {
        let templates = ["main": "{{#items}}{{> item}}{{/items}}", "item": "<{{name}}>"]
        #expect(try render(templates, ["items": [["name": "a"], ["name": "b"]]]) == "<a><b>")
    }

    @Test func aStandalonePartialIsIndentedLineByLine() throws {
        let templates = ["main": "<ul>\n  {{> items}}\n</ul>\n", "items": "<li>a</li>\n<li>b</li>\n"]
        #expect(try render(templates) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
    }

    @Test func aChildFillsTheBlocksOfItsParentAndKeepsTheDefaultsElsewhere() throws {
        let templates = [
            "layout": "<title>{{$title}}Untitled{{/title}}</title>\n<main>{{$content}}{{/content}}</main>\n<footer>{{$footer}}© me{{/footer}}</footer>\n",
            "main": "{{<layout}}\nignored text\n{{$title}}{{name}}{{/title}}\n{{$content}}<p>{{name}}</p>{{/content}}\n{{/layout}}\n",
        ]
        #expect(try render(templates, ["name": "Day"]) == "<title>Day</title>\n<main><p>Day</p></main>\n<footer>© me</footer>\n")
    }

    @Test func theOutermostChildWinsAcrossTwoLevelsOfInheritance() throws {
        let templates = [
            "base": "[{{$a}}base a{{/a}}|{{$b}}base b{{/b}}]",
            "middle": "{{<base}}{{$a}}middle a{{/a}}{{$b}}middle b{{/b}}{{/base}}",
            "main": "{{<middle}}{{$a}}main a{{/a}}{{/middle}}",
        ]
        #expect(try render(templates) == "[main a|middle b]")
    }

    @Test func whatFollowsNestedBodiesRendersInItsPlace() throws {
        let templates = [
            "layout": "<{{$head}}h{{/head}}|{{#items}}[{{$item}}{{.}}{{/item}}]{{^last}},{{/last}}{{/items}}|{{$tail}}t{{/tail}}>",
            "main": "{{<layout}}{{$item}}{{#.}}({{.}}){{/.}}{{> missing}}{{/item}}{{$tail}}{{> tail}}{{/tail}}{{/layout}}after",
            "tail": "{{<frame}}{{$inside}}T{{/inside}}{{/frame}}",
            "frame": "{{$inside}}?{{/inside}}!",
        ]
        #expect(try render(templates, ["items": ["a", "b"]]) == "<h|[(a)],[(b)],|T!>after")
    }

    @Test func aMissingPartialOrParentRendersNothing() throws {
        let parsed = ["main": try Template("a{{> gone}}b{{<also}}{{$x}}x{{/x}}{{/also}}c")]
        var renderer = TemplateRenderer(templates: parsed)
        renderer.render("main", [:])
        #expect(String(decoding: renderer.output, as: UTF8.self) == "abc")
        renderer.render("unknown", [:])
        #expect(String(decoding: renderer.output, as: UTF8.self) == "abc")
    }

    @Test func referencesAreFoundWhateverTheDelimiters() throws {
        let template = try Template("{{> one}}{{=<% %>=}}<%> two%><%<three%><%/three%>")
        #expect(template.references.map(\.name) == ["one", "two", "three"])
        #expect(template.references.map(\.sigil) == [">", ">", "<"])
    }

    // MARK: Mistakes

    @Test(arguments: [
        ("<p>\n{{#a}}\n<i>\n", "2:1: a section is opened but never closed"),
        ("one\n  {{#a}}{{/b}}", "2:9: a section is closed with a different name than it was opened with"),
        ("{{/a}}", "1:1: '{{/a}}' closes a section that was never opened"),
        ("x {{name", "1:3: a tag is not closed with '}}'"),
        ("{{{name}}", "1:1: a tag is not closed with '}}'"),
        ("{{}}", "1:1: a tag has no name"),
        ("{{first name}}", "1:1: 'first name': a tag holds one name, without spaces"),
        ("{{name\nmore}}", "1:1: a tag is not closed with '}}'"),
        ("{{=<% %>=}}\n<%name", "2:1: a tag is not closed with '%>'"),
        ("{{= x =}}", "1:1: invalid set-delimiter tag"),
        ("{{% CONTENT_TYPE: TEXT}}", "1:1: unknown configuration tag"),
        ("{{upper(name)}}", "1:1: 'upper(name)': functions in tags are not supported; prepare the value in the page instead"),
        ("{{<layout}}{{name}}{{/layout}}", "1:12: only {{$block}} definitions may stand inside {{<parent}}"),
        ("{{<layout}}{{#a}}{{/a}}{{/layout}}", "1:12: only {{$block}} definitions may stand inside {{<parent}}"),
        ("é {{#a}}", "1:3: a section is opened but never closed"),
    ])
    func aMistakeIsReportedWhereItIs(source: String, expected: String) {
        #expect(syntaxError(source) == expected)
    }

    @Test func deepNestingIsRefusedBeforeItCanExhaustTheStack() throws {
        let depth = Template.maximumNesting + 1
        let source = String(repeating: "{{#a}}", count: depth) + String(repeating: "{{/a}}", count: depth)
        #expect(syntaxError(source) == "1:\(6 * Template.maximumNesting + 1): sections are nested more than \(Template.maximumNesting) deep")
        let allowed = String(repeating: "{{#a}}", count: depth - 1) + "x" + String(repeating: "{{/a}}", count: depth - 1)
        #expect(try render(allowed, ["a": true]) == "x")
    }

    @Test func hostileValuesCannotOpenTagsOrMarkup() throws {
        #expect(try render("{{a}}", ["a": "{{b}}<script>"]) == "{{b}}&lt;script&gt;")
    }
}

private final class Counter {
    var count = 0
}
