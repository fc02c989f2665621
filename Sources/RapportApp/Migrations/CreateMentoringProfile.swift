import Fluent

struct CreateMentoringProfile: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringProfile.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("interests", .array(of: .string), .required)
            .field("dislikes", .array(of: .string), .required)
            .field("current_challenges", .array(of: .string), .required)
            .field("overcome_challenges", .array(of: .string), .required)
            .field("free_periods", .array(of: .string), .required)
            .field("wants_same_gender_mentor", .bool, .required)
            .field("about", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "person_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(MentoringProfile.schema).delete() }
}
