import Fluent
import SQLKit
import Vapor

/// Who is making this request, loaded once per request by `SessionMiddleware`.
final class Visit: @unchecked Sendable {
    var session: AuthSession?
    var person: Person?
    /// Who is part-way through signing in (password given, second step owed): not signed in for any page but that step.
    var pendingPerson: Person?
    var school: School?
    /// A session token created during this request, to be sent as the cookie.
    var tokenToSend: String?
    /// Unread notifications, for the bell in the header.
    var unreadNotifications = 0
    var clearCookie = false
    /// A CSRF token for a signed-out visitor's forms, to be sent as its cookie.
    var anonymousCSRFToSend: String?
}

private struct VisitKey: StorageKey { typealias Value = Visit }

extension Request {
    var visit: Visit {
        if let visit = storage[VisitKey.self] { return visit }
        let visit = Visit()
        storage[VisitKey.self] = visit
        return visit
    }

    var configuration: AppConfiguration { application.rapport }

    /// The signed-in person, or a redirect to the sign-in page.
    func requirePerson() throws -> Person {
        guard let person = visit.person else { throw Redirect.toSignIn(from: self) }
        return person
    }

    /// The CSRF token for forms on this page: the session's, or for a visitor who has not signed in, a random token
    /// in a cookie of its own that the form must repeat (nothing is stored for anonymous visitors).
    func csrfToken() async throws -> String {
        if let session = visit.session { return session.csrfToken }
        if let token = anonymousCSRFToken { return token }
        let token = Secrets.randomToken(using: dependencies.random)
        visit.anonymousCSRFToSend = token
        return token
    }

    /// The signed-out visitor's CSRF cookie, as sent or as about to be set.
    var anonymousCSRFToken: String? {
        if let token = visit.anonymousCSRFToSend { return token }
        guard let sent = cookies[anonymousCSRFCookieName]?.string, !sent.isEmpty else { return nil }
        return sent
    }

    /// Starts a fresh session for `person`: the old session id and CSRF token die here (no fixation). Staff who use
    /// two-step sign-in are only part-way in until they give a code (or set one up), unless `twoStepDone` says they have.
    /// Returns the step still owed.
    @discardableResult
    func signIn(_ person: Person, mustChoosePassword: Bool = false, twoStepDone: Bool = false, on database: (any Database)? = nil)
    async throws -> PendingStep? {
        let database = database ?? db
        if let old = visit.session, old.id != nil { try await AuthSession.query(on: database).filter(\.$id == old.requireID()).delete() }
        let pending = twoStepDone ? nil : try await TwoStepPolicy.pendingStep(for: person, on: database)
        let token = Secrets.randomToken(using: dependencies.random)
        let session = AuthSession(
            tokenHash: Secrets.sha256(token), personID: try person.requireID(), csrfToken: Secrets.randomToken(using: dependencies.random),
            now: now, mustChoosePassword: mustChoosePassword, pendingStep: pending)
        try await session.create(on: database)
        visit.session = session
        visit.person = pending == nil ? person : nil
        visit.pendingPerson = pending == nil ? nil : person
        visit.school = pending == nil ? try await person.$school.get(on: database) : nil
        visit.tokenToSend = token
        return pending
    }

    func signOut() async throws {
        if let session = visit.session { try await session.delete(on: db) }
        visit.session = nil
        visit.person = nil
        visit.pendingPerson = nil
        visit.school = nil
        visit.clearCookie = true
    }

    /// Plain http to the machine itself is the one place a `Secure` cookie cannot work.
    var isPlainHTTPLocalhost: Bool {
        guard headers.first(name: "X-Forwarded-Proto")?.lowercased() != "https",
              let host = headers.first(name: .host) else { return false }
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.prefix { $0 != ":" })
        return ["localhost", "127.0.0.1", "::1"].contains(name.lowercased())
    }

    var sessionCookieName: String { isPlainHTTPLocalhost ? "rapport_session" : "__Host-rapport_session" }
    var anonymousCSRFCookieName: String { isPlainHTTPLocalhost ? "rapport_csrf" : "__Host-rapport_csrf" }

    /// The address sign-in throttling counts against.
    var clientAddress: String { configuration.signInThrottle.clientAddress(peer: remoteAddress?.ipAddress, headers: headers) }
    /// The client's own address, as a trusted proxy names it or as the connection shows it.
    var clientIP: String? { configuration.signInThrottle.client(peer: remoteAddress?.ipAddress, headers: headers) }
}

/// Loads the visitor's session, enforces time-outs, and sends the cookie when the session changes.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let visit = request.visit
        if let token = request.cookies[request.sessionCookieName]?.string, !token.isEmpty,
           let found = try await VisitLoad.find(tokenHash: Secrets.sha256(token), on: request.db) {
            try await resume(found, for: request, visit: visit)
        }
        let response = try await next.respond(to: request)
        let secure = !request.isPlainHTTPLocalhost
        if let token = visit.tokenToSend {
            response.cookies[request.sessionCookieName] = HTTPCookies.Value(
                string: token, expires: nil, maxAge: Int(request.configuration.sessionAbsoluteTimeout), path: "/",
                isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        if let token = visit.anonymousCSRFToSend, visit.session == nil {
            response.cookies[request.anonymousCSRFCookieName] = HTTPCookies.Value(
                string: token, expires: nil, maxAge: Int(request.configuration.sessionIdleTimeout), path: "/",
                isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        if visit.tokenToSend == nil, visit.clearCookie {
            response.cookies[request.sessionCookieName] = HTTPCookies.Value(
                string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    private func resume(_ found: VisitLoad, for request: Request, visit: Visit) async throws {
        let (session, person) = (found.session, found.person)
        let now = request.now
        let configuration = request.configuration
        let idle = now.timeIntervalSince(session.lastSeenAt) > configuration.sessionIdleTimeout
        let tooOld = now.timeIntervalSince(session.createdAt) > configuration.sessionAbsoluteTimeout
        if idle || tooOld || (session.$person.id != nil && person?.isActive != true) {
            try await session.delete(on: request.db)
            visit.clearCookie = true
            return
        }
        // Writing on every request would turn every page view into a write; a minute's precision is enough.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.update(on: request.db)
        }
        visit.session = session
        if session.pendingStep != nil {
            visit.pendingPerson = person
            return
        }
        visit.person = person
        visit.school = found.school
        visit.unreadNotifications = found.unreadNotifications
    }
}

/// Refuses any state-changing request whose `_csrf` field (or `X-CSRF-Token` header) does not match the session's token.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await next.respond(to: request)
        }
        let expected = request.visit.session?.csrfToken ?? request.anonymousCSRFToken
        let sent: String?
        if let header = request.headers.first(name: "X-CSRF-Token") {
            sent = header
        } else if request.headers.contentType == .urlEncodedForm || request.headers.contentType?.type == "multipart" {
            // Collected once here with the one limit (an already collected body, as in tests, is measured too);
            // handlers then read `request.body` as usual.
            let limit = request.configuration.maxRosterBytes + 64 * 1024
            let body: ByteBuffer?
            do {
                body = try await request.body.collect(max: limit).get()
            } catch {
                throw Abort(.payloadTooLarge)
            }
            guard (body?.readableBytes ?? 0) <= limit else { throw Abort(.payloadTooLarge) }
            sent = try? request.content.get(String.self, at: Self.fieldName)
        } else {
            sent = nil
        }
        guard let expected, let sent, Secrets.constantTimeEqual(expected, sent) else {
            throw Abort(.forbidden, reason: "This form has expired or did not come from Rapport. Go back, reload the page and try again.")
        }
        return try await next.respond(to: request)
    }
}

/// Thrown by handlers to send the browser elsewhere.
struct Redirect: Error {
    let location: String

    static func toSignIn(from request: Request) -> Redirect {
        if let step = request.visit.session?.pendingStep, request.visit.pendingPerson != nil {
            return Redirect(location: step == .verify ? SiteRoute.twoStepCode.path : SiteRoute.twoStepSetUpAtSignIn.path)
        }
        let target = request.url.path
        guard target != "/", target.hasPrefix("/"), !target.hasPrefix("//") else { return Redirect(location: SiteRoute.signIn.path) }
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "next", value: target)]
        return Redirect(location: SiteRoute.signIn.path + (components.percentEncodedQuery.map { "?\($0)" } ?? ""))
    }
}

/// Lets only the given roles through; everyone else gets a sign-in redirect (anonymous) or a 403.
struct RoleGuard: AsyncMiddleware {
    let roles: Set<Role>
    /// When set, a refused signed-in person is also written to the audit log under this action (for routes whose
    /// every attempt matters, such as concerns).
    var auditRefusalsAs: String? = nil

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let person = try request.requirePerson()
        if request.visit.session?.mustChoosePassword == true {
            throw Redirect(location: SiteRoute.choosePassword.path)
        }
        guard roles.contains(person.role) else {
            if let action = auditRefusalsAs {
                try await request.audit.record(action, subject: "\(request.method.rawValue) \(request.url.path)", by: person,
                                               schoolID: person.$school.id, on: request.db)
            }
            throw Abort(.forbidden, reason: "This page is not part of your role in Rapport.")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The signed-in staff member's or student's school; organisation admins have none.
    func requireSchool() throws -> School {
        guard let school = visit.school else { throw Abort(.forbidden, reason: "This page belongs to a school, and your account is not in one.") }
        return school
    }
}

/// The signed-in visit's session, person, school and unread count, read in one query: every signed-in page needs all
/// four before it starts, and asking for them one at a time was most of a simple page's cost.
struct VisitLoad {
    let session: AuthSession
    let person: Person?
    let school: School?
    let unreadNotifications: Int

    static func find(tokenHash: String, on database: any Database) async throws -> VisitLoad? {
        guard let sql = database as? any SQLDatabase else { return nil }
        let sessionColumns = ["id", "token_hash", "person_id", "csrf_token", "created_at", "last_seen_at", "must_choose_password", "pending_step"]
        let schoolColumns = ["id", "organisation_id", "name", "source_id", "emergency_text", "created_at"]
        let select = (sessionColumns.map { "sessions.\($0) AS session_\($0)" } + schoolColumns.map { "schools.\($0) AS sch_\($0)" })
            .joined(separator: ", ")
        guard let row = try await sql.raw("""
            SELECT people.*, \(unsafeRaw: select),
                   (SELECT COUNT(*) FROM notifications WHERE notifications.person_id = sessions.person_id
                    AND notifications.read_at IS NULL) AS unread_notifications
            FROM sessions LEFT JOIN people ON people.id = sessions.person_id LEFT JOIN schools ON schools.id = people.school_id
            WHERE sessions.token_hash = \(bind: tokenHash)
            """).first() else { return nil }
        let session = try PrefixedRow(row: row, prefix: "session_").decode(fluentModel: AuthSession.self)
        let person = try session.$person.id == nil || row.decodeNil(column: "id") ? nil : row.decode(fluentModel: Person.self)
        let school = try row.decodeNil(column: "sch_id") ? nil : try PrefixedRow(row: row, prefix: "sch_").decode(fluentModel: School.self)
        person?.$school.value = .some(school)
        return VisitLoad(session: session, person: person, school: school,
                         unreadNotifications: try row.decode(column: "unread_notifications", as: Int.self))
    }
}

/// The columns of a joined row that carry `prefix`, read as if they were a row of their own table.
private struct PrefixedRow: SQLRow {
    let row: any SQLRow
    let prefix: String

    var allColumns: [String] { row.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } }
    func contains(column: String) -> Bool { row.contains(column: prefix + column) }
    func decodeNil(column: String) throws -> Bool { try row.decodeNil(column: prefix + column) }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { try row.decode(column: prefix + column, as: type) }
}
