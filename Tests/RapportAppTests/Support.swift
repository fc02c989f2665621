import Fluent
import Foundation
import NIOHTTP1
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

/// A clock tests can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_790_000_000)  // a Tuesday in September 2026
    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current.addTimeInterval(seconds) } }
    var clock: RapportApp.Clock { RapportApp.Clock(now: { [self] in now }) }
}

/// Runs `test` against a fresh, migrated Rapport: in-memory SQLite, or PostgreSQL in a schema of its own
/// when `RAPPORT_TEST_DATABASE_URL` is set (the full test command sets it).
func withRapport(
    _ adjust: (inout AppConfiguration) -> Void = { _ in },
    _ test: (Application, TestClock) async throws -> Void
) async throws {
    let clock = TestClock()
    var configuration = AppConfiguration(dataDirectory: NSTemporaryDirectory())
    configuration.bcryptCost = 4
    configuration.clock = clock.clock
    let postgresURL = ProcessInfo.processInfo.environment["RAPPORT_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    if let postgresURL {
        configuration.databaseURL = postgresURL
        configuration.postgresSchema = schema
        // Keys in memory too, so no test writes key files into the shared temporary folder.
        configuration.noteKey = NoteCipher.randomKeyText()
        configuration.secretKey = NoteCipher.randomKeyText()
    } else {
        configuration.inMemoryDatabase = true
    }
    adjust(&configuration)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, configuration)
        if postgresURL != nil, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
        }
        try await prepareDatabase(app)
        try await test(app, clock)
        if postgresURL != nil, let sql = app.db as? any SQLDatabase {
            try await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
    } catch {
        try? await app.asyncShutdown()
        // PostgreSQL's errors hide their details from `description`; a failing test should show them.
        throw DescribedError(String(reflecting: error))
    }
    try await app.asyncShutdown()
}

struct DescribedError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The people most tests need: two schools of one organisation, staff of every role, students in both.
struct World {
    let organisation: Organisation
    let school: School
    let otherSchool: School
    let coordinator: Person
    let lead: Person
    let admin: Person
    let mentor: Person
    let mentee: Person
    let otherCoordinator: Person
    let otherStudent: Person
    static let password = "correct-horse-battery"
    /// The authenticator secret of the lead and the admin, who must use two-step sign-in (RFC 6238's test secret).
    static let totpSecret = Array("12345678901234567890".utf8)

    static func make(on app: Application) async throws -> World {
        let database = app.db
        let organisation = Organisation(name: "Test Trust")
        try await organisation.create(on: database)
        let orgID = try organisation.requireID()
        let school = School(organisationID: orgID, name: "Oak School", sourceID: "OAK")
        let otherSchool = School(organisationID: orgID, name: "Elm School", sourceID: "ELM")
        try await school.create(on: database)
        try await otherSchool.create(on: database)
        let hash = try await app.password.async.hash(password)
        func person(_ username: String, _ role: Role, _ school: School?, year: Int? = nil, capacity: Int? = nil) async throws -> Person {
            let person = Person(organisationID: orgID, schoolID: school?.id, role: role, givenName: username.capitalized,
                                familyName: "Tester", username: username, yearGroup: year, capacity: capacity, sourceID: "src-\(username)")
            person.passwordHash = hash
            try await person.create(on: database)
            return person
        }
        func enrolled(_ person: Person) async throws -> Person {
            let factor = try await TwoStepEnrolment.start(for: person.requireID(), secret: totpSecret, notes: app.notes,
                                                          now: app.rapport.clock.now(), on: database)
            factor.confirmedAt = app.rapport.clock.now()
            try await factor.update(on: database)
            return person
        }
        return World(
            organisation: organisation, school: school, otherSchool: otherSchool,
            coordinator: try await person("coord", .coordinator, school),
            lead: try await enrolled(try await person("lead", .safeguardingLead, school)),
            admin: try await enrolled(try await person("admin", .organisationAdmin, nil)),
            mentor: try await person("mentor", .mentor, school, year: 11, capacity: 2),
            mentee: try await person("mentee", .mentee, school, year: 8),
            otherCoordinator: try await person("elmcoord", .coordinator, otherSchool),
            otherStudent: try await person("elmstudent", .mentee, otherSchool, year: 9))
    }
}

/// A browser for tests: keeps cookies, finds the CSRF token on the last page, sends forms.
final class TestBrowser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var host = "rapport.school.example"
    private(set) var lastBody = ""

    init(_ app: Application) { self.app = app }

    /// The token of the last page that had a form, as a browser that goes back and sends a form again would use it.
    private(set) var csrfToken: String?

    @discardableResult
    func request(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        var headers = extra
        headers.replaceOrAdd(name: .host, value: host)
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            if value.string.isEmpty || value.maxAge == 0 { cookies[name] = nil } else { cookies[name] = value.string }
        }
        lastBody = response.body.string
        if let range = lastBody.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) {
            csrfToken = String(lastBody[range].split(separator: "\"")[3])
        }
        return response
    }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse { try await request(.GET, path) }

    /// Sends a URL-encoded form; adds the page's CSRF token unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: String? = nil, withCSRF: Bool = true) async throws -> TestingHTTPResponse {
        var all = fields
        if withCSRF, let token = csrf ?? csrfToken { all.append(("_csrf", token)) }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let encoded = all.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await request(.POST, path, headers: headers, body: ByteBuffer(string: encoded))
    }

    /// Uploads a file as the roster form does.
    @discardableResult
    func upload(_ path: String, field: String, filename: String, data: Data) async throws -> TestingHTTPResponse {
        let boundary = "----rapport-test-boundary"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrfToken ?? "")\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await request(.POST, path, headers: headers, body: body)
    }

    /// Signs in through the real form, and for staff who use two-step sign-in through its page too, with the code of
    /// their authenticator now. Tests sign in again within one 30-second step, so the step a code was last used at is
    /// forgotten first (the one-use rule has tests of its own).
    @discardableResult
    func signIn(_ username: String, password: String = World.password) async throws -> TestingHTTPResponse {
        try await get("/login")
        let response = try await post("/login", [("username", username), ("password", password)])
        if response.location == "/login/two-step/set-up" { return try await setUpTwoStep() }
        guard response.location?.hasPrefix("/login/two-step?") == true || response.location == "/login/two-step" else { return response }
        let person = try await Person.query(on: app.db).filter(\.$username == username).first()!
        let factor = try await TwoStepFactor.confirmed(of: person.requireID(), on: app.db)!
        factor.lastUsedStep = nil
        try await factor.update(on: app.db)
        try await get(response.location!)
        let code = try factor.totp(notes: app.notes).code(at: app.rapport.clock.now())
        return try await post("/login/two-step", [("code", code), ("next", nextParameter(of: response.location!))])
    }

    /// Sets up two-step sign-in as a person would: reads the key the page shows, types the app's code. Returns the page
    /// with the recovery codes.
    @discardableResult
    func setUpTwoStep(at path: String = "/login/two-step/set-up") async throws -> TestingHTTPResponse {
        let page = try await get(path).body.string
        let key = try #require(page.firstMatch(of: /<code class="secret">([A-Z2-7 ]+)<\/code>/)).1
        let secret = try #require(Base32.decode(String(key)))
        let code = TOTP(secret: secret).code(at: app.rapport.clock.now())
        // As a browser sends the form: with its hidden fields, to its own address.
        let next = page.firstMatch(of: /<input type="hidden" name="next" value="([^"]*)"\/>/).map { [("next", String($0.1))] } ?? []
        return try await post(String(path.prefix { $0 != "?" }), [("code", code)] + next)
    }

    private func nextParameter(of location: String) -> String {
        URLComponents(string: location)?.queryItems?.first { $0.name == "next" }?.value ?? ""
    }
}

extension TestingHTTPResponse {
    var location: String? { headers.first(name: .location) }
}

/// The programme form's threshold fields at their defaults, as the form sends them.
func programmeRuleFields() -> [(String, String)] {
    HealthRules.settings.map { ($0.name, String(HealthRules.defaults[keyPath: $0.keyPath])) }
}

/// A pair's history made straight in the database, for tests that need weeks of it at once.
enum PairHistory {
    /// A meeting of `match` proposed by its mentor, its place sealed as the app seals it.
    @discardableResult
    static func meeting(_ app: Application, of match: MentoringMatch, startsAt: Date, minutes: Double = 30,
                        state: MeetingState = .accepted, now: Date) async throws -> Meeting {
        let meeting = Meeting()
        meeting.$match.id = try match.requireID()
        meeting.$proposedBy.id = match.$mentor.id
        meeting.startsAt = startsAt
        meeting.endsAt = startsAt.addingTimeInterval(minutes * 60)
        try app.notes.seal("Library", into: meeting, \.$placeSealed)
        (meeting.state, meeting.createdAt, meeting.updatedAt) = (state, now, now)
        try await meeting.create(on: app.db)
        return meeting
    }

    /// What `person` says happened at `meeting`.
    static func said(_ app: Application, _ outcome: AttendanceOutcome, at meeting: Meeting, by person: UUID, on day: Date) async throws {
        let said = MeetingAttendance()
        (said.$meeting.id, said.$person.id, said.outcome, said.recordedAt) = (try meeting.requireID(), person, outcome, day)
        try await said.create(on: app.db)
    }
}
