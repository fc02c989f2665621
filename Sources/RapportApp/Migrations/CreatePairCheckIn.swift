import Fluent
import SQLKit

/// Coordinators' check-ins with pairs and their snoozes of a pair's flags.
struct CreatePairCheckIn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PairCheckIn.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("coordinator_id", .uuid, .required, .references(Person.schema, "id"))
            .field("with_whom", .string, .required)
            .field("how", .string, .required)
            .field("note_sealed", .string, .required)
            .field("next_step_sealed", .string)
            .field("checked_on", .datetime, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(FlagSnooze.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("reason_sealed", .string, .required)
            .field("until", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("ended_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX pair_check_ins_by_match ON pair_check_ins (match_id, checked_on)").run()
        try await sql.raw("CREATE INDEX flag_snoozes_by_school ON flag_snoozes (school_id, until)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FlagSnooze.schema).delete()
        try await database.schema(PairCheckIn.schema).delete()
    }
}
