import Fluent
import SQLKit

/// A closing match still holds its mentee and its mentor's place (it was left out of both indexes before).
struct UpdateMentoringMatchClosingIsOpen: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX matches_one_open_per_mentee").run()
        try await sql.raw("DROP INDEX matches_one_per_mentor_place").run()
        try await sql.raw("""
            CREATE UNIQUE INDEX matches_one_open_per_mentee ON matches (programme_id, mentee_id)
            WHERE state IN ('proposed', 'awaiting-agreement', 'active', 'paused', 'closing')
            """).run()
        try await sql.raw("""
            CREATE UNIQUE INDEX matches_one_per_mentor_place ON matches (mentor_id, mentor_slot)
            WHERE state IN ('awaiting-agreement', 'active', 'paused', 'closing')
            """).run()
    }
    func revert(on database: any Database) async throws {}
}
