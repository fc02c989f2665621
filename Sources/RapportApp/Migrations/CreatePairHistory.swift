import Fluent
import SQLKit

/// Each pair's early-warning history, kept so a school's pages need not work it out for every pair on every view
/// (`PairHistoryCache`): the row is used while its generation matches the match's and its `valid_until` has not come.
struct CreatePairHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema).field("history_generation", .int, .required, .sql(.default(0))).update()
        try await database.schema("pair_histories")
            .field("match_id", .uuid, .identifier(auto: false), .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("generation", .int, .required)
            .field("last_held", .datetime)
            .field("recent_scheduled", .int, .required)
            .field("recent_attended", .int, .required)
            .field("last_two_missed", .bool, .required)
            .field("unrecorded_overdue", .int, .required)
            .field("valid_until", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pair_histories").delete()
        try await database.schema(MentoringMatch.schema).deleteField("history_generation").update()
    }
}
