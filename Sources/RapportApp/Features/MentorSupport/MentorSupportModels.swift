import Fluent
import Foundation

/// A mentor's own monthly wellbeing check-in: private to them unless they choose to share it with their coordinator.
final class MentorWellbeing: Model, @unchecked Sendable {
    static let schema = "mentor_wellbeing"
    static let noteMaxLength = 500

    enum Feeling: Int, Codable, CaseIterable, Sendable {
        case low = 1, notGreat, okay, good, great
        var title: String { ["Low", "Not great", "OK", "Good", "Great"][rawValue - 1] }
    }

    enum Load: String, Codable, CaseIterable, Sendable {
        case tooMuch = "too-much", bitMuch = "a-bit-much", aboutRight = "about-right", couldDoMore = "could-do-more"
        var title: String {
            switch self {
            case .tooMuch: "Too much"
            case .bitMuch: "A bit much"
            case .aboutRight: "About right"
            case .couldDoMore: "I could do more"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Parent(key: "school_id") var school: School
    /// `YYYY-MM` on the school's calendar: one check-in a month.
    @Field(key: "month") var month: String
    @Field(key: "feeling") var feeling: Feeling
    @Enum(key: "load") var load: Load
    @OptionalField(key: "note_sealed") var noteSealed: String?
    @Field(key: "shared_with_coordinator") var sharedWithCoordinator: Bool
    @Field(key: "answered_at") var answeredAt: Date

    var properties: [any AnyProperty] { [$id, $person, $school, $month, $feeling, $load, $noteSealed, $sharedWithCoordinator, $answeredAt] }

    init() {}

    /// Low, or mentoring feels like too much: the mentor is shown where help is, and nobody else is told.
    var suggestsHelp: Bool { feeling.rawValue <= 2 || load == .tooMuch }
}

/// "I need help with my mentoring": what a mentor asks their coordinator, in their words.
final class MentorHelpRequest: Model, @unchecked Sendable {
    static let schema = "mentor_help_requests"
    static let textMaxLength = 800

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Parent(key: "school_id") var school: School
    @Field(key: "text_sealed") var textSealed: String
    @Field(key: "asked_at") var askedAt: Date
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answered_by_id") var answeredByID: UUID?

    var properties: [any AnyProperty] { [$id, $person, $school, $textSealed, $askedAt, $answeredAt, $answeredByID] }

    init() {}
}

/// A group supervision session the coordinator runs for mentors: when and a topic; no private content.
final class SupervisionSession: Model, @unchecked Sendable {
    static let schema = "supervision_sessions"
    static let topicMaxLength = 120

    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "minutes") var minutes: Int
    @Field(key: "topic") var topic: String
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] { [$id, $school, $startsAt, $minutes, $topic, $createdByID, $createdAt] }

    init() {}
}

/// A mentor who came to a supervision session.
final class SupervisionAttendance: Model, @unchecked Sendable {
    static let schema = "supervision_attendance"
    @ID(key: .id) var id: UUID?
    @Parent(key: "session_id") var session: SupervisionSession
    @Parent(key: "person_id") var person: Person
    @Field(key: "recorded_at") var recordedAt: Date

    var properties: [any AnyProperty] { [$id, $session, $person, $recordedAt] }

    init() {}
}
