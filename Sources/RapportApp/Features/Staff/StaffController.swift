import Fluent
import Plot
import Vapor

/// Staff accounts: a school's staff for school roles, every school's for the organisation admin, who also sets whether
/// coordinators must use two-step sign-in and resets it for someone who lost their phone.
struct StaffController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RoleGuard(roles: [.coordinator, .safeguardingLead, .organisationAdmin])).get(.staff, use: list)
    }

    private enum TwoStepState: String {
        case on = "On", notSetUp = "Not set up", locked = "Locked"
    }

    func list(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        let isAdmin = person.role == .organisationAdmin
        var query = Person.query(on: request.db)
            .filter(\.$organisation.$id == person.$organisation.id)
            .filter(\.$role ~~ [.coordinator, .safeguardingLead, .organisationAdmin])
            .filter(\.$isActive == true)
        if !isAdmin {
            let schoolID = person.$school.id
            query = query.group(.or) { $0.filter(\.$school.$id == schoolID).filter(\.$role == .organisationAdmin) }
        }
        let staff = try await query.with(\.$school).sort(\.$familyName).sort(\.$givenName).all()
        let factors = try await TwoStepFactor.query(on: request.db).filter(\.$person.$id ~~ staff.compactMap(\.id)).all()
        var twoStep: [UUID: TwoStepState] = [:]
        for factor in factors where factor.confirmedAt != nil {
            twoStep[factor.$person.id] = factor.lockedAt == nil ? .on : .locked
        }
        let organisation = try await Organisation.find(person.$organisation.id, on: request.db)
        let csrf = try await request.csrfToken()
        let notice: String? = switch request.notice {
        case .twoStepReset: "Two-step sign-in was reset. They set it up again when they next sign in."
        case .twoStepRule: "Saved."
        default: nil
        }
        return Layout.page(
            "Staff", for: request, wide: true,
            Layout.notice(notice),
            .p(.text(isAdmin
                ? "Everyone with a staff account in your organisation."
                : "Everyone with a staff account at \(request.visit.school?.name ?? "your school"), and the organisation's admins.")),
            .div(.class("table-wrap"), .table(
                .class("stack"),
                .thead(.tr(.th("Name"), .th("Role"), .th("School"), .th("Username"), .th("Email"), .th("Two-step sign-in"))),
                .tbody(.forEach(staff) { member in
                    let state = member.id.flatMap { twoStep[$0] } ?? .notSetUp
                    return .tr(
                        .td(.attribute(named: "data-label", value: "Name"), .text(member.fullName)),
                        .td(.attribute(named: "data-label", value: "Role"), .text(member.roleTitle)),
                        .td(.attribute(named: "data-label", value: "School"), .text(member.school?.name ?? "All schools")),
                        .td(.attribute(named: "data-label", value: "Username"), .text(member.username)),
                        .td(.attribute(named: "data-label", value: "Email"), .text(member.email ?? "")),
                        .td(.attribute(named: "data-label", value: "Two-step sign-in"), .text(state.rawValue),
                            .if(isAdmin && state != .notSetUp && member.id != person.id, resetForm(member, csrf: csrf))))
                })
            )),
            .if(isAdmin, ruleForm(required: organisation?.coordinatorsUseTwoStep ?? false, csrf: csrf)),
            .p(.class("hint"), "New staff accounts are made by an administrator with the rapport create-admin command.")
        )
    }

    private func resetForm(_ member: Person, csrf: String) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteRoute.resetTwoStep(member.id!).path), .class("inline"),
            FormField.csrf(csrf),
            .button(.type(.submit), .class("secondary"), .attribute(named: "aria-label", value: "Reset two-step sign-in for \(member.fullName)"),
                    "Reset")
        )
    }

    private func ruleForm(required: Bool, csrf: String) -> Node<HTML.BodyContext> {
        var state = FormState()
        state.values["coordinators"] = required ? "required" : "optional"
        return .form(
            .method(.post), .action(SiteRoute.twoStepRule.path), .class("card"),
            FormField.csrf(csrf),
            FormField.radios("coordinators", legend: "Two-step sign-in for coordinators", state: state, options: [
                ("optional", "Optional: each coordinator chooses"),
                ("required", "Required: coordinators set it up at their next sign-in"),
            ]),
            .p(.class("hint"), "Safeguarding leads and organisation admins always use two-step sign-in. Reset it for someone who has lost their phone and their recovery codes; they set it up again when they next sign in."),
            .div(.class("actions"), .button(.type(.submit), "Save"))
        )
    }
}
