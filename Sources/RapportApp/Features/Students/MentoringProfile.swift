import Fluent
import Foundation

/// What a student tells the programme about themselves; matching reads it.
final class MentoringProfile: Model, @unchecked Sendable {
    static let schema = "mentoring_profiles"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "interests") var interests: [String]
    @Field(key: "dislikes") var dislikes: [String]
    /// What the student finds hard right now.
    @Field(key: "current_challenges") var currentChallenges: [String]
    /// What the student has got through and could talk about.
    @Field(key: "overcome_challenges") var overcomeChallenges: [String]
    /// Timetable slots such as `mon-3` (Monday, period 3) when the student is free.
    @Field(key: "free_periods") var freePeriods: [String]
    @Field(key: "wants_same_gender_mentor") var wantsSameGenderMentor: Bool
    @Field(key: "about") var about: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
    init(personID: UUID) {
        self.$person.id = personID
        interests = []
        dislikes = []
        currentChallenges = []
        overcomeChallenges = []
        freePeriods = []
        wantsSameGenderMentor = false
        about = ""
    }

    var isStarted: Bool { !interests.isEmpty || !freePeriods.isEmpty || !about.isEmpty }
}

struct CreateMentoringProfile: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringProfile.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("interests", .array(of: .string), .required)
            .field("dislikes", .array(of: .string), .required)
            .field("current_challenges", .array(of: .string), .required)
            .field("overcome_challenges", .array(of: .string), .required)
            .field("free_periods", .array(of: .string), .required)
            .field("wants_same_gender_mentor", .bool, .required)
            .field("about", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "person_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(MentoringProfile.schema).delete() }
}
