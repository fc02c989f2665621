import Fluent
import Plot
import SQLKit
import Vapor

/// The coordinator's side of supporting mentors: help requests (open first), the check-ins mentors chose to share,
/// group supervision sessions with who came, and what each mentor has done.
struct MentorSupportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.mentorSupport, use: page)
        coordinator.post(.mentorHelpAnswered, use: answered)
        coordinator.post(.supervisionSessions, use: schedule)
        coordinator.post(.supervisionAttendance, use: attendance)
    }

    static let sessionMinutes = [30, 45, 60, 90]

    struct Model {
        let help: [(ask: MentorHelpRequest, text: String, mentor: Person)]
        let shared: [(check: MentorWellbeing, note: String?, mentor: Person)]
        let sessions: [(session: SupervisionSession, came: Set<UUID>)]
        let mentors: [Person]
        let records: [UUID: MentoringRecord]

        static func load(_ request: Request) async throws -> Model {
            let schoolID = try request.requireSchool().requireID()
            let notes = request.notes
            // Every request still waiting, then the latest ones talked about.
            let waiting = try await MentorHelpRequest.query(on: request.db).filter(\.$school.$id == schoolID).filter(\.$answeredAt == nil)
                .with(\.$person).sort(\.$askedAt, .descending).all()
            let talked = try await MentorHelpRequest.query(on: request.db).filter(\.$school.$id == schoolID).filter(\.$answeredAt != nil)
                .with(\.$person).sort(\.$askedAt, .descending).range(..<30).all()
            let shared = try await MentorWellbeing.query(on: request.db).filter(\.$school.$id == schoolID).filter(\.$sharedWithCoordinator == true)
                .with(\.$person).sort(\.$answeredAt, .descending).range(..<50).all()
            let sessions = try await SupervisionSession.query(on: request.db).filter(\.$school.$id == schoolID).sort(\.$startsAt, .descending)
                .range(..<20).all()
            let came = try await SupervisionAttendance.query(on: request.db).filter(\.$session.$id ~~ sessions.compactMap(\.id)).all()
            let mentors = try await Person.query(on: request.db).filter(\.$school.$id == schoolID).filter(\.$role == .mentor)
                .filter(\.$isActive == true).sort(\.$familyName).sort(\.$givenName).all()
            return Model(
                help: try (waiting + talked).map { ($0, try notes.open($0, \.$textSealed), $0.person) },
                shared: try shared.map { ($0, try notes.open($0, \.$noteSealed), $0.person) },
                sessions: sessions.map { session in (session, Set(came.filter { $0.$session.id == session.id }.map(\.$person.id))) },
                mentors: mentors, records: try await MentoringRecord.of(mentors.compactMap(\.id), on: request.db))
        }
    }

    func page(_ request: Request) async throws -> Response {
        try await render(request, state: FormState(), notice: request.notice == .saved ? "Saved." : nil)
    }

    private func render(_ request: Request, state: FormState, notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await Model.load(request)
        // Mentors' own words are on this page: each view is audited.
        try await request.audit.record("viewed mentor support", subject: "\(model.help.count) help requests, \(model.shared.count) shared check-ins",
                                       by: try request.requirePerson(), schoolID: try request.requireSchool().id, on: request.db)
        let csrf = try await request.csrfToken()
        let view = MentorSupportView(model: model, csrf: csrf, time: request.schoolTime, now: request.now)
        return Layout.page("Mentor support", for: request, status: status, wide: true,
                           Layout.notice(notice), FormField.errorSummary(state), view.body(state: state))
    }

    func answered(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let schoolID = try request.requireSchool().requireID()
        let ask = try await request.record("request", MentorHelpRequest.self, notFound: "There is no such request in your school.") {
            $0.filter(\.$school.$id == schoolID)
        }
        // One conditional update: of two coordinators pressing at once, one records it and the other is told.
        guard let sql = request.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let recorded = try await sql.update(MentorHelpRequest.schema)
            .set("answered_at", to: SQLBind(request.now)).set("answered_by_id", to: SQLBind(try coordinator.requireID()))
            .where("id", .equal, SQLBind(try ask.requireID())).where("answered_at", .is, SQLLiteral.null)
            .returning("id").all()
        guard recorded.count == 1 else { throw Abort(.conflict, reason: "Someone has already talked with them about this.") }
        return request.redirect(to: SiteRoute.mentorSupport.path(with: .saved), redirectType: .normal)
    }

    func schedule(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        var state = try request.formState()
        let time = request.schoolTime
        let startsAt = time.date(day: state["day"], time: state["time"])
        if startsAt == nil { state.errors["day"] = "Enter the day and time, like 2026-12-08 at 13:00." }
        if let startsAt, startsAt <= request.now { state.errors["day"] = "Choose a time still to come." }
        let minutes = state.requireInt("minutes", label: "how long", among: Self.sessionMinutes)
        let topic = state.requireText("topic", label: "a topic", maxLength: SupervisionSession.topicMaxLength)
        guard state.isValid, let startsAt, let minutes, let topic else { return try await render(request, state: state, status: .unprocessableEntity) }
        let session = SupervisionSession()
        (session.$school.id, session.startsAt, session.minutes, session.topic) = (try request.requireSchool().requireID(), startsAt, minutes, topic)
        (session.createdByID, session.createdAt) = (try coordinator.requireID(), request.now)
        let mentorIDs = try await Person.query(on: request.db).filter(\.$school.$id == session.$school.id).filter(\.$role == .mentor)
            .filter(\.$isActive == true).all().compactMap(\.id)
        try await request.db.transaction { database in
            try await session.create(on: database)
            try await AppNotification.send("Group supervision for mentors: \(time.slotText(startsAt, startsAt.addingTimeInterval(Double(minutes) * 60))).",
                                           link: .myMentoring, to: mentorIDs, at: request.now, on: database)
        }
        return request.redirect(to: SiteRoute.mentorSupport.path(with: .saved) + "#sessions", redirectType: .normal)
    }

    func attendance(_ request: Request) async throws -> Response {
        let schoolID = try request.requireSchool().requireID()
        let session = try await request.record("session", SupervisionSession.self, notFound: "There is no such session in your school.") {
            $0.filter(\.$school.$id == schoolID)
        }
        guard session.startsAt <= request.now else { throw Abort(.conflict, reason: "Record who came once the session has started.") }
        let state = try request.formState()
        let mentorIDs = Set(try await Person.query(on: request.db).filter(\.$school.$id == schoolID).filter(\.$role == .mentor).all().compactMap(\.id))
        let came = Set((state.lists[MentorSupportView.cameField(session)] ?? []).compactMap(UUID.init(uuidString:)))
        guard came.isSubset(of: mentorIDs) else { throw Abort(.unprocessableEntity, reason: "Tick only mentors of your school.") }
        try await request.db.transaction { database in
            try await SupervisionAttendance.query(on: database).filter(\.$session.$id == session.requireID()).delete()
            for mentor in came {
                let row = SupervisionAttendance()
                (row.$session.id, row.$person.id, row.recordedAt) = (try session.requireID(), mentor, request.now)
                try await row.create(on: database)
            }
        }
        return request.redirect(to: SiteRoute.mentorSupport.path(with: .saved) + "#sessions", redirectType: .normal)
    }
}

/// The mentor support page, drawn from its model.
struct MentorSupportView {
    let model: MentorSupportController.Model
    let csrf: String
    let time: SchoolTime
    let now: Date

    func body(state: FormState) -> Node<HTML.BodyContext> {
        .group(help, shared, sessions(state: state), records)
    }

    private var help: Node<HTML.BodyContext> {
        .section(.attribute(named: "aria-labelledby", value: "help"),
            .h2(.id("help"), "Mentors asking for help"),
            model.help.isEmpty ? .p("No mentor has asked for help.") : .div(.forEach(model.help) { item in
                .div(.class("card"),
                    .p(.strong(.text(item.mentor.fullName)), .text(", \(time.stampText(item.ask.askedAt))"),
                       .text(item.ask.answeredAt.map { " · talked with them \(time.dateText($0))" } ?? "")),
                    .p(.class("concern-text"), .text(item.text)),
                    .if(item.ask.answeredAt == nil, .form(.method(.post), .action(SiteRoute.mentorHelpAnswered(item.ask.id!).path),
                        FormField.csrf(csrf), .button(.type(.submit), .class("secondary"), "I've talked with them"))))
            }))
    }

    private var shared: Node<HTML.BodyContext> {
        .section(.attribute(named: "aria-labelledby", value: "checks"),
            .h2(.id("checks"), "Check-ins mentors shared with you"),
            .p(.class("hint"), "Mentors check in with themselves once a month; you see only those they chose to share."),
            model.shared.isEmpty ? .p("None shared yet.") : .ul(.forEach(model.shared) { item in
                .li(.strong(.text(item.mentor.fullName)),
                    .text(" (\(item.check.month)): feeling \(item.check.feeling.title.lowercased()), mentoring \(item.check.load.title.lowercased())"
                          + (item.note.map { ". \($0)" } ?? "")),
                    .if(item.check.suggestsHelp, .span(.class("badge"), " worth a chat")))
            }))
    }

    private func sessions(state: FormState) -> Node<HTML.BodyContext> {
        .section(.attribute(named: "aria-labelledby", value: "sessions"),
            .h2(.id("sessions"), "Group supervision"),
            .form(.method(.post), .action(SiteRoute.supervisionSessions.path), .class("card"),
                  .h3("Book a session"),
                  FormField.csrf(csrf),
                  FormField.text("day", label: "Day", state: state, type: .date, required: true),
                  FormField.text("time", label: "Time", state: state, type: .time, required: true),
                  FormField.select("minutes", label: "How long", state: state,
                                   options: MentorSupportController.sessionMinutes.map { (String($0), "\($0) minutes") }),
                  FormField.text("topic", label: "Topic", state: state, hint: "For example: when your mentee goes quiet. No names.",
                                 maxLength: SupervisionSession.topicMaxLength, required: true),
                  .div(.class("actions"), .button(.type(.submit), "Book the session"))),
            model.sessions.isEmpty ? .p("No sessions yet.") : .group(.forEach(model.sessions) { item in sessionCard(item.session, came: item.came) }))
    }

    private func sessionCard(_ session: SupervisionSession, came: Set<UUID>) -> Node<HTML.BodyContext> {
        let slot = time.slotText(session.startsAt, session.startsAt.addingTimeInterval(Double(session.minutes) * 60))
        return .div(.class("card"),
            .h3(.text("\(slot): \(session.topic)")),
            session.startsAt > now ? .p(.class("hint"), .text("Mentors have been told. Record who came once it has started."))
                : .form(.method(.post), .action(SiteRoute.supervisionAttendance(session.id!).path),
                        FormField.csrf(csrf),
                        FormField.checkboxes(Self.cameField(session), legend: "Who came (\(came.count))",
                                             state: FormState(lists: [Self.cameField(session): Set(came.map { $0.uuidString.lowercased() })]),
                                             options: model.mentors.map { ($0.id!.uuidString.lowercased(), $0.fullName) }),
                        .button(.type(.submit), .class("secondary"), "Save who came")))
    }

    /// Each session's own field name, so the boxes of several sessions on one page have ids of their own.
    static func cameField(_ session: SupervisionSession) -> String { "came-" + String(session.id!.uuidString.lowercased().prefix(8)) }

    private var records: Node<HTML.BodyContext> {
        .section(.attribute(named: "aria-labelledby", value: "recognition"),
            .h2(.id("recognition"), "What mentors have done"),
            .p(.class("hint"), "Each mentor can print a certificate of this from My mentoring."),
            .div(.class("table-wrap"), .table(.class("stack"),
                .thead(.tr(.th("Mentor"), .th("Mentees"), .th("Meetings held"), .th("Time mentoring"), .th("Supervision sessions"))),
                .tbody(.forEach(model.mentors) { mentor in
                    let record = model.records[mentor.id!]
                    return .tr(.td(.attribute(named: "data-label", value: "Mentor"), .text(mentor.fullName)),
                               .td(.attribute(named: "data-label", value: "Mentees"), .text(String(record?.mentees.count ?? 0))),
                               .td(.attribute(named: "data-label", value: "Meetings held"), .text(String(record?.meetingsHeld ?? 0))),
                               .td(.attribute(named: "data-label", value: "Time mentoring"), .text(record?.hoursText ?? "0 hours")),
                               .td(.attribute(named: "data-label", value: "Supervision sessions"), .text(String(record?.sessionsAttended ?? 0))))
                }))))
    }
}
