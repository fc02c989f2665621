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

struct CreateAppNotification: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AppNotification.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("link", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(AppNotification.schema).delete() }
}

/// The notification list and marking as read.
struct NotificationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RoleGuard(roles: Set(Role.allCases)))
        signedIn.get(.notifications, use: list)
        signedIn.post(.notificationsRead, use: markAllRead)
        signedIn.post(.openNotification, use: open)
    }

    func list(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        let items = try await AppNotification.query(on: request.db).filter(\.$person.$id == person.requireID())
            .sort(\.$createdAt, .descending).range(..<50).all()
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Notifications", for: request,
            items.isEmpty ? .p("Nothing new. When something needs you, it shows here.") : .group(
                .if(items.contains { $0.readAt == nil }, .form(.method(.post), .action(SiteRoute.notificationsRead.path),
                    FormField.csrf(csrf), .button(.type(.submit), .class("secondary"), "Mark all as read"))),
                .ul(.class("notifications"), .forEach(items) { item in
                    .li(.class(item.readAt == nil ? "card unread" : "card"),
                        .form(.method(.post), .action(SiteRoute.openNotification(item.id!).path),
                              FormField.csrf(csrf),
                              .button(.type(.submit), .class("link"), .text(item.text))),
                        .p(.class("hint"), .text((item.readAt == nil ? "New · " : "") + request.schoolTime.stampText(item.createdAt))))
                })
            )
        )
    }

    func markAllRead(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        try await AppNotification.query(on: request.db).filter(\.$person.$id == person.requireID()).filter(\.$readAt == nil)
            .set(\.$readAt, to: request.now).update()
        return request.redirect(to: SiteRoute.notifications.path, redirectType: .normal)
    }

    /// Marks one as read and follows its link; someone else's notification is not found.
    func open(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        let item = try await request.record("notification", AppNotification.self, notFound: "There is no such notification.") {
            try $0.filter(\.$person.$id == person.requireID())
        }
        if item.readAt == nil {
            item.readAt = request.now
            try await item.update(on: request.db)
        }
        return request.redirect(to: AccountController.safeNext(item.link) ?? SiteRoute.home.path, redirectType: .normal)
    }
}

/// Notifications written before they stopped carrying students' words (a cancellation's reason, a repair note) keep
/// only what happened; the words themselves are sealed on the meeting.
struct UpdateAppNotificationDropStudentWords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for notification in try await AppNotification.query(on: database).all() {
            let text = notification.text
            if let range = text.range(of: " sent a note about the missed meeting: ") {
                notification.text = String(text[..<range.lowerBound]) + " sent a note about the missed meeting. Open it to read it."
            } else if let cancelled = text.range(of: " cancelled the meeting on "), let colon = text.range(of: ": ", range: cancelled.upperBound..<text.endIndex) {
                notification.text = String(text[..<colon.lowerBound]) + ". Open it to see why."
            } else {
                continue
            }
            try await notification.update(on: database)
        }
    }
    func revert(on database: any Database) async throws {}
}
