import Fluent

struct UpdateMentoringMatchAddNotesPurgedAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema).field("notes_purged_at", .datetime).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema).deleteField("notes_purged_at").update()
    }
}
