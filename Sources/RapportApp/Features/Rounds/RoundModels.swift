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

    init() {}
}

struct CreateMatchingRound: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MatchingRound.schema)
            .id()
            .field("programme_id", .uuid, .required, .references(Programme.schema, "id"))
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("started_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("started_at", .datetime, .required)
            .field("last_run_at", .datetime, .required)
            .field("fingerprint", .string, .required)
            .field("pins", .array(of: .string), .required)
            .field("forbids", .array(of: .string), .required)
            .field("unmatched", .array(of: .string), .required)
            .field("is_open", .bool, .required)
            .create()
        try await database.schema(RoundDecision.schema)
            .id()
            .field("round_id", .uuid, .required, .references(MatchingRound.schema, "id", onDelete: .cascade))
            .field("actor_id", .uuid, .required, .references(Person.schema, "id"))
            .field("action", .string, .required)
            .field("detail", .string, .required)
            .field("decided_at", .datetime, .required)
            .create()
        try await database.schema(MenteeRanking.schema)
            .id()
            .field("programme_id", .uuid, .required, .references(Programme.schema, "id"))
            .field("mentee_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("rank", .int, .required)
            .field("ranked_at", .datetime, .required)
            .unique(on: "programme_id", "mentee_id", "rank", name: "mentee_rankings_one_mentor_per_rank")
            .unique(on: "programme_id", "mentee_id", "mentor_id", name: "mentee_rankings_one_rank_per_mentor")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (rank BETWEEN 1 AND 3)"), name: "mentee_rankings_rank_range"))
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(MenteeRanking.schema).delete()
        try await database.schema(RoundDecision.schema).delete()
        try await database.schema(MatchingRound.schema).delete()
    }
}
