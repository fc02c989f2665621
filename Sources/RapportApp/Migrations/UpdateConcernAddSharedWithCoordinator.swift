import Fluent

struct UpdateConcernAddSharedWithCoordinator: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Concern.schema).field("shared_with_coordinator_at", .datetime).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(Concern.schema).deleteField("shared_with_coordinator_at").update()
    }
}
