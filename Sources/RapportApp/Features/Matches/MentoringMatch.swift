import Fluent
import Foundation
import SQLKit

/// A mentor and a mentee paired within a programme.
final class MentoringMatch: Model, @unchecked Sendable {
    static let schema = "matches"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "programme_id") var programme: Programme
    @Parent(key: "mentee_id") var mentee: Person
    @Parent(key: "mentor_id") var mentor: Person
    @Field(key: "state") var state: MatchState
    @Field(key: "score") var score: Int
    /// The engine's reasons when the pair was proposed, such as "both like football +30".
    @Field(key: "reasons") var reasons: [String]
    /// Which of the mentor's places this match holds once approved; the database keeps places unique.
    @OptionalField(key: "mentor_slot") var mentorSlot: Int?
    @OptionalField(key: "mentor_capacity") var mentorCapacity: Int?
    @OptionalField(key: "activated_at") var activatedAt: Date?
    /// When retention removed the match's words (`NoteRetention`); nil while they are kept.
    @OptionalField(key: "notes_purged_at") var notesPurgedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// Every move a match made: who, when, from what to what, and why.
final class MatchTransition: Model, @unchecked Sendable {
    static let schema = "match_transitions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Field(key: "event") var event: MatchEvent
    @Field(key: "from_state") var fromState: MatchState
    @Field(key: "to_state") var toState: MatchState
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "reason") var reason: String
    @Field(key: "occurred_at") var occurredAt: Date

    init() {}
}

struct CreateMentoringMatch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("programme_id", .uuid, .required, .references(Programme.schema, "id"))
            .field("mentee_id", .uuid, .required, .references(Person.schema, "id"))
            .field("mentor_id", .uuid, .required, .references(Person.schema, "id"))
            .field("state", .string, .required)
            .field("score", .int, .required)
            .field("reasons", .array(of: .string), .required)
            .field("mentor_slot", .int)
            .field("mentor_capacity", .int)
            .field("activated_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (state IN ('proposed', 'awaiting-agreement', 'active', 'paused', 'closing', 'closed', 'cancelled'))"), name: "matches_state_known"))
            // An approved, open match holds one of the mentor's places, numbered within their capacity.
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (state NOT IN ('awaiting-agreement', 'active', 'paused') OR (mentor_slot IS NOT NULL AND mentor_capacity BETWEEN 1 AND 3 AND mentor_slot BETWEEN 1 AND mentor_capacity))"), name: "matches_slot_within_capacity"))
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (mentee_id <> mentor_id)"), name: "matches_two_people"))
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // One open match per mentee per programme, and one open match per place of a mentor: with the check above,
        // a mentor never holds more open matches than their capacity, whoever approves at the same moment.
        try await sql.raw("""
            CREATE UNIQUE INDEX matches_one_open_per_mentee ON matches (programme_id, mentee_id)
            WHERE state IN ('proposed', 'awaiting-agreement', 'active', 'paused')
            """).run()
        try await sql.raw("""
            CREATE UNIQUE INDEX matches_one_per_mentor_place ON matches (mentor_id, mentor_slot)
            WHERE state IN ('awaiting-agreement', 'active', 'paused')
            """).run()
    }
    func revert(on database: any Database) async throws { try await database.schema(MentoringMatch.schema).delete() }
}

struct CreateMatchTransition: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MatchTransition.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("event", .string, .required)
            .field("from_state", .string, .required)
            .field("to_state", .string, .required)
            .field("actor_id", .uuid)
            .field("reason", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(MatchTransition.schema).delete() }
}

/// A closing match still holds its mentee and its mentor's place (it was left out of both indexes before).
struct UpdateMentoringMatchClosingIsOpen: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX matches_one_open_per_mentee").run()
        try await sql.raw("DROP INDEX matches_one_per_mentor_place").run()
        try await sql.raw("""
            CREATE UNIQUE INDEX matches_one_open_per_mentee ON matches (programme_id, mentee_id)
            WHERE state IN ('proposed', 'awaiting-agreement', 'active', 'paused', 'closing')
            """).run()
        try await sql.raw("""
            CREATE UNIQUE INDEX matches_one_per_mentor_place ON matches (mentor_id, mentor_slot)
            WHERE state IN ('awaiting-agreement', 'active', 'paused', 'closing')
            """).run()
    }
    func revert(on database: any Database) async throws {}
}
