import Fluent
import SQLKit

struct CreateMentorSupport: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentorWellbeing.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("month", .string, .required)
            .field("feeling", .int, .required)
            .field("load", .string, .required)
            .field("note_sealed", .string)
            .field("shared_with_coordinator", .bool, .required)
            .field("answered_at", .datetime, .required)
            .unique(on: "person_id", "month", name: "mentor_wellbeing_one_a_month")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (feeling BETWEEN 1 AND 5)"), name: "mentor_wellbeing_feeling_in_range"))
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (load IN ('too-much', 'a-bit-much', 'about-right', 'could-do-more'))"),
                                    name: "mentor_wellbeing_load_known"))
            .create()
        try await database.schema(MentorHelpRequest.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("text_sealed", .string, .required)
            .field("asked_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("answered_by_id", .uuid, .references(Person.schema, "id"))
            .create()
        try await database.schema(SupervisionSession.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("starts_at", .datetime, .required)
            .field("minutes", .int, .required)
            .field("topic", .string, .required)
            .field("created_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("created_at", .datetime, .required)
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (minutes BETWEEN 10 AND 180)"), name: "supervision_sessions_minutes_in_range"))
            .create()
        try await database.schema(SupervisionAttendance.schema)
            .id()
            .field("session_id", .uuid, .required, .references(SupervisionSession.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("recorded_at", .datetime, .required)
            .unique(on: "session_id", "person_id", name: "supervision_attendance_once")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [SupervisionAttendance.schema, SupervisionSession.schema, MentorHelpRequest.schema, MentorWellbeing.schema] {
            try await database.schema(schema).delete()
        }
    }
}
