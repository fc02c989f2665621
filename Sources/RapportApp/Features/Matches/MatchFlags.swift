import Fluent
import Foundation
import SQLKit

/// Early warnings for an active pair, from the programme rules in practice.md: prompts for the coordinator to
/// check in, never verdicts; nothing closes a match because of them.
struct MatchFlags: Equatable {
    /// One agreed meeting that is over, with what each side said happened.
    struct PastMeeting: Equatable {
        let startsAt: Date
        let mentorSaid: AttendanceOutcome?
        let menteeSaid: AttendanceOutcome?

        /// Either side says someone didn't come.
        var missed: Bool { [mentorSaid, menteeSaid].contains { $0 == .otherMissed || $0 == .iMissed } }
        /// Called off ahead of time: not a scheduled meeting that was missed.
        var cancelledInAdvance: Bool { [mentorSaid, menteeSaid].contains(.cancelledInAdvance) }
        /// Neither side has said whether it happened: not counted as held, nor as missed.
        var unrecorded: Bool { mentorSaid == nil && menteeSaid == nil }
    }

    /// A meeting still unrecorded this many days after it is itself a prompt.
    static let unrecordedPromptDays = 3

    /// The attendance rate is judged over this many scheduled meetings, once there are at least `attendanceMinimum`.
    static let attendanceWindow = 8
    static let attendanceMinimum = 4

    /// Days since the last meeting (or since the match began), when that is over twice the programme's rhythm.
    var daysWithoutMeeting: Int?
    var missedTwiceInARow = false
    /// Meetings attended out of the last scheduled ones, when under three in four.
    var lowAttendance: Attendance?
    /// Meetings over for more than `unrecordedPromptDays` that neither side has recorded.
    var unrecordedMeetings = 0

    struct Attendance: Equatable {
        let attended: Int
        let scheduled: Int
    }

    var isEmpty: Bool { daysWithoutMeeting == nil && !missedTwiceInARow && lowAttendance == nil && unrecordedMeetings == 0 }

    /// The sentences a coordinator reads.
    var sentences: [String] {
        var lines: [String] = []
        if let days = daysWithoutMeeting { lines.append("No meeting for \(days) days.") }
        if missedTwiceInARow { lines.append("The last two meetings were missed.") }
        if let rate = lowAttendance { lines.append("\(rate.attended) of the last \(rate.scheduled) meetings happened.") }
        if unrecordedMeetings == 1 { lines.append("A meeting is not recorded: neither of them has said whether it happened.") }
        if unrecordedMeetings > 1 { lines.append("\(unrecordedMeetings) meetings are not recorded: neither of them has said whether they happened.") }
        return lines
    }

    /// The flags of a pair active since `activatedAt`, from its agreed meetings that are over (any order).
    static func of(activatedAt: Date, cadenceDays: Int, pastMeetings: [PastMeeting], now: Date) -> MatchFlags {
        var flags = MatchFlags()
        // Only meetings someone recorded say anything about attendance; the rest are prompts of their own.
        let scheduled = pastMeetings.filter { !$0.cancelledInAdvance && !$0.unrecorded }.sorted { $0.startsAt > $1.startsAt }
        flags.unrecordedMeetings = pastMeetings.filter {
            $0.unrecorded && now.timeIntervalSince($0.startsAt) > Double(unrecordedPromptDays) * 86_400
        }.count
        let lastHeld = scheduled.first { !$0.missed }?.startsAt ?? activatedAt
        let days = Int(now.timeIntervalSince(max(lastHeld, activatedAt)) / 86_400)
        if days > 2 * cadenceDays { flags.daysWithoutMeeting = days }
        flags.missedTwiceInARow = scheduled.count >= 2 && scheduled[0].missed && scheduled[1].missed
        let recent = scheduled.prefix(attendanceWindow)
        let attended = recent.filter { !$0.missed }.count
        if recent.count >= attendanceMinimum, attended * 4 < recent.count * 3 {
            flags.lowAttendance = Attendance(attended: attended, scheduled: recent.count)
        }
        return flags
    }

    /// The flags of each active match given, from one query that reads of their meetings only the start and what
    /// each side said: the coordinator's home and Matches ask this of every active pair of the school.
    static func of(_ matches: [MentoringMatch], now: Date, on database: any Database) async throws -> [UUID: MatchFlags] {
        let active = matches.filter { $0.state == .active }
        guard !active.isEmpty, let sql = database as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT meetings.match_id, meetings.starts_at, mentor_said.outcome AS mentor_said, mentee_said.outcome AS mentee_said
            FROM meetings JOIN matches ON matches.id = meetings.match_id
            LEFT JOIN meeting_attendance AS mentor_said ON mentor_said.meeting_id = meetings.id AND mentor_said.person_id = matches.mentor_id
            LEFT JOIN meeting_attendance AS mentee_said ON mentee_said.meeting_id = meetings.id AND mentee_said.person_id = matches.mentee_id
            WHERE meetings.match_id IN (\(binds: active.compactMap(\.id))) AND meetings.state = \(bind: MeetingState.accepted.rawValue)
              AND meetings.ends_at <= \(bind: now)
            """).all()
        var past: [UUID: [PastMeeting]] = [:]
        for row in rows {
            let said = { (column: String) in try row.decode(column: column, as: String?.self).flatMap(AttendanceOutcome.init(rawValue:)) }
            past[try row.decode(column: "match_id", as: UUID.self), default: []].append(
                PastMeeting(startsAt: try row.decode(column: "starts_at", as: Date.self), mentorSaid: try said("mentor_said"), menteeSaid: try said("mentee_said")))
        }
        var flags: [UUID: MatchFlags] = [:]
        for match in active {
            guard let id = match.id, let activatedAt = match.activatedAt else { continue }
            flags[id] = of(activatedAt: activatedAt, cadenceDays: match.programme.meetingCadenceDays, pastMeetings: past[id] ?? [], now: now)
        }
        return flags
    }
}
