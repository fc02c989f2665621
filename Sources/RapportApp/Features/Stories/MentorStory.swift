import Fluent
import Plot
import Vapor

/// A mentor's short story of something they got through, tagged so matching can meet a mentee's challenge.
final class MentorStory: Model, @unchecked Sendable {
    static let schema = "mentor_stories"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var mentor: Person
    @Parent(key: "school_id") var school: School
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "tags") var tags: [String]
    @OptionalField(key: "hidden_at") var hiddenAt: Date?
    @OptionalField(key: "hidden_by_id") var hiddenByID: UUID?
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] {
        [$id, $mentor, $school, $title, $body, $tags, $hiddenAt, $hiddenByID, $createdAt]
    }

    init() {}
}
