import Fluent
import Plot
import Vapor

/// Sign-in with a password or a one-time code, choosing and changing a password, sign-out.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("") { request -> Response in
            request.redirect(to: request.visit.person == nil ? SiteRoute.signIn.path : SiteRoute.home.path)
        }
        routes.get("login", use: signInPage)
        routes.post("login", use: signIn)
        routes.get("login", "code", use: codePage)
        routes.post("login", "code", use: signInWithCode)
        routes.post("logout", use: signOut)
        routes.get("account", "choose-password", use: choosePasswordPage)
        routes.post("account", "choose-password", use: choosePassword)
        let signedIn = routes.grouped(RoleGuard(roles: Set(Role.allCases)))
        signedIn.get("account", "password", use: changePasswordPage)
        signedIn.post("account", "password", use: changePassword)
    }

    static let wrongDetails = "That username and password don't match. Check them and try again."
    static let wrongCode = "That username and code don't match, or the code has been used or has run out. Ask your coordinator for a new one."

    // MARK: Password sign-in

    func signInPage(_ request: Request) async throws -> Response {
        if request.visit.person != nil, request.visit.session?.mustChoosePassword == false {
            return request.redirect(to: SiteRoute.home.path)
        }
        var state = FormState()
        state.values["next"] = (try? request.query.get(String.self, at: "next")) ?? ""
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

        let throttling = SignInThrottling(request: request)
        if try await throttling.isLockedOut(accountKey: username) {
            try await request.audit.record("sign-in locked out", subject: "account name \(username.prefix(64)) from \(request.clientAddress)",
                                           by: nil, schoolID: nil, on: request.db)
            return try await signInForm(request, state: state, message: SignInThrottling.lockedOutMessage(window: request.configuration.signInThrottle.window))
        }
        let person = try await Person.query(on: request.db)
            .group(.or) { $0.filter(\.$username == username).filter(\.$email == username) }
            .filter(\.$isActive == true).first()
        // Verify against a real hash even when there is no account, so the answer takes as long either way.
        let hash = person?.passwordHash ?? Self.unusableHash
        let matches = try await request.password.async.verify(password, created: hash)
        guard let person, person.passwordHash != nil, matches else {
            try await throttling.record(accountKey: username, succeeded: false)
            return try await signInForm(request, state: state, message: Self.wrongDetails)
        }
        try await throttling.record(accountKey: username, succeeded: true)
        try await request.signIn(person)
        return request.redirect(to: Self.safeNext(state["next"]) ?? SiteRoute.home.path, redirectType: .normal)
    }

    /// A bcrypt hash of a random secret nobody knows: verifying against it always fails, at the normal speed.
    private static let unusableHash = (try? Bcrypt.hash(Secrets.randomToken())) ?? ""

    /// Only paths on this site, never another host.
    static func safeNext(_ next: String) -> String? {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 512 else { return nil }
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

        let throttling = SignInThrottling(request: request)
        if try await throttling.isLockedOut(accountKey: username) {
            return try await codeForm(request, state: state, message: SignInThrottling.lockedOutMessage(window: request.configuration.signInThrottle.window))
        }
        let now = request.now
        let found = try await Person.query(on: request.db).filter(\.$username == username).filter(\.$isActive == true).first()
        let loginCode: LoginCode?
        if let person = found {
            loginCode = try await LoginCode.query(on: request.db)
                .filter(\.$person.$id == person.requireID()).filter(\.$codeHash == Secrets.sha256(code))
                .filter(\.$usedAt == nil).filter(\.$expiresAt > now).first()
        } else {
            loginCode = nil
        }
        guard let person = found, let loginCode else {
            try await throttling.record(accountKey: username, succeeded: false)
            return try await codeForm(request, state: state, message: Self.wrongCode)
        }
        loginCode.usedAt = now
        try await loginCode.update(on: request.db)
        try await throttling.record(accountKey: username, succeeded: true)
        try await request.signIn(person, mustChoosePassword: true)
        return request.redirect(to: SiteRoute.choosePassword.path, redirectType: .normal)
    }

    // MARK: Choosing and changing a password

    func choosePasswordPage(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
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

    func choosePassword(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        var state = try request.formState()
        checkNewPassword(&state, person: person)
        guard state.isValid else { return try await choosePasswordForm(request, person: person, state: state) }
        person.passwordHash = try await request.password.async.hash(state["new_password"])
        try await person.update(on: request.db)
        try await request.signIn(person)
        return request.redirect(to: SiteRoute.home.path + "?notice=password-set", redirectType: .normal)
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
            .p(.class("hint"), "Changing your password signs you out everywhere else.")
        )
    }

    func changePassword(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        var state = try request.formState()
        let current = state["current_password"]
        if current.isEmpty {
            state.errors["current_password"] = "Enter your current password."
        } else if let hash = person.passwordHash, !(try await request.password.async.verify(current, created: hash)) {
            state.errors["current_password"] = "That is not your current password."
        }
        checkNewPassword(&state, person: person)
        guard state.isValid else { return try await changePasswordForm(request, person: person, state: state) }
        person.passwordHash = try await request.password.async.hash(state["new_password"])
        try await person.update(on: request.db)
        try await AuthSession.query(on: request.db).filter(\.$person.$id == person.requireID()).delete()
        request.visit.session = nil
        try await request.signIn(person)
        return request.redirect(to: SiteRoute.home.path + "?notice=password-changed", redirectType: .normal)
    }

    func signOut(_ request: Request) async throws -> Response {
        try await request.signOut()
        return request.redirect(to: SiteRoute.signIn.path, redirectType: .normal)
    }
}
