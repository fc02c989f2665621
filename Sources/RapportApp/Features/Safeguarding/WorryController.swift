import Fluent
import Plot
import Vapor

/// "I'm worried": anyone signed in raises a concern in a short form, and later sees that it was received and when it
/// was acknowledged, nothing more. Saving the concern, the alerts to every safeguarding lead (in the app and queued
/// as e-mail) and the audit line happen in one transaction.
struct WorryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let everyone = routes.grouped(RoleGuard(roles: Set(Role.allCases)))
        everyone.get(.worried, use: form)
        everyone.post(.worried, use: raise)
        everyone.get(.worriedList, use: mine)
        everyone.get(.worriedReceipt, use: receipt)
    }

    static let textMaxLength = 5000
    static let whenMaxLength = 200
    static let nameMaxLength = 120
    static let notInASchool = Abort(.forbidden, reason: "Worries go to a school's safeguarding lead, and your account is not in a school.")
    static let defaultEmergencyText = "If someone is in danger right now, don't wait for this: tell a member of staff straight away, or call 999."

    func form(_ request: Request) async throws -> Response {
        guard try request.requirePerson().$school.id != nil else { throw Self.notInASchool }
        var state = FormState()
        if let pair = try await Self.mentorsMatch((try? request.query.get(String.self, at: "match")) ?? "", person: try request.requirePerson(),
                                                  on: request.db) {
            state.values = ["about": ConcernSubject.student.rawValue, "about_name": pair.mentee.fullName,
                            "match": pair.id!.uuidString.lowercased()]
        }
        return try await render(request, state: state)
    }


    private func render(_ request: Request, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let person = try request.requirePerson()
        let leads = try await Self.leads(of: person.$school.id, on: request.db)
        let csrf = try await request.csrfToken()
        let names = leads.map { $0.isDeputyLead ? "\($0.fullName), deputy" : $0.fullName }.joined(separator: "; ")
        let who = leads.isEmpty ? "your school's safeguarding lead" : leads.count == 1 ? "your school's safeguarding lead (\(names))"
            : "your school's safeguarding leads (\(names))"
        return Layout.page(
            "I'm worried", for: request, status: status,
            .div(.class("notice info"), .p(.strong(.text(request.visit.school?.emergencyText ?? Self.defaultEmergencyText)))),
            .p(.class("lead"), .text("Tell us what's worrying you. Only \(who) reads this. It can't be kept secret if someone may be at risk of harm: the lead may need to tell other people whose job is to keep them safe.")),
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.worried.path), .class("card"),
                FormField.csrf(csrf),
                .input(.type(.hidden), .name("match"), .value(state["match"])),
                FormField.radios("about", legend: "Who is it about?", state: state,
                                 options: ConcernSubject.allCases.map { ($0.rawValue, $0.choice) }),
                FormField.text("about_name", label: "Their name, if you know it", state: state, maxLength: Self.nameMaxLength),
                FormField.textArea("what", label: "What happened, or what was said?", state: state,
                                   hint: "In your own words. Up to \(Self.textMaxLength) characters.", maxLength: Self.textMaxLength),
                FormField.text("when", label: "When was it?", state: state, hint: "For example: this morning, last Tuesday, for a few weeks.",
                               maxLength: Self.whenMaxLength, required: true),
                FormField.radios("danger_now", legend: "Is anyone in danger right now?", state: state,
                                 options: [("yes", "Yes"), ("no", "No"), ("not-sure", "I'm not sure")]),
                .div(.class("actions"), .button(.type(.submit), "Send to the safeguarding lead"))
            ),
            .p(.a(.href(SiteRoute.worriedList.path), "Worries I raised before"))
        )
    }

    func raise(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        var state = try request.formState()
        let about = state.requireChoice("about", label: "who it is about", as: ConcernSubject.self)
        let name = state.optionalText("about_name", label: "their name", maxLength: Self.nameMaxLength)
        let what = state.requireText("what", label: "what happened or what was said", maxLength: Self.textMaxLength)
        let when = state.requireText("when", label: "when it was", maxLength: Self.whenMaxLength)
        let danger = state["danger_now"]
        if !["yes", "no", "not-sure"].contains(danger) { state.errors["danger_now"] = "Choose whether anyone is in danger right now." }
        guard state.isValid, let about, let what, let when, let schoolID = person.$school.id else {
            if person.$school.id == nil { throw Self.notInASchool }
            return try await render(request, state: state, status: .unprocessableEntity)
        }
        let match = try await Self.mentorsMatch(state["match"], person: person, on: request.db)
        let concern = Concern()
        concern.id = request.dependencies.random.uuid()
        concern.$school.id = schoolID
        concern.$raisedBy.id = try person.requireID()
        concern.about = about
        concern.$student.id = about == .myself && person.role.isStudent ? person.id : about == .student ? match?.$mentee.id : nil
        concern.matchID = match?.id
        let notes = request.notes
        try notes.seal(name.map { "About: \($0)\n\n\(what)" } ?? what, into: concern, \.$textSealed)
        try notes.seal(when, into: concern, \.$whenSealed)
        concern.dangerNow = danger == "yes"
        concern.raisedAt = request.now
        let now = request.now
        let body = SafeguardingAlerts.emailBody("A new concern has been raised in Rapport. Open it to read it.", concern: concern,
                                                configuration: request.configuration)
        try await request.db.transaction { database in
            try await concern.create(on: database)
            try await SafeguardingAlerts.alert(
                about: concern, to: try await Self.firstAlerted(of: schoolID, on: database, orAdminsOf: person.$organisation.id),
                text: "A new concern has been raised. Open it to read it.",
                subject: "Rapport: a new concern", body: body,
                now: now, on: database)
            try await request.audit.record("raised concern", subject: "concern \(concern.requireID())", by: person, schoolID: schoolID, on: database)
        }
        return request.redirect(to: SiteRoute.worriedReceipt(try concern.requireID()).path(with: .sent), redirectType: .normal)
    }

    /// The match named by a mentor's one-tap worry from a meeting log, only when it is the mentor's own.
    private static func mentorsMatch(_ text: String, person: Person, on database: any Database) async throws -> MentoringMatch? {
        guard person.role == .mentor, let id = UUID(uuidString: text) else { return nil }
        return try await MentoringMatch.query(on: database).filter(\.$id == id).filter(\.$mentor.$id == person.requireID())
            .with(\.$mentee).first()
    }

    /// The school's safeguarding leads, deputies too; with `orAdminsOf`, its organisation admins when the school has no
    /// lead yet, so a concern always reaches someone.
    static func leads(of schoolID: UUID?, on database: any Database, orAdminsOf organisationID: UUID? = nil) async throws -> [Person] {
        guard let schoolID else { return [] }
        let leads = try await Person.query(on: database).filter(\.$school.$id == schoolID).filter(\.$role == .safeguardingLead)
            .filter(\.$isActive == true).sort(\.$isDeputyLead).sort(\.$familyName).all()
        guard leads.isEmpty, let organisationID else { return leads }
        return try await Person.query(on: database).filter(\.$organisation.$id == organisationID).filter(\.$role == .organisationAdmin)
            .filter(\.$isActive == true).all()
    }

    /// Who a new concern alerts first: the school's designated leads, not their deputies (a school with only a deputy
    /// alerts the deputy; one with no lead, the organisation admins). Overdue concerns escalate to everyone in `leads`.
    static func firstAlerted(of schoolID: UUID?, on database: any Database, orAdminsOf organisationID: UUID?) async throws -> [Person] {
        let everyone = try await leads(of: schoolID, on: database, orAdminsOf: organisationID)
        let designated = everyone.filter { !$0.isDeputyLead }
        return designated.isEmpty ? everyone : designated
    }

    func mine(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        let concerns = try await Concern.query(on: request.db).filter(\.$raisedBy.$id == person.requireID()).sort(\.$raisedAt, .descending).all()
        let time = request.schoolTime
        return Layout.page(
            "Worries I raised", for: request,
            concerns.isEmpty ? .p("You haven't raised any.") : .ul(.forEach(concerns) { concern in
                .li(.a(.href(SiteRoute.worriedReceipt(concern.id!).path), .text("Sent \(time.stampText(concern.raisedAt))")),
                    .text(concern.acknowledgedAt == nil ? " · received" : " · acknowledged"))
            }),
            .p(.a(.class("button"), .href(SiteRoute.worried.path), "Raise a new worry"))
        )
    }

    /// What the person who raised a concern may know: that it arrived and when the lead acknowledged it.
    func receipt(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        let concern = try await request.record("concern", Concern.self, notFound: "There is no such worry of yours.") {
            try $0.filter(\.$raisedBy.$id == person.requireID())
        }
        let time = request.schoolTime
        let sent = request.notice == .sent
        return Layout.page(
            "Your worry", for: request,
            Layout.notice(sent ? "Thank you for telling us. Your worry has gone to the safeguarding lead." : nil),
            FormField.facts([
                ("Received", time.stampText(concern.raisedAt)),
                ("Acknowledged", concern.acknowledgedAt.map { "by the safeguarding lead, \(time.stampText($0))" } ?? "not yet"),
            ], class: "facts card"),
            .p(.class("hint"), "The safeguarding lead decides what happens next and may talk to you about it. What they write is kept in the school's safeguarding record."),
            .div(.class("notice info"), .p(.text(request.visit.school?.emergencyText ?? Self.defaultEmergencyText))),
            .p(.a(.href(SiteRoute.worriedList.path), "Worries I raised"))
        )
    }
}

/// Alerts about concerns: one in-app notification and one queued e-mail per person, saying only that there is a
/// concern and linking to it. Called inside the transaction that saves what the alert is about.
enum SafeguardingAlerts {
    /// The e-mail's words: what happened and, when Rapport knows its public address (`RAPPORT_PUBLIC_URL`), the link.
    /// Never the address a request came in on: anyone can set a Host header, and this link goes to the lead.
    static func emailBody(_ sentence: String, concern: Concern, configuration: AppConfiguration) -> String {
        guard let base = configuration.publicURL else { return "\(sentence)\nSign in to Rapport and open Concerns.\n" }
        return "\(sentence)\n\(base)\(SiteRoute.concern(concern.id!).path)\n"
    }

    static func alert(about concern: Concern, to people: [Person], text: String, subject: String, body: String,
                      now: Date, on database: any Database) async throws {
        let link = SiteRoute.concern(try concern.requireID())
        for person in people {
            try await AppNotification(personID: try person.requireID(), text: text, link: link.path, createdAt: now).create(on: database)
            try await OutboxMessage(personID: try person.requireID(), subject: subject, body: body, now: now).create(on: database)
        }
    }
}
