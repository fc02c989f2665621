import Fluent
import SQLKit

struct CreateMeeting: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Meeting.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("series_id", .uuid)
            .field("proposed_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("period_id", .string)
            .field("place_sealed", .string, .required)
            .field("state", .string, .required)
            .field("change_reason_sealed", .string)
            .field("replaces_id", .uuid, .references(Meeting.schema, "id"))
            .field("changed_by_id", .uuid, .references(Person.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (state IN ('proposed', 'accepted', 'declined', 'cancelled', 'moved'))"), name: "meetings_state_known"))
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (ends_at > starts_at)"), name: "meetings_end_after_start"))
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // A pair never has two live meetings starting at the same moment, whoever proposes at the same time.
        try await sql.raw("""
            CREATE UNIQUE INDEX meetings_one_live_per_pair_and_start ON meetings (match_id, starts_at)
            WHERE state IN ('proposed', 'accepted')
            """).run()
    }
    func revert(on database: any Database) async throws { try await database.schema(Meeting.schema).delete() }
}
