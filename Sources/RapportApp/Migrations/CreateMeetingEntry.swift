import Fluent

struct CreateMeetingEntry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeetingEntry.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(Person.schema, "id"))
            .field("kind", .string, .required)
            .field("body_sealed", .string, .required)
            .field("story_id", .uuid, .references(MentorStory.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (kind IN ('agenda', 'note', 'story'))"), name: "meeting_entries_kind_known"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(MeetingEntry.schema).delete() }
}
