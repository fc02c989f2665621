import Fluent
import Foundation

/// One side's short reflection when their match closes: both read it, and the mentor's goes into the mentee's record
/// of the year as their closing words.
final class ClosingReflection: Model, @unchecked Sendable {
    static let schema = "closing_reflections"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Parent(key: "person_id") var person: Person
    @Field(key: "text_sealed") var textSealed: String
    @Field(key: "written_at") var writtenAt: Date

    var properties: [any AnyProperty] { [$id, $match, $person, $textSealed, $writtenAt] }

    init() {}
}
