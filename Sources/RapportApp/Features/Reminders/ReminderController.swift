import Fluent
import Plot
import Vapor

/// A student's choice of reminder e-mails, and the stop link every reminder carries (it works without signing in:
/// its key is the permission, and stopping needs one click on the page it opens).
struct ReminderController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let students = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        students.get(.reminderSettings, use: page)
        students.post(.reminderSettings, use: save)
        routes.get(.stopReminders, use: stopPage)
        routes.post(.stopReminders, use: stop)
    }

    func page(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let settings = try await ReminderSettings.of(try student.requireID(), dependencies: request.dependencies, on: request.db)
        var state = FormState()
        for kind in ReminderKind.allCases where settings[kind] { state.values[kind.rawValue] = "yes" }
        let csrf = try await request.csrfToken()
        return Layout.page(
            "E-mail reminders", for: request,
            Layout.notice(request.notice == .saved ? "Saved." : nil),
            .p(.a(.href(SiteRoute.myProfile.path), "Back to my profile")),
            .p(.text(student.email.map { "Reminders go to \($0), on school days between 07:30 and 19:00: never at night or at weekends. They say who and when, never anything you or your match wrote." }
                ?? "Rapport has no e-mail address for you, so no reminders are sent. Ask your coordinator to add one if you'd like them.")),
            .form(.method(.post), .action(SiteRoute.reminderSettings.path), .class("card"),
                  FormField.csrf(csrf),
                  .element(named: "fieldset", nodes: [
                      .class("choices"),
                      .element(named: "legend", text: "Send me an e-mail"),
                      .forEach(ReminderKind.allCases) { FormField.checkbox($0.rawValue, label: $0.label, state: state) },
                  ]),
                  .div(.class("actions"), .button(.type(.submit), "Save")))
        )
    }

    func save(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let settings = try await ReminderSettings.of(try student.requireID(), dependencies: request.dependencies, on: request.db)
        let state = try request.formState()
        for kind in ReminderKind.allCases { settings[kind] = state[kind.rawValue] == "yes" }
        settings.updatedAt = request.now
        try await settings.save(on: request.db)
        return request.redirect(to: SiteRoute.reminderSettings.path(with: .saved), redirectType: .normal)
    }

    /// The settings a stop link's key opens, or 404 for a key that opens none.
    private func settings(_ request: Request) async throws -> ReminderSettings {
        guard let token = request.parameters.get("token"), token.count <= 100,
              let settings = try await ReminderSettings.query(on: request.db).filter(\.$tokenHash == Secrets.sha256(token)).with(\.$person).first()
        else { throw Abort(.notFound, reason: "This link does not stop any reminders. Choose reminders on your profile in Rapport instead.") }
        return settings
    }

    func stopPage(_ request: Request) async throws -> Response {
        let settings = try await settings(request)
        let stopped = ReminderKind.allCases.allSatisfy { !settings[$0] }
        return Layout.page(
            "Stop reminder e-mails", for: request,
            stopped
                ? .p(.text("No reminder e-mails go to \(settings.person.givenName) now. To have them again, choose E-mail reminders on your profile in Rapport."))
                : .form(.method(.post), .action(SiteRoute.stopReminders(request.parameters.get("token") ?? "").path), .class("card"),
                        FormField.csrf(try await request.csrfToken()),
                        .p(.text("Stop every reminder e-mail to \(settings.person.givenName)? You can turn them on again on your profile in Rapport.")),
                        .div(.class("actions"), .button(.type(.submit), "Stop reminder e-mails")))
        )
    }

    func stop(_ request: Request) async throws -> Response {
        let settings = try await settings(request)
        for kind in ReminderKind.allCases { settings[kind] = false }
        settings.updatedAt = request.now
        try await settings.save(on: request.db)
        return request.redirect(to: SiteRoute.stopReminders(request.parameters.get("token") ?? "").path, redirectType: .normal)
    }
}
