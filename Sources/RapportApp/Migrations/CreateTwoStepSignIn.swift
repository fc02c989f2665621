import Fluent
import SQLKit

struct CreateTwoStepSignIn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TwoStepFactor.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("secret_sealed", .string, .required)
            .field("confirmed_at", .datetime)
            .field("last_used_step", .int64)
            .field("failures", .int, .required)
            .field("locked_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "person_id")
            .create()
        try await database.schema(RecoveryCode.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .unique(on: "code_hash")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // Where a session stands in signing in: nil once complete, else the step still owed.
        try await sql.raw("ALTER TABLE sessions ADD COLUMN pending_step TEXT CHECK (pending_step IN ('verify', 'enrol'))").run()
        // Whether an organisation's coordinators must use two-step sign-in too (leads and admins always do).
        try await sql.raw("ALTER TABLE organisations ADD COLUMN coordinators_use_two_step BOOLEAN NOT NULL DEFAULT FALSE").run()
        // A deputy is a safeguarding lead the overdue alerts go to: the second lead of a school.
        try await sql.raw("""
            ALTER TABLE people ADD COLUMN is_deputy_lead BOOLEAN NOT NULL DEFAULT FALSE \
            CONSTRAINT people_deputy_is_a_lead CHECK (is_deputy_lead = FALSE OR role = 'safeguarding-lead')
            """).run()
        try await sql.create(index: "recovery_codes_by_person").on(RecoveryCode.schema).column("person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCode.schema).delete()
        try await database.schema(TwoStepFactor.schema).delete()
        for (table, column) in [("sessions", "pending_step"), ("organisations", "coordinators_use_two_step"), ("people", "is_deputy_lead")] {
            try await database.schema(table).deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}
