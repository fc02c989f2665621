import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Closing a match")
struct ClosureTests {
    @Test("a guided close asks why and what contact comes after, with words when early or other, each beside its field")
    func aGuidedClose() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let path = "/matches/\(pair.match.id!.uuidString.lowercased())"
            #expect(try await coordinator.get(path).body.string.contains("Close this match well"))
            let close = { (fields: [(String, String)]) in try await coordinator.post(path + "/move", [("event", "begin-closing")] + fields) }
            let refusals: [([(String, String)], String)] = [
                ([("contact_after", "none"), ("closing_note", "Leaving")], "Choose why the match is ending."),
                ([("closure_reason", "moved-school"), ("closing_note", "Leaving")], "Choose what contact is allowed after."),
                ([("closure_reason", "moved-school"), ("contact_after", "none")], "This match is less than three months old: say why it is ending early."),
                ([("closure_reason", "holidays"), ("contact_after", "none"), ("closing_note", "x")], "Choose why the match is ending."),
            ]
            for (fields, message) in refusals {
                let refused = try await close(fields)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(message)")
            }
            #expect(try await MentoringMatch.find(pair.match.id, on: app.db)?.state == .active)
            let started = try await close([("closure_reason", "moved-school"), ("contact_after", "around-school"), ("closing_note", "Family moving to Leeds")])
            #expect(started.status == .seeOther)
            let closing = try #require(try await MentoringMatch.find(pair.match.id, on: app.db))
            #expect(closing.state == .closing && closing.closureReason == .movedSchool && closing.contactAfter == .aroundSchool)
            let page = try await coordinator.get(path).body.string
            #expect(page.contains("Moved school") && page.contains("Saying hello around school is fine") && !page.contains("Close this match well"))
            #expect(try await close([("closure_reason", "moved-school"), ("contact_after", "none"), ("closing_note", "again")]).status == .conflict)
            #expect(try await coordinator.post(path + "/move", [("event", "close")]).status == .seeOther)
            let closed = try await coordinator.post(path + "/move", [("event", "close")])
            #expect(closed.status == .conflict && closed.body.string.contains("This match has already ended (closed)"))
            let dashboard = try await coordinator.get("/dashboard").body.string
            #expect(dashboard.contains("<th scope=\"row\">Moved school</th><td>1</td>"), "the dashboard counts the early closure by its reason")
        }
    }

    @Test("after a closure both wait two weeks before a round proposes them, unless the coordinator says why not")
    func twoWeeksBeforeRematching() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            try await MatchTransitions(audit: app.audit).apply(.beginClosing, to: pair.match.id!, by: pair.world.coordinator, reason: "End of year",
                                                               closing: .init(reason: .plannedEnd, contactAfter: .aroundSchool), on: app.db)
            try await MatchTransitions(audit: app.audit).apply(.close, to: pair.match.id!, by: pair.world.coordinator, on: app.db)
            let inRound = { () async throws -> (mentee: Bool, mentor: Bool) in
                let inputs = try await RoundInputs.load(programme: pair.programme, now: clock.now, on: app.db)
                let waiting = Set(inputs.waitingAfterClosure.map(\.person.id))
                return (inputs.mentees.contains { $0.id == pair.world.mentee.id } && !waiting.contains(pair.world.mentee.id),
                        !waiting.contains(pair.world.mentor.id))
            }
            let waiting = try await inRound()
            #expect(!waiting.mentee && !waiting.mentor)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let student = "/students/\(pair.world.mentee.id!.uuidString.lowercased())"
            #expect(try await coordinator.get(student).body.string.contains("Waiting after a match ended"))
            let empty = try await coordinator.post(student + "/rematch", [("reason", " ")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Enter why they can be matched sooner."))
            let allowed = try await coordinator.post(student + "/rematch", [("reason", "Asked for a new mentor and is ready")])
            #expect(allowed.status == .seeOther && allowed.location == student + "?notice=rematch-allowed")
            #expect(try await RematchOverride.query(on: app.db).first()?.reasonSealed.contains("ready") == false, "sealed")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "allowed early re-match").count() == 1)
            let after = try await inRound()
            #expect(after.mentee && !after.mentor, "the override is the mentee's only")
            #expect(try await coordinator.post(student + "/rematch", [("reason", "again")]).status == .conflict)
            clock.advance(by: 14 * 86_400 + 60)
            #expect(try await inRound().mentor, "two weeks later the mentor is proposed again")
            let other = TestBrowser(app)
            try await other.signIn("elmcoord")
            try await other.get("/students")
            #expect(try await other.post(student + "/rematch", [("reason", "x")]).status == .notFound)
        }
    }

    @Test("\"I'd like to stop\" reaches the coordinator as a flag and a notification, sealed, and never closes anything")
    func askingToStop() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let stop = "\(pair.base)/stop"
            let mine = try await pair.mentee.get(pair.base).body.string
            #expect(mine.contains("I'd like to stop") && mine.contains("Tell my coordinator"))
            let long = try await pair.mentee.post(stop, [("stop_reason", String(repeating: "a", count: 501))])
            #expect(long.status == .unprocessableEntity)
            let asked = try await pair.mentee.post(stop, [("stop_reason", "We never talk about anything that matters")])
            #expect(asked.status == .seeOther && asked.location == pair.base + "?notice=stop-asked")
            #expect(try await StopRequest.query(on: app.db).first()?.textSealed?.contains("matters") == false, "sealed")
            let told = try await AppNotification.query(on: app.db).filter(\.$person.$id == pair.world.coordinator.id!).all()
            #expect(told.contains { $0.text == "Mentee Tester would like to stop their match. Talk with them before anything changes." })
            #expect(!told.contains { $0.text.contains("matters") }, "no words of the student's in a notification")
            #expect(try await pair.mentee.post(stop, [("stop_reason", "")]).status == .conflict, "once a week is enough")
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let list = try await coordinator.get("/check-ins").body.string
            #expect(list.contains("The mentee has asked to stop. Talk with them; the match does not end by itself."))
            let matchPage = try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())").body.string
            #expect(matchPage.contains("Asked to stop") && matchPage.contains("We never talk about anything that matters"))
            #expect(try await MentoringMatch.find(pair.match.id, on: app.db)?.state == .active)
            clock.advance(by: 60)
            try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())/check-ins")
            try await coordinator.post("/matches/\(pair.match.id!.uuidString.lowercased())/check-ins", [
                ("with_whom", "mentee"), ("how", "in-person"), ("checked_on", ActivePair.time.dayID(clock.now)), ("note", "Talked it through."),
            ])
            #expect(!(try await coordinator.get("/check-ins").body.string.contains("has asked to stop")), "a check-in since answers it")
            pair.match.state = .closed
            try await pair.match.update(on: app.db)
            try await pair.mentor.get(pair.base)
            #expect(try await pair.mentor.post(stop, [("stop_reason", "")]).status == .conflict)
        }
    }

    @Test("both say goodbye: a goodbye meeting suggested, a reflection each, and the mentee's record of the year with the mentor's closing words")
    func sayingGoodbye() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            try await pair.mentee.get(pair.base + "/wins")
            try await pair.mentee.post(pair.base + "/wins", [("win", "I spoke up in assembly"), ("category", "confidence")])
            let beforeClosing = try await pair.mentee.get(pair.base + "/goodbye")
            #expect(beforeClosing.status == .ok && beforeClosing.body.string.contains("When it comes to an end"))
            #expect(try await pair.mentee.post(pair.base + "/goodbye", [("reflection", "Too soon")]).status == .conflict)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let path = "/matches/\(pair.match.id!.uuidString.lowercased())"
            try await coordinator.get(path)
            clock.advance(by: 100 * 86_400)
            try await coordinator.signIn("coord")
            try await coordinator.get(path)
            #expect(try await coordinator.post(path + "/move", [("event", "begin-closing"), ("closure_reason", "planned-end"), ("contact_after", "around-school")])
                        .status == .seeOther)
            for (student, username) in [(pair.mentor, "mentor"), (pair.mentee, "mentee")] {
                try await student.signIn(username)
                let told = try await AppNotification.query(on: app.db).filter(\.$person.$id == (username == "mentor" ? pair.world.mentor.id! : pair.world.mentee.id!)).all()
                #expect(told.contains { $0.text == "Your match is coming to an end. Plan a goodbye meeting and write a few closing words." })
                let goodbye = try await student.get(pair.base + "/goodbye").body.string
                #expect(goodbye.contains("A goodbye meeting") && goodbye.contains("What am I proud of?") && goodbye.contains("s planned end")
                        && goodbye.contains("Saying hello around school is fine") && goodbye.contains("I spoke up in assembly"))
            }
            let empty = try await pair.mentor.post(pair.base + "/goodbye", [("reflection", " ")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Enter a few words."))
            #expect(try await pair.mentor.post(pair.base + "/goodbye", [("reflection", String(repeating: "a", count: 601))]).status == .unprocessableEntity)
            #expect(try await pair.mentor.post(pair.base + "/goodbye", [("reflection", "You grew so much this year. Keep asking questions.")]).status == .seeOther)
            #expect(try await pair.mentor.post(pair.base + "/goodbye", [("reflection", "Again")]).status == .conflict, "words stay as written")
            #expect(try await ClosingReflection.query(on: app.db).first()?.textSealed.contains("grew") == false, "sealed")
            #expect(try await pair.mentee.get(pair.base + "/goodbye").body.string.contains("You grew so much this year. Keep asking questions."))
            let record = try await pair.mentee.get(pair.base + "/record").body.string
            #expect(record.contains("My year of mentoring") && record.contains("I spoke up in assembly") && record.contains("Three months together")
                    && record.contains("closing words") && record.contains("You grew so much this year. Keep asking questions."))
            #expect(try await pair.mentor.get(pair.base + "/record").status == .notFound, "the record is the mentee's")
            try await coordinator.signIn("coord")
            try await coordinator.get(path)
            #expect(try await coordinator.post(path + "/move", [("event", "close")]).status == .seeOther)
            let mentorAfter = try await pair.mentor.get(pair.base + "/goodbye").body.string
            #expect(mentorAfter.contains("Your match has ended.") && !mentorAfter.contains("I spoke up in assembly") && mentorAfter.contains("1 win posted.")
                    && mentorAfter.contains("Their words stay with Mentee"))
            #expect(try await pair.mentee.get(pair.base + "/record").body.string.contains("I spoke up in assembly"), "the mentee keeps it")
            #expect(try await pair.mentee.post(pair.base + "/goodbye", [("reflection", "Late")]).status == .conflict)
        }
    }

    @Test("after a safeguarding closure the students are told only that the coordinator will talk with them; a stop request ends a snooze")
    func safeguardingClosureAndStopWhileSnoozed() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let coordinator = TestBrowser(app)
            clock.advance(by: 16 * 86_400)
            try await coordinator.signIn("coord")
            let path = "/matches/\(pair.match.id!.uuidString.lowercased())"
            try await coordinator.get(path + "/check-ins")
            try await coordinator.post(path + "/snooze", [("until", ActivePair.time.dayID(clock.now.addingTimeInterval(10 * 86_400))), ("reason", "Exams")])
            #expect(!(try await coordinator.get("/check-ins").body.string.contains("1 pair may need a check-in")))
            try await pair.mentee.signIn("mentee")
            try await pair.mentee.get(pair.base)
            #expect(try await pair.mentee.post(pair.base + "/stop", [("stop_reason", "")]).status == .seeOther)
            let list = try await coordinator.get("/check-ins").body.string
            #expect(list.contains("1 pair may need a check-in") && list.contains("The mentee has asked to stop."), "the snooze ended")

            try await coordinator.get(path)
            #expect(try await coordinator.post(path + "/move", [("event", "begin-closing"), ("closure_reason", "safeguarding"),
                                                                ("contact_after", "none"), ("closing_note", "Advice from the lead")]).status == .seeOther)
            let told = try await AppNotification.query(on: app.db).filter(\.$person.$id == pair.world.mentee.id!).all()
            #expect(told.contains { $0.text == "Your match is coming to an end. Your coordinator will talk with you." })
            let goodbye = try await pair.mentee.get(pair.base + "/goodbye").body.string
            #expect(goodbye.contains("Your coordinator will talk with you about it") && !goodbye.contains("Safeguarding")
                    && !goodbye.contains("A goodbye meeting") && !goodbye.contains("Save my words"))
            #expect(try await pair.mentee.post(pair.base + "/goodbye", [("reflection", "Bye")]).status == .conflict)
        }
    }
}
