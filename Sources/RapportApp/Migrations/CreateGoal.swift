import Fluent

struct CreateGoal: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Goal.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("title_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(GoalStep.schema)
            .id()
            .field("goal_id", .uuid, .required, .references(Goal.schema, "id", onDelete: .cascade))
            .field("text_sealed", .string, .required)
            .field("done_at", .datetime)
            .field("encouragement_sealed", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(GoalSetback.schema)
            .id()
            .field("goal_id", .uuid, .required, .references(Goal.schema, "id", onDelete: .cascade))
            .field("tried_sealed", .string, .required)
            .field("learnt_sealed", .string, .required)
            .field("next_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(GoalSetback.schema).delete()
        try await database.schema(GoalStep.schema).delete()
        try await database.schema(Goal.schema).delete()
    }
}
