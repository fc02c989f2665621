import Fluent
import Plot
import Vapor

/// A student's own mentoring profile.
struct ProfileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let students = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        students.get(.myProfile, use: page)
        students.post(.myProfile, use: save)
    }

    func page(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let profile = try await MentoringProfile.of(student, on: request.db)
        let notice = request.notice == .saved ? "Saved. Thanks for telling us about you." : nil
        return try await form(request, student: student, state: ProfileForm.state(from: profile), notice: notice)
    }

    private func form(_ request: Request, student: Person, state: FormState, notice: String? = nil) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "My profile", for: request,
            Layout.notice(notice),
            .p(.text(student.role == .mentor
                ? "This helps your coordinator match you with a younger student you'll get on with. Choose what's true for you; you can change it any time."
                : "This helps your coordinator find you a mentor you'll get on with. Choose what's true for you; you can change it any time.")),
            .p(.a(.href(SiteRoute.reminderSettings.path), "E-mail reminders"), .text(": choose which you'd like.")),
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.myProfile.path),
                FormField.csrf(csrf),
                ProfileForm.fields(state: state, role: student.role, voice: .student),
                ProfileForm.identityFields(state: state),
                .div(.class("actions"), .button(.type(.submit), "Save my profile"))
            )
        )
    }

    func save(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let profile = try await MentoringProfile.of(student, on: request.db)
        var state = try request.formState()
        ProfileForm.apply(&state, to: profile)
        ProfileForm.applyIdentities(&state, to: profile)
        guard state.isValid else { return try await form(request, student: student, state: state) }
        try await profile.save(on: request.db)
        return request.redirect(to: SiteRoute.myProfile.path(with: .saved), redirectType: .normal)
    }
}
