import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Coordinator's students")
struct StudentTests {
    private func path(_ person: Person, _ suffix: String = "") -> String {
        "/students/\(person.id!.uuidString.lowercased())\(suffix)"
    }

    @Test func theListShowsOnlyThisSchoolsStudentsAndFilters() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            let all = try await browser.get("/students")
            #expect(all.status == .ok)
            #expect(all.body.string.contains("Mentor Tester") && all.body.string.contains("Mentee Tester"))
            #expect(!all.body.string.contains("Elmstudent"), "another school's student is not listed")
            #expect(all.body.string.contains("2 students."))
            #expect(try await browser.get("/students?role=mentor").body.string.contains("1 student."))
            #expect(try await browser.get("/students?year=8").body.string.contains("Mentee Tester"))
            #expect(!(try await browser.get("/students?year=8").body.string.contains("Mentor Tester")))
            #expect(try await browser.get("/students?q=MENTEE").body.string.contains("1 student."))
            #expect(try await browser.get("/students?q=nobody&year=abc&role=coordinator").body.string.contains("0 students."))
            _ = world
        }
    }

    @Test func searchIgnoresCaseAndAccentsNeedsEveryWordAndStaysInTheSchool() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            let zoe = Person(organisationID: world.organisation.id!, schoolID: world.school.id, role: .mentee, givenName: "Zoë",
                             familyName: "Núñez-O'Brien", username: "z_nunez", yearGroup: 7)
            try await zoe.create(on: app.db)
            let found = { (query: String) async throws -> String in
                try await browser.get("/students?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")).body.string
            }
            for query in ["zoe", "ZOË", "nunez", "o'brien", "zoe nunez", "nunez zoe", "z_nunez"] {
                #expect(try await found(query).contains("1 student."), "searching \(query)")
            }
            #expect(try await found("zoe tester").contains("0 students."), "every word must be found")
            #expect(try await found("%").contains("0 students."), "a typed % is a letter, not a wildcard")
            #expect(try await found("zXnunez").contains("0 students."), "a typed _ is a letter, not a wildcard")
            #expect(try await found("elmstudent").contains("0 students."), "another school's student is not found")
            // Renaming keeps the search true to the new name.
            zoe.givenName = "Zara"
            try await zoe.update(on: app.db)
            #expect(try await found("zara nunez").contains("1 student."))
            #expect(try await found("zoe").contains("0 students."))
        }
    }

    @Test func theListComesAHundredAtATimeWithItsFilters() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            for number in 1...149 {
                try await Person(organisationID: world.organisation.id!, schoolID: world.school.id, role: .mentee, givenName: "Pupil",
                                 familyName: "Number \(number)", username: "pupil\(number)", yearGroup: 7).create(on: app.db)
            }
            let first = try await browser.get("/students").body.string
            #expect(first.contains("Students 1 to 100 of 151."))
            #expect(first.contains("Page 1 of 2") && first.contains(#"href="/students?page=2""#) && !first.contains("Previous page"))
            #expect(first.components(separatedBy: #"name="ids[]""#).count - 1 == 100)
            #expect(first.contains("Print login cards for all 100 shown"))
            let second = try await browser.get("/students?page=2").body.string
            #expect(second.contains("Students 101 to 151 of 151.") && second.contains(#"href="/students""#) && !second.contains("Next page"))
            #expect(second.components(separatedBy: #"name="ids[]""#).count - 1 == 51)
            let filtered = try await browser.get("/students?q=pupil&year=7").body.string
            #expect(filtered.contains("Students 1 to 100 of 149.") && filtered.contains(#"href="/students?q=pupil&amp;year=7&amp;page=2""#))
            #expect(try await browser.get("/students?page=abc").body.string.contains("Students 1 to 100 of 151."))
            let beyond = try await browser.get("/students?page=9")
            #expect(beyond.status == .ok && beyond.body.string.contains("No students on page 9: there are 2 pages."))
            // The API reads the same model: the same filters and pages, the next page in a Link header.
            struct Student: Decodable { let username: String; let school: String? }
            let api = try await browser.get("/api/v1/students?q=pupil")
            #expect(try api.content.decode([Student].self).count == 100)
            #expect(api.headers.first(name: "Link") == #"</api/v1/students?q=pupil&page=2>; rel="next""#)
            let last = try await browser.get("/api/v1/students?q=pupil&page=2")
            #expect(try last.content.decode([Student].self).count == 49 && last.headers.first(name: "Link") == nil)
            #expect(try last.content.decode([Student].self).allSatisfy { $0.school == "Oak School" && $0.username.hasPrefix("pupil") })
        }
    }

    @Test func openingAStudentIsAuditedAndAnotherSchoolsStudentIsNotFound() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            let page = try await browser.get(path(world.mentor))
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Mentor, up to 2 mentees"))
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "viewed student record").all()
            #expect(audit.count == 1)
            #expect(audit.first?.actorID == world.coordinator.id)

            for other in [path(world.otherStudent), path(world.otherStudent, "/edit"), path(world.coordinator), "/students/not-a-uuid"] {
                let response = try await browser.get(other)
                #expect(response.status == .notFound, "\(other)")
            }
            let post = try await browser.post(path(world.otherStudent, "/login-code"))
            #expect(post.status == .notFound)
            #expect(try await LoginCode.query(on: app.db).count() == 0)
        }
    }

    @Test func addingAStudentValidatesEveryFieldAndKeepsWhatWasTyped() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/students/new")
            let bad = try await browser.post("/students/new", [
                ("given_name", "  "), ("family_name", String(repeating: "x", count: 61)), ("username", "Mentor"),
                ("year_group", "99"), ("role", "coordinator"), ("capacity", "7"), ("gender", "robot"),
            ])
            #expect(bad.status == .ok)
            let body = bad.body.string
            #expect(body.contains("Enter their first name."))
            #expect(body.contains("Their last name can be at most 60 characters (this is 61)."))
            #expect(body.contains("Choose a year group from 5 to 13."))
            #expect(body.contains("Choose mentor or mentee."))
            #expect(body.contains("Choose how many mentees from 1 to 3."))
            #expect(body.contains("Choose a gender from the list."))
            #expect(body.contains("value=\"\(String(repeating: "x", count: 61))\""), "what was typed comes back")
            #expect(try await Person.query(on: app.db).count() == 7)

            let taken = try await browser.post("/students/new", [
                ("given_name", "Ana"), ("family_name", "Lima"), ("username", "mentor"), ("year_group", "9"), ("role", "mentee"), ("capacity", "1"), ("gender", ""),
            ])
            #expect(taken.body.string.contains("The username mentor is already Mentor Tester&#39;s. Choose another.") ||
                    taken.body.string.contains("The username mentor is already Mentor Tester's. Choose another."))
            let elsewhere = try await browser.post("/students/new", [
                ("given_name", "Ana"), ("family_name", "Lima"), ("username", "elmstudent"), ("year_group", "9"), ("role", "mentee"), ("capacity", "1"), ("gender", ""),
            ])
            #expect(elsewhere.body.string.contains("The username elmstudent can&#39;t be used. Choose another") ||
                    elsewhere.body.string.contains("The username elmstudent can't be used. Choose another"))
            #expect(!elsewhere.body.string.contains("Elmstudent Tester"), "another school's student is not named")

            let made = try await browser.post("/students/new", [
                ("given_name", "Ana"), ("family_name", "Lima"), ("username", ""), ("year_group", "11"), ("role", "mentor"), ("capacity", "3"), ("gender", "girl"),
            ])
            #expect(made.status == .seeOther)
            let ana = try #require(try await Person.query(on: app.db).filter(\.$username == "ana.lima").first())
            #expect(ana.role == .mentor && ana.capacity == 3 && ana.yearGroup == 11 && ana.gender == .girl)
        }
    }

    @Test func editingSavesDetailsAndProfileTogether() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get(path(world.mentee, "/edit"))
            let fields: [(String, String)] = [
                ("given_name", "Mia"), ("family_name", "Tester"), ("username", "mentee"), ("year_group", "8"), ("role", "mentee"),
                ("capacity", "1"), ("gender", "girl"), ("interests[]", "football"), ("interests[]", "drawing"), ("dislikes[]", "loud-places"),
                ("current[]", "changing-school"), ("free[]", "mon-lunch"), ("free[]", "wed-3"), ("same_gender", "yes"), ("about", "Likes dogs."),
            ]
            let saved = try await browser.post(path(world.mentee, "/edit"), fields)
            #expect(saved.status == .seeOther)
            let profile = try #require(try await MentoringProfile.query(on: app.db).filter(\.$person.$id == world.mentee.id!).first())
            #expect(profile.interests == ["football", "drawing"])
            #expect(profile.freePeriods == ["mon-lunch", "wed-3"])
            #expect(profile.wantsSameGenderMentor)
            let page = try await browser.get(path(world.mentee))
            #expect(page.body.string.contains("Football") && page.body.string.contains("Monday lunch"))

            try await browser.get(path(world.mentee, "/edit"))
            let tooMany = try await browser.post(path(world.mentee, "/edit"), fields + [("interests[]", "not-a-tag")] + ["gym", "dance", "boxing", "skating", "cycling", "swimming", "gaming"].map { ("interests[]", $0) })
            #expect(tooMany.body.string.contains("Some of the interests you chose are not on the list."))
            let tooLong = try await browser.post(path(world.mentee, "/edit"), fields.filter { $0.0 != "about" } + [("about", String(repeating: "a", count: 281))])
            #expect(tooLong.body.string.contains("at most 280 characters (this is 281)"))
            #expect(tooLong.body.string.contains(String(repeating: "a", count: 281)), "the long text is kept to be shortened")
        }
    }

    @Test func printingCardsGivesEachTickedStudentANewCodeAndRetiresTheOldOne() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/students")
            let ids = [world.mentor, world.mentee].map { ($0.id!.uuidString.lowercased()) }
            let first = try await browser.post("/students/login-cards", [("scope", "chosen"), ("ids[]", ids[0]), ("ids[]", ids[1])])
            #expect(first.status == .ok)
            #expect(first.body.string.components(separatedBy: "class=\"login-card\"").count == 3)
            try await browser.get("/students")
            _ = try await browser.post("/students/login-cards", [("scope", "all"), ("shown[]", ids[0]), ("shown[]", ids[1])])
            #expect(try await LoginCode.query(on: app.db).count() == 2, "older unused codes are replaced")
            try await browser.get("/students")
            let none = try await browser.post("/students/login-cards", [("scope", "chosen")])
            #expect(none.status == .badRequest)
            #expect(none.body.string.contains("Tick at least one student"))
            let foreign = try await browser.post("/students/login-cards", [("scope", "chosen"), ("ids[]", world.otherStudent.id!.uuidString)])
            #expect(foreign.status == .notFound)
        }
    }

    @Test func aStudentFillsInTheirOwnProfile() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("mentee")
            let home = try await browser.get("/home")
            #expect(home.body.string.contains("Fill in my profile"))
            try await browser.get("/profile")
            let saved = try await browser.post("/profile", [("interests[]", "gaming"), ("dislikes[]", "crowds"), ("free[]", "fri-break"), ("about", "Hi!")])
            #expect(saved.location == "/profile?notice=saved")
            let profile = try #require(try await MentoringProfile.query(on: app.db).filter(\.$person.$id == world.mentee.id!).first())
            #expect(profile.interests == ["gaming"] && profile.freePeriods == ["fri-break"] && profile.about == "Hi!")
            #expect(try await browser.get("/home").body.string.contains("Your profile is in."))
            let bad = try await browser.post("/profile", [("free[]", "sun-9"), ("about", "Still here")])
            #expect(bad.body.string.contains("Some of the free periods you chose are not on the list."))
            #expect(bad.body.string.contains("Still here"))
        }
    }
}
