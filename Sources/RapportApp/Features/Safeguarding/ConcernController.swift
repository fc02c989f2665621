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
        let undelivered = try await OutboxMessage.query(on: request.db).filter(\.$deliveredAt == nil)
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
        let lead = try request.requirePerson()
        let concern = try await Self.concern(request)
        let concernID = try concern.requireID()
        var state = try request.formState()
        let now = request.now
        let action = try request.action(ConcernAction.self)
        switch action {
        case .acknowledge:
            guard concern.acknowledgedAt == nil else { throw Abort(.conflict, reason: "This concern is already acknowledged.") }
            try await request.db.transaction { database in
                concern.acknowledgedAt = now
                concern.acknowledgedByID = lead.id
                try await concern.update(on: database)
                try await request.audit.record("acknowledged concern", subject: "concern \(concernID)", by: lead, schoolID: concern.$school.id, on: database)
                try await AppNotification.send("The safeguarding lead has acknowledged the worry you raised.", link: .worriedReceipt(concernID),
                                               to: [concern.$raisedBy.id], at: now, on: database)
            }
        case .entries:
            guard concern.closedAt == nil else { throw Abort(.conflict, reason: "This concern is closed: nothing more can be added.") }
            let kind = state.requireChoice("kind", label: "what you are adding", as: ConcernEntryKind.self)
            let category = kind == .decision ? state.requireChoice("category", label: "the decision's category", as: ConcernDecision.self) : nil
            let text = state.requireText("text", label: kind == .decision ? "the decision and its reason" : "what you are adding", maxLength: Self.entryMaxLength)
            guard state.isValid, let kind, let text else { return try await render(request, concern: concern, state: state, status: .unprocessableEntity) }
            let entry = ConcernEntry()
            entry.$concern.id = concernID
            entry.$author.id = try lead.requireID()
            entry.kind = kind
            entry.category = category
            try request.notes.seal(text, into: entry, \.$textSealed)
            entry.writtenAt = now
            try await request.db.transaction { database in
                try await entry.create(on: database)
                try await request.audit.record("added to concern", subject: "concern \(concernID): \(kind.rawValue)\(category.map { " (\($0.rawValue))" } ?? "")",
                                               by: lead, schoolID: concern.$school.id, on: database)
            }
        case .student:
            let chosen = UUID(uuidString: state["student"])
            guard let chosen, let student = try await Person.query(on: request.db).filter(\.$id == chosen)
                .filter(\.$school.$id == concern.$school.id).filter(\.$role ~~ [.mentor, .mentee]).first() else {
                state.errors["student"] = "Choose a student of your school from the list."
                return try await render(request, concern: concern, state: state, status: .unprocessableEntity)
            }
            try await request.db.transaction { database in
                concern.$student.id = try student.requireID()
                try await concern.update(on: database)
                try await request.audit.record("linked concern to student", subject: "concern \(concernID) to student \(try student.requireID())",
                                               by: lead, schoolID: concern.$school.id, on: database)
            }
        case .share:
            guard concern.sharedWithCoordinatorAt == nil else { throw Abort(.conflict, reason: "The coordinator already knows a lead is involved.") }
            try await request.db.transaction { database in
                concern.sharedWithCoordinatorAt = now
                try await concern.update(on: database)
                try await request.audit.record("told coordinator a lead is involved", subject: "concern \(concernID)", by: lead,
                                               schoolID: concern.$school.id, on: database)
            }
        case .pauseMatch:
            guard let match = try await ConcernPage.match(of: concern, on: request.db) else {
                throw Abort(.conflict, reason: "This concern is not linked to a match.")
            }
            guard let reason = state.requireText("reason", label: "why the match is pausing", maxLength: 300) else {
                return try await render(request, concern: concern, state: state, status: .unprocessableEntity)
            }
            try await MatchTransitions(audit: request.audit).apply(.pause, to: match.requireID(), by: lead, reason: reason, on: request.db)
        case .hold, .liftHold:
            guard let studentID = concern.$student.id else {
                throw Abort(.conflict, reason: "Link the concern to a student first.")
            }
            let current = try await SafeguardingHold.query(on: request.db).filter(\.$student.$id == studentID).filter(\.$liftedAt == nil).first()
            try await request.db.transaction { database in
                if action == .hold {
                    guard current == nil else { throw Abort(.conflict, reason: "This student is already on hold.") }
                    let hold = SafeguardingHold()
                    hold.$school.id = concern.$school.id
                    hold.$student.id = studentID
                    hold.concernID = concernID
                    hold.placedByID = try lead.requireID()
                    hold.placedAt = now
                    try await hold.create(on: database)
                } else {
                    guard let current else { throw Abort(.conflict, reason: "This student is not on hold.") }
                    current.liftedAt = now
                    current.liftedByID = lead.id
                    try await current.update(on: database)
                }
                try await request.audit.record(action == .hold ? "placed safeguarding hold" : "lifted safeguarding hold",
                                               subject: "student \(studentID) from concern \(concernID)", by: lead, schoolID: concern.$school.id, on: database)
            }
        case .close:
            guard concern.closedAt == nil else { throw Abort(.conflict, reason: "This concern is already closed.") }
            guard concern.acknowledgedAt != nil,
                  try await ConcernEntry.query(on: request.db).filter(\.$concern.$id == concernID).filter(\.$kind == .decision).count() > 0 else {
                state.errors["close"] = "Acknowledge the concern and record a decision (no further action needs its reason too) before closing it."
                return try await render(request, concern: concern, state: state, status: .unprocessableEntity)
            }
            try await request.db.transaction { database in
                concern.closedAt = now
                concern.closedByID = lead.id
                try await concern.update(on: database)
                try await request.audit.record("closed concern", subject: "concern \(concernID)", by: lead, schoolID: concern.$school.id, on: database)
            }
        }
        return request.redirect(to: SiteRoute.concern(concernID).path, redirectType: .normal)
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
