import Fluent

struct CreatePerson: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
            .field("school_id", .uuid, .references(School.schema, "id"))
            .field("role", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("username", .string, .required)
            .field("email", .string)
            .field("password_hash", .string)
            .field("year_group", .int)
            .field("gender", .string)
            .field("capacity", .int)
            .field("source_id", .string)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .unique(on: "school_id", "source_id")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (role IN ('coordinator', 'safeguarding-lead', 'organisation-admin', 'mentor', 'mentee'))"), name: "people_role_known"))
            // Mentors take one to three mentees; nobody else has a capacity.
            .constraint(.constraint(.sql(unsafeRaw: "CHECK ((role = 'mentor' AND capacity BETWEEN 1 AND 3) OR (role <> 'mentor' AND capacity IS NULL))"), name: "people_capacity_for_mentors"))
            // Every student has a year group and belongs to a school.
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (role NOT IN ('mentor', 'mentee') OR (year_group IS NOT NULL AND school_id IS NOT NULL))"), name: "people_students_in_a_school"))
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Person.schema).delete() }
}
