import Fluent
import Plot
import Vapor

/// The coordinator's check-ins: the school's "needs a check-in" list, and for one pair its check-ins, recording one,
/// and snoozing its flags with a reason until a date.
struct CheckInController: RouteCollection {
    static let noteMaxLength = 1_000
    static let nextStepMaxLength = 300
    static let reasonMaxLength = 300
    static let longestSnoozeDays = 90

    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.checkIns, use: list)
        coordinator.get(.matchCheckIns, use: page)
        coordinator.post(.matchCheckIns, use: record)
        coordinator.post(.snoozeMatch, use: snooze)
        coordinator.post(.endSnooze, use: endSnooze)
    }

    func list(_ request: Request) async throws -> Response {
        let model = try await CheckInListModel.load(school: try request.requireSchool().requireID(), page: Pagination.page(of: request),
                                                    now: request.now, kept: request.application.keptFigures, on: request.db)
        let notice: String? = switch request.notice {
        case .recorded: "Check-in recorded."
        case .snoozed: "Snoozed: the pair are off the list until the date you chose."
        case .unsnoozed: "The pair are back on the list."
        default: nil
        }
        return Layout.page("Needs a check-in", for: request, Layout.notice(notice), CheckInListView.body(model, time: request.schoolTime))
    }

    func page(_ request: Request) async throws -> Response {
        var state = FormState()
        state.values = ["with_whom": CheckInWith.both.rawValue, "how": CheckInHow.inPerson.rawValue,
                        "checked_on": request.schoolTime.dayID(request.now)]
        return try await render(request, match: try await schoolMatch(request), state: state)
    }

    private func render(_ request: Request, match: MentoringMatch, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await MatchCheckInsModel.load(match, notes: request.notes, now: request.now, kept: request.application.keptFigures, on: request.db)
        if !model.checkIns.isEmpty || model.snooze != nil {
            // Coordinators' notes about a pair are read here only, and each read is logged.
            try await request.audit.record("read check-in notes", subject: "match \(try match.requireID())", by: try request.requirePerson(),
                                           schoolID: match.$school.id, on: request.db)
        }
        return Layout.page("Check-ins: \(match.mentee.fullName) and \(match.mentor.fullName)", for: request, status: status,
                           MatchCheckInsView.body(model, form: state, csrf: try await request.csrfToken(), time: request.schoolTime))
    }

    private func schoolMatch(_ request: Request) async throws -> MentoringMatch {
        let school = try request.requireSchool()
        return try await request.record("match", MentoringMatch.self, notFound: "There is no such match in your school.") {
            try $0.filter(\.$school.$id == school.requireID()).withPair()
        }
    }

    func record(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let match = try await schoolMatch(request)
        guard MatchState.open.contains(match.state) else {
            throw Abort(.conflict, reason: "This match has ended (\(match.state.title.lowercased())): there is no pair to check in with.")
        }
        var state = try request.formState()
        let time = request.schoolTime
        let withWhom = state.requireChoice("with_whom", label: "who you talked with", as: CheckInWith.self)
        let how = state.requireChoice("how", label: "how you talked", as: CheckInHow.self)
        let checkedOn = time.date(day: state["checked_on"], time: "00:00")
        if checkedOn == nil {
            state.errors["checked_on"] = "Enter the day as a date, like \(time.dayID(request.now))."
        } else if let checkedOn, checkedOn > time.startOfDay(request.now) {
            state.errors["checked_on"] = "A check-in is recorded once it has happened: choose today or an earlier day."
        } else if let checkedOn, checkedOn < time.startOfDay(match.createdAt) {
            state.errors["checked_on"] = "That day is before this match was made."
        }
        let note = state.requireText("note", label: "a short note of what you talked about", maxLength: Self.noteMaxLength)
        let nextStep = state.optionalText("next_step", label: "the next step", maxLength: Self.nextStepMaxLength)
        guard state.isValid, let withWhom, let how, let checkedOn, let note else {
            return try await render(request, match: match, state: state, status: .unprocessableEntity)
        }
        let checkIn = PairCheckIn()
        checkIn.$school.id = match.$school.id
        checkIn.$match.id = try match.requireID()
        checkIn.$coordinator.id = try coordinator.requireID()
        (checkIn.withWhom, checkIn.how, checkIn.checkedOn, checkIn.recordedAt) = (withWhom, how, checkedOn, request.now)
        try request.notes.seal(note, into: checkIn, \.$noteSealed)
        try request.notes.seal(nextStep, into: checkIn, \.$nextStepSealed)
        try await request.db.transaction { database in
            try await checkIn.create(on: database)
            try await request.audit.record("recorded check-in", subject: "match \(checkIn.$match.id) on \(time.dayID(checkedOn))",
                                           by: coordinator, schoolID: match.$school.id, on: database)
        }
        return request.redirect(to: SiteRoute.checkIns.path(with: .recorded), redirectType: .normal)
    }

    func snooze(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let match = try await schoolMatch(request)
        guard match.state == .active else {
            throw Abort(.conflict, reason: "Only an active pair has flags to snooze; this match is \(match.state.title.lowercased()).")
        }
        var state = try request.formState()
        let time = request.schoolTime
        let today = time.startOfDay(request.now)
        let until = time.date(day: state["until"], time: "00:00")
        if until == nil {
            state.errors["until"] = "Enter the day the pair come back on the list, like \(time.dayID(today.addingTimeInterval(14 * 86_400)))."
        } else if let until, until <= today {
            state.errors["until"] = "Choose a day after today."
        } else if let until, until > today.addingTimeInterval(Double(Self.longestSnoozeDays) * 86_400 + 3_600) {
            state.errors["until"] = "Snooze for at most \(Self.longestSnoozeDays) days: a pair should not drop out of sight for longer."
        }
        let reason = state.requireText("reason", label: "why the flags can wait", maxLength: Self.reasonMaxLength)
        guard state.isValid, let until, let reason else {
            return try await render(request, match: match, state: state, status: .unprocessableEntity)
        }
        let snooze = FlagSnooze()
        snooze.$school.id = match.$school.id
        snooze.$match.id = try match.requireID()
        snooze.$by.id = try coordinator.requireID()
        (snooze.until, snooze.createdAt) = (until, request.now)
        try request.notes.seal(reason, into: snooze, \.$reasonSealed)
        try await request.db.transaction { database in
            // One snooze at a time: a new one replaces the one running.
            try await FlagSnooze.query(on: database).filter(\.$match.$id == snooze.$match.id).filter(\.$endedAt == nil)
                .filter(\.$until > request.now).set(\.$endedAt, to: request.now).update()
            try await snooze.create(on: database)
            try await request.audit.record("snoozed flags", subject: "match \(snooze.$match.id) until \(time.dayID(until))",
                                           by: coordinator, schoolID: match.$school.id, on: database)
        }
        return request.redirect(to: SiteRoute.checkIns.path(with: .snoozed), redirectType: .normal)
    }

    func endSnooze(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let match = try await schoolMatch(request)
        let matchID = try match.requireID()
        try await request.db.transaction { database in
            let running = try await FlagSnooze.query(on: database).filter(\.$match.$id == matchID).filter(\.$endedAt == nil)
                .filter(\.$until > request.now).all()
            guard !running.isEmpty else { throw Abort(.conflict, reason: "This pair is not snoozed: they are on the list already.") }
            for snooze in running {
                snooze.endedAt = request.now
                try await snooze.update(on: database)
            }
            try await request.audit.record("ended snooze", subject: "match \(matchID)", by: coordinator, schoolID: match.$school.id, on: database)
        }
        return request.redirect(to: SiteRoute.checkIns.path(with: .unsnoozed), redirectType: .normal)
    }
}
