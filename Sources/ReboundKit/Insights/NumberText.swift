/// Formats numbers for pages and charts without consulting the locale, so every build of the
/// same workbook prints the same digits with a "." decimal separator.
public enum NumberText {
    /// The value rounded to one decimal and always printed with it: `3.0`, `6.1`, `-2.5`.
    public static func oneDecimal(_ value: Double) -> String {
        let (negative, whole, tenth) = tenths(value)
        return (negative ? "-" : "") + "\(whole).\(tenth)"
    }

    /// The value rounded to at most one decimal, dropping a trailing `.0`: `3`, `6.1`, `-2.5`.
    public static func compact(_ value: Double) -> String {
        let (negative, whole, tenth) = tenths(value)
        let digits = tenth == 0 ? "\(whole)" : "\(whole).\(tenth)"
        return (negative ? "-" : "") + digits
    }

    /// The arithmetic mean, or nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Sign, whole part and tenths of `value` rounded half away from zero; non-finite values read as 0.
    static func tenths(_ value: Double) -> (negative: Bool, whole: Int, tenth: Int) {
        guard value.isFinite, abs(value) < 1e15 else { return (false, 0, 0) }
        let scaled = Int((abs(value) * 10).rounded(.toNearestOrAwayFromZero))
        return (value < 0 && scaled != 0, scaled / 10, scaled % 10)
    }
}
