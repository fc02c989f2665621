import Fluent
import Plot
import Vapor

/// The organisation admin's page of their schools: what each school's "I'm worried" form says to do in an emergency
/// (who to go to, the school's own numbers), shown above the form to everyone there.
struct SchoolSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(RoleGuard(roles: [.organisationAdmin]))
        admins.get(.schools, use: list)
        admins.get(.schoolEmergencyText, use: emergencyForm)
        admins.post(.schoolEmergencyText, use: saveEmergencyText)
    }

    static let emergencyTextMaxLength = 500

    func list(_ request: Request) async throws -> Response {
        let admin = try request.requirePerson()
        let schools = try await School.query(on: request.db).filter(\.$organisation.$id == admin.$organisation.id).sort(\.$name).all()
        let saved = request.notice == .saved
        return Layout.page(
            "Schools", for: request,
            Layout.notice(saved ? "Saved. The school's \"I'm worried\" form shows it from now on." : nil),
            .p(.class("lead"), "What each school's \"I'm worried\" form tells someone to do when a person is in danger right now."),
            .forEach(schools) { school in
                .div(.class("card"),
                     .h2(.text(school.name)),
                     .p(.text(school.emergencyText ?? "The standard words: \(WorryController.defaultEmergencyText)")),
                     .p(.a(.href(SiteRoute.schoolEmergencyText(school.id!).path), .text("Change what \(school.name)'s form says"))))
            }
        )
    }

    /// A school of the admin's organisation, or 404.
    private func school(_ request: Request) async throws -> School {
        let admin = try request.requirePerson()
        let school = try await request.record("school", School.self, notFound: "There is no such school in your organisation.") {
            $0.filter(\.$organisation.$id == admin.$organisation.id)
        }
        return school
    }

    func emergencyForm(_ request: Request) async throws -> Response {
        let school = try await school(request)
        return try await render(request, school: school, state: FormState(values: ["emergency_text": school.emergencyText ?? ""]))
    }

    private func render(_ request: Request, school: School, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "In an emergency at \(school.name)", for: request, status: status,
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.schoolEmergencyText(school.id!).path), .class("card"),
                FormField.csrf(csrf),
                FormField.textArea("emergency_text", label: "What the \"I'm worried\" form says to do in an emergency", state: state,
                                   hint: "Who to go to and the school's own numbers. Left empty, it says: \(WorryController.defaultEmergencyText)",
                                   maxLength: Self.emergencyTextMaxLength),
                .div(.class("actions"), .button(.type(.submit), "Save"))
            ),
            .p(.a(.href(SiteRoute.schools.path), "Back to schools"))
        )
    }

    func saveEmergencyText(_ request: Request) async throws -> Response {
        let admin = try request.requirePerson()
        let school = try await school(request)
        let id = try school.requireID()
        var state = try request.formState()
        let text = state.optionalText("emergency_text", label: "the emergency text", maxLength: Self.emergencyTextMaxLength)
        guard state.isValid else { return try await render(request, school: school, state: state, status: .unprocessableEntity) }
        try await request.db.transaction { database in
            school.emergencyText = text
            try await school.update(on: database)
            try await request.audit.record("changed emergency text", subject: "school \(id)", by: admin, schoolID: id, on: database)
        }
        return request.redirect(to: SiteRoute.schools.path(with: .saved), redirectType: .normal)
    }
}
