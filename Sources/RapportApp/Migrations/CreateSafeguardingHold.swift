import Fluent

struct CreateSafeguardingHold: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SafeguardingHold.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("concern_id", .uuid, .required, .references(Concern.schema, "id"))
            .field("placed_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("placed_at", .datetime, .required)
            .field("lifted_at", .datetime)
            .field("lifted_by_id", .uuid, .references(Person.schema, "id"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(SafeguardingHold.schema).delete() }
}
