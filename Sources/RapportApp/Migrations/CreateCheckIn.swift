import Fluent

struct CreateCheckIn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CheckIn.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("feeling", .string, .required)
            .field("checked_in_at", .datetime, .required)
            .unique(on: "meeting_id", "person_id", name: "check_ins_one_per_person")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(CheckIn.schema).delete() }
}
