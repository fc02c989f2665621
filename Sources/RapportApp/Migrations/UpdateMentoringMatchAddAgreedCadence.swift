import Fluent

/// The rhythm a pair agreed (by accepting a repeating series), which the early warnings use instead of the programme's.
struct UpdateMentoringMatchAddAgreedCadence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema).field("agreed_cadence_days", .int).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema).deleteField("agreed_cadence_days").update()
    }
}
