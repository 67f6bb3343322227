import Testing
@testable import ReboundKit

@Suite struct FormattingTests {
    /// A short date is the day, the month's first three letters and the year, without leading
    /// zeros, for every day of a leap year and for years of one to four digits and beyond.
    @Test func aShortDateIsTheDayTheMonthAndTheYear() throws {
        let start = try #require(CalendarDay(year: 2024, month: 1, day: 1))
        var days = (0..<366).map { start.adding(days: $0) }
        for year in [1, 9, 10, 99, 100, 999, 1000, 9999] {
            days += [try #require(CalendarDay(year: year, month: 1, day: 1)), try #require(CalendarDay(year: year, month: 12, day: 31))]
        }
        days.append(try #require(CalendarDay(year: 9999, month: 12, day: 31)).adding(days: 1))
        for day in days {
            #expect(Formatting.short(day) == "\(day.day) \(MonthName.short(day.month)) \(day.year)")
        }
        #expect(Formatting.short(try #require(CalendarDay(year: 2026, month: 10, day: 5))) == "5 Oct 2026")
        #expect(Formatting.short(try #require(CalendarDay(year: 987, month: 5, day: 31))) == "31 May 987")
        #expect(days.last.map(Formatting.short) == "1 Jan 10000")
    }

    /// Days compare as the days they count from the calendar's start do, across months, leap
    /// days and years of any number of digits.
    @Test func daysCompareAsTheirOrdinalsDo() throws {
        let start = try #require(CalendarDay(year: 2023, month: 12, day: 25))
        var days = stride(from: 0, to: 500, by: 7).map { start.adding(days: $0) } + [start.adding(days: 66), start.adding(days: 67)]
        for year in [1, 9, 10, 100, 1999, 2000, 9999] {
            days += [try #require(CalendarDay(year: year, month: 2, day: 28)), try #require(CalendarDay(year: year, month: 3, day: 1))]
        }
        for a in days {
            for b in days {
                #expect((a < b) == (a.ordinal < b.ordinal), "\(a) before \(b)")
            }
        }
    }
}
