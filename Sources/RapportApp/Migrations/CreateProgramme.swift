import Fluent

struct CreateProgramme: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Programme.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("name", .string, .required)
            .field("school_year", .string, .required)
            .field("starts_on", .datetime, .required)
            .field("ends_on", .datetime, .required)
            .field("meeting_cadence_days", .int, .required)
            .field("minimum_year_gap", .int, .required)
            .field("mentee_choice", .bool, .required)
            .field("feedback_every_weeks", .int, .required)
            .field("created_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("created_at", .datetime)
            .unique(on: "school_id", "school_year", "name")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (ends_on > starts_on)"), name: "programmes_ends_after_start"))
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (meeting_cadence_days BETWEEN 1 AND 31 AND minimum_year_gap BETWEEN 0 AND 6 AND feedback_every_weeks BETWEEN 1 AND 12)"), name: "programmes_settings_in_range"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Programme.schema).delete() }
}
