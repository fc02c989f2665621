import Fluent
import Foundation

/// "I will ... by ...": made by either of a pair, followed up at a later meeting.
final class Commitment: Model, @unchecked Sendable {
    static let schema = "commitments"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    /// The meeting it was made in, when it was made in one.
    @OptionalParent(key: "meeting_id") var meeting: Meeting?
    /// Who commits to it; only they can change it or say how it went.
    @Parent(key: "person_id") var person: Person
    @Field(key: "text_sealed") var textSealed: String
    @Field(key: "due_on") var dueOn: Date
    @Field(key: "status") var status: CommitmentStatus
    /// What got in the way, or what helped, in the owner's words.
    @OptionalField(key: "follow_up_sealed") var followUpSealed: String?
    @OptionalField(key: "followed_up_at") var followedUpAt: Date?
    @OptionalField(key: "followed_up_meeting_id") var followedUpMeetingID: UUID?
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] {
        [$id, $match, $meeting, $person, $textSealed, $dueOn, $status, $followUpSealed, $followedUpAt,
         $followedUpMeetingID, $createdAt]
    }

    init() {}
}

enum CommitmentStatus: String, Codable, CaseIterable, Sendable {
    case open, done, partly
    case notYet = "not-yet"

    var title: String {
        switch self {
        case .open: "Open"
        case .done: "Done"
        case .partly: "Partly done"
        case .notYet: "Not yet"
        }
    }
}

/// A small win posted by either of a pair, for the other to celebrate.
final class Win: Model, @unchecked Sendable {
    static let schema = "wins"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Parent(key: "author_id") var author: Person
    @OptionalField(key: "category") var category: WinCategory?
    @Field(key: "text_sealed") var textSealed: String
    @Field(key: "created_at") var createdAt: Date
    @Children(for: \.$win) var reactions: [WinReaction]

    var properties: [any AnyProperty] { [$id, $match, $author, $category, $textSealed, $createdAt, $reactions] }

    init() {}
}

enum WinCategory: String, Codable, CaseIterable, Sendable {
    case school, friendship, home, confidence, effort

    var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// The other person's celebration of a win, with an optional line.
final class WinReaction: Model, @unchecked Sendable {
    static let schema = "win_reactions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "win_id") var win: Win
    @Parent(key: "person_id") var person: Person
    @Field(key: "reaction") var reaction: Celebration
    @OptionalField(key: "line_sealed") var lineSealed: String?
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] { [$id, $win, $person, $reaction, $lineSealed, $createdAt] }

    init() {}
}

enum Celebration: String, Codable, CaseIterable, Sendable {
    case clap, star, fire, strong

    var label: String {
        switch self {
        case .clap: "👏 Well done"
        case .star: "⭐ Proud of you"
        case .fire: "🔥 On fire"
        case .strong: "💪 You kept going"
        }
    }
}

/// A mentee's goal, reached in small steps.
final class Goal: Model, @unchecked Sendable {
    static let schema = "goals"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Field(key: "title_sealed") var titleSealed: String
    @Field(key: "created_at") var createdAt: Date
    @Children(for: \.$goal) var steps: [GoalStep]
    @Children(for: \.$goal) var setbacks: [GoalSetback]

    var properties: [any AnyProperty] { [$id, $match, $titleSealed, $createdAt, $steps, $setbacks] }

    init() {}
}

final class GoalStep: Model, @unchecked Sendable {
    static let schema = "goal_steps"
    @ID(key: .id) var id: UUID?
    @Parent(key: "goal_id") var goal: Goal
    @Field(key: "text_sealed") var textSealed: String
    @OptionalField(key: "done_at") var doneAt: Date?
    /// The mentor's word of encouragement on this step.
    @OptionalField(key: "encouragement_sealed") var encouragementSealed: String?
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] { [$id, $goal, $textSealed, $doneAt, $encouragementSealed, $createdAt] }

    init() {}
}

/// A setback kept as learning: what I tried, what I learnt, what I'll try next.
final class GoalSetback: Model, @unchecked Sendable {
    static let schema = "goal_setbacks"
    @ID(key: .id) var id: UUID?
    @Parent(key: "goal_id") var goal: Goal
    @Field(key: "tried_sealed") var triedSealed: String
    @Field(key: "learnt_sealed") var learntSealed: String
    @Field(key: "next_sealed") var nextSealed: String
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] { [$id, $goal, $triedSealed, $learntSealed, $nextSealed, $createdAt] }

    init() {}
}
