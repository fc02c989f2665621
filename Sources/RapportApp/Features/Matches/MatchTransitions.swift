import Fluent
import SQLKit
import Vapor

/// Applies `MatchLifecycle` to a stored match: checks the move, takes a mentor place on approval, and records
/// who moved it, when and why, in one transaction. A move that is not allowed, or that lost a race, is a 409.
struct MatchTransitions {
    /// Every move is also an audit event, in the same transaction.
    let audit: AuditLog
    private var clock: Clock { audit.clock }

    /// What a guided close records when closing starts.
    struct Closing: Sendable {
        let reason: ClosureReason
        let contactAfter: ContactAfter
    }

    @discardableResult
    func apply(_ event: MatchEvent, to matchID: UUID, by actor: Person?, reason: String? = nil, closing: Closing? = nil,
               on database: any Database) async throws -> MentoringMatch {
        try await refusingContention(Self.raceMessage) {
            try await database.transaction { database in
                guard let match = try await MentoringMatch.find(matchID, on: database) else {
                    throw Abort(.notFound, reason: "There is no such match.")
                }
                let now = clock.now()
                let from = match.state
                let to: MatchState
                let programme = try await match.$programme.get(on: database)
                switch MatchLifecycle.next(from: from, on: event, reason: reason, activeSince: match.activatedAt,
                                           earlyClosureDays: programme.earlyClosureDays, now: now) {
                case .success(let state): to = state
                case .failure(let refusal): throw Abort(.conflict, reason: refusal.message)
                }
                if event == .approve {
                    try await takeMentorPlace(for: match, on: database)
                }
                if to == .active && match.activatedAt == nil { match.activatedAt = now }
                if event == .beginClosing, let closing { (match.closureReason, match.contactAfter) = (closing.reason, closing.contactAfter) }
                if !MatchState.open.contains(to) { match.mentorSlot = nil }
                match.state = to
                match.updatedAt = now
                // Only if nobody moved it meanwhile: the state we read must still be the state in the database.
                guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
                let moved = try await sql.update(MentoringMatch.schema)
                    .set("state", to: to.rawValue)
                    .set("mentor_slot", to: match.mentorSlot)
                    .set("mentor_capacity", to: match.mentorCapacity)
                    .set("activated_at", to: match.activatedAt)
                    .set("closure_reason", to: match.closureReason?.rawValue)
                    .set("contact_after", to: match.contactAfter?.rawValue)
                    .set("updated_at", to: now)
                    .where("id", .equal, matchID)
                    .where("state", .equal, from.rawValue)
                    .returning("id")
                    .all()
                guard moved.count == 1 else {
                    throw Abort(.conflict, reason: "Someone else changed this match at the same moment. Reload to see where it is now.")
                }
                let transition = MatchTransition()
                transition.$match.id = matchID
                transition.event = event
                transition.fromState = from
                transition.toState = to
                transition.actorID = actor?.id
                transition.reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                transition.occurredAt = now
                try await transition.create(on: database)
                try await audit.record(
                    "match \(event.rawValue)", subject: "match \(matchID): \(from.rawValue) to \(to.rawValue)", by: actor,
                    schoolID: match.$school.id, on: database)
                return match
            }
        }
    }

    static let raceMessage = "Someone else changed this match, or took the same mentor's place, at the same moment. Reload to see where things are now."

    /// The lowest free place within the mentor's capacity; the unique index refuses a place taken concurrently.
    private func takeMentorPlace(for match: MentoringMatch, on database: any Database) async throws {
        let mentor = try await match.$mentor.get(on: database)
        guard let capacity = mentor.capacity, mentor.role == .mentor else {
            throw Abort(.conflict, reason: "\(mentor.fullName) is not a mentor any more.")
        }
        let taken = try await MentoringMatch.query(on: database)
            .filter(\.$mentor.$id == mentor.requireID())
            .filter(\.$state ~~ MatchState.holdingAPlace)
            .all().compactMap(\.mentorSlot)
        guard let slot = (1...capacity).first(where: { !taken.contains($0) }) else {
            throw Abort(.conflict, reason: "\(mentor.fullName) already has \(capacity) mentee\(capacity == 1 ? "" : "s"), as many as they can take.")
        }
        match.mentorSlot = slot
        match.mentorCapacity = capacity
    }
}
