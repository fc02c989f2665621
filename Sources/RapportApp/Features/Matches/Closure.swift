import Fluent
import Foundation

/// Why a match ends, chosen from a short list so the dashboard can count early endings by reason.
enum ClosureReason: String, Codable, CaseIterable, Sendable {
    case plannedEnd = "planned-end", movedSchool = "moved-school", menteeChoice = "mentee-choice", mentorChoice = "mentor-choice"
    case safeguarding, other

    var title: String {
        switch self {
        case .plannedEnd: "Planned end"
        case .movedSchool: "Moved school"
        case .menteeChoice: "The mentee's choice"
        case .mentorChoice: "The mentor's choice"
        case .safeguarding: "Safeguarding"
        case .other: "Other"
        }
    }

    /// What the two students are told: a planned end or a move as it is; anything else only that the coordinator will
    /// talk with them, so neither learns the other's choice, or a safeguarding reason, from Rapport.
    var forStudents: String {
        switch self {
        case .plannedEnd: "The programme's planned end"
        case .movedSchool: "A move of school"
        case .menteeChoice, .mentorChoice, .safeguarding, .other: "Your coordinator will talk with you about it"
        }
    }
}

/// What contact the pair may have once the match has ended, agreed when closing starts and shown to both.
enum ContactAfter: String, Codable, CaseIterable, Sendable {
    case aroundSchool = "around-school", throughCoordinator = "through-coordinator", none

    var title: String {
        switch self {
        case .aroundSchool: "Saying hello around school is fine; no more arranged meetings"
        case .throughCoordinator: "Any contact goes through the coordinator"
        case .none: "No contact after the match"
        }
    }
}

/// A student's "I'd like to stop" from their match page: it tells the coordinator, and never closes anything itself.
final class StopRequest: Model, @unchecked Sendable {
    static let schema = "stop_requests"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Parent(key: "person_id") var person: Person
    /// Why, if they said: for the coordinator only.
    @OptionalField(key: "text_sealed") var textSealed: String?
    @Field(key: "asked_at") var askedAt: Date

    var properties: [any AnyProperty] { [$id, $match, $person, $textSealed, $askedAt] }

    init() {}
}

/// A coordinator lets a student be matched again inside the two weeks after a closure, with a reason.
final class RematchOverride: Model, @unchecked Sendable {
    static let schema = "rematch_overrides"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "person_id") var person: Person
    @Parent(key: "by_id") var by: Person
    @Field(key: "reason_sealed") var reasonSealed: String
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] { [$id, $school, $person, $by, $reasonSealed, $createdAt] }

    init() {}
}

/// The pause after a closure before a student is matched again (practice.md: two weeks, unless a coordinator overrides).
enum RematchPause {
    static let days = 14

    /// Students of the school who ended a match within the pause and have no override since, with the day they may be
    /// matched again.
    static func waiting(school schoolID: UUID, now: Date, on database: any Database) async throws -> [UUID: Date] {
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        let closed = try await MentoringMatch.query(on: database).filter(\.$school.$id == schoolID).filter(\.$state == .closed)
            .filter(\.$updatedAt > since).all()
        var waiting: [UUID: Date] = [:]
        for match in closed {
            let until = match.updatedAt.addingTimeInterval(Double(days) * 86_400)
            for person in [match.$mentor.id, match.$mentee.id] { waiting[person] = max(waiting[person] ?? until, until) }
        }
        guard !waiting.isEmpty else { return [:] }
        let ids = Array(waiting.keys)
        for override in try await RematchOverride.query(on: database).filter(\.$person.$id ~~ ids).all() {
            // An override counts for closures before it, not for a later one.
            if let until = waiting[override.$person.id], override.createdAt >= until.addingTimeInterval(-Double(days) * 86_400) {
                waiting[override.$person.id] = nil
            }
        }
        return waiting
    }
}
