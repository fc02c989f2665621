import Fluent

struct CreateMentorStory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentorStory.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("tags", .array(of: .string), .required)
            .field("hidden_at", .datetime)
            .field("hidden_by_id", .uuid)
            .field("created_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(MentorStory.schema).delete() }
}
