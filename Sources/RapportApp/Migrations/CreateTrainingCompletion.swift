import Fluent

struct CreateTrainingCompletion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TrainingCompletion.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("module_id", .string, .required)
            .field("completed_at", .datetime, .required)
            .field("recorded_by_id", .uuid)
            .unique(on: "person_id", "module_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(TrainingCompletion.schema).delete() }
}
