import Fluent

/// Mentees' and mentors' answers to the outcome scales, one per person per match per wave.
struct CreateOutcomeAnswer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutcomeAnswer.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("wave", .string, .required)
            .field("answers", .array(of: .int), .required)
            .field("answered_at", .datetime, .required)
            .unique(on: "match_id", "person_id", "wave")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutcomeAnswer.schema).delete()
    }
}
