import Fluent
import SQLKit

/// Kept histories hold how many recorded meetings in a row were missed (any programme's threshold reads it) rather
/// than whether the last two were. They are only a cache, so the table is made again empty.
struct UpdatePairHistoryKeepMissedStreak: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await Self.remake(streak: .definition(name: .key("missed_streak"), dataType: .int, constraints: [.required]), on: database)
    }

    func revert(on database: any Database) async throws {
        try await Self.remake(streak: .definition(name: .key("last_two_missed"), dataType: .bool, constraints: [.required]), on: database)
    }

    private static func remake(streak: DatabaseSchema.FieldDefinition, on database: any Database) async throws {
        try await database.schema("pair_histories").delete()
        try await database.schema("pair_histories")
            .field("match_id", .uuid, .identifier(auto: false), .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("generation", .int, .required)
            .field("last_held", .datetime)
            .field("recent_scheduled", .int, .required)
            .field("recent_attended", .int, .required)
            .field(streak)
            .field("unrecorded_overdue", .int, .required)
            .field("valid_until", .datetime)
            .create()
    }
}
