import Fluent
import SQLKit

/// Adds what kind of e-mail a message is: every message before reminders existed was a safeguarding alert.
struct UpdateOutboxMessageAddKind: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema)
            .field(.definition(name: .key("kind"), dataType: .string, constraints: [.required, .sql(.default(SQLLiteral.string("alert")))]))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).deleteField("kind").update()
    }
}
