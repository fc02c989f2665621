import Fluent
import Foundation

/// A coordinator's matching round for a programme: the engine's proposals, the pins and forbids, and who was left.
final class MatchingRound: Model, @unchecked Sendable {
    static let schema = "matching_rounds"
    @ID(key: .id) var id: UUID?
    @Parent(key: "programme_id") var programme: Programme
    @Parent(key: "school_id") var school: School
    @Field(key: "started_by_id") var startedByID: UUID
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "last_run_at") var lastRunAt: Date
    /// A digest of everything the proposals were computed from; approving refuses when it no longer matches.
    @Field(key: "fingerprint") var fingerprint: String
    /// Pairs as `menteeID:mentorID`.
    @Field(key: "pins") var pins: [String]
    @Field(key: "forbids") var forbids: [String]
    /// Unmatched mentees as `menteeID|why`.
    @Field(key: "unmatched") var unmatched: [String]
    @Field(key: "is_open") var isOpen: Bool

    var properties: [any AnyProperty] {
        [$id, $programme, $school, $startedByID, $startedAt, $lastRunAt, $fingerprint, $pins, $forbids, $unmatched,
         $isOpen]
    }

    init() {}
}

/// Every decision in a round, with who and when.
final class RoundDecision: Model, @unchecked Sendable {
    static let schema = "round_decisions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: MatchingRound
    @Field(key: "actor_id") var actorID: UUID
    @Field(key: "action") var action: String
    @Field(key: "detail") var detail: String
    @Field(key: "decided_at") var decidedAt: Date

    var properties: [any AnyProperty] { [$id, $round, $actorID, $action, $detail, $decidedAt] }

    init() {}
}

/// A mentee's ranking of a mentor from their shortlist (1 is their first choice).
final class MenteeRanking: Model, @unchecked Sendable {
    static let schema = "mentee_rankings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "programme_id") var programme: Programme
    @Parent(key: "mentee_id") var mentee: Person
    @Parent(key: "mentor_id") var mentor: Person
    @Field(key: "rank") var rank: Int
    @Field(key: "ranked_at") var rankedAt: Date

    var properties: [any AnyProperty] { [$id, $programme, $mentee, $mentor, $rank, $rankedAt] }

    init() {}
}
