import Fluent
import Plot
import Vapor

/// The programme dashboard: a coordinator's school, or an organisation admin's schools as aggregates.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RoleGuard(roles: [.coordinator, .organisationAdmin])).get(.dashboard, use: page)
    }

    func page(_ request: Request) async throws -> Response {
        let viewer = try request.requirePerson()
        let time = request.schoolTime
        var filter = DashboardModel.Filter(request, time: time, now: request.now)
        var choices = DashboardView.Choices()
        let schools: [School]
        if viewer.role == .organisationAdmin {
            let all = try await School.query(on: request.db).filter(\.$organisation.$id == viewer.$organisation.id).sort(\.$name).all()
            choices.schools = all.compactMap { school in school.id.map { ($0, school.name) } }
            if let chosen = filter.school {
                guard let school = all.first(where: { $0.id == chosen }) else { throw Abort(.notFound, reason: "There is no such school in your organisation.") }
                schools = [school]
            } else {
                schools = all
            }
        } else {
            let own = try request.requireSchool()
            if let chosen = filter.school, chosen != own.id { throw Abort(.notFound, reason: "There is no such school of yours.") }
            schools = [own]
        }
        let schoolIDs = try schools.map { try $0.requireID() }
        guard !schoolIDs.isEmpty else {
            return Layout.page("Programme dashboard", for: request, .p(.class("lead"), "Your organisation has no schools yet."))
        }
        let programmes = try await Programme.query(on: request.db).filter(\.$school.$id ~~ schoolIDs).sort(\.$startsOn, .descending).all()
        if viewer.role == .coordinator {
            choices.programmes = programmes.compactMap { programme in programme.id.map { ($0, "\(programme.name), \(programme.schoolYear)") } }
        }
        if let chosen = filter.programme, !programmes.contains(where: { $0.id == chosen }) {
            throw Abort(.notFound, reason: "There is no such programme in your school.")
        }
        if viewer.role == .organisationAdmin { filter.programme = nil }
        let scope = schools.count == 1 ? schools[0].name : "All \(schools.count) schools"
        var model = try await DashboardModel.kept(schools: schoolIDs, scope: scope, filter: filter, time: time, now: request.now,
                                                  kept: request.application.keptFigures, on: request.db)
        // Kept figures may come from another visit with the same choices: the messages are this visit's own.
        model.filter = filter
        // The early-closure line is the chosen programme's, or the one the programmes share.
        let lines = Set((filter.programme.map { id in programmes.filter { $0.id == id } } ?? programmes).map(\.earlyClosureDays))
        if lines.count == 1, let line = lines.first { model.earlyClosureDays = line }
        return Layout.page("Programme dashboard", for: request, status: filter.errors.isEmpty ? .ok : .badRequest, wide: true,
                           DashboardView.body(model, choices: choices, time: time))
    }
}
