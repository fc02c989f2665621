import Fluent
import Foundation

/// A person's private calendar feed address. The token is looked up by its hash and kept sealed so the
/// person can see their address again; resetting it makes the old address stop working at once.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "token_sealed") var tokenSealed: String
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] { [$id, $person, $tokenHash, $tokenSealed, $createdAt] }

    init() {}
}
