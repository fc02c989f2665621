import Fluent
import Plot
import Vapor

/// The outcome scales: a student answers them at the start and the end of their match ("About me"); the coordinator
/// reads the programme report, prints it, and downloads it as CSV (one row per match, coded).
struct OutcomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        pair.get(.pairAboutMe, use: survey)
        pair.post(.pairAboutMe, use: answer)
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.report, use: report)
        coordinator.get(.reportCSV, use: reportCSV)
    }

    // MARK: Students

    func survey(_ request: Request) async throws -> Response {
        try await render(request, pair: try await Pair.load(request), state: FormState())
    }

    private func render(_ request: Request, pair: Pair, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let wave = OutcomeAnswer.openWave(for: pair.match, programme: pair.match.programme, now: request.now)
        var answered = false
        if let wave {
            answered = try await OutcomeAnswer.query(on: request.db).filter(\.$match.$id == pair.matchID).filter(\.$person.$id == pair.me.requireID())
                .filter(\.$wave == wave).count() > 0
        }
        let csrf = try await request.csrfToken()
        return Layout.page("About me", for: request, status: status,
                           pair.navigation(current: nil),
                           Layout.notice(request.notice == .saved ? "Thank you: your answers are saved." : nil),
                           OutcomeView.survey(pair: pair, wave: wave, answered: answered, state: state, csrf: csrf))
    }

    func answer(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        guard let wave = OutcomeAnswer.openWave(for: pair.match, programme: pair.match.programme, now: request.now) else {
            throw Abort(.conflict, reason: "There are no questions to answer now: you'll be asked at the start and the end of your match.")
        }
        var state = try request.formState()
        var answers: [Int] = []
        for index in OutcomeScales.items.indices {
            if let value = Int(state["q\(index)"]), (1...5).contains(value) {
                answers.append(value)
            } else {
                state.errors["q\(index)"] = "Choose an answer for this one."
            }
        }
        guard state.isValid else { return try await render(request, pair: pair, state: state, status: .unprocessableEntity) }
        let answer = OutcomeAnswer()
        (answer.$match.id, answer.$person.id, answer.wave) = (pair.matchID, try pair.me.requireID(), wave)
        (answer.answers, answer.answeredAt) = (answers, request.now)
        do {
            try await answer.create(on: request.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "You've already answered these for the \(wave == .start ? "start" : "end") of your match.")
        }
        return request.redirect(to: SiteRoute.pair(pair.matchID, .aboutMe).path(with: .saved), redirectType: .normal)
    }

    // MARK: Coordinator

    private func programmeFilter(_ request: Request) async throws -> (UUID, Programme?, [Programme]) {
        let schoolID = try request.requireSchool().requireID()
        let programmes = try await Programme.query(on: request.db).filter(\.$school.$id == schoolID).sort(\.$startsOn, .descending).all()
        let asked = ((try? request.query.get(String.self, at: "programme")) ?? "").trimmingCharacters(in: .whitespaces)
        guard !asked.isEmpty else { return (schoolID, nil, programmes) }
        guard let id = UUID(uuidString: asked), let programme = programmes.first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "There is no such programme in your school.")
        }
        return (schoolID, programme, programmes)
    }

    func report(_ request: Request) async throws -> Response {
        let (schoolID, programme, programmes) = try await programmeFilter(request)
        let model = try await OutcomeReportModel.load(school: schoolID, programme: programme?.id, keys: request.dependencies.keys, now: request.now, on: request.db)
        return Layout.page("Programme report", for: request, wide: true,
                           OutcomeView.report(model, programme: programme, programmes: programmes))
    }

    func reportCSV(_ request: Request) async throws -> Response {
        let (schoolID, programme, _) = try await programmeFilter(request)
        let model = try await OutcomeReportModel.load(school: schoolID, programme: programme?.id, keys: request.dependencies.keys, now: request.now, on: request.db)
        try await request.audit.record("exported programme report", subject: "school \(schoolID): \(model.rows.count) matches, coded",
                                       by: try request.requirePerson(), schoolID: schoolID, on: request.db)
        let response = Response(status: .ok, body: .init(string: model.csv))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "rapport-programme-report.csv")
        return response
    }
}
