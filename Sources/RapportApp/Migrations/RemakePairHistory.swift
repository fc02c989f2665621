import Fluent
import SQLKit

/// Kept histories hold how many recorded meetings in a row were missed (any programme's threshold reads it) rather
/// than whether the last two were, and what each side last answered of checks and feedback, attendance disagreements
/// and how commitments went. They are only a cache, so the table is made again empty.
struct RemakePairHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let numbers = ["missed_streak", "disagreements", "mentor_check", "mentor_round", "mentee_check", "mentee_round",
                       "commitments_reviewed", "commitments_not_kept"]
        let scores = ["mentor_tenths", "mentor_previous_tenths", "mentee_tenths", "mentee_previous_tenths"]
        try await Self.remake(
            numbers.map { .definition(name: .key(.string($0)), dataType: .int, constraints: [.required]) }
                + scores.map { .definition(name: .key(.string($0)), dataType: .int, constraints: []) },
            on: database)
    }

    func revert(on database: any Database) async throws {
        try await Self.remake([.definition(name: .key("last_two_missed"), dataType: .bool, constraints: [.required])], on: database)
    }

    private static func remake(_ fields: [DatabaseSchema.FieldDefinition], on database: any Database) async throws {
        try await database.schema("pair_histories").delete()
        var table = database.schema("pair_histories")
            .field("match_id", .uuid, .identifier(auto: false), .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("generation", .int, .required)
            .field("last_held", .datetime)
            .field("recent_scheduled", .int, .required)
            .field("recent_attended", .int, .required)
            .field("unrecorded_overdue", .int, .required)
            .field("valid_until", .datetime)
        for field in fields { table = table.field(field) }
        try await table.create()
    }
}
