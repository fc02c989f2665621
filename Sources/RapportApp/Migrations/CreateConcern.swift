import Fluent

struct CreateConcern: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Concern.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("raised_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("about", .string, .required)
            .field("student_id", .uuid, .references(Person.schema, "id"))
            .field("match_id", .uuid, .references(MentoringMatch.schema, "id"))
            .field("text_sealed", .string, .required)
            .field("when_sealed", .string, .required)
            .field("danger_now", .bool, .required)
            .field("raised_at", .datetime, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by_id", .uuid, .references(Person.schema, "id"))
            .field("escalated_at", .datetime)
            .field("closed_at", .datetime)
            .field("closed_by_id", .uuid, .references(Person.schema, "id"))
            .create()
        try await database.schema(ConcernEntry.schema)
            .id()
            .field("concern_id", .uuid, .required, .references(Concern.schema, "id"))
            .field("author_id", .uuid, .required, .references(Person.schema, "id"))
            .field("kind", .string, .required)
            .field("category", .string)
            .field("text_sealed", .string, .required)
            .field("written_at", .datetime, .required)
            .create()
        try await ConcernGuards.install(on: database)
    }

    func revert(on database: any Database) async throws {
        try await ConcernGuards.remove(on: database)
        try await database.schema(ConcernEntry.schema).delete()
        try await database.schema(Concern.schema).delete()
    }
}
