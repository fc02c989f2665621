import Fluent
import SQLKit

/// Why a match ended and what contact comes after; students' requests to stop; coordinators' re-matching overrides.
struct UpdateMentoringMatchAddClosure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema).field("closure_reason", .string).update()
        try await database.schema(MentoringMatch.schema).field("contact_after", .string).update()
        try await database.schema(StopRequest.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("text_sealed", .string)
            .field("asked_at", .datetime, .required)
            .create()
        try await database.schema(RematchOverride.schema)
            .id()
            .field("school_id", .uuid, .required, .references(School.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("by_id", .uuid, .required, .references(Person.schema, "id"))
            .field("reason_sealed", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RematchOverride.schema).delete()
        try await database.schema(StopRequest.schema).delete()
        try await database.schema(MentoringMatch.schema).deleteField("contact_after").update()
        try await database.schema(MentoringMatch.schema).deleteField("closure_reason").update()
    }
}
