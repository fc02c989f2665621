import Foundation
import Fluent
import SQLKit

/// Students are found by the database (`PersonSearch`), not by loading the school: each person gets their folded name
/// and username, and the list's order (family name, given name, id within a school) gets an index.
struct UpdatePersonAddSearchKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema).field("search_key", .string, .required, .sql(.default(""))).update()
        guard let sql = database as? any SQLDatabase else { return }
        for row in try await sql.raw("SELECT id, given_name, family_name, username FROM people").all() {
            let given: String = try row.decode(column: "given_name", as: String.self)
            let family: String = try row.decode(column: "family_name", as: String.self)
            let username: String = try row.decode(column: "username", as: String.self)
            let key = PersonSearch.key(givenName: given, familyName: family, username: username)
            let id = try row.decode(column: "id", as: UUID.self)
            try await sql.raw("UPDATE people SET search_key = \(bind: key) WHERE id = \(bind: id)").run()
        }
        try await sql.create(index: "people_by_school_and_name").on(Person.schema).column("school_id").column("family_name").column("given_name")
            .column("id").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "people_by_school_and_name").run()
        try await database.schema(Person.schema).deleteField("search_key").update()
    }
}
