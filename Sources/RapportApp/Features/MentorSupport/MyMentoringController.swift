import Fluent
import Plot
import Vapor

/// A mentor's own support: a monthly wellbeing check-in (theirs, shared with their coordinator only when they say),
/// "I need help with my mentoring", the group supervision sessions coming up, and what they have done, with a
/// certificate to print.
struct MyMentoringController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let mentors = routes.grouped(RoleGuard(roles: [.mentor]))
        mentors.get(.myMentoring, use: page)
        mentors.post(.myMentoringWellbeing, use: checkIn)
        mentors.post(.myMentoringHelp, use: askForHelp)
        mentors.get(.myMentoringCertificate, use: certificate)
    }

    /// The page's data: this month's check-in if done, earlier ones, open help requests, sessions ahead, the record.
    struct Model {
        let mentor: Person
        let month: String
        let thisMonth: MentorWellbeing?
        let earlier: [(check: MentorWellbeing, note: String?)]
        let waitingHelp: Int
        let sessions: [SupervisionSession]
        let record: MentoringRecord

        static func load(_ request: Request) async throws -> Model {
            let mentor = try request.requirePerson()
            let mentorID = try mentor.requireID()
            let month = String(request.schoolTime.dayID(request.now).prefix(7))
            let checks = try await MentorWellbeing.query(on: request.db).filter(\.$person.$id == mentorID).sort(\.$answeredAt, .descending).all()
            let sessions = try await SupervisionSession.query(on: request.db).filter(\.$school.$id == request.requireSchool().requireID())
                .filter(\.$startsAt > request.now).sort(\.$startsAt).all()
            return Model(
                mentor: mentor, month: month, thisMonth: checks.first { $0.month == month },
                earlier: try checks.map { ($0, try request.notes.open($0, \.$noteSealed)) },
                waitingHelp: try await MentorHelpRequest.query(on: request.db).filter(\.$person.$id == mentorID).filter(\.$answeredAt == nil).count(),
                sessions: sessions, record: try await MentoringRecord.of([mentorID], on: request.db)[mentorID]!)
        }
    }

    func page(_ request: Request) async throws -> Response {
        let notice: String? = switch request.notice {
        case .saved: "Thanks for checking in."
        case .sent: "Your coordinator has been told you'd like help. They'll find you soon."
        default: nil
        }
        return try await render(request, state: FormState(), notice: notice)
    }

    private func render(_ request: Request, state: FormState, notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await Model.load(request)
        let csrf = try await request.csrfToken()
        let time = request.schoolTime
        return Layout.page(
            "My mentoring", for: request, status: status,
            Layout.notice(notice),
            FormField.errorSummary(state),
            recordCard(model.record),
            wellbeingCard(model, state: state, csrf: csrf, time: time),
            helpCard(model, state: state, csrf: csrf),
            .section(.class("card"), .attribute(named: "aria-labelledby", value: "sessions"),
                .h2(.id("sessions"), "Group supervision"),
                .p(.class("hint"), "Time with your coordinator and the other mentors, to share what works and what's hard. Nobody's private words are shared there."),
                model.sessions.isEmpty ? .p("No session booked yet.")
                    : .ul(.forEach(model.sessions) { .li(.text("\(time.slotText($0.startsAt, $0.startsAt.addingTimeInterval(Double($0.minutes) * 60))): \($0.topic)")) }))
        )
    }

    private func recordCard(_ record: MentoringRecord) -> Node<HTML.BodyContext> {
        .section(.class("card"), .attribute(named: "aria-labelledby", value: "done"),
            .h2(.id("done"), "What you've done"),
            FormField.facts([
                ("Mentored", record.mentees.isEmpty ? "Nobody yet" : record.mentees.joined(separator: ", ")),
                ("Meetings held", String(record.meetingsHeld)),
                ("Time mentoring", record.hoursText),
                ("Supervision sessions", String(record.sessionsAttended)),
                ("Training", record.trainingFinished ? "Finished" : "Not finished yet"),
            ]),
            .p(.a(.href(SiteRoute.myMentoringCertificate.path), "Your certificate to print")))
    }

    private func wellbeingCard(_ model: Model, state: FormState, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
        .section(.class("card"), .attribute(named: "aria-labelledby", value: "wellbeing"),
            .h2(.id("wellbeing"), "How are you doing?"),
            .p(.class("hint"), "Once a month, for you. Only you see it, unless you choose to share it with your coordinator."),
            .unwrap(model.thisMonth) { check in
                .group(
                    .p(.text("This month: \(check.feeling.title.lowercased()), and mentoring feels \(check.load.title.lowercased())."
                             + (check.sharedWithCoordinator ? " Shared with your coordinator." : " Kept to yourself."))),
                    .if(check.suggestsHelp, .p(.class("notice info"),
                        "That sounds hard. Talking helps: ask for help with your mentoring below, or talk to someone you trust. If someone could be at risk, use I'm worried at the top of the page.")))
            },
            .if(model.thisMonth == nil, .form(.method(.post), .action(SiteRoute.myMentoringWellbeing.path),
                FormField.csrf(csrf),
                FormField.radios("feeling", legend: "How are you feeling in yourself?", state: state,
                                 options: MentorWellbeing.Feeling.allCases.map { (String($0.rawValue), $0.title) }),
                FormField.radios("load", legend: "How is mentoring feeling?", state: state,
                                 options: MentorWellbeing.Load.allCases.map { ($0.rawValue, $0.title) }),
                FormField.textArea("note", label: "Anything else (optional)", state: state,
                                   hint: "Up to \(MentorWellbeing.noteMaxLength) characters.", maxLength: MentorWellbeing.noteMaxLength),
                FormField.checkbox("share", label: "Share this with my coordinator", state: state),
                .div(.class("actions"), .button(.type(.submit), "Save my check-in")))),
            .if(model.earlier.count > (model.thisMonth == nil ? 0 : 1), .details(.summary("Your earlier check-ins"),
                .ul(.forEach(model.earlier.filter { $0.check.month != model.month }) { item in
                    .li(.text("\(item.check.month): \(item.check.feeling.title), mentoring \(item.check.load.title.lowercased())"
                              + (item.note.map { ". \($0)" } ?? "")))
                }))))
    }

    private func helpCard(_ model: Model, state: FormState, csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("card"), .attribute(named: "aria-labelledby", value: "help"),
            .h2(.id("help"), "I need help with my mentoring"),
            .p(.class("hint"), "Stuck, worried you're getting it wrong, or carrying too much? Your coordinator reads this and comes to find you. If someone could be at risk, use I'm worried instead."),
            .if(model.waitingHelp > 0, .p(.text("Your coordinator hasn't talked with you about your last request yet."))),
            .form(.method(.post), .action(SiteRoute.myMentoringHelp.path),
                  FormField.csrf(csrf),
                  FormField.textArea("help", label: "What would help?", state: state,
                                     hint: "Only your coordinator reads this. Up to \(MentorHelpRequest.textMaxLength) characters.",
                                     maxLength: MentorHelpRequest.textMaxLength),
                  .div(.class("actions"), .button(.type(.submit), .class("secondary"), "Ask my coordinator"))))
    }

    func checkIn(_ request: Request) async throws -> Response {
        let mentor = try request.requirePerson()
        var state = try request.formState()
        let feeling = state.requireInt("feeling", label: "how you're feeling", among: MentorWellbeing.Feeling.allCases.map(\.rawValue))
            .flatMap(MentorWellbeing.Feeling.init(rawValue:))
        let load = state.requireChoice("load", label: "how mentoring is feeling", as: MentorWellbeing.Load.self)
        let note = state.optionalText("note", label: "anything else", maxLength: MentorWellbeing.noteMaxLength)
        guard state.isValid, let feeling, let load else { return try await render(request, state: state, status: .unprocessableEntity) }
        let check = MentorWellbeing()
        (check.$person.id, check.$school.id) = (try mentor.requireID(), try request.requireSchool().requireID())
        (check.month, check.feeling, check.load) = (String(request.schoolTime.dayID(request.now).prefix(7)), feeling, load)
        (check.sharedWithCoordinator, check.answeredAt) = (state["share"] == "yes", request.now)
        try request.notes.seal(note, into: check, \.$noteSealed)
        do {
            try await request.db.transaction { database in
                try await check.create(on: database)
                if check.sharedWithCoordinator {
                    try await AppNotification.sendToCoordinators(of: check.$school.id, "A mentor shared their monthly check-in with you.",
                                                                 link: .mentorSupport, at: request.now, on: database)
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "You've already checked in this month. The next one opens at the start of next month.")
        }
        return request.redirect(to: SiteRoute.myMentoring.path(with: .saved), redirectType: .normal)
    }

    func askForHelp(_ request: Request) async throws -> Response {
        let mentor = try request.requirePerson()
        var state = try request.formState()
        guard let text = state.requireText("help", label: "what would help", maxLength: MentorHelpRequest.textMaxLength) else {
            return try await render(request, state: state, status: .unprocessableEntity)
        }
        let ask = MentorHelpRequest()
        (ask.$person.id, ask.$school.id, ask.askedAt) = (try mentor.requireID(), try request.requireSchool().requireID(), request.now)
        try request.notes.seal(text, into: ask, \.$textSealed)
        try await request.db.transaction { database in
            try await ask.create(on: database)
            // The notification says only that a mentor asked; the words are on the coordinator's page.
            try await AppNotification.sendToCoordinators(of: ask.$school.id, "A mentor asked for help with their mentoring.",
                                                         link: .mentorSupport, at: request.now, on: database)
        }
        return request.redirect(to: SiteRoute.myMentoring.path(with: .sent), redirectType: .normal)
    }

    func certificate(_ request: Request) async throws -> Response {
        let mentor = try request.requirePerson()
        let record = try await MentoringRecord.of([try mentor.requireID()], on: request.db)[try mentor.requireID()]!
        return Layout.page("Certificate of peer mentoring", for: request, MentoringCertificate.body(mentor: mentor, record: record,
                                                                                                    school: try request.requireSchool().name))
    }
}

/// The printable certificate: what the mentor did, in a frame that prints on one page.
enum MentoringCertificate {
    static func body(mentor: Person, record: MentoringRecord, school: String) -> Node<HTML.BodyContext> {
        .div(.class("card certificate"),
             .p(.class("lead"), .text(school)),
             .h2(.text(mentor.fullName)),
             .p(.text(record.mentees.isEmpty
                 ? "has trained as a peer mentor" + (record.schoolYears.isEmpty ? "." : " in \(record.schoolYears.joined(separator: " and ")).")
                 : "has been a peer mentor to \(record.mentees.count == 1 ? "a younger student" : "\(record.mentees.count) younger students")"
                     + (record.schoolYears.isEmpty ? "" : " in \(record.schoolYears.joined(separator: " and "))") + ".")),
             FormField.facts([
                 ("Meetings held", String(record.meetingsHeld)),
                 ("Time mentoring", record.hoursText),
                 ("Group supervision sessions", String(record.sessionsAttended)),
                 ("Mentor training", record.trainingFinished ? "Finished" : "In progress"),
             ]),
             .p("For listening, turning up, and helping someone younger find their feet. Thank you."),
             .p(.class("hint no-print"), "Print it with Ctrl+P or ⌘P, or save it as a PDF."))
    }
}
