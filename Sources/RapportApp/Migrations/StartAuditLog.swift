import Fluent

/// A new database's log starts with one event, so a log emptied later can be told from a new one.
struct StartAuditLog: AsyncMigration {
    let log: AuditLog
    func prepare(on database: any Database) async throws {
        guard try await AuditEvent.query(on: database).count() == 0 else { return }
        try await log.record("audit log started", subject: "database created", by: nil, schoolID: nil, on: database)
    }
    func revert(on database: any Database) async throws {}
}
