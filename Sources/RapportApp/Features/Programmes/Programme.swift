import Fluent
import Foundation

/// A school's mentoring programme for one school year, with the rules it runs by.
final class Programme: Model, @unchecked Sendable {
    static let schema = "programmes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Field(key: "name") var name: String
    /// Such as "2026–27".
    @Field(key: "school_year") var schoolYear: String
    @Field(key: "starts_on") var startsOn: Date
    @Field(key: "ends_on") var endsOn: Date
    @Field(key: "meeting_cadence_days") var meetingCadenceDays: Int
    @Field(key: "minimum_year_gap") var minimumYearGap: Int
    /// Mentees rank mentors from a shortlist before the coordinator matches.
    @Field(key: "mentee_choice") var menteeChoice: Bool
    @Field(key: "feedback_every_weeks") var feedbackEveryWeeks: Int
    @Field(key: "created_by_id") var createdByID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct CreateProgramme: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Programme.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("name", .string, .required)
            .field("school_year", .string, .required)
            .field("starts_on", .datetime, .required)
            .field("ends_on", .datetime, .required)
            .field("meeting_cadence_days", .int, .required)
            .field("minimum_year_gap", .int, .required)
            .field("mentee_choice", .bool, .required)
            .field("feedback_every_weeks", .int, .required)
            .field("created_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("created_at", .datetime)
            .unique(on: "school_id", "school_year", "name")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (ends_on > starts_on)"), name: "programmes_ends_after_start"))
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (meeting_cadence_days BETWEEN 1 AND 31 AND minimum_year_gap BETWEEN 0 AND 6 AND feedback_every_weeks BETWEEN 1 AND 12)"), name: "programmes_settings_in_range"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Programme.schema).delete() }
}
