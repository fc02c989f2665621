import Crypto
import Fluent
import Foundation
import SQLKit

/// One line of the append-only, hash-chained audit log.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// Kept as text (role and id) so the trail survives deletion of the person.
    @Field(key: "actor") var actor: String
    @OptionalField(key: "school_id") var schoolID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "subject") var subject: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String
    /// True for events chained with the server's keyed hash; false only for events written before it existed.
    @Field(key: "keyed") var keyed: Bool

    init() {}
}

/// Records who did or read what. Every append extends a chain of keyed hashes (HMAC-SHA256 with a key kept outside
/// the database), so an edit, a deletion or a whole rewritten chain is found by `verify`.
struct AuditLog: Sendable {
    let clock: Clock
    let keys: ServerKeys

    /// Appends an event. Inside a transaction it is part of that transaction, so the event and the change it records
    /// are saved together or not at all; outside one it gets a transaction of its own.
    func record(
        _ action: String, subject: String, by actor: Person?, schoolID: UUID?, on database: any Database
    ) async throws {
        try await record(action, subject: subject, by: actor, schoolID: schoolID, unlessRecordedSince: nil, on: database)
    }

    /// With `unlessRecordedSince`, nothing is appended when the same action about the same subject is already in the
    /// log since then: checked under the append lock, so two at once still write one line.
    func record(
        _ action: String, subject: String, by actor: Person?, schoolID: UUID?, unlessRecordedSince since: Date?,
        on database: any Database
    ) async throws {
        let line = Line(action: action, subject: subject, actor: actor, schoolID: schoolID, unlessRecordedSince: since)
        if database.inTransaction {
            try await append(line, on: database)
            return
        }
        try await database.transaction { try await append(line, on: $0) }
    }

    private struct Line {
        let action: String
        let subject: String
        let actor: Person?
        let schoolID: UUID?
        let unlessRecordedSince: Date?
    }

    private func append(_ line: Line, on database: any Database) async throws {
        // Appends queue for the chain's head, held to the end of their transaction. PostgreSQL: an advisory lock (a
        // refused insert would abort the caller's transaction, so it must not happen). SQLite: a write that changes
        // nothing takes the one writer's lock before the head is read; reading first and writing after would fail
        // at once (SQLITE_BUSY_SNAPSHOT) whenever another connection wrote in between.
        if let sql = database as? any SQLDatabase {
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.postgresLockID))").run()
            } else if sql.dialect.name == "sqlite" {
                try await sql.raw("UPDATE audit_events SET sequence = sequence WHERE 0 = 1").run()
            }
        }
        if let since = line.unlessRecordedSince, try await AuditEvent.query(on: database).filter(\.$action == line.action)
            .filter(\.$subject == line.subject).filter(\.$occurredAt > since).count() > 0 {
            return
        }
        let last = try await AuditEvent.query(on: database).sort(\.$sequence, .descending).first()
        let event = AuditEvent()
        event.sequence = (last?.sequence ?? 0) + 1
        event.occurredAt = Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down))
        event.actorID = line.actor?.id
        // A role and an id, never a name: the trail stays pseudonymous, and stays readable after a person is deleted.
        event.actor = line.actor.map { "\($0.role.rawValue) \($0.id.map { $0.uuidString.lowercased() } ?? "unknown")" } ?? "system"
        event.schoolID = line.schoolID
        event.action = line.action
        // Subjects may carry text someone typed (a username tried at sign-in, a reason): one line, printable only.
        event.subject = String(String.UnicodeScalarView(line.subject.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format ? " " : $0
        }))
        event.previousHash = last?.hash ?? Self.genesis
        event.keyed = true
        event.hash = Self.hash(of: event, keys: keys)
        try await event.create(on: database)
    }

    private static let postgresLockID = 0x5261_7070_6f72_7401

    static let genesis = String(repeating: "0", count: 64)

    static func hash(of event: AuditEvent, keys: ServerKeys) -> String {
        let fields = [
            event.previousHash, String(event.sequence), String(Int(event.occurredAt.timeIntervalSince1970)),
            event.actorID?.uuidString ?? "", event.actor, event.schoolID?.uuidString ?? "", event.action, event.subject,
        ].joined(separator: "\u{1F}")
        guard event.keyed else {
            return SHA256.hash(data: Data(fields.utf8)).map { String(format: "%02x", $0) }.joined()
        }
        return keys.auditHash(fields)
    }

    /// What `verify` found: the number of events, the hash of the last one (to keep elsewhere and compare later),
    /// and the first broken sequence number, if any. An empty log is broken: the first start writes an event.
    struct Verification: Sendable {
        let events: Int
        let head: String
        let brokenAt: Int?
    }

    /// Walks the chain from the start. An unkeyed event is accepted only before the first keyed one.
    static func verify(on database: any Database, keys: ServerKeys) async throws -> Verification {
        var previous = genesis
        var expectedSequence = 1
        var seenKeyed = false
        for event in try await AuditEvent.query(on: database).sort(\.$sequence).all() {
            seenKeyed = seenKeyed || event.keyed
            if event.sequence != expectedSequence || event.previousHash != previous || (seenKeyed && !event.keyed)
                || hash(of: event, keys: keys) != event.hash {
                return Verification(events: expectedSequence - 1, head: previous, brokenAt: event.sequence)
            }
            previous = event.hash
            expectedSequence += 1
        }
        return Verification(events: expectedSequence - 1, head: previous, brokenAt: expectedSequence == 1 ? 0 : nil)
    }

}

struct CreateAuditEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("sequence", .int, .required)
            .field("occurred_at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor", .string, .required)
            .field("school_id", .uuid)
            .field("action", .string, .required)
            .field("subject", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        // The log is append-only: the database itself refuses updates and deletes.
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            for operation in ["UPDATE", "DELETE"] {
                try await sql.raw("""
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                    """).run()
            }
        } else {
            try await sql.raw("""
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
                """).run()
        }
    }
    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_events_append_only()").run()
        }
        try await database.schema(AuditEvent.schema).delete()
    }
}

/// A new database's log starts with one event, so a log emptied later can be told from a new one.
struct StartAuditLog: AsyncMigration {
    let log: AuditLog
    func prepare(on database: any Database) async throws {
        guard try await AuditEvent.query(on: database).count() == 0 else { return }
        try await log.record("audit log started", subject: "database created", by: nil, schoolID: nil, on: database)
    }
    func revert(on database: any Database) async throws {}
}

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
