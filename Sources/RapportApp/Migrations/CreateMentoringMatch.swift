import Fluent
import SQLKit

struct CreateMentoringMatch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("programme_id", .uuid, .required, .references(Programme.schema, "id"))
            .field("mentee_id", .uuid, .required, .references(Person.schema, "id"))
            .field("mentor_id", .uuid, .required, .references(Person.schema, "id"))
            .field("state", .string, .required)
            .field("score", .int, .required)
            .field("reasons", .array(of: .string), .required)
            .field("mentor_slot", .int)
            .field("mentor_capacity", .int)
            .field("activated_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (state IN ('proposed', 'awaiting-agreement', 'active', 'paused', 'closing', 'closed', 'cancelled'))"), name: "matches_state_known"))
            // An approved, open match holds one of the mentor's places, numbered within their capacity.
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (state NOT IN ('awaiting-agreement', 'active', 'paused') OR (mentor_slot IS NOT NULL AND mentor_capacity BETWEEN 1 AND 3 AND mentor_slot BETWEEN 1 AND mentor_capacity))"), name: "matches_slot_within_capacity"))
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (mentee_id <> mentor_id)"), name: "matches_two_people"))
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // One open match per mentee per programme, and one open match per place of a mentor: with the check above,
        // a mentor never holds more open matches than their capacity, whoever approves at the same moment.
        try await sql.raw("""
            CREATE UNIQUE INDEX matches_one_open_per_mentee ON matches (programme_id, mentee_id)
            WHERE state IN ('proposed', 'awaiting-agreement', 'active', 'paused')
            """).run()
        try await sql.raw("""
            CREATE UNIQUE INDEX matches_one_per_mentor_place ON matches (mentor_id, mentor_slot)
            WHERE state IN ('awaiting-agreement', 'active', 'paused')
            """).run()
    }
    func revert(on database: any Database) async throws { try await database.schema(MentoringMatch.schema).delete() }
}
