import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Who may open what")
struct AccessTests {
    /// Every page with the status each role gets: 200, 403 (not their role) or 303 (anonymous: to sign-in).
    @Test func everyPageAnswersEachRoleAsExpected() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let student = "/students/\(world.mentee.id!.uuidString.lowercased())"
            let pages: [(path: String, allowed: Set<String>)] = [
                ("/home", ["coord", "lead", "admin", "mentor", "mentee"]),
                ("/account/password", ["coord", "lead", "admin", "mentor", "mentee"]),
                ("/students", ["coord"]), ("/students/new", ["coord"]), (student, ["coord"]), (student + "/edit", ["coord"]),
                ("/roster/import", ["coord"]), ("/roster/template.csv", ["coord"]), ("/programmes", ["coord"]), ("/timetable", ["coord"]),
                ("/staff", ["coord", "lead", "admin"]), ("/profile", ["mentor", "mentee"]),
                ("/notifications", ["coord", "lead", "admin", "mentor", "mentee"]),
                ("/training", ["mentor"]), ("/training/confidentiality", ["mentor"]), ("/training-progress", ["coord"]),
                ("/stories", ["mentor"]), ("/stories/review", ["coord"]), ("/my-matches", ["mentor", "mentee"]),
                ("/matches", ["coord"]), ("/rounds", ["coord"]), ("/shortlist", ["mentee"]),
                ("/api/v1/students", ["coord"]), ("/api/v1/me/profile", ["mentor", "mentee"]),
            ]
            for username in ["coord", "lead", "admin", "mentor", "mentee", "elmcoord"] {
                let browser = TestBrowser(app)
                try await browser.signIn(username)
                for page in pages {
                    let response = try await browser.get(page.path)
                    let expected: HTTPResponseStatus = page.allowed.contains(username == "elmcoord" ? "coord" : username) ? .ok : .forbidden
                    // Elm's coordinator may use every coordinator page, but Oak's student is not theirs.
                    let adjusted: HTTPResponseStatus = (username == "elmcoord" && page.path.hasPrefix(student)) ? .notFound : expected
                    #expect(response.status == adjusted, "\(username) \(page.path)")
                }
            }
            let anonymous = TestBrowser(app)
            for page in pages {
                let response = try await anonymous.get(page.path)
                if page.path.hasPrefix("/api/") {
                    #expect(response.status == .unauthorized, "anonymous \(page.path)")
                } else {
                    #expect(response.status == .seeOther, "anonymous \(page.path)")
                    #expect(response.location?.hasPrefix("/login?next=") == true)
                }
            }
        }
    }

    /// A pair's pages open for the two students in it, and for nobody else: staff by role (403), other students and
    /// other schools' students as if the match did not exist (404), anonymous visitors to sign-in.
    @Test func aPairsPagesAreTheirsAlone() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let meeting = try pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-09-23", time: "13:20"))
            let olu = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee, givenName: "Olu",
                             familyName: "Tester", username: "olu", yearGroup: 7, sourceID: "src-olu")
            olu.passwordHash = pair.world.mentee.passwordHash
            try await olu.create(on: app.db)
            let pages = ["", "/meetings", "/commitments", "/wins", "/goals", "/feedback", "/check"].map { pair.base + $0 }
                + [meeting, meeting + "/meeting.ics"]
            for username in ["mentor", "mentee", "olu", "elmstudent", "coord", "lead", "admin", "elmcoord"] {
                let browser = TestBrowser(app)
                try await browser.signIn(username)
                for page in pages {
                    let expected: HTTPResponseStatus = switch username {
                    case "mentor", "mentee": .ok
                    case "olu", "elmstudent": .notFound
                    default: .forbidden
                    }
                    #expect(try await browser.get(page).status == expected, "\(username) \(page)")
                }
                let calendar = try await browser.get("/calendar").status
                #expect(calendar == (["coord", "lead", "admin", "elmcoord"].contains(username) ? .forbidden : .ok), "\(username) /calendar")
            }
            // Forms of the pair are refused to others in the same way, and change nothing.
            let other = TestBrowser(app)
            try await other.signIn("olu")
            try await other.get("/calendar")
            for (path, fields) in [(meeting + "/accept", []), (meeting + "/agenda", [("agenda_item", "x")]), (pair.base + "/wins", [("win", "x")]),
                                   (pair.base + "/meetings", [("day", "2026-09-24"), ("time", "10:00"), ("place", "x")])] {
                #expect(try await other.post(path, fields).status == .notFound, "olu \(path)")
            }
            #expect(try await Win.query(on: app.db).count() == 0)
            #expect(try await MeetingEntry.query(on: app.db).count() == 0)
            let anonymous = TestBrowser(app)
            for page in pages + ["/calendar"] {
                let response = try await anonymous.get(page)
                #expect(response.status == .seeOther && response.location?.hasPrefix("/login?next=") == true, "anonymous \(page)")
            }
        }
    }

    @Test func aStudentOpeningAStaffPageIsToldPlainly() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("mentor")
            let response = try await browser.get("/students")
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("This page is not part of your role in Rapport."))
            #expect(response.headers.contentType == .html)
        }
    }

    @Test func formsWithoutOrWithAStaleCSRFTokenAreRefused() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("mentee")
            try await browser.get("/profile")
            let token = try #require(browser.csrfToken)
            let missing = try await browser.post("/profile", [("about", "x")], withCSRF: false)
            #expect(missing.status == .forbidden)
            #expect(missing.body.string.contains("This form has expired"))
            let wrong = try await browser.post("/profile", [("about", "x")], csrf: "forged")
            #expect(wrong.status == .forbidden)
            // Replayed after signing in again: the token died with the old session.
            try await browser.post("/logout", csrf: token)
            try await browser.signIn("mentee")
            let replayed = try await browser.post("/profile", [("about", "x")], csrf: token)
            #expect(replayed.status == .forbidden)
            // Another person's token does not work in this session.
            let other = TestBrowser(app)
            try await other.signIn("mentor")
            try await other.get("/profile")
            let borrowed = try await browser.post("/profile", [("about", "x")], csrf: other.csrfToken)
            #expect(borrowed.status == .forbidden)
            // The sign-in form is protected too.
            let fresh = TestBrowser(app)
            let login = try await fresh.post("/login", [("username", "mentee"), ("password", World.password)], withCSRF: false)
            #expect(login.status == .forbidden)
            let profile = try await MentoringProfile.query(on: app.db).all()
            #expect(profile.allSatisfy { $0.about.isEmpty })
        }
    }

    @Test func unknownPagesAndMethodsGetClearAnswers() async throws {
        try await withRapport { app, _ in
            let browser = TestBrowser(app)
            let missing = try await browser.get("/no/such/page")
            #expect(missing.status == .notFound)
            #expect(missing.body.string.contains("There is nothing here."))
        }
    }

    @Test func securityHeadersAreOnEveryResponse() async throws {
        try await withRapport { app, _ in
            let browser = TestBrowser(app)
            for path in ["/login", "/no/such/page", "/healthz", "/assets/rapport.css"] {
                let response = try await browser.get(path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
            }
        }
    }
}
