import Fluent
import Foundation
import SQLKit

/// A meeting of a pair: proposed by one, answered by the other, then confirmed by both afterwards.
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    /// Meetings proposed together at the pair's cadence share a series and are answered together.
    @OptionalField(key: "series_id") var seriesID: UUID?
    @Parent(key: "proposed_by_id") var proposedBy: Person
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    /// The shared free period it was proposed in, such as `wed-lunch`.
    @OptionalField(key: "period_id") var periodID: String?
    @Field(key: "place_sealed") var placeSealed: String
    @Field(key: "state") var state: MeetingState
    /// Why it was moved or cancelled, written by the one who did it.
    @OptionalField(key: "change_reason_sealed") var changeReasonSealed: String?
    /// The meeting this one was proposed instead of.
    @OptionalField(key: "replaces_id") var replacesID: UUID?
    /// Who last changed its state (accepted, declined, moved, cancelled it).
    @OptionalField(key: "changed_by_id") var changedByID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    var properties: [any AnyProperty] {
        [$id, $match, $seriesID, $proposedBy, $startsAt, $endsAt, $periodID, $placeSealed, $state,
         $changeReasonSealed, $replacesID, $changedByID, $createdAt, $updatedAt]
    }

    init() {}
}

/// One person's word on whether a meeting happened, and, when they missed it, their repair step.
final class MeetingAttendance: Model, @unchecked Sendable {
    static let schema = "meeting_attendance"
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "person_id") var person: Person
    @Field(key: "outcome") var outcome: AttendanceOutcome
    @OptionalField(key: "repair_note_sealed") var repairNoteSealed: String?
    @OptionalField(key: "repair_meeting_id") var repairMeetingID: UUID?
    @Field(key: "recorded_at") var recordedAt: Date

    var properties: [any AnyProperty] {
        [$id, $meeting, $person, $outcome, $repairNoteSealed, $repairMeetingID, $recordedAt]
    }

    init() {}
}

enum AttendanceOutcome: String, Codable, CaseIterable, Sendable {
    case happened
    case otherMissed = "other-missed"
    case iMissed = "i-missed"
    case cancelledInAdvance = "cancelled-in-advance"

    /// As the person who said it puts it, naming the other person.
    func choice(other: String) -> String {
        switch self {
        case .happened: "It happened"
        case .otherMissed: "\(other.prefix(1).uppercased() + other.dropFirst()) didn't come"
        case .iMissed: "I couldn't come"
        case .cancelledInAdvance: "It was cancelled in advance"
        }
    }
}

/// How someone feels as a meeting starts.
final class CheckIn: Model, @unchecked Sendable {
    static let schema = "check_ins"
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "person_id") var person: Person
    @Field(key: "feeling") var feeling: Feeling
    @Field(key: "checked_in_at") var checkedInAt: Date

    var properties: [any AnyProperty] { [$id, $meeting, $person, $feeling, $checkedInAt] }

    init() {}
}

/// An agenda item, a note or a shared story in a meeting's log, written by either of the pair.
final class MeetingEntry: Model, @unchecked Sendable {
    static let schema = "meeting_entries"
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Parent(key: "author_id") var author: Person
    @Field(key: "kind") var kind: MeetingEntryKind
    @Field(key: "body_sealed") var bodySealed: String
    @OptionalParent(key: "story_id") var story: MentorStory?
    @Field(key: "created_at") var createdAt: Date

    /// The shared story while it is still shown: one its mentor deleted or a coordinator hid is not shown here either.
    var sharedStory: MentorStory? { story.flatMap { $0.hiddenAt == nil ? $0 : nil } }

    var properties: [any AnyProperty] { [$id, $meeting, $author, $kind, $bodySealed, $story, $createdAt] }

    init() {}
}

enum MeetingEntryKind: String, Codable, CaseIterable, Sendable {
    case agenda, note, story
}

/// The mentor's "what I heard", and the mentee's answer to it.
final class MeetingSummary: Model, @unchecked Sendable {
    static let schema = "meeting_summaries"
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Field(key: "text_sealed") var textSealed: String
    @Field(key: "response") var response: SummaryResponse
    @OptionalField(key: "correction_sealed") var correctionSealed: String?
    @Field(key: "written_at") var writtenAt: Date
    @OptionalField(key: "responded_at") var respondedAt: Date?

    var properties: [any AnyProperty] {
        [$id, $meeting, $textSealed, $response, $correctionSealed, $writtenAt, $respondedAt]
    }

    init() {}
}

enum SummaryResponse: String, Codable, Sendable {
    case waiting, confirmed, corrected
}
