import Foundation
import Vapor

/// Times as the school's wall clock shows them, whatever the server's own time zone is.
struct SchoolTime: Sendable {
    let calendar: Calendar

    init(zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.locale = Locale(identifier: "en_GB")
        self.calendar = calendar
    }

    private static let weekdayIDs = [2: "mon", 3: "tue", 4: "wed", 5: "thu", 6: "fri"]

    /// `HH:MM` as sent by a time input, as minutes after midnight.
    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":").map { Int($0) }
        guard parts.count >= 2, let hour = parts[0], let minute = parts[1], (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    static func clockText(_ minuteOfDay: Int) -> String {
        "\((minuteOfDay / 60).padded(2)):\((minuteOfDay % 60).padded(2))"
    }

    /// "08:30–16:00"
    static func spanText(_ startMinute: Int, _ endMinute: Int) -> String { "\(clockText(startMinute))–\(clockText(endMinute))" }

    /// A `YYYY-MM-DD` day and `HH:MM` time on the school's clock.
    func date(day: String, time: String) -> Date? {
        let dayParts = day.split(separator: "-").compactMap { Int($0) }
        guard dayParts.count == 3, (2000...2100).contains(dayParts[0]),
              let minute = Self.minuteOfDay(time) else { return nil }
        let components = DateComponents(year: dayParts[0], month: dayParts[1], day: dayParts[2], hour: minute / 60, minute: minute % 60)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    func minuteOfDay(_ date: Date) -> Int {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    func isWeekday(_ date: Date) -> Bool { Self.weekdayIDs[calendar.component(.weekday, from: date)] != nil }

    func dayID(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\((parts.year ?? 0).padded(4))-\((parts.month ?? 0).padded(2))-\((parts.day ?? 0).padded(2))"
    }

    func timeID(_ date: Date) -> String { Self.clockText(minuteOfDay(date)) }

    /// Formats on the school's clock, in British English, whatever the server's own zone and locale are.
    private var style: Date.FormatStyle {
        Date.FormatStyle(date: .omitted, time: .omitted, locale: calendar.locale!, calendar: calendar, timeZone: calendar.timeZone)
    }

    /// "Wednesday 2 December"
    func dayText(_ date: Date) -> String { date.formatted(style.weekday(.wide).day().month(.wide)) }

    /// "2 December 2026"
    func dateText(_ date: Date) -> String { date.formatted(style.day().month(.wide).year()) }

    /// "2 Dec 2026, 13:57": when something happened.
    func stampText(_ date: Date) -> String { "\(date.formatted(style.day().month(.abbreviated).year())), \(timeID(date))" }

    /// "Wed 2 Dec, 13:20–14:00": short enough for a select on a phone.
    func shortSlotText(_ start: Date, _ end: Date) -> String {
        "\(start.formatted(style.weekday(.abbreviated).day().month(.abbreviated))), \(timeID(start))–\(timeID(end))"
    }

    /// "Wednesday 2 December, 13:20–14:00"
    func slotText(_ start: Date, _ end: Date) -> String { "\(dayText(start)), \(timeID(start))–\(timeID(end))" }

    func isSameDay(_ a: Date, _ b: Date) -> Bool { calendar.isDate(a, inSameDayAs: b) }

    func startOfDay(_ date: Date) -> Date { calendar.startOfDay(for: date) }

    /// The next `count` times a weekly free period such as `wed-lunch` starts after `now`, at the school's bell times.
    func occurrences(of periodID: String, bells: BellTimes, after now: Date, count: Int) -> [(start: Date, end: Date)] {
        let parts = periodID.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, let weekday = Self.weekdayIDs.first(where: { $0.value == parts[0] })?.key,
              let bell = bells[parts[1]] else { return [] }
        var results: [(Date, Date)] = []
        var day = calendar.startOfDay(for: now)
        while results.count < count {
            if calendar.component(.weekday, from: day) == weekday,
               let start = calendar.date(bySettingHour: bell.start / 60, minute: bell.start % 60, second: 0, of: day), start > now {
                results.append((start, start.addingTimeInterval(Double(bell.minutes) * 60)))
            }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        return results
    }
}

extension Request {
    var schoolTime: SchoolTime { SchoolTime(zone: configuration.timeZone) }
}
