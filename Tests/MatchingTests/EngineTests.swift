import Testing
@testable import Matching

/// A random small cohort on one site where rules, pins and forbids all bite.
private func randomCohort(_ generator: inout SplitMix64) -> (Cohort, Rules, Set<PairID>) {
    let tags = ["football", "drawing", "grime", "cooking"]
    let periods = ["p1", "p2", "p3"]
    func some(_ words: [String]) -> Set<String> { Set(words.filter { _ in Bool.random(using: &generator) }) }
    let mentees = (0..<Int.random(in: 1...8, using: &generator)).map { index in
        Mentee(id: "e\(index)", firstName: "E\(index)", yearGroup: Int.random(in: 7...9, using: &generator),
               gender: Bool.random(using: &generator) ? .female : .male, interests: some(tags), dislikes: some(tags),
               identities: some(["carer"]), challenges: some(["exams", "anger"]), freePeriods: some(periods),
               wantsSameGenderMentor: Int.random(in: 0..<4, using: &generator) == 0,
               rankedMentorIDs: Bool.random(using: &generator) ? ["m0"] : [])
    }
    let mentors = (0..<Int.random(in: 1...8, using: &generator)).map { index in
        Mentor(id: "m\(index)", firstName: "M\(index)", yearGroup: Int.random(in: 8...11, using: &generator),
               gender: Bool.random(using: &generator) ? .female : .male, interests: some(tags), dislikes: some(tags),
               identities: some(["carer"]), storyTags: some(["exams", "anger"]), freePeriods: some(periods),
               capacity: Int.random(in: 1...3, using: &generator))
    }
    var doNotPair: Set<PairID> = [], forbids: Set<PairID> = []
    for mentee in mentees {
        for mentor in mentors {
            let roll = Int.random(in: 0..<20, using: &generator)
            if roll == 0 { doNotPair.insert(PairID(menteeID: mentee.id, mentorID: mentor.id)) }
            if roll == 1 { forbids.insert(PairID(menteeID: mentee.id, mentorID: mentor.id)) }
        }
    }
    return (Cohort(mentees: mentees, mentors: mentors), Rules(doNotPair: doNotPair), forbids)
}

@Suite("Engine: proposals")
struct EngineTests {
    @Test("proposals equal the brute-force optimum with pins and forbids, dense and sparse alike (1,000 cohorts)")
    func randomCohortsMatchBruteForce() throws {
        var generator = SplitMix64(seed: 4)
        for _ in 0..<1_000 {
            let (cohort, rules, forbids) = randomCohort(&generator)
            let engine = try MatchingEngine(cohort: cohort, rules: rules)
            // Score table from the public evaluation; nil = not allowed.
            let scores: [[Int?]] = try cohort.mentees.map { mentee in
                try cohort.mentors.map { mentor in
                    if case .allowed(let score, _) = try engine.evaluate(
                        menteeID: mentee.id, mentorID: mentor.id, forbids: forbids) { return score }
                    return nil
                }
            }
            // Pin a few allowed pairs where the mentor still has room.
            var room = cohort.mentors.map(\.capacity)
            var pins: Set<PairID> = []
            var pinnedScore = 0
            var open: [Int] = []
            for (row, mentee) in cohort.mentees.enumerated() {
                if Int.random(in: 0..<4, using: &generator) == 0,
                    let column = (0..<cohort.mentors.count).first(where: { scores[row][$0] != nil && room[$0] > 0 })
                {
                    room[column] -= 1
                    pins.insert(PairID(menteeID: mentee.id, mentorID: cohort.mentors[column].id))
                    pinnedScore += scores[row][column]!
                } else {
                    open.append(row)
                }
            }
            let expected = bruteForceOptimum(rows: open.count, capacity: room) { row, column in
                scores[open[row]][column].map { -Int64($0) }
            }
            for options in [EngineOptions(), EngineOptions(topK: 8, denseCellLimit: 0)] {
                let proposal = try MatchingEngine(cohort: cohort, rules: rules, options: options)
                    .propose(pins: pins, forbids: forbids)
                #expect(proposal.matches.count == pins.count + expected.matched)
                #expect(proposal.totalScore == pinnedScore - Int(expected.cost))
                #expect(proposal.matches.count + proposal.unmatched.count == cohort.mentees.count)
                var load: [String: Int] = [:]
                for match in proposal.matches {
                    load[match.mentorID, default: 0] += 1
                    let pair = PairID(menteeID: match.menteeID, mentorID: match.mentorID)
                    #expect(!forbids.contains(pair) && !rules.doNotPair.contains(pair))
                    #expect(try engine.evaluate(menteeID: match.menteeID, mentorID: match.mentorID, forbids: forbids)
                        == .allowed(score: match.score, reasons: match.reasons))
                    #expect(match.reasons.map(\.points).reduce(0, +) == match.score)
                    #expect(match.pinned == pins.contains(pair))
                }
                for mentor in cohort.mentors { #expect(load[mentor.id, default: 0] <= mentor.capacity) }
                for pin in pins {
                    #expect(proposal.matches.contains { $0.menteeID == pin.menteeID && $0.mentorID == pin.mentorID })
                }
            }
        }
    }

    @Test("the same input gives the same proposal")
    func deterministic() throws {
        let (cohort, rules) = Scenario.cohort(sites: 1, seed: 3)
        let engine = try MatchingEngine(cohort: cohort, rules: rules)
        let first = try engine.propose()
        #expect(first == (try engine.propose()))
        #expect(first == (try MatchingEngine.propose(cohort: cohort, rules: rules)))
        #expect(first.matches.count > 400)
        for match in first.matches { #expect(match.reasons.map(\.points).reduce(0, +) == match.score) }
    }

    @Test("an unmatched mentee says why: no allowed mentor (with the rules) or all allowed mentors full")
    func unmatchedReasons() throws {
        let cohort = Cohort(
            mentees: [
                Mentee(id: "a", firstName: "A", yearGroup: 7, freePeriods: ["p1"]),
                Mentee(id: "b", firstName: "B", yearGroup: 7, freePeriods: ["p1"]),
                Mentee(id: "c", firstName: "C", yearGroup: 11, freePeriods: ["p2"]),
            ],
            mentors: [Mentor(id: "m", firstName: "M", yearGroup: 10, freePeriods: ["p1"], capacity: 1)])
        let proposal = try MatchingEngine.propose(cohort: cohort)
        #expect(proposal.matches.count == 1)
        let reasons = Dictionary(uniqueKeysWithValues: proposal.unmatched.map { ($0.menteeID, $0.reason) })
        let full = reasons["a"] ?? reasons["b"]
        #expect(full == .allAllowedMentorsFull(allowedMentors: 1))
        #expect(full?.sentence == "all allowed mentors are full (1 allowed)")
        #expect(reasons["c"] == .noAllowedMentor(ruledOut: [RuleCount(rule: .yearGap, mentors: 1),
                                                            RuleCount(rule: .noSharedFreePeriod, mentors: 1)]))
        #expect(reasons["c"]?.sentence == "no allowed mentor at all: the mentor is not enough year groups above "
            + "the mentee (1); they share no free period (1)")
    }

    @Test("zero mentees give an empty proposal; zero mentors leave every mentee unmatched")
    func emptyCohorts() throws {
        let none = try MatchingEngine.propose(cohort: Cohort(mentees: [], mentors: []))
        #expect(none.matches.isEmpty && none.unmatched.isEmpty && none.totalScore == 0)
        let noMentors = try MatchingEngine.propose(cohort: Cohort(
            mentees: [Mentee(id: "a", firstName: "A", yearGroup: 7)], mentors: []))
        #expect(noMentors.unmatched.map(\.reason) == [.noAllowedMentor(ruledOut: [])])
        #expect(noMentors.unmatched.first?.reason.sentence == "no allowed mentor at all: the cohort has no mentors")
    }

    @Test("re-running with pins and forbids at school scale reuses the compiled cohort")
    func rerunWithPinsAndForbids() throws {
        let (cohort, rules) = Scenario.cohort(sites: 1, seed: 9)
        let engine = try MatchingEngine(cohort: cohort, rules: rules)
        let first = try engine.propose()
        let moved = try #require(first.matches.first)
        let forbid = PairID(menteeID: moved.menteeID, mentorID: moved.mentorID)
        let second = try engine.propose(forbids: [forbid])
        #expect(!second.matches.contains { $0.menteeID == forbid.menteeID && $0.mentorID == forbid.mentorID })
        #expect(second.totalScore <= first.totalScore)
        let pin = try #require(second.matches.last)
        let third = try engine.propose(pins: [PairID(menteeID: pin.menteeID, mentorID: pin.mentorID)], forbids: [forbid])
        #expect(third.matches.contains { $0.menteeID == pin.menteeID && $0.mentorID == pin.mentorID && $0.pinned })
    }
}
