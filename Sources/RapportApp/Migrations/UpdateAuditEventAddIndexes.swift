import Fluent
import SQLKit

/// Pages read the log by who acted (a person's sign-ins on their home page) and by action and subject (who read a
/// concern, once-per-window lock-outs): without these, every home page would scan the whole log.
struct UpdateAuditEventAddIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "audit_events_by_actor").on(AuditEvent.schema).column("actor_id").column("action").run()
        try await sql.create(index: "audit_events_by_subject").on(AuditEvent.schema).column("action").column("subject").run()
    }
    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "audit_events_by_actor").run()
        try await sql.drop(index: "audit_events_by_subject").run()
    }
}
