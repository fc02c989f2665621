import Fluent

struct CreateAgreement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Agreement.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("version", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "match_id")
            .create()
        try await database.schema(AgreementSignature.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(Agreement.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("typed_name", .string, .required)
            .field("signed_at", .datetime, .required)
            .unique(on: "agreement_id", "person_id")
            .create()
        try await database.schema(AgreementQuestion.schema)
            .id()
            .field("match_id", .uuid, .required, .references(MentoringMatch.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("text", .string, .required)
            .field("asked_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(AgreementQuestion.schema).delete()
        try await database.schema(AgreementSignature.schema).delete()
        try await database.schema(Agreement.schema).delete()
    }
}
