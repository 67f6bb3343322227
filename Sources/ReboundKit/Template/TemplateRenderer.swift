/// Renders parsed templates with a context of dictionaries (`TemplateContext`), arrays, strings,
/// numbers and booleans, straight into UTF-8 bytes.
///
/// Values are told apart by their exact type first, which costs a pointer comparison, and only
/// then by the slower general casts; a page of a few hundred tags renders in microseconds.
struct TemplateRenderer: ~Copyable {
    let program: TemplateProgram
    /// What was made, but for the bytes still in `pending`; whatever reads it flushes first.
    private(set) var output: [UInt8] = []
    /// The short runs made since the last flush: a template's text between its tags and the
    /// values written into it, copied on into `output` a few kilobytes at a time.
    private var pending = ByteBuffer(capacity: Self.pendingSize)
    private static let pendingSize = 4096
    private var stack: [Frame] = []
    /// The blocks filled by the parents being rendered, outermost first (see `filled`).
    private var parents: [Range<Int>] = []

    /// One context of the stack; dictionaries, the common case, are kept unboxed so that a
    /// lookup needs no cast. A struct rather than an enum, so that a lookup reads the dictionary
    /// where the stack holds it instead of copying it out first.
    private struct Frame {
        /// The context when it is a dictionary; empty otherwise.
        let dictionary: TemplateContext
        /// The context when it is anything else.
        let other: Any?
        /// Whether `other` is nil, told without reading the `Any`, which would copy it.
        let isDictionary: Bool

        static func dictionary(_ dictionary: TemplateContext) -> Frame { Frame(dictionary: dictionary, other: nil, isDictionary: true) }
        static func value(_ value: Any) -> Frame { Frame(dictionary: [:], other: value, isDictionary: false) }

        var value: Any { isDictionary ? dictionary : other! }
    }

    /// Given, takes the output whenever a megabyte of it has been made, so a long page is never
    /// held whole; `output` then holds only what was made since.
    private let spill: (([UInt8]) -> Void)?
    private static let spillSize = 1 << 20
    /// How many bytes were handed to `spill` so far: where `output` starts in the whole page.
    private var spilled = 0
    /// Above zero while an indented partial or a remembered item renders: its output is
    /// indented or kept once it is done, so it must stay until then.
    private var holding = 0

    /// Given, the items of lazy lists are remembered by what they were made from, and taken from
    /// an earlier render when that is unchanged (see `RenderMemo`).
    private let memo: RenderMemo?
    /// Above zero while an item of a remembered list renders: the items of a list inside it are
    /// not placed (see `RenderMemo.place`), since the outer item, once copied whole, places none
    /// of them; what a build records must not depend on what it copied.
    private var insideItem = 0
    /// The lowest frame of the stack a name was found in, outside the page's shared names:
    /// an item that reached below its own frame depends on more than itself and is not remembered.
    private var lowestReached = Int.max

    init(program: TemplateProgram, capacity: Int = 0, spill: (([UInt8]) -> Void)? = nil, memo: RenderMemo? = nil) {
        self.program = program
        self.spill = spill
        self.memo = memo
        output.reserveCapacity(spill == nil ? capacity : Self.spillSize + Self.spillSize / 4)
    }

    init(templates: [String: Template], capacity: Int = 0, spill: (([UInt8]) -> Void)? = nil, memo: RenderMemo? = nil) {
        self.init(program: TemplateProgram(templates), capacity: capacity, spill: spill, memo: memo)
    }

    /// Hands what is left to `spill`, once rendering is done.
    mutating func finish() {
        flush()
        guard let spill, !output.isEmpty else { return }
        spill(output)
        spilled += output.count
        output.removeAll(keepingCapacity: true)
    }

    /// Renders the template `name`; an unknown name renders nothing.
    mutating func render(_ name: String, _ context: TemplateContext) {
        guard let steps = program.range(of: name) else { return }
        stack.append(.dictionary(context))
        run(steps)
        stack.removeLast()
        flush()
    }

    /// Moves the bytes of `pending` to the end of `output`.
    private mutating func flush() {
        guard pending.count > 0 else { return }
        pending.withBytes { output.append(contentsOf: $0) }
        pending.removeAll()
    }

    /// Hands the output to `spill` once it holds a megabyte, unless it must stay (see `holding`).
    private mutating func spillIfFull() {
        if pending.count >= Self.pendingSize { flush() }
        // The counts first: binding the closure copies it, which this, run at every step, need not.
        guard output.count >= Self.spillSize, holding == 0, let spill else { return }
        spill(output)
        spilled += output.count
        output.removeAll(keepingCapacity: true)
    }

    /// Runs the steps of `range`, passing over the bodies a step holds.
    private mutating func run(_ range: Range<Int>) {
        let steps = program.steps
        var index = range.lowerBound
        while index < range.upperBound {
            let step = steps[index]
            spillIfFull()
            switch step.kind {
            case .text:
                pending.append(program.bytes(step.a, step.b))
            case .variable:
                if let value = resolve(step) { write(value, escaped: step.flag) }
            case .section:
                let body = index + 1..<step.end
                let value = resolve(step).map(TemplateValue.init) ?? .missing
                if step.flag {
                    if value.isEmpty { run(body) }
                } else if let memo, case .lazy(let list) = value, list.keepsItems, memo.keepsBytes || list.stable {
                    remembered(list, body, section: step.id, memo: memo)
                } else {
                    section(value, body)
                }
            case .partial:
                guard step.a >= 0 else { break }
                if step.c == step.d {
                    run(step.a..<step.b)
                } else {
                    flush()
                    let start = output.count
                    holding += 1
                    run(step.a..<step.b)
                    holding -= 1
                    flush()
                    indent(from: start, by: program.bytes(step.c, step.d))
                }
            case .parent:
                guard step.a >= 0 else { break }
                parents.append(step.c..<step.d)
                run(step.a..<step.b)
                parents.removeLast()
            case .block:
                run(filled(step.a) ?? index + 1..<step.end)
            }
            index = step.end
        }
    }

    /// The steps that fill block `block`: those of the outermost parent that fills it, as a child
    /// template's blocks win over those of the templates it extends.
    private func filled(_ block: Int) -> Range<Int>? {
        for fills in parents {
            for fill in program.fills[fills] where fill.block == block { return fill.start..<fill.end }
        }
        return nil
    }

    // MARK: Sections

    private mutating func section(_ value: TemplateValue, _ body: Range<Int>) {
        switch value {
        case .flag(let on):
            if on { run(body) }
        case .dictionaries(let items):
            for item in items { run(body, in: .dictionary(item)) }
        case .lazy(let list):
            for index in 0..<list.count { run(body, in: .dictionary(list.item(index))) }
        case .dictionary(let dictionary):
            run(body, in: .dictionary(dictionary))
        case .texts(let texts):
            for text in texts { run(body, in: .value(text)) }
        case .list(let items):
            for item in items { run(body, in: .value(item)) }
        case .text(let text):
            run(body, in: .value(text))
        case .markup(let markup):
            run(body, in: .value(markup))
        case .deferred(let deferred):
            run(body, in: .value(deferred.make()))
        case .number(let number):
            run(body, in: .value(number))
        case .other(let value):
            run(body, in: .value(value))
        case .missing:
            break
        }
    }

    /// Runs `body` with `frame` on top of the stack.
    private mutating func run(_ body: Range<Int>, in frame: Frame) {
        stack.append(frame)
        run(body)
        stack.removeLast()
    }

    /// A lazy list whose items come from `memo` when made from the same context in the same
    /// section with the same page around them, and are rendered (and remembered) otherwise.
    private mutating func remembered(_ list: LazyList, _ body: Range<Int>, section: Int, memo: RenderMemo) {
        // What an item may see besides itself: which names the frames below hold (a name missing
        // from the item is looked up there), and the values of the page's shared names.
        // The same in every run, so that the items of a stable list are known by a later one.
        var around = StableHasher()
        around.combine(section)
        for (index, frame) in stack.enumerated() {
            guard frame.isDictionary else {
                ContextDigest.add(frame.value, to: &around)
                continue
            }
            let dictionary = frame.dictionary
            around.combine(dictionary.count)
            around.combine(dictionary.keys.reduce(0) { $0 &+ $1.hash })
            if index == 0 {
                for name in Self.sharedNames { ContextDigest.add(dictionary[name] as Any, to: &around) }
            }
        }
        let floor = stack.count
        let places = list.stable && memo.placesItems && insideItem == 0
        for index in 0..<list.count {
            var key = around
            var item: TemplateContext?
            if let made = list.key {
                key.combine(made(index))
            } else {
                item = list.item(index)
                ContextDigest.add(item!, to: &key)
            }
            let digest = key.finalize()
            flush()
            let start = output.count
            if let (bytes, hash) = memo.reuse(digest) {
                output.append(contentsOf: bytes)
                if places { memo.place(digest, at: spilled + start, bytes: bytes, hash: hash) }
                spillIfFull()
                continue
            }
            let outerLowest = lowestReached
            lowestReached = .max
            holding += 1
            insideItem += 1
            run(body, in: .dictionary(item ?? list.item(index)))
            insideItem -= 1
            holding -= 1
            flush()
            if lowestReached >= floor {
                memo.remember(digest, output[start...])
                if places { memo.place(digest, at: spilled + start, bytes: output[start...]) }
            }
            lowestReached = min(outerLowest, lowestReached)
            spillIfFull()
        }
    }

    /// Names every page has at its root; an item may use them and still be remembered, since
    /// the memo's key holds their values.
    static let sharedNames: [ContextKey] = ["site", "root", "title", "nav"]

    // MARK: Values

    /// The value the name of `step` stands for: the first part looked up from the innermost
    /// context outwards, the other parts inside what it found.
    private mutating func resolve(_ step: TemplateProgram.Step) -> Any? {
        guard step.a < step.b else { return stack.last?.value }
        let parts = program.parts
        let first = parts[step.a]
        // The frames are read where the stack holds them, and a frame that lacks the name makes
        // no `Optional<Any>`: copying or releasing one goes through the general witness of
        // `Optional`, which costs more than the lookup itself.
        var found: Any?
        var foundIn = -1
        stack.withUnsafeBufferPointer { frames in
            for index in frames.indices.reversed() {
                if frames[index].isDictionary {
                    guard let position = frames[index].dictionary.index(forKey: first) else { continue }
                    found = frames[index].dictionary.values[position]
                } else {
                    guard let value = Self.child(first, of: frames[index].other!) else { continue }
                    found = value
                }
                foundIn = index
                return
            }
        }
        if foundIn >= 0, foundIn < lowestReached, !(foundIn == 0 && step.shared) { lowestReached = foundIn }
        for part in step.a + 1..<step.b {
            guard let object = found else { return nil }
            found = Self.child(parts[part], of: object)
        }
        return found
    }

    private static func child(_ key: ContextKey, of object: Any) -> Any? {
        guard case .dictionary(let dictionary) = TemplateValue(object) else { return nil }
        return dictionary[key]
    }

    private mutating func write(_ value: Any, escaped: Bool) {
        // Text, the common case, is matched first and written without another copy.
        switch TemplateValue(value) {
        case .text(let text):
            append(text, escaped: escaped)
        case .markup(let markup) where !escaped:
            markup.bytes.withUnsafeBufferPointer { pending.append($0) }
        case .deferred(let deferred) where !escaped:
            deferred.make().bytes.withUnsafeBufferPointer { pending.append($0) }
        case let value:
            if let text = value.text { append(text, escaped: escaped) }
        }
    }

    private mutating func append(_ text: String, escaped: Bool) {
        if escaped {
            HTML.escape(text, into: &pending)
        } else {
            var text = text
            text.withUTF8 { pending.append($0) }
        }
    }

    /// Indents every line written since `start`, as a partial standing alone on an indented line is.
    private mutating func indent(from start: Int, by indentation: UnsafeBufferPointer<UInt8>) {
        guard start < output.count else { return }
        var indented = Array(indentation)
        indented.reserveCapacity((output.count - start) * 5 / 4)
        for index in start..<output.count {
            indented.append(output[index])
            if output[index] == 0x0A, index + 1 < output.count { indented.append(contentsOf: indentation) }
        }
        output.replaceSubrange(start..., with: indented)
    }
}

/// A list for a section whose items are made only as the section reaches them, so that a long
/// list (every entry of the printed workbook) is never held in memory whole.
struct LazyList {
    let count: Int
    let item: (Int) -> TemplateContext
    /// Whether `key` is a `StableHasher` digest of everything an item is made from, the same in
    /// every run: then the items are remembered even by a one-off build, by where they are in the
    /// page, for a build in a later run to copy (see `EarlierPieces`).
    var stable = false
    /// Whether a memo keeps its items. Not for a list of one that only puts off making a part of
    /// a page until the section reaches it: keeping that one item would hold the whole part in
    /// memory while it renders, and the lists inside it are kept item by item anyway.
    var keepsItems = true
    /// Given, a hash of everything item `index` is made from, so a remembered item is found
    /// without making its context (see `RenderMemo`), and a page's digest stands for the items
    /// (see `ContextDigest`); by default the context's digest. Each is made once: a page whose
    /// digest changed asks for them all again as it renders.
    var key: ((Int) -> Int)?

    init(count: Int, item: @escaping (Int) -> TemplateContext, key: ((Int) -> Int)? = nil, stable: Bool = false, keepsItems: Bool = true) {
        self.count = count
        self.item = item
        self.key = key.map { make in
            let known = KnownKeys(count: count)
            return { index in known.key(index, make) }
        }
        self.stable = stable
        self.keepsItems = keepsItems
    }

    /// The keys of a list made so far. A list is rendered by one task, as its page's context is.
    /// Kept where a pointer leads rather than in arrays, so that reading one is not checked for
    /// an overlapping change at run time, as a class's arrays are.
    private final class KnownKeys {
        private let count: Int
        private let keys: UnsafeMutablePointer<Int>
        private let made: UnsafeMutablePointer<Bool>

        init(count: Int) {
            self.count = count
            keys = .allocate(capacity: count)
            made = .allocate(capacity: count)
            made.initialize(repeating: false, count: count)
        }

        deinit {
            keys.deallocate()
            made.deallocate()
        }

        /// The key of item `index`, made by `make` the first time it is asked for.
        func key(_ index: Int, _ make: (Int) -> Int) -> Int {
            guard (0..<count).contains(index) else { return make(index) }
            if !made[index] {
                keys[index] = make(index)
                made[index] = true
            }
            return keys[index]
        }
    }
}

/// Rendered items of lazy lists, each with a digest of everything it was made from: `earlier`
/// from the last render of the page, `made` by this one, in the order the page shows them. Kept
/// by `serve` between builds, so the printed workbook renders again only the sheets of entries
/// that changed. A one-off build keeps no items, only where those of stable lists are, and takes
/// them from the earlier site's file (`onDisk`).
///
/// A render asks for the items in much the order the last one made them, so an item is looked
/// for just after the one found before it, without a table; only a page whose items moved about
/// gets a table of them all.
final class RenderMemo {
    typealias Item = (digest: Int, bytes: [UInt8])

    let earlier: [Item]
    /// The page's pieces in the site a build in an earlier run wrote, looked in when `earlier`
    /// does not hold an item.
    let onDisk: EarlierPieces.Page?
    /// Whether the items are kept in memory for the next build (`serve`), which then remembers
    /// the items of every lazy list; a one-off build remembers only where the items of stable
    /// lists are.
    let keepsBytes: Bool
    /// Whether where the items of stable lists are is noted (`placed`), for a later run.
    let placesItems: Bool
    private(set) var made: [Item] = []
    /// Where each item of a stable list is in the page, for the pieces a later run reads back.
    private(set) var placed: [EarlierPieces.Piece] = []
    /// How many items were taken from `earlier` or `onDisk`.
    private(set) var reused = 0
    /// Where in `earlier` the next item is looked for first.
    private var cursor = 0
    /// Items looked for and not found near the cursor.
    private var misses = 0
    /// The position of each item in `earlier` by digest, once more than `tableAfter` items were
    /// not found near the cursor.
    private var positions: [Int: Int]?
    private static let window = 8, tableAfter = 32

    init(earlier: [Item] = [], onDisk: EarlierPieces.Page? = nil, keepsBytes: Bool = true, placesItems: Bool = false) {
        self.earlier = earlier
        self.onDisk = onDisk
        self.keepsBytes = keepsBytes
        self.placesItems = placesItems
        made.reserveCapacity(earlier.count)
    }

    /// The bytes of the item made from `digest` last time, which this render then keeps too, and
    /// their hash when it is known already (`Manifest.hash`).
    func reuse(_ digest: Int) -> (bytes: ArraySlice<UInt8>, hash: UInt64?)? {
        if let place = find(digest) {
            cursor = place + 1
            made.append(earlier[place])
            reused += 1
            return (earlier[place].bytes[...], nil)
        }
        guard let (bytes, hash) = onDisk?.bytes(for: digest) else { return nil }
        if keepsBytes { made.append((digest, Array(bytes))) }
        reused += 1
        return (bytes, hash)
    }

    /// Keeps an item rendered now.
    func remember(_ digest: Int, _ bytes: ArraySlice<UInt8>) {
        if keepsBytes { made.append((digest, Array(bytes))) }
    }

    /// Notes that the item made from `digest` is `bytes`, at `offset` in the page; `hash`, when
    /// known, is theirs.
    func place(_ digest: Int, at offset: Int, bytes: ArraySlice<UInt8>, hash: UInt64? = nil) {
        placed.append(EarlierPieces.Piece(digest: digest, offset: offset, length: bytes.count, hash: hash ?? Manifest.hash(bytes)))
    }

    private func find(_ digest: Int) -> Int? {
        guard !earlier.isEmpty else { return nil }
        if let positions { return positions[digest] }
        for place in cursor..<min(cursor + Self.window, earlier.count) where earlier[place].digest == digest { return place }
        misses += 1
        guard misses > Self.tableAfter else { return nil }
        let table = Dictionary(earlier.indices.map { (earlier[$0].digest, $0) }, uniquingKeysWith: { first, _ in first })
        positions = table
        return table[digest]
    }
}
