import Fluent
import Foundation
import SQLKit
import Vapor

/// One match's life for the coordinator, as dated events and two small charts: meetings and attendance, commitments
/// made and followed up, wins, relationship checks, feedback answered, check-ins, requests to stop and the match's
/// moves. Dates, counts, scores and categories only: never a word the pair wrote.
struct MatchTimelineModel {
    struct Event {
        let at: Date
        let kind: String
        let text: String
    }

    struct Month {
        let starts: Date
        var scheduled = 0
        var held = 0
    }

    let match: MentoringMatch
    /// Newest first.
    let events: [Event]
    let months: [Month]
    /// Relationship-check scores by check number.
    let checks: [(number: Int, mentor: Double?, mentee: Double?)]
    let prompts: [String]

    static func load(_ match: MentoringMatch, time: SchoolTime, now: Date, kept: KeptFigures? = nil, on database: any Database) async throws -> MatchTimelineModel {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        let matchID = try match.requireID()
        let name = { (person: UUID) in person == match.$mentor.id ? match.mentor.givenName : match.mentee.givenName }
        // A year of a pair's records: each read asks only for the columns the timeline shows (never sealed words).
        let rows = { (query: SQLQueryString) in try await sql.raw(query).all() }
        var events: [Event] = []
        let transitions = try await MatchTransition.query(on: database).filter(\.$match.$id == matchID).all()
        events += transitions.map { Event(at: $0.occurredAt, kind: "Match", text: "\($0.fromState.title) → \($0.toState.title)") }
        var months: [Month] = []
        for row in try await rows("""
            SELECT meetings.starts_at, mentor_said.outcome AS mentor_said, mentee_said.outcome AS mentee_said
            FROM meetings JOIN matches ON matches.id = meetings.match_id \(MeetingOutcomeSQL.saidBy)
            WHERE meetings.match_id = \(bind: matchID) AND meetings.state = \(bind: MeetingState.accepted.rawValue) AND meetings.ends_at <= \(bind: now)
            ORDER BY meetings.starts_at
            """) {
            let outcome = { (column: String) in try row.decode(column: column, as: String?.self).flatMap(AttendanceOutcome.init(rawValue:)) }
            let past = MatchFlags.PastMeeting(startsAt: try row.decode(column: "starts_at", as: Date.self),
                                              mentorSaid: try outcome("mentor_said"), menteeSaid: try outcome("mentee_said"))
            let outcomeText = past.unrecorded ? "not recorded" : past.cancelledInAdvance ? "called off" : past.disagreed ? "they disagree whether it happened"
                : past.missed ? "missed" : "happened"
            events.append(Event(at: past.startsAt, kind: "Meeting", text: "Meeting: \(outcomeText)"))
            let monthStart = time.calendar.dateInterval(of: .month, for: past.startsAt)?.start ?? past.startsAt
            if months.last?.starts != monthStart { months.append(Month(starts: monthStart)) }
            if !past.cancelledInAdvance {
                months[months.count - 1].scheduled += 1
                if !past.unrecorded && !past.missed { months[months.count - 1].held += 1 }
            }
        }
        for row in try await rows("SELECT person_id, created_at, followed_up_at, status FROM commitments WHERE match_id = \(bind: matchID)") {
            let who = name(try row.decode(column: "person_id", as: UUID.self))
            events.append(Event(at: try row.decode(column: "created_at", as: Date.self), kind: "Commitment", text: "\(who) made a commitment"))
            if let followed = try row.decode(column: "followed_up_at", as: Date?.self),
               let status = CommitmentStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                events.append(Event(at: followed, kind: "Commitment", text: "\(who)'s commitment: \(status.title.lowercased())"))
            }
        }
        for row in try await rows("SELECT author_id, created_at, category FROM wins WHERE match_id = \(bind: matchID)") {
            let category = try row.decode(column: "category", as: String?.self).flatMap(WinCategory.init(rawValue:))
            events.append(Event(at: try row.decode(column: "created_at", as: Date.self), kind: "Win",
                                text: "\(name(try row.decode(column: "author_id", as: UUID.self))) posted a win" + (category.map { " (\($0.title.lowercased()))" } ?? "")))
        }
        var scores: [Int: (mentor: Double?, mentee: Double?)] = [:]
        for row in try await rows("SELECT person_id, check_number, score, answered_at FROM pulse_answers WHERE match_id = \(bind: matchID)") {
            let person = try row.decode(column: "person_id", as: UUID.self)
            let (number, score) = (try row.decode(column: "check_number", as: Int.self), try row.decode(column: "score", as: Double.self))
            events.append(Event(at: try row.decode(column: "answered_at", as: Date.self), kind: "Check",
                                text: "\(name(person)) answered relationship check \(number): \(String(format: "%.1f", score))"))
            if person == match.$mentor.id { scores[number, default: (nil, nil)].mentor = score } else { scores[number, default: (nil, nil)].mentee = score }
        }
        for row in try await rows("SELECT person_id, round_number, answered_at FROM feedback_answers WHERE match_id = \(bind: matchID)") {
            events.append(Event(at: try row.decode(column: "answered_at", as: Date.self), kind: "Feedback",
                                text: "\(name(try row.decode(column: "person_id", as: UUID.self))) answered feedback round \(try row.decode(column: "round_number", as: Int.self))"))
        }
        for checkIn in try await PairCheckIn.query(on: database).filter(\.$match.$id == matchID).all() {
            events.append(Event(at: checkIn.checkedOn, kind: "Check-in", text: "Coordinator check-in: \(checkIn.withWhom.title.lowercased()), \(checkIn.how.title.lowercased())"))
        }
        for ask in try await StopRequest.query(on: database).filter(\.$match.$id == matchID).all() {
            events.append(Event(at: ask.askedAt, kind: "Stop", text: "\(name(ask.$person.id)) asked to stop"))
        }
        return MatchTimelineModel(
            match: match, events: events.sorted { $0.at > $1.at }, months: months,
            checks: scores.keys.sorted().map { ($0, scores[$0]?.mentor, scores[$0]?.mentee) },
            prompts: try await MatchFlags.ofSchool(match.$school.id, only: matchID, now: now, kept: kept, on: database)[matchID]?.sentences ?? [])
    }
}
