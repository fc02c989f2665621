import Fluent

struct CreateCommitment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Commitment.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("meeting_id", .uuid, .references(Meeting.schema, "id", onDelete: .setNull))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("text_sealed", .string, .required)
            .field("due_on", .datetime, .required)
            .field("status", .string, .required)
            .field("follow_up_sealed", .string)
            .field("followed_up_at", .datetime)
            .field("followed_up_meeting_id", .uuid, .references(Meeting.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (status IN ('open', 'done', 'partly', 'not-yet'))"), name: "commitments_status_known"))
            .constraint(.constraint(.sql(unsafeRaw: "CHECK ((status = 'open') = (followed_up_at IS NULL))"), name: "commitments_followed_up_when_closed"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Commitment.schema).delete() }
}
