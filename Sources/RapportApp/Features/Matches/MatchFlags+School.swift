import Fluent
import Foundation
import SQLKit

/// The early warnings of a whole school at once, in a few queries whatever its size: each active pair's kept history
/// (`PairHistoryCache`), its programme's thresholds and its coordinator contacts, and the pairs still waiting to sign.
extension MatchFlags {
    /// The flags of every pair of a school that may need a check-in (or of one match, with `only`), by match. With
    /// `kept`, the school's flags worked out less than a minute ago from the same data are used again (for one match
    /// too: a lookup in them costs less than working out its mentor's pairs).
    static func ofSchool(_ schoolID: UUID, only matchID: UUID? = nil, now: Date, kept: KeptFigures? = nil, on database: any Database) async throws -> [UUID: MatchFlags] {
        guard let sql = database as? any SQLDatabase else { return [:] }
        if let kept {
            let all = try await kept.value("flags \(schoolID)", fingerprint: try await fingerprint(of: [schoolID], on: sql), now: now) {
                try await ofSchool(schoolID, now: now, on: database)
            }
            return matchID.map { id in all.filter { $0.key == id } } ?? all
        }
        // For one match, its mentor's pairs are read: whether the mentor has several flagged is one of its reasons.
        let onlyThis = matchID.map { id -> SQLQueryString in
            "AND matches.mentor_id = (SELECT asked.mentor_id FROM matches AS asked WHERE asked.id = \(bind: id))"
        } ?? ""
        let pairs = try await sql.raw("""
            SELECT matches.id, matches.mentor_id, matches.programme_id, matches.activated_at,
                   COALESCE(matches.agreed_cadence_days, programmes.meeting_cadence_days) AS cadence, \(PairHistoryCache.columns)
            FROM matches JOIN programmes ON programmes.id = matches.programme_id
            LEFT JOIN pair_histories AS kept ON kept.match_id = matches.id
            WHERE matches.school_id = \(bind: schoolID) AND matches.state = \(bind: MatchState.active.rawValue) AND matches.activated_at IS NOT NULL
              \(onlyThis)
            """).all()
        let histories = try await PairHistoryCache.histories(from: pairs, now: now, on: database)
        // Each programme's rules once, not on every pair's row.
        let programmes = try await Programme.query(on: database).filter(\.$school.$id == schoolID).all()
        let programmeRules = Dictionary(uniqueKeysWithValues: programmes.compactMap { programme in
            programme.id.map { ($0, (rules: programme.healthRules, feedbackEveryWeeks: programme.feedbackEveryWeeks)) }
        })
        let contacts = try await contactDays(school: schoolID, onlyThis: onlyThis, on: sql)
        var flags: [UUID: MatchFlags] = [:]
        var mentorOf: [UUID: UUID] = [:]
        var mentorPairs: [UUID: [(activatedAt: Date, rules: HealthRules)]] = [:]
        var mentorContacts: [UUID: [Date]] = [:]
        for pair in pairs {
            let id = try pair.decode(column: "id", as: UUID.self)
            let mentor = try pair.decode(column: "mentor_id", as: UUID.self)
            mentorOf[id] = mentor
            guard let programme = programmeRules[try pair.decode(column: "programme_id", as: UUID.self)] else { continue }
            let activatedAt = try pair.decode(column: "activated_at", as: Date.self)
            let facts = Facts(activatedAt: activatedAt, cadenceDays: try pair.decode(column: "cadence", as: Int.self),
                              feedbackEveryWeeks: programme.feedbackEveryWeeks, contacts: contacts[id]?.map(\.day) ?? [])
            flags[id] = of(facts, history: histories[id] ?? History(), rules: programme.rules, now: now)
            flags[id]?.mentorID = mentor
            mentorPairs[mentor, default: []].append((activatedAt, programme.rules))
            mentorContacts[mentor, default: []] += (contacts[id] ?? []).filter { $0.with != .mentee }.map(\.day)
        }
        for (id, side) in try await askedToStop(school: schoolID, onlyThis: onlyThis, on: sql) where flags[id] != nil {
            flags[id]?.reasons.insert(.askedToStop(side), at: 0)
        }
        for (id, days) in try await unsignedForAWeek(school: schoolID, onlyThis: onlyThis, now: now, on: sql) {
            flags[id] = MatchFlags(reasons: [.agreementUnsigned(days: days)])
        }
        // A mentor with several flagged pairs is a reason on each: they may need support themselves.
        let flaggedByMentor = Dictionary(grouping: flags.filter { !$0.value.isEmpty }.keys.compactMap { mentorOf[$0] }, by: { $0 }).mapValues(\.count)
        for (id, mentor) in mentorOf where flags[id]?.isEmpty == false {
            if let count = flaggedByMentor[mentor], count >= stretchedMentorPairs { flags[id]?.reasons.append(.mentorStretched(pairs: count)) }
        }
        // The mentor's own contact, after the count above: one overdue contact is not several flagged pairs.
        var mentorDue: [UUID: Date] = [:]
        for (mentor, started) in mentorPairs { mentorDue[mentor] = mentorContactDue(pairs: started, contacts: mentorContacts[mentor] ?? []) }
        for (id, mentor) in mentorOf {
            guard let due = mentorDue[mentor] else { continue }
            flags[id]?.mentorContactDue = due
            if case let overdue = Int(now.timeIntervalSince(due) / 86_400), overdue >= 1 { flags[id]?.reasons.append(.mentorContactOverdue(days: overdue)) }
        }
        return matchID.map { id in flags.filter { $0.key == id } } ?? flags
    }

    /// What the schools' flags and figures are worked out from, in one short query: every write that can change them
    /// adds a match, raises its `history_generation` (`PairHistoryCache.Invalidation`, a programme's new rules) or
    /// moves its `updated_at` (a transition).
    static func fingerprint(of schoolIDs: [UUID], on sql: any SQLDatabase) async throws -> String {
        guard let row = try await sql.raw("""
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(history_generation), 0) AS BIGINT) AS generations, MAX(updated_at) AS latest
            FROM matches WHERE school_id IN (\(binds: schoolIDs))
            """).first() else { return "" }
        let latest = try row.decode(column: "latest", as: Date?.self)?.timeIntervalSince1970 ?? 0
        return "\(try row.decode(column: "n", as: Int.self)) \(try row.decode(column: "generations", as: Int.self)) \(latest)"
    }

    /// The days coordinators checked in with each active pair of the school, and with whom.
    private static func contactDays(school schoolID: UUID, onlyThis: SQLQueryString, on sql: any SQLDatabase) async throws -> [UUID: [(day: Date, with: CheckInWith)]] {
        let rows = try await sql.raw("""
            SELECT pair_check_ins.match_id, pair_check_ins.checked_on, pair_check_ins.with_whom FROM pair_check_ins JOIN matches ON matches.id = pair_check_ins.match_id
            WHERE matches.school_id = \(bind: schoolID) AND matches.state = \(bind: MatchState.active.rawValue) \(onlyThis)
            """).all()
        var days: [UUID: [(day: Date, with: CheckInWith)]] = [:]
        for row in rows {
            days[try row.decode(column: "match_id", as: UUID.self), default: []].append(
                (try row.decode(column: "checked_on", as: Date.self), CheckInWith(rawValue: try row.decode(column: "with_whom", as: String.self)) ?? .both))
        }
        return days
    }

    /// Active pairs where one side asked to stop and no check-in has been recorded since.
    private static func askedToStop(school schoolID: UUID, onlyThis: SQLQueryString, on sql: any SQLDatabase) async throws -> [(UUID, Side)] {
        try await sql.raw("""
            SELECT DISTINCT stop_requests.match_id, CASE WHEN stop_requests.person_id = matches.mentor_id THEN 'mentor' ELSE 'mentee' END AS side
            FROM stop_requests JOIN matches ON matches.id = stop_requests.match_id
            WHERE matches.school_id = \(bind: schoolID) AND matches.state = \(bind: MatchState.active.rawValue) \(onlyThis)
              AND NOT EXISTS (SELECT 1 FROM pair_check_ins WHERE pair_check_ins.match_id = stop_requests.match_id
                              AND pair_check_ins.recorded_at > stop_requests.asked_at)
            """).all().map { row in
                (try row.decode(column: "match_id", as: UUID.self), try row.decode(column: "side", as: String.self) == "mentor" ? Side.mentor : .mentee)
            }
    }

    /// Pairs approved over a week ago whose agreement is not yet signed by both, with how many days ago.
    private static func unsignedForAWeek(school schoolID: UUID, onlyThis: SQLQueryString, now: Date, on sql: any SQLDatabase) async throws -> [(UUID, Int)] {
        try await sql.raw("""
            SELECT matches.id, matches.updated_at FROM matches
            WHERE matches.school_id = \(bind: schoolID) AND matches.state = \(bind: MatchState.awaitingAgreement.rawValue)
              AND matches.updated_at < \(bind: now.addingTimeInterval(-7 * 86_400)) \(onlyThis)
            """).all().map { row in
                (try row.decode(column: "id", as: UUID.self), Int(now.timeIntervalSince(try row.decode(column: "updated_at", as: Date.self)) / 86_400))
            }
    }

    /// Each match's `History`: kept ones where still true (`PairHistoryCache`), the rest asked of the database and kept.
    static func histories(of matchIDs: [UUID], now: Date, on database: any Database) async throws -> [UUID: History] {
        try await PairHistoryCache.histories(of: matchIDs, now: now, on: database)
    }

    /// Each match's `History` worked out by the database from its meetings, with the moment it stops being true on its
    /// own (a meeting ends, or an unrecorded one passes `unrecordedPromptDays`).
    static func computeHistories(of matchIDs: [UUID], now: Date, on database: any Database) async throws -> [UUID: (History, validUntil: Date?)] {
        guard !matchIDs.isEmpty, let sql = database as? any SQLDatabase else { return [:] }
        let cutoff = now.addingTimeInterval(-Double(unrecordedPromptDays) * 86_400)
        let list = { (outcomes: [AttendanceOutcome]) in SQLQueryString(outcomes.map { "'\($0.rawValue)'" }.joined(separator: ", ")) }
        let said = { (outcomes: [AttendanceOutcome]) -> SQLQueryString in
            "(COALESCE(mentor_said.outcome, '') IN (\(list(outcomes))) OR COALESCE(mentee_said.outcome, '') IN (\(list(outcomes))))"
        }
        let missing = list([.otherMissed, .iMissed])
        let rows = try await sql.raw("""
            WITH past AS (
                SELECT meetings.match_id, meetings.starts_at,
                       CASE WHEN \(said([.otherMissed, .iMissed])) THEN 1 ELSE 0 END AS missed,
                       CASE WHEN mentor_said.outcome IS NULL AND mentee_said.outcome IS NULL THEN 1 ELSE 0 END AS unrecorded,
                       CASE WHEN (mentor_said.outcome = 'happened' AND COALESCE(mentee_said.outcome, '') IN (\(missing)))
                              OR (mentee_said.outcome = 'happened' AND COALESCE(mentor_said.outcome, '') IN (\(missing))) THEN 1 ELSE 0 END AS disagreed,
                       CASE WHEN \(said([.cancelledInAdvance])) OR (mentor_said.outcome IS NULL AND mentee_said.outcome IS NULL)
                            THEN 0 ELSE 1 END AS scheduled
                     , programmes.flag_attendance_window AS attendance_window
                FROM meetings JOIN matches ON matches.id = meetings.match_id JOIN programmes ON programmes.id = matches.programme_id
                \(MeetingOutcomeSQL.saidBy)
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
                   SUM(CASE WHEN scheduled = 1 AND recency <= attendance_window AND disagreed = 1 THEN 1 ELSE 0 END) AS disagreed,
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
                unrecordedOverdue: try row.decode(column: "unrecorded_overdue", as: Int.self),
                disagreements: try row.decode(column: "disagreed", as: Int.self)),
                [ends, overdueAt].compactMap { $0 }.min())
        }
        try await addPractice(to: &histories, on: sql)
        return histories
    }

    /// What each side last answered of relationship checks and feedback, and how the pair's latest commitments went.
    private static func addPractice(to histories: inout [UUID: (History, validUntil: Date?)], on sql: any SQLDatabase) async throws {
        let ids = Array(histories.keys)
        let side: SQLQueryString = "CASE WHEN answers.person_id = matches.mentor_id THEN 'mentor' ELSE 'mentee' END"
        let checks = try await sql.raw("""
            SELECT * FROM (
                SELECT answers.match_id, \(side) AS side, answers.check_number, answers.score,
                       ROW_NUMBER() OVER (PARTITION BY answers.match_id, answers.person_id ORDER BY answers.check_number DESC) AS recency
                FROM pulse_answers AS answers JOIN matches ON matches.id = answers.match_id WHERE answers.match_id IN (\(binds: ids))
            ) AS ranked WHERE recency <= 2
            """).all()
        for row in checks {
            let id = try row.decode(column: "match_id", as: UUID.self)
            let tenths = Int((try row.decode(column: "score", as: Double.self) * 10).rounded())
            let isMentor = try row.decode(column: "side", as: String.self) == "mentor"
            var said = isMentor ? histories[id]?.0.mentor : histories[id]?.0.mentee
            if try row.decode(column: "recency", as: Int.self) == 1 {
                said?.lastCheck = try row.decode(column: "check_number", as: Int.self)
                said?.lastTenths = tenths
            } else {
                said?.previousTenths = tenths
            }
            if let said { if isMentor { histories[id]?.0.mentor = said } else { histories[id]?.0.mentee = said } }
        }
        let rounds = try await sql.raw("""
            SELECT answers.match_id, \(side) AS side, MAX(answers.round_number) AS last_round
            FROM feedback_answers AS answers JOIN matches ON matches.id = answers.match_id WHERE answers.match_id IN (\(binds: ids))
            GROUP BY answers.match_id, \(side)
            """).all()
        for row in rounds {
            let id = try row.decode(column: "match_id", as: UUID.self)
            let round = try row.decode(column: "last_round", as: Int.self)
            if try row.decode(column: "side", as: String.self) == "mentor" { histories[id]?.0.mentor.lastRound = round } else { histories[id]?.0.mentee.lastRound = round }
        }
        let commitments = try await sql.raw("""
            SELECT match_id, COUNT(*) AS reviewed, SUM(CASE WHEN status = \(bind: CommitmentStatus.notYet.rawValue) THEN 1 ELSE 0 END) AS not_kept FROM (
                SELECT match_id, status, ROW_NUMBER() OVER (PARTITION BY match_id ORDER BY followed_up_at DESC, id) AS recency
                FROM commitments WHERE match_id IN (\(binds: ids)) AND status <> \(bind: CommitmentStatus.open.rawValue)
            ) AS ranked WHERE recency <= \(unsafeRaw: String(commitmentWindow)) GROUP BY match_id
            """).all()
        for row in commitments {
            let id = try row.decode(column: "match_id", as: UUID.self)
            histories[id]?.0.commitmentsReviewed = try row.decode(column: "reviewed", as: Int.self)
            histories[id]?.0.commitmentsNotKept = try row.decode(column: "not_kept", as: Int.self)
        }
    }
}
