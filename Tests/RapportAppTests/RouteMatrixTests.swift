import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

/// The authorisation matrix the security requirements ask for under "Tenancy" (every query scoped to the signed-in
/// person's school; every route tried with every role, as the owner, as another student of the same school and as a
/// user of another school), generated from the registered route table.
///
/// Every route Rapport registers is tried by every kind of visitor: a coordinator, a safeguarding lead and an
/// organisation admin, a mentor and a mentee (all signed in), and someone signed out. Where the address names a record,
/// it is tried with the visitor's own record (for a coordinator: a record of their school), with another record of the
/// same school that is not theirs, and with a record of another school (Elm School). Each answer is checked against
/// `RouteMatrix.entries`, a table written by hand and keyed by "METHOD /path/:pattern"; a route registered without an
/// entry fails, and so does an entry for a route that is no longer registered.
///
/// What it proves, for every route at once:
/// - signed out, a page sends you to sign in (`303` to `/login?next=…`) and the API answers `401`; only the sign-in
///   pages, the stylesheet, the health check, the API description and the calendar feed (whose address is its key)
///   answer anyone;
/// - a role a route is not for gets `403`, before anything is looked up;
/// - someone else's record, or another school's, is answered as if it did not exist (`404`), never shown or changed;
/// - the people a route is for get past the guard and the lookup: their answer is one of the statuses the handler
///   gives (an empty form is refused by its own validation: `400`, `409` or `422`), never `403`, `404`, a `500` or a
///   redirect to sign in. Where the handler itself refuses one of a pair (only the mentee sets goals, only the owner
///   follows up a commitment, nobody celebrates their own win), the table says so.
///
/// Forms are sent almost empty, with a valid CSRF token (refreshed after sign-in, which rotates the session; an
/// anonymous one for signed-out visitors; `X-CSRF-Token` for the API), so every refusal comes from the route's own guard.
/// Records of a pair's space (a meeting, commitment, win, goal or step) are tried under the visitor's own match, so a
/// `404` there proves the record itself is looked up within the match; foreign matches are tried by the routes whose
/// record is the match.
@Suite("Authorisation matrix")
struct RouteMatrixTests {
    @Test("every route answers every visitor as the matrix says, for their own records, others' of their school and another school's")
    func everyRouteAnswersEveryVisitorAsTheMatrixSays() async throws {
        try await withRapport { app, clock in
            let fixtures = try await RouteMatrix.Fixtures.make(app, clock)
            let visitors = RouteMatrix.Visitor.allCases

            // One browser per visitor for the whole matrix, with the CSRF token its forms need.
            var browsers: [RouteMatrix.Visitor: TestBrowser] = [:]
            var apiTokens: [RouteMatrix.Visitor: String] = [:]
            for visitor in visitors {
                let browser: TestBrowser
                switch visitor {
                case .mentor:
                    browser = fixtures.pair.mentor
                    try await browser.get("/account/password")
                case .mentee:
                    browser = fixtures.pair.mentee
                    try await browser.get("/account/password")
                default:
                    browser = try await RouteMatrix.browser(for: visitor, on: app)
                }
                browsers[visitor] = browser
                if visitor == .signedOut {
                    apiTokens[visitor] = browser.csrfToken
                } else {
                    let me = try await browser.get("/api/v1/me")
                    #expect(me.status == .ok, "GET /api/v1/me as \(visitor) while setting up: got \(me.status.code)")
                    apiTokens[visitor] = try me.content.decode(APIController.PersonDTO.self).csrfToken
                }
            }

            let table = RouteMatrix.table
            var registered: Set<String> = []
            var cases = 0
            for route in app.routes.all {
                let key = RouteMatrix.key(route)
                registered.insert(key)
                guard let rule = table[key] else {
                    Issue.record("\(key) is registered but has no entry in RouteMatrix.entries: add what each visitor should get")
                    continue
                }
                let isAPI = route.path.first?.description == "api"
                for scope in rule.scopes(for: route.path) {
                    for visitor in visitors {
                        let path = fixtures.path(route.path, rule: rule, scope: scope, visitor: visitor)
                        let fields = fixtures.fields(of: rule, visitor: visitor)
                        let browser: TestBrowser
                        if rule.endsSession {
                            browser = try await RouteMatrix.browser(for: visitor, on: app)
                        } else {
                            browser = browsers[visitor]!
                        }
                        let response = try await RouteMatrix.send(route.method, path, rule: rule, fields: fields, browser: browser,
                                                                  apiToken: apiTokens[visitor])
                        let outcome = RouteMatrix.Outcome(response)
                        let expected = rule.expectation(for: visitor, scope: scope, isAPI: isAPI)
                        let label = scope.map { " [\($0)]" } ?? ""
                        #expect(expected.accepts(outcome), "\(key)\(label) as \(visitor): got \(outcome), expected \(expected)")
                        cases += 1
                    }
                }
            }
            for entry in RouteMatrix.entries where !registered.contains(entry.key) {
                Issue.record("\(entry.key) has an entry in RouteMatrix.entries but no such route is registered")
            }
            #expect(cases >= registered.count * visitors.count, "every registered route was tried by every visitor")
        }
    }

    @Test("every registered route has an entry in the matrix, and every entry names a registered route")
    func theMatrixCoversTheRouteTable() async throws {
        try await withRapport { app, _ in
            let registered = app.routes.all.map(RouteMatrix.key)
            let keys = RouteMatrix.entries.map(\.key)
            for key in registered {
                #expect(keys.contains(key), "\(key) is registered but has no entry in RouteMatrix.entries: add what each visitor should get")
            }
            for key in keys {
                #expect(registered.contains(key), "\(key) has an entry in RouteMatrix.entries but no such route is registered")
            }
            let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(repeated.isEmpty, "entries given more than once: \(repeated)")
            // Routes come from `Endpoint` and nowhere else: every case is registered, every registration is a case.
            let templates = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            #expect(Set(Endpoint.allCases.map(\.rawValue)) == templates,
                    "not registered: \(Set(Endpoint.allCases.map(\.rawValue)).subtracting(templates).sorted()); not an Endpoint: \(templates.subtracting(Endpoint.allCases.map(\.rawValue)).sorted())")
        }
    }
}

/// The matrix's table, its vocabulary and its fixtures, kept in one namespace so nothing here shadows the app's types.
enum RouteMatrix {
    /// Statuses of a page or document the visitor may open.
    static let pageAnswers: Set<UInt> = [200]
    /// Statuses of a form sent (nearly) empty by someone allowed to send it: saved and redirected, or refused by the
    /// handler's own validation. Never 403, 404, 500 or a sign-in redirect.
    static let formAnswers: Set<UInt> = [200, 303, 400, 409, 422]

    // MARK: The table

    /// What every registered route answers whom. Parameters are filled from `Fixtures`: `:student` is a mentor of the
    /// pair's school (another: Ada, a mentor of the same school; another school's: Elm School's mentor), `:programme`,
    /// `:match`, `:story`, `:round` and the pair's records likewise; `:notification` is the visitor's own.
    static let entries: [Entry] = [
        // Open to anyone.
        Entry(.GET, .stylesheet, .anyone(.status(200))),
        Entry(.GET, .healthz, .anyone(.status(200))),
        // Only for the addresses RAPPORT_METRICS_ALLOW lists; the matrix configures none.
        Entry(.GET, .metrics, .anyone(.status(404))),
        Entry(.GET, .apiDescription, .anyone(.status(200))),
        Entry(.GET, .root, .unguarded(signedIn: .redirect("/home"), signedOut: .redirect("/login"))),
        Entry(.GET, .signIn, .unguarded(signedIn: .redirect("/home"), signedOut: .status(200))),
        // An empty sign-in form is shown again with its errors, whoever sends it.
        Entry(.POST, .signIn, .anyone(.status(200))),
        Entry(.GET, .signInWithCode, .anyone(.status(200))),
        Entry(.POST, .signInWithCode, .anyone(.status(200))),
        // Ends the session, so it is sent from a browser signed in (or out) for the purpose.
        Entry(.POST, .signOut, .anyone(.redirect("/login")).endingSession()),
        // The second step of sign-in, only for a session that owes it: anyone else is sent to the sign-in page.
        Entry(.GET, .twoStepCode, .anyone(.redirect("/login"))),
        Entry(.POST, .twoStepCode, .anyone(.redirect("/login"))),
        Entry(.GET, .twoStepSetUpAtSignIn, .anyone(.redirect("/login"))),
        Entry(.POST, .twoStepSetUpAtSignIn, .anyone(.redirect("/login"))),
        // Only inside the login-code flow: anyone else signed in is sent to the ordinary page, or refused.
        Entry(.GET, .choosePassword, .unguarded(signedIn: .redirect("/account/password"), signedOut: .toSignIn)),
        Entry(.POST, .choosePassword, .unguarded(signedIn: .status(403), signedOut: .toSignIn)),
        // The calendar feed is fetched without a session: its address is the key. A made-up one is not found.
        Entry(.GET, .calendarFeed, .anyone(.status(200)).tried([.own, .madeUp])),
        // A reminder e-mail's stop link: its key is the permission, signed in or not; a made-up key opens nothing.
        Entry(.GET, .stopReminders, .anyone(.status(200)).tried([.own, .madeUp])),
        Entry(.POST, .stopReminders, .anyone(.status(303)).tried([.own, .madeUp])),

        // Everyone signed in.
        Entry(.GET, .changePassword, .only(Visitor.everyone)),
        Entry(.POST, .changePassword, .only(Visitor.everyone, formAnswers)),
        Entry(.GET, .home, .only(Visitor.everyone)),
        Entry(.GET, .apiMe, .only(Visitor.everyone)),
        Entry(.GET, .notifications, .only(Visitor.everyone)),
        Entry(.POST, .notificationsRead, .only(Visitor.everyone, formAnswers)),
        Entry(.POST, .openNotification, .only(Visitor.everyone, formAnswers, records: .personal)),
        Entry(.GET, .staff, .only(Visitor.staff)),
        // Two-step sign-in for staff. The lead and the admin have it on, so setting up sends them to its page; an empty
        // code is refused (422, or 409 for the coordinator who has none), and roles that must use it cannot turn it off.
        Entry(.GET, .twoStep, .only(Visitor.staff)),
        Entry(.GET, .twoStepSetUp, .only(Visitor.staff, [200, 303])),
        Entry(.POST, .twoStepSetUp, .only(Visitor.staff, formAnswers)),
        Entry(.POST, .twoStepRecoveryCodes, .only(Visitor.staff, formAnswers)),
        Entry(.POST, .twoStepTurnOff, .only(Visitor.staff, formAnswers).refusing(.lead).refusing(.admin)),
        // The organisation admin resets it for staff of their organisation (another organisation's: 404).
        Entry(.POST, .resetTwoStep, .only([.admin], formAnswers, records: .school)),
        Entry(.POST, .twoStepRule, .only([.admin], formAnswers)),

        // The coordinator, within their school.
        Entry(.GET, .students, .only([.coordinator])),
        Entry(.GET, .newStudent, .only([.coordinator])),
        Entry(.POST, .newStudent, .only([.coordinator], formAnswers)),
        Entry(.GET, .student, .only([.coordinator], records: .school)),
        Entry(.GET, .editStudent, .only([.coordinator], records: .school)),
        Entry(.POST, .editStudent, .only([.coordinator], formAnswers, records: .school)),
        Entry(.POST, .studentLoginCode, .only([.coordinator], formAnswers, records: .school)),
        Entry(.POST, .loginCards, .only([.coordinator], formAnswers)),
        Entry(.GET, .rosterImport, .only([.coordinator])),
        // Sent as the page sends it (multipart), with an empty file.
        Entry(.POST, .rosterImport, .only([.coordinator], formAnswers).sent(as: .multipart(field: "roster"))),
        Entry(.GET, .rosterTemplate, .only([.coordinator])),
        Entry(.GET, .programmes, .only([.coordinator])),
        Entry(.POST, .programmes, .only([.coordinator], formAnswers)),
        Entry(.GET, .editProgramme, .only([.coordinator], records: .school)),
        Entry(.POST, .editProgramme, .only([.coordinator], formAnswers, records: .school)),
        Entry(.GET, .programmeMatching, .only([.coordinator], records: .school)),
        Entry(.POST, .programmeMatching, .only([.coordinator], formAnswers, records: .school)),
        Entry(.POST, .programmeMatchingPreview, .only([.coordinator], formAnswers, records: .school)),
        // Without a student to keep apart and a reason, nothing is added (422); without an entry of the list, nothing removed.
        Entry(.POST, .doNotPair, .only([.coordinator], formAnswers, records: .school)),
        Entry(.POST, .removeDoNotPair, .only([.coordinator], formAnswers, records: .school)),
        Entry(.GET, .apiStudents, .only([.coordinator])),
        Entry(.GET, .timetable, .only([.coordinator])),
        Entry(.POST, .timetable, .only([.coordinator], formAnswers)),
        Entry(.GET, .trainingProgress, .only([.coordinator])),
        Entry(.POST, .trainingInPerson, .only([.coordinator], formAnswers, records: .school)),
        Entry(.GET, .storyReview, .only([.coordinator])),
        Entry(.POST, .storyVisibility, .only([.coordinator], formAnswers, records: .school)),
        Entry(.GET, .matches, .only([.coordinator])),
        Entry(.GET, .matchDetail, .only([.coordinator], records: .school)),
        Entry(.POST, .moveMatch, .only([.coordinator], formAnswers, records: .school)),
        Entry(.GET, .checkIns, .only([.coordinator])),
        Entry(.GET, .matchTimeline, .only([.coordinator], records: .school)),
        Entry(.POST, .allowRematch, .only([.coordinator], formAnswers, records: .school)),
        Entry(.GET, .dashboard, .only([.coordinator, .admin])),
        Entry(.GET, .report, .only([.coordinator])),
        Entry(.GET, .reportCSV, .only([.coordinator])),
        Entry(.GET, .matchCheckIns, .only([.coordinator], records: .school)),
        Entry(.POST, .matchCheckIns, .only([.coordinator], formAnswers, records: .school)),
        Entry(.POST, .snoozeMatch, .only([.coordinator], formAnswers, records: .school)),
        Entry(.POST, .endSnooze, .only([.coordinator], formAnswers, records: .school)),
        Entry(.GET, .mentorSupport, .only([.coordinator])),
        Entry(.POST, .mentorHelpAnswered, .only([.coordinator], formAnswers, records: .school)),
        Entry(.POST, .supervisionSessions, .only([.coordinator], formAnswers)),
        // Ticking nobody for a past session is a valid answer (303).
        Entry(.POST, .supervisionAttendance, .only([.coordinator], formAnswers, records: .school)),
        Entry(.GET, .rounds, .only([.coordinator])),
        // Starts a round for the pair's programme, where every mentee is already matched, so nobody is proposed.
        // (An empty form names no programme, which the handler answers with 404, as it should.)
        Entry(.POST, .rounds, .only([.coordinator], formAnswers).field("programme", ":programme")),
        // Rounds are real, closed rounds (made with Fluent): once the coordinator's school owns the round, every action
        // answers 409 ("This round is closed") before reading the form, so the status proves the lookup and changes nothing.
        Entry(.GET, .round, .only([.coordinator], records: .school)),
        // Every action on a round is one address; allowing a pair that was never forbidden changes nothing.
        Entry(.POST, .roundAction, .only([.coordinator], formAnswers, records: .school).word("action", "unforbid")),

        // Worries: anyone in a school raises one (the organisation admin is in none) and sees only their own.
        Entry(.GET, .worried, .only(Visitor.everyone).refusing(.admin)),
        Entry(.POST, .worried, .only(Visitor.everyone, formAnswers).refusing(.admin)),
        Entry(.GET, .worriedList, .only(Visitor.everyone)),
        Entry(.GET, .worriedReceipt, .only(Visitor.everyone, records: .personal).refusing(.admin, 404)),
        // The organisation admin, for the schools of their organisation (another organisation's school: 404).
        Entry(.GET, .schools, .only([.admin])),
        Entry(.GET, .schoolEmergencyText, .only([.admin], records: .school)),
        Entry(.POST, .schoolEmergencyText, .only([.admin], formAnswers, records: .school)),
        // The safeguarding lead, within their school; refusals of other roles are audited.
        Entry(.GET, .concerns, .only([.lead])),
        Entry(.GET, .concern, .only([.lead], records: .school)),
        // Closing an unacknowledged concern is refused (422), so the record is left as it was.
        Entry(.POST, .concernAction, .only([.lead], formAnswers, records: .school).word("action", "close")),
        Entry(.GET, .chronology, .only([.lead], records: .school)),
        // Data requests: the lead for their school, the organisation admin for every school of theirs (another
        // organisation's student: 404). Exporting needs a reason: an empty form is refused (422) and nothing is exported.
        Entry(.GET, .records, .only([.lead, .admin])),
        Entry(.GET, .studentRecord, .only([.lead, .admin], records: .school)),
        Entry(.POST, .studentRecord, .only([.lead, .admin], formAnswers, records: .school)),
        // Without a reason and the typed username, nothing is deleted (422).
        Entry(.POST, .deleteStudentRecord, .only([.lead, .admin], formAnswers, records: .school)),

        // Students.
        Entry(.GET, .myProfile, .only(Visitor.students)),
        Entry(.POST, .myProfile, .only(Visitor.students, formAnswers)),
        Entry(.GET, .reminderSettings, .only(Visitor.students)),
        // A mentor's own support.
        Entry(.GET, .myMentoring, .only([.mentor])),
        Entry(.POST, .myMentoringWellbeing, .only([.mentor], formAnswers)),
        Entry(.POST, .myMentoringHelp, .only([.mentor], formAnswers)),
        Entry(.GET, .myMentoringCertificate, .only([.mentor])),
        // Every box unticked turns every reminder off: a valid choice, saved (303).
        Entry(.POST, .reminderSettings, .only(Visitor.students, [303])),
        Entry(.GET, .apiMyProfile, .only(Visitor.students)),
        Entry(.PUT, .apiMyProfile, .only(Visitor.students, formAnswers).sent(as: .json)),
        // With one match, a student is sent straight to it.
        Entry(.GET, .myMatches, .only(Visitor.students, [200, 303])),
        Entry(.GET, .calendar, .only(Visitor.students)),
        Entry(.POST, .resetCalendar, .only(Visitor.students, formAnswers)),
        Entry(.GET, .shortlist, .only([.mentee])),
        Entry(.POST, .shortlist, .only([.mentee], formAnswers)),
        Entry(.GET, .training, .only([.mentor])),
        Entry(.GET, .trainingModule, .only([.mentor]).word("module", "confidentiality")),
        Entry(.POST, .trainingModule, .only([.mentor], formAnswers).word("module", "confidentiality")),
        Entry(.GET, .stories, .only([.mentor])),
        Entry(.POST, .stories, .only([.mentor], formAnswers)),
        // Only the story's own mentor; without the confirmation tick nothing is deleted (422).
        Entry(.POST, .deleteStory, .only([.mentor], formAnswers, records: .personal)),

        // A pair's space: its mentor and mentee only; staff by role (403), other students as if it did not exist (404).
        Entry(.GET, .apiMatchMeetings, .pair(pageAnswers)),
        Entry(.GET, .myMatch, .pair(pageAnswers)),
        Entry(.POST, .signMatch, .pair(formAnswers)),
        Entry(.POST, .askAboutMatch, .pair(formAnswers)),
        Entry(.POST, .askToStop, .pair(formAnswers)),
        Entry(.GET, .pairGoodbye, .pair(pageAnswers)),
        Entry(.POST, .pairGoodbye, .pair(formAnswers)),
        Entry(.GET, .pairRecord, .pair(pageAnswers).refusing(.mentor, 404)),
        Entry(.GET, .pairAboutMe, .pair(pageAnswers)),
        Entry(.POST, .pairAboutMe, .pair(formAnswers)),
        Entry(.GET, .pairGroundRules, .pair(pageAnswers)),
        Entry(.POST, .pairGroundRules, .pair(formAnswers)),
        Entry(.GET, .pairMeetings, .pair(pageAnswers)),
        Entry(.POST, .pairMeetings, .pair(formAnswers)),
        Entry(.GET, .pairMeeting, .pair(pageAnswers)),
        Entry(.GET, .pairMeetingCalendar, .pair(pageAnswers)),
        // Cancelling without a reason is refused (422), so the meeting stays as it was.
        Entry(.POST, .pairMeetingAction, .pair(formAnswers).word("action", "cancel")),
        Entry(.GET, .pairCommitments, .pair(pageAnswers)),
        Entry(.POST, .pairCommitments, .pair(formAnswers)),
        // The commitment is the mentee's: only its owner says how it went.
        Entry(.POST, .pairCommitmentFollowUp, .pair(formAnswers).refusing(.mentor)),
        Entry(.GET, .pairWins, .pair(pageAnswers)),
        Entry(.POST, .pairWins, .pair(formAnswers)),
        // The win is the mentor's: the other one celebrates it.
        Entry(.POST, .pairWinCelebration, .pair(formAnswers).refusing(.mentor)),
        Entry(.GET, .pairGoals, .pair(pageAnswers)),
        // Only the mentee sets goals: the mentor is refused once the match is found...
        Entry(.POST, .pairGoals, .pair(formAnswers).refusing(.mentor)),
        // ...and before the goal is looked up.
        Entry(.POST, .pairGoalAction, .pair(formAnswers).word("action", "steps").refusing(.mentor, beforeLookup: true)),
        // Only the mentor encourages a step, once it is found.
        Entry(.POST, .pairStepAction, .pair(formAnswers).word("action", "encourage").refusing(.mentee)),
        Entry(.GET, .pairFeedback, .pair(pageAnswers)),
        // Round 1 is open (the match was activated 29 days ago); without a round the handler answers 404.
        Entry(.POST, .pairFeedback, .pair(formAnswers).field("round", "1")),
        // The suggestion is the mentee's, revealed (both answered): the other one puts it on the agenda.
        Entry(.POST, .pairFeedbackAgenda, .pair(formAnswers).refusing(.mentee)),
        Entry(.GET, .pairCheck, .pair(pageAnswers)),
        Entry(.POST, .pairCheck, .pair(formAnswers)),
    ]

    static let table: [String: Rule] = Dictionary(entries.map { ($0.key, $0.rule) }, uniquingKeysWith: { first, _ in first })

    /// "METHOD /path/:pattern", as the table is keyed; the root is registered as `[""]`, so it is "GET /".
    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /\(route.path.map(\.description).joined(separator: "/"))"
    }

    struct Entry: Sendable {
        let key: String
        let rule: Rule

        init(_ method: HTTPMethod, _ endpoint: Endpoint, _ rule: Rule) {
            self.key = "\(method.rawValue) \(endpoint.rawValue)"
            self.rule = rule
        }
    }

    // MARK: Vocabulary

    enum Visitor: CaseIterable, Sendable, CustomStringConvertible {
        case coordinator, lead, admin, mentor, mentee, signedOut

        static let staff: Set<Visitor> = [.coordinator, .lead, .admin]
        static let students: Set<Visitor> = [.mentor, .mentee]
        static let everyone: Set<Visitor> = [.coordinator, .lead, .admin, .mentor, .mentee]

        /// World's usernames: Oak School's staff and students; the admin has no school.
        var username: String? {
            switch self {
            case .coordinator: return "coord"
            case .lead: return "lead"
            case .admin: return "admin"
            case .mentor: return "mentor"
            case .mentee: return "mentee"
            case .signedOut: return nil
            }
        }

        var description: String {
            switch self {
            case .coordinator: return "coordinator"
            case .lead: return "safeguarding lead"
            case .admin: return "organisation admin"
            case .mentor: return "mentor"
            case .mentee: return "mentee"
            case .signedOut: return "signed out"
            }
        }
    }

    /// Whose record the address names.
    enum Scope: Sendable, CustomStringConvertible {
        /// The visitor's own (for a coordinator: a record of their school).
        case own
        /// Another record of the same school that is not the visitor's.
        case sameSchool
        /// A record of Elm School.
        case otherSchool
        /// An address that names nothing.
        case madeUp

        var description: String {
            switch self {
            case .own: return "own record"
            case .sameSchool: return "someone else's record in the same school"
            case .otherSchool: return "another school's record"
            case .madeUp: return "made-up address"
            }
        }
    }

    /// Which records a route's visitors may reach through it.
    enum Records: Sendable {
        /// The address names no record.
        case noRecords
        /// Any record of the visitor's school (the coordinator's routes).
        case school
        /// Only the visitor's own.
        case personal

        func reach(_ scope: Scope?) -> Bool {
            guard let scope else { return true }
            switch scope {
            case .own: return true
            case .sameSchool: return self == .school
            case .otherSchool, .madeUp: return false
            }
        }
    }

    /// What a visitor should get.
    enum Expect: Sendable, CustomStringConvertible {
        /// Exactly this status.
        case status(UInt)
        /// Past the guard and the lookup: one of these statuses, and a 303 that does not go to sign-in.
        case reached(Set<UInt>)
        /// 303 to the sign-in page, remembering where they were going.
        case toSignIn
        /// 303 to exactly this address.
        case redirect(String)

        func accepts(_ outcome: Outcome) -> Bool {
            switch self {
            case .status(let code):
                return outcome.status == code
            case .reached(let codes):
                let toSignIn = outcome.status == 303 && (outcome.location ?? "").hasPrefix("/login")
                return codes.contains(outcome.status) && !toSignIn
            case .toSignIn:
                return outcome.status == 303 && (outcome.location ?? "").hasPrefix("/login?next=")
            case .redirect(let location):
                return outcome.status == 303 && outcome.location == location
            }
        }

        var description: String {
            switch self {
            case .status(let code): return "\(code)"
            case .reached(let codes):
                let list = codes.sorted().map { String($0) }.joined(separator: ", ")
                return "one of \(list) (past the guard, not to sign-in)"
            case .toSignIn: return "303 → /login?next=…"
            case .redirect(let location): return "303 → \(location)"
            }
        }
    }

    /// What a visitor got.
    struct Outcome: CustomStringConvertible {
        let status: UInt
        let location: String?

        init(_ response: TestingHTTPResponse) {
            status = response.status.code
            location = response.location
        }

        var description: String { location.map { "\(status) → \($0)" } ?? "\(status)" }
    }

    /// One route's row of the matrix.
    struct Rule: Sendable {
        enum Access: Sendable {
            /// No guard: the same answer for every signed-in visitor, and one for the signed out.
            case unguarded(signedIn: Expect, signedOut: Expect)
            /// `RoleGuard`: signed out to sign-in (the API: 401), other roles 403.
            case guarded(Set<Visitor>)
        }

        enum Body: Sendable {
            case urlEncoded
            /// As the roster page sends it, with an empty file in this field.
            case multipart(field: String)
            /// An empty JSON object, with the CSRF token in `X-CSRF-Token`.
            case json
        }

        /// A refusal by the handler's own rule, for one of the people the guard lets through.
        struct Refusal: Sendable {
            let status: UInt
            /// Refused before the scoped record is looked up, so whose record it is makes no difference.
            let beforeLookup: Bool
        }

        var access: Access
        var reached: Set<UInt> = RouteMatrix.pageAnswers
        var records: Records = .noRecords
        var refusals: [Visitor: Refusal] = [:]
        /// Parameters that are words, not records, such as a meeting's `:action`.
        var words: [String: String] = [:]
        /// Form fields to send; a value such as `:programme` is the visitor's own record of that kind.
        var fields: [String: String] = [:]
        var body: Body = .urlEncoded
        /// The scopes to try when the address names a record; all three unless given.
        var triedScopes: [Scope]? = nil
        var endsSession = false

        static func anyone(_ expected: Expect) -> Rule {
            Rule(access: .unguarded(signedIn: expected, signedOut: expected))
        }

        static func unguarded(signedIn: Expect, signedOut: Expect) -> Rule {
            Rule(access: .unguarded(signedIn: signedIn, signedOut: signedOut))
        }

        static func only(_ visitors: Set<Visitor>, _ reached: Set<UInt> = RouteMatrix.pageAnswers, records: Records = .noRecords) -> Rule {
            Rule(access: .guarded(visitors), reached: reached, records: records)
        }

        /// A route of a pair's space: its mentor and mentee, in their own match.
        static func pair(_ reached: Set<UInt>) -> Rule {
            only(Visitor.students, reached, records: .personal)
        }

        func refusing(_ visitor: Visitor, _ status: UInt = 403, beforeLookup: Bool = false) -> Rule {
            var rule = self
            rule.refusals[visitor] = Refusal(status: status, beforeLookup: beforeLookup)
            return rule
        }

        func word(_ parameter: String, _ value: String) -> Rule {
            var rule = self
            rule.words[parameter] = value
            return rule
        }

        func field(_ name: String, _ value: String) -> Rule {
            var rule = self
            rule.fields[name] = value
            return rule
        }

        func sent(as body: Body) -> Rule {
            var rule = self
            rule.body = body
            return rule
        }

        func tried(_ scopes: [Scope]) -> Rule {
            var rule = self
            rule.triedScopes = scopes
            return rule
        }

        func endingSession() -> Rule {
            var rule = self
            rule.endsSession = true
            return rule
        }

        /// The record parameter whose owner varies: the last one that is not a word. Others (the `:match` a meeting
        /// is under) are the visitor's own.
        func scopedParameter(in path: [PathComponent]) -> String? {
            path.compactMap { component -> String? in
                guard case .parameter(let name) = component, words[name] == nil else { return nil }
                return name
            }.last
        }

        func scopes(for path: [PathComponent]) -> [Scope?] {
            guard scopedParameter(in: path) != nil else { return [nil] }
            return (triedScopes ?? [.own, .sameSchool, .otherSchool]).map { Optional($0) }
        }

        func expectation(for visitor: Visitor, scope: Scope?, isAPI: Bool) -> Expect {
            switch access {
            case .unguarded(let signedIn, let signedOut):
                if scope == .madeUp { return .status(404) }
                return visitor == .signedOut ? signedOut : signedIn
            case .guarded(let allowed):
                if visitor == .signedOut { return isAPI ? .status(401) : .toSignIn }
                guard allowed.contains(visitor) else { return .status(403) }
                let refusal = refusals[visitor]
                if let refusal, refusal.beforeLookup { return .status(refusal.status) }
                guard records.reach(scope) else { return .status(404) }
                if let refusal { return .status(refusal.status) }
                return .reached(reached)
            }
        }
    }

    // MARK: Sending

    /// A browser for `visitor`: signed in and holding the new session's CSRF token (sign-in rotates the session, and
    /// every signed-in role may open the password page), or signed out with the anonymous CSRF cookie of the sign-in page.
    static func browser(for visitor: Visitor, on app: Application) async throws -> TestBrowser {
        let browser = TestBrowser(app)
        guard let username = visitor.username else {
            try await browser.get("/login")
            return browser
        }
        let signedIn = try await browser.signIn(username)
        #expect(signedIn.location == "/home", "\(visitor) could not sign in for the matrix: got \(signedIn.status.code)")
        try await browser.get("/account/password")
        return browser
    }

    static func send(_ method: HTTPMethod, _ path: String, rule: Rule, fields: [(String, String)], browser: TestBrowser,
                     apiToken: String?) async throws -> TestingHTTPResponse {
        if method == .GET { return try await browser.get(path) }
        switch rule.body {
        case .urlEncoded:
            guard method == .POST else {
                Issue.record("\(method.rawValue) \(path): the matrix sends URL-encoded forms only with POST; give the entry a body")
                return try await browser.request(method, path)
            }
            return try await browser.post(path, fields)
        case .multipart(let field):
            return try await browser.upload(path, field: field, filename: "empty.csv", data: Data())
        case .json:
            var headers = HTTPHeaders()
            headers.contentType = .json
            if let apiToken { headers.replaceOrAdd(name: "X-CSRF-Token", value: apiToken) }
            return try await browser.request(method, path, headers: headers, body: ByteBuffer(string: "{}"))
        }
    }

    // MARK: Fixtures

    /// World's active pair, and for every kind of record one that is the visitor's own, one of the same school that
    /// is not (Ada mentors Olu at Oak School), and one of Elm School (its mentor and Elm's student).
    struct Fixtures {
        let pair: ActivePair
        let ids: [String: [Scope: UUID]]
        /// Records each visitor has of their own, by parameter (notifications, concerns they raised).
        let ownRecords: [String: [Visitor: UUID]]
        /// For the organisation admin, whose own records are those of every school of the organisation: another
        /// school's record is another organisation's.
        let organisationWideIDs: [String: [Scope: UUID]]
        static let feedToken = "route-matrix-calendar-feed-token"
        static let reminderToken = "route-matrix-reminder-stop-token"

        struct PairRecords {
            let commitment: UUID
            let win: UUID
            let goal: UUID
            let step: UUID
            let answer: UUID
        }

        func path(_ components: [PathComponent], rule: Rule, scope: Scope?, visitor: Visitor) -> String {
            let scoped = rule.scopedParameter(in: components)
            let parts = components.map { component -> String in
                guard case .parameter(let name) = component else { return component.description }
                if let word = rule.words[name] { return word }
                return value(of: name, scope: name == scoped ? (scope ?? .own) : .own, visitor: visitor)
            }
            return "/" + parts.joined(separator: "/")
        }

        func fields(of rule: Rule, visitor: Visitor) -> [(String, String)] {
            rule.fields.sorted { $0.key < $1.key }.map { field -> (String, String) in
                guard field.value.hasPrefix(":") else { return (field.key, field.value) }
                return (field.key, value(of: String(field.value.dropFirst()), scope: .own, visitor: visitor))
            }
        }

        func value(of parameter: String, scope: Scope, visitor: Visitor) -> String {
            if parameter == "file" { return (scope == .own ? Self.feedToken : "made-up-calendar-token") + ".ics" }
            if parameter == "token" { return scope == .own ? Self.reminderToken : "made-up-reminder-token" }
            if scope == .madeUp { return UUID().uuidString.lowercased() }
            if scope == .own, let own = ownRecords[parameter]?[visitor] { return own.uuidString.lowercased() }
            if visitor == .admin, let id = organisationWideIDs[parameter]?[scope] { return id.uuidString.lowercased() }
            guard let id = ids[parameter]?[scope] else {
                Issue.record("RouteMatrix.Fixtures has no \(scope) for :\(parameter); add one so the route can be tried")
                return UUID().uuidString.lowercased()
            }
            return id.uuidString.lowercased()
        }

        static func make(_ app: Application, _ clock: TestClock) async throws -> Fixtures {
            let pair = try await ActivePair.make(app, clock)
            let world = pair.world
            let database = app.db
            let notes = app.notes
            let now = clock.now
            let organisationID = try world.organisation.requireID()

            // The pair's meeting, proposed through the form as the mentor would.
            let meetingPath = try pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-09-23", time: "13:20"))
            let meetingIDText = String(meetingPath.split(separator: "/").last ?? "")
            let ownMeeting = try #require(UUID(uuidString: meetingIDText))
            // Activated 29 days ago, so the first feedback round (after four weeks) is open.
            pair.match.activatedAt = now.addingTimeInterval(-29 * 86400)
            try await pair.match.save(on: database)

            func newStudent(_ username: String, _ role: Role, at school: School, year: Int) async throws -> Person {
                let schoolID = try school.requireID()
                let person = Person(organisationID: organisationID, schoolID: schoolID, role: role, givenName: username.capitalized,
                                    familyName: "Tester", username: username, yearGroup: year,
                                    capacity: role == .mentor ? 1 : nil, sourceID: "src-\(username)")
                try await person.create(on: database)
                return person
            }

            func newProgramme(_ name: String, at school: School, by creator: Person) async throws -> Programme {
                let schoolID = try school.requireID()
                let creatorID = try creator.requireID()
                let programme = Programme()
                programme.$school.id = schoolID
                programme.name = name
                programme.schoolYear = "2026–27"
                programme.startsOn = now.addingTimeInterval(-14 * 86400)
                programme.endsOn = now.addingTimeInterval(300 * 86400)
                programme.meetingCadenceDays = 7
                programme.minimumYearGap = 1
                programme.menteeChoice = false
                programme.feedbackEveryWeeks = 4
                programme.useDefaultPracticeRules()
                programme.createdByID = creatorID
                try await programme.create(on: database)
                return programme
            }

            func newActiveMatch(_ mentor: Person, _ mentee: Person, in programme: Programme) async throws -> MentoringMatch {
                let programmeID = try programme.requireID()
                let mentorID = try mentor.requireID()
                let menteeID = try mentee.requireID()
                let match = MentoringMatch()
                match.$school.id = programme.$school.id
                match.$programme.id = programmeID
                match.$mentee.id = menteeID
                match.$mentor.id = mentorID
                match.state = .active
                match.score = 50
                match.reasons = []
                match.mentorSlot = 1
                match.mentorCapacity = 1
                match.activatedAt = now
                match.createdAt = now
                match.updatedAt = now
                try await match.create(on: database)
                return match
            }

            func newMeeting(in match: MentoringMatch, proposedBy mentor: Person) async throws -> UUID {
                let matchID = try match.requireID()
                let mentorID = try mentor.requireID()
                let starts = now.addingTimeInterval(2 * 86400)
                let meeting = Meeting()
                meeting.$match.id = matchID
                meeting.$proposedBy.id = mentorID
                meeting.startsAt = starts
                meeting.endsAt = starts.addingTimeInterval(30 * 60)
                try notes.seal("Library", into: meeting, \.$placeSealed)
                meeting.state = .proposed
                meeting.createdAt = now
                meeting.updatedAt = now
                try await meeting.create(on: database)
                return try meeting.requireID()
            }

            /// The mentee's commitment, the mentor's win, and a goal with one step.
            func newPairRecords(in match: MentoringMatch, mentor: Person, mentee: Person) async throws -> PairRecords {
                let matchID = try match.requireID()
                let mentorID = try mentor.requireID()
                let menteeID = try mentee.requireID()

                let commitment = Commitment()
                commitment.$match.id = matchID
                commitment.$person.id = menteeID
                try notes.seal("Ask about the maths test", into: commitment, \.$textSealed)
                commitment.dueOn = now.addingTimeInterval(7 * 86400)
                commitment.status = .open
                commitment.createdAt = now
                try await commitment.create(on: database)

                let win = Win()
                win.$match.id = matchID
                win.$author.id = mentorID
                try notes.seal("Ran the whole cross-country course", into: win, \.$textSealed)
                win.createdAt = now
                try await win.create(on: database)

                let goal = Goal()
                goal.$match.id = matchID
                try notes.seal("Read a book a month", into: goal, \.$titleSealed)
                goal.createdAt = now
                try await goal.create(on: database)

                let step = GoalStep()
                step.$goal.id = try goal.requireID()
                try notes.seal("Choose the first book", into: step, \.$textSealed)
                step.createdAt = now
                try await step.create(on: database)

                // Round 1 answered by both, so it is revealed: the mentee's suggestion the mentor may put on the agenda.
                func feedback(by person: UUID, suggestion: String?) async throws -> FeedbackAnswer {
                    let answer = FeedbackAnswer()
                    (answer.$match.id, answer.$person.id) = (matchID, person)
                    (answer.roundNumber, answer.meetingsHelp, answer.feelListenedTo, answer.answeredAt) = (1, 4, 4, now)
                    try notes.seal("Going well", into: answer, \.$goingWellSealed)
                    try notes.seal(suggestion, into: answer, \.$suggestionSealed)
                    try await answer.create(on: database)
                    return answer
                }
                let answer = try await feedback(by: menteeID, suggestion: "Could we try the library?")
                _ = try await feedback(by: mentorID, suggestion: nil)

                return try PairRecords(commitment: commitment.requireID(), win: win.requireID(),
                                       goal: goal.requireID(), step: step.requireID(), answer: answer.requireID())
            }

            func newStory(by mentor: Person, at school: School) async throws -> UUID {
                let mentorID = try mentor.requireID()
                let schoolID = try school.requireID()
                let story = MentorStory()
                story.$mentor.id = mentorID
                story.$school.id = schoolID
                story.title = "Starting again"
                story.body = "I changed school in Year 8 and it got better."
                story.tags = ["changing-school"]
                story.createdAt = now
                try await story.create(on: database)
                return try story.requireID()
            }

            func newNotification(for person: Person) async throws -> UUID {
                let personID = try person.requireID()
                let item = AppNotification(personID: personID, text: "Something for the matrix to open.", link: "/home", createdAt: now)
                try await item.create(on: database)
                return try item.requireID()
            }

            func newClosedRound(of programme: Programme, startedBy coordinator: Person) async throws -> UUID {
                let programmeID = try programme.requireID()
                let coordinatorID = try coordinator.requireID()
                let round = MatchingRound()
                round.$programme.id = programmeID
                round.$school.id = programme.$school.id
                round.startedByID = coordinatorID
                round.startedAt = now
                round.lastRunAt = now
                round.fingerprint = ""
                round.pins = []
                round.forbids = []
                round.unmatched = []
                round.isOpen = false
                try await round.create(on: database)
                return try round.requireID()
            }

            // Oak School: Ada mentors Olu in the pair's programme; a second programme of the school.
            let ada = try await newStudent("ada", .mentor, at: world.school, year: 12)
            let olu = try await newStudent("olu", .mentee, at: world.school, year: 7)
            let spareProgramme = try await newProgramme("Spring mentoring", at: world.school, by: world.coordinator)
            let oakMatch = try await newActiveMatch(ada, olu, in: pair.programme)
            // Elm School: its own mentor mentors Elm's student in Elm's programme.
            let elmMentor = try await newStudent("elmmentor", .mentor, at: world.otherSchool, year: 12)
            let elmProgramme = try await newProgramme("Peer mentoring", at: world.otherSchool, by: world.otherCoordinator)
            let elmMatch = try await newActiveMatch(elmMentor, world.otherStudent, in: elmProgramme)

            let oakMeeting = try await newMeeting(in: oakMatch, proposedBy: ada)
            let elmMeeting = try await newMeeting(in: elmMatch, proposedBy: elmMentor)
            let own = try await newPairRecords(in: pair.match, mentor: world.mentor, mentee: world.mentee)
            let oak = try await newPairRecords(in: oakMatch, mentor: ada, mentee: olu)
            let elm = try await newPairRecords(in: elmMatch, mentor: elmMentor, mentee: world.otherStudent)

            let ownStory = try await newStory(by: world.mentor, at: world.school)
            let adaStory = try await newStory(by: ada, at: world.school)
            let elmStory = try await newStory(by: elmMentor, at: world.otherSchool)

            let ownRound = try await newClosedRound(of: pair.programme, startedBy: world.coordinator)
            let spareRound = try await newClosedRound(of: spareProgramme, startedBy: world.coordinator)
            let elmRound = try await newClosedRound(of: elmProgramme, startedBy: world.otherCoordinator)

            let people: [(Visitor, Person)] = [
                (.coordinator, world.coordinator), (.lead, world.lead), (.admin, world.admin), (.mentor, world.mentor), (.mentee, world.mentee),
            ]
            var ownNotifications: [Visitor: UUID] = [:]
            for (visitor, person) in people {
                ownNotifications[visitor] = try await newNotification(for: person)
            }
            // A signed-out visitor has none: the mentee's stands in (the guard answers before it is looked up).
            let menteeNotification = try #require(ownNotifications[.mentee])
            let oluNotification = try await newNotification(for: olu)
            let elmNotification = try await newNotification(for: world.otherStudent)

            func newConcern(raisedBy person: Person) async throws -> UUID {
                let concern = Concern()
                concern.$school.id = try #require(person.$school.id)
                concern.$raisedBy.id = try person.requireID()
                concern.about = .myself
                try notes.seal("Something for the matrix to read.", into: concern, \.$textSealed)
                try notes.seal("today", into: concern, \.$whenSealed)
                concern.dangerNow = false
                concern.raisedAt = now
                try await concern.create(on: database)
                return try concern.requireID()
            }
            // Concerns each visitor with a school raised (the admin has none); Olu's in Oak; Elm's student's in Elm.
            var ownConcerns: [Visitor: UUID] = [:]
            for (visitor, person) in people where person.$school.id != nil {
                ownConcerns[visitor] = try await newConcern(raisedBy: person)
            }
            let menteeConcern = try #require(ownConcerns[.mentee])
            let oluConcern = try await newConcern(raisedBy: olu)
            let elmConcern = try await newConcern(raisedBy: world.otherStudent)

            // A school of another organisation, for the organisation admin's routes.
            let otherOrganisation = Organisation(name: "Other Trust")
            try await otherOrganisation.create(on: database)
            let farSchool = School(organisationID: try otherOrganisation.requireID(), name: "Far School", sourceID: "FAR")
            try await farSchool.create(on: database)

            // Staff for the admin's two-step reset: a deputy lead of Oak, and a coordinator of another organisation.
            let oakDeputy = Person(organisationID: organisationID, schoolID: try world.school.requireID(), role: .safeguardingLead,
                                   givenName: "Dee", familyName: "Puty", username: "deputy")
            oakDeputy.isDeputyLead = true
            try await oakDeputy.create(on: database)
            let farCoordinator = Person(organisationID: try otherOrganisation.requireID(), schoolID: try farSchool.requireID(),
                                        role: .coordinator, givenName: "Far", familyName: "Away", username: "farcoord")
            try await farCoordinator.create(on: database)
            let farStudent = Person(organisationID: try otherOrganisation.requireID(), schoolID: try farSchool.requireID(),
                                    role: .mentee, givenName: "Far", familyName: "Student", username: "farstudent", yearGroup: 8)
            try await farStudent.create(on: database)

            // Olu's calendar feed: Olu is no visitor of the matrix, so no reset in it changes the address.
            let feed = CalendarFeed()
            feed.$person.id = try olu.requireID()
            feed.tokenHash = Secrets.sha256(feedToken)
            try notes.seal(feedToken, into: feed, \.$tokenSealed)
            feed.createdAt = now
            try await feed.create(on: database)
            // Olu's reminder settings, whose stop link the matrix tries.
            let reminders = try await ReminderSettings.of(try olu.requireID(), dependencies: app.dependencies, on: database)
            reminders.tokenHash = Secrets.sha256(reminderToken)
            try notes.seal(reminderToken, into: reminders, \.$tokenSealed)
            try await reminders.save(on: database)

            // Mentor support: help requests and past supervision sessions, two of Oak's and one of Elm's.
            func helpRequest(by mentor: Person) async throws -> UUID {
                let ask = MentorHelpRequest()
                (ask.$person.id, ask.$school.id, ask.askedAt) = (try mentor.requireID(), mentor.$school.id!, now)
                try notes.seal("Help, please", into: ask, \.$textSealed)
                try await ask.create(on: database)
                return try ask.requireID()
            }
            func pastSession(at school: School) async throws -> UUID {
                let session = SupervisionSession()
                (session.$school.id, session.startsAt, session.minutes, session.topic) = (try school.requireID(), now.addingTimeInterval(-86_400), 45, "Quiet mentees")
                (session.createdByID, session.createdAt) = (try world.coordinator.requireID(), now)
                try await session.create(on: database)
                return try session.requireID()
            }
            let helpIDs = [try await helpRequest(by: world.mentor), try await helpRequest(by: ada), try await helpRequest(by: elmMentor)]
            let sessionIDs = [try await pastSession(at: world.school), try await pastSession(at: world.school), try await pastSession(at: world.otherSchool)]

            let ownMentorID = try world.mentor.requireID()
            let adaID = try ada.requireID()
            let elmMentorID = try elmMentor.requireID()
            let ownProgrammeID = try pair.programme.requireID()
            let spareProgrammeID = try spareProgramme.requireID()
            let elmProgrammeID = try elmProgramme.requireID()
            let ownMatchID = try pair.match.requireID()
            let oakMatchID = try oakMatch.requireID()
            let elmMatchID = try elmMatch.requireID()
            let ids: [String: [Scope: UUID]] = [
                "student": [.own: ownMentorID, .sameSchool: adaID, .otherSchool: elmMentorID],
                "programme": [.own: ownProgrammeID, .sameSchool: spareProgrammeID, .otherSchool: elmProgrammeID],
                "match": [.own: ownMatchID, .sameSchool: oakMatchID, .otherSchool: elmMatchID],
                "meeting": [.own: ownMeeting, .sameSchool: oakMeeting, .otherSchool: elmMeeting],
                "commitment": [.own: own.commitment, .sameSchool: oak.commitment, .otherSchool: elm.commitment],
                "win": [.own: own.win, .sameSchool: oak.win, .otherSchool: elm.win],
                "goal": [.own: own.goal, .sameSchool: oak.goal, .otherSchool: elm.goal],
                "step": [.own: own.step, .sameSchool: oak.step, .otherSchool: elm.step],
                "answer": [.own: own.answer, .sameSchool: oak.answer, .otherSchool: elm.answer],
                "story": [.own: ownStory, .sameSchool: adaStory, .otherSchool: elmStory],
                "notification": [.own: menteeNotification, .sameSchool: oluNotification, .otherSchool: elmNotification],
                "round": [.own: ownRound, .sameSchool: spareRound, .otherSchool: elmRound],
                "concern": [.own: menteeConcern, .sameSchool: oluConcern, .otherSchool: elmConcern],
                "request": [.own: helpIDs[0], .sameSchool: helpIDs[1], .otherSchool: helpIDs[2]],
                "session": [.own: sessionIDs[0], .sameSchool: sessionIDs[1], .otherSchool: sessionIDs[2]],
                // For the organisation admin, both schools of the organisation are theirs.
                "school": [.own: try world.school.requireID(), .sameSchool: try world.otherSchool.requireID(), .otherSchool: try farSchool.requireID()],
                // Likewise every staff member of the organisation is the admin's; none of them is a visitor of the matrix.
                "person": [.own: try oakDeputy.requireID(), .sameSchool: try world.otherCoordinator.requireID(),
                           .otherSchool: try farCoordinator.requireID()],
            ]
            let organisationWideIDs: [String: [Scope: UUID]] = [
                "student": [.own: ownMentorID, .sameSchool: elmMentorID, .otherSchool: try farStudent.requireID()],
            ]
            return Fixtures(pair: pair, ids: ids, ownRecords: ["notification": ownNotifications, "concern": ownConcerns],
                            organisationWideIDs: organisationWideIDs)
        }
    }
}
