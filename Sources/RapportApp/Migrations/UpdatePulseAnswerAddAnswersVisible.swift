import Fluent

/// Answers given before this existed were shown to staff only as a score, whatever the setting said: that is what
/// the page promised, so they stay score-only.
struct UpdatePulseAnswerAddAnswersVisible: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PulseAnswer.schema).field("answers_visible", .bool, .required, .sql(.default(false))).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(PulseAnswer.schema).deleteField("answers_visible").update()
    }
}
