import Fluent
import SQLKit

/// Adds the programme's matching settings (`MatchingSettings`), each with its default, so rounds score as before.
struct UpdateProgrammeAddMatchingSettings: AsyncMigration {
    static let columns: [(name: String, type: DatabaseSchema.DataType, value: String)] = {
        let settings = MatchingSettings.defaults
        return [
            ("match_weight_interest", .int, "\(settings.sharedInterest)"), ("match_weight_dislike", .int, "\(settings.sharedDislike)"),
            ("match_weight_identity", .int, "\(settings.sharedIdentity)"), ("match_weight_story", .int, "\(settings.storyMeetsChallenge)"),
            ("match_weight_overcame", .int, "\(settings.mentorOvercameChallenge)"),
            ("match_weight_free_period", .int, "\(settings.sharedFreePeriod)"), ("match_weight_first_choice", .int, "\(settings.firstChoiceBonus)"),
        ]
    }()
    static let switches = ["match_same_gender_requests", "match_require_free_period"]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        for column in Self.columns {
            try await database.schema(Programme.schema).field(.definition(name: .key(.init(stringLiteral: column.name)), dataType: column.type,
                                                                          constraints: [.required, .sql(.default(SQLLiteral.numeric(column.value)))])).update()
        }
        for name in Self.switches {
            try await database.schema(Programme.schema).field(.definition(name: .key(.init(stringLiteral: name)), dataType: .bool,
                                                                          constraints: [.required, .sql(.default(SQLLiteral.boolean(true)))])).update()
        }
    }

    func revert(on database: any Database) async throws {
        for name in Self.columns.map(\.name) + Self.switches {
            try await database.schema(Programme.schema).deleteField(.init(stringLiteral: name)).update()
        }
    }
}
