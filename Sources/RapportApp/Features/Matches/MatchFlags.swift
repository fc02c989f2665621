import Fluent
import Foundation
import SQLKit

/// Early warnings for an active pair, from the programme rules in practice.md: prompts for the coordinator to
/// check in, never verdicts; nothing closes a match because of them.
struct MatchFlags: Equatable, Sendable {
    /// One agreed meeting that is over, with what each side said happened.
    struct PastMeeting: Equatable, Sendable {
        let startsAt: Date
        let mentorSaid: AttendanceOutcome?
        let menteeSaid: AttendanceOutcome?

        /// Either side says someone didn't come.
        var missed: Bool { [mentorSaid, menteeSaid].contains { $0 == .otherMissed || $0 == .iMissed } }
        /// Called off ahead of time: not a scheduled meeting that was missed.
        var cancelledInAdvance: Bool { [mentorSaid, menteeSaid].contains(.cancelledInAdvance) }
        /// Neither side has said whether it happened: not counted as held, nor as missed.
        var unrecorded: Bool { mentorSaid == nil && menteeSaid == nil }
        /// One side says it happened and the other that someone didn't come.
        var disagreed: Bool {
            let missing: Set<AttendanceOutcome?> = [.otherMissed, .iMissed]
            return (mentorSaid == .happened && missing.contains(menteeSaid)) || (menteeSaid == .happened && missing.contains(mentorSaid))
        }
    }

    /// A meeting still unrecorded this many days after it is itself a prompt.
    static let unrecordedPromptDays = 3

    /// One reason a pair may need a check-in, in words a coordinator reads and with how much it weighs.
    enum Reason: Equatable, Sendable {
        case noMeeting(days: Int)
        case missedInARow(Int)
        case lowAttendance(attended: Int, scheduled: Int)
        case unrecorded(Int)
        case disagreements(Int)
        /// A relationship-check score (in tenths, 1–5 as 10–50) under the programme's line.
        case lowCheck(Side, tenths: Int)
        case fallingCheck(Side, fromTenths: Int, toTenths: Int)
        case checkOverdue(Side, number: Int, days: Int)
        case feedbackUnanswered(Side, rounds: Int)
        case commitmentsNotKept(notKept: Int, reviewed: Int)
        case agreementUnsigned(days: Int)
        case contactOverdue(days: Int)
        /// The mentor's own coordinator contact (on any of their pairs, with the mentor or both) is overdue.
        case mentorContactOverdue(days: Int)
        /// The pair's mentor has this many pairs flagged: support the mentor, not only the pair.
        case mentorStretched(pairs: Int)
        /// One of them said "I'd like to stop", and no check-in has been recorded since.
        case askedToStop(Side)

        var sentence: String {
            switch self {
            case .noMeeting(let days): "No meeting for \(days) days."
            case .missedInARow(let count): count == 2 ? "The last two meetings were missed." : "The last \(count) meetings were missed."
            case .lowAttendance(let attended, let scheduled): "\(attended) of the last \(scheduled) meetings happened."
            case .unrecorded(let count): count == 1 ? "A meeting is not recorded: neither of them has said whether it happened."
                : "\(count) meetings are not recorded: neither of them has said whether they happened."
            case .disagreements(let count): count == 1 ? "They disagree about whether a meeting happened."
                : "They disagree about whether \(count) meetings happened."
            case .lowCheck(let side, let tenths): "\(side.subject)'s last relationship check scored \(HealthRules.tenthsText(tenths)) out of 5."
            case .fallingCheck(let side, let from, let to):
                "\(side.subject)'s relationship check fell from \(HealthRules.tenthsText(from)) to \(HealthRules.tenthsText(to))."
            case .checkOverdue(let side, let number, let days): "\(side.subject) hasn't answered relationship check \(number), due \(days) days ago."
            case .feedbackUnanswered(let side, let rounds): "\(side.subject) missed the last \(rounds) feedback rounds."
            case .commitmentsNotKept(let notKept, let reviewed): "\(notKept) of the last \(reviewed) commitments were not kept."
            case .agreementUnsigned(let days): "Approved \(days) days ago, and the agreement is still not signed by both."
            case .contactOverdue(let days): days == 1 ? "A coordinator contact is 1 day overdue." : "A coordinator contact is \(days) days overdue."
            case .mentorContactOverdue(let days):
                "The mentor's own coordinator contact is \(days == 1 ? "1 day" : "\(days) days") overdue."
            case .mentorStretched(let pairs): "Their mentor has \(pairs) pairs flagged: the mentor may need support too."
            case .askedToStop(let side): "\(side.subject) has asked to stop. Talk with them; the match does not end by itself."
            }
        }

        /// How pressing it is: a pair that has stopped meeting or feels poorly outranks one that has only not said so.
        var weight: Int {
            switch self {
            case .noMeeting(let days): 2 + days / 7
            case .missedInARow(let count): 3 + count
            case .lowAttendance: 3
            case .unrecorded(let count): min(count, 3)
            case .disagreements, .checkOverdue, .feedbackUnanswered, .mentorStretched: 1
            case .lowCheck: 4
            case .fallingCheck: 3
            case .commitmentsNotKept, .agreementUnsigned: 2
            case .askedToStop: 6
            case .contactOverdue(let days), .mentorContactOverdue(let days): 1 + days / 14
            }
        }
    }

    enum Side: String, Sendable {
        case mentor, mentee
        var subject: String { self == .mentor ? "The mentor" : "The mentee" }
    }

    var reasons: [Reason] = []
    /// When the next coordinator contact with the pair falls due, where contacts are judged.
    var contactDue: Date?
    /// Whose pair it is, and when the next coordinator contact with that mentor falls due, where contacts are judged.
    var mentorID: UUID?
    var mentorContactDue: Date?

    var isEmpty: Bool { reasons.isEmpty }
    var urgency: Int { reasons.reduce(0) { $0 + $1.weight } }
    var sentences: [String] { reasons.map(\.sentence) }

    var daysWithoutMeeting: Int? { reasons.lazy.compactMap { if case .noMeeting(let days) = $0 { days } else { nil } }.first }
    var missedInARow: Int? { reasons.lazy.compactMap { if case .missedInARow(let count) = $0 { count } else { nil } }.first }
    var lowAttendance: Attendance? {
        reasons.lazy.compactMap { if case .lowAttendance(let attended, let scheduled) = $0 { Attendance(attended: attended, scheduled: scheduled) } else { nil } }.first
    }
    var unrecordedMeetings: Int { reasons.lazy.compactMap { if case .unrecorded(let count) = $0 { count } else { nil } }.first ?? 0 }

    struct Attendance: Equatable {
        let attended: Int
        let scheduled: Int
    }

    /// What the rules need to know of a pair: its agreed meetings that are over, worked out here from the meetings and
    /// by the database for a whole school at once (`computeHistories`, which `MatchFlagsTests` holds to this), and what
    /// each side last answered of checks and feedback and how their commitments went.
    struct History: Equatable {
        /// The start of the latest meeting that someone recorded as happening.
        var lastHeld: Date?
        /// Of the latest recorded (not called-off) meetings, as many as the programme's attendance window: how many,
        /// and how many happened.
        var recentScheduled = 0
        var recentAttended = 0
        /// How many of the latest recorded meetings in a row were missed.
        var missedStreak = 0
        /// Meetings over for more than `unrecordedPromptDays` that neither side has recorded.
        var unrecordedOverdue = 0
        /// Of those same recent meetings, how many one side says happened and the other says were missed.
        var disagreements = 0
        var mentor = SideHistory()
        var mentee = SideHistory()
        /// Of the latest `commitmentWindow` commitments followed up, how many, and how many were not kept.
        var commitmentsReviewed = 0
        var commitmentsNotKept = 0

        init(lastHeld: Date? = nil, recentScheduled: Int = 0, recentAttended: Int = 0, missedStreak: Int = 0, unrecordedOverdue: Int = 0,
             disagreements: Int = 0) {
            (self.lastHeld, self.recentScheduled, self.recentAttended) = (lastHeld, recentScheduled, recentAttended)
            (self.missedStreak, self.unrecordedOverdue, self.disagreements) = (missedStreak, unrecordedOverdue, disagreements)
        }

        init(_ pastMeetings: [PastMeeting], attendanceWindow: Int, now: Date) {
            // Only meetings someone recorded say anything about attendance; the rest are prompts of their own.
            let scheduled = pastMeetings.filter { !$0.cancelledInAdvance && !$0.unrecorded }.sorted { $0.startsAt > $1.startsAt }
            let recent = scheduled.prefix(attendanceWindow)
            self.init(lastHeld: scheduled.first { !$0.missed }?.startsAt, recentScheduled: recent.count,
                      recentAttended: recent.filter { !$0.missed }.count,
                      missedStreak: scheduled.prefix { $0.missed }.count,
                      unrecordedOverdue: pastMeetings.filter {
                          $0.unrecorded && now.timeIntervalSince($0.startsAt) > Double(MatchFlags.unrecordedPromptDays) * 86_400
                      }.count,
                      disagreements: recent.filter(\.disagreed).count)
        }

        subscript(side: Side) -> SideHistory { side == .mentor ? mentor : mentee }
    }

    /// What one side last answered.
    struct SideHistory: Equatable {
        /// The newest relationship check answered (0 for none), its score and the one before, in tenths.
        var lastCheck = 0
        var lastTenths: Int?
        var previousTenths: Int?
        /// The newest feedback round answered (0 for none).
        var lastRound = 0
    }

    /// What the rules need of the pair besides its history: when it began, its rhythms and the coordinator's contacts.
    struct Facts {
        var activatedAt: Date
        var cadenceDays: Int
        var feedbackEveryWeeks = 4
        /// The days coordinators checked in with the pair; nil where contacts are not judged.
        var contacts: [Date]?
    }

    /// A relationship check unanswered this long after it fell due is overdue.
    static let checkGraceDays = 14
    /// Feedback rounds missed in a row by one side before it is a reason.
    static let feedbackRoundsMissed = 2
    /// Commitments followed up that are judged, and how many must have been before judging.
    static let commitmentWindow = 6
    static let commitmentMinimum = 4
    /// A mentor with this many flagged pairs is a reason on each of them.
    static let stretchedMentorPairs = 2

    /// The flags of a pair active since `activatedAt`, from its agreed meetings that are over (any order).
    static func of(activatedAt: Date, cadenceDays: Int, pastMeetings: [PastMeeting], rules: HealthRules, now: Date) -> MatchFlags {
        of(activatedAt: activatedAt, cadenceDays: cadenceDays, history: History(pastMeetings, attendanceWindow: rules.attendanceWindow, now: now),
           rules: rules, now: now)
    }

    static func of(activatedAt: Date, cadenceDays: Int, history: History, rules: HealthRules, now: Date) -> MatchFlags {
        of(Facts(activatedAt: activatedAt, cadenceDays: cadenceDays), history: history, rules: rules, now: now)
    }

    /// Every rule of practice.md over one active pair: pure, the clock given.
    static func of(_ pair: Facts, history: History, rules: HealthRules, now: Date) -> MatchFlags {
        var reasons: [Reason] = []
        let days = Int(now.timeIntervalSince(max(history.lastHeld ?? pair.activatedAt, pair.activatedAt)) / 86_400)
        if days > rules.gapCadences * pair.cadenceDays { reasons.append(.noMeeting(days: days)) }
        if history.missedStreak >= rules.missedInARow { reasons.append(.missedInARow(history.missedStreak)) }
        if history.recentScheduled >= rules.attendanceMinimum, history.recentAttended * 100 < history.recentScheduled * rules.attendancePercent {
            reasons.append(.lowAttendance(attended: history.recentAttended, scheduled: history.recentScheduled))
        }
        if history.unrecordedOverdue > 0 { reasons.append(.unrecorded(history.unrecordedOverdue)) }
        if history.disagreements > 0 { reasons.append(.disagreements(history.disagreements)) }
        for side in [Side.mentor, .mentee] { reasons += sideReasons(side, history[side], pair: pair, rules: rules, now: now) }
        if history.commitmentsReviewed >= commitmentMinimum, history.commitmentsNotKept * 2 > history.commitmentsReviewed {
            reasons.append(.commitmentsNotKept(notKept: history.commitmentsNotKept, reviewed: history.commitmentsReviewed))
        }
        let due = pair.contacts.map { MatchFlags.contactDue(activatedAt: pair.activatedAt, contacts: $0, rules: rules) }
        if let due, case let overdue = Int(now.timeIntervalSince(due) / 86_400), overdue >= 1 { reasons.append(.contactOverdue(days: overdue)) }
        return MatchFlags(reasons: reasons, contactDue: due)
    }

    private static func sideReasons(_ side: Side, _ said: SideHistory, pair: Facts, rules: HealthRules, now: Date) -> [Reason] {
        var reasons: [Reason] = []
        if let last = said.lastTenths, last < rules.lowCheckTenths { reasons.append(.lowCheck(side, tenths: last)) }
        if let last = said.lastTenths, let previous = said.previousTenths, previous - last >= rules.fallingCheckTenths {
            reasons.append(.fallingCheck(side, fromTenths: previous, toTenths: last))
        }
        if let current = rules.currentCheck(activatedAt: pair.activatedAt, now: now), said.lastCheck < current {
            let late = Int(now.timeIntervalSince(rules.checkDue(current, activatedAt: pair.activatedAt)) / 86_400)
            if late > checkGraceDays { reasons.append(.checkOverdue(side, number: current, days: late)) }
        }
        let schedule = FeedbackSchedule(activatedAt: pair.activatedAt, everyWeeks: pair.feedbackEveryWeeks, answerDays: rules.feedbackAnswerDays)
        if let closed = schedule.rounds(until: now).first(where: { $0.closes <= now })?.number,
           closed - said.lastRound >= feedbackRoundsMissed {
            reasons.append(.feedbackUnanswered(side, rounds: closed - said.lastRound))
        }
        return reasons
    }

    /// When a mentor's next coordinator contact falls due: their schedule runs from their earliest active pair, under
    /// that pair's programme, counting the check-ins with the mentor (or both) on any of their pairs.
    static func mentorContactDue(pairs: [(activatedAt: Date, rules: HealthRules)], contacts: [Date]) -> Date? {
        pairs.min { $0.activatedAt < $1.activatedAt }.map { contactDue(activatedAt: $0.activatedAt, contacts: contacts, rules: $0.rules) }
    }

    /// When the pair's next coordinator contact falls due: the programme's number of contacts spread over the first
    /// month, then one every `contactEveryDays` after the latest. A contact made after the first month starts the rhythm.
    static func contactDue(activatedAt: Date, contacts: [Date], rules: HealthRules) -> Date {
        let day = 86_400.0
        let monthEnds = activatedAt.addingTimeInterval(30 * day)
        let latest = contacts.max()
        if contacts.count < rules.contactsFirstMonth, latest.map({ $0 < monthEnds }) ?? true {
            return activatedAt.addingTimeInterval(30 * day * Double(contacts.count + 1) / Double(rules.contactsFirstMonth))
        }
        return (latest ?? monthEnds).addingTimeInterval(Double(rules.contactEveryDays) * day)
    }
}
