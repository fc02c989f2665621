import Fluent
import SQLKit

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
