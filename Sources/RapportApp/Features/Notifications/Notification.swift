import Fluent
import Plot
import Vapor

/// A short in-app message with a link: training to do, a match to agree, the other has signed...
final class AppNotification: Model, @unchecked Sendable {
    static let schema = "notifications"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "text") var text: String
    @Field(key: "link") var link: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    var properties: [any AnyProperty] { [$id, $person, $text, $link, $createdAt, $readAt] }

    init() {}
    init(personID: UUID, text: String, link: String, createdAt: Date) {
        self.$person.id = personID
        self.text = text
        self.link = link
        self.createdAt = createdAt
    }

    static func send(_ text: String, link: SiteRoute, to personIDs: [UUID], at now: Date, on database: any Database) async throws {
        for personID in personIDs {
            try await AppNotification(personID: personID, text: text, link: link.path, createdAt: now).create(on: database)
        }
    }

    /// Tells every active coordinator of a school.
    static func sendToCoordinators(of schoolID: UUID, _ text: String, link: SiteRoute, at now: Date, on database: any Database) async throws {
        let coordinators = try await Person.query(on: database).filter(\.$school.$id == schoolID)
            .filter(\.$role == .coordinator).filter(\.$isActive == true).all().compactMap(\.id)
        try await send(text, link: link, to: coordinators, at: now, on: database)
    }
}
