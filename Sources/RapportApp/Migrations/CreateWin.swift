import Fluent

struct CreateWin: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Win.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(Person.schema, "id"))
            .field("category", .string)
            .field("text_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(WinReaction.schema)
            .id()
            .field("win_id", .uuid, .required, .references(Win.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("reaction", .string, .required)
            .field("line_sealed", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "win_id", "person_id", name: "win_reactions_one_per_person")
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(WinReaction.schema).delete()
        try await database.schema(Win.schema).delete()
    }
}
