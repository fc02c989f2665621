import Fluent
import Vapor

/// The coordinator's page of one match: showing it (an audited read) and moving the match through its life.
extension MatchController {
    private func schoolMatch(_ request: Request) async throws -> MentoringMatch {
        let school = try request.requireSchool()
        return try await request.record("match", MentoringMatch.self, notFound: "There is no such match in your school.") {
            try $0.filter(\.$school.$id == school.requireID()).withPair()
        }
    }

    func detail(_ request: Request) async throws -> Response {
        let match = try await schoolMatch(request)
        // The page shows a pair's meeting dates, attendance and counts: notes metadata, so each read is audited.
        try await request.audit.record("viewed match", subject: "match \(try match.requireID())", by: try request.requirePerson(),
                                       schoolID: match.$school.id, on: request.db)
        return try await render(request, match: match, state: FormState())
    }

    func move(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let match = try await schoolMatch(request)
        var state = try request.formState()
        guard let event = MatchEvent(rawValue: state["event"]), MatchPageModel.eventLabels[event] != nil else {
            throw Abort(.badRequest, reason: "Choose what happens to the match from the list.")
        }
        let reason = state.optionalText("reason", label: "the reason", maxLength: Self.reasonMaxLength)
        guard state.isValid else { return try await render(request, match: match, state: state, status: .unprocessableEntity) }
        try await MatchTransitions(audit: request.audit).apply(event, to: match.requireID(), by: coordinator, reason: reason, on: request.db)
        return request.redirect(to: SiteRoute.matchDetail(try match.requireID()).path, redirectType: .normal)
    }

    private func render(_ request: Request, match: MentoringMatch, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await MatchPageModel.load(match, now: request.now, on: request.db)
        if model.showsAnswers {
            try await request.audit.record("read relationship-check answers", subject: "match \(try match.requireID())",
                                           by: try request.requirePerson(), schoolID: match.$school.id, on: request.db)
        }
        return Layout.page("\(match.mentee.fullName) and \(match.mentor.fullName)", for: request, status: status,
                           MatchPageView.body(model, form: state, csrf: try await request.csrfToken(), time: request.schoolTime, now: request.now))
    }
}
