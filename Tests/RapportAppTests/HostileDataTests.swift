import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

/// The proof that escaping cannot be forgotten: the demo with `"'><x-inj>` in every text (`HostileData`), every page
/// reachable by each demo login crawled (and each page again with the payload in every query parameter pages read),
/// and the raw marker must appear in none of them. The crawl must reach every GET route of the route table that
/// answers HTML, so a new page is covered the day it is added.
@Suite("Hostile data on every page")
struct HostileDataTests {
    /// Query parameters pages read, each given the payload.
    static let hostileQuery = ["q", "next", "instead", "repair", "notice", "year", "role", "programme", "status"]
        .map { "\($0)=" + HostileData.payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        .joined(separator: "&")

    /// GET routes that answer something other than HTML, and why the crawl need not reach them.
    static let notHTML: Set<String> = [
        "assets/rapport.css", "healthz", "metrics", "roster/template.csv", "report.csv", "calendar/feed/:file",
        "my-matches/:match/meetings/:meeting/meeting.ics",
        "api/v1/openapi.json", "api/v1/me", "api/v1/me/profile", "api/v1/matches/:match/meetings", "api/v1/students",
    ]

    @Test func noPageOfAnyRoleLetsTheMarkerThroughRaw() async throws {
        try await withRapport { app, _ in
            _ = try await DemoData.ensure(on: app, reset: false)
            let coordinatorLogin = try #require(DemoData.demoLogins.first { $0.username == "ms.okoye" })
            // A round, so the round pages exist; a login code, so the choose-a-password page can be seen.
            let coordinator = TestBrowser(app)
            try await coordinator.signIn(coordinatorLogin.username, password: coordinatorLogin.password)
            try await coordinator.get("/rounds")
            let programme = try #require(try await Programme.query(on: app.db).first())
            try await coordinator.post("/rounds", [("programme", programme.id!.uuidString.lowercased())])
            // A worry with the payload in every field, linked by the lead to the student, so every concern page exists.
            let payload = HostileData.payload
            let leahLogin = try #require(DemoData.demoLogins.first { $0.username == "leah.price" })
            let leah = TestBrowser(app)
            try await leah.signIn(leahLogin.username, password: leahLogin.password)
            try await leah.get("/worried")
            try await leah.post("/worried", [("about", "student"), ("about_name", payload), ("what", payload), ("when", payload), ("danger_now", "no")])
            let concern = try #require(try await Concern.query(on: app.db).first())
            let leadLogin = try #require(DemoData.demoLogins.first { $0.username == "mr.hughes" })
            let lead = TestBrowser(app)
            try await lead.signIn(leadLogin.username, password: leadLogin.password)
            let leahPerson = try #require(try await Person.query(on: app.db).filter(\.$username == "leah.price").first())
            try await lead.get("/concerns/\(concern.id!.uuidString.lowercased())")
            try await lead.post("/concerns/\(concern.id!.uuidString.lowercased())/entries", [("kind", "addendum"), ("text", payload)])
            try await lead.post("/concerns/\(concern.id!.uuidString.lowercased())/student", [("student", leahPerson.id!.uuidString.lowercased())])
            // The demo pair start closing, with a reflection each and Leah's "I'd like to stop", so the goodbye page, the
            // record of the year and the coordinator's view of a request to stop carry words too.
            let leahMatch = try #require(try await MentoringMatch.query(on: app.db).filter(\.$mentee.$id == leahPerson.id!).filter(\.$state == .active).first())
            let ask = StopRequest()
            (ask.$match.id, ask.$person.id, ask.askedAt) = (leahMatch.id!, leahPerson.id!, Date())
            try app.notes.seal(payload, into: ask, \.$textSealed)
            try await ask.create(on: app.db)
            try await MatchTransitions(audit: app.audit).apply(.beginClosing, to: leahMatch.id!, by: nil, reason: payload,
                                                               closing: .init(reason: .plannedEnd, contactAfter: .aroundSchool), on: app.db)
            for person in [leahMatch.$mentor.id, leahMatch.$mentee.id] {
                let words = ClosingReflection()
                (words.$match.id, words.$person.id, words.writtenAt) = (leahMatch.id!, person, Date())
                try app.notes.seal(payload, into: words, \.$textSealed)
                try await words.create(on: app.db)
            }
            try await HostileData.apply(on: app)
            let tyler = try #require(try await Person.query(on: app.db).filter(\.$username == "tyler.brooks").first())
            try await coordinator.get("/students")
            let card = try await coordinator.post("/students/\(tyler.id!.uuidString.lowercased())/login-code")
            let code = try #require(card.body.string.firstMatch(of: /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/).map { String($0.0) })

            var reached: Set<String> = []
            var problems: [String] = []
            func record(_ path: String, _ response: TestingHTTPResponse, as who: String) {
                if response.status == .internalServerError { problems.append("\(who) GET \(path): 500") }
                if response.headers.contentType?.subType == "html" {
                    if let pattern = Self.routePattern(of: path, in: app), response.status == .ok { reached.insert(pattern) }
                    if response.body.string.contains(HostileData.marker) {
                        problems.append("\(who) GET \(path): the raw marker is on the page")
                    }
                }
            }
            func check(_ browser: TestBrowser, _ path: String, as who: String) async throws -> TestingHTTPResponse {
                let response = try await browser.get(path)
                record(path, response, as: who)
                return response
            }

            // Signed out.
            let visitor = TestBrowser(app)
            for path in ["/login", "/login/code", "/login?" + Self.hostileQuery, "/login/code?" + Self.hostileQuery] {
                _ = try await check(visitor, path, as: "signed out")
            }
            // A reminder e-mail's stop link, which names the student.
            let leahReminders = try await ReminderSettings.of(leahPerson.id!, dependencies: app.dependencies, on: app.db)
            _ = try await check(visitor, "/reminders/stop/" + (try app.notes.open(leahReminders, \.$tokenSealed)), as: "signed out with a stop link")
            // In the middle of a code sign-in.
            try await visitor.post("/login/code", [("username", "tyler.brooks"), ("code", code)])
            _ = try await check(visitor, "/account/choose-password", as: "tyler.brooks with a code")

            for login in DemoData.demoLogins where login.username != "tyler.brooks" {
                let browser = TestBrowser(app)
                try await browser.signIn(login.username, password: login.password)
                _ = try await SiteCrawl.pages(from: "/home", with: browser, limit: 400) { path, response in
                    record(path, response, as: login.username)
                    guard response.headers.contentType?.subType == "html", response.status == .ok else { return }
                    _ = try await check(browser, path + (path.contains("?") ? "&" : "?") + Self.hostileQuery, as: login.username)
                }
            }
            // Part-way through a two-step sign-in: giving a code, and setting up (a lead whose phone was reset).
            let hughes = TestBrowser(app)
            try await hughes.get("/login")
            try await hughes.post("/login", [("username", leadLogin.username), ("password", leadLogin.password)])
            for path in ["/login/two-step", "/login/two-step?" + Self.hostileQuery] { _ = try await check(hughes, path, as: "mr.hughes owing a code") }
            let adeyemiLogin = try #require(DemoData.demoLogins.first { $0.username == "ms.adeyemi" })
            let adeyemi = try #require(try await Person.query(on: app.db).filter(\.$username == adeyemiLogin.username).first())
            try await TwoStepEnrolment.remove(for: adeyemi.requireID(), on: app.db)
            let settingUp = TestBrowser(app)
            try await settingUp.get("/login")
            try await settingUp.post("/login", [("username", adeyemiLogin.username), ("password", adeyemiLogin.password)])
            for path in ["/login/two-step/set-up", "/login/two-step/set-up?" + Self.hostileQuery] {
                _ = try await check(settingUp, path, as: "ms.adeyemi setting up")
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            let htmlRoutes = Set(app.routes.all.filter { $0.method == .GET }.map { Self.pattern($0.path) }).subtracting(Self.notHTML)
            let missed = htmlRoutes.subtracting(reached).subtracting([""])
            #expect(missed.isEmpty, "GET routes the crawl never reached with a 200 page: \(missed.sorted())")
        }
    }

    static func pattern(_ components: [PathComponent]) -> String {
        components.map(\.description).joined(separator: "/")
    }

    /// The registered GET route a path answers to: the one whose constant parts match, preferring more constants.
    static func routePattern(of path: String, in app: Application) -> String? {
        let segments = path.components(separatedBy: "?")[0].split(separator: "/").map(String.init)
        let candidates = app.routes.all.filter { $0.method == .GET && $0.path.count == segments.count }.filter { route in
            zip(route.path, segments).allSatisfy { component, segment in
                if case .constant(let constant) = component { return constant == segment }
                return true
            }
        }
        return candidates.max { a, b in
            a.path.filter { if case .constant = $0 { true } else { false } }.count < b.path.filter { if case .constant = $0 { true } else { false } }.count
        }.map { pattern($0.path) }
    }
}

@Suite("Attribute escaping")
struct AttributeEscapingTests {
    @Test func theOneEscapeCoversEveryCharacterThatEndsAnAttribute() {
        #expect(HTMLAttributeValue.escaped(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        #expect(HTMLAttributeValue.escaped("plain text, é and 🙂") == "plain text, é and 🙂")
    }

    @Test func aQuoteJoinedToACombiningMarkIsStillEscaped() {
        // `"` + U+0301 is one Character, not equal to `"`, but a browser still ends the attribute at the quote.
        let escaped = HTMLAttributeValue.escaped("\"\u{301} onfocus=alert(1) autofocus x=\"")
        #expect(!escaped.utf8.contains(UInt8(ascii: "\"")))
        #expect(escaped == "&quot;\u{301} onfocus=alert(1) autofocus x=&quot;")
    }

    @Test func titlesStayOutOfMetaTags() async throws {
        try await withRapport { app, _ in
            let page = try await TestBrowser(app).get("/login").body.string
            #expect(page.contains("<title>Sign in · Rapport</title>"))
            #expect(!page.contains("twitter:title") && !page.contains("og:title"))
        }
    }
}
