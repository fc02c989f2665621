import Fluent
import Foundation

/// When in a match the self-rating scales are asked.
enum OutcomeWave: String, Codable, CaseIterable, Sendable {
    case start, end

    var title: String { self == .start ? "Start of the match" : "End of the match" }
}

/// One person's answers to the outcome scales at the start or the end of their match: one per wave.
final class OutcomeAnswer: Model, @unchecked Sendable {
    static let schema = "outcome_answers"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Parent(key: "person_id") var person: Person
    @Enum(key: "wave") var wave: OutcomeWave
    /// 1–5 for each item of `OutcomeScales.items`, in order.
    @Field(key: "answers") var answers: [Int]
    @Field(key: "answered_at") var answeredAt: Date

    var properties: [any AnyProperty] { [$id, $match, $person, $wave, $answers, $answeredAt] }

    init() {}

    /// The wave open for a pair now, if any: the start in the match's first 30 days; the end from 30 days before the
    /// programme ends, or while the match is closing.
    static func openWave(for match: MentoringMatch, programme: Programme, now: Date) -> OutcomeWave? {
        guard let activated = match.activatedAt else { return nil }
        if match.state == .closing || (match.state == .active && now >= programme.endsOn.addingTimeInterval(-30 * 86_400)) { return .end }
        if match.state == .active && now < activated.addingTimeInterval(30 * 86_400) { return .start }
        return nil
    }
}
