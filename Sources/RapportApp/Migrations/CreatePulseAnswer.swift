import Fluent

struct CreatePulseAnswer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PulseAnswer.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("check_number", .int, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("answers", .array(of: .int), .required)
            .field("score", .double, .required)
            .field("answered_at", .datetime, .required)
            .unique(on: "match_id", "check_number", "person_id", name: "pulse_answers_one_per_person_and_check")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (score >= 1 AND score <= 5 AND check_number >= 1)"), name: "pulse_answers_score_in_range"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(PulseAnswer.schema).delete() }
}
