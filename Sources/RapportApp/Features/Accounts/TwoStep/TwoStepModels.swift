import Fluent
import Foundation
import SQLKit

/// A staff member's authenticator: the shared secret (sealed), whether enrolment was confirmed with a code, the last
/// time step used (a code works once), and the count of wrong codes in a row (ten lock it until an admin resets it).
final class TwoStepFactor: Model, @unchecked Sendable {
    static let schema = "two_step_factors"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "secret_sealed") var secretSealed: String
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @OptionalField(key: "last_used_step") var lastUsedStep: Int64?
    @Field(key: "failures") var failures: Int
    @OptionalField(key: "locked_at") var lockedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
    init(personID: UUID, now: Date) {
        self.id = UUID()
        self.$person.id = personID
        self.secretSealed = ""
        self.failures = 0
        self.createdAt = now
    }
}

/// One of the ten codes shown once at enrolment, for a lost phone; only its keyed hash is kept.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
    init(personID: UUID, codeHash: String) {
        self.$person.id = personID
        self.codeHash = codeHash
    }
}

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
