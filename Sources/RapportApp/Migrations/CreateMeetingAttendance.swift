import Fluent

struct CreateMeetingAttendance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeetingAttendance.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("outcome", .string, .required)
            .field("repair_note_sealed", .string)
            .field("repair_meeting_id", .uuid, .references(Meeting.schema, "id"))
            .field("recorded_at", .datetime, .required)
            .unique(on: "meeting_id", "person_id", name: "meeting_attendance_one_per_person")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (outcome IN ('happened', 'other-missed', 'i-missed', 'cancelled-in-advance'))"), name: "meeting_attendance_outcome_known"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(MeetingAttendance.schema).delete() }
}
