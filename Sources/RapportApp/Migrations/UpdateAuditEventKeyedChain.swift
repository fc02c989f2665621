import Fluent
import SQLKit

/// Events chained with the keyed hash carry `keyed`; PostgreSQL also refuses TRUNCATE, which skips row triggers.
struct UpdateAuditEventKeyedChain: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).field("keyed", .bool, .required, .sql(.default(false))).update()
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await sql.raw("""
            CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
            """).run()
    }
    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events").run()
        }
        try await database.schema(AuditEvent.schema).deleteField("keyed").update()
    }
}
