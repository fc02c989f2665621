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

    var properties: [any AnyProperty] {
        [$id, $school, $programme, $mentee, $mentor, $state, $score, $reasons, $mentorSlot, $mentorCapacity,
         $activatedAt, $notesPurgedAt, $createdAt, $updatedAt]
    }

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

    var properties: [any AnyProperty] { [$id, $match, $event, $fromState, $toState, $actorID, $reason, $occurredAt] }

    init() {}
}
