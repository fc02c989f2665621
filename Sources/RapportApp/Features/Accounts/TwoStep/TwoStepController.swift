import Fluent
import Plot
import Vapor

/// The second step of staff sign-in (a code from an authenticator app), setting it up, recovery codes, and an
/// organisation admin's reset for a lost phone.
struct TwoStepController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.twoStepCode, use: codePage)
        routes.post(.twoStepCode, use: giveCode)
        routes.get(.twoStepSetUpAtSignIn, use: setUpAtSignInPage)
        routes.post(.twoStepSetUpAtSignIn, use: setUpAtSignIn)
        let staff = routes.grouped(RoleGuard(roles: [.coordinator, .safeguardingLead, .organisationAdmin]))
        staff.get(.twoStep, use: statusPage)
        staff.get(.twoStepSetUp, use: setUpPage)
        staff.post(.twoStepSetUp, use: setUp)
        staff.post(.twoStepRecoveryCodes, use: newRecoveryCodes)
        staff.post(.twoStepTurnOff, use: turnOff)
        let admins = routes.grouped(RoleGuard(roles: [.organisationAdmin]))
        admins.post(.resetTwoStep, use: reset)
        admins.post(.twoStepRule, use: setRule)
    }

    static let wrongCode = "That code didn't work. Type the newest six-digit code your app shows for Rapport, or one of your recovery codes."
    static let lockedMessage = "Too many wrong codes: two-step sign-in is locked for this account. Ask your organisation admin to reset it, then set it up again."

    // MARK: The second step of signing in

    /// The person part-way through signing in, when the session owes `step`.
    private func pending(_ request: Request, owing step: PendingStep) -> Person? {
        guard request.visit.session?.pendingStep == step else { return nil }
        return request.visit.pendingPerson
    }

    func codePage(_ request: Request) async throws -> Response {
        guard pending(request, owing: .verify) != nil else { return request.redirect(to: SiteRoute.signIn.path) }
        var state = FormState()
        state.values["next"] = (try? request.query.get(String.self, at: "next")).flatMap(AccountController.safeNext) ?? ""
        return try await codeForm(request, state: state)
    }

    private func codeForm(_ request: Request, state: FormState, message: String? = nil) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Two-step sign-in", for: request,
            .p("Open the authenticator app on your phone and type the six-digit code it shows for Rapport."),
            Layout.notice(message, kind: "error"),
            .form(
                .method(.post), .action(SiteRoute.twoStepCode.path), .class("card"),
                FormField.csrf(csrf),
                .input(.type(.hidden), .name("next"), .value(state["next"])),
                FormField.text("code", label: "Code", state: state, hint: "Lost your phone? Type one of your recovery codes instead.",
                               autocomplete: "one-time-code", maxLength: 40, required: true),
                .div(.class("actions"), .button(.type(.submit), "Sign in"))
            ),
            cancelForm(csrf)
        )
    }

    private func cancelForm(_ csrf: String) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(SiteRoute.signOut.path), FormField.csrf(csrf),
              .button(.type(.submit), .class("link"), "Cancel and sign out"))
    }

    func giveCode(_ request: Request) async throws -> Response {
        guard let person = pending(request, owing: .verify) else { return request.redirect(to: SiteRoute.signIn.path, redirectType: .normal) }
        var state = try request.formState()
        let typed = String(state["code"].prefix(40))
        state.values["code"] = ""
        guard !typed.trimmingCharacters(in: .whitespaces).isEmpty else {
            state.errors["code"] = "Type the code from your authenticator app."
            return try await codeForm(request, state: state)
        }
        guard let factor = try await TwoStepFactor.confirmed(of: person.requireID(), on: request.db) else {
            return request.redirect(to: SiteRoute.signIn.path, redirectType: .normal)
        }
        switch try await TwoStepCheck.check(typed, factor: factor, request: request) {
        case .locked:
            return try await codeForm(request, state: state, message: Self.lockedMessage)
        case .wrong:
            try await request.audit.record("sign-in failed", subject: "person \(try person.requireID().uuidString.lowercased()): wrong two-step code",
                                           by: nil, schoolID: person.$school.id, on: request.db)
            return try await codeForm(request, state: state, message: Self.wrongCode)
        case .accepted(let recoveryCodesLeft):
            let mustChoosePassword = request.visit.session?.mustChoosePassword ?? false
            try await request.db.transaction { database in
                try await request.signIn(person, mustChoosePassword: mustChoosePassword, twoStepDone: true, on: database)
                let how = recoveryCodesLeft.map { "with a password and a recovery code (\($0) left)" } ?? "with a password and a two-step code"
                try await request.audit.record("signed in", subject: how, by: person, schoolID: person.$school.id, on: database)
            }
            if mustChoosePassword { return request.redirect(to: SiteRoute.choosePassword.path, redirectType: .normal) }
            var next = AccountController.safeNext(state["next"]) ?? SiteRoute.home.path
            if let left = recoveryCodesLeft, left <= 3 { next = SiteRoute.twoStep.path(with: .fewRecoveryCodes) }
            return request.redirect(to: next, redirectType: .normal)
        }
    }

    // MARK: Setting up

    func setUpAtSignInPage(_ request: Request) async throws -> Response {
        guard let person = pending(request, owing: .enrol) else { return request.redirect(to: SiteRoute.signIn.path) }
        var state = FormState()
        state.values["next"] = (try? request.query.get(String.self, at: "next")).flatMap(AccountController.safeNext) ?? ""
        return try await setUpForm(request, person: person, action: .twoStepSetUpAtSignIn, state: state)
    }

    func setUpAtSignIn(_ request: Request) async throws -> Response {
        guard let person = pending(request, owing: .enrol) else { return request.redirect(to: SiteRoute.signIn.path, redirectType: .normal) }
        let codes: [String]
        switch try await confirmSetUp(request, person: person, action: .twoStepSetUpAtSignIn) {
        case .confirmed(let made): codes = made
        case .showAgain(let form): return form
        }
        let mustChoosePassword = request.visit.session?.mustChoosePassword ?? false
        let next = AccountController.safeNext(try request.formState()["next"]) ?? SiteRoute.home.path
        try await request.db.transaction { database in
            try await request.signIn(person, mustChoosePassword: mustChoosePassword, twoStepDone: true, on: database)
            try await request.audit.record("signed in", subject: "with a password, setting up two-step sign-in", by: person,
                                           schoolID: person.$school.id, on: database)
        }
        return recoveryCodesPage(request, codes: codes, next: mustChoosePassword ? SiteRoute.choosePassword.path : next)
    }

    func setUpPage(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        if try await TwoStepFactor.confirmed(of: person.requireID(), on: request.db) != nil { return request.redirect(to: SiteRoute.twoStep.path) }
        return try await setUpForm(request, person: person, action: .twoStepSetUp, state: FormState())
    }

    func setUp(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        if try await TwoStepFactor.confirmed(of: person.requireID(), on: request.db) != nil {
            return request.redirect(to: SiteRoute.twoStep.path, redirectType: .normal)
        }
        switch try await confirmSetUp(request, person: person, action: .twoStepSetUp) {
        case .confirmed(let codes): return recoveryCodesPage(request, codes: codes, next: SiteRoute.twoStep.path)
        case .showAgain(let form): return form
        }
    }

    private enum SetUpOutcome {
        case confirmed(recoveryCodes: [String])
        case showAgain(Response)
    }

    /// Both set-up forms' answer: the typed code confirms the person's pending authenticator (and makes the recovery
    /// codes), or the form comes back saying what is wrong.
    private func confirmSetUp(_ request: Request, person: Person, action: SiteRoute) async throws -> SetUpOutcome {
        var state = try request.formState()
        let factor = try await TwoStepEnrolment.pending(for: person, request: request)
        if let codes = try await TwoStepEnrolment.confirm(factor, typed: String(state["code"].prefix(40)), person: person, request: request) {
            return .confirmed(recoveryCodes: codes)
        }
        state.errors["code"] = Self.setUpCodeProblem(state["code"])
        state.values["code"] = ""
        return .showAgain(try await setUpForm(request, person: person, factor: factor, action: action, state: state))
    }

    static func setUpCodeProblem(_ typed: String) -> String {
        typed.trimmingCharacters(in: .whitespaces).isEmpty
            ? "Type the six-digit code your app shows after you add Rapport to it."
            : "That code didn't match. Check the app added the key above, then type the newest six-digit code."
    }

    /// The set-up page for `factor`, or for the person's pending one (made on first visit) when not given.
    private func setUpForm(_ request: Request, person: Person, factor known: TwoStepFactor? = nil, action: SiteRoute,
                           state: FormState) async throws -> Response {
        let factor: TwoStepFactor
        if let known { factor = known } else { factor = try await TwoStepEnrolment.pending(for: person, request: request) }
        let totp = try factor.totp(notes: request.notes)
        let qr = try QRCode(text: totp.provisioningURI(issuer: "Rapport", account: person.username))
        let key = Base32.encode(totp.secret)
        let groupedKey = stride(from: 0, to: key.count, by: 4).map { start in
            String(key.dropFirst(start).prefix(4))
        }.joined(separator: " ")
        let required = try await TwoStepPolicy.isRequired(for: person, on: request.db)
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Set up two-step sign-in", for: request,
            .p(.text(required
                ? "Your role in Rapport holds information about children's safety, so signing in takes your password and a code from an authenticator app on your phone."
                : "With two-step sign-in, signing in takes your password and a code from an authenticator app on your phone.")),
            FormField.errorSummary(state),
            .ol(
                .class("steps"),
                .li("Open an authenticator app on your phone (any app for six-digit codes, such as the one your school recommends)."),
                .li(.p("Scan this code with it:"),
                    .div(.class("qr"), .raw(qr.svg(title: "QR code to add Rapport to an authenticator app"))),
                    .p(.text("Or type this key into the app: "), .code(.class("secret"), .text(groupedKey)))),
                .li("Type the six-digit code the app now shows for Rapport.")
            ),
            .form(
                .method(.post), .action(action.path), .class("card"),
                FormField.csrf(csrf),
                FormField.text("code", label: "Code from the app", state: state, autocomplete: "one-time-code", maxLength: 40, required: true),
                .if(!state["next"].isEmpty, .input(.type(.hidden), .name("next"), .value(state["next"]))),
                .div(.class("actions"), .button(.type(.submit), "Turn on two-step sign-in"))
            ),
            .if(action.path == SiteRoute.twoStepSetUpAtSignIn.path, cancelForm(csrf))
        )
    }

    private func recoveryCodesPage(_ request: Request, codes: [String], next: String) -> Response {
        Layout.page(
            "Save your recovery codes", for: request,
            Layout.notice("Two-step sign-in is on."),
            .p("If you lose your phone, each of these codes signs you in once instead of a code from the app. Print them or write them down and keep them somewhere safe, away from your phone. They are shown only now."),
            .ul(.class("recovery-codes"), .forEach(codes) { .li(.code(.text($0))) }),
            .p(.a(.class("button"), .href(next), "I've saved them: continue"))
        )
    }

    // MARK: Managing it while signed in

    func statusPage(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        let factor = try await TwoStepFactor.confirmed(of: person.requireID(), on: request.db)
        let required = try await TwoStepPolicy.isRequired(for: person, on: request.db)
        let left = try await RecoveryCode.query(on: request.db).filter(\.$person.$id == person.requireID()).filter(\.$usedAt == nil).count()
        let notice = request.notice == .fewRecoveryCodes
            ? "You have \(left) recovery code\(left == 1 ? "" : "s") left. Make new ones below." : nil
        let csrf = try await request.csrfToken()
        let time = request.schoolTime
        guard let factor else {
            return Layout.page(
                "Two-step sign-in", for: request,
                .p("Two-step sign-in is off for your account. With it on, signing in takes your password and a code from an authenticator app on your phone, so a stolen password is not enough."),
                .p(.a(.class("button"), .href(SiteRoute.twoStepSetUp.path), "Set up two-step sign-in"))
            )
        }
        return Layout.page(
            "Two-step sign-in", for: request,
            Layout.notice(notice, kind: "info"),
            .p(.text("On since \(time.stampText(factor.confirmedAt ?? factor.createdAt)). You have \(left) unused recovery code\(left == 1 ? "" : "s").")),
            .p(.text(required ? "Your role must use two-step sign-in, so it cannot be turned off. If you lose your phone and your recovery codes, your organisation admin can reset it."
                              : "You can turn it off below; your organisation does not require it for your role.")),
            codeActionForm(csrf, action: .twoStepRecoveryCodes, field: "code", button: "Make new recovery codes",
                           hint: "The old codes stop working. Type a code from your app to confirm."),
            .if(!required, codeActionForm(csrf, action: .twoStepTurnOff, field: "off_code", button: "Turn off two-step sign-in",
                                          hint: "Type a code from your app to confirm."))
        )
    }

    /// A form asking for a current code before a change; `field` keeps the two forms' inputs apart on one page.
    private func codeActionForm(_ csrf: String, action: SiteRoute, field: String, button: String, hint: String) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(action.path), .class("card"),
            FormField.csrf(csrf),
            FormField.text(field, label: "Code from your app", state: FormState(), hint: hint, autocomplete: "one-time-code",
                           maxLength: 40, required: true),
            .div(.class("actions"), .button(.type(.submit), .text(button)))
        )
    }

    /// The signed-in person's confirmed factor when `typed` is a good code for it, else an error page.
    private func confirmWithCode(_ request: Request, person: Person, field: String) async throws -> TwoStepFactor {
        guard let factor = try await TwoStepFactor.confirmed(of: person.requireID(), on: request.db) else {
            throw Abort(.conflict, reason: "Two-step sign-in is not on for your account.")
        }
        let typed = String(((try? request.content.get(String.self, at: field)) ?? "").prefix(40))
        switch try await TwoStepCheck.check(typed, factor: factor, request: request) {
        case .accepted: return factor
        case .wrong: throw Abort(.unprocessableEntity, reason: Self.wrongCode)
        case .locked: throw Abort(.forbidden, reason: Self.lockedMessage)
        }
    }

    func newRecoveryCodes(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        _ = try await confirmWithCode(request, person: person, field: "code")
        let codes = (0..<TwoStepEnrolment.recoveryCodeCount).map { _ in Secrets.loginCode(using: request.dependencies.random) }
        try await request.db.transaction { database in
            try await TwoStepEnrolment.replaceRecoveryCodes(of: person, with: codes, keys: request.application.keys, on: database)
            try await request.audit.record("made new recovery codes", subject: "person \(try person.requireID().uuidString.lowercased())",
                                           by: person, schoolID: person.$school.id, on: database)
        }
        return recoveryCodesPage(request, codes: codes, next: SiteRoute.twoStep.path)
    }

    func turnOff(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        if try await TwoStepPolicy.isRequired(for: person, on: request.db) {
            throw Abort(.forbidden, reason: "Your role must use two-step sign-in, so it cannot be turned off.")
        }
        _ = try await confirmWithCode(request, person: person, field: "off_code")
        try await request.db.transaction { database in
            try await TwoStepEnrolment.remove(for: person.requireID(), on: database)
            try await request.audit.record("turned off two-step sign-in", subject: "person \(try person.requireID().uuidString.lowercased())",
                                           by: person, schoolID: person.$school.id, on: database)
        }
        return request.redirect(to: SiteRoute.twoStep.path, redirectType: .normal)
    }

    // MARK: The organisation admin

    /// For a lost phone: another admin removes a staff member's authenticator; they set it up again at next sign-in.
    func reset(_ request: Request) async throws -> Response {
        let admin = try request.requirePerson()
        let target = try await request.record("person", Person.self, notFound: "There is no such staff member in your organisation.") {
            $0.filter(\.$organisation.$id == admin.$organisation.id).filter(\.$role ~~ [.coordinator, .safeguardingLead, .organisationAdmin])
        }
        let targetID = try target.requireID()
        guard targetID != admin.id else {
            throw Abort(.forbidden, reason: "Another organisation admin has to reset your own two-step sign-in, so one stolen phone and password cannot do it.")
        }
        try await request.db.transaction { database in
            try await TwoStepEnrolment.remove(for: targetID, on: database)
            try await AuthSession.query(on: database).filter(\.$person.$id == targetID).delete()
            try await request.audit.record("reset two-step sign-in", subject: "person \(targetID.uuidString.lowercased())", by: admin,
                                           schoolID: target.$school.id, on: database)
        }
        return request.redirect(to: SiteRoute.staff.path(with: .twoStepReset), redirectType: .normal)
    }

    func setRule(_ request: Request) async throws -> Response {
        let admin = try request.requirePerson()
        let required = (try? request.content.get(String.self, at: "coordinators")) == "required"
        guard let organisation = try await Organisation.find(admin.$organisation.id, on: request.db) else { throw Abort(.notFound) }
        try await request.db.transaction { database in
            organisation.coordinatorsUseTwoStep = required
            try await organisation.update(on: database)
            try await request.audit.record("changed two-step rule",
                                           subject: required ? "coordinators must use two-step sign-in" : "two-step sign-in optional for coordinators",
                                           by: admin, schoolID: nil, on: database)
        }
        return request.redirect(to: SiteRoute.staff.path(with: .twoStepRule), redirectType: .normal)
    }
}
