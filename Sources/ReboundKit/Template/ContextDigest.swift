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
        let type = Swift.type(of: value)
        if type == String.self {
            hasher.combine(1 as UInt8)
            hasher.combine(value as! String)
        } else if type == [String: Any].self {
            add(value as! [String: Any], to: &hasher)
        } else if type == [[String: Any]].self {
            let list = value as! [[String: Any]]
            hasher.combine(3 as UInt8)
            hasher.combine(list.count)
            for item in list { add(item, to: &hasher) }
        } else if type == Int.self {
            hasher.combine(4 as UInt8)
            hasher.combine(value as! Int)
        } else if type == Bool.self {
            hasher.combine(5 as UInt8)
            hasher.combine(value as! Bool)
        } else if type == LazyList.self {
            let list = value as! LazyList
            hasher.combine(3 as UInt8)
            hasher.combine(list.count)
            for index in 0..<list.count { add(list.item(index), to: &hasher) }
        } else if let list = value as? [Any] {
            hasher.combine(3 as UInt8)
            hasher.combine(list.count)
            for item in list { add(item, to: &hasher) }
        } else if let optional = value as? any OptionalValue {
            if let wrapped = optional.wrapped { add(wrapped, to: &hasher) } else { hasher.combine(0 as UInt8) }
        } else {
            hasher.combine(6 as UInt8)
            hasher.combine(String(describing: type))
            hasher.combine(String(describing: value))
        }
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
