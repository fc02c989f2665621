import Fluent
import SQLKit

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
