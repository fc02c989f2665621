import Fluent
import Foundation
import Vapor

/// The reminder e-mails a student can have, each on or off.
enum ReminderKind: String, Codable, CaseIterable, Sendable {
    case meetingDayBefore = "meeting-day-before"
    case meetingOnTheDay = "meeting-on-the-day"
    case proposal
    case feedback

    var label: String {
        switch self {
        case .meetingDayBefore: "The school day before a meeting"
        case .meetingOnTheDay: "On the morning of a meeting"
        case .proposal: "When a meeting is suggested to me"
        case .feedback: "When a feedback round opens"
        }
    }
}

/// A person's choice of reminder e-mails, and the key of the one-click stop link every reminder carries.
final class ReminderSettings: Model, @unchecked Sendable {
    static let schema = "reminder_settings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "meeting_day_before") var meetingDayBefore: Bool
    @Field(key: "meeting_on_the_day") var meetingOnTheDay: Bool
    @Field(key: "proposals") var proposals: Bool
    @Field(key: "feedback") var feedback: Bool
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "token_sealed") var tokenSealed: String
    @Field(key: "updated_at") var updatedAt: Date

    var properties: [any AnyProperty] { [$id, $person, $meetingDayBefore, $meetingOnTheDay, $proposals, $feedback, $tokenHash, $tokenSealed, $updatedAt] }

    init() {}

    subscript(kind: ReminderKind) -> Bool {
        get {
            switch kind {
            case .meetingDayBefore: meetingDayBefore
            case .meetingOnTheDay: meetingOnTheDay
            case .proposal: proposals
            case .feedback: feedback
            }
        }
        set {
            switch kind {
            case .meetingDayBefore: meetingDayBefore = newValue
            case .meetingOnTheDay: meetingOnTheDay = newValue
            case .proposal: proposals = newValue
            case .feedback: feedback = newValue
            }
        }
    }

    /// A person's settings, made on first use with every reminder on and a new stop key.
    static func of(_ personID: UUID, dependencies: Dependencies, on database: any Database) async throws -> ReminderSettings {
        if let found = try await query(on: database).filter(\.$person.$id == personID).first() { return found }
        let settings = ReminderSettings()
        settings.$person.id = personID
        for kind in ReminderKind.allCases { settings[kind] = true }
        let token = Secrets.randomToken(bytes: 24, using: dependencies.random)
        settings.tokenHash = Secrets.sha256(token)
        try dependencies.notes.seal(token, into: settings, \.$tokenSealed)
        settings.updatedAt = dependencies.now
        do {
            try await settings.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Made a moment ago by another request or server.
            guard let found = try await query(on: database).filter(\.$person.$id == personID).first() else { throw Abort(.conflict) }
            return found
        }
        return settings
    }
}

/// A reminder already queued for a person, so none goes twice, whichever server queues it.
final class SentReminder: Model, @unchecked Sendable {
    static let schema = "sent_reminders"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Enum(key: "kind") var kind: ReminderKind
    /// What it was about: a meeting's id, or a match's id and feedback round.
    @Field(key: "about") var about: String
    @Field(key: "queued_at") var queuedAt: Date

    var properties: [any AnyProperty] { [$id, $person, $kind, $about, $queuedAt] }

    init() {}
}
