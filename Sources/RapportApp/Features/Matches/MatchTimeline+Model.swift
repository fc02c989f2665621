import Fluent
import Foundation

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

    static func load(_ match: MentoringMatch, time: SchoolTime, now: Date, on database: any Database) async throws -> MatchTimelineModel {
        let matchID = try match.requireID()
        let name = { (person: UUID) in person == match.$mentor.id ? match.mentor.givenName : match.mentee.givenName }
        var events: [Event] = []
        let transitions = try await MatchTransition.query(on: database).filter(\.$match.$id == matchID).all()
        events += transitions.map { Event(at: $0.occurredAt, kind: "Match", text: "\($0.fromState.title) → \($0.toState.title)") }
        let meetings = try await Meeting.query(on: database).filter(\.$match.$id == matchID).filter(\.$state == .accepted)
            .filter(\.$endsAt <= now).sort(\.$startsAt).all()
        let said = try await MeetingAttendance.query(on: database).filter(\.$meeting.$id ~~ meetings.compactMap(\.id)).all(ifAnyOf: meetings.compactMap(\.id))
        var months: [Month] = []
        for meeting in meetings {
            let past = MatchFlags.PastMeeting(startsAt: meeting.startsAt,
                                              mentorSaid: said.first { $0.$meeting.id == meeting.id && $0.$person.id == match.$mentor.id }?.outcome,
                                              menteeSaid: said.first { $0.$meeting.id == meeting.id && $0.$person.id == match.$mentee.id }?.outcome)
            let outcome = past.unrecorded ? "not recorded" : past.cancelledInAdvance ? "called off" : past.disagreed ? "they disagree whether it happened"
                : past.missed ? "missed" : "happened"
            events.append(Event(at: meeting.startsAt, kind: "Meeting", text: "Meeting: \(outcome)"))
            let monthStart = time.calendar.dateInterval(of: .month, for: meeting.startsAt)?.start ?? meeting.startsAt
            if months.last?.starts != monthStart { months.append(Month(starts: monthStart)) }
            if !past.cancelledInAdvance {
                months[months.count - 1].scheduled += 1
                if !past.unrecorded && !past.missed { months[months.count - 1].held += 1 }
            }
        }
        for commitment in try await Commitment.query(on: database).filter(\.$match.$id == matchID).all() {
            events.append(Event(at: commitment.createdAt, kind: "Commitment", text: "\(name(commitment.$person.id)) made a commitment"))
            if let followed = commitment.followedUpAt {
                events.append(Event(at: followed, kind: "Commitment", text: "\(name(commitment.$person.id))'s commitment: \(commitment.status.title.lowercased())"))
            }
        }
        for win in try await Win.query(on: database).filter(\.$match.$id == matchID).all() {
            events.append(Event(at: win.createdAt, kind: "Win", text: "\(name(win.$author.id)) posted a win" + (win.category.map { " (\($0.title.lowercased()))" } ?? "")))
        }
        let pulses = try await PulseAnswer.query(on: database).filter(\.$match.$id == matchID).sort(\.$checkNumber).all()
        events += pulses.map {
            Event(at: $0.answeredAt, kind: "Check", text: "\(name($0.$person.id)) answered relationship check \($0.checkNumber): \(String(format: "%.1f", $0.score))")
        }
        let feedback = try await FeedbackAnswer.query(on: database).filter(\.$match.$id == matchID).all()
        events += feedback.map { Event(at: $0.answeredAt, kind: "Feedback", text: "\(name($0.$person.id)) answered feedback round \($0.roundNumber)") }
        for checkIn in try await PairCheckIn.query(on: database).filter(\.$match.$id == matchID).all() {
            events.append(Event(at: checkIn.checkedOn, kind: "Check-in", text: "Coordinator check-in: \(checkIn.withWhom.title.lowercased()), \(checkIn.how.title.lowercased())"))
        }
        for ask in try await StopRequest.query(on: database).filter(\.$match.$id == matchID).all() {
            events.append(Event(at: ask.askedAt, kind: "Stop", text: "\(name(ask.$person.id)) asked to stop"))
        }
        let numbers = Array(Set(pulses.map(\.checkNumber))).sorted()
        let score = { (number: Int, person: UUID) in pulses.first { $0.checkNumber == number && $0.$person.id == person }?.score }
        return MatchTimelineModel(
            match: match, events: events.sorted { $0.at > $1.at }, months: months,
            checks: numbers.map { ($0, score($0, match.$mentor.id), score($0, match.$mentee.id)) },
            prompts: try await MatchFlags.ofSchool(match.$school.id, only: matchID, now: now, on: database)[matchID]?.sentences ?? [])
    }
}
