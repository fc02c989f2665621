import Fluent

struct CreateCalendarFeed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CalendarFeed.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("token_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "person_id", name: "calendar_feeds_one_per_person")
            .unique(on: "token_hash", name: "calendar_feeds_token_unique")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(CalendarFeed.schema).delete() }
}
