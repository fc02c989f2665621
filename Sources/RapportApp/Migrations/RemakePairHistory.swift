import Fluent
import SQLKit

/// Kept histories hold how many recorded meetings in a row were missed (any programme's threshold reads it) rather
/// than whether the last two were, what each side last answered of checks and feedback, attendance disagreements and
/// how commitments went, all packed in one column (`PairHistoryCache.pack`). Only a cache: the table is made again empty.
struct RemakePairHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pair_histories").delete()
        try await database.schema("pair_histories")
            .field("match_id", .uuid, .identifier(auto: false), .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("generation", .int, .required)
            .field("valid_until", .datetime)
            .field("packed", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pair_histories").delete()
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
}
