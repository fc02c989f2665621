import Fluent
import Plot
import SQLKit
import Vapor

/// Sign-in with a password or a one-time code, choosing and changing a password, sign-out.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.root) { request -> Response in
            request.redirect(to: request.visit.person == nil ? SiteRoute.signIn.path : SiteRoute.home.path)
        }
        routes.get(.signIn, use: signInPage)
        routes.post(.signIn, use: signIn)
        routes.get(.signInWithCode, use: codePage)
        routes.post(.signInWithCode, use: signInWithCode)
        routes.post(.signOut, use: signOut)
        routes.get(.choosePassword, use: choosePasswordPage)
        routes.post(.choosePassword, use: choosePassword)
        let signedIn = routes.grouped(RoleGuard(roles: Set(Role.allCases)))
        signedIn.get(.changePassword, use: changePasswordPage)
        signedIn.post(.changePassword, use: changePassword)
    }

    static let wrongDetails = "That username and password don't match. Check them and try again."
    static let wrongCode = "That username and code don't match, or the code has been used or has run out. Ask your coordinator for a new one."

    // MARK: Password sign-in

    func signInPage(_ request: Request) async throws -> Response {
        if request.visit.person != nil, request.visit.session?.mustChoosePassword == false {
            return request.redirect(to: SiteRoute.home.path)
        }
        if request.visit.pendingPerson != nil { throw Redirect.toSignIn(from: request) }
        var state = FormState()
        state.values["next"] = (try? request.query.get(String.self, at: "next")).flatMap(Self.safeNext) ?? ""
        return try await signInForm(request, state: state)
    }

    private func signInForm(_ request: Request, state: FormState, message: String? = nil) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Sign in", for: request,
            .p(.class("lead"), "Rapport is your school's peer-mentoring space."),
            Layout.notice(message, kind: "error"),
            .form(
                .method(.post), .action(SiteRoute.signIn.path), .class("card"),
                FormField.csrf(csrf),
                .input(.type(.hidden), .name("next"), .value(state["next"])),
                FormField.text("username", label: "Username or email", state: state, autocomplete: "username", maxLength: 254, required: true),
                FormField.text("password", label: "Password", state: state, type: .password, autocomplete: "current-password", maxLength: 128, required: true),
                .div(.class("actions"), .button(.type(.submit), "Sign in"))
            ),
            .p("Got a login card from your coordinator? ", .a(.href(SiteRoute.signInWithCode.path), "Sign in with a code")),
            .p(.class("hint"), "Forgotten your password? Ask your coordinator for a new login code.")
        )
    }

    func signIn(_ request: Request) async throws -> Response {
        var state = try request.formState()
        let username = state["username"].trimmingCharacters(in: .whitespaces).lowercased()
        let password = state["password"]
        state.values["username"] = String(state["username"].prefix(254))
        if username.isEmpty { state.errors["username"] = "Enter your username or email." }
        if password.isEmpty { state.errors["password"] = "Enter your password." }
        guard state.isValid else { return try await signInForm(request, state: state) }

        let person = try await Person.query(on: request.db)
            .group(.or) { $0.filter(\.$username == username).filter(\.$email == username) }
            .filter(\.$isActive == true).first()
        let throttling = SignInThrottling(request: request)
        let attempt = try await throttling.begin(accountKey: Self.accountKey(person: person, typed: username))
        if attempt.isLockedOut {
            try await throttling.auditOncePerWindow("sign-in locked out", subject: Self.auditSubject(person: person, typed: username),
                                                    schoolID: person?.$school.id)
            return try await signInForm(request, state: state, message: SignInThrottling.lockedOutMessage(window: request.configuration.signInThrottle.window))
        }
        // Verify against a real hash even when there is no account, so the answer takes as long either way.
        // bcrypt reads only 72 bytes; no password that long can have been set, so none can match.
        let hash = person?.passwordHash ?? Self.unusableHash
        let matches = try await request.password.async.verify(password, created: hash) && password.utf8.count <= PasswordPolicy.maximumBytes
        guard let person, person.passwordHash != nil, matches else {
            try await request.audit.record("sign-in failed", subject: Self.auditSubject(person: person, typed: username), by: nil,
                                           schoolID: person?.$school.id, on: request.db)
            return try await signInForm(request, state: state, message: Self.wrongDetails)
        }
        try await throttling.succeeded(attempt)
        let next = Self.safeNext(state["next"])
        let pending = try await request.db.transaction { database in
            let pending = try await request.signIn(person, on: database)
            try await request.audit.record(pending == nil ? "signed in" : "password accepted",
                                           subject: pending.map { "with a password; two-step sign-in \($0 == .verify ? "code" : "set-up") next" } ?? "with a password",
                                           by: person, schoolID: person.$school.id, on: database)
            return pending
        }
        return request.redirect(to: Self.afterPassword(pending: pending, next: next), redirectType: .normal)
    }

    /// Where a correct password leads: the second step when one is owed (carrying where the person was going), else on.
    static func afterPassword(pending: PendingStep?, next: String?) -> String {
        var components = URLComponents()
        components.queryItems = next.map { [URLQueryItem(name: "next", value: $0)] }
        let carried = components.percentEncodedQuery.map { "?\($0)" } ?? ""
        switch pending {
        case .verify: return SiteRoute.twoStepCode.path + carried
        case .enrol: return SiteRoute.twoStepSetUpAtSignIn.path + carried
        case nil: return next ?? SiteRoute.home.path
        }
    }

    /// The one key an account is counted under, whether its username or its email was typed.
    private static func accountKey(person: Person?, typed: String) -> String {
        person?.id.map { "person \($0.uuidString.lowercased())" } ?? "name \(typed.prefix(254))"
    }

    /// Who a refused sign-in was for, as the audit says it: the person when the name is theirs, else what was typed,
    /// cut short (the audit log keeps only printable characters of it).
    private static func auditSubject(person: Person?, typed: String) -> String {
        if let id = person?.id { return "person \(id.uuidString.lowercased())" }
        return "unknown account name \"\(typed.prefix(64))\""
    }

    /// A bcrypt hash of a random secret nobody knows: verifying against it always fails, at the normal speed.
    private static let unusableHash = (try? Bcrypt.hash(Secrets.randomToken(using: .system))) ?? ""

    /// Only an absolute path on this site, never another host. Browsers drop tabs and newlines from a `Location`,
    /// read `\\` as `/` and may decode `%2F` and `%5C`, so anything that could turn into `//host` after that is refused
    /// rather than repaired, as is anything else not plainly a path (a scheme, controls, spaces).
    static func safeNext(_ next: String) -> String? {
        guard next.count < 512, next.hasPrefix("/"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"\\\"'<>`".unicodeScalars.contains($0) })
        else { return nil }
        let decoded = next.removingPercentEncoding ?? next
        guard !decoded.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }),
              !decoded.hasPrefix("//"), !next.hasPrefix("//"),
              let components = URLComponents(string: next), components.scheme == nil, components.host == nil,
              components.path.hasPrefix("/") else { return nil }
        return next
    }

    // MARK: One-time code sign-in

    func codePage(_ request: Request) async throws -> Response {
        try await codeForm(request, state: FormState())
    }

    private func codeForm(_ request: Request, state: FormState, message: String? = nil) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Sign in with a code", for: request,
            .p("Type the username and code from the login card your coordinator gave you. Each code works once; then you choose your own password."),
            Layout.notice(message, kind: "error"),
            .form(
                .method(.post), .action(SiteRoute.signInWithCode.path), .class("card"),
                FormField.csrf(csrf),
                FormField.text("username", label: "Username", state: state, autocomplete: "username", maxLength: 254, required: true),
                FormField.text("code", label: "Code", state: state, hint: "Like ABCD-EFGH-JKLM. Capitals and dashes don't matter.",
                               autocomplete: "one-time-code", maxLength: 40, required: true),
                .div(.class("actions"), .button(.type(.submit), "Continue"))
            ),
            .p(.a(.href(SiteRoute.signIn.path), "Sign in with a password instead"))
        )
    }

    func signInWithCode(_ request: Request) async throws -> Response {
        var state = try request.formState()
        let username = state["username"].trimmingCharacters(in: .whitespaces).lowercased()
        let code = Secrets.normalisedLoginCode(String(state["code"].prefix(40)))
        state.values["username"] = String(state["username"].prefix(254))
        state.values["code"] = ""
        if username.isEmpty { state.errors["username"] = "Enter your username." }
        if code.isEmpty { state.errors["code"] = "Enter the code from your card." }
        guard state.isValid else { return try await codeForm(request, state: state) }

        let found = try await Person.query(on: request.db).filter(\.$username == username).filter(\.$isActive == true).first()
        let throttling = SignInThrottling(request: request)
        let attempt = try await throttling.begin(accountKey: Self.accountKey(person: found, typed: username))
        let subject = Self.auditSubject(person: found, typed: username)
        if attempt.isLockedOut {
            try await throttling.auditOncePerWindow("sign-in locked out", subject: subject, schoolID: found?.$school.id)
            return try await codeForm(request, state: state, message: SignInThrottling.lockedOutMessage(window: request.configuration.signInThrottle.window))
        }
        let now = request.now
        let codeHash = request.application.keys.loginCodeHash(code)
        // The code is spent by one conditional update: of two sign-ins racing with the same code, exactly one changes the row.
        let spent: Bool
        if let found, let sql = request.db as? any SQLDatabase {
            let rows = try await sql.update(LoginCode.schema)
                .set("used_at", to: SQLBind(now))
                .where("person_id", .equal, SQLBind(try found.requireID()))
                .where("code_hash", .equal, SQLBind(codeHash))
                .where("used_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, SQLBind(now))
                .returning("id")
                .all()
            spent = rows.count == 1
        } else {
            spent = false
        }
        guard let person = found, spent else {
            try await throttling.auditOncePerWindow("sign-in with a login code refused", subject: subject, schoolID: found?.$school.id)
            return try await codeForm(request, state: state, message: Self.wrongCode)
        }
        try await throttling.succeeded(attempt)
        let pending = try await request.db.transaction { database in
            // Whoever had this account's sessions before the code was used loses them.
            try await AuthSession.query(on: database).filter(\.$person.$id == person.requireID()).delete()
            request.visit.session = nil
            let pending = try await request.signIn(person, mustChoosePassword: true, on: database)
            try await request.audit.record(pending == nil ? "signed in" : "login code accepted",
                                           subject: pending == nil ? "with a login code" : "with a login code; two-step sign-in next",
                                           by: person, schoolID: person.$school.id, on: database)
            return pending
        }
        return request.redirect(to: pending == nil ? SiteRoute.choosePassword.path : Self.afterPassword(pending: pending, next: nil), redirectType: .normal)
    }

    // MARK: Choosing and changing a password

    func choosePasswordPage(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        guard request.visit.session?.mustChoosePassword == true else { return request.redirect(to: SiteRoute.changePassword.path) }
        return try await choosePasswordForm(request, person: person, state: FormState())
    }

    private func choosePasswordForm(_ request: Request, person: Person, state: FormState) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Choose your password", for: request,
            .p(.text("Hi \(person.givenName). Choose a password you will remember and nobody could guess. You'll use it with your username, \(person.username), from now on.")),
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.choosePassword.path), .class("card"),
                FormField.csrf(csrf),
                newPasswordFields(person: person, state: state),
                .div(.class("actions"), .button(.type(.submit), "Save my password"))
            )
        )
    }

    private func newPasswordFields(person: Person, state: FormState) -> Node<HTML.FormContext> {
        .group(
            FormField.text("new_password", label: "New password", state: state, type: .password,
                           hint: "At least \(PasswordPolicy.minimumLength(for: person.role)) characters. Three random words work well.",
                           autocomplete: "new-password", maxLength: PasswordPolicy.maximumLength, required: true),
            FormField.text("confirm_password", label: "Type it again", state: state, type: .password,
                           autocomplete: "new-password", maxLength: PasswordPolicy.maximumLength, required: true)
        )
    }

    private func checkNewPassword(_ state: inout FormState, person: Person) {
        let password = state["new_password"]
        if let problem = PasswordPolicy.problem(with: password, for: person) {
            state.errors["new_password"] = problem
        } else if password != state["confirm_password"] {
            state.errors["confirm_password"] = "The two passwords are different. Type the same password twice."
        }
    }

    /// Only right after signing in with a login code; any other change of password needs the current one.
    func choosePassword(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        guard request.visit.session?.mustChoosePassword == true else {
            throw Abort(.forbidden, reason: "Your password can be changed on the Password page, with your current password.")
        }
        var state = try request.formState()
        checkNewPassword(&state, person: person)
        guard state.isValid else { return try await choosePasswordForm(request, person: person, state: state) }
        try await setPassword(state["new_password"], for: person, request: request, action: "chose a password after a login code")
        return request.redirect(to: SiteRoute.home.path(with: .passwordSet), redirectType: .normal)
    }

    /// Saves the new password, ends every session of the person (this one too, replaced by a fresh one) and audits it,
    /// all in one transaction.
    private func setPassword(_ password: String, for person: Person, request: Request, action: String) async throws {
        let hash = try await request.password.async.hash(password)
        try await request.db.transaction { database in
            person.passwordHash = hash
            try await person.update(on: database)
            try await AuthSession.query(on: database).filter(\.$person.$id == person.requireID()).delete()
            request.visit.session = nil
            // Only a fully signed-in person reaches here, so the new session has passed any second step too.
            try await request.signIn(person, twoStepDone: true, on: database)
            try await request.audit.record("changed password", subject: action, by: person, schoolID: person.$school.id, on: database)
        }
    }

    func changePasswordPage(_ request: Request) async throws -> Response {
        try await changePasswordForm(request, person: try request.requirePerson(), state: FormState())
    }

    private func changePasswordForm(_ request: Request, person: Person, state: FormState) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Change your password", for: request,
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.changePassword.path), .class("card"),
                FormField.csrf(csrf),
                FormField.text("current_password", label: "Current password", state: state, type: .password,
                               autocomplete: "current-password", maxLength: PasswordPolicy.maximumLength, required: true),
                newPasswordFields(person: person, state: state),
                .div(.class("actions"), .button(.type(.submit), "Change password"))
            ),
            .p(.class("hint"), "Changing your password signs you out everywhere else."),
            .if(person.role.isStaff, .p(.a(.href(SiteRoute.twoStep.path), "Two-step sign-in")))
        )
    }

    func changePassword(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        var state = try request.formState()
        let current = state["current_password"]
        if current.isEmpty {
            state.errors["current_password"] = "Enter your current password."
        } else {
            let matches = try await request.password.async.verify(current, created: person.passwordHash ?? Self.unusableHash)
            if !matches || current.utf8.count > PasswordPolicy.maximumBytes {
                state.errors["current_password"] = "That is not your current password."
            }
        }
        checkNewPassword(&state, person: person)
        guard state.isValid else { return try await changePasswordForm(request, person: person, state: state) }
        try await setPassword(state["new_password"], for: person, request: request, action: "with the current password")
        return request.redirect(to: SiteRoute.home.path(with: .passwordChanged), redirectType: .normal)
    }

    func signOut(_ request: Request) async throws -> Response {
        try await request.signOut()
        return request.redirect(to: SiteRoute.signIn.path, redirectType: .normal)
    }
}
