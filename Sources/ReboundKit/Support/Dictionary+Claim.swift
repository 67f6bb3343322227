extension Dictionary {
    /// The value of `key`, which becomes `value` when the table holds none, and whether it was
    /// put in now: one hash and look-up where asking and then adding would make two.
    mutating func claim(_ key: Key, _ value: @autoclosure () -> Value) -> (value: Value, claimed: Bool) {
        var claimed = false
        let found = { (slot: inout Value) in slot }(&self[key, default: { claimed = true; return value() }()])
        return (found, claimed)
    }
}
