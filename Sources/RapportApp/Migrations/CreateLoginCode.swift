import Fluent

struct CreateLoginCode: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginCode.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("issued_by_id", .uuid, .required)
            .field("issued_at", .datetime, .required)
            .unique(on: "code_hash")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(LoginCode.schema).delete() }
}
