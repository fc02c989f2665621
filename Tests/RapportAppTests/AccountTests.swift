import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Signing in and out")
struct AccountTests {
    @Test func signInWithPasswordRotatesTheSessionAndSetsStrictCookies() async throws {
        try await withRapport { app, _ in
            // setup
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            let page = try await browser.get("/login")
            // A signed-out visitor has no session, only a CSRF cookie with the same strict flags.
            #expect(page.headers.setCookie?["__Host-rapport_session"] == nil)
            let csrfCookie = try #require(page.headers.setCookie?["__Host-rapport_csrf"])
            #expect(csrfCookie.isSecure && csrfCookie.isHTTPOnly && csrfCookie.sameSite == .lax && csrfCookie.path == "/")
            // A session id planted in the browser before sign-in (fixation) is not what the person gets.
            let anonymousSession = "planted-by-someone-else"
            browser.cookies["__Host-rapport_session"] = anonymousSession
            // MUT
            let response = try await browser.post("/login", [("username", "Coord"), ("password", World.password), ("next", "/students")])
            // validation
            #expect(response.status == .seeOther)
            #expect(response.location == "/students")
            let cookie = try #require(response.headers.setCookie?["__Host-rapport_session"])
            #expect(cookie.isSecure && cookie.isHTTPOnly && cookie.sameSite == .lax && cookie.path == "/")
            #expect(browser.cookies["__Host-rapport_session"] != anonymousSession)
            let sessions = try await AuthSession.query(on: app.db).all()
            #expect(sessions.count == 1)
            #expect(sessions.first?.$person.id == world.coordinator.id)
            #expect(try await browser.get("/home").body.string.contains("Oak School"))
        }
    }

    @Test func plainHTTPOnLocalhostRelaxesOnlyTheSecureFlag() async throws {
        try await withRapport { app, _ in
            let browser = TestBrowser(app)
            browser.host = "localhost:8080"
            _ = try await World.make(on: app)
            let page = try await browser.get("/login")
            let csrf = try #require(page.headers.setCookie?["rapport_csrf"])
            #expect(!csrf.isSecure && csrf.isHTTPOnly && csrf.sameSite == .lax)
            let response = try await browser.post("/login", [("username", "coord"), ("password", World.password)])
            let cookie = try #require(response.headers.setCookie?["rapport_session"])
            #expect(!cookie.isSecure && cookie.isHTTPOnly && cookie.sameSite == .lax)
            #expect(response.headers.setCookie?["__Host-rapport_session"] == nil)
        }
    }

    @Test func unknownUserAndWrongPasswordGetTheSameMessage() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            let wrongPassword = try await browser.signIn("coord", password: "not-the-password")
            let unknown = try await browser.signIn("nobody-here", password: "not-the-password")
            for response in [wrongPassword, unknown] {
                #expect(response.status == .ok)
                #expect(response.body.string.contains(AccountController.wrongDetails))
                #expect(response.body.string.contains("value=\"") )
            }
            #expect(unknown.body.string.contains("value=\"nobody-here\""), "the typed username is kept")
            #expect(!unknown.body.string.contains("not-the-password"), "a password is never sent back")
            #expect(browser.cookies.isEmpty == false)
            #expect(try await AuthSession.query(on: app.db).filter(\.$person.$id != nil).count() == 0)
        }
    }

    @Test func emptyAndOverlongSignInFieldsAreRefusedPlainly() async throws {
        try await withRapport { app, _ in
            let browser = TestBrowser(app)
            try await browser.get("/login")
            let empty = try await browser.post("/login", [("username", ""), ("password", "")])
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("Enter your username or email."))
            #expect(empty.body.string.contains("Enter your password."))
            let long = try await browser.post("/login", [("username", String(repeating: "x", count: 5000)), ("password", "y")])
            #expect(long.status == .ok)
            #expect(long.body.string.contains(AccountController.wrongDetails))
        }
    }

    @Test func repeatedFailuresLockTheAccountNameWithoutSayingWhetherItExists() async throws {
        try await withRapport { app, clock in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            for _ in 0..<5 { try await browser.signIn("coord", password: "wrong-wrong-wrong") }
            // MUT: even the right password is refused while locked out, and an unknown name reads the same
            let locked = try await browser.signIn("coord")
            #expect(locked.status == .ok)
            #expect(locked.body.string.contains("Too many tries"))
            for _ in 0..<5 { try await browser.signIn("ghost", password: "wrong-wrong-wrong") }
            #expect(try await browser.signIn("ghost").body.string.contains("Too many tries"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "sign-in locked out").count() == 2)
            // after the window the right password works again
            clock.advance(by: 16 * 60)
            #expect(try await browser.signIn("coord").status == .seeOther)
        }
    }

    @Test func signOutEndsTheSessionOnTheServer() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/home")
            let stolen = browser.cookies
            let response = try await browser.post("/logout")
            #expect(response.status == .seeOther)
            #expect(response.location == "/login")
            let replay = TestBrowser(app)
            replay.cookies = stolen
            let after = try await replay.get("/home")
            #expect(after.status == .seeOther)
            #expect(after.location == "/login?next=/home")
        }
    }

    @Test func idleAndAbsoluteTimeOutsEndSessions() async throws {
        try await withRapport { app, clock in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            clock.advance(by: 29 * 60)
            #expect(try await browser.get("/home").status == .ok)
            clock.advance(by: 31 * 60)
            #expect(try await browser.get("/home").status == .seeOther, "idle for 31 minutes")

            try await browser.signIn("coord")
            for _ in 0..<25 {
                clock.advance(by: 29 * 60)
                _ = try await browser.get("/home")
            }
            #expect(try await browser.get("/home").status == .seeOther, "signed in over 12 hours ago")
        }
    }

    @Test func aOneTimeCodeSignsInOnceThenThePersonChoosesAPassword() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            // Someone already signed in as the mentee (a shared computer left signed in) is signed out by the code.
            let elsewhere = TestBrowser(app)
            try await elsewhere.signIn("mentee")
            #expect(try await elsewhere.get("/home").status == .ok)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            try await coordinator.get("/students/\(world.mentee.id!.uuidString.lowercased())")
            let cards = try await coordinator.post("/students/\(world.mentee.id!.uuidString.lowercased())/login-code")
            #expect(cards.status == .ok)
            let code = try #require(cards.body.string.range(of: #"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"#, options: .regularExpression)
                .map { String(cards.body.string[$0]) })
            #expect(try await LoginCode.query(on: app.db).filter(\.$codeHash == app.keys.loginCodeHash(code)).count() == 1)
            #expect(try await LoginCode.query(on: app.db).filter(\.$codeHash == Secrets.sha256(code)).count() == 0,
                    "stored as a keyed hash: a copy of the database cannot test guesses")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "issued login code")
                .filter(\.$subject == "student \(world.mentee.id!)").filter(\.$actorID == world.coordinator.id).count() == 1)

            let student = TestBrowser(app)
            try await student.get("/login/code")
            let signedIn = try await student.post("/login/code", [("username", "mentee"), ("code", code.lowercased().replacingOccurrences(of: "-", with: " "))])
            #expect(signedIn.location == "/account/choose-password")
            #expect(try await elsewhere.get("/home").status == .seeOther, "every other session of the person ended")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "signed in").filter(\.$subject == "with a login code")
                .filter(\.$actorID == world.mentee.id).count() == 1)
            // Until a password is chosen, other pages send them back to choose one.
            #expect(try await student.get("/home").location == "/account/choose-password")
            try await student.get("/account/choose-password")
            let weak = try await student.post("/account/choose-password", [("new_password", "password1"), ("confirm_password", "password1")])
            #expect(weak.body.string.contains("most common"))
            let mismatch = try await student.post("/account/choose-password", [("new_password", "blue-kite-morning"), ("confirm_password", "blue-kite-evening")])
            #expect(mismatch.body.string.contains("The two passwords are different"))
            let chosen = try await student.post("/account/choose-password", [("new_password", "blue-kite-morning"), ("confirm_password", "blue-kite-morning")])
            #expect(chosen.location == "/home?notice=password-set")
            let home = try await student.get("/home")
            #expect(home.status == .ok)
            // The student is told who printed the code and when.
            #expect(home.body.string.contains("Coord Tester printed a login code for you on"))

            // The code is spent.
            let again = TestBrowser(app)
            try await again.get("/login/code")
            #expect(try await again.post("/login/code", [("username", "mentee"), ("code", code)]).body.string.contains(AccountController.wrongCode))
            #expect(try await again.signIn("mentee", password: "blue-kite-morning").status == .seeOther)
            let later = try await again.get("/home").body.string
            #expect(later.contains("Your last sign-ins") && later.contains("with a password") && later.contains("with a login code"))
            #expect(!later.contains("printed a login code for you"), "once signed in again, the code is old news")

            // An expired code does not work either.
            try await coordinator.get("/students")
            let second = try await coordinator.post("/students/\(world.mentor.id!.uuidString.lowercased())/login-code")
            let secondCode = try #require(second.body.string.range(of: #"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"#, options: .regularExpression)
                .map { String(second.body.string[$0]) })
            clock.advance(by: 15 * 24 * 60 * 60)
            let late = TestBrowser(app)
            try await late.get("/login/code")
            #expect(try await late.post("/login/code", [("username", "mentor"), ("code", secondCode)]).body.string.contains(AccountController.wrongCode))
        }
    }

    @Test func changingThePasswordChecksTheOldOneAndSignsOutElsewhere() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let laptop = TestBrowser(app)
            let phone = TestBrowser(app)
            try await laptop.signIn("coord")
            try await phone.signIn("coord")
            try await laptop.get("/account/password")
            let wrong = try await laptop.post("/account/password", [("current_password", "nope"), ("new_password", "a-much-longer-secret-phrase"), ("confirm_password", "a-much-longer-secret-phrase")])
            #expect(wrong.body.string.contains("That is not your current password."))
            let short = try await laptop.post("/account/password", [("current_password", World.password), ("new_password", "short-one"), ("confirm_password", "short-one")])
            #expect(short.body.string.contains("Use at least 12 characters."), "staff passwords are at least 12 characters")
            let changed = try await laptop.post("/account/password", [("current_password", World.password), ("new_password", "a-much-longer-secret-phrase"), ("confirm_password", "a-much-longer-secret-phrase")])
            #expect(changed.location == "/home?notice=password-changed")
            #expect(try await laptop.get("/home").status == .ok)
            #expect(try await phone.get("/home").status == .seeOther)
        }
    }
}
