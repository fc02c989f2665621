import Fluent

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
