import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// The coordinator sets the school's bell times, which meeting times in free periods follow.
struct BellTimesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.timetable, use: page)
        coordinator.post(.timetable, use: save)
    }

    func page(_ request: Request) async throws -> Response {
        let bells = try await BellTimes.of(schoolID: try request.requireSchool().requireID(), on: request.db)
        var state = FormState()
        for (id, _) in Vocabulary.periods {
            guard let bell = bells[id] else { continue }
            state.values["\(id)_start"] = SchoolTime.clockText(bell.start)
            state.values["\(id)_minutes"] = String(bell.minutes)
        }
        let notice = request.notice == .saved ? "Bell times saved." : nil
        return try await render(request, state: state, notice: notice)
    }

    private func render(_ request: Request, state: FormState, notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Bell times", for: request, status: status,
            Layout.notice(notice),
            .p(.text("When each period starts and how long it lasts. Pairs see their shared free periods at these times "
                + "when they propose a meeting; meetings already booked keep their times.")),
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.timetable.path), .class("card"),
                FormField.csrf(csrf),
                .forEach(Vocabulary.periods) { id, label in
                    .element(named: "fieldset", nodes: [
                        .class("period"),
                        .element(named: "legend", text: label),
                        .div(.class("field-row"),
                             FormField.text("\(id)_start", label: "Starts at", state: state, type: .time, required: true),
                             FormField.text("\(id)_minutes", label: "Minutes", state: state, type: .number, required: true)),
                    ])
                },
                .div(.class("actions"), .button(.type(.submit), "Save bell times"))
            )
        )
    }

    func save(_ request: Request) async throws -> Response {
        let school = try request.requireSchool()
        var state = try request.formState()
        var bells: [(id: String, label: String, bell: BellTimes.Bell)] = []
        for (id, label) in Vocabulary.periods {
            let start = SchoolTime.minuteOfDay(state["\(id)_start"])
            if start == nil { state.errors["\(id)_start"] = "Enter when \(label.lowercased()) starts as a time, like 09:00." }
            let minutes = state.requireInt("\(id)_minutes", label: "how many minutes \(label.lowercased()) lasts", in: 5...180)
            if let start, let minutes {
                if start + minutes > 24 * 60 {
                    state.errors["\(id)_minutes"] = "\(label) must end by midnight."
                } else {
                    bells.append((id, label, BellTimes.Bell(start: start, minutes: minutes)))
                }
            }
        }
        // The periods come in the order of a school day, so each must end before the next begins.
        for (earlier, later) in zip(bells, bells.dropFirst()) where later.bell.start < earlier.bell.end {
            state.errors["\(later.id)_start"] = "\(later.label) starts at \(SchoolTime.clockText(later.bell.start)), before "
                + "\(earlier.label.lowercased()) ends at \(SchoolTime.clockText(earlier.bell.end))."
        }
        guard state.isValid else { return try await render(request, state: state, status: .unprocessableEntity) }
        let schoolID = try school.requireID()
        let chosen = bells
        try await request.db.transaction { database in
            try await SchoolPeriodTime.query(on: database).filter(\.$school.$id == schoolID).delete()
            for (id, _, bell) in chosen {
                let row = SchoolPeriodTime()
                row.$school.id = schoolID
                row.periodID = id
                row.startMinute = bell.start
                row.minutes = bell.minutes
                try await row.create(on: database)
            }
        }
        return request.redirect(to: SiteRoute.timetable.path(with: .saved), redirectType: .normal)
    }
}
