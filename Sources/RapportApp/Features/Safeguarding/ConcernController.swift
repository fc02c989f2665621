import Fluent
import Plot
import Vapor

/// The safeguarding lead's record: new concerns first, each read recorded, acknowledged, added to (addenda,
/// decisions with their category, actions), linked to a student, closed once a decision is recorded; and a
/// chronology per student. Concerns of the lead's own school only; a coordinator never reads them.
struct ConcernController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let leads = routes.grouped(RoleGuard(roles: [.safeguardingLead], auditRefusalsAs: "refused concern access"))
        leads.get(.concerns, use: list)
        leads.get(.concern, use: show)
        leads.post(.concernAction, use: act)
        leads.get(.chronology, use: chronology)
    }

    static let entryMaxLength = 5000

    func list(_ request: Request) async throws -> Response {
        let school = try request.requireSchool()
        let concerns = try await Concern.query(on: request.db).filter(\.$school.$id == school.requireID())
            .with(\.$raisedBy).with(\.$student).sort(\.$raisedAt, .descending).all()
        let order: [ConcernStatus: Int] = [.new: 0, .acknowledged: 1, .closed: 2]
        let sorted = concerns.sorted { order[$0.status]! < order[$1.status]! }
        let undelivered = try await OutboxMessage.query(on: request.db).filter(\.$deliveredAt == nil).filter(\.$kind == .alert)
            .join(Person.self, on: \OutboxMessage.$person.$id == \Person.$id).filter(Person.self, \.$school.$id == school.requireID())
            .with(\.$person).sort(\.$createdAt).all()
        let time = request.schoolTime
        return Layout.page(
            "Concerns", for: request,
            .p(.class("lead"), "New concerns come first. Opening one is recorded in the audit log."),
            sorted.isEmpty ? .p("No concern has been raised yet.") : .ul(.class("concerns"), .forEach(sorted) { concern in
                .li(.class("concern \(concern.status.rawValue)"),
                    .a(.href(SiteRoute.concern(concern.id!).path),
                       .text("\(concern.status.title): raised \(time.stampText(concern.raisedAt)) by \(concern.raisedBy.fullName)")),
                    .unwrap(concern.student) { .text(" · about \($0.fullName)") },
                    .if(concern.escalatedAt != nil && concern.acknowledgedAt == nil, .strong(.class("overdue"), " · overdue")),
                    .if(concern.dangerNow && concern.status == .new, .strong(" · said someone may be in danger now")))
            }),
            .if(!undelivered.isEmpty, .section(
                .h2("E-mails not delivered yet"),
                .p(.class("hint"), "Alerts are tried again, each time after a longer wait, until the mail command takes them."),
                .ul(.forEach(undelivered) { message in
                    .li(.text("To \(message.person.fullName), queued \(time.stampText(message.createdAt)), \(message.attempts) tries: \(message.lastProblem ?? "not tried yet")"))
                })))
        )
    }

    /// A concern of the lead's school, or 404.
    static func concern(_ request: Request) async throws -> Concern {
        let school = try request.requireSchool()
        let concern = try await request.record("concern", Concern.self, notFound: "There is no such concern in your school.") {
            try $0.filter(\.$school.$id == school.requireID()).with(\.$raisedBy).with(\.$student)
        }
        return concern
    }

    func show(_ request: Request) async throws -> Response {
        let concern = try await Self.concern(request)
        try await request.audit.record("read concern", subject: "concern \(try concern.requireID())", by: try request.requirePerson(),
                                       schoolID: concern.$school.id, on: request.db)
        return try await render(request, concern: concern, state: FormState())
    }

    private func render(_ request: Request, concern: Concern, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await ConcernPage.load(request, concern: concern)
        return Layout.page("Concern", for: request, status: status, ConcernPage.view(page, state: state, csrf: try await request.csrfToken(), time: request.schoolTime))
    }

    func act(_ request: Request) async throws -> Response {
        let concern = try await Self.concern(request)
        let action = try request.action(ConcernAction.self)
        let context = ConcernActionContext(request: request, lead: try request.requirePerson(), concern: concern, concernID: try concern.requireID(),
                                           now: request.now, state: try request.formState(), action: action) { state in
            try await render(request, concern: concern, state: state, status: .unprocessableEntity)
        }
        let refused: Response? = switch action {
        case .acknowledge: try await acknowledge(context)
        case .entries: try await addEntry(context)
        case .student: try await linkStudent(context)
        case .share: try await share(context)
        case .pauseMatch: try await pauseMatch(context)
        case .hold, .liftHold: try await hold(context)
        case .restrictPair, .liftRestriction: try await restrictPair(context)
        case .close: try await close(context)
        }
        return try refused ?? request.redirect(to: SiteRoute.concern(concern.requireID()).path, redirectType: .normal)
    }

    /// Every concern linked to one student, newest first, with what was added to each: the page a lead prints.
    func chronology(_ request: Request) async throws -> Response {
        let school = try request.requireSchool()
        let student = try await request.record("student", Person.self, notFound: "There is no such student in your school.") {
            try $0.filter(\.$school.$id == school.requireID()).filter(\.$role ~~ [.mentor,.mentee])
        }
        let concerns = try await Concern.query(on: request.db).filter(\.$student.$id == student.requireID())
            .with(\.$raisedBy).with(\.$student).sort(\.$raisedAt, .descending).all()
        try await request.audit.record("read chronology", subject: "student \(try student.requireID())", by: try request.requirePerson(),
                                       schoolID: school.id, on: request.db)
        var pages: [ConcernRecord] = []
        for concern in concerns { pages.append(try await ConcernRecord.load(request, concern: concern)) }
        let time = request.schoolTime
        return Layout.page(
            "Chronology: \(student.fullName)", for: request, wide: true,
            .p(.class("hint no-print"), "Newest first. Print this page for a case file (Ctrl+P or ⌘P)."),
            .p(.class("no-print"), .a(.href(SiteRoute.studentRecord(student.id!).path), .text("Everything Rapport holds about \(student.givenName), for a request to see their data"))),
            pages.isEmpty ? .p("No concern is linked to this student.") : .forEach(pages) { page in
                .section(.class("card"), .h2(.text("Raised \(time.stampText(page.concern.raisedAt)) · \(page.concern.status.title)")),
                         ConcernPage.record(page, time: time))
            }
        )
    }
}
