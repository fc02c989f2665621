import Fluent
import Plot
import Vapor

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
