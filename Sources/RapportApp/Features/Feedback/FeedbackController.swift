import Fluent
import Plot
import Vapor

/// Blind two-way feedback at the programme's cadence, and the relationship check (the pulse).
struct FeedbackController: RouteCollection {
    static let textMaxLength = 500
    static let scale = ["1 · Not at all", "2 · A little", "3 · Sort of", "4 · Mostly", "5 · Very much"]

    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        pair.get(.pairFeedback, use: feedback)
        pair.post(.pairFeedback, use: answerFeedback)
        pair.post(.pairFeedbackAgenda, use: addSuggestionToAgenda)
        pair.get(.pairCheck, use: pulse)
        pair.post(.pairCheck, use: answerPulse)
    }

    private func schedule(_ pair: Pair) -> FeedbackSchedule? {
        pair.match.activatedAt.map { FeedbackSchedule(activatedAt: $0, programme: pair.match.programme) }
    }

    // MARK: Feedback

    func feedback(_ request: Request) async throws -> Response {
        try await renderFeedback(request, pair: try await Pair.load(request), state: FormState())
    }

    private func renderFeedback(_ request: Request, pair: Pair, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        try pair.requireNotes()
        let now = request.now
        let rounds = schedule(pair)?.rounds(until: now) ?? []
        let answers = try await FeedbackAnswer.query(on: request.db).filter(\.$match.$id == pair.matchID).all()
        let csrf = try await request.csrfToken()
        let current = rounds.first.flatMap { $0.isOpen(at: now) ? $0 : nil }
        let answeredCurrent = current.map { round in answers.contains { $0.roundNumber == round.number && $0.$person.id == pair.me.id } } ?? true
        let next = schedule(pair).map { schedule in schedule.round((rounds.first?.number ?? 0) + 1) }
        let notes = request.notes
        let upcoming = pair.mayWrite ? try await nextMeeting(pair, now: now, on: request.db) : nil
        let upcomingAgenda = upcoming == nil ? [] : try await agenda(of: upcoming!, notes: notes, on: request.db)
        let bothAnswered = rounds.first.map { round in answers.filter { $0.roundNumber == round.number }.count == 2 } ?? false
        let notice: String? = request.notice != .saved ? nil : bothAnswered
            ? "Thanks. You've both answered, so you can see each other's answers below."
            : "Thanks. You'll see \(pair.other.givenName)'s answers when they've answered too, or when the round closes."
        return Layout.page(
            "Feedback", for: request, status: status,
            pair.navigation(current: .feedback),
            Layout.notice(notice),
            .p(.class("lead"), .text("Every \(pair.match.programme.feedbackEveryWeeks) weeks you both say how it's going. It's blind: neither of you sees the other's answers until you've both answered, or the round closes.")),
            .unwrap(answeredCurrent || !pair.mayWrite ? nil : current) { current in .group(
                .h2(.text("Round \(current.number): open until \(request.schoolTime.dateText(current.closes))")),
                FormField.errorSummary(state),
                .form(
                    .method(.post), .action(SiteRoute.pair(pair.matchID, .feedback).path), .class("card"),
                    FormField.csrf(csrf),
                    .input(.type(.hidden), .name("round"), .value(String(current.number))),
                    FormField.select("meetings_help", label: "Our meetings help me", state: state,
                                     options: [("", "Choose")] + Self.scale.enumerated().map { (String($0.offset + 1), $0.element) }),
                    FormField.select("feel_listened_to", label: "I feel listened to", state: state,
                                     options: [("", "Choose")] + Self.scale.enumerated().map { (String($0.offset + 1), $0.element) }),
                    FormField.textArea("going_well", label: "One thing that's going well", state: state,
                                       hint: "Up to \(Self.textMaxLength) characters.", maxLength: Self.textMaxLength),
                    FormField.textArea("suggestion", label: "One thing you'd like to try (if you like)", state: state,
                                       hint: "Kind and clear works best: \"I'd like more time on...\", \"Could we try...\", \"It would help me if...\"",
                                       maxLength: Self.textMaxLength),
                    .div(.class("actions"), .button(.type(.submit), "Send my feedback"))
                )
            ) },
            .if(current == nil, .p(.text(next.map { "The next round opens on \(request.schoolTime.dateText($0.opens))." } ?? "Feedback starts once your match is active."))),
            .forEach(rounds) { round in
                let mine = answers.first { $0.roundNumber == round.number && $0.$person.id == pair.me.id }
                let theirs = answers.first { $0.roundNumber == round.number && $0.$person.id == pair.other.id }
                let revealed = (mine != nil && theirs != nil) || !round.isOpen(at: now)
                return .section(.class("card"),
                    .h2(.text("Round \(round.number) · \(request.schoolTime.dateText(round.opens))")),
                    .if(round.isOpen(at: now) && mine != nil && theirs == nil,
                        .p(.text("Waiting for \(pair.other.givenName). Their answers show here when they've answered, or on \(request.schoolTime.dateText(round.closes)) when the round closes."))),
                    .if(round.isOpen(at: now) && mine == nil,
                        .p(.text(theirs == nil ? "Neither of you has answered yet." : "\(pair.other.givenName) has answered. Send yours to see both."))),
                    .if(revealed || mine != nil, .div(.class("cards"),
                        answerCard("You", mine, shown: true, notes: notes),
                        answerCard(pair.other.givenName, theirs, shown: revealed, notes: notes, then: .unwrap(revealed && pair.mayWrite ? theirs : nil) { theirs in
                            takeUp(theirs, pair: pair, next: upcoming, agenda: upcomingAgenda, csrf: csrf, time: request.schoolTime, notes: notes)
                        })))
                )
            }
        )
    }

    private func answerCard(_ who: String, _ answer: FeedbackAnswer?, shown: Bool, notes: NoteCipher,
                            then more: Node<HTML.BodyContext> = .empty) -> Node<HTML.BodyContext> {
        guard shown else { return .empty }
        guard let answer else { return .div(.class("card"), .h3(.text(who)), .p(.text(who == "You" ? "You didn't answer this round." : "\(who) didn't answer this round."))) }
        return .div(.class("card"), .h3(.text(who)),
                    FormField.facts([
                        ("Meetings help", Self.scale[answer.meetingsHelp - 1]),
                        ("Feel listened to", Self.scale[answer.feelListenedTo - 1]),
                        ("Going well", (try? notes.open(answer, \.$goingWellSealed)) ?? ""),
                        ("Would like", ((try? notes.open(answer, \.$suggestionSealed)) ?? nil) ?? "—"),
                    ]),
                    more)
    }

    /// Under the other one's suggestion: a tap to put it on the next meeting's agenda, or where it already is.
    private func takeUp(_ answer: FeedbackAnswer, pair: Pair, next: Meeting?, agenda: Set<String>, csrf: String, time: SchoolTime,
                        notes: NoteCipher) -> Node<HTML.BodyContext> {
        guard let suggestion = (try? notes.open(answer, \.$suggestionSealed)) ?? nil else { return .empty }
        guard let next, let answerID = answer.id else {
            return .p(.class("hint"), .text("Agree your next meeting, and you can put \(pair.other.givenName)'s suggestion on its agenda."))
        }
        if agenda.contains(suggestion) {
            return .p(.class("hint"), .text("On the agenda for \(time.dayText(next.startsAt))."))
        }
        return .form(.method(.post), .action(SiteRoute.pair(pair.matchID, .feedbackAgenda(answerID)).path), FormField.csrf(csrf),
                     .button(.type(.submit), .class("secondary"), "Add to our next meeting's agenda"))
    }

    func answerFeedback(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        var state = try request.formState()
        let now = request.now
        guard let schedule = schedule(pair), let number = Int(state["round"]), number >= 1, schedule.round(number).opens <= now else {
            throw Abort(.notFound, reason: "There is no such feedback round.")
        }
        guard schedule.round(number).isOpen(at: now) else {
            throw Abort(.conflict, reason: "Round \(number) closed on \(request.schoolTime.dateText(schedule.round(number).closes)), so it can't be answered any more.")
        }
        let helps = state.requireInt("meetings_help", label: "how much your meetings help", in: 1...5)
        let listened = state.requireInt("feel_listened_to", label: "how listened to you feel", in: 1...5)
        let goingWell = state.requireText("going_well", label: "one thing that's going well", maxLength: Self.textMaxLength)
        let suggestion = state.optionalText("suggestion", label: "your suggestion", maxLength: Self.textMaxLength)
        guard state.isValid, let helps, let listened, let goingWell else {
            return try await renderFeedback(request, pair: pair, state: state, status: .unprocessableEntity)
        }
        let answer = FeedbackAnswer()
        answer.$match.id = pair.matchID
        answer.roundNumber = number
        answer.$person.id = try pair.me.requireID()
        answer.meetingsHelp = helps
        answer.feelListenedTo = listened
        try request.notes.seal(goingWell, into: answer, \.$goingWellSealed)
        try request.notes.seal(suggestion, into: answer, \.$suggestionSealed)
        answer.answeredAt = now
        try await refusingContention("You have already answered this round. Your answers can't be changed once sent.") {
            try await answer.create(on: request.db)
        }
        try await AppNotification.send("\(pair.me.givenName) has given their feedback. Answer yours to see both.", link: .pair(pair.matchID, .feedback),
                                       to: [pair.other.requireID()], at: now, on: request.db)
        return request.redirect(to: SiteRoute.pair(pair.matchID, .feedback).path(with: .saved), redirectType: .normal)
    }

    // MARK: A suggestion onto the agenda

    /// The pair's next agreed meeting that hasn't ended, if any: where a suggestion goes.
    private func nextMeeting(_ pair: Pair, now: Date, on database: any Database) async throws -> Meeting? {
        try await Meeting.query(on: database).filter(\.$match.$id == pair.matchID).filter(\.$state == .accepted)
            .filter(\.$endsAt > now).sort(\.$startsAt).first()
    }

    /// What is on the meeting's agenda, opened (entries are sealed, so they are opened to compare).
    private func agenda(of meeting: Meeting, notes: NoteCipher, on database: any Database) async throws -> Set<String> {
        Set(try await MeetingEntry.query(on: database).filter(\.$meeting.$id == meeting.requireID()).filter(\.$kind == .agenda).all()
            .compactMap { try? notes.open($0, \.$bodySealed) })
    }

    /// The other one's suggestion, once revealed, becomes an agenda item of their next meeting, written by the person
    /// who took it up. A second tap changes nothing.
    func addSuggestionToAgenda(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        let now = request.now
        guard let id = request.parameters.get("answer").flatMap(UUID.init(uuidString:)),
              let answer = try await FeedbackAnswer.query(on: request.db).filter(\.$id == id).filter(\.$match.$id == pair.matchID).first()
        else { throw Abort(.notFound, reason: "There is no such feedback in your match.") }
        guard answer.$person.id != pair.me.id else {
            throw Abort(.forbidden, reason: "This is your own suggestion: \(pair.other.givenName) can put it on the agenda, or you can add it yourself on the meeting's page.")
        }
        let round = schedule(pair)?.round(answer.roundNumber)
        let mine = try await FeedbackAnswer.query(on: request.db).filter(\.$match.$id == pair.matchID)
            .filter(\.$roundNumber == answer.roundNumber).filter(\.$person.$id == pair.me.requireID()).count()
        guard mine > 0 || round.map({ !$0.isOpen(at: now) }) == true else {
            throw Abort(.notFound, reason: "There is no such feedback in your match.")
        }
        guard let suggestion = try request.notes.open(answer, \.$suggestionSealed) else {
            throw Abort(.conflict, reason: "\(pair.other.givenName) didn't suggest anything that round.")
        }
        guard let meeting = try await nextMeeting(pair, now: now, on: request.db) else {
            throw Abort(.conflict, reason: "Agree your next meeting first, then put this on its agenda.")
        }
        if try await !agenda(of: meeting, notes: request.notes, on: request.db).contains(suggestion) {
            let entry = MeetingEntry()
            entry.$meeting.id = try meeting.requireID()
            entry.$author.id = try pair.me.requireID()
            entry.kind = .agenda
            try request.notes.seal(suggestion, into: entry, \.$bodySealed)
            entry.createdAt = now
            try await entry.create(on: request.db)
        }
        return request.redirect(to: SiteRoute.pair(pair.matchID, .meeting(try meeting.requireID())).path(with: .saved) + "#agenda", redirectType: .normal)
    }

    // MARK: Relationship check

    func pulse(_ request: Request) async throws -> Response {
        try await renderPulse(request, pair: try await Pair.load(request), state: FormState())
    }

    private func renderPulse(_ request: Request, pair: Pair, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let now = request.now
        let check = pair.match.activatedAt.flatMap { pair.match.programme.healthRules.currentCheck(activatedAt: $0, now: now) }
        var answered = false
        if let check {
            answered = try await PulseAnswer.query(on: request.db).filter(\.$match.$id == pair.matchID).filter(\.$checkNumber == check)
                .filter(\.$person.$id == pair.me.requireID()).count() > 0
        }
        let items = RelationshipPulse.items(for: pair.me.role)
        let answersVisible = pair.match.programme.pulseAnswersVisible
        let csrf = try await request.csrfToken()
        let nextDue = pair.match.activatedAt.map { pair.match.programme.healthRules.checkDue((check ?? 0) + 1, activatedAt: $0) }
        return Layout.page(
            "How's it going?", for: request, status: status,
            pair.navigation(current: nil),
            Layout.notice(request.notice == .saved ? "Thank you. Your answers are saved." : nil),
            .p(.class("lead"), .text("A short check on how you and \(pair.other.givenName) get on. Be honest: \(pair.other.givenName) doesn't see your answers. "
                + Self.whatStaffSee(answersVisible: answersVisible))),
            check == nil || answered || !pair.mayWrite
                ? .p(.text(nextDue.map { "Your next check is on \(request.schoolTime.dateText($0))." } ?? "Checks start once your match is active."))
                : .group(
                    FormField.errorSummary(state),
                    .form(
                        .method(.post), .action(SiteRoute.pair(pair.matchID, .pulse).path),
                        FormField.csrf(csrf),
                        .input(.type(.hidden), .name("check"), .value(String(check!))),
                        .input(.type(.hidden), .name("told"), .value(answersVisible ? "answers" : "score")),
                        .forEach(Array(items.enumerated())) { index, item in
                            .element(named: "fieldset", nodes: [
                                .class(state.errors["item\(index)"] == nil ? "choices question" : "choices question invalid"),
                                .id("item\(index)"),
                                .element(named: "legend", text: item.text),
                                .unwrap(state.errors["item\(index)"]) { .p(.class("error"), .text($0)) },
                                .div(.class("options scale"), .forEach(Array(RelationshipPulse.scale.enumerated())) { value, label in
                                    .div(.class("option"),
                                         .input(.type(.radio), .id("item\(index)-\(value + 1)"), .name("item\(index)"), .value(String(value + 1)),
                                                .checked(state["item\(index)"] == String(value + 1))),
                                         .label(.for("item\(index)-\(value + 1)"), .text(label)))
                                }),
                            ])
                        },
                        .div(.class("actions"), .button(.type(.submit), "Send"))
                    )
                )
        )
    }

    /// What the page tells a student staff will see of their answers; `PulseAnswer.answersVisible` keeps it true.
    static func whatStaffSee(answersVisible: Bool) -> String {
        answersVisible
            ? "Your coordinator sees your answers and a score, to know whether to check in with you."
            : "Your coordinator sees only a score made from your answers, to know whether to check in with you."
    }

    func answerPulse(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        var state = try request.formState()
        let now = request.now
        guard let activated = pair.match.activatedAt, let current = pair.match.programme.healthRules.currentCheck(activatedAt: activated, now: now),
              Int(state["check"]) == current else {
            throw Abort(.conflict, reason: "This check isn't open any more. Reload the page to see the current one.")
        }
        let items = RelationshipPulse.items(for: pair.me.role)
        var answers: [Int] = []
        for index in items.indices {
            if let value = Int(state["item\(index)"]), (1...5).contains(value) {
                answers.append(value)
            } else {
                state.errors["item\(index)"] = "Choose an answer for \"\(items[index].text)\""
            }
        }
        guard state.isValid else { return try await renderPulse(request, pair: pair, state: state, status: .unprocessableEntity) }
        let answer = PulseAnswer()
        answer.$match.id = pair.matchID
        answer.checkNumber = current
        answer.$person.id = try pair.me.requireID()
        answer.answers = answers
        answer.score = RelationshipPulse.score(answers, items: items)
        answer.answeredAt = now
        // Visible only if the page said so and the programme still says so: never more than the student was told.
        answer.answersVisible = state["told"] == "answers" && pair.match.programme.pulseAnswersVisible
        try await refusingContention("You have already answered this check.") { try await answer.create(on: request.db) }
        return request.redirect(to: SiteRoute.pair(pair.matchID, .pulse).path(with: .saved), redirectType: .normal)
    }
}
