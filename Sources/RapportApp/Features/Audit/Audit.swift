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
    /// Kept as text so the trail survives deletion of the person.
    @Field(key: "actor") var actor: String
    @OptionalField(key: "school_id") var schoolID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "subject") var subject: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}
}

/// Records who did or read what. Every append extends the hash chain so an edit anywhere breaks it.
struct AuditLog: Sendable {
    let clock: Clock

    func record(
        _ action: String, subject: String, by actor: Person?, schoolID: UUID?, on database: any Database
    ) async throws {
        // Two appends racing for the same sequence number: the unique index refuses one, which retries.
        for attempt in 1...5 {
            do {
                try await append(action, subject: subject, actor: actor, schoolID: schoolID, on: database)
                return
            } catch let error as any DatabaseError where error.isConstraintFailure && attempt < 5 {
                continue
            }
        }
    }

    private func append(
        _ action: String, subject: String, actor: Person?, schoolID: UUID?, on database: any Database
    ) async throws {
        let last = try await AuditEvent.query(on: database).sort(\.$sequence, .descending).first()
        let event = AuditEvent()
        event.sequence = (last?.sequence ?? 0) + 1
        event.occurredAt = Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down))
        event.actorID = actor?.id
        event.actor = actor.map { "\($0.username) (\($0.role.rawValue))" } ?? "system"
        event.schoolID = schoolID
        event.action = action
        event.subject = subject
        event.previousHash = last?.hash ?? Self.genesis
        event.hash = Self.hash(of: event)
        try await event.create(on: database)
    }

    static let genesis = String(repeating: "0", count: 64)

    static func hash(of event: AuditEvent) -> String {
        let fields = [
            event.previousHash, String(event.sequence), String(Int(event.occurredAt.timeIntervalSince1970)),
            event.actorID?.uuidString ?? "", event.actor, event.schoolID?.uuidString ?? "", event.action, event.subject,
        ]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Walks the chain from the start; returns the first broken sequence number, or nil when intact.
    static func firstBrokenLink(on database: any Database) async throws -> Int? {
        var previous = genesis
        var expectedSequence = 1
        for event in try await AuditEvent.query(on: database).sort(\.$sequence).all() {
            if event.sequence != expectedSequence || event.previousHash != previous || hash(of: event) != event.hash {
                return event.sequence
            }
            previous = event.hash
            expectedSequence += 1
        }
        return nil
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
