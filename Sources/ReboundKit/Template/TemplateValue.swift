/// What a context value is to a template, told apart once: by its exact type first, which
/// costs a pointer comparison, and only then by the slower general casts.
enum TemplateValue {
    case flag(Bool)
    case text(String)
    /// Markup made as bytes (a chart): text that was never made a `String`.
    case markup(Markup)
    case number(Int)
    case dictionary(TemplateContext)
    case dictionaries([TemplateContext])
    case texts([String])
    case lazy(LazyList)
    /// Markup made only when a page shows it (see `DeferredMarkup`).
    case deferred(DeferredMarkup)
    case list([Any])
    /// An `Optional` holding nothing.
    case missing
    /// Anything else (a `Double`, say): shown as Swift describes it, and a section's context.
    case other(Any)

    init(_ value: Any) {
        func open<Value>(_ value: Value) -> TemplateValue { TemplateValue.opened(value) }
        self = _openExistential(value, do: open)
    }

    /// What `value`, taken out of its existential, is: its exact type is compared first, and
    /// a value of one of those types is copied out as that type, without the general cast.
    private static func opened<Value>(_ value: Value) -> TemplateValue {
        func known<T>(_: T.Type) -> T { unsafeBitCast(value, to: T.self) }
        let type = Value.self
        if type == String.self {
            return .text(known(String.self))
        } else if type == Markup.self {
            return .markup(known(Markup.self))
        } else if type == TemplateContext.self {
            return .dictionary(known(TemplateContext.self))
        } else if type == Bool.self {
            return .flag(known(Bool.self))
        } else if type == [TemplateContext].self {
            return .dictionaries(known([TemplateContext].self))
        } else if type == Int.self {
            return .number(known(Int.self))
        } else if type == LazyList.self {
            return .lazy(known(LazyList.self))
        } else if type == [String].self {
            return .texts(known([String].self))
        } else if type == DeferredMarkup.self {
            return .deferred(known(DeferredMarkup.self))
        } else if let list = value as? [Any] {
            return .list(list)
        } else if let optional = value as? any OptionalValue {
            return optional.wrapped.map(TemplateValue.init) ?? .missing
        } else if let dictionary = value as? TemplateContext {
            return .dictionary(dictionary)
        } else if let dictionary = value as? [String: Any] {
            // A dictionary made elsewhere, such as `["name": "Ada"]` written inside a context.
            return .dictionary(TemplateContext(uniqueKeysWithValues: dictionary.map { (ContextKey($0.key), $0.value) }))
        } else {
            return .other(value)
        }
    }
}

extension TemplateValue {
    /// Whether an inverted section shows for the value: missing, false, or an empty list.
    var isEmpty: Bool {
        switch self {
        case .flag(let on): !on
        case .dictionaries(let items): items.isEmpty
        case .lazy(let list): list.count == 0
        case .texts(let texts): texts.isEmpty
        case .list(let items): items.isEmpty
        case .missing: true
        case .text, .markup, .deferred, .number, .dictionary, .other: false
        }
    }

    /// The value as `{{name}}` shows it: text as it is, anything else as Swift describes it.
    var text: String? {
        switch self {
        case .text(let text): text
        case .markup(let markup): markup.text
        case .deferred(let deferred): deferred.make().text
        case .number(let number): String(number)
        case .flag(let on): String(on)
        case .dictionary(let value): String(describing: value)
        case .dictionaries(let value): String(describing: value)
        case .texts(let value): String(describing: value)
        case .lazy(let value): String(describing: value)
        case .list(let value): String(describing: value)
        case .other(let value): String(describing: value)
        case .missing: nil
        }
    }
}

/// Markup a page shows as it would `Markup`, made only when the page is rendered: a page kept
/// because nothing it shows changed is known by `key`, a digest of everything the markup is made
/// from, so the markup (a chart of every entry) is not made just to be told unchanged.
struct DeferredMarkup {
    let key: Int
    let make: () -> Markup
}

/// An `Optional` seen through `Any`, so a value that is nil renders as missing.
protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? { self.map { $0 } }
}
