import Fluent

struct CreateMeetingSummary: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeetingSummary.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
            .field("text_sealed", .string, .required)
            .field("response", .string, .required)
            .field("correction_sealed", .string)
            .field("written_at", .datetime, .required)
            .field("responded_at", .datetime)
            .unique(on: "meeting_id", name: "meeting_summaries_one_per_meeting")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (response IN ('waiting', 'confirmed', 'corrected'))"), name: "meeting_summaries_response_known"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(MeetingSummary.schema).delete() }
}
