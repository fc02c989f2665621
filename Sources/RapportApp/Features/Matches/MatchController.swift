import Fluent
import Plot
import Vapor

/// Students see and sign their matches; the coordinator sees all matches and moves them through their life.
struct MatchController: RouteCollection {
    static let questionMaxLength = 500
    static let reasonMaxLength = 500
    static let stopReasonMaxLength = 500

    func boot(routes: any RoutesBuilder) throws {
        let students = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        students.get(.myMatches, use: myMatches)
        students.get(.myMatch, use: myMatch)
        students.post(.signMatch, use: sign)
        students.post(.askAboutMatch, use: ask)
        students.post(.askToStop, use: askToStop)
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.matches, use: list)
        coordinator.get(.matchDetail, use: detail)
        coordinator.post(.moveMatch, use: move)
        coordinator.get(.matchTimeline, use: timeline)
    }

    // MARK: Students

    /// States a student sees; proposals are the coordinator's working material.
    static let visibleToStudents: [MatchState] = [.awaitingAgreement, .active, .paused, .closing, .closed]

    private func studentMatches(_ student: Person, on database: any Database) async throws -> [MentoringMatch] {
        let id = try student.requireID()
        return try await MentoringMatch.query(on: database)
            .group(.or) { $0.filter(\.$mentor.$id == id).filter(\.$mentee.$id == id) }
            .filter(\.$state ~~ Self.visibleToStudents)
            .withPair().sort(\.$createdAt, .descending).all()
    }

    func myMatches(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let matches = try await studentMatches(student, on: request.db)
        if matches.count == 1, let only = matches.first {
            return request.redirect(to: SiteRoute.myMatch(only.id!).path)
        }
        return Layout.page(
            student.role == .mentor ? "My mentees" : "My mentor", for: request,
            matches.isEmpty
                ? .p(.text(student.role == .mentor ? "You haven't been matched yet. Your coordinator will let you know here." : "You haven't got a mentor yet. Your coordinator will let you know here."))
                : .ul(.forEach(matches) { match in
                    let other = match.$mentor.id == student.id ? match.mentee : match.mentor
                    return .li(.a(.href(SiteRoute.myMatch(match.id!).path), .text("\(other.givenName) · \(match.state.title)")))
                })
        )
    }

    /// A match the signed-in student is part of, in a state they may see; anything else is not found.
    private func ownMatch(_ request: Request) async throws -> MentoringMatch {
        let student = try request.requirePerson()
        guard let id = request.parameters.get("match").flatMap(UUID.init(uuidString:)),
              let match = try await studentMatches(student, on: request.db).first(where: { $0.id == id })
        else { throw Abort(.notFound, reason: "There is no such match of yours.") }
        return match
    }

    func myMatch(_ request: Request) async throws -> Response {
        try await renderMine(request, match: try await ownMatch(request), state: FormState())
    }

    private func renderMine(_ request: Request, match: MentoringMatch, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let student = try request.requirePerson()
        let other = match.$mentor.id == student.id ? match.mentee : match.mentor
        let agreement = try await Agreement.query(on: request.db).filter(\.$match.$id == match.requireID()).first()
        let signatures = try await signatures(of: agreement, on: request.db)
        let signedByMe = signatures.contains { $0.$person.id == student.id }
        let signedByOther = signatures.contains { $0.$person.id == other.id }
        let csrf = try await request.csrfToken()
        let common = match.state == .active || match.state == .paused ? try await CommonGround.of(match, viewer: student, on: request.db) : nil
        let started = [.active, .paused, .closing, .closed].contains(match.state)
        let pair = Pair(match: match, me: student, other: other)
        let reminders = started ? try await PairReminders.of(pair, request: request) : []
        let nextMeeting = started ? try await Meeting.query(on: request.db).filter(\.$match.$id == match.requireID())
            .filter(\.$state == .accepted).filter(\.$endsAt > request.now).sort(\.$startsAt).first() : nil
        let time = request.schoolTime
        let notice: String? = switch request.notice {
        case .signed: "You've signed. " + (signedByOther ? "You've both signed: your match is active." : "When \(other.givenName) signs too, your match starts.")
        case .asked: "Your question has gone to your coordinator. They'll get back to you."
        case .stopAsked: "Your coordinator knows, and will talk with you soon. Nothing changes until you've talked."
        default: nil
        }
        return Layout.page(
            match.$mentor.id == student.id ? "You and \(other.givenName)" : "You and \(other.givenName), your mentor", for: request, status: status,
            .if(started, pair.navigation(current: .overview)),
            Layout.notice(notice),
            .p(.class("lead"), .text("Your match is \(match.state.title.lowercased()).")),
            .if(started, .div(.class("card next"),
                .h2("Next meeting"),
                .unwrap(nextMeeting) { meeting in
                    .p(.a(.href(SiteRoute.pair(match.id!, .meeting(meeting.id!)).path), .text(time.slotText(meeting.startsAt, meeting.endsAt)))) },
                .if(nextMeeting == nil, .p(.text(pair.mayWrite ? "Nothing agreed yet." : "No more meetings."))),
                .if(pair.mayWrite, .p(.a(.class("button"), .href(SiteRoute.pair(match.id!, .meetings).path + "#propose"), "Propose a meeting"))),
                PairReminders.list(reminders))),
            .if(pair.mayWrite && [.active, .paused].contains(match.state), .details(
                .summary("I'd like to stop"),
                .form(.method(.post), .action(SiteRoute.askToStop(match.id!).path), .class("card"),
                      FormField.csrf(csrf),
                      .p(.text("It's fine to want to stop. Your coordinator will talk with you first: nothing changes until you've talked, and \(other.givenName) isn't told by Rapport.")),
                      FormField.textArea("stop_reason", label: "Anything you'd like them to know (optional)", state: state,
                                         hint: "Only your coordinator reads this. Up to \(Self.stopReasonMaxLength) characters.", maxLength: Self.stopReasonMaxLength),
                      .div(.class("actions"), .button(.type(.submit), .class("secondary"), "Tell my coordinator"))))),
            .unwrap(common) { CommonGroundView.section($0, first: false) },
            .if(started, .p(.a(.href(SiteRoute.pair(match.id!, .groundRules).path), "Your own ground rules"),
                            .text(", in your words beside the agreement: you can both write and change them."))),
            .unwrap(agreement) { agreement in
                .section(
                    .h2("Your agreement"),
                    // Once both have signed, the words stay one tap away instead of filling the page.
                    signedByMe && signedByOther
                        ? .details(.summary("Read what you both agreed"),
                                   .div(.class("card agreement"), .forEach(agreement.text.components(separatedBy: "\n\n")) { .p(.text($0)) },
                                        .p(.class("hint"), .text("Wording \(agreement.version)."))))
                        : .div(.class("card agreement"), .forEach(agreement.text.components(separatedBy: "\n\n")) { .p(.text($0)) },
                               .p(.class("hint"), .text("Wording \(agreement.version)."))),
                    .p(.text("\(signedByMe ? "You have signed." : "You haven't signed yet.") \(signedByOther ? "\(other.givenName) has signed." : "\(other.givenName) hasn't signed yet.")")),
                    .if(match.state == .awaitingAgreement && !signedByMe, .group(
                        FormField.errorSummary(state),
                        .form(
                            .method(.post), .action(SiteRoute.signMatch(match.id!).path), .class("card"),
                            FormField.csrf(csrf),
                            FormField.checkbox("agree", label: "I've read this and I agree to it", state: state),
                            .unwrap(state.errors["agree"]) { .p(.class("error"), .text($0)) },
                            FormField.text("typed_name", label: "Type your full name to sign", state: state,
                                           hint: "As Rapport knows you: \(student.fullName).", autocomplete: "name", maxLength: 130, required: true),
                            .div(.class("actions"), .button(.type(.submit), "Sign the agreement"))
                        ),
                        .h3("Not sure about something?"),
                        .form(
                            .method(.post), .action(SiteRoute.askAboutMatch(match.id!).path), .class("card"),
                            FormField.csrf(csrf),
                            FormField.textArea("question", label: "Ask your coordinator a question first", state: state,
                                               hint: "Up to \(Self.questionMaxLength) characters. Only your coordinator sees it.", maxLength: Self.questionMaxLength),
                            .div(.class("actions"), .button(.type(.submit), .class("secondary"), "Send my question"))
                        )
                    ))
                )
            }
        )
    }

    private func signatures(of agreement: Agreement?, on database: any Database) async throws -> [AgreementSignature] {
        guard let agreement else { return [] }
        return try await AgreementSignature.query(on: database).filter(\.$agreement.$id == agreement.requireID()).all()
    }

    func sign(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let match = try await ownMatch(request)
        var state = try request.formState()
        guard match.state == .awaitingAgreement,
              let agreement = try await Agreement.query(on: request.db).filter(\.$match.$id == match.requireID()).first() else {
            throw Abort(.conflict, reason: "This agreement isn't waiting for signatures any more.")
        }
        if state["agree"] != "yes" { state.errors["agree"] = "Tick the box to say you agree." }
        let typed = state["typed_name"].trimmingCharacters(in: .whitespaces)
        let normalise = { (text: String) in text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        if typed.isEmpty {
            state.errors["typed_name"] = "Type your full name to sign."
        } else if normalise(typed) != normalise(student.fullName) {
            state.errors["typed_name"] = "Type your full name as Rapport knows it: \(student.fullName)."
        }
        guard state.isValid else { return try await renderMine(request, match: match, state: state, status: .unprocessableEntity) }
        let signature = AgreementSignature()
        signature.$agreement.id = try agreement.requireID()
        signature.$person.id = try student.requireID()
        signature.typedName = typed
        signature.signedAt = request.now
        do {
            try await signature.create(on: request.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "You have already signed this agreement.")
        }
        let other = match.$mentor.id == student.id ? match.mentee : match.mentor
        let count = try await AgreementSignature.query(on: request.db).filter(\.$agreement.$id == agreement.requireID()).count()
        if count == 2 {
            try await MatchTransitions(audit: request.audit).apply(.bothSigned, to: match.requireID(), by: nil, on: request.db)
            try await AppNotification.send("You've both signed: your match is active. See your common ground.", link: .myMatch(match.id!),
                                           to: [match.$mentor.id, match.$mentee.id], at: request.now, on: request.db)
        } else {
            try await AppNotification.send("\(student.givenName) has signed your agreement. Your turn.", link: .myMatch(match.id!),
                                           to: [try other.requireID()], at: request.now, on: request.db)
        }
        return request.redirect(to: SiteRoute.myMatch(try match.requireID()).path(with: .signed), redirectType: .normal)
    }

    func ask(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let match = try await ownMatch(request)
        var state = try request.formState()
        guard let text = state.requireText("question", label: "your question", maxLength: Self.questionMaxLength) else {
            return try await renderMine(request, match: match, state: state, status: .unprocessableEntity)
        }
        let question = AgreementQuestion()
        question.$match.id = try match.requireID()
        question.$person.id = try student.requireID()
        question.text = text
        question.askedAt = request.now
        try await question.create(on: request.db)
        try await AppNotification.sendToCoordinators(of: match.$school.id, "\(student.fullName) has a question about their agreement.",
                                                     link: .matchDetail(match.id!), at: request.now, on: request.db)
        return request.redirect(to: SiteRoute.myMatch(try match.requireID()).path(with: .asked), redirectType: .normal)
    }

    func askToStop(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let match = try await ownMatch(request)
        guard [.active, .paused].contains(match.state) else {
            throw Abort(.conflict, reason: "This match isn't running now, so there is nothing to stop. Talk to your coordinator if something is wrong.")
        }
        var state = try request.formState()
        let text = state.optionalText("stop_reason", label: "what you'd like them to know", maxLength: Self.stopReasonMaxLength)
        guard state.isValid else { return try await renderMine(request, match: match, state: state, status: .unprocessableEntity) }
        let recent = try await StopRequest.query(on: request.db).filter(\.$match.$id == match.requireID())
            .filter(\.$person.$id == student.requireID()).filter(\.$askedAt > request.now.addingTimeInterval(-7 * 86_400)).count()
        guard recent == 0 else { throw Abort(.conflict, reason: "You've already told your coordinator this week. They'll talk with you soon.") }
        let ask = StopRequest()
        (ask.$match.id, ask.$person.id, ask.askedAt) = (try match.requireID(), try student.requireID(), request.now)
        try request.notes.seal(text, into: ask, \.$textSealed)
        try await ask.create(on: request.db)
        // A student asking to stop brings a snoozed pair back onto the check-in list at once.
        try await FlagSnooze.query(on: request.db).filter(\.$match.$id == ask.$match.id).filter(\.$endedAt == nil)
            .filter(\.$until > request.now).set(\.$endedAt, to: request.now).update()
        try await AppNotification.sendToCoordinators(of: match.$school.id, "\(student.fullName) would like to stop their match. Talk with them before anything changes.",
                                                     link: .matchDetail(match.id!), at: request.now, on: request.db)
        return request.redirect(to: SiteRoute.myMatch(try match.requireID()).path(with: .stopAsked), redirectType: .normal)
    }

    // MARK: Coordinator

    func list(_ request: Request) async throws -> Response {
        let model = try await MatchesListModel.load(school: try request.requireSchool(), filter: MatchesListModel.Filter(request),
                                                    now: request.now, kept: request.application.keptFigures, on: request.db)
        return Layout.page("Matches", for: request, wide: true, MatchesListView.body(model))
    }
}
