import Fluent

/// Each side's reflection when their match closes: one each, kept by the database.
struct CreateClosingReflection: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClosingReflection.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("text_sealed", .string, .required)
            .field("written_at", .datetime, .required)
            .unique(on: "match_id", "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClosingReflection.schema).delete()
    }
}
