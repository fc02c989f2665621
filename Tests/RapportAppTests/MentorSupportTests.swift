import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Peer mentors are supported too")
struct MentorSupportTests {
    @Test("a monthly check-in is the mentor's own unless shared; asking for help reaches the coordinator without the words in the notification")
    func wellbeingAndHelp() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let mentor = pair.mentor
            let page = try await mentor.get("/mentoring").body.string
            #expect(page.contains("How are you doing?") && page.contains("Only you see it, unless you choose to share it"))

            // Bad input: nothing chosen, a made-up answer, a note too long.
            let empty = try await mentor.post("/mentoring/wellbeing", [])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Choose how you")
                    && empty.body.string.contains("Choose how mentoring is feeling."))
            let madeUp = try await mentor.post("/mentoring/wellbeing", [("feeling", "9"), ("load", "fine")])
            #expect(madeUp.status == .unprocessableEntity)
            let long = try await mentor.post("/mentoring/wellbeing", [("feeling", "3"), ("load", "about-right"), ("note", String(repeating: "n", count: 501))])
            #expect(long.status == .unprocessableEntity && long.body.string.contains("at most 500 characters (this is 501)"))

            // A private check-in that sounds hard: the mentor sees where help is, the coordinator sees nothing.
            #expect(try await mentor.post("/mentoring/wellbeing", [("feeling", "1"), ("load", "too-much"), ("note", "Exams and mentoring at once")]).status == .seeOther)
            let after = try await mentor.get("/mentoring").body.string
            #expect(after.contains("This month: low, and mentoring feels too much. Kept to yourself.") && after.contains("That sounds hard."))
            #expect(try await MentorWellbeing.query(on: app.db).first()?.noteSealed?.contains("Exams") == false, "sealed")
            #expect(try await mentor.post("/mentoring/wellbeing", [("feeling", "4"), ("load", "about-right")]).status == .conflict, "once a month")
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let support = try await coordinator.get("/mentor-support").body.string
            #expect(!support.contains("Exams and mentoring at once") && support.contains("None shared yet."))
            #expect(try await AppNotification.query(on: app.db).filter(\.$person.$id == pair.world.coordinator.requireID()).count() == 0)

            // Next month, shared: the coordinator sees it and is told that (not what) it was shared.
            clock.advance(by: 31 * 86_400)
            try await mentor.signIn("mentor")
            try await mentor.get("/mentoring")
            #expect(try await mentor.post("/mentoring/wellbeing", [("feeling", "4"), ("load", "could-do-more"), ("note", "Ready for a second mentee"), ("share", "yes")]).status == .seeOther)
            try await coordinator.signIn("coord")
            let shared = try await coordinator.get("/mentor-support").body.string
            #expect(shared.contains("feeling good, mentoring i could do more. Ready for a second mentee") && !shared.contains("Exams and mentoring"))
            #expect(try await AppNotification.query(on: app.db).filter(\.$text == "A mentor shared their monthly check-in with you.").count() == 1)

            // Help: the words go to the coordinator's page, sealed; the notification says only that a mentor asked.
            try await mentor.get("/mentoring")
            #expect(try await mentor.post("/mentoring/help", [("help", " ")]).status == .unprocessableEntity)
            #expect(try await mentor.post("/mentoring/help", [("help", "My mentee cried and I froze")]).status == .seeOther)
            let ask = try #require(try await MentorHelpRequest.query(on: app.db).first())
            #expect(!ask.textSealed.contains("froze"))
            let told = try await AppNotification.query(on: app.db).filter(\.$person.$id == pair.world.coordinator.requireID()).all().map(\.text)
            #expect(told.contains("A mentor asked for help with their mentoring.") && !told.contains { $0.contains("froze") })
            let list = try await coordinator.get("/mentor-support").body.string
            #expect(list.contains("My mentee cried and I froze") && list.contains("Mentor Tester"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "viewed mentor support").count() >= 3)
            let done = "/mentor-support/help/\(ask.id!.uuidString.lowercased())/answered"
            #expect(try await coordinator.post(done).status == .seeOther)
            #expect(try await coordinator.post(done).status == .conflict)
            // Another school's coordinator sees none of it and can't answer it.
            let elm = TestBrowser(app)
            try await elm.signIn("elmcoord")
            #expect(!(try await elm.get("/mentor-support").body.string.contains("froze")))
            #expect(try await elm.post(done).status == .notFound)
        }
    }

    @Test("supervision sessions are booked, mentors told, who came recorded, and what a mentor did adds up on their certificate")
    func supervisionAndRecognition() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            try await coordinator.get("/mentor-support")
            let past = try await coordinator.post("/mentor-support/sessions", [("day", "2026-01-05"), ("time", "12:30"), ("minutes", "45"), ("topic", "Listening")])
            #expect(past.status == .unprocessableEntity && past.body.string.contains("Choose a time still to come."))
            let odd = try await coordinator.post("/mentor-support/sessions", [("day", "2026-09-24"), ("time", "12:30"), ("minutes", "7"), ("topic", "")])
            #expect(odd.status == .unprocessableEntity && odd.body.string.contains("Choose how long from the list.") && odd.body.string.contains("Enter a topic."))
            #expect(try await coordinator.post("/mentor-support/sessions", [("day", "2026-09-24"), ("time", "12:30"), ("minutes", "45"), ("topic", "When your mentee goes quiet")]).status == .seeOther)
            let session = try #require(try await SupervisionSession.query(on: app.db).first())
            #expect(try await AppNotification.query(on: app.db).filter(\.$person.$id == pair.world.mentor.requireID())
                        .all().filter { $0.text.hasPrefix("Group supervision for mentors") }.count == 1)
            #expect(try await pair.mentor.get("/mentoring").body.string.contains("When your mentee goes quiet"))
            let attendance = "/mentor-support/sessions/\(session.id!.uuidString.lowercased())/attendance"
            let field = "came-\(session.id!.uuidString.lowercased().prefix(8))[]"
            #expect(try await coordinator.post(attendance, [(field, pair.world.mentor.id!.uuidString.lowercased())]).status == .conflict, "not started yet")

            // A meeting held, then the session: the record adds them up.
            _ = try await pair.heldMeeting(app, clock)
            let meeting = try #require(try await Meeting.query(on: app.db).first())
            try await PairHistory.said(app, .happened, at: meeting, by: pair.world.mentor.requireID(), on: clock.now)
            clock.advance(by: 86_400)
            try await coordinator.signIn("coord")
            try await coordinator.get("/mentor-support")
            #expect(try await coordinator.post(attendance, [(field, pair.world.otherStudent.id!.uuidString.lowercased())]).status == .unprocessableEntity,
                    "only mentors of the school")
            #expect(try await coordinator.post(attendance, [(field, pair.world.mentor.id!.uuidString.lowercased())]).status == .seeOther)
            #expect(try await SupervisionAttendance.query(on: app.db).count() == 1)
            let table = try await coordinator.get("/mentor-support").body.string
            #expect(table.contains("Who came (1)"))

            try await pair.mentor.signIn("mentor")
            let certificate = try await pair.mentor.get("/mentoring/certificate").body.string
            #expect(certificate.contains("Mentor Tester") && certificate.contains("has been a peer mentor to a younger student in 2026–27."))
            #expect(certificate.contains("<dt>Meetings held</dt><dd>1</dd>") && certificate.contains("<dt>Time mentoring</dt><dd>0.5 hours</dd>")
                    && certificate.contains("<dt>Group supervision sessions</dt><dd>1</dd>"))
            try await pair.mentee.signIn("mentee")
            #expect(try await pair.mentee.get("/mentoring/certificate").status == .forbidden)
        }
    }
}
