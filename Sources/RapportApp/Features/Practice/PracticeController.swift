import Fluent
import Plot
import Vapor

/// Commitments both ways, the wins wall with its milestones, and the mentee's goals with steps and setbacks.
struct PracticeController: RouteCollection {
    static let goalMaxLength = 200
    static let reflectionMaxLength = 500

    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        pair.get(.pairCommitments, use: commitments)
        pair.post(.pairCommitments, use: commit)
        pair.post(.pairCommitmentFollowUp, use: followUp)
        pair.get(.pairWins, use: wins)
        pair.post(.pairWins, use: postWin)
        pair.post(.pairWinCelebration, use: celebrate)
        pair.get(.pairGoals, use: goals)
        pair.post(.pairGoals, use: addGoal)
        pair.post(.pairGoalAction, use: goalAction)
        pair.post(.pairStepAction, use: stepAction)
    }

    func notice(_ request: Request) -> Node<HTML.BodyContext> {
        Layout.notice(request.notice == .saved ? "Saved." : nil)
    }

    // MARK: Commitments

    func commitments(_ request: Request) async throws -> Response {
        try await renderCommitments(request, pair: try await Pair.load(request), state: FormState())
    }

    private func renderCommitments(_ request: Request, pair: Pair, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        try pair.requireNotes()
        let notes = request.notes
        let all = try await Commitment.query(on: request.db).filter(\.$match.$id == pair.matchID).sort(\.$dueOn).all()
        let opened = try all.map { ($0, try notes.open($0, \.$textSealed), try notes.open($0, \.$followUpSealed)) }
        let csrf = try await request.csrfToken()
        let open = opened.filter { $0.0.status == .open }
        let done = opened.filter { $0.0.status != .open }
        return Layout.page(
            "Commitments", for: request, status: status,
            pair.navigation(current: .commitments),
            notice(request),
            .p(.class("lead"), "Commitments go both ways: each of you says \"I will ... by ...\", and at your next meeting you both say how it went."),
            FormField.errorSummary(state),
            .h2("Open"),
            open.isEmpty ? .p("No open commitments.") : .forEach(open) { commitment, text, followUp in
                PracticePages.followUp(commitment, text: text, followUp: followUp, pair: pair, meetingID: nil, csrf: csrf, state: state, time: request.schoolTime)
            },
            .if(pair.mayWrite, PracticePages.newCommitmentForm(pair: pair, meetingID: nil, csrf: csrf, state: state, request: request)),
            .if(!done.isEmpty, .group(.h2("Followed up"), .forEach(done) { commitment, text, followUp in
                PracticePages.followUp(commitment, text: text, followUp: followUp, pair: pair, meetingID: nil, csrf: csrf, state: state, time: request.schoolTime)
            }))
        )
    }

    /// Where a form about commitments goes back to: the meeting it was sent from, or the commitments page.
    private func origin(_ state: FormState, pair: Pair, on database: any Database) async throws -> Meeting? {
        guard let id = UUID(uuidString: state["meeting"]) else { return nil }
        guard let meeting = try await Meeting.query(on: database).filter(\.$id == id).filter(\.$match.$id == pair.matchID).first() else {
            throw Abort(.notFound, reason: "There is no such meeting in your match.")
        }
        return meeting
    }

    private func invalidCommitment(_ request: Request, pair: Pair, meeting: Meeting?, state: FormState) async throws -> Response {
        if let meeting { return try await MeetingLogPage.render(request, pair: pair, meeting: meeting, state: state, status: .unprocessableEntity) }
        return try await renderCommitments(request, pair: pair, state: state, status: .unprocessableEntity)
    }

    private func back(_ request: Request, pair: Pair, meeting: Meeting?) -> Response {
        let page: PairPage = meeting.map { .meeting($0.id!) } ?? .commitments
        return request.redirect(to: SiteRoute.pair(pair.matchID, page).path(with: .saved) + "#commitments", redirectType: .normal)
    }

    func commit(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        var state = try request.formState()
        let meeting = try await origin(state, pair: pair, on: request.db)
        let text = state.requireText("commitment", label: "what you will do", maxLength: PracticePages.shortTextMaxLength)
        let time = request.schoolTime
        let due = time.date(day: state["due_on"], time: "23:59")
        if due == nil {
            state.errors["due_on"] = "Enter the day you'll do it by, like \(time.dayID(request.now))."
        } else if let due, due < request.now {
            state.errors["due_on"] = "Choose today or a day after it."
        } else if let due, due > request.now.addingTimeInterval(366 * 24 * 3600) {
            state.errors["due_on"] = "Choose a day within the next year: small steps work best."
        }
        guard state.isValid, let text, let due else { return try await invalidCommitment(request, pair: pair, meeting: meeting, state: state) }
        let commitment = Commitment()
        commitment.$match.id = pair.matchID
        commitment.$meeting.id = meeting?.id
        commitment.$person.id = try pair.me.requireID()
        try request.notes.seal(text, into: commitment, \.$textSealed)
        commitment.dueOn = due
        commitment.status = .open
        commitment.createdAt = request.now
        try await commitment.create(on: request.db)
        return back(request, pair: pair, meeting: meeting)
    }

    func followUp(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        var state = try request.formState()
        let meeting = try await origin(state, pair: pair, on: request.db)
        let commitment = try await request.record("commitment", Commitment.self, notFound: "There is no such commitment in your match.") {
            $0.filter(\.$match.$id == pair.matchID)
        }
        let id = try commitment.requireID()
        guard commitment.$person.id == pair.me.id else {
            throw Abort(.forbidden, reason: "This is \(pair.other.givenName)'s commitment: only they can say how it went.")
        }
        guard commitment.status == .open else { throw Abort(.conflict, reason: "You have already said how this commitment went.") }
        let status = state.requireChoice("status", label: "how it went", as: CommitmentStatus.self)
        if status == .open { state.errors["status"] = "Choose how it went." }
        let word = status == .done
            ? state.optionalText(PracticePages.followUpField(id), label: "what helped", maxLength: PracticePages.shortTextMaxLength)
            : state.requireText(PracticePages.followUpField(id), label: "a word on what got in the way", maxLength: PracticePages.shortTextMaxLength)
        guard state.isValid, let status else { return try await invalidCommitment(request, pair: pair, meeting: meeting, state: state) }
        commitment.status = status
        try request.notes.seal(word, into: commitment, \.$followUpSealed)
        commitment.followedUpAt = request.now
        commitment.followedUpMeetingID = meeting?.id
        try await commitment.update(on: request.db)
        return back(request, pair: pair, meeting: meeting)
    }

    // MARK: Wins

    func wins(_ request: Request) async throws -> Response {
        try await renderWins(request, pair: try await Pair.load(request), state: FormState())
    }

    private func renderWins(_ request: Request, pair: Pair, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        try pair.requireNotes()
        let notes = request.notes
        let wins = try await Win.query(on: request.db).filter(\.$match.$id == pair.matchID).with(\.$reactions).sort(\.$createdAt, .descending).all()
        let milestones = try await Milestones.reached(by: pair.match, now: request.now, time: request.schoolTime, on: request.db)
        let csrf = try await request.csrfToken()
        let name = { (id: UUID) in id == pair.me.id ? "You" : pair.other.givenName }
        return Layout.page(
            "Wins", for: request, status: status,
            pair.navigation(current: .wins),
            notice(request),
            .if(!milestones.isEmpty, .div(.class("milestones"), .forEach(milestones) { milestone in
                .div(.class("milestone"), .span(.attribute(named: "aria-hidden", value: "true"), "🎉 "),
                     .strong(.text(milestone.title)), .text(" · \(request.schoolTime.dateText(milestone.date))"))
            })),
            FormField.errorSummary(state),
            .if(pair.mayWrite, .form(
                .method(.post), .action(SiteRoute.pair(pair.matchID, .wins).path), .class("card"),
                FormField.csrf(csrf),
                FormField.textArea("win", label: "Post a win", state: state,
                                   hint: "Big or small: \"I put my hand up in maths\", \"I walked away instead of kicking off\". Up to \(PracticePages.shortTextMaxLength) characters.",
                                   maxLength: PracticePages.shortTextMaxLength),
                FormField.select("category", label: "What kind of win?", state: state,
                                 options: [("", "Choose if you like")] + WinCategory.allCases.map { ($0.rawValue, $0.title) }),
                .button(.type(.submit), "Post the win")
            )),
            wins.isEmpty ? .p("No wins yet. The first one can be small.") : .forEach(wins) { win in
                let mine = win.$author.id == pair.me.id
                let reactions = win.reactions
                let celebrated = reactions.contains { $0.$person.id == pair.me.id }
                return .div(.class("card win"),
                            .p(.strong(.text("\(name(win.$author.id)) · ")), .unwrap(win.category) { .span(.class("badge"), .text($0.title)) },
                               .text(" \(request.schoolTime.dateText(win.createdAt))")),
                            .p(.class("win-text"), .text((try? notes.open(win, \.$textSealed)) ?? "")),
                            .forEach(reactions) { reaction in
                                .p(.class("reaction"), .text("\(name(reaction.$person.id)): \(reaction.reaction.label)"
                                    + ((try? notes.open(reaction, \.$lineSealed)).flatMap { $0.map { " · \($0)" } } ?? "")))
                            },
                            .if(!mine && !celebrated && pair.mayWrite, .form(
                                .method(.post), .action(SiteRoute.pair(pair.matchID, .winCelebration(win.id!)).path),
                                FormField.csrf(csrf),
                                .element(named: "fieldset", nodes: [
                                    .class("choices"),
                                    .element(named: "legend", text: "Celebrate it"),
                                    .div(.class("options columns"), .forEach(Celebration.allCases) { celebration in
                                        let id = "celebrate-\(win.id!.uuidString.lowercased().prefix(8))-\(celebration.rawValue)"
                                        return .div(.class("option"), .input(.type(.radio), .id(id), .name("reaction"), .value(celebration.rawValue)),
                                                    .label(.for(id), .text(celebration.label)))
                                    }),
                                ]),
                                FormField.text("line_\(win.id!.uuidString.lowercased().prefix(8))", label: "Add a line (if you like)", state: state,
                                               hint: "Praise the effort or the plan: \"You kept going when it was hard\", \"Asking for help was smart\".",
                                               maxLength: PracticePages.shortTextMaxLength),
                                .button(.type(.submit), .class("secondary"), "Celebrate")
                            )))
            }
        )
    }

    func postWin(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        var state = try request.formState()
        let text = state.requireText("win", label: "your win", maxLength: PracticePages.shortTextMaxLength)
        let category = state["category"].isEmpty ? nil : state.requireChoice("category", label: "a kind of win from the list", as: WinCategory.self)
        guard state.isValid, let text else { return try await renderWins(request, pair: pair, state: state, status: .unprocessableEntity) }
        let win = Win()
        win.$match.id = pair.matchID
        win.$author.id = try pair.me.requireID()
        win.category = category
        try request.notes.seal(text, into: win, \.$textSealed)
        win.createdAt = request.now
        try await win.create(on: request.db)
        try await AppNotification.send("\(pair.me.givenName) posted a win. Celebrate it!", link: .pair(pair.matchID, .wins),
                                       to: [pair.other.requireID()], at: request.now, on: request.db)
        return request.redirect(to: SiteRoute.pair(pair.matchID, .wins).path(with: .saved), redirectType: .normal)
    }

    func celebrate(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        var state = try request.formState()
        let win = try await request.record("win", Win.self, notFound: "There is no such win in your match.") {
            $0.filter(\.$match.$id == pair.matchID)
        }
        let id = try win.requireID()
        guard win.$author.id != pair.me.id else { throw Abort(.forbidden, reason: "This is your own win: \(pair.other.givenName) celebrates it.") }
        let reaction = state.requireChoice("reaction", label: "how to celebrate", as: Celebration.self)
        let line = state.optionalText("line_\(id.uuidString.lowercased().prefix(8))", label: "your line", maxLength: PracticePages.shortTextMaxLength)
        guard state.isValid, let reaction else { return try await renderWins(request, pair: pair, state: state, status: .unprocessableEntity) }
        let celebration = WinReaction()
        celebration.$win.id = id
        celebration.$person.id = try pair.me.requireID()
        celebration.reaction = reaction
        try request.notes.seal(line, into: celebration, \.$lineSealed)
        celebration.createdAt = request.now
        try await refusingContention("You have already celebrated this win.") { try await celebration.create(on: request.db) }
        try await AppNotification.send("\(pair.me.givenName) celebrated your win: \(reaction.label)", link: .pair(pair.matchID, .wins),
                                       to: [pair.other.requireID()], at: request.now, on: request.db)
        return request.redirect(to: SiteRoute.pair(pair.matchID, .wins).path(with: .saved), redirectType: .normal)
    }

}


/// Moments in a match worth celebrating, once they have come.
enum Milestones {
    struct Milestone: Sendable {
        let title: String
        let date: Date
    }

    static func reached(by match: MentoringMatch, now: Date, time: SchoolTime, on database: any Database) async throws -> [Milestone] {
        guard let activated = match.activatedAt else { return [] }
        let programme = try await match.$programme.get(on: database)
        let day: TimeInterval = 24 * 60 * 60
        var milestones: [Milestone] = []
        let meetings = try await Meeting.query(on: database).filter(\.$match.$id == match.requireID()).filter(\.$state == .accepted)
            .sort(\.$startsAt).all()
        let happened = try await MeetingAttendance.query(on: database).filter(\.$meeting.$id ~~ meetings.compactMap(\.id))
            .filter(\.$outcome == .happened).all().map(\.$meeting.id)
        if let first = meetings.first(where: { happened.contains($0.id!) }) {
            milestones.append(Milestone(title: "Your first meeting", date: first.startsAt))
        }
        milestones.append(Milestone(title: "One month together", date: activated.addingTimeInterval(30 * day)))
        milestones.append(Milestone(title: "Three months together", date: activated.addingTimeInterval(91 * day)))
        // The programme's own term dates; a term that ended before the pair began is not theirs to celebrate.
        for (index, day) in programme.termEndDays.enumerated() {
            if let end = time.date(day: day, time: "00:00"), end > activated {
                milestones.append(Milestone(title: "End of term \(index + 1)", date: end))
            }
        }
        milestones.append(Milestone(title: "A whole school year", date: programme.endsOn))
        return milestones.filter { $0.date <= now }.sorted { $0.date > $1.date }
    }
}
