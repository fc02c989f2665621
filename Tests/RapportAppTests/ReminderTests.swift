import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Reminder e-mails")
struct ReminderTests {
    static let base = "https://rapport.school.example"

    /// What the outbox holds for one person, oldest first.
    private func outbox(_ app: Application, for person: Person) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).filter(\.$person.$id == person.requireID()).sort(\.$createdAt).all()
    }

    @Test("a suggestion, the day before and the morning of a meeting, and a feedback round: once each, by choice, never at night, never a student's words")
    func remindersGoOnceByChoiceInTheDay() async throws {
        try await withRapport({ $0.publicURL = Self.base }) { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let (mentor, mentee) = (pair.world.mentor, pair.world.mentee)
            for person in [mentor, mentee] {
                person.email = "\(person.username)@oak.example"
                try await person.save(on: app.db)
            }
            // Monday 21 September, 15:13: the mentor suggests Wednesday lunchtime, somewhere only they would write.
            let place = "Behind the sports hall"
            let path = try pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-09-23", time: "13:20", place: place))
            try await ReminderMail.queueDue(app)
            #expect(try await outbox(app, for: mentee).isEmpty, "a suggestion waits an hour before an e-mail")
            clock.advance(by: 61 * 60)
            try await ReminderMail.queueDue(app)
            try await ReminderMail.queueDue(app)
            let suggested = try await outbox(app, for: mentee)
            #expect(suggested.map(\.subject) == ["Rapport: Mentor suggested a meeting"])
            #expect(suggested.first?.body.contains("Mentor suggested meeting on Wednesday 23 September, 13:20–13:50.") == true)
            #expect(suggested.first?.body.contains(Self.base + path) == true)
            #expect(try await outbox(app, for: mentor).isEmpty, "the one who suggested it is not reminded")

            // The mentor turns off the day-before reminder on their page.
            try await pair.mentor.signIn("mentor")
            let settingsPage = try await pair.mentor.get("/profile/reminders").body.string
            #expect(settingsPage.contains("Reminders go to mentor@oak.example") && settingsPage.contains("never at night or at weekends"))
            let kept = ReminderKind.allCases.filter { $0 != .meetingDayBefore }.map { ($0.rawValue, "yes") }
            #expect(try await pair.mentor.post("/profile/reminders", kept).status == .seeOther)

            try await pair.mentee.signIn("mentee")
            try await pair.mentee.get(path)
            #expect(try await pair.mentee.post(path + "/accept").status == .seeOther)
            try await ReminderMail.queueDue(app)
            #expect(try await outbox(app, for: mentee).count == 1, "Wednesday is not the next school day on Monday")
            // Tuesday 10:00: the meeting is on the next school day.
            let time = SchoolTime(zone: app.rapport.timeZone)
            clock.advance(by: try #require(time.date(day: "2026-09-22", time: "10:00")).timeIntervalSince(clock.now))
            try await ReminderMail.queueDue(app)
            let dayBefore = try await outbox(app, for: mentee).filter { $0.subject == "Rapport: meeting with Mentor coming up" }
            #expect(dayBefore.count == 1)
            #expect(dayBefore.first?.body.contains("You're meeting Mentor on Wednesday 23 September, 13:20–13:50.") == true)
            #expect(try await outbox(app, for: mentor).isEmpty, "the mentor turned the day-before reminder off")

            // Wednesday 06:00 is too early; 07:45 is the morning of the meeting.
            clock.advance(by: try #require(time.date(day: "2026-09-23", time: "06:00")).timeIntervalSince(clock.now))
            try await ReminderMail.queueDue(app)
            #expect(try await outbox(app, for: mentor).isEmpty, "nothing at night")
            clock.advance(by: 105 * 60)
            try await ReminderMail.queueDue(app)
            for person in [mentor, mentee] {
                #expect(try await outbox(app, for: person).filter { $0.subject.hasSuffix("today") }.count == 1, "\(person.username)")
            }
            // No e-mail carries what a student wrote.
            for message in try await OutboxMessage.query(on: app.db).all() {
                #expect(!message.body.contains(place) && !message.subject.contains(place))
            }

            // The stop link works signed out, with one click on the page it opens.
            let body = try #require(try await outbox(app, for: mentee).last?.body)
            let stopURL = try #require(body.split(separator: "\n").first { $0.hasPrefix("To stop them, with one click: ") })
                .replacingOccurrences(of: "To stop them, with one click: " + Self.base, with: "")
            let stranger = TestBrowser(app)
            let stopPage = try await stranger.get(stopURL)
            #expect(stopPage.status == .ok && stopPage.body.string.contains("Stop every reminder e-mail to Mentee?"))
            #expect(try await stranger.post(stopURL).status == .seeOther)
            let settings = try await ReminderSettings.of(try mentee.requireID(), dependencies: app.dependencies, on: app.db)
            #expect(ReminderKind.allCases.allSatisfy { !settings[$0] })
            #expect(try await stranger.get(stopURL).body.string.contains("No reminder e-mails go to Mentee now."))
            #expect(try await stranger.get("/reminders/stop/not-a-real-key").status == .notFound)

            // Four weeks in, a feedback round opens: the mentor (still subscribed) hears, the mentee (stopped) does not.
            clock.advance(by: 27 * 86_400 + 8 * 3600)
            #expect(time.isWeekday(clock.now))
            try await ReminderMail.queueDue(app)
            try await ReminderMail.queueDue(app)
            #expect(try await outbox(app, for: mentor).filter { $0.subject == "Rapport: feedback with Mentee is open" }.count == 1)
            #expect(try await outbox(app, for: mentee).filter { $0.subject.contains("feedback") }.isEmpty)
        }
    }

    @Test("a safeguarding alert goes first and at any hour; a reminder waits for the school day, retries included")
    func alertsBeforeReminders() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            for person in [world.lead, world.mentee] {
                person.email = "\(person.username)@oak.example"
                try await person.save(on: app.db)
            }
            let mailbox = TestMailbox()
            app.mailer = mailbox.mailer
            let time = SchoolTime(zone: app.rapport.timeZone)
            clock.advance(by: try #require(time.date(day: "2026-09-22", time: "23:00")).timeIntervalSince(clock.now))
            // The reminder was queued first (during the day, say), the alert after.
            try await OutboxMessage(personID: try world.mentee.requireID(), kind: .reminder, subject: "Reminder", body: "r", now: clock.now.addingTimeInterval(-60)).create(on: app.db)
            try await OutboxMessage(personID: try world.lead.requireID(), subject: "Alert", body: "a", now: clock.now).create(on: app.db)
            try await OutboxDelivery.deliverDue(app)
            #expect(mailbox.sent.map(\.subject) == ["Alert"], "at night only the alert goes")
            clock.advance(by: 9 * 3600)
            try await OutboxDelivery.deliverDue(app)
            #expect(mailbox.sent.map(\.subject) == ["Alert", "Reminder"])
        }
    }

    @Test("an e-mail's subject stays one line, whatever a roster put in a name")
    func subjectsStayOneLine() {
        let message = OutboxMessage(personID: UUID(), kind: .reminder, subject: "Rapport: meeting with Sam\r\nBcc: x@y today", body: "", now: Date())
        #expect(message.subject == "Rapport: meeting with Sam  Bcc: x@y today")
    }

    @Test("reminders wait for a school day between 07:30 and 19:00")
    func quietHours() {
        let time = SchoolTime(zone: TimeZone(identifier: "Europe/London")!)
        let at = { (day: String, clock: String) in ReminderMail.mayQueue(at: time.date(day: day, time: clock)!, time: time) }
        #expect(at("2026-09-23", "07:30") && at("2026-09-23", "18:59"))
        #expect(!at("2026-09-23", "07:29") && !at("2026-09-23", "19:00") && !at("2026-09-23", "23:30"))
        #expect(!at("2026-09-26", "10:00") && !at("2026-09-27", "12:00"), "not at weekends")
    }
}
