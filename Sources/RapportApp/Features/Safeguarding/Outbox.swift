import Fluent
import Foundation
import SQLKit
import Vapor

/// An e-mail waiting to go: written in the transaction of what it is about, so nothing is lost if the process dies
/// between saving and sending, and sent by the background job until the mail command takes it. It never carries
/// what anyone wrote: only that something happened, and a link.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    /// A safeguarding alert goes before any reminder, at any hour; a reminder waits for the school day.
    enum Kind: String, Codable, Sendable {
        case alert, reminder
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Enum(key: "kind") var kind: Kind
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "delivered_at") var deliveredAt: Date?
    /// Why the last try failed, in the operator's words (the mail command's exit status), for the lead's list.
    @OptionalField(key: "last_problem") var lastProblem: String?

    var properties: [any AnyProperty] {
        [$id, $person, $kind, $subject, $body, $createdAt, $attempts, $nextAttemptAt, $deliveredAt, $lastProblem]
    }

    init() {}

    init(personID: UUID, kind: Kind = .alert, subject: String, body: String, now: Date) {
        self.$person.id = personID
        self.kind = kind
        // Subjects carry names from a roster, which could hold a line break; a header must stay one line.
        self.subject = subject.oneLine
        self.body = body
        self.createdAt = now
        self.attempts = 0
        self.nextAttemptAt = now
    }

    /// Waits between tries: 1, 2, 4 ... minutes, at most an hour.
    static func backOff(afterAttempts attempts: Int) -> TimeInterval {
        min(3600, 60 * pow(2, Double(max(0, attempts - 1))))
    }
}

/// Sends one e-mail. The live one pipes the message to `RAPPORT_MAIL_COMMAND` (sendmail-compatible: `sendmail -t`
/// reads the recipients from the headers); tests use one that records or fails.
public struct Mailer: Sendable {
    public var send: @Sendable (_ to: String, _ subject: String, _ body: String) async throws -> Void

    public init(send: @escaping @Sendable (_ to: String, _ subject: String, _ body: String) async throws -> Void) {
        self.send = send
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// No mail command configured: messages stay queued and the lead's page says so.
    public static let notConfigured = Mailer { _, _, _ in throw Failure(description: "No mail command is set (RAPPORT_MAIL_COMMAND).") }

    public static func command(_ commandLine: String, from sender: String) -> Mailer {
        Mailer { to, subject, body in
            // Header values come from Rapport's own words and a stored address: refuse anything that could add a header.
            guard ![to, subject, sender].contains(where: { $0.contains("\r") || $0.contains("\n") }) else {
                throw Failure(description: "An address or subject had a line break in it.")
            }
            let message = "From: \(sender)\r\nTo: \(to)\r\nSubject: \(subject)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(body)\r\n"
            // The message goes in through a file, not a pipe: a command that exits without reading must not take the
            // server down with SIGPIPE.
            let path = NSTemporaryDirectory() + "rapport-mail-\(UUID().uuidString)"
            guard FileManager.default.createFile(atPath: path, contents: Data(message.utf8), attributes: [.posixPermissions: 0o600]),
                  let input = FileHandle(forReadingAtPath: path) else {
                throw Failure(description: "The message could not be written for the mail command.")
            }
            defer {
                try? input.close()
                try? FileManager.default.removeItem(atPath: path)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", commandLine]
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    process.waitUntilExit()
                    done.resume()
                }
            }
            guard process.terminationStatus == 0 else {
                throw Failure(description: "The mail command stopped with status \(process.terminationStatus).")
            }
        }
    }
}

/// A named lease: the one server that holds it runs the job; the others skip it until it expires.
final class JobLease: Model, @unchecked Sendable {
    static let schema = "job_leases"
    @ID(custom: "name", generatedBy: .user) var id: String?
    @Field(key: "holder") var holder: String
    @Field(key: "expires_at") var expiresAt: Date

    var properties: [any AnyProperty] { [$id, $holder, $expiresAt] }

    init() {}

    /// Takes or renews the lease `name` for `holder` until `now + length`; true when this holder has it.
    static func take(_ name: String, holder: String, now: Date, length: TimeInterval, on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { return true }
        let until = now.addingTimeInterval(length)
        let renewed = try await sql.update(schema).set("holder", to: SQLBind(holder)).set("expires_at", to: SQLBind(until))
            .where("name", .equal, SQLBind(name))
            .where { $0.where("holder", .equal, SQLBind(holder)).orWhere("expires_at", .lessThan, SQLBind(now)) }
            .returning("name").all()
        if renewed.count == 1 { return true }
        let lease = JobLease()
        lease.id = name
        lease.holder = holder
        lease.expiresAt = until
        do {
            try await lease.create(on: database)
            return true
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false
        }
    }
}

/// Sends what is due in the outbox: each message is claimed by one conditional update before it is sent, so two
/// servers never both send it; a failure waits longer each time (`OutboxMessage.backOff`) and is tried again.
enum OutboxDelivery {
    static func deliverDue(_ app: Application) async throws {
        let now = app.dependencies.now
        // Alerts first (the kind sorts "alert" before "reminder"), and reminders only in the school day, retries included.
        var query = OutboxMessage.query(on: app.db).filter(\.$deliveredAt == nil).filter(\.$nextAttemptAt <= now)
        if !ReminderMail.mayQueue(at: now, time: SchoolTime(zone: app.rapport.timeZone)) { query = query.filter(\.$kind == .alert) }
        let due = try await query.with(\.$person).sort(\.$kind).sort(\.$createdAt).limit(50).all()
        guard let sql = app.db as? any SQLDatabase else { return }
        for message in due {
            let attempts = message.attempts + 1
            // The claim: move the next try into the future; only the server whose update changed the row sends.
            let claimed = try await sql.update(OutboxMessage.schema)
                .set("attempts", to: SQLBind(attempts))
                .set("next_attempt_at", to: SQLBind(now.addingTimeInterval(OutboxMessage.backOff(afterAttempts: attempts))))
                .where("id", .equal, SQLBind(try message.requireID())).where("attempts", .equal, SQLBind(message.attempts))
                .where("delivered_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard claimed.count == 1 else { continue }
            var problem: String?
            if let address = message.person.email, !address.isEmpty {
                do {
                    try await app.mailer.send(address, message.subject, message.body)
                } catch {
                    problem = (error as? Mailer.Failure)?.description ?? "The mail command could not be run."
                }
            } else {
                problem = "\(message.person.fullName) has no e-mail address in Rapport."
            }
            try await OutboxMessage.query(on: app.db).filter(\.$id == message.requireID())
                .set(\.$deliveredAt, to: problem == nil ? now : nil).set(\.$lastProblem, to: problem).update()
        }
    }
}
