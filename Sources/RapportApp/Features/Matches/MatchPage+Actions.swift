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

    func timeline(_ request: Request) async throws -> Response {
        let match = try await schoolMatch(request)
        // Meeting dates and attendance are notes metadata: each read is audited, as the match page's is.
        try await request.audit.record("viewed match timeline", subject: "match \(try match.requireID())", by: try request.requirePerson(),
                                       schoolID: match.$school.id, on: request.db)
        let model = try await MatchTimelineModel.load(match, time: request.schoolTime, now: request.now, kept: request.application.keptFigures, on: request.db)
        return Layout.page("Timeline: \(match.mentee.fullName) and \(match.mentor.fullName)", for: request, wide: true,
                           MatchTimelineView.body(model, time: request.schoolTime))
    }

    func move(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let match = try await schoolMatch(request)
        var state = try request.formState()
        guard let event = MatchEvent(rawValue: state["event"]), MatchPageModel.eventLabels[event] != nil else {
            throw Abort(.badRequest, reason: "Choose what happens to the match from the list.")
        }
        // The closing form has its own words field, so the page never has two fields of one name.
        let words = event == .beginClosing ? "closing_note" : "reason"
        let reason = state.optionalText(words, label: "the reason", maxLength: Self.reasonMaxLength)
        var closing: MatchTransitions.Closing?
        if event == .beginClosing {
            // A guided close: why it ends (counted on the dashboard) and what contact comes after, both required.
            let why = state.requireChoice("closure_reason", label: "why the match is ending", as: ClosureReason.self)
            let contact = state.requireChoice("contact_after", label: "what contact is allowed after", as: ContactAfter.self)
            if why == .other, reason == nil, state.errors[words] == nil { state.errors[words] = "Say what happened: you chose Other." }
            if let why, let contact { closing = MatchTransitions.Closing(reason: why, contactAfter: contact) }
        }
        // A missing reason the lifecycle asks for is said beside the field, not as an error page.
        let decide = { (reason: String?) in
            MatchLifecycle.next(from: match.state, on: event, reason: reason, activeSince: match.activatedAt,
                                earlyClosureDays: match.programme.earlyClosureDays, now: request.now)
        }
        if reason == nil, state.errors[words] == nil, case .failure(let refusal) = decide(nil), case .success = decide("given") {
            state.errors[words] = refusal.message
        }
        guard state.isValid else { return try await render(request, match: match, state: state, status: .unprocessableEntity) }
        try await MatchTransitions(audit: request.audit).apply(event, to: match.requireID(), by: coordinator, reason: reason, closing: closing, on: request.db)
        if event == .beginClosing {
            try await AppNotification.send(closing?.reason == .safeguarding ? "Your match is coming to an end. Your coordinator will talk with you."
                                            : "Your match is coming to an end. Plan a goodbye meeting and write a few closing words.",
                                           link: .pair(try match.requireID(), .goodbye), to: [match.$mentor.id, match.$mentee.id], at: request.now, on: request.db)
        }
        return request.redirect(to: SiteRoute.matchDetail(try match.requireID()).path, redirectType: .normal)
    }

    private func render(_ request: Request, match: MentoringMatch, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await MatchPageModel.load(match, notes: request.notes, now: request.now, kept: request.application.keptFigures, on: request.db)
        if model.showsAnswers {
            try await request.audit.record("read relationship-check answers", subject: "match \(try match.requireID())",
                                           by: try request.requirePerson(), schoolID: match.$school.id, on: request.db)
        }
        return Layout.page("\(match.mentee.fullName) and \(match.mentor.fullName)", for: request, status: status,
                           MatchPageView.body(model, form: state, csrf: try await request.csrfToken(), time: request.schoolTime, now: request.now))
    }
}
