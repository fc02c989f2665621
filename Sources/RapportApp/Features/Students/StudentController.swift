import Fluent
import Plot
import Vapor

/// The coordinator's view of the school's students: list, search, open, create, edit, login codes and cards.
struct StudentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.students, use: list)
        coordinator.get(.newStudent, use: newPage)
        coordinator.post(.newStudent, use: create)
        coordinator.get(.student, use: show)
        coordinator.get(.editStudent, use: editPage)
        coordinator.post(.editStudent, use: update)
        coordinator.post(.studentLoginCode, use: issueOneCode)
        coordinator.post(.loginCards, use: issueCards)
        coordinator.post(.allowRematch, use: allowRematch)
    }

    static let overrideReasonMaxLength = 300

    static let yearGroups = 5...13
    static let nameMaxLength = 60

    // MARK: List

    func list(_ request: Request) async throws -> Response {
        let model = try await StudentsListModel.load(school: try request.requireSchool(), filter: StudentsListModel.Filter(request), on: request.db)
        return Layout.page("Students", for: request, wide: true, StudentsListView.body(model, csrf: try await request.csrfToken()))
    }

    static func students(of school: School, on database: any Database) async throws -> [Person] {
        try await Person.query(on: database)
            .filter(\.$school.$id == school.requireID())
            .filter(\.$role ~~ [.mentor, .mentee])
            .filter(\.$isActive == true)
            .sort(\.$familyName).sort(\.$givenName)
            .all()
    }

    /// A student of the signed-in coordinator's school, or 404: ids from other schools look like ids that don't exist.
    static func student(_ request: Request) async throws -> Person {
        let school = try request.requireSchool()
        guard let id = request.parameters.get("student").flatMap(UUID.init(uuidString:)),
              let person = try await Person.query(on: request.db)
                .filter(\.$id == id).filter(\.$school.$id == school.requireID()).filter(\.$role ~~ [.mentor, .mentee]).first()
        else { throw Abort(.notFound, reason: "There is no such student in your school.") }
        return person
    }

    // MARK: One student

    func show(_ request: Request) async throws -> Response {
        try await Self.render(request, student: try await Self.student(request), state: FormState())
    }

    static func render(_ request: Request, student: Person, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let coordinator = try request.requirePerson()
        let waitingUntil = try await RematchPause.waiting(school: try request.requireSchool().requireID(), now: request.now, on: request.db)[student.requireID()]
        let profile = try await MentoringProfile.of(student, on: request.db)
        try await request.audit.record("viewed student record", subject: "student \(student.requireID())", by: coordinator,
                                       schoolID: student.$school.id, on: request.db)
        let csrf = try await request.csrfToken()
        let doNotPair = try await DoNotPairController.Section.load(for: student, request: request)
        let notice: String? = switch request.notice {
        case .saved: "Changes saved."
        case .created: "Student added. Give them a login card so they can sign in."
        case .rematchAllowed: "\(student.givenName) can be proposed in the next matching round."
        default: nil
        }
        return Layout.page(
            student.fullName, for: request, status: status,
            Layout.notice(notice),
            .div(.class("card"),
                 FormField.facts([
                     ("Role", student.role.title + (student.role == .mentor ? ", up to \(student.capacity ?? 1) mentee\(student.capacity == 1 ? "" : "s")" : "")),
                     ("Year group", student.yearGroup.map { "Year \($0)" } ?? "Not set"),
                     ("Gender", student.gender?.title ?? "Not recorded"),
                     ("Username", student.username),
                     ("Signs in with", student.passwordHash == nil ? "No password yet: give them a login card" : "Their own password"),
                 ])),
            .div(.class("actions"),
                 .a(.class("button"), .href(SiteRoute.editStudent(student.id!).path), "Edit details and profile"),
                 .form(.method(.post), .action(SiteRoute.studentLoginCode(student.id!).path),
                       FormField.csrf(csrf),
                       .button(.type(.submit), .class("secondary"), "Give a new login code"))),
            .unwrap(waitingUntil) { until in
                .div(.class("card"),
                     .h2("Waiting after a match ended"),
                     .p(.text("\(student.givenName)'s match ended recently, so matching rounds leave them out until \(request.schoolTime.dateText(until)): time to settle before someone new.")),
                     FormField.errorSummary(state),
                     .form(.method(.post), .action(SiteRoute.allowRematch(student.id!).path),
                           FormField.csrf(csrf),
                           FormField.text("reason", label: "Let them be matched sooner because", state: state,
                                          hint: "For example: they asked for a new mentor and are ready. Who allowed it and when goes in the audit log.",
                                          maxLength: Self.overrideReasonMaxLength, required: true),
                           .button(.type(.submit), .class("secondary"), "Allow matching now")))
            },
            .h2("Mentoring profile"),
            .div(.class("card"), ProfileForm.summary(profile, role: student.role)),
            doNotPair.body(state: state, csrf: csrf, time: request.schoolTime),
            .p(.a(.href(SiteRoute.students.path), "Back to all students"))
        )
    }

    func allowRematch(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let student = try await Self.student(request)
        let studentID = try student.requireID()
        guard try await RematchPause.waiting(school: try request.requireSchool().requireID(), now: request.now, on: request.db)[studentID] != nil else {
            throw Abort(.conflict, reason: "\(student.givenName) is not waiting after a match ended: they can be matched now.")
        }
        var state = try request.formState()
        guard let reason = state.requireText("reason", label: "why they can be matched sooner", maxLength: Self.overrideReasonMaxLength) else {
            return try await Self.render(request, student: student, state: state, status: .unprocessableEntity)
        }
        let override = RematchOverride()
        override.$school.id = try request.requireSchool().requireID()
        (override.$person.id, override.$by.id, override.createdAt) = (studentID, try coordinator.requireID(), request.now)
        try request.notes.seal(reason, into: override, \.$reasonSealed)
        try await request.db.transaction { database in
            try await override.create(on: database)
            try await request.audit.record("allowed early re-match", subject: "student \(studentID)", by: coordinator,
                                           schoolID: student.$school.id, on: database)
        }
        return request.redirect(to: SiteRoute.student(studentID).path(with: .rematchAllowed), redirectType: .normal)
    }

    // MARK: Create and edit

    func newPage(_ request: Request) async throws -> Response {
        var state = FormState()
        state.values["role"] = Role.mentee.rawValue
        state.values["capacity"] = "1"
        return try await detailsForm(request, title: "Add a student", action: SiteRoute.newStudent.path, state: state, profileRole: nil)
    }

    private func detailsForm(_ request: Request, title: String, action: String, state: FormState, profileRole: Role?) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            title, for: request,
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(action),
                FormField.csrf(csrf),
                .div(.class("card"),
                     .h2("Details"),
                     FormField.text("given_name", label: "First name", state: state, autocomplete: "off", maxLength: Self.nameMaxLength, required: true),
                     FormField.text("family_name", label: "Last name", state: state, autocomplete: "off", maxLength: Self.nameMaxLength, required: true),
                     FormField.text("username", label: "Username", state: state,
                                    hint: "What they type to sign in: 3 to 40 lower-case letters, digits, dots, dashes or underscores. Leave empty to make one from their name.",
                                    autocomplete: "off", maxLength: 40),
                     FormField.select("year_group", label: "Year group", state: state, options: Self.yearGroups.map { (String($0), "Year \($0)") }),
                     FormField.select("role", label: "Mentor or mentee", state: state, options: [("mentee", "Mentee"), ("mentor", "Mentor")]),
                     FormField.select("capacity", label: "Mentees a mentor can take", state: state,
                                      options: [("1", "1"), ("2", "2"), ("3", "3")], hint: "Only used for mentors."),
                     FormField.select("gender", label: "Gender", state: state,
                                      options: [("", "Not recorded")] + Gender.allCases.map { ($0.rawValue, $0.title) })),
                .unwrap(profileRole) { role in
                    .div(.class("card"), .h2("Mentoring profile"), ProfileForm.fields(state: state, role: role, voice: .staff))
                },
                .div(.class("actions"), .button(.type(.submit), "Save"), .a(.href(SiteRoute.students.path), "Cancel"))
            )
        )
    }

    /// Checks the details part of the form and copies it onto `student`.
    private func applyDetails(_ state: inout FormState, to student: Person, random: RandomSource, on database: any Database) async throws {
        let given = state.requireText("given_name", label: "their first name", maxLength: Self.nameMaxLength)
        let family = state.requireText("family_name", label: "their last name", maxLength: Self.nameMaxLength)
        let year = state.requireInt("year_group", label: "a year group", in: Self.yearGroups)
        let role = state.requireChoice("role", label: "mentor or mentee", as: Role.self)
        if let role, !role.isStudent { state.errors["role"] = "Choose mentor or mentee." }
        let capacity = state.requireInt("capacity", label: "how many mentees", in: 1...3)
        let genderText = state["gender"]
        let gender = Gender(rawValue: genderText)
        if !genderText.isEmpty && gender == nil { state.errors["gender"] = "Choose a gender from the list." }

        var username = state["username"].trimmingCharacters(in: .whitespaces).lowercased()
        if username.isEmpty, let given, let family {
            username = try await Usernames.suggest(given: given, family: family, random: random, on: database)
            state.values["username"] = username
        }
        if let problem = Usernames.problem(with: username) {
            state.errors["username"] = problem
        } else if let other = try await Person.query(on: database).filter(\.$username == username).first(), other.id != student.id {
            state.errors["username"] = Usernames.taken(username, holder: other, school: student.$school.id)
        }
        guard state.isValid, let given, let family, let year, let role, let capacity else { return }
        student.givenName = given
        student.familyName = family
        student.username = username
        student.yearGroup = year
        student.role = role
        student.capacity = role == .mentor ? capacity : nil
        student.gender = gender
    }

    func create(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let school = try request.requireSchool()
        var state = try request.formState()
        let student = Person(organisationID: school.$organisation.id, schoolID: try school.requireID(), role: .mentee,
                             givenName: "", familyName: "", username: "")
        try await applyDetails(&state, to: student, random: request.dependencies.random, on: request.db)
        guard state.isValid else {
            return try await detailsForm(request, title: "Add a student", action: SiteRoute.newStudent.path, state: state, profileRole: nil)
        }
        try await refusingContention("Someone saved a student with that username at the same moment. Choose another.") {
          try await request.db.transaction { database in
            try await student.create(on: database)
            try await request.audit.record("created student", subject: "student \(student.requireID())", by: coordinator,
                                           schoolID: school.id, on: database)
          }
        }
        return request.redirect(to: SiteRoute.student(try student.requireID()).path(with: .created), redirectType: .normal)
    }

    func editPage(_ request: Request) async throws -> Response {
        let student = try await Self.student(request)
        let profile = try await MentoringProfile.of(student, on: request.db)
        var state = ProfileForm.state(from: profile)
        state.values.merge(Self.detailsValues(student)) { _, new in new }
        return try await detailsForm(request, title: "Edit \(student.fullName)", action: SiteRoute.editStudent(student.id!).path,
                                     state: state, profileRole: student.role)
    }

    static func detailsValues(_ student: Person) -> [String: String] {
        ["given_name": student.givenName, "family_name": student.familyName, "username": student.username,
         "year_group": student.yearGroup.map(String.init) ?? "", "role": student.role.rawValue,
         "capacity": String(student.capacity ?? 1), "gender": student.gender?.rawValue ?? ""]
    }

    func update(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let student = try await Self.student(request)
        let profile = try await MentoringProfile.of(student, on: request.db)
        let previousRole = student.role
        var state = try request.formState()
        try await applyDetails(&state, to: student, random: request.dependencies.random, on: request.db)
        ProfileForm.apply(&state, to: profile)
        guard state.isValid else {
            return try await detailsForm(request, title: "Edit \(student.fullName)", action: SiteRoute.editStudent(student.id!).path,
                                         state: state, profileRole: student.role)
        }
        let roleChange = student.role != previousRole ? student.role.rawValue : nil
        try await request.db.transaction { database in
            try await student.save(on: database)
            try await profile.save(on: database)
            try await request.audit.record("edited student", subject: "student \(student.requireID())", by: coordinator,
                                           schoolID: student.$school.id, on: database)
            if let roleChange {
                try await request.audit.record("changed role", subject: "student \(student.requireID()) to \(roleChange)", by: coordinator,
                                               schoolID: student.$school.id, on: database)
            }
        }
        return request.redirect(to: SiteRoute.student(try student.requireID()).path(with: .saved), redirectType: .normal)
    }

    // MARK: Login codes and cards

    func issueOneCode(_ request: Request) async throws -> Response {
        let student = try await Self.student(request)
        return try await printCards(for: [student], request: request)
    }

    func issueCards(_ request: Request) async throws -> Response {
        let school = try request.requireSchool()
        let state = try request.formState()
        let key = state["scope"] == "all" ? "shown" : "ids"
        let ids = (state.lists[key] ?? []).compactMap(UUID.init(uuidString:))
        guard !ids.isEmpty else {
            throw Abort(.badRequest, reason: "Tick at least one student, then print their cards.")
        }
        let students = try await Person.query(on: request.db)
            .filter(\.$id ~~ ids).filter(\.$school.$id == school.requireID()).filter(\.$role ~~ [.mentor, .mentee])
            .sort(\.$familyName).sort(\.$givenName).all()
        guard students.count == Set(ids).count else {
            throw Abort(.notFound, reason: "Some of those students are not in your school.")
        }
        return try await printCards(for: students, request: request)
    }

    /// Gives each student a new code (older unused ones stop working) and shows printable cards.
    private func printCards(for students: [Person], request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let now = request.now
        let cards = try await request.db.transaction { database -> [(student: Person, code: String)] in
            var cards: [(student: Person, code: String)] = []
            for student in students {
                let code = Secrets.loginCode(using: request.dependencies.random)
                try await LoginCode.query(on: database).filter(\.$person.$id == student.requireID()).filter(\.$usedAt == nil).delete()
                try await LoginCode(personID: student.requireID(), codeHash: request.application.keys.loginCodeHash(code),
                                    expiresAt: now.addingTimeInterval(request.configuration.loginCodeLifetime),
                                    issuedByID: coordinator.requireID(), issuedAt: now).create(on: database)
                try await request.audit.record("issued login code", subject: "student \(student.requireID())", by: coordinator,
                                               schoolID: student.$school.id, on: database)
                cards.append((student, code))
            }
            return cards
        }
        let expiry = request.schoolTime.dateText(now.addingTimeInterval(request.configuration.loginCodeLifetime))
        let address = request.headers.first(name: .host).map { (request.isPlainHTTPLocalhost ? "http://" : "https://") + $0 } ?? "Rapport"
        return Layout.page(
            cards.count == 1 ? "Login card" : "Login cards", for: request, wide: true,
            .div(.class("notice info no-print"),
                 .p(.text("These codes are shown only now. Print this page (Ctrl+P or ⌘P) and hand each student their card. Codes work once and until \(expiry)."))),
            .div(.class("cards"), .forEach(cards) { card in
                .div(
                    .class("login-card"),
                    .h2(.text(card.student.fullName)),
                    .p(.class("address"), .text("Go to "), .strong(.text(address + SiteRoute.signInWithCode.path))),
                    .p(.text("Username: "), .strong(.text(card.student.username))),
                    .p(.text("Code: "), .span(.class("code"), .text(card.code))),
                    .p(.class("hint"), .text("Works once, until \(expiry). Then choose your own password."))
                )
            }),
            .p(.class("no-print"), .a(.href(SiteRoute.students.path), "Back to students"))
        )
    }
}

/// Usernames: one rule for forms, imports and suggestions.
enum Usernames {
    /// Usernames are unique across the deployment (people sign in with them alone), but who holds one in another
    /// school is not this school's business: only a holder in the same school is named.
    static func taken(_ username: String, holder: Person, school: UUID?) -> String {
        holder.$school.id == school && school != nil
            ? "The username \(username) is already \(holder.fullName)'s. Choose another."
            : "The username \(username) can't be used. Choose another, or leave it empty for a suggestion."
    }

    static func problem(with username: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        if username.count < 3 || username.count > 40 { return "A username has 3 to 40 characters." }
        if !username.allSatisfy(allowed.contains) { return "Use only lower-case letters, digits, dots, dashes and underscores in a username." }
        return nil
    }

    /// `given.family`, or with a number added when that is taken.
    static func suggest(given: String, family: String, random: RandomSource, on database: any Database) async throws -> String {
        let clean = { (text: String) in
            String(text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
                .filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(18))
        }
        let base = [clean(given), clean(family)].filter { !$0.isEmpty }.joined(separator: ".")
        let stem = base.count >= 3 ? base : "student"
        for suffix in [""] + (2...99).map(String.init) {
            let candidate = stem + suffix
            if try await Person.query(on: database).filter(\.$username == candidate).count() == 0 { return candidate }
        }
        return stem + "." + String(Secrets.randomToken(bytes: 3, using: random).lowercased().filter { $0.isLetter || $0.isNumber }.prefix(4))
    }
}
