/// What `ContextDigest` hashes into: `Hasher`, seeded in each run, or `StableHasher`.
protocol DigestHasher {
    init()
    mutating func combine(_ value: Int)
    mutating func combine(_ value: Bool)
    mutating func combine(utf8 text: String)
    func finalize() -> Int
}

extension Hasher: DigestHasher {}
extension StableHasher: DigestHasher {}

/// A hash of a template context: two contexts with the same digest render the same bytes from
/// the same template. Dictionaries hash their pairs in any order; a lazy list adds its items'
/// keys where it has them, and otherwise makes its items one by one. With `Hasher`, seeded per
/// process, digests are compared only within one.
enum ContextDigest {
    static func add<H: DigestHasher>(_ value: Any, to hasher: inout H) {
        switch TemplateValue(value) {
        case .text(let text):
            hasher.combine(1)
            hasher.combine(utf8: text)
        case .markup(let markup):
            // As the text it shows, which a page may give either way.
            hasher.combine(1)
            hasher.combine(utf8: markup.text)
        case .deferred(let deferred):
            hasher.combine(7)
            hasher.combine(deferred.key)
        case .dictionary(let dictionary):
            add(dictionary, to: &hasher)
        case .dictionaries(let items):
            addList(items.count, to: &hasher) { add(items[$0], to: &$1) }
        case .texts(let texts):
            addList(texts.count, to: &hasher) { add(texts[$0], to: &$1) }
        case .list(let items):
            addList(items.count, to: &hasher) { add(items[$0], to: &$1) }
        case .lazy(let list):
            if let key = list.key {
                addList(list.count, to: &hasher) { $1.combine(key($0)) }
            } else {
                addList(list.count, to: &hasher) { add(list.item($0), to: &$1) }
            }
        case .number(let number):
            hasher.combine(4)
            hasher.combine(number)
        case .flag(let on):
            hasher.combine(5)
            hasher.combine(on)
        case .missing:
            hasher.combine(0)
        case .other(let other):
            hasher.combine(6)
            hasher.combine(utf8: String(describing: Swift.type(of: other)))
            hasher.combine(utf8: String(describing: other))
        }
    }

    /// A list of `count` items, each added by `item`.
    private static func addList<H: DigestHasher>(_ count: Int, to hasher: inout H, _ item: (Int, inout H) -> Void) {
        hasher.combine(3)
        hasher.combine(count)
        for index in 0..<count { item(index, &hasher) }
    }

    /// A dictionary's pairs, each hashed alone and summed, so their order does not matter.
    static func add<H: DigestHasher>(_ dictionary: TemplateContext, to hasher: inout H) {
        var sum = 0
        for (key, value) in dictionary {
            var pair = H()
            pair.combine(utf8: key.name)
            add(value, to: &pair)
            sum &+= pair.finalize()
        }
        hasher.combine(2)
        hasher.combine(dictionary.count)
        hasher.combine(sum)
    }
}

extension Hasher {
    /// `text` as its UTF-8 bytes. `combine(text)` hashes the Unicode-normalised text instead,
    /// which is slower and gives two spellings of an accent one hash, although they are
    /// different bytes on the page.
    mutating func combine(utf8 text: String) {
        // Read in place where the text is stored contiguously, as almost every text is: a copy
        // would retain it, and the other cores retain the same texts as they render.
        let read: Void? = text.utf8.withContiguousStorageIfAvailable { combine(bytes: UnsafeRawBufferPointer($0)) }
        if read == nil {
            var text = text
            text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        combine(text.utf8.count)
    }
}
