import Fluent
import Foundation

/// A coordinator's check-in with a pair, recorded after a flag (or on their own schedule): with whom, how, a short
/// note and the next step, both sealed like the pair's notes. Staff words: the pair never sees them.
final class PairCheckIn: Model, @unchecked Sendable {
    static let schema = "pair_check_ins"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "match_id") var match: MentoringMatch
    @Parent(key: "coordinator_id") var coordinator: Person
    @Enum(key: "with_whom") var withWhom: CheckInWith
    @Enum(key: "how") var how: CheckInHow
    @Field(key: "note_sealed") var noteSealed: String
    @OptionalField(key: "next_step_sealed") var nextStepSealed: String?
    /// The day it happened, as the coordinator says (midnight in the school's zone).
    @Field(key: "checked_on") var checkedOn: Date
    @Field(key: "recorded_at") var recordedAt: Date

    var properties: [any AnyProperty] {
        [$id, $school, $match, $coordinator, $withWhom, $how, $noteSealed, $nextStepSealed, $checkedOn, $recordedAt]
    }

    init() {}
}

enum CheckInWith: String, Codable, CaseIterable, Sendable {
    case both, mentor, mentee

    var title: String {
        switch self {
        case .both: "Both of them"
        case .mentor: "The mentor"
        case .mentee: "The mentee"
        }
    }
}

enum CheckInHow: String, Codable, CaseIterable, Sendable {
    case inPerson = "in-person", call, video, message

    var title: String {
        switch self {
        case .inPerson: "In person"
        case .call: "Phone call"
        case .video: "Video call"
        case .message: "Message"
        }
    }
}

/// A coordinator takes a flagged pair off the "needs a check-in" list until a date, with a reason. It lapses on that
/// date by itself; the flags themselves go on being worked out, and nothing about the match changes.
final class FlagSnooze: Model, @unchecked Sendable {
    static let schema = "flag_snoozes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "match_id") var match: MentoringMatch
    @Parent(key: "by_id") var by: Person
    @Field(key: "reason_sealed") var reasonSealed: String
    @Field(key: "until") var until: Date
    @Field(key: "created_at") var createdAt: Date
    /// Set when a coordinator puts the pair back on the list before `until`.
    @OptionalField(key: "ended_at") var endedAt: Date?

    var properties: [any AnyProperty] {
        [$id, $school, $match, $by, $reasonSealed, $until, $createdAt, $endedAt]
    }

    init() {}

    /// The snoozes of a school still running at `now`, by match.
    static func running(school schoolID: UUID, now: Date, on database: any Database) async throws -> [UUID: FlagSnooze] {
        let snoozes = try await FlagSnooze.query(on: database).filter(\.$school.$id == schoolID).filter(\.$until > now)
            .filter(\.$endedAt == nil).all()
        return Dictionary(snoozes.map { ($0.$match.id, $0) }) { first, second in first.until > second.until ? first : second }
    }
}
