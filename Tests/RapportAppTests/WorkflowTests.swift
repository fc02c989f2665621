import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

/// Sets up a programme in Oak School and profiles for World's mentor and mentee that the engine can pair.
func prepareProgramme(_ app: Application, _ world: World, menteeChoice: Bool = false, trainMentor: Bool = true) async throws -> Programme {
    let programme = Programme()
    programme.$school.id = world.school.id!
    programme.name = "Peer mentoring"
    programme.schoolYear = "2026–27"
    programme.startsOn = Date(timeIntervalSince1970: 1_788_000_000)
    programme.endsOn = Date(timeIntervalSince1970: 1_810_000_000)
    programme.meetingCadenceDays = 7
    programme.minimumYearGap = 1
    programme.menteeChoice = menteeChoice
    programme.feedbackEveryWeeks = 4
    programme.useDefaultPracticeRules()
    programme.createdByID = world.coordinator.id!
    try await programme.create(on: app.db)
    for (person, interests) in [(world.mentor, ["football", "drawing"]), (world.mentee, ["football", "drawing", "gaming"])] {
        let profile = try await MentoringProfile.of(person, on: app.db)
        profile.interests = interests
        profile.dislikes = ["loud-places"]
        profile.freePeriods = ["mon-lunch", "wed-break"]
        profile.currentChallenges = person.role == .mentee ? ["changing-school"] : []
        try await profile.save(on: app.db)
    }
    if trainMentor {
        try await TrainingCompletion(personID: world.mentor.id!, moduleID: TrainingCompletion.inPerson, completedAt: Date(),
                                     recordedByID: world.coordinator.id).create(on: app.db)
    }
    return programme
}

/// A proposed pair written straight to the database, as a round would leave it.
@discardableResult
private func insertProposal(_ app: Application, _ world: World, _ programme: Programme, mentee: Person, at now: Date) async throws -> MentoringMatch {
    let match = MentoringMatch()
    match.$school.id = world.school.id!
    match.$programme.id = programme.id!
    match.$mentee.id = mentee.id!
    match.$mentor.id = world.mentor.id!
    match.state = .proposed
    match.score = 10
    match.reasons = []
    match.createdAt = now
    match.updatedAt = now
    try await match.create(on: app.db)
    return match
}

func startRound(_ browser: TestBrowser, _ programme: Programme) async throws -> (TestingHTTPResponse, String) {
    try await browser.get("/rounds")
    let started = try await browser.post("/rounds", [("programme", programme.id!.uuidString.lowercased())])
    let location = try #require(started.location)
    return (try await browser.get(location), location)
}

@Suite("Matching workflow")
struct WorkflowTests {
    @Test func mentorTrainingIsSavedOnlyWhenEveryAnswerIsRight() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let mentor = TestBrowser(app)
            try await mentor.signIn("mentor")
            let list = try await mentor.get("/training")
            #expect(list.body.string.contains("Done 0 of \(TrainingContent.modules.count)"))
            let module = TrainingContent.modules[0]
            try await mentor.get("/training/\(module.id)")
            let wrong = module.questions.map { question in (question.id, question.options.first { !$0.isRight }!.id) }
            let tried = try await mentor.post("/training/\(module.id)", wrong)
            #expect(tried.body.string.contains("Some answers need another think."))
            #expect(tried.body.string.contains(module.questions[0].options.first { !$0.isRight }!.feedback.prefix(30)))
            #expect(try await TrainingCompletion.query(on: app.db).count() == 0)
            let right = module.questions.map { question in (question.id, question.options.first(where: \.isRight)!.id) }
            let done = try await mentor.post("/training/\(module.id)", right)
            #expect(done.body.string.contains("All right: module done."))
            _ = try await mentor.post("/training/\(module.id)", right)
            #expect(try await TrainingCompletion.query(on: app.db).count() == 1, "answering again records nothing new")
            #expect(try await mentor.get("/training/no-such-module").status == .notFound)

            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let progress = try await coordinator.get("/training-progress")
            #expect(progress.body.string.contains("1 of \(TrainingContent.modules.count)"))
            #expect(progress.body.string.contains("0 of 1 mentors have finished"))
            let marked = try await coordinator.post("/training-progress/\(world.mentor.id!.uuidString.lowercased())/in-person")
            #expect(marked.status == .seeOther)
            #expect(try await coordinator.get("/training-progress").body.string.contains("1 of 1 mentors have finished"))
            #expect(try await coordinator.post("/training-progress/\(world.otherStudent.id!.uuidString.lowercased())/in-person").status == .notFound)
            #expect(try await TrainingStatus.of([world.mentor.id!], on: app.db)[world.mentor.id!]?.isFinished == true)
        }
    }

    @Test func storiesAreWrittenCheckedAndHiddenByTheCoordinator() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let mentor = TestBrowser(app)
            try await mentor.signIn("mentor")
            try await mentor.get("/stories")
            let bad = try await mentor.post("/stories", [("title", ""), ("body", String(repeating: "b", count: 1201))])
            #expect(bad.body.string.contains("Enter a title."))
            #expect(bad.body.string.contains("at most 1200 characters (this is 1201)"))
            #expect(bad.body.string.contains("Choose at least one topic."))
            let saved = try await mentor.post("/stories", [("title", "Starting again"), ("body", "I changed school in Year 9."), ("tags[]", "changing-school")])
            #expect(saved.status == .seeOther)
            let story = try #require(try await MentorStory.query(on: app.db).first())

            let other = TestBrowser(app)
            try await other.signIn("elmcoord")
            try await other.get("/stories/review")
            #expect(try await other.post("/stories/\(story.id!.uuidString)/visibility", [("hidden", "yes")]).status == .notFound)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            #expect(try await coordinator.get("/stories/review").body.string.contains("Starting again"))
            try await coordinator.post("/stories/\(story.id!.uuidString)/visibility", [("hidden", "yes")])
            #expect(try await MentorStory.query(on: app.db).first()?.hiddenAt != nil)
            #expect(try await mentor.get("/stories").body.string.contains("Your coordinator has hidden this story."))
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            #expect(try await mentee.get("/stories").status == .forbidden)
        }
    }

    @Test func aRoundProposesExplainsAndApprovesThenBothSignAndTheMatchIsActive() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let (round, roundPath) = try await startRound(coordinator, programme)
            #expect(round.status == .ok)
            #expect(round.body.string.contains("both like drawing and football +60"), "\(round.body.string)")
            #expect(round.body.string.contains("Mentee Tester"))
            let proposed = try #require(try await MentoringMatch.query(on: app.db).filter(\.$state == .proposed).first())

            let approved = try await coordinator.post(roundPath + "/approve", [("match", proposed.id!.uuidString.lowercased())])
            #expect(approved.status == .ok)
            #expect(approved.body.string.contains("Approved Mentee Tester with Mentor Tester."))
            let match = try #require(try await MentoringMatch.find(proposed.id, on: app.db))
            #expect(match.state == .awaitingAgreement && match.mentorSlot == 1 && match.mentorCapacity == 2)
            let agreement = try #require(try await Agreement.query(on: app.db).first())
            #expect(agreement.version == AgreementWording.version && agreement.text.contains("Lead Tester"))
            #expect(try await RoundDecision.query(on: app.db).filter(\.$action == "approved").count() == 1)
            #expect(try await coordinator.post(roundPath + "/approve", [("match", proposed.id!.uuidString.lowercased())]).status == .conflict)

            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            #expect(try await mentee.get("/home").body.string.contains("Notifications (1 new)"))
            let page = try await mentee.get("/my-matches/\(match.id!.uuidString.lowercased())")
            #expect(page.body.string.contains("the mentor must tell the safeguarding lead"))
            let wrongName = try await mentee.post("/my-matches/\(match.id!.uuidString.lowercased())/sign", [("agree", "yes"), ("typed_name", "Someone Else")])
            #expect(wrongName.status == .unprocessableEntity)
            #expect(wrongName.body.string.contains("Type your full name as Rapport knows it: Mentee Tester."))
            #expect(try await mentee.post("/my-matches/\(match.id!.uuidString.lowercased())/sign", [("typed_name", "mentee tester")]).body.string.contains("Tick the box"))
            let token = try #require(mentee.csrfToken)
            let signed = try await mentee.post("/my-matches/\(match.id!.uuidString.lowercased())/sign", [("agree", "yes"), ("typed_name", " mentee  TESTER ")])
            #expect(signed.status == .seeOther)
            let twice = try await mentee.post("/my-matches/\(match.id!.uuidString.lowercased())/sign", [("agree", "yes"), ("typed_name", "Mentee Tester")], csrf: token)
            #expect(twice.status == .conflict, "\(twice.body.string)")
            #expect(try await MentoringMatch.find(match.id, on: app.db)?.state == .awaitingAgreement, "one signature is not enough")

            let stranger = TestBrowser(app)
            try await stranger.signIn("elmstudent")
            #expect(try await stranger.get("/my-matches/\(match.id!.uuidString.lowercased())").status == .notFound)
            try await stranger.get("/home")
            #expect(try await stranger.post("/my-matches/\(match.id!.uuidString.lowercased())/sign", [("agree", "yes"), ("typed_name", "Elmstudent Tester")]).status == .notFound)

            let mentor = TestBrowser(app)
            try await mentor.signIn("mentor")
            try await mentor.get("/my-matches/\(match.id!.uuidString.lowercased())")
            try await mentor.post("/my-matches/\(match.id!.uuidString.lowercased())/sign", [("agree", "yes"), ("typed_name", "Mentor Tester")])
            let active = try #require(try await MentoringMatch.find(match.id, on: app.db))
            #expect(active.state == .active && active.activatedAt != nil)
            let common = try await mentee.get("/my-matches/\(match.id!.uuidString.lowercased())")
            #expect(common.body.string.contains("Common ground"))
            #expect(common.body.string.contains("You both like") && common.body.string.contains("Football"))
            #expect(common.body.string.contains("Monday lunch"))
            let history = try await MatchTransition.query(on: app.db).filter(\.$match.$id == match.id!).sort(\.$occurredAt).all()
            #expect(history.map(\.toState) == [.awaitingAgreement, .active])
            #expect(history.first?.actorID == world.coordinator.id && history.last?.actorID == nil)

            // The coordinator moves it on; a move that is not allowed says why.
            try await coordinator.get("/matches/\(match.id!.uuidString.lowercased())")
            let noReason = try await coordinator.post("/matches/\(match.id!.uuidString.lowercased())/move", [("event", "pause"), ("reason", "")])
            #expect(noReason.status == .unprocessableEntity, "said beside the field")
            #expect(noReason.body.string.contains("Say why the match is pausing"))
            let cancel = try await coordinator.post("/matches/\(match.id!.uuidString.lowercased())/move", [("event", "cancel"), ("reason", "x")])
            #expect(cancel.status == .conflict)
            #expect(try await coordinator.post("/matches/\(match.id!.uuidString.lowercased())/move", [("event", "pause"), ("reason", "exams")]).status == .seeOther)
            #expect(try await coordinator.get("/matches?state=paused").body.string.contains("1 match."))
        }
    }

    @Test func pinsForbidsAndSwapsAreRecordedAndRuleBreakingPinsRefused() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let (_, roundPath) = try await startRound(coordinator, programme)
            let pair = [("mentee", world.mentee.id!.uuidString.lowercased()), ("mentor", world.mentor.id!.uuidString.lowercased())]
            let forbidden = try await coordinator.post(roundPath + "/forbid", pair)
            #expect(forbidden.body.string.contains("Forbade Mentee Tester with Mentor Tester."))
            #expect(forbidden.body.string.contains("no allowed mentor at all"))
            #expect(try await MentoringMatch.query(on: app.db).filter(\.$state == .proposed).count() == 0)
            let pinForbidden = try await coordinator.post(roundPath + "/pin", pair)
            #expect(pinForbidden.status == .ok, "pinning a forbidden pair lifts the forbid")
            #expect(try await MentoringMatch.query(on: app.db).filter(\.$state == .proposed).count() == 1)

            // A pin that breaks a hard rule: make the mentee older than the mentor.
            world.mentee.yearGroup = 12
            try await world.mentee.save(on: app.db)
            let refused = try await coordinator.post(roundPath + "/unpin", pair)
            #expect(refused.status == .ok)
            let pinAgain = try await coordinator.post(roundPath + "/pin", pair)
            #expect(pinAgain.status == .conflict)
            #expect(pinAgain.body.string.contains("the mentor is not enough year groups above the mentee"))
            let round = try #require(try await MatchingRound.query(on: app.db).first())
            #expect(round.pins.isEmpty)
            let actions = try await RoundDecision.query(on: app.db).all().map(\.action)
            #expect(actions.contains("forbid") && actions.contains("pin") && actions.contains("unpin"))
            #expect(try await coordinator.post(roundPath + "/pin", [("mentee", world.otherStudent.id!.uuidString), ("mentor", world.mentor.id!.uuidString)]).status == .notFound)
        }
    }

    @Test func approvingIsRefusedForAStaleRoundOrAnUntrainedMentor() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let (_, roundPath) = try await startRound(coordinator, programme)
            let proposed = try #require(try await MentoringMatch.query(on: app.db).filter(\.$state == .proposed).first())
            let profile = try await MentoringProfile.of(world.mentee, on: app.db)
            profile.interests = ["cooking"]
            try await profile.save(on: app.db)
            let stale = try await coordinator.post(roundPath + "/approve", [("match", proposed.id!.uuidString.lowercased())])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("changed since it ran"))
            #expect(try await MentoringMatch.find(proposed.id, on: app.db)?.state == .proposed)

            let rerun = try await coordinator.post(roundPath + "/rerun")
            #expect(rerun.status == .ok)
            try await TrainingCompletion.query(on: app.db).delete()
            try await coordinator.post(roundPath + "/rerun")
            #expect(try await MentoringMatch.query(on: app.db).filter(\.$state == .proposed).count() == 0, "untrained mentors are never proposed")
            // A proposal left from before the mentor's training was withdrawn.
            let leftover = try await insertProposal(app, world, programme, mentee: world.mentee, at: Date())
            let untrained = try await coordinator.post(roundPath + "/approve", [("match", leftover.id!.uuidString.lowercased())])
            #expect(untrained.status == .conflict)
            #expect(untrained.body.string.contains("hasn't finished mentor training"))
        }
    }

    @Test func aPairThatBreaksAHardRuleIsLeftUnmatchedWithTheRuleAndCannotBeApproved() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            world.mentee.yearGroup = 12
            try await world.mentee.save(on: app.db)
            let programme = try await prepareProgramme(app, world)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let (round, roundPath) = try await startRound(coordinator, programme)
            #expect(round.body.string.contains("Mentee Tester</strong>: no allowed mentor at all: the mentor is not enough year groups above the mentee (1)"))
            let proposal = try await insertProposal(app, world, programme, mentee: world.mentee, at: clock.now)
            let refused = try await coordinator.post(roundPath + "/approve", [("match", proposal.id!.uuidString.lowercased())])
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("Mentee Tester with Mentor Tester breaks a rule: the mentor is not enough year groups above the mentee."))
            #expect(try await MentoringMatch.find(proposal.id, on: app.db)?.state == .proposed)
        }
    }

    @Test func twoApprovalsForOneLastMentorPlaceAtTheSameMomentLetOnlyOneWin() async throws {
        // A real file on SQLite (WAL, several connections), as in production.
        let folder = NSTemporaryDirectory() + "rapport-race-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withRapport({ $0.inMemoryDatabase = false; $0.dataDirectory = folder }) { app, clock in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            world.mentor.capacity = 1
            try await world.mentor.save(on: app.db)
            let second = Person(organisationID: world.organisation.id!, schoolID: world.school.id, role: .mentee, givenName: "Second",
                                familyName: "Mentee", username: "second", yearGroup: 8)
            try await second.create(on: app.db)
            var ids: [UUID] = []
            for mentee in [world.mentee, second] {
                ids.append(try await insertProposal(app, world, programme, mentee: mentee, at: clock.now).id!)
            }
            let approval = MatchApproval(audit: app.audit)
            let (firstID, secondID) = (ids[0], ids[1])
            async let first: Result<Void, any Error> = { do { try await approval.approve(firstID, by: world.coordinator, on: app.db); return .success(()) } catch { return .failure(error) } }()
            async let other: Result<Void, any Error> = { do { try await approval.approve(secondID, by: world.coordinator, on: app.db); return .success(()) } catch { return .failure(error) } }()
            let results = await [first, other]
            let failures = results.compactMap { result -> (any Error)? in if case .failure(let error) = result { return error } else { return nil } }
            #expect(failures.count == 1)
            let abort = try #require(failures.first as? Abort)
            #expect(abort.status == .conflict)
            #expect(abort.reason.contains("already has 1 mentee") || abort.reason == MatchTransitions.raceMessage)
            #expect(try await MentoringMatch.query(on: app.db).filter(\.$state == .awaitingAgreement).count() == 1)
            #expect(try await Agreement.query(on: app.db).count() == 1, "the loser leaves nothing behind")
        }
    }

    @Test func theDatabaseRefusesASecondOpenMatchForAMentee() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            try await insertProposal(app, world, programme, mentee: world.mentee, at: clock.now)
            await #expect(throws: (any Error).self) {
                try await insertProposal(app, world, programme, mentee: world.mentee, at: clock.now)
            }
        }
    }

    @Test func aMenteeRanksMentorsFromTheirOwnShortlistAndTheRankingCounts() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world, menteeChoice: true)
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            let page = try await mentee.get("/shortlist")
            #expect(page.body.string.contains("My choice for Mentor"))
            #expect(!page.body.string.contains("Tester</h2>"), "no surnames on cards")
            let field = "rank-\(world.mentor.id!.uuidString.lowercased())"
            let outsider = try await mentee.post("/shortlist", [("rank-\(world.otherStudent.id!.uuidString.lowercased())", "1")])
            #expect(outsider.status == .forbidden)
            let bad = try await mentee.post("/shortlist", [(field, "7")])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await mentee.post("/shortlist", [(field, "1")]).status == .seeOther)
            #expect(try await MenteeRanking.query(on: app.db).first()?.rank == 1)

            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let (round, _) = try await startRound(coordinator, programme)
            #expect(round.body.string.contains("ranked"), "the mentee's choice shows as a reason")
            let mentor = TestBrowser(app)
            try await mentor.signIn("mentor")
            #expect(try await mentor.get("/shortlist").status == .forbidden)
        }
    }
}
