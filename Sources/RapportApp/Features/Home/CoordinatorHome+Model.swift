import Fluent
import SQLKit
import Vapor

/// What the coordinator's home counts, asked of the database as counts: one row for the school's students, not every
/// student and profile turned into models. (PostgreSQL sums big integers as numerics, hence the casts.)
struct CoordinatorHomeModel {
    var students = 0
    var mentors = 0
    var mentorPlaces = 0
    var withoutPassword = 0
    var profilesStarted = 0
    var programmes = 0
    var flaggedPairs = 0

    static func load(school: School, now: Date, kept: KeptFigures? = nil, on database: any Database) async throws -> CoordinatorHomeModel {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        let schoolID = try school.requireID()
        let row = try await sql.raw("""
            SELECT COUNT(*) AS students,
                   CAST(COALESCE(SUM(CASE WHEN people.role = 'mentor' THEN 1 ELSE 0 END), 0) AS BIGINT) AS mentors,
                   CAST(COALESCE(SUM(CASE WHEN people.role = 'mentor' THEN people.capacity ELSE 0 END), 0) AS BIGINT) AS places,
                   CAST(COALESCE(SUM(CASE WHEN people.password_hash IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS without_password,
                   CAST(COALESCE(SUM(CASE WHEN \(unsafeRaw: MentoringProfile.startedCondition(table: "profiles", dialect: sql.dialect.name))
                                          THEN 1 ELSE 0 END), 0) AS BIGINT) AS started
            FROM people LEFT JOIN mentoring_profiles AS profiles ON profiles.person_id = people.id
            WHERE people.school_id = \(bind: schoolID) AND people.role IN ('mentor', 'mentee') AND people.is_active = \(bind: true)
            """).first()
        var model = CoordinatorHomeModel()
        if let row {
            model.students = try row.decode(column: "students", as: Int.self)
            model.mentors = try row.decode(column: "mentors", as: Int.self)
            model.mentorPlaces = try row.decode(column: "places", as: Int.self)
            model.withoutPassword = try row.decode(column: "without_password", as: Int.self)
            model.profilesStarted = try row.decode(column: "started", as: Int.self)
        }
        model.programmes = try await Programme.query(on: database).filter(\.$school.$id == schoolID).count()
        let flagged = try await MatchFlags.ofSchool(schoolID, now: now, kept: kept, on: database).filter { !$0.value.isEmpty }
        let snoozed = flagged.isEmpty ? [:] : try await FlagSnooze.running(school: schoolID, now: now, on: database)
        model.flaggedPairs = flagged.keys.filter { snoozed[$0] == nil }.count
        return model
    }
}
