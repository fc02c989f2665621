import Fluent
import SQLKit

/// Adds the identity tags a student may choose to add, and whether staff may see them (no by default).
struct UpdateMentoringProfileAddIdentities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        // An empty list's literal differs: SQLite keeps Fluent's arrays as JSON text, PostgreSQL as a text array.
        let (type, empty) = sql.dialect.name == "sqlite" ? ("JSON", "'[]'") : ("TEXT[]", "'{}'")
        try await sql.raw("ALTER TABLE mentoring_profiles ADD COLUMN identities \(unsafeRaw: type) NOT NULL DEFAULT \(unsafeRaw: empty)").run()
        try await database.schema(MentoringProfile.schema)
            .field(.definition(name: .key("identities_visible"), dataType: .bool, constraints: [.required, .sql(.default(SQLLiteral.boolean(false)))]))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MentoringProfile.schema).deleteField("identities").update()
        try await database.schema(MentoringProfile.schema).deleteField("identities_visible").update()
    }
}
