import Fluent
import Plot
import Vapor

/// A student's do-not-pair list, kept by the coordinator on the student's page: two students no round proposes
/// together, each with a reason (sealed) and who added it; adding and removing are audited.
struct DoNotPairController: RouteCollection {
    static let reasonMaxLength = 200

    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.post(.doNotPair, use: add)
        coordinator.post(.removeDoNotPair, use: remove)
    }

    /// What the student's page shows: the entries with their reasons, and who can be added.
    struct Section {
        let student: Person
        let entries: [(entry: PairingRestriction, other: Person, reason: String, addedBy: String)]
        let candidates: [Person]

        static func load(for student: Person, request: Request) async throws -> Section {
            let studentID = try student.requireID()
            let entries = try await PairingRestriction.involving(studentID, kind: .doNotPair, on: request.db)
            let authors = Dictionary(uniqueKeysWithValues: try await Person.query(on: request.db)
                .filter(\.$id ~~ Set(entries.map(\.$createdBy.id))).all().map { ($0.id!, $0.fullName) })
            let listed = Set(entries.map { $0.other(than: studentID).id })
            let candidates = try await StudentController.students(of: try request.requireSchool(), on: request.db)
                .filter { $0.id != studentID && !listed.contains($0.id) }
            return Section(student: student, entries: try entries.map { entry in
                (entry, entry.other(than: studentID), try request.notes.open(entry, \.$reasonSealed), authors[entry.$createdBy.id] ?? "Someone")
            }, candidates: candidates)
        }

        func body(state: FormState, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
            let id = student.id!
            return .section(.class("card"), .attribute(named: "aria-labelledby", value: "do-not-pair"),
                .h2(.id("do-not-pair"), "Never paired with"),
                .p(.class("hint"), .text("No matching round proposes \(student.givenName) with these students, as mentor or mentee. Only staff see this list.")),
                entries.isEmpty ? .p("Nobody on the list.") : .ul(.forEach(entries) { item in
                    .li(.strong(.text(item.other.fullName)), .text(": \(item.reason) (added by \(item.addedBy), \(time.dateText(item.entry.createdAt))) "),
                        .form(.method(.post), .action(SiteRoute.removeDoNotPair(id).path), .class("inline"),
                              FormField.csrf(csrf),
                              .input(.type(.hidden), .name("entry"), .value(item.entry.id!.uuidString.lowercased())),
                              .button(.type(.submit), .class("link"),
                                      .attribute(named: "aria-label", value: "Remove \(item.other.fullName) from the list"), "Remove")))
                }),
                .if(!candidates.isEmpty, .form(.method(.post), .action(SiteRoute.doNotPair(id).path),
                    FormField.csrf(csrf),
                    FormField.select("never_with", label: "Never pair \(student.givenName) with", state: state,
                                     options: [("", "Choose a student")] + candidates.map { ($0.id!.uuidString.lowercased(), "\($0.fullName) (\($0.role.title), Y\($0.yearGroup ?? 0))") }),
                    FormField.text("never_reason", label: "Because", state: state,
                                   hint: "For example: they are related, or had a falling-out. Staff only; who added it goes in the audit log.",
                                   maxLength: DoNotPairController.reasonMaxLength, required: true),
                    .button(.type(.submit), .class("secondary"), "Add to the list"))))
        }
    }

    func add(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let student = try await StudentController.student(request)
        let studentID = try student.requireID()
        var state = try request.formState()
        let reason = state.requireText("never_reason", label: "why they must not be paired", maxLength: Self.reasonMaxLength)
        var other: Person?
        if let id = UUID(uuidString: state["never_with"]) {
            other = try await Person.query(on: request.db).filter(\.$id == id).filter(\.$school.$id == student.$school.id)
                .filter(\.$role ~~ [.mentor, .mentee]).first()
        }
        if other == nil || other?.id == studentID { state.errors["never_with"] = "Choose a student of your school." }
        if let other, try await PairingRestriction.between(studentID, other.requireID(), kind: .doNotPair, on: request.db) != nil {
            state.errors["never_with"] = "\(other.fullName) is already on \(student.givenName)'s list."
        }
        guard state.isValid, let reason, let other else {
            return try await StudentController.render(request, student: student, state: state, status: .unprocessableEntity)
        }
        let entry = PairingRestriction(school: try request.requireSchool().requireID(), kind: .doNotPair, between: studentID, and: try other.requireID(),
                                       by: try coordinator.requireID(), at: request.now)
        try request.notes.seal(reason, into: entry, \.$reasonSealed)
        do {
            try await request.db.transaction { database in
                try await entry.create(on: database)
                try await request.audit.record("added do-not-pair", subject: "students \(entry.$student.id) and \(entry.$other.id)",
                                               by: coordinator, schoolID: student.$school.id, on: database)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            state.errors["never_with"] = "\(other.fullName) is already on \(student.givenName)'s list."
            return try await StudentController.render(request, student: student, state: state, status: .unprocessableEntity)
        }
        return request.redirect(to: SiteRoute.student(studentID).path(with: .saved) + "#do-not-pair", redirectType: .normal)
    }

    func remove(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let student = try await StudentController.student(request)
        let studentID = try student.requireID()
        // The entry comes in the form: one not on this student's list reads like one that does not exist.
        guard let entryID = UUID(uuidString: try request.formState()["entry"]),
              let entry = try await PairingRestriction.query(on: request.db).filter(\.$id == entryID).filter(\.$kind == .doNotPair)
                  .filter(\.$school.$id == request.requireSchool().requireID())
                  .group(.or, { $0.filter(\.$student.$id == studentID).filter(\.$other.$id == studentID) }).first()
        else { throw Abort(.unprocessableEntity, reason: "Choose someone on \(student.givenName)'s list to remove.") }
        try await request.db.transaction { database in
            try await entry.delete(on: database)
            try await request.audit.record("removed do-not-pair", subject: "students \(entry.$student.id) and \(entry.$other.id)",
                                           by: coordinator, schoolID: student.$school.id, on: database)
        }
        return request.redirect(to: SiteRoute.student(studentID).path(with: .saved) + "#do-not-pair", redirectType: .normal)
    }
}
