import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

/// Records what the outbox sent, or fails while `failing` is set.
final class TestMailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [(to: String, subject: String, body: String)] = []
    private var isFailing = false
    var sent: [(to: String, subject: String, body: String)] { lock.withLock { messages } }
    var failing: Bool {
        get { lock.withLock { isFailing } }
        set { lock.withLock { isFailing = newValue } }
    }
    var mailer: Mailer {
        Mailer { [self] to, subject, body in
            try lock.withLock {
                if isFailing { throw Mailer.Failure(description: "The mail command stopped with status 75.") }
                messages.append((to, subject, body))
            }
        }
    }
}

@Suite("Safeguarding: concerns, alerts, escalation")
struct SafeguardingTests {
    static let words = "He said his dad hits him when he is drunk"

    /// A signed-in browser that raised a concern; returns the concern.
    static func raise(_ browser: TestBrowser, text: String = words, about: String = "myself") async throws -> Concern {
        try await browser.get("/worried")
        let sent = try await browser.post("/worried", [("about", about), ("about_name", ""), ("what", text), ("when", "yesterday"), ("danger_now", "no")])
        #expect(sent.status == .seeOther, "\(sent.body.string.prefix(400))")
        return try #require(try await Concern.query(on: browser.app.db).sort(\.$raisedAt, .descending).first())
    }

    @Test func aWorryIsCheckedThenSavedWithItsAlertsInOneGoAndTheWordsStaySealed() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            world.lead.email = "lead@oak.example"
            try await world.lead.save(on: app.db)
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            // The form says who reads it and that it can't be kept secret, and shows the emergency words.
            let form = try await mentee.get("/worried").body.string
            #expect(form.contains("Only your school&#39;s safeguarding lead (Lead Tester) reads this") || form.contains("Only your school's safeguarding lead (Lead Tester) reads this"))
            #expect(form.contains("can&#39;t be kept secret") || form.contains("can't be kept secret"))
            #expect(form.contains("call 999"))
            // Empty, and far too long: refused with the reason next to the field, what was typed kept.
            let empty = try await mentee.post("/worried", [("about", ""), ("what", ""), ("when", ""), ("danger_now", "")])
            #expect(empty.status == .unprocessableEntity)
            for message in ["Choose who it is about.", "Enter what happened or what was said.", "Enter when it was.", "Choose whether anyone is in danger right now."] {
                #expect(empty.body.string.contains(message), "\(message)")
            }
            let long = String(repeating: "a", count: 100 * 1024)
            let tooLong = try await mentee.post("/worried", [("about", "myself"), ("what", long), ("when", "today"), ("danger_now", "no")])
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("can be at most 5000 characters (this is 102400)"))
            #expect(try await Concern.query(on: app.db).count() == 0)

            let concern = try await Self.raise(mentee, text: Self.words + " <script>alert(1)</script>")
            #expect(concern.about == .myself && concern.$student.id == world.mentee.id)
            #expect(try app.notes.open(concern, \.$textSealed).contains(Self.words))
            // A phrase, not a word: three letters turn up by chance in base64 now and then.
            #expect(!concern.textSealed.contains("dad hits"), "sealed at rest")
            // Every lead is alerted in the app and by a queued e-mail that says only that there is a concern.
            let alert = try #require(try await AppNotification.query(on: app.db).filter(\.$person.$id == world.lead.id!).first())
            #expect(alert.text == "A new concern has been raised. Open it to read it.")
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$person.$id == world.lead.id!).first())
            #expect(!mail.body.contains("dad") && !mail.subject.contains("dad") && mail.deliveredAt == nil)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "raised concern").count() == 1)
            // The receipt says it arrived, and nothing else.
            let receipt = try await mentee.get("/worried/\(concern.id!.uuidString.lowercased())").body.string
            #expect(receipt.contains("Received") && receipt.contains("not yet") && !receipt.contains("dad"))
            // Nobody else's: another student gets 404 for the receipt.
            let other = TestBrowser(app)
            try await other.signIn("mentor")
            #expect(try await other.get("/worried/\(concern.id!.uuidString.lowercased())").status == .notFound)
        }
    }

    @Test func savingAConcernAndQueuingItsAlertsSucceedOrFailTogether() async throws {
        guard ProcessInfo.processInfo.environment["RAPPORT_TEST_DATABASE_URL"] == nil else { return }
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("CREATE TRIGGER outbox_broken BEFORE INSERT ON outbox_messages BEGIN SELECT RAISE(ABORT, 'disk full'); END").run()
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            try await mentee.get("/worried")
            let failed = try await mentee.post("/worried", [("about", "myself"), ("what", Self.words), ("when", "today"), ("danger_now", "no")])
            #expect(failed.status == .internalServerError)
            #expect(try await Concern.query(on: app.db).count() == 0)
            #expect(try await AppNotification.query(on: app.db).count() == 0)
        }
    }

    @Test func theLeadAcknowledgesReadsAddsDecidesLinksAndClosesEveryStepRecorded() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            let concern = try await Self.raise(mentee)
            let path = "/concerns/\(concern.id!.uuidString.lowercased())"
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            #expect(try await lead.get("/home").body.string.contains("1 new concern is waiting for you."))
            let list = try await lead.get("/concerns").body.string
            #expect(list.contains("New: raised"))
            let page = try await lead.get(path).body.string
            #expect(page.contains(Self.words))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "read concern").filter(\.$actorID == world.lead.id).count() == 1)
            #expect(page.contains("Read by") && page.contains("Lead Tester, last"))
            // Closing before a decision is refused.
            let early = try await lead.post(path + "/close")
            #expect(early.status == .unprocessableEntity && early.body.string.contains("record a decision"))
            #expect(try await lead.post(path + "/acknowledge").location == path)
            #expect(try await lead.post(path + "/acknowledge").status == .conflict)
            #expect(try await mentee.get("/worried/\(concern.id!.uuidString.lowercased())").body.string.contains("by the safeguarding lead"))
            // A decision needs its category; an addendum corrects without changing the words.
            try await lead.get(path)
            let noCategory = try await lead.post(path + "/entries", [("kind", "decision"), ("category", ""), ("text", "Spoke to him")])
            #expect(noCategory.status == .unprocessableEntity && noCategory.body.string.contains("Choose the decision&#39;s category") || noCategory.body.string.contains("Choose the decision's category"))
            #expect(noCategory.body.string.contains("value=\"decision\" checked"), "the choice is kept")
            try await lead.post(path + "/entries", [("kind", "addendum"), ("text", "He meant his stepdad.")])
            try await lead.post(path + "/entries", [("kind", "decision"), ("category", "social-care"), ("text", "Referred to children's social care; spoke to him first.")])
            try await lead.post(path + "/student", [("student", world.mentee.id!.uuidString.lowercased())])
            let other = try await lead.post(path + "/student", [("student", world.otherStudent.id!.uuidString.lowercased())])
            #expect(other.status == .unprocessableEntity, "another school's student cannot be linked")
            #expect(try await lead.post(path + "/close").location == path)
            let closed = try await lead.get(path).body.string
            #expect(closed.contains("Decision: Referral to children&#39;s social care") || closed.contains("Decision: Referral to children's social care"))
            #expect(closed.contains("He meant his stepdad.") && closed.contains(Self.words))
            #expect(try await lead.post(path + "/entries", [("kind", "addendum"), ("text", "late")]).status == .conflict)
            let chronology = try await lead.get("/concerns/students/\(world.mentee.id!.uuidString.lowercased())").body.string
            #expect(chronology.contains("Chronology: Mentee Tester") && chronology.contains("He meant his stepdad."))
            let actions = try await AuditEvent.query(on: app.db).filter(\.$subject ~~ ["concern \(concern.id!)"]).all().map(\.action)
            #expect(Set(actions).isSuperset(of: ["raised concern", "read concern", "acknowledged concern", "closed concern"]))
            _ = clock
        }
    }

    @Test func nobodyButTheSchoolsLeadReadsAConcern() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let elmLead = Person(organisationID: world.organisation.id!, schoolID: world.otherSchool.id, role: .safeguardingLead,
                                 givenName: "Elm", familyName: "Lead", username: "elmlead")
            elmLead.passwordHash = world.coordinator.passwordHash
            try await elmLead.create(on: app.db)
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            let concern = try await Self.raise(mentee)
            let path = "/concerns/\(concern.id!.uuidString.lowercased())"
            for (username, status) in [("mentee", HTTPStatus.forbidden), ("mentor", .forbidden), ("coord", .forbidden), ("elmlead", .notFound)] {
                let browser = TestBrowser(app)
                try await browser.signIn(username)
                let page = try await browser.get(path)
                #expect(page.status == status, "\(username)")
                #expect(!page.body.string.contains("dad"), "\(username)")
                try await browser.get("/account/password")
                #expect(try await browser.post(path + "/acknowledge").status == status, "\(username) acknowledging")
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "refused concern access").count() == 6)
            #expect(try await Concern.find(concern.id, on: app.db)?.acknowledgedAt == nil)
        }
    }

    @Test func theDatabaseRefusesToChangeOrDeleteAConcernsWords() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            let concern = try await Self.raise(mentee)
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE concerns SET text_sealed = 'x'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE concerns SET when_sealed = 'x'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM concerns").run() }
            if sql.dialect.name != "sqlite" {
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE concerns CASCADE").run() }
            }
            let stored = try #require(try await Concern.find(concern.id, on: app.db))
            #expect(stored.textSealed == concern.textSealed)
            // What may change around the words still can: acknowledging.
            stored.acknowledgedAt = Date()
            try await stored.save(on: app.db)
        }
    }

    @Test func anUnacknowledgedConcernEscalatesOnceAfterAnHourOfTheSchoolDay() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let deputy = Person(organisationID: world.organisation.id!, schoolID: world.school.id, role: .safeguardingLead,
                                givenName: "Dee", familyName: "Puty", username: "deputy", email: "deputy@oak.example")
            deputy.isDeputyLead = true
            try await deputy.create(on: app.db)
            // Tuesday 10:00 on the school's clock.
            let time = SchoolTime(zone: app.rapport.timeZone)
            let tuesday = try #require(time.date(day: "2026-09-22", time: "10:00"))
            clock.advance(by: tuesday.timeIntervalSince(clock.now))
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            let concern = try await Self.raise(mentee)
            let raised = try await AppNotification.query(on: app.db).filter(\.$text ~~ "A new concern").all()
            #expect(raised.map(\.$person.id) == [world.lead.id!], "a new concern alerts the designated lead, not the deputy")
            clock.advance(by: 59 * 60)
            try await Escalation.escalateOverdue(app)
            #expect(try await Concern.find(concern.id, on: app.db)?.escalatedAt == nil)
            clock.advance(by: 2 * 60)
            try await Escalation.escalateOverdue(app)
            try await Escalation.escalateOverdue(app)
            #expect(try await Concern.find(concern.id, on: app.db)?.escalatedAt != nil)
            let overdue = try await AppNotification.query(on: app.db).filter(\.$text ~~ "without being acknowledged").all()
            #expect(overdue.count == 2 && Set(overdue.map(\.$person.id)) == [world.lead.id!, deputy.id!],
                    "escalated once: to the deputy, and again to the lead")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "escalated concern").count() == 1)
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            #expect(try await lead.get("/concerns").body.string.contains("overdue"))
        }
    }

    @Test func aDeputyLeadSeesAndDoesWhatTheLeadDoesAndIsNamedOnTheForm() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let deputy = Person(organisationID: world.organisation.id!, schoolID: world.school.id, role: .safeguardingLead,
                                givenName: "Dee", familyName: "Puty", username: "deputy")
            deputy.isDeputyLead = true
            deputy.passwordHash = world.coordinator.passwordHash
            try await deputy.create(on: app.db)
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            #expect(try await mentee.get("/worried").body.string.contains("(Lead Tester; Dee Puty, deputy)"))
            let concern = try await Self.raise(mentee)
            let browser = TestBrowser(app)
            let setUp = try await browser.signIn("deputy")
            #expect(setUp.body.string.contains("Save your recovery codes"), "a deputy must use two-step sign-in too")
            let home = try await browser.get("/home").body.string
            #expect(home.contains("Deputy safeguarding lead") && home.contains("You are a deputy safeguarding lead for Oak School."))
            #expect(home.contains("A new concern alerts the school&#39;s lead first") || home.contains("A new concern alerts the school's lead first"))
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            #expect(try await lead.get("/home").body.string.contains("goes to the deputy leads and to you again"))
            let path = "/concerns/\(concern.id!.uuidString.lowercased())"
            #expect(try await browser.get("/concerns").body.string.contains(path))
            #expect(try await browser.get(path).status == .ok)
            #expect(try await browser.post(path + "/acknowledge").location == path)
            #expect(try await Concern.find(concern.id, on: app.db)?.acknowledgedByID == deputy.id)
        }
    }

    @Test func schoolHoursSkipNightsAndWeekends() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let hours = SchoolHours(bells: .standard, calendar: calendar)  // 09:00 to 15:00
        let time = SchoolTime(zone: calendar.timeZone)
        let at = { (day: String, clock: String) in try #require(time.date(day: day, time: clock)) }
        #expect(hours.adding(minutes: 60, to: try at("2026-09-22", "10:00")) == (try at("2026-09-22", "11:00")))
        #expect(hours.adding(minutes: 60, to: try at("2026-09-22", "14:30")) == (try at("2026-09-23", "09:30")), "the night does not count")
        #expect(hours.adding(minutes: 60, to: try at("2026-09-25", "16:00")) == (try at("2026-09-28", "10:00")), "Friday evening to Monday")
        #expect(hours.adding(minutes: 60, to: try at("2026-09-26", "11:00")) == (try at("2026-09-28", "10:00")), "raised on a Saturday")
        #expect(hours.adding(minutes: 60, to: try at("2026-10-23", "14:30")) == (try at("2026-10-26", "09:30")), "across the clocks going back")
    }

    @Test func alertsAreSentOnceAndRetriedUntilTheMailCommandTakesThem() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            world.lead.email = "lead@oak.example"
            try await world.lead.save(on: app.db)
            let mailbox = TestMailbox()
            app.mailer = mailbox.mailer
            mailbox.failing = true
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            _ = try await Self.raise(mentee)
            // The mail command fails: nothing is lost, the message waits and the lead sees why.
            try await OutboxDelivery.deliverDue(app)
            let waiting = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(waiting.deliveredAt == nil && waiting.attempts == 1 && waiting.lastProblem?.contains("status 75") == true)
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            #expect(try await lead.get("/concerns").body.string.contains("E-mails not delivered yet"))
            try await OutboxDelivery.deliverDue(app)
            #expect(try await OutboxMessage.query(on: app.db).first()?.attempts == 1, "not before its back-off")
            mailbox.failing = false
            clock.advance(by: 61)
            // Two servers at once, holding the job lease in turn: the message goes once.
            async let first: Void = SafeguardingJobs.runOnce(app, holder: "server A")
            async let second: Void = SafeguardingJobs.runOnce(app, holder: "server B")
            _ = try await (first, second)
            try await SafeguardingJobs.runOnce(app, holder: "server A")
            #expect(mailbox.sent.count == 1)
            #expect(mailbox.sent.first?.to == "lead@oak.example" && mailbox.sent.first?.body.contains("dad") == false)
            #expect(try await OutboxMessage.query(on: app.db).first()?.deliveredAt != nil)
        }
    }

    @Test func theJobLeaseHasOneHolderAtATime() async throws {
        try await withRapport { app, clock in
            let first = try await JobLease.take("job", holder: "A", now: clock.now, length: 60, on: app.db)
            let refused = try await JobLease.take("job", holder: "B", now: clock.now, length: 60, on: app.db)
            let renewed = try await JobLease.take("job", holder: "A", now: clock.now.addingTimeInterval(30), length: 60, on: app.db)
            let takenOver = try await JobLease.take("job", holder: "B", now: clock.now.addingTimeInterval(91), length: 60, on: app.db)
            #expect(first && !refused && renewed && takenOver)
        }
    }

    @Test func aMentorRaisesAWorryAboutTheirMenteeFromAMeetingLog() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try await pair.heldMeeting(app, clock)
            let log = try await pair.mentor.get(path).body.string
            let link = "/worried?match=\(pair.match.id!.uuidString.lowercased())"
            #expect(log.contains("href=\"\(link)\""))
            let form = try await pair.mentor.get(link).body.string
            #expect(form.contains("value=\"student\" checked") && form.contains("value=\"Mentee Tester\""))
            try await pair.mentor.post("/worried", [("about", "student"), ("about_name", "Mentee Tester"), ("what", "She said she isn't eating."),
                                                    ("when", "today"), ("danger_now", "not-sure"), ("match", pair.match.id!.uuidString.lowercased())])
            let concern = try #require(try await Concern.query(on: app.db).first())
            #expect(concern.matchID == pair.match.id && concern.$student.id == pair.world.mentee.id)
            #expect(!(try await pair.mentee.get(path)).body.string.contains("/worried?match="), "the link is the mentor's")
            // Another mentor's match id links nothing.
            let stranger = TestBrowser(app)
            try await stranger.signIn("mentee")
            try await stranger.get("/worried")
            try await stranger.post("/worried", [("about", "student"), ("what", "x"), ("when", "today"), ("danger_now", "no"),
                                                 ("match", pair.match.id!.uuidString.lowercased())])
            let second = try #require(try await Concern.query(on: app.db).sort(\.$raisedAt, .descending).sort(\.$id).all().first { $0.id != concern.id })
            #expect(second.matchID == nil && second.$student.id == nil)
        }
    }

    @Test func eachSchoolsFormShowsTheEmergencyWordsItsAdminSet() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let admin = TestBrowser(app)
            try await admin.signIn("admin")
            let path = "/schools/\(world.school.id!.uuidString.lowercased())/emergency"
            try await admin.get(path)
            let tooLong = try await admin.post(path, [("emergency_text", String(repeating: "x", count: 501))])
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("at most 500 characters"))
            #expect(try await admin.post(path, [("emergency_text", "Go to Reception or call Ms Bell on 0161 496 0000.")]).location == "/schools?notice=saved")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "changed emergency text").count() == 1)
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            let form = try await mentee.get("/worried").body.string
            #expect(form.contains("Go to Reception or call Ms Bell on 0161 496 0000.") && !form.contains("call 999"))
            let elm = TestBrowser(app)
            try await elm.signIn("elmstudent")
            #expect(try await elm.get("/worried").body.string.contains(WorryController.defaultEmergencyText.replacingOccurrences(of: "'", with: "&#39;"))
                    || elm.lastBody.contains(WorryController.defaultEmergencyText), "the other school keeps the standard words")
        }
    }

    @Test func theLeadMayTellTheCoordinatorThatALeadIsInvolvedAndPauseTheMatch() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            try await pair.mentor.get("/worried?match=\(pair.match.id!.uuidString.lowercased())")
            try await pair.mentor.post("/worried", [("about", "student"), ("about_name", "Mentee Tester"), ("what", Self.words),
                                                    ("when", "today"), ("danger_now", "no"), ("match", pair.match.id!.uuidString.lowercased())])
            let concern = try #require(try await Concern.query(on: app.db).first())
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let matchPath = "/matches/\(pair.match.id!.uuidString.lowercased())"
            #expect(!(try await coordinator.get(matchPath)).body.string.contains("A safeguarding lead is involved"), "not until the lead says so")
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            let path = "/concerns/\(concern.id!.uuidString.lowercased())"
            try await lead.get(path)
            #expect(try await lead.post(path + "/share").location == path)
            let seen = try await coordinator.get(matchPath).body.string
            #expect(seen.contains("A safeguarding lead is involved.") && seen.contains("Talk to them before acting"))
            // The page's own words (its head carries the stylesheet's hash, which is any hex).
            let main = seen.components(separatedBy: "<main").last ?? seen
            #expect(!main.contains("dad") && !main.contains("concern"), "only that a lead is involved")
            // Pausing needs a reason, goes through the match's one transition function and is recorded there.
            try await lead.get(path)
            let noReason = try await lead.post(path + "/pause-match", [("reason", "")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await lead.post(path + "/pause-match", [("reason", "Paused while school sorts something out.")]).location == path)
            let paused = try #require(try await MentoringMatch.find(pair.match.id, on: app.db))
            #expect(paused.state == .paused)
            let transition = try #require(try await MatchTransition.query(on: app.db).filter(\.$toState == .paused).first())
            #expect(transition.actorID == pair.world.lead.id && transition.reason == "Paused while school sorts something out.")
            // Once the concern is closed, the coordinator's notice goes.
            try await lead.get(path)
            try await lead.post(path + "/acknowledge")
            try await lead.post(path + "/entries", [("kind", "decision"), ("category", "monitor"), ("text", "Watching.")])
            try await lead.post(path + "/close")
            #expect(!(try await coordinator.get(matchPath)).body.string.contains("A safeguarding lead is involved"))
        }
    }
}

@Suite("Safeguarding holds")
struct SafeguardingHoldTests {
    @Test func aHoldFromAConcernKeepsAStudentOutOfMatchingUntilLifted() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let olu = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee,
                             givenName: "Olu", familyName: "Ade", username: "olu", yearGroup: 8)
            olu.passwordHash = pair.world.mentee.passwordHash
            try await olu.create(on: app.db)
            let student = TestBrowser(app)
            try await student.signIn("olu")
            try await student.get("/worried")
            try await student.post("/worried", [("about", "myself"), ("what", "Something at home"), ("when", "today"), ("danger_now", "no")])
            let concern = try #require(try await Concern.query(on: app.db).first())
            #expect(concern.$student.id == olu.id)
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            let path = "/concerns/\(concern.id!.uuidString.lowercased())"
            #expect(try await lead.get(path).body.string.contains("Put Olu on hold"))
            #expect(try await lead.post(path + "/hold").location == path)
            #expect(try await lead.post(path + "/hold").status == .conflict)
            var inputs = try await RoundInputs.load(programme: pair.programme, now: clock.now, on: app.db)
            #expect(inputs.cohort.mentees.first { $0.id == RoundInputs.key(olu) }?.safeguardingHold == true)
            #expect(inputs.studentsOnHold == 1)
            let fingerprint = inputs.fingerprint
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "placed safeguarding hold").count() == 1)
            try await lead.get(path)
            #expect(try await lead.post(path + "/lift-hold").location == path)
            inputs = try await RoundInputs.load(programme: pair.programme, now: clock.now, on: app.db)
            #expect(inputs.cohort.mentees.first { $0.id == RoundInputs.key(olu) }?.safeguardingHold == false)
            #expect(inputs.fingerprint != fingerprint, "a round run while the hold was on must be re-run")
        }
    }
}

@Suite("Retention")
struct RetentionTests {
    @Test func aClosedMatchsWordsGoAfterTheRetentionPeriodAndConcernsStay() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try await pair.heldMeeting(app, clock)
            try await pair.mentor.get(path)
            try await pair.mentor.post(path + "/note", [("note", "We planned the talent show")])
            try await pair.mentor.post(path + "/summary", [("summary", "You want to sing")])
            try await pair.mentee.get("\(pair.base)/commitments")
            try await pair.mentee.post("\(pair.base)/commitments", [("commitment", "practise every night"), ("due_on", "2026-10-30")])
            try await pair.mentee.get("/worried")
            try await pair.mentee.post("/worried", [("about", "myself"), ("what", "Kept for ever"), ("when", "today"), ("danger_now", "no")])
            try await MatchTransitions(audit: app.audit).apply(.beginClosing, to: pair.match.id!, by: pair.world.coordinator, reason: "End of year", on: app.db)
            try await MatchTransitions(audit: app.audit).apply(.close, to: pair.match.id!, by: pair.world.coordinator, on: app.db)
            let commitmentsBefore = try await Commitment.query(on: app.db).count()
            // Eleven months on: kept.
            clock.advance(by: 335 * 86400)
            try await NoteRetention.purgeDue(app)
            #expect(try await MeetingEntry.query(on: app.db).count() > 0)
            // Past twelve months: the words go, dates and counts stay, once.
            clock.advance(by: 40 * 86400)
            try await NoteRetention.purgeDue(app)
            try await NoteRetention.purgeDue(app)
            #expect(try await MeetingEntry.query(on: app.db).count() == 0)
            #expect(try await MeetingSummary.query(on: app.db).count() == 0)
            #expect(try await Commitment.query(on: app.db).count() == commitmentsBefore)
            for commitment in try await Commitment.query(on: app.db).all() { #expect(try app.notes.open(commitment, \.$textSealed) == "") }
            for meeting in try await Meeting.query(on: app.db).all() { #expect(try app.notes.open(meeting, \.$placeSealed) == "") }
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "purged notes").all()
            #expect(events.count == 1 && events[0].subject.hasPrefix("match \(pair.match.id!):"))
            // The concern is untouched.
            let concern = try #require(try await Concern.query(on: app.db).first())
            #expect(try app.notes.open(concern, \.$textSealed) == "Kept for ever")
            // The mentee is told why the words are gone.
            try await pair.mentee.signIn("mentee")
            let page = try await pair.mentee.get(path).body.string
            #expect(page.contains("What was written in this match was removed") && !page.contains("talent show"))
        }
    }
}

@Suite("A student's data")
struct StudentRecordTests {
    @Test func theLeadExportsEverythingHeldAboutAStudentWithAReasonThatIsAudited() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try await pair.heldMeeting(app, clock)
            try await pair.mentee.get(path)
            try await pair.mentee.post(path + "/note", [("note", "I said my exams worry me")])
            try await pair.mentee.get("\(pair.base)/commitments")
            try await pair.mentee.post("\(pair.base)/commitments", [("commitment", "revise for twenty minutes"), ("due_on", "2026-10-30")])
            try await pair.mentee.get("/worried")
            try await pair.mentee.post("/worried", [("about", "myself"), ("what", "I can't sleep before exams"), ("when", "this week"), ("danger_now", "no")])
            let profile = try await MentoringProfile.of(pair.world.mentee, on: app.db)
            profile.about = "I like drawing comics."
            try await profile.save(on: app.db)
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            let recordPath = "/records/\(pair.world.mentee.id!.uuidString.lowercased())"
            #expect(try await lead.get(recordPath).status == .ok)
            let noReason = try await lead.post(recordPath, [("reason", ""), ("format", "page")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Enter why you are exporting it."))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "exported student record").count() == 0)
            let page = try await lead.post(recordPath, [("reason", "Subject access request from parent"), ("format", "page")]).body.string
            for words in ["I said my exams worry me", "revise for twenty minutes", "I can't sleep before exams", "I like drawing comics.",
                          "Match with Mentor Tester", "Library", "signed in"] {
                #expect(page.contains(words) || page.contains(words.replacingOccurrences(of: "'", with: "&#39;")), "\(words)")
            }
            let json = try await lead.post(recordPath, [("reason", "Subject access request from parent"), ("format", "json")])
            #expect(json.headers.contentType == .json && json.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let decoded = try JSONDecoder().decode(StudentRecordExport.Section.self, from: Data(json.body.string.utf8))
            #expect(decoded.title == "Mentee Tester" && decoded.sections.contains { $0.title == "Match with Mentor Tester" })
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "exported student record").all()
            #expect(events.count == 2 && events.allSatisfy { $0.subject.hasSuffix("Subject access request from parent") && $0.actorID == pair.world.lead.id })
            // The coordinator cannot (403, audited); another school's student is not found.
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            #expect(try await coordinator.get(recordPath).status == .forbidden)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "refused student record export").count() == 1)
            #expect(try await lead.get("/records/\(pair.world.otherStudent.id!.uuidString.lowercased())").status == .notFound)
        }
    }

    @Test func theLeadFindsTheirSchoolsStudentsAndTheAdminEverySchoolsForARequest() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            // "tester" is in every student's name: the lead sees their school's, not Elm's.
            let leadFound = try await lead.get("/records?q=Tester").body.string
            #expect(leadFound.contains("/records/\(world.mentee.id!.uuidString.lowercased())") && leadFound.contains("/records/\(world.mentor.id!.uuidString.lowercased())"))
            #expect(!leadFound.contains(world.otherStudent.id!.uuidString.lowercased()))
            #expect(!leadFound.contains(world.coordinator.id!.uuidString.lowercased()), "students only")
            #expect(try await lead.get("/records?q=m").body.string.contains("Type at least two letters"))
            #expect(try await lead.get("/records?q=nobody%20like%20this").body.string.contains("No student matches"))
            let admin = TestBrowser(app)
            try await admin.signIn("admin")
            let adminFound = try await admin.get("/records?q=elmstudent").body.string
            let elmRecord = "/records/\(world.otherStudent.id!.uuidString.lowercased())"
            #expect(adminFound.contains(elmRecord) && adminFound.contains("Elm School"))
            let exported = try await admin.post(elmRecord, [("reason", "Request from the student"), ("format", "page")])
            #expect(exported.status == .ok && exported.body.string.contains("Everything held about Elmstudent Tester"))
            let searches = try await AuditEvent.query(on: app.db).filter(\.$action == "searched students for a data request").sort(\.$sequence).all()
            #expect(searches.map(\.subject) == ["\"Tester\": 2 found", "\"nobody like this\": 0 found", "\"elmstudent\": 1 found"])
            let export = try await AuditEvent.query(on: app.db).filter(\.$action == "exported student record").all()
            #expect(export.count == 1 && export[0].actorID == world.admin.id && export[0].subject.hasSuffix("Request from the student"))
        }
    }
}

@Suite("Two servers, one database", .serialized)
struct TwoServerTests {
    /// A second `rapport serve` on the same database and keys as `app`, as another machine behind the same proxy.
    static func secondServer(like app: Application) async throws -> Application {
        let other = try await Application.make(.testing)
        other.logger.logLevel = .warning
        try await configure(other, app.rapport)
        return other
    }

    static func sharedDatabase(_ configuration: inout AppConfiguration) {
        configuration.noteKey = NoteCipher.randomKeyText()
        configuration.secretKey = NoteCipher.randomKeyText()
        if configuration.databaseURL == nil {
            configuration.inMemoryDatabase = false
            configuration.dataDirectory = NSTemporaryDirectory() + "rapport-two-servers-" + UUID().uuidString
        }
    }

    @Test func aConcernRaisedOnOneServerIsAlertedOnceAndEscalatedOnceWhicheverRunsTheJobs() async throws {
        try await withRapport(Self.sharedDatabase) { app, clock in
            let world = try await World.make(on: app)
            world.lead.email = "lead@oak.example"
            try await world.lead.save(on: app.db)
            let mailbox = TestMailbox()
            app.mailer = mailbox.mailer
            let second = try await Self.secondServer(like: app)
            second.mailer = mailbox.mailer
            do {
                // Raised on the second server, which then stops before sending anything (killed, say).
                let mentee = TestBrowser(second)
                try await mentee.signIn("mentee")
                try await mentee.get("/worried")
                try await mentee.post("/worried", [("about", "myself"), ("what", "x"), ("when", "today"), ("danger_now", "no")])
                #expect(try await OutboxMessage.query(on: app.db).filter(\.$deliveredAt == nil).count() == 1, "queued with the concern")
                // Both servers run their jobs at the same moment, three times over.
                for _ in 0..<3 {
                    async let first: Void = SafeguardingJobs.runOnce(app, holder: "server one")
                    async let other: Void = SafeguardingJobs.runOnce(second, holder: "server two")
                    _ = try await (first, other)
                }
                #expect(mailbox.sent.count == 1)
                // The lease lapses while server one is gone; server two takes over and escalates, once.
                clock.advance(by: 3 * 86400)  // well over an hour of the school day, whatever the day and hour
                for _ in 0..<2 {
                    async let first: Void = SafeguardingJobs.runOnce(app, holder: "server one")
                    async let other: Void = SafeguardingJobs.runOnce(second, holder: "server two")
                    _ = try await (first, other)
                    clock.advance(by: 130)
                }
                #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "escalated concern").count() == 1)
                #expect(mailbox.sent.count == 2, "the first alert and the escalation, each once")
                // A session made on one server works on the other.
                let lead = TestBrowser(app)
                try await lead.signIn("lead")
                let onSecond = TestBrowser(second)
                onSecond.cookies = lead.cookies
                #expect(try await onSecond.get("/concerns").status == .ok)
                try await second.asyncShutdown()
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
        }
    }
}

@Suite("Deleting a student")
struct StudentDeletionTests {
    @Test func deletingAStudentRemovesWhoTheyAreAndWhatTheyWroteAndKeepsAPseudonymousTrail() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try await pair.heldMeeting(app, clock)
            try await pair.mentee.get(path)
            try await pair.mentee.post(path + "/note", [("note", "mentee-words-to-erase")])
            try await pair.mentor.get(path)
            try await pair.mentor.post(path + "/note", [("note", "mentor-words-kept")])
            try await pair.mentee.get("/worried")
            try await pair.mentee.post("/worried", [("about", "myself"), ("what", "worry-kept"), ("when", "today"), ("danger_now", "no")])
            let profile = try await MentoringProfile.of(pair.world.mentee, on: app.db)
            profile.about = "about-to-erase"
            try await profile.save(on: app.db)
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            let record = "/records/\(pair.world.mentee.id!.uuidString.lowercased())"
            try await lead.get(record)
            let wrong = try await lead.post(record + "/delete", [("delete_reason", "Erasure request"), ("confirm_username", "someone")])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Type the student&#39;s username exactly") || wrong.body.string.contains("Type the student's username exactly"))
            #expect(try await Person.find(pair.world.mentee.id, on: app.db)?.username == "mentee")
            let done = try await lead.post(record + "/delete", [("delete_reason", "Erasure request from parent"), ("confirm_username", "mentee")])
            #expect(done.status == .ok && done.body.string.contains("Student deleted"))
            let former = try #require(try await Person.find(pair.world.mentee.id, on: app.db))
            #expect(former.givenName == "Former" && former.username.hasPrefix("deleted-") && !former.isActive && former.passwordHash == nil && former.email == nil)
            #expect(try await MentoringProfile.of(former, on: app.db).about == "")
            let entries = try await MeetingEntry.query(on: app.db).all()
            let words = try entries.map { try app.notes.open($0, \.$bodySealed) }
            #expect(!words.contains("mentee-words-to-erase") && words.contains("mentor-words-kept"))
            let concern = try #require(try await Concern.query(on: app.db).first())
            #expect(try app.notes.open(concern, \.$textSealed) == "worry-kept", "a safeguarding record is not erased")
            // They can't sign in, and the audit names nobody: role and id only.
            #expect(try await TestBrowser(app).signIn("mentee").location == nil)
            let deletion = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "deleted student").first())
            #expect(deletion.subject.hasPrefix("student \(pair.world.mentee.id!):") && deletion.subject.hasSuffix("Erasure request from parent"))
            for event in try await AuditEvent.query(on: app.db).all() {
                #expect(!event.actor.contains("mentee") || event.actor.hasPrefix("mentee "), "\(event.actor)")
                #expect(!event.actor.contains("Tester"))
            }
            #expect(try await AuditLog.verify(on: app.db, keys: app.keys).brokenAt == nil)
        }
    }
}

@Suite("A closing match is still open")
struct ClosingIsOpenTests {
    @Test func aMenteeWhoseMatchIsClosingStaysOutOfMatchingAndTheMentorKeepsTheirPlace() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            try await MatchTransitions(audit: app.audit).apply(.beginClosing, to: pair.match.id!, by: pair.world.coordinator, reason: "End of year", on: app.db)
            let closing = try #require(try await MentoringMatch.find(pair.match.id, on: app.db))
            #expect(closing.state == .closing && closing.mentorSlot != nil, "the mentor's place is still taken")
            var inputs = try await RoundInputs.load(programme: pair.programme, now: clock.now, on: app.db)
            #expect(!inputs.cohort.mentees.contains { $0.id == RoundInputs.key(pair.world.mentee) }, "not back in matching while closing")
            // The database refuses a second open match for the mentee in the programme.
            let second = MentoringMatch()
            second.$school.id = try pair.world.school.requireID()
            second.$programme.id = try pair.programme.requireID()
            second.$mentee.id = try pair.world.mentee.requireID()
            second.$mentor.id = try pair.world.mentor.requireID()
            second.state = .proposed
            second.score = 1
            second.reasons = []
            second.createdAt = clock.now
            second.updatedAt = clock.now
            await #expect(throws: (any Error).self) { try await second.create(on: app.db) }
            try await MatchTransitions(audit: app.audit).apply(.close, to: pair.match.id!, by: pair.world.coordinator, on: app.db)
            inputs = try await RoundInputs.load(programme: pair.programme, now: clock.now, on: app.db)
            #expect(!inputs.cohort.mentees.contains { $0.id == RoundInputs.key(pair.world.mentee) }, "two weeks to settle after it closed")
            inputs = try await RoundInputs.load(programme: pair.programme, now: clock.now.addingTimeInterval(14 * 86_400 + 60), on: app.db)
            #expect(inputs.cohort.mentees.contains { $0.id == RoundInputs.key(pair.world.mentee) }, "back two weeks after it closed")
            #expect(try await MentoringMatch.find(pair.match.id, on: app.db)?.mentorSlot == nil)
        }
    }
}
