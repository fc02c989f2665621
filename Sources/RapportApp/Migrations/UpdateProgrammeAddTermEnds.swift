import Fluent
import Foundation
import SQLKit

/// Adds the days the programme's terms end on (`YYYY-MM-DD`, space-separated), which milestones celebrate. Existing
/// programmes get the days their milestones fell on before: the year in three equal parts.
struct UpdateProgrammeAddTermEnds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Programme.schema)
            .field(.definition(name: .key("term_ends"), dataType: .string, constraints: [.required, .sql(.default(SQLLiteral.string("")))]))
            .update()
        // Plain SQL, not the model: later migrations add columns the model reads that this database does not have yet.
        guard let sql = database as? any SQLDatabase else { return }
        struct Span: Decodable { let id: UUID; let starts_on: Date; let ends_on: Date }
        let time = SchoolTime(zone: .gmt)
        for span in try await sql.select().columns("id", "starts_on", "ends_on").from(Programme.schema).all(decoding: Span.self) {
            let third = span.ends_on.timeIntervalSince(span.starts_on) / 3
            let days = [1.0, 2.0].map { time.dayID(span.starts_on.addingTimeInterval(third * $0)) }.joined(separator: " ")
            try await sql.update(Programme.schema).set("term_ends", to: days).where("id", .equal, span.id).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Programme.schema).deleteField("term_ends").update()
    }
}
