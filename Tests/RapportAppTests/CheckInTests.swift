import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Check-ins")
struct CheckInTests {
    /// A second flagged pair of the same mentor, its meetings missed twice in a row: more urgent than a quiet pair.
    func missingPair(_ app: Application, _ pair: ActivePair, _ clock: TestClock) async throws -> MentoringMatch {
        let mentee = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee,
                            givenName: "Zoe", familyName: "Able", username: "zoe", yearGroup: 7)
        try await mentee.create(on: app.db)
        let match = try await ActivePair.activeMatch(app, pair.world, pair.programme, mentee: mentee, slot: 2, at: clock.now)
        for day in [3.0, 10.0] {
            let meeting = try await PairHistory.meeting(app, of: match, startsAt: clock.now.addingTimeInterval(day * 86_400), now: clock.now)
            try await PairHistory.said(app, .otherMissed, at: meeting, by: pair.world.mentor.id!, on: meeting.endsAt)
        }
        return match
    }

    @Test("the list puts the most urgent pair first with its reasons; a check-in is checked, sealed, audited and shown")
    func recordingACheckIn() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let zoe = try await missingPair(app, pair, clock)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            #expect(try await coordinator.get("/check-ins").body.string.contains("No pair needs a check-in today."))
            clock.advance(by: 16 * 86_400)
            try await coordinator.signIn("coord")
            let list = try await coordinator.get("/check-ins").body.string
            #expect(list.contains("2 pairs may need a check-in, most urgent first."))
            let zoeAt = try #require(list.range(of: "Zoe Able and")), quietAt = try #require(list.range(of: "No meeting for 16 days."))
            #expect(zoeAt.lowerBound < quietAt.lowerBound, "two missed meetings come before a quiet pair")
            #expect(list.contains("The last two meetings were missed.") && list.contains("No check-in recorded yet."))

            let path = "/matches/\(zoe.id!.uuidString.lowercased())/check-ins"
            let form = try await coordinator.get(path)
            #expect(form.status == .ok && form.body.string.contains("The last two meetings were missed.")
                    && form.body.string.contains("None recorded yet."))
            let good = [("with_whom", "both"), ("how", "in-person"), ("checked_on", ActivePair.time.dayID(clock.now)),
                        ("note", "Zoe has a new timetable; they will move to Wednesdays."), ("next_step", "Look again in a fortnight.")]
            let change = { (name: String, value: String) in good.map { ($0.0, $0.0 == name ? value : $0.1) } }
            let refusals: [([(String, String)], String)] = [
                (change("note", "  "), "Enter a short note of what you talked about."),
                (change("note", String(repeating: "a", count: 1_001)), "1000"),
                (change("with_whom", "parent"), "Choose who you talked with."),
                (change("how", ""), "Choose how you talked."),
                (change("checked_on", "yesterday"), "Enter the day as a date"),
                (change("checked_on", ActivePair.time.dayID(clock.now.addingTimeInterval(86_400))),
                 "A check-in is recorded once it has happened: choose today or an earlier day."),
                (change("checked_on", "2020-01-01"), "That day is before this match was made."),
            ]
            for (fields, message) in refusals {
                let refused = try await coordinator.post(path, fields)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(message)")
            }
            #expect(try await PairCheckIn.query(on: app.db).count() == 0)
            let recorded = try await coordinator.post(path, good)
            #expect(recorded.status == .seeOther && recorded.location == "/check-ins?notice=recorded")
            let stored = try #require(try await PairCheckIn.query(on: app.db).first())
            #expect(stored.withWhom == .both && stored.how == .inPerson && stored.$match.id == zoe.id && stored.$coordinator.id == pair.world.coordinator.id)
            #expect(!stored.noteSealed.contains("timetable") && stored.nextStepSealed?.contains("fortnight") == false, "sealed at rest")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "recorded check-in").count() == 1)

            let after = try await coordinator.get("/check-ins?notice=recorded").body.string
            #expect(after.contains("Check-in recorded.") && after.contains("both of them, in person."),
                    "the flag stays, with the check-in beside it: nothing closes by itself")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "read check-in notes").count() == 0, "the list shows no notes")
            let history = try await coordinator.get(path).body.string
            #expect(history.contains("Zoe has a new timetable; they will move to Wednesdays.") && history.contains("Next step: </strong>Look again in a fortnight.")
                    && history.contains("Both of them · In person") && history.contains("Recorded by "))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "read check-in notes").count() == 1)
            let matchPage = try await coordinator.get("/matches/\(zoe.id!.uuidString.lowercased())").body.string
            #expect(matchPage.contains("Check-ins with this pair (1), or record one") && !matchPage.contains("timetable"))
            // The pair never see it.
            for (student, username) in [(pair.mentor, "mentor"), (pair.mentee, "mentee")] {
                try await student.signIn(username)
                #expect(try await student.get(path).status == .forbidden)
            }
        }
    }

    @Test("a snooze needs a reason and a day within 90 days, takes the pair off the list and counts, and ends by itself or by hand")
    func snoozing() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            clock.advance(by: 16 * 86_400)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let path = "/matches/\(pair.match.id!.uuidString.lowercased())"
            let form = try await coordinator.get(path + "/check-ins").body.string
            #expect(form.contains("Or snooze these warnings"))
            let day = { (days: Double) in ActivePair.time.dayID(clock.now.addingTimeInterval(days * 86_400)) }
            let refusals: [([(String, String)], String)] = [
                ([("until", day(14)), ("reason", " ")], "Enter why the flags can wait."),
                ([("until", day(0)), ("reason", "Exams")], "Choose a day after today."),
                ([("until", day(91)), ("reason", "Exams")], "Snooze for at most 90 days"),
                ([("until", "soon"), ("reason", "Exams")], "Enter the day the pair come back on the list"),
            ]
            for (fields, message) in refusals {
                let refused = try await coordinator.post(path + "/snooze", fields)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(message)")
            }
            #expect(try await coordinator.post(path + "/snooze/end").status == .conflict, "not snoozed: nothing to end")
            let snoozed = try await coordinator.post(path + "/snooze", [("until", day(14)), ("reason", "Exams this fortnight")])
            #expect(snoozed.status == .seeOther && snoozed.location == "/check-ins?notice=snoozed")
            #expect(try #require(try await FlagSnooze.query(on: app.db).first()).reasonSealed.contains("Exams") == false)
            let list = try await coordinator.get("/check-ins").body.string
            #expect(list.contains("No pair needs a check-in today.") && list.contains("Snoozed until"))
            #expect(!(try await coordinator.get("/home").body.string.contains("may need a check-in")))
            #expect(!(try await coordinator.get("/matches").body.string.contains("may need a check-in")))
            let page = try await coordinator.get(path + "/check-ins").body.string
            #expect(page.contains("Exams this fortnight") && !page.contains("Or snooze these warnings"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "snoozed flags").count() == 1)

            // Put back by hand; snoozed again, it lapses on its day by itself.
            #expect(try await coordinator.post(path + "/snooze/end").location == "/check-ins?notice=unsnoozed")
            #expect(try await coordinator.get("/check-ins").body.string.contains("1 pair may need a check-in"))
            try await coordinator.post(path + "/snooze", [("until", day(2)), ("reason", "Trip")])
            #expect(!(try await coordinator.get("/home").body.string.contains("may need a check-in")))
            clock.advance(by: 2 * 86_400)
            try await coordinator.signIn("coord")
            #expect(try await coordinator.get("/home").body.string.contains("1 pair may need a check-in"))
            #expect(try await MentoringMatch.find(pair.match.id, on: app.db)?.state == .active, "nothing about the match changed")
        }
    }

    @Test("another school's match is not found; an ended match has nobody to check in with")
    func scopes() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = "/matches/\(pair.match.id!.uuidString.lowercased())"
            let other = TestBrowser(app)
            try await other.signIn("elmcoord")
            try await other.get("/check-ins")
            #expect(try await other.get(path + "/check-ins").status == .notFound)
            #expect(try await other.post(path + "/check-ins", [("with_whom", "both"), ("how", "call"), ("note", "x")]).status == .notFound)
            #expect(try await other.post(path + "/snooze", [("until", "2030-01-01"), ("reason", "x")]).status == .notFound)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            pair.match.state = .closed
            try await pair.match.update(on: app.db)
            try await coordinator.get(path + "/check-ins")
            let ended = try await coordinator.post(path + "/check-ins", [("with_whom", "both"), ("how", "call"),
                                                                           ("checked_on", ActivePair.time.dayID(clock.now)), ("note", "x")])
            #expect(ended.status == .conflict && ended.body.string.contains("This match has ended (closed)"))
            #expect(try await coordinator.post(path + "/snooze", [("until", "2030-01-01"), ("reason", "x")]).status == .conflict)
        }
    }

    @Test("the school's flags read checks, feedback and commitments from the database, kept until they change; a stretched mentor and an unsigned agreement are reasons")
    func practiceSignalsFromTheDatabase() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let zoe = try await missingPair(app, pair, clock)
            let school = pair.world.school.id!
            let flagsAt = { (days: Double, match: MentoringMatch) async throws -> [MatchFlags.Reason] in
                try await MatchFlags.ofSchool(school, now: clock.now.addingTimeInterval(days * 86_400), on: app.db)[match.id!]?.reasons ?? []
            }
            // Zoe's pair missed twice and nobody has contacted them: with the quiet pair flagged too, their mentor has two.
            #expect(try await flagsAt(16, zoe).contains(.mentorStretched(pairs: 2)))
            #expect(try await flagsAt(16, pair.match).contains(.mentorStretched(pairs: 2)))
            let one = try await MatchFlags.ofSchool(school, only: zoe.id!, now: clock.now.addingTimeInterval(16 * 86_400), on: app.db)
            #expect(one.keys.sorted() == [zoe.id!] && one[zoe.id!]?.reasons.contains(.mentorStretched(pairs: 2)) == true,
                    "one match's flags (its page) count the mentor's other pairs too")
            for (number, score) in [(1, 4.1), (2, 3.3)] {
                let answer = PulseAnswer()
                answer.$match.id = pair.match.id!
                answer.checkNumber = number
                answer.$person.id = pair.world.mentee.id!
                answer.answers = Array(repeating: 3, count: 8)
                (answer.score, answer.answeredAt, answer.answersVisible) = (score, clock.now, false)
                try await answer.create(on: app.db)
            }
            #expect(try await flagsAt(16, pair.match).contains(.fallingCheck(.mentee, fromTenths: 41, toTenths: 33)),
                    "a new answer raises the pair's generation, so the kept history is worked out again")
            for status in [CommitmentStatus.notYet, .notYet, .notYet, .done, .open] {
                let commitment = Commitment()
                commitment.$match.id = pair.match.id!
                commitment.$person.id = pair.world.mentee.id!
                commitment.textSealed = "sealed"
                (commitment.dueOn, commitment.status, commitment.createdAt) = (clock.now, status, clock.now)
                commitment.followedUpAt = status == .open ? nil : clock.now
                try await commitment.create(on: app.db)
            }
            #expect(try await flagsAt(16, pair.match).contains(.commitmentsNotKept(notKept: 3, reviewed: 4)), "open ones are not judged")
            let round = FeedbackAnswer()
            round.$match.id = pair.match.id!
            (round.roundNumber, round.meetingsHelp, round.feelListenedTo) = (2, 4, 4)
            round.$person.id = pair.world.mentor.id!
            (round.goingWellSealed, round.answeredAt) = ("sealed", clock.now)
            try await round.create(on: app.db)
            let late = try await flagsAt(63, pair.match)
            #expect(late.contains(.feedbackUnanswered(.mentee, rounds: 2)) && !late.contains { if case .feedbackUnanswered(.mentor, _) = $0 { true } else { false } })

            // A pair approved over a week ago and not yet signed by both.
            zoe.state = .awaitingAgreement
            zoe.updatedAt = clock.now
            try await zoe.update(on: app.db)
            #expect(try await flagsAt(7, zoe).isEmpty)
            #expect(try await flagsAt(8, zoe) == [.agreementUnsigned(days: 8)])
        }
    }

    @Test("each mentor has a contact schedule of their own: listed when due this week, overdue on each of their pairs, met by a check-in with the mentor on any of them")
    func mentorContacts() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let start = clock.now
            let mentee = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee,
                                givenName: "Zoe", familyName: "Able", username: "zoe", yearGroup: 7)
            try await mentee.create(on: app.db)
            let second = try await ActivePair.activeMatch(app, pair.world, pair.programme, mentee: mentee, slot: 2, at: start.addingTimeInterval(10 * 86_400))
            let checkIn = { (match: MentoringMatch, with: CheckInWith, day: Double) in
                let entry = PairCheckIn()
                entry.$school.id = pair.world.school.id!
                entry.$match.id = match.id!
                entry.$coordinator.id = pair.world.coordinator.id!
                (entry.withWhom, entry.how, entry.noteSealed) = (with, .inPerson, "sealed")
                (entry.checkedOn, entry.recordedAt) = (start.addingTimeInterval(day * 86_400), start.addingTimeInterval(day * 86_400))
                try await entry.create(on: app.db)
            }
            let flagsAt = { (days: Double, match: MentoringMatch) async throws -> [MatchFlags.Reason] in
                try await MatchFlags.ofSchool(pair.world.school.id!, now: start.addingTimeInterval(days * 86_400), on: app.db)[match.id!]?.reasons ?? []
            }
            clock.advance(by: 9 * 86_400)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let list = try await coordinator.get("/check-ins").body.string
            #expect(list.contains("Mentors to contact this week") && list.contains("Mentor Tester</a>: due "), "due on day 15, from their first pair")
            // Talking with the mentee alone is a contact with the pair, not with the mentor.
            try await checkIn(pair.match, .mentee, 14)
            #expect(try await flagsAt(16, pair.match) == [.noMeeting(days: 16), .mentorContactOverdue(days: 1)])
            #expect(try await flagsAt(16, second) == [.mentorContactOverdue(days: 1)],
                    "on each of the mentor's pairs; one overdue contact does not make the mentor look stretched")
            try await checkIn(second, .mentor, 16)
            #expect(try await flagsAt(16, pair.match) == [.noMeeting(days: 16)], "a check-in with the mentor on any pair meets it")
            #expect(try await flagsAt(16, second).isEmpty)
        }
    }

    @Test("a contact falling due within a week is listed for the coordinator before it is overdue")
    func contactsDueThisWeek() async throws {
        try await withRapport { app, clock in
            _ = try await ActivePair.make(app, clock)
            let coordinator = TestBrowser(app)
            clock.advance(by: 7 * 86_400)
            try await coordinator.signIn("coord")
            #expect(!(try await coordinator.get("/check-ins").body.string.contains("Contacts due this week")), "due on day 15: eight days away")
            clock.advance(by: 2 * 86_400)
            try await coordinator.signIn("coord")
            let list = try await coordinator.get("/check-ins").body.string
            #expect(list.contains("Contacts due this week") && list.contains("No pair needs a check-in today.")
                    && list.contains("Mentee Tester and Mentor Tester</a>: due "))
        }
    }
}
