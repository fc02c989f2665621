import Fluent
import Plot
import Vapor

/// Staff accounts: a school's staff for school roles, every school's for the organisation admin.
struct StaffController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RoleGuard(roles: [.coordinator, .safeguardingLead, .organisationAdmin])).get("staff", use: list)
    }

    func list(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        var query = Person.query(on: request.db)
            .filter(\.$organisation.$id == person.$organisation.id)
            .filter(\.$role ~~ [.coordinator, .safeguardingLead, .organisationAdmin])
            .filter(\.$isActive == true)
        if person.role != .organisationAdmin {
            let schoolID = person.$school.id
            query = query.group(.or) { $0.filter(\.$school.$id == schoolID).filter(\.$role == .organisationAdmin) }
        }
        let staff = try await query.with(\.$school).sort(\.$familyName).sort(\.$givenName).all()
        return Layout.page(
            "Staff", for: request, wide: true,
            .p(.text(person.role == .organisationAdmin
                ? "Everyone with a staff account in your organisation."
                : "Everyone with a staff account at \(request.visit.school?.name ?? "your school"), and the organisation's admins.")),
            .div(.class("table-wrap"), .table(
                .class("stack"),
                .thead(.tr(.th("Name"), .th("Role"), .th("School"), .th("Username"), .th("Email"))),
                .tbody(.forEach(staff) { member in
                    .tr(.td(.attribute(named: "data-label", value: "Name"), .text(member.fullName)),
                        .td(.attribute(named: "data-label", value: "Role"), .text(member.role.title)),
                        .td(.attribute(named: "data-label", value: "School"), .text(member.school?.name ?? "All schools")),
                        .td(.attribute(named: "data-label", value: "Username"), .text(member.username)),
                        .td(.attribute(named: "data-label", value: "Email"), .text(member.email ?? "")))
                })
            )),
            .p(.class("hint"), "New staff accounts are made by an administrator with the rapport create-admin command.")
        )
    }
}
