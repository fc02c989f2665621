import Fluent
import Foundation

/// One person's answer in a round of blind two-way feedback.
final class FeedbackAnswer: Model, @unchecked Sendable {
    static let schema = "feedback_answers"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Field(key: "round_number") var roundNumber: Int
    @Parent(key: "person_id") var person: Person
    /// 1–5: our meetings help me.
    @Field(key: "meetings_help") var meetingsHelp: Int
    /// 1–5: I feel listened to.
    @Field(key: "feel_listened_to") var feelListenedTo: Int
    @Field(key: "going_well_sealed") var goingWellSealed: String
    @OptionalField(key: "suggestion_sealed") var suggestionSealed: String?
    @Field(key: "answered_at") var answeredAt: Date

    var properties: [any AnyProperty] {
        [$id, $match, $roundNumber, $person, $meetingsHelp, $feelListenedTo, $goingWellSealed, $suggestionSealed,
         $answeredAt]
    }

    init() {}
}

/// One person's answers to a relationship check, and its score.
final class PulseAnswer: Model, @unchecked Sendable {
    static let schema = "pulse_answers"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Field(key: "check_number") var checkNumber: Int
    @Parent(key: "person_id") var person: Person
    /// 1–5 for each item of `RelationshipPulse.items(for:)`, in order.
    @Field(key: "answers") var answers: [Int]
    /// The mean of the answers, negative items reversed: 1 (poor) to 5 (strong).
    @Field(key: "score") var score: Double
    @Field(key: "answered_at") var answeredAt: Date
    /// Whether the student was told, when answering, that staff see these answers (not only the score). Kept with
    /// the answer, so changing the programme's setting later never shows answers given under the other promise.
    @Field(key: "answers_visible") var answersVisible: Bool

    var properties: [any AnyProperty] {
        [$id, $match, $checkNumber, $person, $answers, $score, $answeredAt, $answersVisible]
    }

    init() {}
}

/// When feedback rounds open and close: every `everyWeeks` weeks from the day the match became active,
/// each open for `answerDays` (the programme's setting, a week by default) or until the next one opens, if sooner.
struct FeedbackSchedule: Sendable {
    struct Round: Sendable, Equatable {
        let number: Int
        let opens: Date
        let closes: Date
        func isOpen(at now: Date) -> Bool { opens <= now && now < closes }
    }

    let activatedAt: Date
    let everyWeeks: Int
    let answerDays: Int

    init(activatedAt: Date, everyWeeks: Int, answerDays: Int) {
        (self.activatedAt, self.everyWeeks, self.answerDays) = (activatedAt, everyWeeks, answerDays)
    }

    init(activatedAt: Date, programme: Programme) {
        self.init(activatedAt: activatedAt, everyWeeks: programme.feedbackEveryWeeks, answerDays: programme.feedbackAnswerDays)
    }

    func round(_ number: Int) -> Round {
        let every = TimeInterval(everyWeeks) * 7 * 24 * 60 * 60
        let opens = activatedAt.addingTimeInterval(every * Double(number))
        return Round(number: number, opens: opens, closes: opens.addingTimeInterval(min(Double(answerDays) * 24 * 60 * 60, every)))
    }

    /// Rounds that have opened by `now`, newest first.
    func rounds(until now: Date) -> [Round] {
        var rounds: [Round] = []
        var number = 1
        while round(number).opens <= now {
            rounds.append(round(number))
            number += 1
        }
        return rounds.reversed()
    }
}

/// The relationship-quality check; when each falls due is the programme's (`HealthRules.checkDue`).
enum RelationshipPulse {
    struct Item: Sendable {
        let text: String
        /// Agreeing with it is a bad sign, so its answer is reversed in the score.
        let isNegative: Bool
    }

    static let scale = ["Not at all true", "A little true", "Sort of true", "Mostly true", "Very true"]

    static func items(for role: Role) -> [Item] {
        role == .mentor ? [
            Item(text: "I feel close to my mentee.", isNegative: false),
            Item(text: "My mentee trusts me with things that matter to them.", isNegative: false),
            Item(text: "I really listen when my mentee talks.", isNegative: false),
            Item(text: "I enjoy our meetings.", isNegative: false),
            Item(text: "I find myself trying to change who my mentee is.", isNegative: true),
            Item(text: "I end up telling my mentee what to do instead of helping them decide.", isNegative: true),
            Item(text: "Our meetings feel like a chore.", isNegative: true),
            Item(text: "I'd like to keep meeting my mentee.", isNegative: false),
        ] : [
            Item(text: "I feel close to my mentor.", isNegative: false),
            Item(text: "I trust my mentor with things that matter to me.", isNegative: false),
            Item(text: "My mentor really listens to me.", isNegative: false),
            Item(text: "I enjoy our meetings.", isNegative: false),
            Item(text: "My mentor tries to change who I am.", isNegative: true),
            Item(text: "My mentor tells me what to do instead of helping me decide.", isNegative: true),
            Item(text: "Our meetings feel like a chore.", isNegative: true),
            Item(text: "I'd like to keep meeting my mentor.", isNegative: false),
        ]
    }

    /// The mean answer with negative items reversed (5 becomes 1), so higher is always better.
    static func score(_ answers: [Int], items: [Item]) -> Double {
        precondition(answers.count == items.count)
        let total = zip(answers, items).reduce(0) { sum, pair in sum + (pair.1.isNegative ? 6 - pair.0 : pair.0) }
        return Double(total) / Double(items.count)
    }
}
