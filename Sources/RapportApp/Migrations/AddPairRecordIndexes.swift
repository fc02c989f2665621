import Fluent
import SQLKit

/// Every page of a pair, its timeline and the school's early warnings read a match's meetings, commitments, wins,
/// moves and wishes to stop by its id, and the school's pages read its matches by school: without these, each read
/// scanned the whole table (40,000 meetings at a school of 2,000 pairs).
struct AddPairRecordIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("meetings_by_match", Meeting.schema, ["match_id", "starts_at"]),
        ("commitments_by_match", Commitment.schema, ["match_id"]),
        ("wins_by_match", Win.schema, ["match_id"]),
        ("match_transitions_by_match", MatchTransition.schema, ["match_id"]),
        ("stop_requests_by_match", StopRequest.schema, ["match_id"]),
        ("matches_by_school", MentoringMatch.schema, ["school_id", "state"]),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            var create = sql.create(index: SQLIdentifier(index.name)).on(index.table)
            for column in index.columns { create = create.column(column) }
            try await create.run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes { try await sql.drop(index: SQLIdentifier(index.name)).run() }
    }
}
