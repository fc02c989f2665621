import Foundation

/// Dates as people at a UK school read them (13:57, 25 Nov 2026), whatever the server's own locale.
extension Date {
    private static let locale = Locale(identifier: "en_GB")

    var dayText: String { formatted(.dateTime.day().month(.wide).year().locale(Self.locale)) }
    var shortDayAndTimeText: String {
        formatted(.dateTime.day().month(.abbreviated).year().hour(.twoDigits(amPM: .omitted)).minute(.twoDigits).locale(Self.locale))
    }
    var timeText: String { formatted(.dateTime.hour(.twoDigits(amPM: .omitted)).minute(.twoDigits).locale(Self.locale)) }
}
