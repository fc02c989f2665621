import Fluent

struct CreateMatchTransition: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MatchTransition.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("event", .string, .required)
            .field("from_state", .string, .required)
            .field("to_state", .string, .required)
            .field("actor_id", .uuid)
            .field("reason", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(MatchTransition.schema).delete() }
}
