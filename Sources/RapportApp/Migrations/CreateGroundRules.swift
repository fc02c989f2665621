import Fluent
import SQLKit

struct CreateGroundRules: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(GroundRulesVersion.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id"))
            .field("version", .int, .required)
            .field("text_sealed", .string, .required)
            .field("written_by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("written_at", .datetime, .required)
            // Two people saving at once can't both make version N: the second is told and sees the first's words.
            .unique(on: "match_id", "version", name: "ground_rules_one_per_version")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (version >= 1)"), name: "ground_rules_version_positive"))
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(GroundRulesVersion.schema).delete() }
}
