import Fluent
import SQLKit
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
    /// Identity tags the student chose to add (`Vocabulary.identities`): matching counts those both share.
    @Field(key: "identities") var identities: [String]
    /// The student lets staff see which identity tags they chose; otherwise only matching uses them. Their match never sees them.
    @Field(key: "identities_visible") var identitiesVisible: Bool
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    var properties: [any AnyProperty] {
        [$id, $person, $interests, $dislikes, $currentChallenges, $overcomeChallenges, $freePeriods,
         $wantsSameGenderMentor, $about, $identities, $identitiesVisible, $updatedAt]
    }

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
        identities = []
        identitiesVisible = false
    }

    var isStarted: Bool { !interests.isEmpty || !freePeriods.isEmpty || !about.isEmpty }

    /// `isStarted` as SQL over `table`'s columns, for counting and listing without loading every profile.
    static func startedCondition(table: String, dialect: String) -> String {
        let filled = { (column: String) in
            dialect == "sqlite" ? "json_array_length(\(table).\(column)) > 0" : "cardinality(\(table).\(column)) > 0"
        }
        return "(\(filled("interests")) OR \(filled("free_periods")) OR \(table).about <> '')"
    }
}
