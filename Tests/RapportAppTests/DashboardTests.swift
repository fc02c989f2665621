import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Programme dashboard")
struct DashboardTests {
    /// Oak's active pair with three weekly meetings (two held, one missed), a closed pair that lasted 40 days, and a
    /// pair at Elm School the Oak coordinator must never count.
    func programme(_ app: Application, _ clock: TestClock) async throws -> ActivePair {
        let pair = try await ActivePair.make(app, clock)
        for (week, outcome) in [(1.0, AttendanceOutcome.happened), (8, .happened), (15, .otherMissed)] {
            let meeting = try await PairHistory.meeting(app, of: pair.match, startsAt: clock.now.addingTimeInterval(week * 86_400), now: clock.now)
            try await PairHistory.said(app, outcome, at: meeting, by: pair.world.mentor.id!, on: meeting.endsAt)
        }
        let other = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee,
                           givenName: "Rae", familyName: "Quill", username: "rae", yearGroup: 7)
        try await other.create(on: app.db)
        let closed = try await ActivePair.activeMatch(app, pair.world, pair.programme, mentee: other, slot: 2, at: clock.now)
        (closed.state, closed.mentorSlot, closed.updatedAt) = (.closed, nil, clock.now.addingTimeInterval(40 * 86_400))
        try await closed.update(on: app.db)
        let elmProgramme = Programme()
        elmProgramme.$school.id = pair.world.otherSchool.id!
        (elmProgramme.name, elmProgramme.schoolYear, elmProgramme.startsOn, elmProgramme.endsOn) = ("Elm mentoring", "2026–27", clock.now, clock.now.addingTimeInterval(300 * 86_400))
        (elmProgramme.meetingCadenceDays, elmProgramme.minimumYearGap, elmProgramme.menteeChoice, elmProgramme.feedbackEveryWeeks) = (7, 1, false, 4)
        elmProgramme.useDefaultPracticeRules()
        elmProgramme.createdByID = pair.world.otherCoordinator.id!
        try await elmProgramme.create(on: app.db)
        let elmMatch = MentoringMatch()
        elmMatch.$school.id = pair.world.otherSchool.id!
        elmMatch.$programme.id = elmProgramme.id!
        (elmMatch.$mentee.id, elmMatch.$mentor.id) = (pair.world.otherStudent.id!, pair.world.mentor.id!)
        (elmMatch.state, elmMatch.score, elmMatch.reasons, elmMatch.mentorCapacity) = (.paused, 1, [], 3)
        (elmMatch.activatedAt, elmMatch.createdAt, elmMatch.updatedAt) = (clock.now, clock.now, clock.now)
        elmMatch.mentorSlot = 3
        try await elmMatch.create(on: app.db)
        return pair
    }

    @Test("the model counts the school's matches, meetings, checks and match lengths, and nothing of another school")
    func theModelCountsTheSchool() async throws {
        try await withRapport { app, clock in
            let pair = try await programme(app, clock)
            let time = ActivePair.time
            let now = clock.now.addingTimeInterval(50 * 86_400)
            var filter = DashboardModel.Filter(Request(application: app, on: app.eventLoopGroup.next()), time: time, now: now)
            (filter.from, filter.to) = (time.startOfDay(clock.now), time.startOfDay(clock.now).addingTimeInterval(21 * 86_400))
            let model = try await DashboardModel.load(schools: [pair.world.school.id!], scope: "Oak School", filter: filter, time: time, now: now, on: app.db)
            #expect(model.states.first { $0.state == .active }?.count == 1 && model.states.first { $0.state == .closed }?.count == 1)
            #expect(model.states.first { $0.state == .paused }?.count == 0, "Elm's paused pair is not Oak's")
            #expect(model.weeks.map(\.scheduled) == [1, 1, 1] && model.weeks.map(\.held) == [1, 1, 0] && model.weeks.map(\.recorded) == [1, 1, 1])
            #expect(model.closed == 1 && model.closedEarly == 1, "closed after 40 days, before three months")
            #expect(model.survival.steps.map(\.day) == [40] && model.survival.atRisk(atDay: 0) == 2 && model.survival.survival(atDay: 41) == 0.5)
            let year8 = DashboardModel.Filter(Request(application: app, url: URI(string: "/dashboard?year=8"), on: app.eventLoopGroup.next()), time: time, now: now)
            let onlyYear8 = try await DashboardModel.load(schools: [pair.world.school.id!], scope: "", filter: year8, time: time, now: now, on: app.db)
            #expect(onlyYear8.matchCount == 1, "Rae is in year 7")
        }
    }

    @Test("a coordinator's page: seven charts, each an image with a title, a description and its numbers in a table, and no names")
    func theCoordinatorsPage() async throws {
        try await withRapport { app, clock in
            _ = try await programme(app, clock)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let page = try await coordinator.get("/dashboard")
            let body = page.body.string
            #expect(page.status == .ok && body.contains("Oak School · 2 matches"))
            #expect(body.components(separatedBy: #"<svg xmlns="http://www.w3.org/2000/svg" role="img""#).count - 1 == 7)
            #expect(body.components(separatedBy: "<table class=\"numbers\">").count - 1 == 8, "a table a chart, and early closures by reason")
            for id in ["states", "meetings", "attendance", "checks", "commitments", "survival", "training"] {
                #expect(body.contains(#"aria-labelledby="\#(id)-title \#(id)-desc""#) && body.contains(#"<title id="\#(id)-title">"#)
                        && body.contains(#"<desc id="\#(id)-desc">"#), "\(id)")
            }
            #expect(body.contains("<th scope=\"row\">Active</th><td>1</td>") && body.contains("<th scope=\"row\">Closed</th><td>1</td>"))
            #expect(body.contains("Why matches ended within three months") && body.contains("<th scope=\"row\">Not recorded</th><td>1</td>"))
            for name in ["Tester", "Rae", "Quill", "Elm"] { #expect(!body.contains(name), "no student's name, no other school: \(name)") }
        }
    }

    @Test("bad filters: a backwards range, an unknown year, another school's programme or school")
    func badFilters() async throws {
        try await withRapport { app, clock in
            let pair = try await programme(app, clock)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let backwards = try await coordinator.get("/dashboard?from=2026-10-01&to=2026-09-01")
            #expect(backwards.status == .badRequest && backwards.body.string.contains("The last day must not come before the first."))
            let long = try await coordinator.get("/dashboard?from=2025-01-01&to=2026-09-01")
            #expect(long.status == .badRequest && long.body.string.contains("Choose at most 52 weeks."))
            let year = try await coordinator.get("/dashboard?year=14")
            #expect(year.status == .badRequest && year.body.string.contains("Choose a year group from 7 to 13."))
            let elm = try #require(try await Programme.query(on: app.db).filter(\.$school.$id == pair.world.otherSchool.id!).first())
            #expect(try await coordinator.get("/dashboard?programme=\(elm.id!.uuidString)").status == .notFound)
            #expect(try await coordinator.get("/dashboard?school=\(pair.world.otherSchool.id!.uuidString)").status == .notFound)
            #expect(try await coordinator.get("/dashboard?programme=\(pair.programme.id!.uuidString)").status == .ok)
        }
    }

    @Test("the organisation admin sees every school as one aggregate, or one school, never a name")
    func theAdminSeesAggregates() async throws {
        try await withRapport { app, clock in
            let pair = try await programme(app, clock)
            let admin = TestBrowser(app)
            try await admin.signIn("admin")
            let all = try await admin.get("/dashboard").body.string
            #expect(all.contains("All 2 schools · 3 matches") && all.contains("<th scope=\"row\">Paused</th><td>1</td>"))
            #expect(!all.contains("Tester") && !all.contains("Rae"))
            let elm = try await admin.get("/dashboard?school=\(pair.world.otherSchool.id!.uuidString)").body.string
            #expect(elm.contains("Elm School · 1 match"))
            #expect(try await admin.get("/dashboard?school=\(UUID().uuidString)").status == .notFound)
        }
    }

    @Test("a match's timeline: its meetings, commitments, wins, checks, check-ins and moves by date with two charts, never the pair's words, and audited")
    func theMatchTimeline() async throws {
        try await withRapport { app, clock in
            let pair = try await programme(app, clock)
            let words = "a phrase only the pair wrote"
            let win = Win()
            (win.$match.id, win.$author.id, win.category, win.createdAt) = (pair.match.id!, pair.world.mentee.id!, .confidence, clock.now.addingTimeInterval(9 * 86_400))
            try app.notes.seal(words, into: win, \.$textSealed)
            try await win.create(on: app.db)
            let promise = Commitment()
            (promise.$match.id, promise.$person.id, promise.status) = (pair.match.id!, pair.world.mentee.id!, .done)
            (promise.dueOn, promise.createdAt, promise.followedUpAt) = (clock.now, clock.now.addingTimeInterval(2 * 86_400), clock.now.addingTimeInterval(8.5 * 86_400))
            try app.notes.seal(words, into: promise, \.$textSealed)
            try await promise.create(on: app.db)
            let check = PulseAnswer()
            (check.$match.id, check.checkNumber, check.$person.id, check.answers) = (pair.match.id!, 1, pair.world.mentee.id!, Array(repeating: 3, count: 8))
            (check.score, check.answeredAt, check.answersVisible) = (3.4, clock.now.addingTimeInterval(30 * 86_400), false)
            try await check.create(on: app.db)
            clock.advance(by: 31 * 86_400)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let path = "/matches/\(pair.match.id!.uuidString.lowercased())/timeline"
            let page = try await coordinator.get(path)
            let body = page.body.string
            #expect(page.status == .ok && !body.contains(words) && !body.contains("sealed"))
            let expected = ["Mentee answered relationship check 1: 3.4", "Meeting: missed", "Mentee posted a win (confidence)",
                            "Mentee&#39;s commitment: done", "Meeting: happened", "Mentee made a commitment", "Meeting: happened"]
            var last = body.startIndex
            for line in expected {
                let found = body.range(of: line, range: last..<body.endIndex) ?? body.range(of: line.replacingOccurrences(of: "&#39;", with: "'"), range: last..<body.endIndex)
                #expect(found != nil, "\(line), newest first")
                if let found { last = found.upperBound }
            }
            #expect(body.components(separatedBy: #"role="img""#).count - 1 == 2 && body.contains("<th scope=\"row\">Check 1</th><td>–</td><td>3.4</td>"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "viewed match timeline").count() == 1)
            let other = TestBrowser(app)
            try await other.signIn("elmcoord")
            #expect(try await other.get(path).status == .notFound)
        }
    }
}
