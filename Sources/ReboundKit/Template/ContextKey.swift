/// A name in a template's context, which works out its hash once, when it is made.
///
/// A template looks its names up in every context of its stack, innermost first, so a page
/// makes thousands of lookups with the few dozen names its templates hold. As a `String` key,
/// each lookup would hash its name again; a template's names are made once, when the theme
/// loads, and a name in a page's context once, as the context is made.
public struct ContextKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    /// The hash of the name's UTF-8 bytes (`StableHasher.hash(utf8:)`), the same in every run.
    let hash: Int

    public init(_ name: String) {
        self.name = name
        hash = StableHasher.hash(utf8: name)
    }

    public init(stringLiteral name: String) {
        self.init(name)
    }

    public var description: String { name }

    public static func == (left: ContextKey, right: ContextKey) -> Bool {
        left.hash == right.hash && left.name == right.name
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    /// What a dictionary places the key by, given the dictionary's own seed: the hash, mixed
    /// with the seed so that no two dictionaries order their keys alike, without a `Hasher`.
    public func _rawHashValue(seed: Int) -> Int {
        let mixed = UInt64(UInt(bitPattern: hash ^ seed)) &* 0x9e37_79b9_7f4a_7c15
        return Int(bitPattern: UInt(mixed ^ (mixed >> 29)))
    }
}

/// What a template renders with: dictionaries of these, arrays, strings, numbers and booleans.
public typealias TemplateContext = [ContextKey: Any]
