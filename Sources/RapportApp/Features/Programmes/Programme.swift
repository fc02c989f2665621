import Fluent
import SQLKit
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
    /// Meetings must fall within the school day (from `schoolDayStartsMinute` to `schoolDayEndsMinute`, minutes after midnight).
    @Field(key: "meetings_in_school_day_only") var meetingsInSchoolDayOnly: Bool
    @Field(key: "school_day_starts_minute") var schoolDayStartsMinute: Int
    @Field(key: "school_day_ends_minute") var schoolDayEndsMinute: Int
    /// The coordinator may see each relationship-check answer beside a student's name, not only the scores.
    @Field(key: "pulse_answers_visible") var pulseAnswersVisible: Bool
    @Field(key: "created_by_id") var createdByID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// Such as "08:30–16:00".
    var schoolDayText: String { SchoolTime.spanText(schoolDayStartsMinute, schoolDayEndsMinute) }

    /// The defaults of `UpdateProgrammeAddPracticeRules`: meetings within 08:30–16:00, relationship-check scores only.
    func useDefaultPracticeRules() {
        meetingsInSchoolDayOnly = true
        schoolDayStartsMinute = 8 * 60 + 30
        schoolDayEndsMinute = 16 * 60
        pulseAnswersVisible = false
    }
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

/// Adds the rules the pairs' meetings and relationship checks run by.
struct UpdateProgrammeAddPracticeRules: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        let columns: [(String, DatabaseSchema.DataType, SQLExpression)] = [
            ("meetings_in_school_day_only", .bool, SQLLiteral.boolean(true)),
            ("school_day_starts_minute", .int, SQLLiteral.numeric(String(8 * 60 + 30))),
            ("school_day_ends_minute", .int, SQLLiteral.numeric(String(16 * 60))),
            ("pulse_answers_visible", .bool, SQLLiteral.boolean(false)),
        ]
        for (name, type, value) in columns {
            try await database.schema(Programme.schema).field(.definition(name: .key(.init(stringLiteral: name)), dataType: type,
                                                                          constraints: [.required, .sql(.default(value))])).update()
        }
    }
    func revert(on database: any Database) async throws {
        for name in ["meetings_in_school_day_only", "school_day_starts_minute", "school_day_ends_minute", "pulse_answers_visible"] {
            try await database.schema(Programme.schema).deleteField(.init(stringLiteral: name)).update()
        }
    }
}
