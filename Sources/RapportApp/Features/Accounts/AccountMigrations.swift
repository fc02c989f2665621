import Fluent
import SQLKit

struct CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Organisation.schema)
            .id()
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Organisation.schema).delete() }
}

struct CreateSchool: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(School.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
            .field("name", .string, .required)
            .field("source_id", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "source_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(School.schema).delete() }
}

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

struct CreateAuthSession: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuthSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("person_id", .uuid, .references(Person.schema, "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("must_choose_password", .bool, .required)
            .unique(on: "token_hash")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(AuthSession.schema).delete() }
}

struct CreateLoginCode: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginCode.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("issued_by_id", .uuid, .required)
            .field("issued_at", .datetime, .required)
            .unique(on: "code_hash")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(LoginCode.schema).delete() }
}

struct CreateSignInAttempt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignInAttempt.schema)
            .id()
            .field("account_key", .string, .required)
            .field("address", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "sign_in_attempts_by_account").on(SignInAttempt.schema)
            .column("account_key").column("attempted_at").run()
        try await sql.create(index: "sign_in_attempts_by_address").on(SignInAttempt.schema)
            .column("address").column("attempted_at").run()
    }
    func revert(on database: any Database) async throws { try await database.schema(SignInAttempt.schema).delete() }
}
