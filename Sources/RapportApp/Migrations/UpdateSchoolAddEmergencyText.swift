import Fluent

struct UpdateSchoolAddEmergencyText: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(School.schema).field("emergency_text", .string).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(School.schema).deleteField("emergency_text").update()
    }
}
