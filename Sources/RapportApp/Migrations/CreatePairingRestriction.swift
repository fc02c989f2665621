import Fluent
import SQLKit

struct CreatePairingRestriction: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PairingRestriction.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("kind", .string, .required)
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("other_id", .uuid, .required, .references(Person.schema, "id"))
            .field("reason_sealed", .string, .required)
            .field("concern_id", .uuid, .references(Concern.schema, "id"))
            .field("created_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "kind", "student_id", "other_id", name: "pairing_restrictions_once_per_kind")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (kind IN ('do-not-pair', 'safeguarding'))"), name: "pairing_restrictions_kind_known"))
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (student_id <> other_id)"), name: "pairing_restrictions_two_students"))
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "pairing_restrictions_by_school").on(PairingRestriction.schema).column("school_id").run()
        }
    }

    func revert(on database: any Database) async throws { try await database.schema(PairingRestriction.schema).delete() }
}
