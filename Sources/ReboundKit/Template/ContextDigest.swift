/// A hash of a template context: two contexts with the same digest render the same bytes from
/// the same template. Dictionaries hash their pairs in any order; lazy lists are made item by
/// item. Seeded per process, so digests are compared only within one.
enum ContextDigest {
    static func of(_ value: Any) -> Int {
        var hasher = Hasher()
        add(value, to: &hasher)
        return hasher.finalize()
    }

    static func add(_ value: Any, to hasher: inout Hasher) {
        switch TemplateValue(value) {
        case .text(let text):
            hasher.combine(1 as UInt8)
            hasher.combine(text)
        case .dictionary(let dictionary):
            add(dictionary, to: &hasher)
        case .dictionaries(let items):
            addList(items.count, to: &hasher) { add(items[$0], to: &$1) }
        case .texts(let texts):
            addList(texts.count, to: &hasher) { add(texts[$0], to: &$1) }
        case .list(let items):
            addList(items.count, to: &hasher) { add(items[$0], to: &$1) }
        case .lazy(let list):
            addList(list.count, to: &hasher) { add(list.item($0), to: &$1) }
        case .number(let number):
            hasher.combine(4 as UInt8)
            hasher.combine(number)
        case .flag(let on):
            hasher.combine(5 as UInt8)
            hasher.combine(on)
        case .missing:
            hasher.combine(0 as UInt8)
        case .other(let other):
            hasher.combine(6 as UInt8)
            hasher.combine(String(describing: Swift.type(of: other)))
            hasher.combine(String(describing: other))
        }
    }

    /// A list of `count` items, each added by `item`.
    private static func addList(_ count: Int, to hasher: inout Hasher, _ item: (Int, inout Hasher) -> Void) {
        hasher.combine(3 as UInt8)
        hasher.combine(count)
        for index in 0..<count { item(index, &hasher) }
    }

    /// A dictionary's pairs, each hashed alone and summed, so their order does not matter.
    static func add(_ dictionary: [String: Any], to hasher: inout Hasher) {
        var sum = 0
        for (key, value) in dictionary {
            var pair = Hasher()
            pair.combine(key)
            add(value, to: &pair)
            sum &+= pair.finalize()
        }
        hasher.combine(2 as UInt8)
        hasher.combine(dictionary.count)
        hasher.combine(sum)
    }
}
