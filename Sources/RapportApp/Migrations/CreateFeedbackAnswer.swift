import Fluent

struct CreateFeedbackAnswer: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FeedbackAnswer.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("round_number", .int, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("meetings_help", .int, .required)
            .field("feel_listened_to", .int, .required)
            .field("going_well_sealed", .string, .required)
            .field("suggestion_sealed", .string)
            .field("answered_at", .datetime, .required)
            .unique(on: "match_id", "round_number", "person_id", name: "feedback_answers_one_per_person_and_round")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (meetings_help BETWEEN 1 AND 5 AND feel_listened_to BETWEEN 1 AND 5 AND round_number >= 1)"), name: "feedback_answers_in_range"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(FeedbackAnswer.schema).delete() }
}
