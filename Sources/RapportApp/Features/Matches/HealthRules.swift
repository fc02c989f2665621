import Foundation

/// The thresholds a programme's early warnings, relationship checks and feedback rounds run by ("Programme rules" in
/// practice.md). Each is a programme setting; the defaults are practice.md's.
struct HealthRules: Equatable, Sendable {
    /// A gap without a meeting over this many times the pair's rhythm raises a flag.
    var gapCadences = 2
    /// This many recorded meetings missed in a row raise a flag.
    var missedInARow = 2
    /// Under this share of the last `attendanceWindow` scheduled meetings attended raises a flag...
    var attendancePercent = 75
    var attendanceWindow = 8
    /// ...once at least this many have been scheduled.
    var attendanceMinimum = 4
    /// Closing a match younger than this needs a reason (and counts as an early closure).
    var earlyClosureDays = 91
    /// Relationship checks: the first after this many days, the second after `secondCheckDays`, then every `checkEveryDays`.
    var firstCheckDays = 30
    var secondCheckDays = 91
    var checkEveryDays = 61
    /// A feedback round stays open this many days (or until the next opens, if sooner).
    var feedbackAnswerDays = 7
    /// A relationship-check score (1–5) below this, from either side, raises a flag; in tenths (30 is 3.0).
    var lowCheckTenths = 30
    /// A fall of at least this much between one side's last two checks raises a flag; in tenths.
    var fallingCheckTenths = 8
    /// Coordinator contacts with each pair: this many in the first month, then one every `contactEveryDays`.
    var contactsFirstMonth = 2
    var contactEveryDays = 30

    static let defaults = HealthRules()

    /// One threshold as the programme form shows it: what it is called, what may be chosen, how it reads.
    struct Setting: Sendable {
        /// The form field, also the audit log's name for it.
        let name: String
        let label: String
        let keyPath: WritableKeyPath<HealthRules, Int> & Sendable
        /// The values offered, today's default among them.
        let choices: [Int]
        let text: @Sendable (Int) -> String
        /// Sets when checks and feedback rounds fall: fixed once pairs have started, since their dates count from it.
        var datesCountFromIt = false
    }

    /// Every setting, in the order the programme page shows them.
    static let settings: [Setting] = [
        Setting(name: "flag_gap_cadences", label: "Flag a pair that has not met for", keyPath: \.gapCadences, choices: [2, 3, 4],
                text: { "over \($0 == 2 ? "twice" : "\($0) times") the pair's rhythm" }),
        Setting(name: "flag_missed_in_a_row", label: "Flag missed meetings in a row", keyPath: \.missedInARow, choices: [2, 3, 4],
                text: { "\($0) in a row" }),
        Setting(name: "flag_attendance_percent", label: "Flag attendance under", keyPath: \.attendancePercent, choices: [50, 60, 67, 75, 80, 90],
                text: { "\($0)%" }),
        Setting(name: "flag_attendance_window", label: "Attendance is judged over the last", keyPath: \.attendanceWindow, choices: [4, 6, 8, 10, 12],
                text: { "\($0) scheduled meetings" }),
        Setting(name: "flag_attendance_minimum", label: "Attendance is judged once there are at least", keyPath: \.attendanceMinimum,
                choices: [2, 3, 4, 5, 6], text: { "\($0) scheduled meetings" }),
        Setting(name: "flag_low_check_tenths", label: "Flag a relationship-check score under", keyPath: \.lowCheckTenths, choices: [25, 30, 35],
                text: { "\(HealthRules.tenthsText($0)) out of 5" }),
        Setting(name: "flag_falling_check_tenths", label: "Flag a relationship-check score that falls by", keyPath: \.fallingCheckTenths,
                choices: [5, 8, 10, 15], text: { "\(HealthRules.tenthsText($0)) or more" }),
        Setting(name: "contacts_first_month", label: "Coordinator contacts with each pair in its first month", keyPath: \.contactsFirstMonth,
                choices: [1, 2, 3], text: { $0 == 1 ? "1 contact" : "\($0) contacts" }),
        Setting(name: "contact_every_days", label: "Then a coordinator contact every", keyPath: \.contactEveryDays, choices: [14, 21, 30, 42],
                text: { HealthRules.daysText($0) }),
        Setting(name: "early_closure_days", label: "Closing needs a reason before", keyPath: \.earlyClosureDays, choices: [30, 61, 91, 122, 183],
                text: { HealthRules.daysText($0) }),
        Setting(name: "first_check_days", label: "First relationship check after", keyPath: \.firstCheckDays, choices: [21, 30, 42],
                text: { HealthRules.daysText($0) }, datesCountFromIt: true),
        Setting(name: "second_check_days", label: "Second relationship check after", keyPath: \.secondCheckDays, choices: [61, 91, 122],
                text: { HealthRules.daysText($0) }, datesCountFromIt: true),
        Setting(name: "check_every_days", label: "Then a relationship check every", keyPath: \.checkEveryDays, choices: [30, 61, 91],
                text: { HealthRules.daysText($0) }, datesCountFromIt: true),
        Setting(name: "feedback_answer_days", label: "A feedback round stays open for", keyPath: \.feedbackAnswerDays, choices: [3, 5, 7, 10, 14],
                text: { HealthRules.daysText($0) }, datesCountFromIt: true),
    ]

    /// When relationship check `number` (from 1) falls due for a pair active since `activatedAt`.
    func checkDue(_ number: Int, activatedAt: Date) -> Date {
        let days = switch number {
        case ...1: firstCheckDays
        case 2: secondCheckDays
        default: secondCheckDays + checkEveryDays * (number - 2)
        }
        return activatedAt.addingTimeInterval(Double(days) * 86_400)
    }

    /// The newest check due by `now`, if any; a check stays open until the next one falls due.
    func currentCheck(activatedAt: Date, now: Date) -> Int? {
        var number = 0
        while checkDue(number + 1, activatedAt: activatedAt) <= now { number += 1 }
        return number == 0 ? nil : number
    }

    /// "3.0" for 30 tenths.
    static func tenthsText(_ tenths: Int) -> String { "\(tenths / 10).\(tenths % 10)" }

    /// Whether a match whose closing began at `closingBegan` ends early: before the programme's intended shortest
    /// length from when it became active. The one rule the close form, the dashboard and the report all ask.
    static func endsEarly(activatedAt: Date, closingBegan: Date, earlyClosureDays: Int) -> Bool {
        closingBegan.timeIntervalSince(activatedAt) < Double(earlyClosureDays) * 86_400
    }

    /// "3 weeks", "three months": a day count as a coordinator says it (the months are the lengths `Choices` offers).
    static func daysText(_ days: Int) -> String {
        switch days {
        case 30: "a month"
        case 61: "two months"
        case 91: "three months"
        case 122: "four months"
        case 183: "six months"
        case let days where days % 7 == 0: days == 7 ? "1 week" : "\(days / 7) weeks"
        default: days == 1 ? "1 day" : "\(days) days"
        }
    }
}
