import Fluent
import Plot
import Vapor

/// Goals the mentee sets and breaks into steps, the mentor's encouragement, and setbacks written down as learning.
extension PracticeController {
    // MARK: Goals

    func goals(_ request: Request) async throws -> Response {
        try await renderGoals(request, pair: try await Pair.load(request), state: FormState())
    }

    func renderGoals(_ request: Request, pair: Pair, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        try pair.requireNotes()
        let notes = request.notes
        let goals = try await Goal.query(on: request.db).filter(\.$match.$id == pair.matchID).with(\.$steps).with(\.$setbacks).sort(\.$createdAt).all()
        let csrf = try await request.csrfToken()
        let isMentee = !pair.isMentor
        return Layout.page(
            isMentee ? "My goals" : "\(pair.other.givenName)'s goals", for: request, status: status,
            pair.navigation(current: .goals),
            notice(request),
            .p(.class("lead"), .text(isMentee
                ? "Set a goal, break it into small steps, and tick them off. When something doesn't work, write down what you learnt: that's progress too."
                : "\(pair.other.givenName) sets the goals. Encourage each step: praise the effort and the plan, not just the result.")),
            FormField.errorSummary(state),
            goals.isEmpty ? .p(.text(isMentee ? "No goals yet." : "\(pair.other.givenName) hasn't set a goal yet.")) : .forEach(goals) { goal in
                let goalID = goal.id!.uuidString.lowercased().prefix(8)
                let steps = goal.steps.sorted { $0.createdAt < $1.createdAt }
                let action = { (name: GoalAction) in SiteRoute.pair(pair.matchID, .goalAction(goal.id!, name)).path }
                return .div(.class("card goal"),
                    .h2(.text((try? notes.open(goal, \.$titleSealed)) ?? "")),
                    .p(.class("hint"), .text("\(steps.filter { $0.doneAt != nil }.count) of \(steps.count) steps done")),
                    .ul(.class("steps"), .forEach(steps) { step in
                        let stepID = step.id!.uuidString.lowercased().prefix(8)
                        return .li(
                            .div(.class("step"),
                                 .span(.class(step.doneAt == nil ? "step-text" : "step-text done"),
                                       .span(.attribute(named: "aria-hidden", value: "true"), .text(step.doneAt == nil ? "☐ " : "☑ ")),
                                       .text((try? notes.open(step, \.$textSealed)) ?? ""),
                                       .if(step.doneAt != nil, .span(.class("visually-hidden"), " (done)"))),
                                 .if(isMentee && pair.mayWrite, .form(.method(.post), .action(SiteRoute.pair(pair.matchID, .stepAction(step.id!, .done)).path),
                                     FormField.csrf(csrf), .button(.type(.submit), .class("secondary small"), .text(step.doneAt == nil ? "Tick it off" : "Untick"))))),
                            .unwrap((try? notes.open(step, \.$encouragementSealed)) ?? nil) { .p(.class("reaction"), .text("\(pair.mentor.givenName == pair.me.givenName ? "You" : pair.mentor.givenName): \($0)")) },
                            .if(!isMentee && pair.mayWrite, .form(.method(.post), .action(SiteRoute.pair(pair.matchID, .stepAction(step.id!, .encourage)).path),
                                FormField.csrf(csrf),
                                FormField.text("encouragement_\(stepID)", label: step.encouragementSealed == nil ? "Encourage this step" : "Change your encouragement",
                                               state: state, maxLength: PracticePages.shortTextMaxLength),
                                .button(.type(.submit), .class("secondary"), "Send")))
                        )
                    }),
                    .if(isMentee && pair.mayWrite, .form(.method(.post), .action(action(.steps)), FormField.csrf(csrf),
                        FormField.text("step_\(goalID)", label: "Add a small step", state: state, maxLength: Self.goalMaxLength),
                        .button(.type(.submit), .class("secondary"), "Add the step"))),
                    .if(!goal.setbacks.isEmpty, .group(.h3("Setbacks, and what they taught"), .forEach(goal.setbacks.sorted { $0.createdAt < $1.createdAt }) { setback in
                        FormField.facts([
                            ("Tried", (try? notes.open(setback, \.$triedSealed)) ?? ""),
                            ("Learnt", (try? notes.open(setback, \.$learntSealed)) ?? ""),
                            ("Next", (try? notes.open(setback, \.$nextSealed)) ?? ""),
                        ])
                    })),
                    .if(isMentee && pair.mayWrite, .details(.summary("Something didn't work? Write it down as learning"),
                        .form(.method(.post), .action(action(.setbacks)), FormField.csrf(csrf),
                              FormField.textArea("tried_\(goalID)", label: "What I tried", state: state, maxLength: Self.reflectionMaxLength),
                              FormField.textArea("learnt_\(goalID)", label: "What I learnt", state: state, maxLength: Self.reflectionMaxLength),
                              FormField.textArea("next_\(goalID)", label: "What I'll try next", state: state, maxLength: Self.reflectionMaxLength),
                              .button(.type(.submit), .class("secondary"), "Save"))))
                )
            },
            .if(isMentee && pair.mayWrite, .form(
                .method(.post), .action(SiteRoute.pair(pair.matchID, .goals).path), .class("card"),
                FormField.csrf(csrf),
                FormField.text("goal", label: "Set a new goal", state: state, hint: "Like \"get to school on time every day this week\".",
                               maxLength: Self.goalMaxLength),
                .button(.type(.submit), "Set the goal")
            ))
        )
    }

    func requireMentee(_ pair: Pair) throws {
        guard !pair.isMentor else { throw Abort(.forbidden, reason: "\(pair.other.givenName) sets and changes their own goals; you can encourage each step.") }
    }

    func addGoal(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        try requireMentee(pair)
        var state = try request.formState()
        guard let title = state.requireText("goal", label: "your goal", maxLength: Self.goalMaxLength) else {
            return try await renderGoals(request, pair: pair, state: state, status: .unprocessableEntity)
        }
        let goal = Goal()
        goal.$match.id = pair.matchID
        try request.notes.seal(title, into: goal, \.$titleSealed)
        goal.createdAt = request.now
        try await goal.create(on: request.db)
        return request.redirect(to: SiteRoute.pair(pair.matchID, .goals).path(with: .saved), redirectType: .normal)
    }

    func goalAction(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        try requireMentee(pair)
        var state = try request.formState()
        let goal = try await request.record("goal", Goal.self, notFound: "There is no such goal in your match.") {
            $0.filter(\.$match.$id == pair.matchID)
        }
        let id = try goal.requireID()
        let key = id.uuidString.lowercased().prefix(8)
        let notes = request.notes
        switch try request.action(GoalAction.self) {
        case .steps:
            guard let text = state.requireText("step_\(key)", label: "a step", maxLength: Self.goalMaxLength) else {
                return try await renderGoals(request, pair: pair, state: state, status: .unprocessableEntity)
            }
            let step = GoalStep()
            step.$goal.id = id
            try notes.seal(text, into: step, \.$textSealed)
            step.createdAt = request.now
            try await step.create(on: request.db)
        case .setbacks:
            let tried = state.requireText("tried_\(key)", label: "what you tried", maxLength: Self.reflectionMaxLength)
            let learnt = state.requireText("learnt_\(key)", label: "what you learnt", maxLength: Self.reflectionMaxLength)
            let next = state.requireText("next_\(key)", label: "what you'll try next", maxLength: Self.reflectionMaxLength)
            guard state.isValid, let tried, let learnt, let next else {
                return try await renderGoals(request, pair: pair, state: state, status: .unprocessableEntity)
            }
            let setback = GoalSetback()
            setback.$goal.id = try goal.requireID()
            try notes.seal(tried, into: setback, \.$triedSealed)
            try notes.seal(learnt, into: setback, \.$learntSealed)
            try notes.seal(next, into: setback, \.$nextSealed)
            setback.createdAt = request.now
            try await setback.create(on: request.db)
        }
        return request.redirect(to: SiteRoute.pair(pair.matchID, .goals).path(with: .saved), redirectType: .normal)
    }

    func stepAction(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        var state = try request.formState()
        let notFound = "There is no such step in your match."
        let step = try await request.record("step", GoalStep.self, notFound: notFound) { $0.with(\.$goal) }
        guard step.goal.$match.id == pair.matchID else { throw Abort(.notFound, reason: notFound) }
        let id = try step.requireID()
        switch try request.action(StepAction.self) {
        case .done:
            try requireMentee(pair)
            step.doneAt = step.doneAt == nil ? request.now : nil
            try await step.update(on: request.db)
            if step.doneAt != nil {
                try await AppNotification.send("\(pair.me.givenName) ticked off a step towards a goal. Encourage them!", link: .pair(pair.matchID, .goals),
                                               to: [pair.other.requireID()], at: request.now, on: request.db)
            }
        case .encourage:
            guard pair.isMentor else { throw Abort(.forbidden, reason: "Your mentor encourages your steps; you tick them off.") }
            guard let text = state.requireText("encouragement_\(id.uuidString.lowercased().prefix(8))", label: "your encouragement",
                                               maxLength: PracticePages.shortTextMaxLength) else {
                return try await renderGoals(request, pair: pair, state: state, status: .unprocessableEntity)
            }
            try request.notes.seal(text, into: step, \.$encouragementSealed)
            try await step.update(on: request.db)
        }
        return request.redirect(to: SiteRoute.pair(pair.matchID, .goals).path(with: .saved), redirectType: .normal)
    }
}
