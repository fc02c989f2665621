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
    /// How often the pair agreed to meet (days): set when one of them accepts the other's repeating meetings.
    @OptionalField(key: "agreed_cadence_days") var agreedCadenceDays: Int?
    /// Set when closing starts: why it ends and what contact the pair may have after.
    @OptionalEnum(key: "closure_reason") var closureReason: ClosureReason?
    @OptionalEnum(key: "contact_after") var contactAfter: ContactAfter?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    var properties: [any AnyProperty] {
        [$id, $school, $programme, $mentee, $mentor, $state, $score, $reasons, $mentorSlot, $mentorCapacity,
         $activatedAt, $notesPurgedAt, $agreedCadenceDays, $closureReason, $contactAfter, $createdAt, $updatedAt]
    }

    init() {}

    /// The rhythm the early warnings hold the pair to: what they agreed, else the programme's (loaded with the match).
    var cadenceDays: Int { agreedCadenceDays ?? programme.meetingCadenceDays }
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

/// A match's mentor and mentee, joined under names of their own (both are rows of `people`).
final class MatchMentor: ModelAlias, @unchecked Sendable {
    static let name = "match_mentor"
    let model = Person()
}

final class MatchMentee: ModelAlias, @unchecked Sendable {
    static let name = "match_mentee"
    let model = Person()
}

extension QueryBuilder where Model == MentoringMatch {
    /// Reads each match's mentor, mentee and programme by joins in the match's own query: one query where
    /// `with(\.$mentor).with(\.$mentee).with(\.$programme)` makes four, on nearly every pair's page.
    @discardableResult
    func withPair() -> Self {
        join(MatchMentor.self, on: \MentoringMatch.$mentor.$id == \MatchMentor.$id)
            .join(MatchMentee.self, on: \MentoringMatch.$mentee.$id == \MatchMentee.$id)
            .join(Programme.self, on: \MentoringMatch.$programme.$id == \Programme.$id)
            .add(loader: JoinedPairLoader())
        return self
    }
}

/// Hands the joined rows to the match's relations, as `with` would have loaded them, without another query.
private struct JoinedPairLoader: EagerLoader {
    func anyRun(models: [any AnyModel], on database: any Database) -> EventLoopFuture<Void> {
        run(models: models.compactMap { $0 as? MentoringMatch }, on: database)
    }

    func run(models: [MentoringMatch], on database: any Database) -> EventLoopFuture<Void> {
        do {
            for match in models {
                match.$mentor.value = try match.joined(MatchMentor.self).model
                match.$mentee.value = try match.joined(MatchMentee.self).model
                match.$programme.value = try match.joined(Programme.self)
            }
            return database.eventLoop.makeSucceededVoidFuture()
        } catch {
            return database.eventLoop.makeFailedFuture(error)
        }
    }
}

/// The two names of each pair, for lists that show many pairs and nothing else of them: one query reading four
/// columns, instead of whole matches, people and programmes.
enum PairNames {
    static func of(_ matchIDs: [UUID], on database: any Database) async throws -> [UUID: (mentee: String, mentor: String)] {
        guard !matchIDs.isEmpty, let sql = database as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT matches.id, mentee.given_name AS mentee_given, mentee.family_name AS mentee_family,
                   mentor.given_name AS mentor_given, mentor.family_name AS mentor_family
            FROM matches JOIN people AS mentee ON mentee.id = matches.mentee_id JOIN people AS mentor ON mentor.id = matches.mentor_id
            WHERE matches.id IN (\(binds: matchIDs))
            """).all()
        var names: [UUID: (mentee: String, mentor: String)] = [:]
        for row in rows {
            let name = { (prefix: String) throws -> String in
                "\(try row.decode(column: prefix + "_given", as: String.self)) \(try row.decode(column: prefix + "_family", as: String.self))"
            }
            names[try row.decode(column: "id", as: UUID.self)] = (try name("mentee"), try name("mentor"))
        }
        return names
    }
}
