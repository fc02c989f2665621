import Testing
@testable import Matching

@Suite("Scores, reasons and rules")
struct ScoringTests {
    let mentee = Mentee(id: "e1", firstName: "Amara", yearGroup: 7, gender: .female,
                        interests: ["football", "drawing", "chess"], dislikes: ["loud places"], identities: ["young carer"],
                        challenges: ["moving school", "exams"], freePeriods: ["mon-1", "tue-2", "wed-3", "thu-4"],
                        wantsSameGenderMentor: true, rankedMentorIDs: ["m1"])
    let mentor = Mentor(id: "m1", firstName: "Zara", yearGroup: 10, gender: .female,
                        interests: ["football", "drawing", "grime"], dislikes: ["loud places", "queues"],
                        identities: ["young carer"], storyTags: ["moving school"],
                        freePeriods: ["mon-1", "tue-2", "wed-3", "thu-4"], capacity: 2)

    @Test("a score is explained line by line and the points add up")
    func explainedScore() throws {
        let engine = try MatchingEngine(cohort: Cohort(mentees: [mentee], mentors: [mentor]))
        let evaluation = try engine.evaluate(menteeID: "e1", mentorID: "m1")
        guard case .allowed(let score, let reasons) = evaluation else {
            Issue.record("expected an allowed pair, got \(evaluation)"); return
        }
        #expect(reasons.map(\.sentence) == [
            "both like drawing and football +60",
            "both dislike loud places +45",
            "both identify as young carer +45",
            "mentor's story on moving school meets a current challenge +40",
            "4 shared free periods (3 count) +30",
            "the mentee ranked this mentor 1st choice +60",
        ])
        #expect(score == 280)
        #expect(reasons.map(\.points).reduce(0, +) == score)
    }

    @Test("a challenge the mentor got through scores, in words, unless a story of theirs already meets it")
    func overcameChallenges() throws {
        var through = mentor
        through.overcameChallenges = ["exams", "moving school", "bullying"]
        let engine = try MatchingEngine(cohort: Cohort(mentees: [mentee], mentors: [through]))
        guard case .allowed(let score, let reasons) = try engine.evaluate(menteeID: "e1", mentorID: "m1") else {
            Issue.record("expected an allowed pair"); return
        }
        let overcame = reasons.filter { $0.kind == .mentorOvercameChallenge }
        #expect(overcame.map(\.sentence) == ["mentor got through exams too +30"])
        #expect(overcame.map(\.tags) == [["exams"]])
        #expect(reasons.contains { $0.sentence == "mentor's story on moving school meets a current challenge +40" })
        #expect(score == 280 + 30)
        let none = try MatchingEngine(cohort: Cohort(mentees: [mentee], mentors: [through]),
                                      weights: Weights(mentorOvercameChallenge: 0))
        guard case .allowed(let plain, let plainReasons) = try none.evaluate(menteeID: "e1", mentorID: "m1") else { return }
        #expect(plain == 280)
        #expect(!plainReasons.contains { $0.kind == .mentorOvercameChallenge })
    }

    @Test("programme weights change the points")
    func customWeights() throws {
        let weights = Weights(sharedInterest: 5, sharedDislike: 7, sharedIdentity: 0, storyMeetsChallenge: 1,
                              sharedFreePeriod: 2, countedFreePeriods: 1, rankBonus: [100])
        let engine = try MatchingEngine(cohort: Cohort(mentees: [mentee], mentors: [mentor]), weights: weights)
        guard case .allowed(let score, let reasons) = try engine.evaluate(menteeID: "e1", mentorID: "m1") else {
            Issue.record("expected an allowed pair"); return
        }
        #expect(score == 10 + 7 + 1 + 2 + 100)
        #expect(!reasons.contains { $0.kind == .sharedIdentities })
    }

    @Test("a pair that breaks a rule names each rule")
    func ruleBreaks() throws {
        var young = mentor
        young.id = "m2"
        young.yearGroup = 7
        young.gender = .male
        young.freePeriods = ["fri-5"]
        let cohort = Cohort(mentees: [mentee], mentors: [mentor, young])
        let pair = PairID(menteeID: "e1", mentorID: "m1")
        let engine = try MatchingEngine(cohort: cohort, rules: Rules(doNotPair: [pair], safeguardingRestrictedPairs: [pair]))
        #expect(try engine.evaluate(menteeID: "e1", mentorID: "m2")
            == .notAllowed([.yearGap, .sameGenderRequested, .noSharedFreePeriod]))
        #expect(try engine.evaluate(menteeID: "e1", mentorID: "m1", forbids: [pair])
            == .notAllowed([.safeguardingRestriction, .doNotPair, .forbiddenByCoordinator]))
        var held = mentee
        held.safeguardingHold = true
        let heldEngine = try MatchingEngine(cohort: Cohort(mentees: [held], mentors: [mentor]))
        #expect(try heldEngine.evaluate(menteeID: "e1", mentorID: "m1") == .notAllowed([.safeguardingHold]))
        #expect(RuleBreak.sameGenderRequested.sentence == "the mentee asked for a mentor of the same gender")
        let relaxed = try MatchingEngine(cohort: cohort, rules: Rules(
            minimumYearGap: 0, requireSharedFreePeriod: false, honourSameGenderRequests: false))
        if case .notAllowed(let rules) = try relaxed.evaluate(menteeID: "e1", mentorID: "m2") {
            Issue.record("relaxed rules still rule out the pair: \(rules)")
        }
    }

    @Test("bad input is a clear error")
    func badInput() throws {
        func cohort(capacity: Int = 1, mentees: [Mentee]? = nil) -> Cohort {
            var changed = mentor
            changed.capacity = capacity
            return Cohort(mentees: mentees ?? [mentee], mentors: [changed])
        }
        #expect(throws: EngineError.invalidCapacity(mentorID: "m1", capacity: -1)) {
            try MatchingEngine(cohort: cohort(capacity: -1))
        }
        #expect(throws: EngineError.invalidCapacity(mentorID: "m1", capacity: 4)) {
            try MatchingEngine(cohort: cohort(capacity: 4))
        }
        #expect(EngineError.invalidCapacity(mentorID: "m1", capacity: 4).message
            == "mentor m1 has capacity 4; it must be between 0 and 3")
        #expect(throws: EngineError.duplicateID("e1")) { try MatchingEngine(cohort: cohort(mentees: [mentee, mentee])) }
        var ranksTooMany = mentee
        ranksTooMany.rankedMentorIDs = ["m1", "m1"]
        #expect(throws: EngineError.badRanking(menteeID: "e1")) {
            try MatchingEngine(cohort: cohort(mentees: [ranksTooMany]))
        }
        var ranksUnknown = mentee
        ranksUnknown.rankedMentorIDs = ["nobody"]
        #expect(throws: EngineError.unknownMentor("nobody")) {
            try MatchingEngine(cohort: cohort(mentees: [ranksUnknown]))
        }
        let engine = try MatchingEngine(cohort: cohort(capacity: 1, mentees: [
            mentee, Mentee(id: "e2", firstName: "Ben", yearGroup: 7, freePeriods: ["mon-1"]),
            Mentee(id: "e3", firstName: "Cai", yearGroup: 11, freePeriods: ["mon-1"]),
        ]))
        #expect(throws: EngineError.unknownMentee("ghost")) {
            try engine.propose(pins: [PairID(menteeID: "ghost", mentorID: "m1")])
        }
        #expect(throws: EngineError.unknownMentor("ghost")) {
            try engine.propose(forbids: [PairID(menteeID: "e1", mentorID: "ghost")])
        }
        let breaking = PairID(menteeID: "e3", mentorID: "m1")
        #expect(throws: EngineError.pinBreaksRules(breaking, [.yearGap])) { try engine.propose(pins: [breaking]) }
        #expect(EngineError.pinBreaksRules(breaking, [.yearGap]).message
            == "the pin e3–m1 breaks a hard rule: the mentor is not enough year groups above the mentee")
        let pinned = PairID(menteeID: "e1", mentorID: "m1")
        #expect(throws: EngineError.pinBreaksRules(pinned, [.forbiddenByCoordinator])) {
            try engine.propose(pins: [pinned], forbids: [pinned])
        }
        #expect(throws: EngineError.pinToFullMentor(PairID(menteeID: "e2", mentorID: "m1"), capacity: 1)) {
            try engine.propose(pins: [pinned, PairID(menteeID: "e2", mentorID: "m1")])
        }
        let twoMentors = try MatchingEngine(cohort: Cohort(mentees: [mentee], mentors: [mentor, {
            var other = mentor
            other.id = "m9"
            return other
        }()]))
        #expect(throws: EngineError.twoPinsForMentee("e1")) {
            try twoMentors.propose(pins: [pinned, PairID(menteeID: "e1", mentorID: "m9")])
        }
    }
}
