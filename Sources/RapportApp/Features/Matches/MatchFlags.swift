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

    /// Days since the last meeting (or since the match began), when that is over the programme's multiple of the pair's rhythm.
    var daysWithoutMeeting: Int?
    /// How many recorded meetings in a row were missed, when that reaches the programme's threshold.
    var missedInARow: Int?
    /// Meetings attended out of the last scheduled ones, when under the programme's share.
    var lowAttendance: Attendance?
    /// Meetings over for more than `unrecordedPromptDays` that neither side has recorded.
    var unrecordedMeetings = 0

    struct Attendance: Equatable {
        let attended: Int
        let scheduled: Int
    }

    var isEmpty: Bool { daysWithoutMeeting == nil && missedInARow == nil && lowAttendance == nil && unrecordedMeetings == 0 }

    /// How pressing the reasons are together, for putting the most urgent pair first: a pair that has stopped meeting
    /// outranks one that has only not said so.
    var urgency: Int {
        (missedInARow.map { 3 + $0 } ?? 0) + (daysWithoutMeeting.map { 2 + $0 / 7 } ?? 0) + (lowAttendance == nil ? 0 : 3) + min(unrecordedMeetings, 3)
    }

    /// The sentences a coordinator reads.
    var sentences: [String] {
        var lines: [String] = []
        if let days = daysWithoutMeeting { lines.append("No meeting for \(days) days.") }
        if let missed = missedInARow { lines.append(missed == 2 ? "The last two meetings were missed." : "The last \(missed) meetings were missed.") }
        if let rate = lowAttendance { lines.append("\(rate.attended) of the last \(rate.scheduled) meetings happened.") }
        if unrecordedMeetings == 1 { lines.append("A meeting is not recorded: neither of them has said whether it happened.") }
        if unrecordedMeetings > 1 { lines.append("\(unrecordedMeetings) meetings are not recorded: neither of them has said whether they happened.") }
        return lines
    }

    /// What the rules need to know of a pair's agreed meetings that are over: worked out here from the meetings, and
    /// by the database for a whole school at once (`computeHistories`); `MatchFlagsTests` holds the two to each other.
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

        init(lastHeld: Date? = nil, recentScheduled: Int = 0, recentAttended: Int = 0, missedStreak: Int = 0, unrecordedOverdue: Int = 0) {
            (self.lastHeld, self.recentScheduled, self.recentAttended) = (lastHeld, recentScheduled, recentAttended)
            (self.missedStreak, self.unrecordedOverdue) = (missedStreak, unrecordedOverdue)
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
                      }.count)
        }
    }

    /// The flags of a pair active since `activatedAt`, from its agreed meetings that are over (any order).
    static func of(activatedAt: Date, cadenceDays: Int, pastMeetings: [PastMeeting], rules: HealthRules, now: Date) -> MatchFlags {
        of(activatedAt: activatedAt, cadenceDays: cadenceDays, history: History(pastMeetings, attendanceWindow: rules.attendanceWindow, now: now),
           rules: rules, now: now)
    }

    static func of(activatedAt: Date, cadenceDays: Int, history: History, rules: HealthRules, now: Date) -> MatchFlags {
        var flags = MatchFlags()
        flags.unrecordedMeetings = history.unrecordedOverdue
        let days = Int(now.timeIntervalSince(max(history.lastHeld ?? activatedAt, activatedAt)) / 86_400)
        if days > rules.gapCadences * cadenceDays { flags.daysWithoutMeeting = days }
        if history.missedStreak >= rules.missedInARow { flags.missedInARow = history.missedStreak }
        if history.recentScheduled >= rules.attendanceMinimum, history.recentAttended * 100 < history.recentScheduled * rules.attendancePercent {
            flags.lowAttendance = Attendance(attended: history.recentAttended, scheduled: history.recentScheduled)
        }
        return flags
    }

    /// The flags of every active pair of a school, read as their ids, start and rhythm only: the count on the
    /// coordinator's home and Matches needs every pair, and whole matches are the costly part of reading hundreds.
    static func ofActivePairs(school schoolID: UUID, only matchID: UUID? = nil, now: Date, on database: any Database) async throws -> [UUID: MatchFlags] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        let pairs = try await sql.raw("""
            SELECT matches.id, matches.activated_at, COALESCE(matches.agreed_cadence_days, programmes.meeting_cadence_days) AS cadence,
                   \(HealthRules.flagColumns), \(PairHistoryCache.columns)
            FROM matches JOIN programmes ON programmes.id = matches.programme_id
            LEFT JOIN pair_histories AS kept ON kept.match_id = matches.id
            WHERE matches.school_id = \(bind: schoolID) AND matches.state = \(bind: MatchState.active.rawValue) AND matches.activated_at IS NOT NULL
              \(matchID.map { id -> SQLQueryString in "AND matches.id = \(bind: id)" } ?? "")
            """).all()
        let ids = try pairs.map { try $0.decode(column: "id", as: UUID.self) }
        let histories = try await PairHistoryCache.histories(from: pairs, now: now, on: database)
        var flags: [UUID: MatchFlags] = [:]
        for (id, pair) in zip(ids, pairs) {
            flags[id] = of(activatedAt: try pair.decode(column: "activated_at", as: Date.self), cadenceDays: try pair.decode(column: "cadence", as: Int.self),
                           history: histories[id] ?? History(), rules: try HealthRules(flagsOf: pair), now: now)
        }
        return flags
    }

    /// Each match's `History`, as `History.init(_:now:)` works it out: kept ones where still true (`PairHistoryCache`),
    /// the rest asked of the database and kept.
    static func histories(of matchIDs: [UUID], now: Date, on database: any Database) async throws -> [UUID: History] {
        try await PairHistoryCache.histories(of: matchIDs, now: now, on: database)
    }

    /// Each match's `History` worked out by the database from its meetings, with the moment it stops being true on its
    /// own (a meeting ends, or an unrecorded one passes `unrecordedPromptDays`).
    static func computeHistories(of matchIDs: [UUID], now: Date, on database: any Database) async throws -> [UUID: (History, validUntil: Date?)] {
        guard !matchIDs.isEmpty, let sql = database as? any SQLDatabase else { return [:] }
        let cutoff = now.addingTimeInterval(-Double(unrecordedPromptDays) * 86_400)
        let said = { (outcomes: [AttendanceOutcome]) -> SQLQueryString in
            let list = SQLQueryString(outcomes.map { "'\($0.rawValue)'" }.joined(separator: ", "))
            return "(COALESCE(mentor_said.outcome, '') IN (\(list)) OR COALESCE(mentee_said.outcome, '') IN (\(list)))"
        }
        let rows = try await sql.raw("""
            WITH past AS (
                SELECT meetings.match_id, meetings.starts_at,
                       CASE WHEN \(said([.otherMissed, .iMissed])) THEN 1 ELSE 0 END AS missed,
                       CASE WHEN mentor_said.outcome IS NULL AND mentee_said.outcome IS NULL THEN 1 ELSE 0 END AS unrecorded,
                       CASE WHEN \(said([.cancelledInAdvance])) OR (mentor_said.outcome IS NULL AND mentee_said.outcome IS NULL)
                            THEN 0 ELSE 1 END AS scheduled
                     , programmes.flag_attendance_window AS attendance_window
                FROM meetings JOIN matches ON matches.id = meetings.match_id JOIN programmes ON programmes.id = matches.programme_id
                LEFT JOIN meeting_attendance AS mentor_said ON mentor_said.meeting_id = meetings.id AND mentor_said.person_id = matches.mentor_id
                LEFT JOIN meeting_attendance AS mentee_said ON mentee_said.meeting_id = meetings.id AND mentee_said.person_id = matches.mentee_id
                WHERE meetings.match_id IN (\(binds: matchIDs)) AND meetings.state = \(bind: MeetingState.accepted.rawValue)
                  AND meetings.ends_at <= \(bind: now)
            ), ranked AS (
                SELECT past.*, ROW_NUMBER() OVER (PARTITION BY match_id, scheduled ORDER BY starts_at DESC) AS recency FROM past
            )
            SELECT match_id,
                   MAX(CASE WHEN scheduled = 1 AND missed = 0 THEN starts_at END) AS last_held,
                   SUM(CASE WHEN scheduled = 1 AND recency <= attendance_window THEN 1 ELSE 0 END) AS recent,
                   SUM(CASE WHEN scheduled = 1 AND recency <= attendance_window AND missed = 0 THEN 1 ELSE 0 END) AS attended,
                   COALESCE(MIN(CASE WHEN scheduled = 1 AND missed = 0 THEN recency END) - 1, SUM(scheduled)) AS missed_streak,
                   SUM(CASE WHEN unrecorded = 1 AND starts_at < \(bind: cutoff) THEN 1 ELSE 0 END) AS unrecorded_overdue,
                   MIN(CASE WHEN unrecorded = 1 AND starts_at >= \(bind: cutoff) THEN starts_at END) AS next_unrecorded
            FROM ranked GROUP BY match_id
            """).all()
        let nextEnds = try await sql.raw("""
            SELECT match_id, MIN(ends_at) AS next_end FROM meetings
            WHERE match_id IN (\(binds: matchIDs)) AND state = \(bind: MeetingState.accepted.rawValue) AND ends_at > \(bind: now)
            GROUP BY match_id
            """).all()
        var histories: [UUID: (History, validUntil: Date?)] = [:]
        for id in matchIDs { histories[id] = (History(), nil) }
        for row in nextEnds {
            histories[try row.decode(column: "match_id", as: UUID.self)]?.validUntil = try row.decode(column: "next_end", as: Date?.self)
        }
        for row in rows {
            let id = try row.decode(column: "match_id", as: UUID.self)
            let overdueAt = try row.decode(column: "next_unrecorded", as: Date?.self).map { $0.addingTimeInterval(Double(unrecordedPromptDays) * 86_400) }
            let ends = histories[id]?.validUntil
            histories[id] = (History(
                lastHeld: try row.decode(column: "last_held", as: Date?.self), recentScheduled: try row.decode(column: "recent", as: Int.self),
                recentAttended: try row.decode(column: "attended", as: Int.self),
                missedStreak: try row.decode(column: "missed_streak", as: Int.self),
                unrecordedOverdue: try row.decode(column: "unrecorded_overdue", as: Int.self)),
                [ends, overdueAt].compactMap { $0 }.min())
        }
        return histories
    }
}
