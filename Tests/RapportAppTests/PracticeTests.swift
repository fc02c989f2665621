import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import RapportApp

/// World's mentor and mentee in an active match of a programme with the default rules, sharing Wednesday lunch.
/// The test clock starts on Monday 21 September 2026, 15:13 in London.
struct ActivePair {
    let world: World
    let programme: Programme
    let match: MentoringMatch
    let mentor: TestBrowser
    let mentee: TestBrowser
    static let time = SchoolTime(zone: TimeZone(identifier: "Europe/London")!)

    var base: String { "/my-matches/\(match.id!.uuidString.lowercased())" }

    static func make(_ app: Application, _ clock: TestClock) async throws -> ActivePair {
        let world = try await World.make(on: app)
        let programme = Programme()
        programme.$school.id = world.school.id!
        programme.name = "Peer mentoring"
        programme.schoolYear = "2026–27"
        programme.startsOn = clock.now.addingTimeInterval(-14 * 86400)
        programme.endsOn = clock.now.addingTimeInterval(300 * 86400)
        programme.meetingCadenceDays = 7
        programme.minimumYearGap = 1
        programme.menteeChoice = false
        programme.feedbackEveryWeeks = 4
        programme.useDefaultPracticeRules()
        programme.createdByID = world.coordinator.id!
        try await programme.create(on: app.db)
        for person in [world.mentor, world.mentee] {
            let profile = try await MentoringProfile.of(person, on: app.db)
            profile.freePeriods = ["mon-break", "wed-lunch"]
            try await profile.save(on: app.db)
        }
        let match = try await activeMatch(app, world, programme, mentee: world.mentee, at: clock.now)
        let mentor = TestBrowser(app), mentee = TestBrowser(app)
        try await mentor.signIn("mentor")
        try await mentee.signIn("mentee")
        return ActivePair(world: world, programme: programme, match: match, mentor: mentor, mentee: mentee)
    }

    static func activeMatch(_ app: Application, _ world: World, _ programme: Programme, mentee: Person, slot: Int = 1, at now: Date) async throws -> MentoringMatch {
        let match = MentoringMatch()
        match.$school.id = world.school.id!
        match.$programme.id = programme.id!
        match.$mentee.id = mentee.id!
        match.$mentor.id = world.mentor.id!
        match.state = .active
        match.score = 100
        match.reasons = ["both like football +30"]
        match.mentorSlot = slot
        match.mentorCapacity = 2
        match.activatedAt = now
        match.createdAt = now
        match.updatedAt = now
        try await match.create(on: app.db)
        return match
    }

    /// Proposes a meeting from `browser` at a day and time on the school's clock; returns the response.
    @discardableResult
    func propose(_ browser: TestBrowser, day: String, time: String, minutes: String = "30", place: String = "Library",
                 extra: [(String, String)] = []) async throws -> TestingHTTPResponse {
        try await browser.get("\(base)/meetings")
        return try await browser.post("\(base)/meetings", [("slot", ""), ("day", day), ("time", time), ("minutes", minutes),
                                                            ("place", place), ("repeat", "1")] + extra)
    }

    /// The meeting's page path from a redirect after proposing.
    func meetingPath(_ response: TestingHTTPResponse) throws -> String {
        try #require(response.location?.components(separatedBy: "?").first)
    }

    /// A meeting proposed by the mentor and accepted by the mentee, then the clock moved into it.
    func heldMeeting(_ app: Application, _ clock: TestClock, day: String = "2026-09-23", time: String = "13:20") async throws -> String {
        let path = try meetingPath(try await propose(mentor, day: day, time: time))
        try await mentee.get(path)
        #expect(try await mentee.post(path + "/accept").status == .seeOther)
        let start = try #require(Self.time.date(day: day, time: time))
        try await travel(clock, by: start.timeIntervalSince(clock.now) + 60)
        return path
    }

    /// Moves the clock on; sessions time out meanwhile, so both sign in again, as they would.
    func travel(_ clock: TestClock, by seconds: TimeInterval) async throws {
        clock.advance(by: seconds)
        try await mentor.signIn("mentor")
        try await mentee.signIn("mentee")
    }
}

@Suite("Relationship practice")
struct PracticeTests {
    @Test func meetingsAreProposedAnsweredAndKeptToTheRules() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            // validation: in the past, at the weekend, outside the school day, empty place
            var response = try await pair.propose(pair.mentor, day: "2026-09-21", time: "09:00")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Choose a time that hasn&#39;t passed yet.") || response.body.string.contains("Choose a time that hasn't passed yet."))
            response = try await pair.propose(pair.mentor, day: "2026-09-26", time: "11:00")
            #expect(response.body.string.contains("Your programme keeps meetings to school days. Choose a day from Monday to Friday."))
            response = try await pair.propose(pair.mentor, day: "2026-09-23", time: "15:45", place: "The café by the gates")
            #expect(response.body.string.contains("Your programme keeps meetings within the school day (08:30–16:00). Choose a time in it."))
            #expect(response.body.string.contains("value=\"The café by the gates\""), "a rejected form keeps what was typed")
            response = try await pair.propose(pair.mentor, day: "2026-09-23", time: "13:20", place: " ")
            #expect(response.body.string.contains("Enter where you&#39;ll meet.") || response.body.string.contains("Enter where you'll meet."))
            response = try await pair.propose(pair.mentor, day: "2026-09-23", time: "13:20", place: String(repeating: "x", count: 101))
            #expect(response.body.string.contains("Where you&#39;ll meet can be at most 100 characters (this is 101).") || response.body.string.contains("Where you'll meet can be at most 100 characters (this is 101)."))
            #expect(try await Meeting.query(on: app.db).count() == 0)

            // MUT: a proposal, then the proposer can't answer it, the other accepts
            let path = try pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-09-23", time: "13:20"))
            let meeting = try #require(try await Meeting.query(on: app.db).first())
            #expect(meeting.state == .proposed && meeting.startsAt == ActivePair.time.date(day: "2026-09-23", time: "13:20"))
            try await pair.mentor.get(path)
            let own = try await pair.mentor.post(path + "/accept")
            #expect(own.status == .conflict && own.body.string.contains("You proposed this meeting: the other person answers it."))
            let page = try await pair.mentee.get(path)
            #expect(page.body.string.contains("Can you make it?") && page.body.string.contains("Library"))
            #expect(try await pair.mentee.post(path + "/accept").status == .seeOther)
            #expect(try await Meeting.find(meeting.id, on: app.db)?.state == .accepted)
            #expect(try await pair.mentee.post(path + "/accept").status == .conflict, "a replayed answer is refused")

            // Two meetings at the same time for one person
            response = try await pair.propose(pair.mentee, day: "2026-09-23", time: "13:40")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("You already have a meeting at Wednesday 23 September, 13:20–13:50. Choose another time."))
            // ... including in the mentor's other match
            let second = try await Person.query(on: app.db).filter(\.$username == "mentee").first()!
            let other = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee, givenName: "Olu",
                               familyName: "Tester", username: "olu", yearGroup: 7, sourceID: "src-olu")
            other.passwordHash = second.passwordHash
            try await other.create(on: app.db)
            let otherMatch = try await ActivePair.activeMatch(app, pair.world, pair.programme, mentee: other, slot: 2, at: clock.now)
            let olu = TestBrowser(app)
            try await olu.signIn("olu")
            let otherBase = "/my-matches/\(otherMatch.id!.uuidString.lowercased())"
            try await olu.get(otherBase + "/meetings")
            response = try await olu.post(otherBase + "/meetings", [("slot", ""), ("day", "2026-09-23"), ("time", "13:30"), ("minutes", "20"),
                                                                    ("place", "Hall"), ("repeat", "1")])
            #expect(response.body.string.contains("Mentor already has something booked at Wednesday 23 September, 13:20–13:50. Choose another time."))

            // Another student's match and meeting are not found; another school's coordinator sees nothing
            #expect(try await olu.get(path).status == .notFound)
            let api = try await pair.mentee.get("/api/v1/matches/\(pair.match.id!.uuidString.lowercased())/meetings")
            #expect(api.status == .ok && api.headers.contentType == .json)
            #expect(api.body.string.contains("\"state\":\"accepted\"") && api.body.string.contains("\"place\":\"Library\"") && api.body.string.contains("\"proposedByMe\":false"))
            let notTheirs = try await olu.get("/api/v1/matches/\(pair.match.id!.uuidString.lowercased())/meetings")
            #expect(notTheirs.status == .notFound && notTheirs.headers.contentType == .json && notTheirs.body.string.contains("There is no such match of yours."))
            #expect(try await olu.post(path + "/attendance", [("outcome", "happened")]).status == .notFound)
            let elm = TestBrowser(app)
            try await elm.signIn("elmcoord")
            #expect(try await elm.get("/matches/\(pair.match.id!.uuidString.lowercased())").status == .notFound)
        }
    }

    @Test func remindersComeForAnswersTheDayBeforeOnTheDayAndAfterwards() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-09-23", time: "13:20"))
            var home = try await pair.mentee.get("/home").body.string
            #expect(home.contains("Mentor proposed a meeting on Wednesday 23 September, 13:20–13:50. Can you make it?"))
            try await pair.mentee.get(path)
            try await pair.mentee.post(path + "/accept")
            home = try await pair.mentee.get("/home").body.string
            #expect(!home.contains("Can you make it?") && !home.contains("Tomorrow at"), "two days ahead, no reminder yet")
            try await pair.travel(clock, by: 86400)  // Tuesday afternoon
            home = try await pair.mentee.get("/home").body.string
            #expect(home.contains("Tomorrow at 13:20: meeting with Mentor."))
            try await pair.travel(clock, by: 18 * 3600)  // Wednesday morning
            #expect(try await pair.mentor.get(pair.base).body.string.contains("Today at 13:20: meeting with Mentee. Check in and add to the agenda."))
            try await pair.travel(clock, by: 6 * 3600)  // after the meeting
            home = try await pair.mentee.get("/home").body.string
            #expect(home.contains("Did your meeting on Wednesday 23 September, 13:20–13:50 happen? Tell us."))
        }
    }

    @Test("a coordinator sets the school's bell times; pairs' free periods follow them; bad times are refused")
    func bellTimesAreTheSchools() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let before = try await pair.mentor.get("\(pair.base)/meetings").body.string
            #expect(before.contains("23 Sept, 13:20–14:00 (lunch)") || before.contains("23 Sep, 13:20–14:00 (lunch)"))
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let page = try await coordinator.get("/timetable")
            #expect(page.status == .ok && page.body.string.contains("value=\"13:20\""))
            let fields = [("1_start", "08:50"), ("1_minutes", "55"), ("2_start", "09:45"), ("2_minutes", "55"), ("break_start", "10:40"),
                          ("break_minutes", "15"), ("3_start", "10:55"), ("3_minutes", "55"), ("4_start", "11:50"), ("4_minutes", "55"),
                          ("lunch_start", "12:45"), ("lunch_minutes", "45"), ("5_start", "13:30"), ("5_minutes", "55")]
            var bad = fields
            bad[10] = ("lunch_start", "12:30")
            bad[13] = ("5_minutes", "500")
            bad[0] = ("1_start", "nine")
            let refused = try await coordinator.post("/timetable", bad)
            #expect(refused.status == .unprocessableEntity)
            let text = refused.body.string
            #expect(text.contains("Lunch starts at 12:30, before period 4 ends at 12:45."))
            #expect(text.contains("Choose how many minutes period 5 lasts from 5 to 180."))
            #expect(text.contains("Enter when period 1 starts as a time, like 09:00."))
            #expect(try await SchoolPeriodTime.query(on: app.db).count() == 0, "nothing saved from a refused form")
            let saved = try await coordinator.post("/timetable", fields)
            #expect(saved.status == .seeOther && saved.location == "/timetable?notice=saved")
            #expect(try await SchoolPeriodTime.query(on: app.db).count() == 7)

            // The pair's shared Wednesday lunch is now 12:45–13:30, in the list and when proposed.
            let meetings = try await pair.mentor.get("\(pair.base)/meetings").body.string
            #expect(meetings.contains("23 Sept, 12:45–13:30 (lunch)") || meetings.contains("23 Sep, 12:45–13:30 (lunch)"), "\(meetings)")
            let proposed = try await pair.mentor.post("\(pair.base)/meetings", [("slot", "wed-lunch@2026-09-23"), ("place", "Library"), ("repeat", "1")])
            #expect(proposed.status == .seeOther)
            let meeting = try #require(try await Meeting.query(on: app.db).first())
            #expect(ActivePair.time.timeID(meeting.startsAt) == "12:45" && meeting.endsAt.timeIntervalSince(meeting.startsAt) == 45 * 60)

            // Another school keeps the standard times; a student can't set them.
            let elm = TestBrowser(app)
            try await elm.signIn("elmcoord")
            #expect(try await elm.get("/timetable").body.string.contains("value=\"13:20\""))
            #expect(try await pair.mentor.get("/timetable").status == .forbidden)
        }
    }

    @Test("a pair agrees its own rhythm: a fortnightly series keeps its wall-clock time; a made-up choice is refused")
    func aPairChoosesHowOftenTheyMeet() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let page = try await pair.mentor.get("\(pair.base)/meetings").body.string
            #expect(page.contains("Every two weeks for 4 meetings") && page.contains("The programme suggests every week."))
            let slot = "wed-lunch@2026-09-23"
            let refused = try await pair.mentor.post("\(pair.base)/meetings", [("slot", slot), ("place", "Library"), ("repeat", "5/9")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Choose how often from the list."))
            #expect(try await Meeting.query(on: app.db).count() == 0)
            let response = try await pair.mentor.post("\(pair.base)/meetings", [("slot", slot), ("place", "Library"), ("repeat", "4/14")])
            #expect(response.status == .seeOther)
            let series = try await Meeting.query(on: app.db).sort(\.$startsAt).all()
            // Across the end of summer time (25 October) the series stays at 13:20 on the school's clock.
            #expect(series.map { ActivePair.time.dayID($0.startsAt) } == ["2026-09-23", "2026-10-07", "2026-10-21", "2026-11-04"])
            #expect(series.allSatisfy { ActivePair.time.timeID($0.startsAt) == "13:20" })
            let told = try await pair.mentee.get("/notifications").body.string
            #expect(told.contains("proposed 4 meetings, every two weeks, starting Wednesday 23 September, 13:20–14:00."))
        }
    }

    @Test func aSeriesIsAnsweredTogetherAndMovesKeepTheirReason() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            try await pair.mentor.get("\(pair.base)/meetings")
            let slot = "wed-lunch@2026-09-23"
            let response = try await pair.mentor.post("\(pair.base)/meetings", [("slot", slot), ("place", "Library"), ("repeat", "4/7")])
            #expect(response.status == .seeOther)
            let series = try await Meeting.query(on: app.db).sort(\.$startsAt).all()
            #expect(series.count == 4 && Set(series.map(\.seriesID)).count == 1)
            #expect(series.map { ActivePair.time.dayID($0.startsAt) } == ["2026-09-23", "2026-09-30", "2026-10-07", "2026-10-14"])
            #expect(series.allSatisfy { ActivePair.time.timeID($0.startsAt) == "13:20" && $0.endsAt.timeIntervalSince($0.startsAt) == 40 * 60 })
            let path = try pair.meetingPath(response)
            try await pair.mentee.get(path)
            try await pair.mentee.post(path + "/accept")
            #expect(try await Meeting.query(on: app.db).filter(\.$state == .accepted).count() == 4)

            // Rescheduling an agreed meeting needs a reason and replaces it.
            let first = series[0]
            try await pair.mentee.get("\(pair.base)/meetings?instead=\(first.id!.uuidString.lowercased())")
            var moved = try await pair.mentee.post("\(pair.base)/meetings", [("instead", first.id!.uuidString.lowercased()), ("slot", ""),
                ("day", "2026-09-24"), ("time", "10:00"), ("minutes", "30"), ("place", "Room 4"), ("reason", "")])
            #expect(moved.status == .unprocessableEntity && moved.body.string.contains("Enter why you"))
            moved = try await pair.mentee.post("\(pair.base)/meetings", [("instead", first.id!.uuidString.lowercased()), ("slot", ""),
                ("day", "2026-09-24"), ("time", "10:00"), ("minutes", "30"), ("place", "Room 4"), ("reason", "Trip on Wednesday")])
            #expect(moved.status == .seeOther)
            let old = try #require(try await Meeting.find(first.id, on: app.db))
            #expect(old.state == .moved && old.changedByID == pair.world.mentee.id)
            #expect(try app.notes.open(old, \.$changeReasonSealed) == "Trip on Wednesday")
            let replacement = try #require(try await Meeting.query(on: app.db).filter(\.$replacesID == first.id).first())
            #expect(replacement.state == .proposed && replacement.$proposedBy.id == pair.world.mentee.id)
            // Cancelling an agreed one needs a reason; withdrawing your own proposal doesn't.
            let path2 = "\(pair.base)/meetings/\(series[1].id!.uuidString.lowercased())"
            try await pair.mentor.get(path2)
            let cancel = try await pair.mentor.post(path2 + "/cancel", [("reason", "")])
            #expect(cancel.status == .unprocessableEntity && cancel.body.string.contains("Enter why you"))
            #expect(try await pair.mentor.post(path2 + "/cancel", [("reason", "Exam that day")]).status == .seeOther)
            #expect(try await Meeting.find(series[1].id, on: app.db)?.state == .cancelled)
            let replacementPath = "\(pair.base)/meetings/\(replacement.id!.uuidString.lowercased())"
            try await pair.mentee.get(replacementPath)
            #expect(try await pair.mentee.post(replacementPath + "/withdraw").status == .seeOther)
            #expect(try await Meeting.find(replacement.id, on: app.db)?.state == .cancelled)
        }
    }

    @Test func attendanceIsEachPersonsOwnAndDisagreementsReachTheCoordinator() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try await pair.heldMeeting(app, clock)
            try await pair.mentor.get(path)
            let early = try await pair.mentor.post(path + "/attendance", [("outcome", "happened")])
            #expect(early.status == .conflict && early.body.string.contains("Say whether the meeting happened once its time is over."))
            try await pair.travel(clock, by: 30 * 60)
            try await pair.mentor.get(path)
            #expect(try await pair.mentor.post(path + "/attendance", [("outcome", "happened"), ("person", pair.world.mentee.id!.uuidString)]).status == .seeOther)
            #expect(try await pair.mentor.post(path + "/attendance", [("outcome", "i-missed")]).status == .conflict, "a second answer is refused")
            let records = try await MeetingAttendance.query(on: app.db).all()
            #expect(records.count == 1 && records[0].$person.id == pair.world.mentor.id && records[0].outcome == .happened,
                    "the record is the sender's own, whatever the form says")
            try await pair.mentee.get(path)
            #expect(try await pair.mentee.post(path + "/attendance", [("outcome", "sometimes")]).status == .unprocessableEntity)
            #expect(try await pair.mentee.post(path + "/attendance", [("outcome", "i-missed")]).status == .seeOther)
            // The one who missed is asked to put it right: a note, then a new time.
            let page = try await pair.mentee.get(path)
            #expect(page.body.string.contains("Put it right"))
            let repair = try await pair.mentee.post(path + "/repair", [("repair_note", "Sorry, I was in detention. Next week?")])
            #expect(repair.location?.contains("/meetings?repair=") == true)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let notifications = try await coordinator.get("/notifications")
            #expect(notifications.body.string.contains("Mentor Tester and Mentee Tester remember their meeting on Wednesday 23 September differently."))
            let detail = try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())")
            #expect(detail.body.string.contains("They disagree"))
            #expect(detail.body.string.contains("It happened") && detail.body.string.contains("Couldn't come"))
            #expect(!detail.body.string.contains("detention"), "the repair note is the pair's")
        }
    }

    @Test func theSessionLogIsWrittenByTheRightPersonAndSealed() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try await pair.heldMeeting(app, clock)
            // check-in: the mentor sees the mentee's feeling and a prompt
            try await pair.mentee.get(path)
            #expect(try await pair.mentee.post(path + "/check-in", [("feeling", "sad")]).status == .seeOther)
            #expect(try await pair.mentee.post(path + "/check-in", [("feeling", "great")]).status == .conflict)
            let mentorPage = try await pair.mentor.get(path)
            #expect(mentorPage.body.string.contains("Mentee feels <strong>sad</strong>"))
            #expect(mentorPage.body.string.contains("That sounds hard. What happened?"))
            // agenda by both, then a summary only the mentor writes and only the mentee answers
            try await pair.mentor.post(path + "/agenda", [("agenda_item", "Football trials")])
            try await pair.mentee.get(path)
            try await pair.mentee.post(path + "/agenda", [("agenda_item", "My sister's wedding")])
            #expect(try await pair.mentee.post(path + "/summary", [("summary", "I heard")]).status == .forbidden)
            try await pair.mentor.get(path)
            let long = String(repeating: "a", count: 2001)
            let tooLong = try await pair.mentor.post(path + "/note", [("note", long)])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.body.string.contains("Your note can be at most 2000 characters (this is 2001)."))
            #expect(tooLong.body.string.contains(long), "the rejected note is kept in the form")
            #expect(try await pair.mentor.post(path + "/summary", [("summary", "What I heard is the wedding is stressful")]).status == .seeOther)
            #expect(try await pair.mentor.post(path + "/summary-response", [("response", "confirmed")]).status == .forbidden)
            try await pair.mentee.get(path)
            let noCorrection = try await pair.mentee.post(path + "/summary-response", [("response", "corrected"), ("correction", "")])
            #expect(noCorrection.status == .unprocessableEntity && noCorrection.body.string.contains("Enter what you meant."))
            #expect(try await pair.mentee.post(path + "/summary-response", [("response", "corrected"), ("correction", "Exciting more than stressful")]).status == .seeOther)
            #expect(try await pair.mentee.post(path + "/summary-response", [("response", "confirmed")]).status == .conflict)
            try await pair.mentor.get(path)
            try await pair.mentor.post(path + "/note", [("note", "Talked about penguins at the zoo")])
            let summary = try #require(try await MeetingSummary.query(on: app.db).first())
            #expect(summary.response == .corrected)

            // At rest: no phrase the pair wrote is in any stored column.
            let sql = try #require(app.db as? any SQLDatabase)
            for (table, column) in [("meeting_entries", "body_sealed"), ("meeting_summaries", "text_sealed"), ("meeting_summaries", "correction_sealed"), ("meetings", "place_sealed")] {
                let rows = try await sql.raw("SELECT \(ident: column) AS v FROM \(ident: table)").all()
                let values = try rows.compactMap { try $0.decode(column: "v", as: String?.self) }
                #expect(!values.isEmpty)
                for value in values {
                    #expect(value.hasPrefix("n2."))
                    for phrase in ["penguins", "wedding", "Exciting", "Library", "Football"] { #expect(!value.contains(phrase)) }
                }
            }
            let page = try await pair.mentee.get(path)
            #expect(page.body.string.contains("Talked about penguins at the zoo") && page.body.string.contains("Not quite: </strong>Exciting more than stressful"))
        }
    }

    @Test("the first meeting opens with the common-ground cards, for both; later meetings do not repeat them")
    func theFirstMeetingOpensWithCommonGround() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            for person in [pair.world.mentor, pair.world.mentee] {
                let profile = try await MentoringProfile.of(person, on: app.db)
                profile.interests = ["football", "drawing"]
                profile.dislikes = ["early-mornings"]
                try await profile.save(on: app.db)
            }
            let first = try await pair.heldMeeting(app, clock)
            let second = try await pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-09-30", time: "13:20"))
            try await pair.mentee.get(second)
            #expect(try await pair.mentee.post(second + "/accept").status == .seeOther)
            // Starts as the database keeps them, a fraction of a second off: the first is still the first.
            for meeting in try await Meeting.query(on: app.db).all() {
                meeting.startsAt = meeting.startsAt.addingTimeInterval(0.1203008)
                try await meeting.save(on: app.db)
            }
            for browser in [pair.mentor, pair.mentee] {
                let page = try await browser.get(first).body.string
                #expect(page.contains("<h2>Common ground</h2>") && page.contains("Your first meeting: pick one of these"))
                let text = page.replacingOccurrences(of: "&#39;", with: "'")
                #expect(text.contains("You both like") && text.contains("Football") && text.contains("Drawing"))
                #expect(text.contains("You both can't stand") && text.contains("Early mornings") && text.contains("You're both free"))
                #expect(!(try await browser.get(second).body.string.contains("Common ground")), "only the first meeting")
            }
        }
    }

    @Test("both see the commitments due this week on their home, overdue ones first, without their words; later ones and kept ones wait")
    func commitmentsDueThisWeekAreOnBothHomes() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let time = ActivePair.time
            let today = time.startOfDay(clock.now)
            let weekday = time.calendar.component(.weekday, from: today)
            let sunday = time.calendar.date(byAdding: .day, value: (8 - weekday) % 7, to: today)!
            for (owner, due, status, words) in [
                (pair.world.mentee, today.addingTimeInterval(-2 * 86_400), CommitmentStatus.open, "Read chapter two"),
                (pair.world.mentor, sunday, .open, "Bring the maths sheet"),
                (pair.world.mentee, sunday.addingTimeInterval(86_400), .open, "Next week's plan"),
                (pair.world.mentor, today, .done, "Already done"),
            ] {
                let commitment = Commitment()
                commitment.$match.id = pair.match.id!
                commitment.$person.id = owner.id!
                try app.notes.seal(words, into: commitment, \.$textSealed)
                (commitment.dueOn, commitment.status, commitment.createdAt) = (due, status, clock.now)
                commitment.followedUpAt = status == .open ? nil : clock.now
                try await commitment.create(on: app.db)
            }
            let mentee = try await pair.mentee.get("/home").body.string.replacingOccurrences(of: "&#39;", with: "'")
            let mentor = try await pair.mentor.get("/home").body.string.replacingOccurrences(of: "&#39;", with: "'")
            #expect(mentee.contains("Your commitment was due \(time.dateText(today.addingTimeInterval(-2 * 86_400))): say how it went at your next meeting."))
            #expect(mentee.contains("Mentor's commitment is due \(time.dayText(sunday))."))
            #expect(mentor.contains("Mentee's commitment was due ") && mentor.contains("ask how it went at your next meeting.") && mentor.contains("Your commitment is due \(time.dayText(sunday))."))
            for page in [mentee, mentor] {
                #expect(!page.contains("Read chapter two") && !page.contains("maths sheet"), "dates only, never their words")
                let listed = page.components(separatedBy: "commitment is due").count + page.components(separatedBy: "commitment was due").count - 2
                #expect(listed == 2, "the one due next week and the kept one are not listed")
            }
        }
    }

    @Test("three low check-ins in a row from the mentee: the mentor's log suggests talking and how to raise a worry; nobody else is told")
    func aRunOfLowFeelingsIsSuggestedToTheMentorOnly() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            var paths: [String] = []
            for (index, feeling) in [Feeling.good, .sad, .worried, .stressed, .good].enumerated() {
                let meeting = try await PairHistory.meeting(app, of: pair.match, startsAt: clock.now.addingTimeInterval(Double(index - 5) * 7 * 86_400),
                                                            now: clock.now)
                let said = CheckIn()
                said.$meeting.id = meeting.id!
                said.$person.id = pair.world.mentee.id!
                (said.feeling, said.checkedInAt) = (feeling, meeting.startsAt)
                try await said.create(on: app.db)
                paths.append("\(pair.base)/meetings/\(meeting.id!.uuidString.lowercased())")
            }
            let suggestion = "has felt sad, worried or stressed at the last 3 meetings"
            let notifications = try await AppNotification.query(on: app.db).count()
            #expect(try await pair.mentor.get(paths[3]).body.string.contains(suggestion), "sad, worried, stressed")
            #expect(!(try await pair.mentor.get(paths[2]).body.string.contains(suggestion)), "only two low ones so far")
            #expect(!(try await pair.mentor.get(paths[4]).body.string.contains(suggestion)), "a good day ends the run")
            #expect(!(try await pair.mentee.get(paths[3]).body.string.contains(suggestion)), "for the mentor only")
            let notificationsAfter = try await AppNotification.query(on: app.db).count()
            let emails = try await OutboxMessage.query(on: app.db).count()
            #expect(notificationsAfter == notifications && emails == 0, "nothing goes to staff without a person deciding")
        }
    }

    @Test("the other one puts a revealed feedback suggestion on the next meeting's agenda with one tap; once, and only when there is a meeting")
    func aFeedbackSuggestionGoesOnTheNextAgenda() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            try await pair.travel(clock, by: 29 * 86_400)
            let feedback = "\(pair.base)/feedback"
            try await pair.mentee.get(feedback)
            #expect(try await pair.mentee.post(feedback, [("round", "1"), ("meetings_help", "4"), ("feel_listened_to", "4"),
                                                         ("going_well", "Talking about football"), ("suggestion", "Could we try meeting in the art room?")]).status == .seeOther)
            let answer = try #require(try await FeedbackAnswer.query(on: app.db).filter(\.$person.$id == pair.world.mentee.id!).first())
            let add = "\(feedback)/\(answer.id!.uuidString.lowercased())/agenda"
            try await pair.mentor.get(feedback)
            #expect(try await pair.mentor.post(add).status == .notFound, "blind: not before the mentor has answered too")
            #expect(try await pair.mentor.post(feedback, [("round", "1"), ("meetings_help", "5"), ("feel_listened_to", "5"),
                                                         ("going_well", "Good chats")]).status == .seeOther)
            let none = try await pair.mentor.post(add)
            #expect(none.status == .conflict && none.body.string.contains("Agree your next meeting first"))
            let meeting = try pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-10-21", time: "13:20"))
            try await pair.mentee.get(meeting)
            #expect(try await pair.mentee.post(meeting + "/accept").status == .seeOther)
            let page = try await pair.mentor.get(feedback).body.string
            #expect(page.contains("Add to our next meeting&#39;s agenda") || page.contains("Add to our next meeting's agenda"))
            #expect(try await pair.mentor.post(add).status == .seeOther)
            #expect(try await pair.mentor.post(add).status == .seeOther, "a second tap changes nothing")
            #expect(try await MeetingEntry.query(on: app.db).filter(\.$kind == .agenda).count() == 1)
            #expect(try await pair.mentee.get(meeting).body.string.contains("Could we try meeting in the art room?"))
            #expect(try await pair.mentor.get(feedback).body.string.contains("On the agenda for "))
            try await pair.mentee.get(feedback)
            #expect(try await pair.mentee.post(add).status == .forbidden, "their own suggestion is for the other one to take up")
        }
    }

    @Test func commitmentsAreFollowedUpByTheirOwnerOnly() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let first = try await pair.heldMeeting(app, clock)
            let meetingID = first.components(separatedBy: "/").last!
            try await pair.mentee.get(first)
            #expect(try await pair.mentee.post("\(pair.base)/commitments", [("commitment", "ask about the maths test"), ("due_on", "2026-09-20"), ("meeting", meetingID)])
                .body.string.contains("Choose today or a day after it."))
            #expect(try await pair.mentee.post("\(pair.base)/commitments", [("commitment", "ask about the maths test"), ("due_on", "2026-09-29"), ("meeting", meetingID)]).status == .seeOther)
            let commitment = try #require(try await Commitment.query(on: app.db).first())
            #expect(commitment.$person.id == pair.world.mentee.id && commitment.status == .open)
            // the next meeting follows it up
            let next = try await pair.heldMeeting(app, clock, day: "2026-09-30")
            let page = try await pair.mentee.get(next)
            #expect(page.body.string.contains("I will ask about the maths test by 29 September 2026."))
            let followUp = "\(pair.base)/commitments/\(commitment.id!.uuidString.lowercased())/follow-up"
            try await pair.mentor.get(next)
            let theirs = try await pair.mentor.post(followUp, [("status", "done")])
            #expect(theirs.status == .forbidden && theirs.body.string.contains("only they can say how it went"))
            let field = PracticePages.followUpField(commitment.id!)
            let blank = try await pair.mentee.post(followUp, [("status", "not-yet"), (field, "")])
            #expect(blank.status == .unprocessableEntity && blank.body.string.contains("Enter a word on what got in the way."))
            #expect(try await pair.mentee.post(followUp, [("status", "not-yet"), (field, "Ran out of time; I'll ask on Monday"), ("meeting", next.components(separatedBy: "/").last!)]).status == .seeOther)
            #expect(try await pair.mentee.post(followUp, [("status", "done")]).status == .conflict)
            let kept = try #require(try await Commitment.find(commitment.id, on: app.db))
            #expect(kept.status == .notYet && kept.followedUpAt != nil)
        }
    }

    @Test func winsAreCelebratedByTheOtherAndGoalsBelongToTheMentee() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            try await pair.mentee.get("\(pair.base)/wins")
            #expect(try await pair.mentee.post("\(pair.base)/wins", [("win", "Went to art club on my own"), ("category", "confidence")]).status == .seeOther)
            let win = try #require(try await Win.query(on: app.db).first())
            let celebrate = "\(pair.base)/wins/\(win.id!.uuidString.lowercased())/celebrate"
            #expect(try await pair.mentee.post(celebrate, [("reaction", "clap")]).status == .forbidden)
            try await pair.mentor.get("\(pair.base)/wins")
            let key = "line_\(win.id!.uuidString.lowercased().prefix(8))"
            #expect(try await pair.mentor.post(celebrate, [("reaction", "star"), (key, "Walking in alone takes guts")]).status == .seeOther)
            #expect(try await pair.mentor.post(celebrate, [("reaction", "fire")]).status == .conflict)
            let wall = try await pair.mentee.get("\(pair.base)/wins")
            #expect(wall.body.string.contains("Went to art club on my own") && wall.body.string.contains("Walking in alone takes guts"))
            try await pair.travel(clock, by: 31 * 86400)
            #expect(try await pair.mentee.get("\(pair.base)/wins").body.string.contains("One month together"))

            try await pair.mentor.get("\(pair.base)/goals")
            #expect(try await pair.mentor.post("\(pair.base)/goals", [("goal", "Mentor's goal")]).status == .forbidden)
            try await pair.mentee.get("\(pair.base)/goals")
            #expect(try await pair.mentee.post("\(pair.base)/goals", [("goal", "")]).status == .unprocessableEntity)
            #expect(try await pair.mentee.post("\(pair.base)/goals", [("goal", "Get to school on time")]).status == .seeOther)
            let goal = try #require(try await Goal.query(on: app.db).first())
            let key8 = goal.id!.uuidString.lowercased().prefix(8)
            try await pair.mentee.post("\(pair.base)/goals/\(goal.id!.uuidString.lowercased())/steps", [("step_\(key8)", "Set an alarm")])
            let step = try #require(try await GoalStep.query(on: app.db).first())
            let stepPath = "\(pair.base)/steps/\(step.id!.uuidString.lowercased())"
            #expect(try await pair.mentee.post(stepPath + "/done").status == .seeOther)
            #expect(try await GoalStep.find(step.id, on: app.db)?.doneAt != nil)
            #expect(try await pair.mentor.post(stepPath + "/done").status == .forbidden)
            #expect(try await pair.mentor.post(stepPath + "/encourage", [("encouragement_\(step.id!.uuidString.lowercased().prefix(8))", "Great plan")]).status == .seeOther)
            let setback = try await pair.mentee.post("\(pair.base)/goals/\(goal.id!.uuidString.lowercased())/setbacks",
                                                     [("tried_\(key8)", "An alarm"), ("learnt_\(key8)", "I snooze it"), ("next_\(key8)", "")])
            #expect(setback.status == .unprocessableEntity && setback.body.string.contains("Enter what you&#39;ll try next.") || setback.body.string.contains("Enter what you'll try next."))
            #expect(setback.body.string.contains("I snooze it"))
            let goals = try await pair.mentee.get("\(pair.base)/goals")
            #expect(goals.body.string.contains("Mentor: Great plan") && goals.body.string.contains("1 of 1 steps done"))
        }
    }

    @Test func feedbackIsBlindUntilBothAnswerOrTheRoundCloses() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            try await pair.mentor.get("\(pair.base)/feedback")
            #expect(try await pair.mentor.post("\(pair.base)/feedback", [("round", "1"), ("meetings_help", "4"), ("feel_listened_to", "5"), ("going_well", "x")]).status == .notFound,
                    "round 1 has not opened yet")
            try await pair.travel(clock, by: 28 * 86400 + 60)
            try await pair.mentor.get("\(pair.base)/feedback")
            let answer: [(String, String)] = [("round", "1"), ("meetings_help", "4"), ("feel_listened_to", "5"),
                                              ("going_well", "She tells me what's really going on"), ("suggestion", "Could we try walking sometimes?")]
            let missing = try await pair.mentor.post("\(pair.base)/feedback", [("round", "1"), ("meetings_help", "9"), ("going_well", "Fine")])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Choose how much your meetings help from 1 to 5."))
            #expect(try await pair.mentor.post("\(pair.base)/feedback", answer).status == .seeOther)
            #expect(try await pair.mentor.post("\(pair.base)/feedback", answer).status == .conflict)
            // blind: the mentee doesn't see the mentor's answers before answering
            var page = try await pair.mentee.get("\(pair.base)/feedback")
            #expect(!page.body.string.contains("walking sometimes") && page.body.string.contains("Send my feedback"))
            page = try await pair.mentor.get("\(pair.base)/feedback")
            #expect(page.body.string.contains("Waiting for Mentee") && !page.body.string.contains("Mentee didn&#39;t answer"))
            try await pair.mentee.get("\(pair.base)/feedback")
            #expect(try await pair.mentee.post("\(pair.base)/feedback", [("round", "1"), ("meetings_help", "5"), ("feel_listened_to", "4"),
                                                                         ("going_well", "He remembers what I said last week")]).status == .seeOther)
            page = try await pair.mentee.get("\(pair.base)/feedback")
            #expect(page.body.string.contains("walking sometimes") && page.body.string.contains("He remembers what I said last week"))
            page = try await pair.mentor.get("\(pair.base)/feedback")
            #expect(page.body.string.contains("He remembers what I said last week"))
            // a round answered by one only is revealed at closing, showing who did not answer; late answers are refused
            try await pair.travel(clock, by: 28 * 86400)
            try await pair.mentor.get("\(pair.base)/feedback")
            try await pair.mentor.post("\(pair.base)/feedback", [("round", "2"), ("meetings_help", "3"), ("feel_listened_to", "3"), ("going_well", "Round two thoughts")])
            page = try await pair.mentee.get("\(pair.base)/feedback")
            #expect(!page.body.string.contains("Round two thoughts"))
            try await pair.travel(clock, by: 7 * 86400 + 60)
            page = try await pair.mentee.get("\(pair.base)/feedback")
            #expect(page.body.string.contains("Round two thoughts"))
            #expect(page.body.string.replacingOccurrences(of: "&#39;", with: "'").contains("You didn't answer this round."))
            let late = try await pair.mentee.post("\(pair.base)/feedback", [("round", "2"), ("meetings_help", "3"), ("feel_listened_to", "3"), ("going_well", "Late")])
            #expect(late.status == .conflict && late.body.string.contains("Round 2 closed on"))
            // the coordinator sees completion, not the words
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let detail = try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())").body.string
            #expect(detail.contains("Round 1: Mentor answered, Mentee answered") && detail.contains("Round 2: Mentor answered, Mentee not answered"))
            for phrase in ["walking sometimes", "He remembers", "Round two thoughts"] { #expect(!detail.contains(phrase)) }
        }
    }

    @Test func theRelationshipCheckIsScoredWithNegativeItemsReversed() async throws {
        let items = RelationshipPulse.items(for: .mentee)
        #expect(items.count == 8 && items.filter(\.isNegative).count == 3)
        // Strongly positive on positive items and "not at all" on negative ones is the best score.
        let best = items.map { $0.isNegative ? 1 : 5 }
        #expect(RelationshipPulse.score(best, items: items) == 5)
        #expect(RelationshipPulse.score(Array(repeating: 3, count: 8), items: items) == 3)
        let worst: [Int] = items.map { $0.isNegative ? 5 : 2 }
        let expected: Double = (5.0 * 2 + 3 * 1) / 8
        #expect(RelationshipPulse.score(worst, items: items) == expected)
        let start = Date(timeIntervalSince1970: 0)
        #expect(HealthRules.defaults.currentCheck(activatedAt: start, now: start.addingTimeInterval(29 * 86400)) == nil)
        #expect(HealthRules.defaults.currentCheck(activatedAt: start, now: start.addingTimeInterval(30 * 86400)) == 1)
        #expect(HealthRules.defaults.currentCheck(activatedAt: start, now: start.addingTimeInterval(91 * 86400)) == 2)
        #expect(HealthRules.defaults.currentCheck(activatedAt: start, now: start.addingTimeInterval(152 * 86400)) == 3)

        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            #expect(try await pair.mentee.get("\(pair.base)/check").body.string.contains("Your next check is on"))
            try await pair.travel(clock, by: 30 * 86400 + 60)
            try await pair.mentee.get("\(pair.base)/check")
            var fields = [("check", "1")] + (0..<7).map { ("item\($0)", "4") }
            let incomplete = try await pair.mentee.post("\(pair.base)/check", fields)
            #expect(incomplete.status == .unprocessableEntity && incomplete.body.string.contains("Choose an answer for"))
            #expect(incomplete.body.string.contains("id=\"item0-4\" name=\"item0\" value=\"4\" checked"), "answers already given are kept")
            fields.append(("item7", "5"))
            #expect(try await pair.mentee.post("\(pair.base)/check", fields).status == .seeOther)
            #expect(try await pair.mentee.post("\(pair.base)/check", fields).status == .conflict)
            let stored = try #require(try await PulseAnswer.query(on: app.db).first())
            #expect(stored.score == RelationshipPulse.score([4, 4, 4, 4, 4, 4, 4, 5], items: items))
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let path = "/matches/\(pair.match.id!.uuidString.lowercased())"
            var detail = try await coordinator.get(path).body.string
            #expect(detail.contains("Check 1: Mentor Not answered, Mentee \(String(format: "%.1f", stored.score))"))
            #expect(!detail.contains("answers: 4, 4"), "item answers stay hidden unless the programme allows")
            #expect(try await pair.mentee.get("\(pair.base)/check").body.string.contains(FeedbackController.whatStaffSee(answersVisible: false)
                .replacingOccurrences(of: "'", with: "&#39;")) || pair.mentee.lastBody.contains(FeedbackController.whatStaffSee(answersVisible: false)))
            // Switching the setting on later does not show answers given when the page promised only a score.
            pair.programme.pulseAnswersVisible = true
            try await pair.programme.save(on: app.db)
            detail = try await coordinator.get(path).body.string
            #expect(!detail.contains("answers: 4, 4"), "answered under the score-only promise, so still only a score")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "read relationship-check answers").count() == 0)
            // The next check says answers are seen, and they are.
            try await pair.travel(clock, by: 61 * 86400)
            let page = try await pair.mentee.get("\(pair.base)/check").body.string
            #expect(page.contains("Your coordinator sees your answers and a score"))
            let second = [("check", "2"), ("told", "answers")] + (0..<8).map { ("item\($0)", "4") }
            let secondAnswer = try await pair.mentee.post("\(pair.base)/check", second)
            #expect(secondAnswer.status == .seeOther, "\(secondAnswer.body.string)")
            let answers = try await PulseAnswer.query(on: app.db).sort(\.$checkNumber).all()
            #expect(answers.map(\.answersVisible) == [false, true])
            try await coordinator.signIn("coord")
            detail = try await coordinator.get(path).body.string
            #expect(detail.contains("Mentee&#39;s answers: 4, 4, 4, 4, 4, 4, 4, 4") || detail.contains("Mentee's answers: 4, 4, 4, 4, 4, 4, 4, 4"))
            #expect(!detail.contains("answers: 4, 4, 4, 4, 4, 4, 4, 5"), "the first check's answers stay hidden")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "read relationship-check answers").count() == 1)
        }
    }

    @Test func notesStayWithThePairAndTheMenteeKeepsThemAfterClosure() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try await pair.heldMeeting(app, clock)
            try await pair.mentor.get(path)
            try await pair.mentor.post(path + "/note", [("note", "Secret plan for the talent show")])
            try await pair.mentor.post(path + "/summary", [("summary", "What I heard is you want to sing")])
            try await pair.mentor.post("\(pair.base)/commitments", [("commitment", "find a backing track"), ("due_on", "2026-09-30")])
            // the coordinator sees counts, never the words
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let detail = try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())").body.string
            #expect(detail.contains("1 note,") && detail.contains("1 made, 0 kept"))
            for phrase in ["talent show", "want to sing", "backing track", "Library"] { #expect(!detail.contains(phrase)) }
            // closure: the mentor loses the notes, the mentee keeps them; nothing new can be written
            try await MatchTransitions(audit: app.audit).apply(.beginClosing, to: pair.match.id!, by: pair.world.coordinator, reason: "Moving school", on: app.db)
            #expect(try await pair.mentor.get(path).body.string.contains("talent show"), "closing is not closed: the goodbye meeting still needs the log")
            try await MatchTransitions(audit: app.audit).apply(.close, to: pair.match.id!, by: pair.world.coordinator, on: app.db)
            let mentorView = try await pair.mentor.get(path)
            #expect(mentorView.status == .ok && !mentorView.body.string.contains("talent show"))
            #expect(mentorView.body.string.contains("This match has ended. Its notes stay with Mentee"))
            #expect(try await pair.mentor.get("\(pair.base)/commitments").status == .forbidden)
            #expect(try await pair.mentee.get(path).body.string.contains("Secret plan for the talent show"))
            #expect(try await pair.mentee.get("\(pair.base)/commitments").body.string.contains("find a backing track"))
            try await pair.mentee.get(path)
            let write = try await pair.mentee.post(path + "/note", [("note", "After the end")])
            #expect(write.status == .conflict && write.body.string.contains("nothing new can be added"))
            // The place is the pair's words too: after closure the mentor's page, .ics file, feed and API lose it.
            #expect(!mentorView.body.string.contains("Library"))
            #expect(try await pair.mentee.get(path).body.string.contains("Library"))
            let ics = try await pair.mentor.get(path + "/meeting.ics")
            #expect(ics.status == .ok && !ics.body.string.contains("LOCATION") && !ics.body.string.contains("Library"))
            try await pair.mentor.get("/calendar")
            try await pair.mentor.post("/calendar/reset")
            let calendar = try await pair.mentor.get("/calendar").body.string
            let feedPath = try #require(calendar.firstMatch(of: /\/calendar\/feed\/[A-Za-z0-9_-]+\.ics/).map { String($0.0) })
            let feed = try await TestBrowser(app).get(feedPath).body.string
            #expect(!feed.contains("Library"))
            let api = try await pair.mentor.get("/api/v1/matches/\(pair.match.id!.uuidString.lowercased())/meetings").body.string
            #expect(api.contains("startsAt") && !api.contains("Library"))
            #expect(try await pair.mentee.get("/api/v1/matches/\(pair.match.id!.uuidString.lowercased())/meetings").body.string.contains("Library"))
        }
    }

    @Test func theCalendarFeedIsPrivateResettableAndValidICalendar() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-09-23", time: "13:20", place: "Library; room 2, upstairs"))
            try await pair.mentor.get("/calendar")
            #expect(try await pair.mentor.post("/calendar/reset").location == "/calendar?notice=made")
            let page = try await pair.mentor.get("/calendar").body.string
            let range = try #require(page.range(of: #"https://rapport\.school\.example/calendar/feed/[A-Za-z0-9_-]+\.ics"#, options: .regularExpression))
            let feedPath = String(page[range]).replacingOccurrences(of: "https://rapport.school.example", with: "")
            let anonymous = TestBrowser(app)
            let feed = try await anonymous.get(feedPath)
            #expect(feed.status == .ok && feed.headers.contentType?.subType == "calendar")
            let unfolded = feed.body.string.replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded.contains("SUMMARY:Mentoring with Mentee\r\n") && unfolded.contains("STATUS:TENTATIVE\r\n"))
            #expect(unfolded.contains("LOCATION:Library\\; room 2\\, upstairs\r\n"))
            #expect(unfolded.contains("DTSTART:20260923T122000Z\r\n"), "13:20 in London in September is 12:20 UTC")
            #expect(feed.body.string.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 75 })
            // a single meeting as a file
            let file = try await pair.mentee.get(path + "/meeting.ics")
            #expect(file.status == .ok && file.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(file.body.string.contains("SUMMARY:Mentoring with Mentor"))
            // reset: the old address stops working at once; a made-up one never worked
            try await pair.mentor.get("/calendar")
            #expect(try await pair.mentor.post("/calendar/reset").location == "/calendar?notice=reset")
            #expect(try await anonymous.get(feedPath).status == .notFound)
            #expect(try await anonymous.get("/calendar/feed/made-up.ics").status == .notFound)
            #expect(try await CalendarFeed.query(on: app.db).count() == 1)
        }
    }

    @Test func noteKeysRotateAndRefuseWhatTheyCannotOpen() throws {
        let old = try NoteCipher(keyText: NoteCipher.randomKeyText())
        let sealedWithOld = try old.seal("Kept from last year", context: "commitments.text_sealed.1")
        let rotated = try NoteCipher(keyText: NoteCipher.randomKeyText(), retiredKeyTexts: [
            Data(old.current.key.withUnsafeBytes { Data($0) }).base64EncodedString(),
        ])
        #expect(try rotated.open(sealedWithOld, context: "commitments.text_sealed.1") == "Kept from last year")
        #expect(try rotated.seal("New", context: "x").split(separator: ".")[1] == rotated.current.id)
        let stranger = try NoteCipher(keyText: NoteCipher.randomKeyText())
        #expect(throws: NoteCipherError.self) { try stranger.open(sealedWithOld, context: "commitments.text_sealed.1") }
        #expect(throws: ConfigurationError.self) { try NoteCipher(keyText: "too short") }
        // The key file is made readable by its owner only, and refused when others can read it.
        let folder = NSTemporaryDirectory() + "rapport-key-\(UUID().uuidString)"
        var configuration = AppConfiguration(dataDirectory: folder)
        configuration.noteKey = nil
        let first = try NoteCipher.load(configuration)
        let permissions = try FileManager.default.attributesOfItem(atPath: configuration.noteKeyPath)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o600)
        #expect(try NoteCipher.load(configuration).current.id == first.current.id, "the same key is read back")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: configuration.noteKeyPath)
        #expect(throws: ConfigurationError.self) { try NoteCipher.load(configuration) }
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func aPhraseInANoteIsNotInTheDatabaseFile() async throws {
        let folder = NSTemporaryDirectory() + "rapport-file-\(UUID().uuidString)"
        guard ProcessInfo.processInfo.environment["RAPPORT_TEST_DATABASE_URL"] == nil else { return }
        try await withRapport({ configuration in
            configuration.inMemoryDatabase = false
            configuration.dataDirectory = folder
        }) { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = try await pair.heldMeeting(app, clock)
            try await pair.mentor.get(path)
            try await pair.mentor.post(path + "/note", [("note", "zebra-crossing-marmalade")])
            try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(FULL)").run()
            for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasPrefix("rapport.sqlite") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
                #expect(bytes.range(of: Data("zebra-crossing-marmalade".utf8)) == nil, "found the phrase in \(file)")
            }
            #expect(try await pair.mentor.get(path).body.string.contains("zebra-crossing-marmalade"))
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
