import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Early warnings")
struct MatchFlagsTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    func day(_ n: Double) -> Date { start.addingTimeInterval(n * 86_400) }
    func held(_ n: Double) -> MatchFlags.PastMeeting { .init(startsAt: day(n), mentorSaid: .happened, menteeSaid: .happened) }
    func missed(_ n: Double) -> MatchFlags.PastMeeting { .init(startsAt: day(n), mentorSaid: .otherMissed, menteeSaid: nil) }
    func unsaid(_ n: Double) -> MatchFlags.PastMeeting { .init(startsAt: day(n), mentorSaid: nil, menteeSaid: nil) }
    func calledOff(_ n: Double) -> MatchFlags.PastMeeting { .init(startsAt: day(n), mentorSaid: .cancelledInAdvance, menteeSaid: nil) }

    @Test("a gap over twice the rhythm, counted from the last meeting that happened or from the start")
    func meetingGap() {
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [], rules: .defaults, now: day(14)).isEmpty)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [], rules: .defaults, now: day(15)).daysWithoutMeeting == 15)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 14, pastMeetings: [], rules: .defaults, now: day(15)).isEmpty)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [held(10)], rules: .defaults, now: day(20)).isEmpty)
        // A meeting nobody has recorded is not counted as held: it is "not recorded", a prompt of its own after three days.
        let unrecorded = MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [unsaid(10)], rules: .defaults, now: day(20))
        #expect(unrecorded.daysWithoutMeeting == 20 && unrecorded.unrecordedMeetings == 1)
        #expect(unrecorded.sentences.contains("A meeting is not recorded: neither of them has said whether it happened."))
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [held(9), unsaid(10)], rules: .defaults, now: day(13)).isEmpty,
                "within three days it is not a prompt yet")
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [held(9), unsaid(10)], rules: .defaults, now: day(13.01)).unrecordedMeetings == 1)
        #expect(!MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [missed(8), unsaid(12), missed(15)], rules: .defaults, now: day(16)).isEmpty)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [missed(8), unsaid(12), missed(15)], rules: .defaults, now: day(16))
                    .missedInARow == 2, "an unrecorded meeting between two missed ones does not break the run")
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [held(2), missed(10)], rules: .defaults, now: day(20))
                    .daysWithoutMeeting == 18)
    }

    @Test("two missed in a row, and under three in four of the last eight; called-off meetings don't count")
    func attendance() {
        let twice = MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [held(1), missed(8), missed(15)], rules: .defaults, now: day(16))
        #expect(twice.missedInARow == 2 && twice.lowAttendance == nil && twice.daysWithoutMeeting == 15)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [missed(8), calledOff(12), held(15)], rules: .defaults, now: day(16))
                    .missedInARow == nil)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [missed(8), held(12), missed(15)], rules: .defaults, now: day(16))
                    .missedInARow == nil)
        // Eight scheduled (and one called off), five happened: 5 of 8 is under 75%; six of eight is not.
        let five = [missed(1), held(2), missed(3), held(4), held(5), missed(6), calledOff(6.5), held(7), held(8)]
        let lowRate = MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: five, rules: .defaults, now: day(9))
        #expect(lowRate.lowAttendance == .init(attended: 5, scheduled: 8) && lowRate.missedInARow == nil)
        #expect(lowRate.sentences == ["5 of the last 8 meetings happened."])
        let six = [missed(1), held(2), missed(3), held(4), held(5), held(6), held(7), held(8)]
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: six, rules: .defaults, now: day(9)).isEmpty)
        // Only the last eight count, and too few meetings say nothing about a rate.
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [missed(0)] + six, rules: .defaults, now: day(9)).isEmpty)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [held(1), missed(2), held(8)], rules: .defaults, now: day(9)).isEmpty)
    }

    @Test("every threshold is the programme's own, judged at its edge")
    func thresholdsAreTheProgrammes() {
        var rules = HealthRules.defaults
        rules.gapCadences = 3
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [], rules: rules, now: day(21)).isEmpty)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [], rules: rules, now: day(22)).daysWithoutMeeting == 22)
        rules.missedInARow = 3
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [held(1), missed(8), missed(15)], rules: rules, now: day(16)).isEmpty)
        let three = MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [missed(1), missed(8), missed(15)], rules: rules, now: day(16))
        #expect(three.missedInARow == 3 && three.sentences == ["The last 3 meetings were missed."])
        // 80% of the last six, judged once there are six: 5 of 6 passes, 4 of 6 does not, 4 of 5 is not judged yet.
        (rules.attendancePercent, rules.attendanceWindow, rules.attendanceMinimum) = (80, 6, 6)
        let week = { (missed: Set<Int>) in (1...6).map { missed.contains($0) ? self.missed(Double($0)) : self.held(Double($0)) } }
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: week([2]), rules: rules, now: day(7)).isEmpty)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: week([2, 4]), rules: rules, now: day(7)).lowAttendance
                    == .init(attended: 4, scheduled: 6))
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: Array(week([2]).dropFirst()), rules: rules, now: day(7)).isEmpty)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [missed(0)] + week([2]), rules: rules, now: day(7)).isEmpty,
                "only the last six count")
    }

    @Test("relationship checks, feedback windows and the early-closure line follow the programme's settings")
    func schedulesAreTheProgrammes() {
        var rules = HealthRules.defaults
        #expect(HealthRules.settings.allSatisfy { $0.choices.contains(HealthRules.defaults[keyPath: $0.keyPath]) }, "every default is offered")
        let checkChoices = { (name: String) in HealthRules.settings.first { $0.name == name }!.choices }
        #expect(checkChoices("second_check_days").min()! > checkChoices("first_check_days").max()!, "no choice puts the second check first")
        #expect([29.9, 30, 90.9, 91, 151.9, 152].map { rules.currentCheck(activatedAt: start, now: day($0)) } == [nil, 1, 1, 2, 2, 3])
        (rules.firstCheckDays, rules.secondCheckDays, rules.checkEveryDays) = (21, 61, 30)
        #expect([20.9, 21, 60.9, 61, 90.9, 91].map { rules.currentCheck(activatedAt: start, now: day($0)) } == [nil, 1, 1, 2, 2, 3])
        let round = FeedbackSchedule(activatedAt: start, everyWeeks: 4, answerDays: 3).round(1)
        #expect(round.opens == day(28) && round.closes == day(31) && round.isOpen(at: day(30.9)) && !round.isOpen(at: day(31)))
        #expect(FeedbackSchedule(activatedAt: start, everyWeeks: 2, answerDays: 14).round(1).closes == day(28),
                "a window never runs into the next round")
        let young = MatchLifecycle.next(from: .active, on: .beginClosing, reason: nil, activeSince: start, earlyClosureDays: 61, now: day(60.9))
        #expect(young == .failure(TransitionRefusal(message: "This match is less than two months old: say why it is ending early.")))
        #expect(MatchLifecycle.next(from: .active, on: .beginClosing, reason: nil, activeSince: start, earlyClosureDays: 61, now: day(61))
                == .success(.closing))
    }

    @Test("checks, feedback, commitments, contacts and disagreements each become a reason at their edge")
    func practiceSignals() {
        let rules = HealthRules.defaults
        let pair = MatchFlags.Facts(activatedAt: start, cadenceDays: 7, feedbackEveryWeeks: 4, contacts: nil)
        let flags = { (history: MatchFlags.History, days: Double) in MatchFlags.of(pair, history: history, rules: rules, now: self.day(days)).reasons }
        var history = MatchFlags.History(lastHeld: day(40))
        (history.mentor.lastCheck, history.mentee.lastCheck) = (1, 1)
        history.mentee.lastTenths = 30
        #expect(flags(history, 41).isEmpty, "3.0 is not under the line")
        history.mentee.lastTenths = 29
        #expect(flags(history, 41) == [.lowCheck(.mentee, tenths: 29)])
        #expect(flags(history, 41).first?.sentence == "The mentee's last relationship check scored 2.9 out of 5.")
        (history.mentee.previousTenths, history.mentee.lastTenths) = (41, 34)
        #expect(flags(history, 41).isEmpty, "a fall of 0.7 is under the programme's 0.8")
        history.mentee.lastTenths = 33
        #expect(flags(history, 41) == [.fallingCheck(.mentee, fromTenths: 41, toTenths: 33)])
        #expect(flags(history, 41).first?.sentence == "The mentee's relationship check fell from 4.1 to 3.3.")
        // Check 1 falls due on day 30: overdue after fourteen days more.
        var silent = MatchFlags.History(lastHeld: day(43))
        silent.mentor.lastCheck = 1
        #expect(flags(silent, 44).isEmpty)
        #expect(flags(silent, 45) == [.checkOverdue(.mentee, number: 1, days: 15)])
        // Feedback round 1 closes on day 35 and round 2 on day 63: two missed in a row is a reason.
        var feedback = MatchFlags.History(lastHeld: day(62))
        (feedback.mentor.lastCheck, feedback.mentee.lastCheck) = (1, 1)
        feedback.mentor.lastRound = 2
        #expect(flags(feedback, 62.9).isEmpty)
        #expect(flags(feedback, 63) == [.feedbackUnanswered(.mentee, rounds: 2)])
        feedback.mentee.lastRound = 1
        #expect(flags(feedback, 63).isEmpty)
        // Commitments: judged once four are followed up; more than half not kept is a reason.
        var kept = MatchFlags.History(lastHeld: day(9))
        (kept.commitmentsReviewed, kept.commitmentsNotKept) = (4, 2)
        #expect(flags(kept, 10).isEmpty)
        kept.commitmentsNotKept = 3
        #expect(flags(kept, 10) == [.commitmentsNotKept(notKept: 3, reviewed: 4)])
        (kept.commitmentsReviewed, kept.commitmentsNotKept) = (3, 3)
        #expect(flags(kept, 10).isEmpty, "three are too few to judge")
        // Disagreement: one says it happened, the other that someone didn't come.
        let disputed = MatchFlags.PastMeeting(startsAt: day(8), mentorSaid: .happened, menteeSaid: .otherMissed)
        #expect(MatchFlags.History([disputed, held(1)], attendanceWindow: 8, now: day(9)).disagreements == 1)
        #expect(MatchFlags.of(activatedAt: start, cadenceDays: 7, pastMeetings: [disputed], rules: rules, now: day(9)).sentences
                    == ["They disagree about whether a meeting happened."])
    }

    @Test("coordinator contacts: the first month's spread over it, then one a month after the latest; overdue is a reason")
    func contactSchedule() {
        var rules = HealthRules.defaults
        #expect(MatchFlags.contactDue(activatedAt: start, contacts: [], rules: rules) == day(15))
        #expect(MatchFlags.contactDue(activatedAt: start, contacts: [day(10)], rules: rules) == day(30))
        #expect(MatchFlags.contactDue(activatedAt: start, contacts: [day(10), day(20)], rules: rules) == day(50))
        #expect(MatchFlags.contactDue(activatedAt: start, contacts: [day(40)], rules: rules) == day(70), "a late contact starts the rhythm")
        rules.contactsFirstMonth = 3
        #expect(MatchFlags.contactDue(activatedAt: start, contacts: [], rules: rules) == day(10))
        let pair = MatchFlags.Facts(activatedAt: start, cadenceDays: 7, contacts: [])
        let recent = MatchFlags.History(lastHeld: day(15))
        #expect(MatchFlags.of(pair, history: recent, rules: .defaults, now: day(15.9)).isEmpty)
        #expect(MatchFlags.of(pair, history: recent, rules: .defaults, now: day(16)).reasons == [.contactOverdue(days: 1)])
        // A mentor's own schedule runs from their earliest pair, under its programme's rules.
        var three = HealthRules.defaults
        three.contactsFirstMonth = 3
        #expect(MatchFlags.mentorContactDue(pairs: [(day(10), .defaults), (start, three)], contacts: []) == day(10))
        #expect(MatchFlags.mentorContactDue(pairs: [(day(10), three), (start, .defaults)], contacts: [day(12)]) == day(30))
        #expect(MatchFlags.mentorContactDue(pairs: [], contacts: [day(12)]) == nil)
    }

    @Test("the coordinator sees the prompt on their home page, the matches list and the match; nothing else changes")
    func coordinatorSeesThePrompt() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            #expect(!(try await coordinator.get("/matches").body.string.contains("may need a check-in")))
            #expect(!(try await coordinator.get("/home").body.string.contains("may need a check-in")))
            clock.advance(by: 16 * 86_400)
            try await coordinator.signIn("coord")
            let list = try await coordinator.get("/matches").body.string
            #expect(list.contains("1 pair may need a check-in.") && list.contains("No meeting for 16 days."))
            let detail = try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())").body.string
            #expect(detail.contains("Time for a check-in?") && detail.contains("No meeting for 16 days."))
            let home = try await coordinator.get("/home").body.string
            #expect(home.contains("1 pair may need a check-in: ") && home.contains("see who and why"))
            #expect(try await MentoringMatch.find(pair.match.id, on: app.db)?.state == .active)
        }
    }

    @Test("Matches come a hundred at a time, newest change first; the check-in count covers every page and the filter stays")
    func matchesComeAPageAtATime() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            for number in 1...120 {
                let mentee = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee,
                                    givenName: "Past", familyName: "Mentee \(number)", username: "past\(number)", yearGroup: 7)
                try await mentee.create(on: app.db)
                let closed = try await ActivePair.activeMatch(app, pair.world, pair.programme, mentee: mentee, slot: 2,
                                                              at: clock.now.addingTimeInterval(Double(-number) * 86_400))
                closed.state = .closed
                closed.updatedAt = clock.now.addingTimeInterval(Double(-number) * 86_400)
                try await closed.update(on: app.db)
            }
            clock.advance(by: 16 * 86_400)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let first = try await coordinator.get("/matches").body.string
            #expect(first.contains("Matches 1 to 100 of 121. 1 pair may need a check-in."))
            #expect(first.contains("Page 1 of 2") && first.contains(#"href="/matches?page=2""#))
            #expect(first.contains("No meeting for 16 days."), "the newest change (the active pair) comes first")
            let second = try await coordinator.get("/matches?page=2").body.string
            #expect(second.contains("Matches 101 to 121 of 121. 1 pair may need a check-in.") && !second.contains("No meeting for"))
            #expect(second.components(separatedBy: "<tr>").count - 1 == 22, "21 rows and the header")
            let closedOnly = try await coordinator.get("/matches?state=closed").body.string
            #expect(closedOnly.contains("Matches 1 to 100 of 120.") && closedOnly.contains(#"href="/matches?state=closed&amp;page=2""#))
            #expect(!closedOnly.contains("may need a check-in"))
        }
    }

    @Test("the database works out each pair's history exactly as the rules do, over many made-up histories")
    func theDatabaseAgreesWithTheRules() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            // The programme's own attendance window, not the default, is what the database counts over.
            pair.programme.flagAttendanceWindow = 6
            try await pair.programme.update(on: app.db)
            var random = DemoData.SeededGenerator(state: 42)
            let outcomes: [AttendanceOutcome?] = [nil, .happened, .happened, .happened, .otherMissed, .iMissed, .cancelledInAdvance]
            var expected: [UUID: MatchFlags.History] = [:]
            var matchIDs: [UUID] = []
            for number in 1...30 {
                let mentee = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee,
                                    givenName: "Made", familyName: "Up \(number)", username: "made\(number)", yearGroup: 7)
                try await mentee.create(on: app.db)
                // Closed at once, so the mentor's second place is free for the next; the history does not ask the state.
                let match = try await ActivePair.activeMatch(app, pair.world, pair.programme, mentee: mentee, slot: 2,
                                                             at: clock.now.addingTimeInterval(-120 * 86_400))
                match.state = .closed
                try await match.update(on: app.db)
                var past: [MatchFlags.PastMeeting] = []
                for week in 0..<Int.random(in: 0...14, using: &random) {
                    // Some over, some only just over, one still going on (not judged), across the three-day line.
                    let meeting = try await PairHistory.meeting(
                        app, of: match,
                        startsAt: clock.now.addingTimeInterval(Double(-week * 6 - Int.random(in: 0...2, using: &random)) * 86_400 - 3_600),
                        minutes: week == 0 && number % 3 == 0 ? 120 : 30, state: week % 7 == 5 ? .cancelled : .accepted, now: clock.now)
                    let said = (outcomes.randomElement(using: &random)!, outcomes.randomElement(using: &random)!)
                    for (person, outcome) in [(pair.world.mentor.id!, said.0), (mentee.id!, said.1)] {
                        guard let outcome else { continue }
                        try await PairHistory.said(app, outcome, at: meeting, by: person, on: clock.now)
                    }
                    if meeting.state == .accepted && meeting.endsAt <= clock.now {
                        past.append(.init(startsAt: meeting.startsAt, mentorSaid: said.0, menteeSaid: said.1))
                    }
                }
                expected[match.id!] = MatchFlags.History(past, attendanceWindow: 6, now: clock.now)
                matchIDs.append(match.id!)
            }
            let found = try await MatchFlags.histories(of: matchIDs, now: clock.now, on: app.db)
            let kept = try await MatchFlags.histories(of: matchIDs, now: clock.now, on: app.db)
            for id in matchIDs {
                #expect((found[id] ?? MatchFlags.History()) == expected[id], "match \(matchIDs.firstIndex(of: id)!)")
                #expect(kept[id] == found[id], "read back from pair_histories, match \(matchIDs.firstIndex(of: id)!)")
            }
            #expect(expected.values.contains { $0.missedStreak >= 3 } && expected.values.contains { $0.unrecordedOverdue > 0 }
                    && expected.values.contains { $0.recentScheduled == 6 }, "the made-up histories reach every rule")
        }
    }

    @Test("the match page's model: who signed, the moves offered, the prompts, and no words of the pair's")
    func theMatchPageModel() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let match = try #require(try await MentoringMatch.query(on: app.db).filter(\.$id == pair.match.id!).withPair().first())
            let fresh = try await MatchPageModel.load(match, notes: app.notes, now: clock.now, on: app.db)
            #expect(fresh.events.map(\.event) == [.pause, .beginClosing] && fresh.events.map(\.label) == ["Pause", "Start closing"])
            #expect(fresh.prompts.isEmpty && fresh.history.isEmpty && fresh.signedBy.isEmpty && fresh.agreementVersion == nil)
            #expect(!fresh.leadInvolved && !fresh.showsAnswers && fresh.practice?.meetings.isEmpty == true)
            let later = try await MatchPageModel.load(match, notes: app.notes, now: clock.now.addingTimeInterval(16 * 86_400), on: app.db)
            #expect(later.prompts == ["No meeting for 16 days.", "A coordinator contact is 1 day overdue.",
                                      "The mentor's own coordinator contact is 1 day overdue."])
            match.state = .closing
            #expect(try await MatchPageModel.load(match, notes: app.notes, now: clock.now, on: app.db).events.map(\.event) == [.close])
        }
    }

    @Test("accepting a repeating series sets the pair's rhythm, and the gap warning holds them to it, not to the programme's")
    func theAgreedRhythmIsWhatTheWarningsUse() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let gap = { (days: Double) async throws -> Int? in
                try await MatchFlags.ofSchool(pair.world.school.id!, now: clock.now.addingTimeInterval(days * 86_400), on: app.db)[pair.match.id!]?
                    .daysWithoutMeeting
            }
            #expect(try await gap(15) == 15, "the programme meets weekly: over 14 days is a prompt")
            try await pair.mentor.get("\(pair.base)/meetings")
            let proposed = try await pair.mentor.post("\(pair.base)/meetings", [
                ("slot", ""), ("day", "2026-09-23"), ("time", "13:20"), ("minutes", "30"), ("place", "Library"), ("repeat", "4/14"),
            ])
            let path = try pair.meetingPath(proposed)
            #expect(try await MentoringMatch.find(pair.match.id, on: app.db)?.agreedCadenceDays == nil, "proposing agrees nothing yet")
            try await pair.mentee.get(path)
            #expect(try await pair.mentee.post(path + "/accept").status == .seeOther)
            #expect(try await MentoringMatch.find(pair.match.id, on: app.db)?.agreedCadenceDays == 14)
            let (fifteen, twentyEight, twentyNine) = (try await gap(15), try await gap(28), try await gap(29))
            #expect(fifteen == nil && twentyEight == nil && twentyNine == 29)
            #expect(try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())").body.string
                .contains("They agreed to meet every two weeks; the early warnings hold them to that."))
            #expect(try await pair.mentee.get("\(pair.base)/meetings").body.string.contains("You agreed to meet every two weeks"))
        }
    }

    @Test("a kept history is used until the pair's meetings change, a meeting ends or an unrecorded one becomes overdue")
    func keptHistoriesStayTrue() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let id = pair.match.id!
            let sql = try #require(app.db as? any SQLDatabase)
            let history = { (hours: Double) async throws -> MatchFlags.History in
                try #require(try await MatchFlags.histories(of: [id], now: clock.now.addingTimeInterval(hours * 3_600), on: app.db)[id])
            }
            #expect(try await history(0) == MatchFlags.History())
            // Kept: a row changed behind Rapport's back is what comes back, until something invalidates it.
            try await sql.raw("UPDATE pair_histories SET packed = \(bind: PairHistoryCache.pack(MatchFlags.History(recentScheduled: 99)))").run()
            #expect(try await history(0).recentScheduled == 99)
            let meeting = try await PairHistory.meeting(app, of: pair.match, startsAt: clock.now.addingTimeInterval(3_600), now: clock.now)
            #expect(try await history(0) == MatchFlags.History(), "a new meeting raises the generation: worked out again")
            // The meeting ends: the kept row stops at its end, without any write.
            #expect(try await history(2) == MatchFlags.History(), "over but unrecorded: not held, not yet overdue")
            #expect(try await history(1 + 72 + 1).unrecordedOverdue == 1, "three days after its start it is a prompt")
            try await PairHistory.said(app, .happened, at: meeting, by: pair.world.mentee.id!, on: clock.now)
            let held = try await history(80)
            #expect(held.lastHeld == meeting.startsAt && held.recentScheduled == 1 && held.unrecordedOverdue == 0, "recording it counts at once")
            let generation = try await sql.raw("SELECT history_generation FROM matches WHERE id = \(bind: id)").first()?.decode(column: "history_generation", as: Int.self)
            #expect(generation == 2, "one raise for the meeting, one for the answer")
        }
    }
}
