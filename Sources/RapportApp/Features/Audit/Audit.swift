import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
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

    var properties: [any AnyProperty] {
        [$id, $sequence, $occurredAt, $actorID, $actor, $schoolID, $action, $subject, $previousHash, $hash, $keyed]
    }

    init() {}
}

/// Records who did or read what. Every append extends a chain of keyed hashes (HMAC-SHA256 with a key kept outside
/// the database), so an edit, a deletion or a whole rewritten chain is found by `verify`.
struct AuditLog: Sendable {
    let clock: Clock
    let keys: ServerKeys
    /// Where events recorded outside a transaction wait to be written together; without one, each gets its own.
    var batch: AuditBatch? = nil

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
        guard let batch else {
            try await database.transaction { try await append(line, on: $0) }
            return
        }
        try await batch.write(line) { lines in
            try await database.transaction { transaction in for line in lines { try await append(line, on: transaction) } }
        } alone: { line in
            try await database.transaction { try await append(line, on: $0) }
        }
    }

    struct Line: Sendable {
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
        event.subject = line.subject.oneLine
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
            return SHA256.hash(data: Data(fields.utf8)).hexString
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

/// Group commit for audited reads: events recorded outside a transaction while one is being written wait and are
/// written together in the next transaction, one commit (one `fsync` on SQLite) for all of them. Each caller still
/// returns only once its own event is saved, so a page is never shown before its read is in the log.
final class AuditBatch: Sendable {
    private struct Waiting {
        let line: AuditLog.Line
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let state = NIOLockedValueBox<(waiting: [Waiting], writing: Bool)>(([], false))

    /// Saves `line` with whatever else is waiting, by `together`; if that fails for a batch of several, each is tried
    /// again `alone`, so only a line that cannot be written is refused.
    func write(_ line: AuditLog.Line, together: @escaping @Sendable ([AuditLog.Line]) async throws -> Void,
               alone: @escaping @Sendable (AuditLog.Line) async throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let starts = state.withLockedValue { state -> Bool in
                state.waiting.append(Waiting(line: line, continuation: continuation))
                defer { state.writing = true }
                return !state.writing
            }
            if starts { Task { await self.drain(together: together, alone: alone) } }
        }
    }

    private func drain(together: @Sendable ([AuditLog.Line]) async throws -> Void, alone: @Sendable (AuditLog.Line) async throws -> Void) async {
        while true {
            let batch = state.withLockedValue { state -> [Waiting] in
                defer { state.waiting = [] }
                if state.waiting.isEmpty { state.writing = false }
                return state.waiting
            }
            guard !batch.isEmpty else { return }
            do {
                try await together(batch.map(\.line))
                for waiting in batch { waiting.continuation.resume() }
            } catch {
                for waiting in batch {
                    do {
                        if batch.count == 1 { throw error }
                        try await alone(waiting.line)
                        waiting.continuation.resume()
                    } catch {
                        waiting.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
