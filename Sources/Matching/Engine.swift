/// Why the engine refused a request; `message` says what to fix.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidCapacity(mentorID: String, capacity: Int)
    case duplicateID(String)
    case unknownMentee(String)
    case unknownMentor(String)
    case badRanking(menteeID: String)
    case tooManyTags(kind: String, limit: Int)
    case twoPinsForMentee(String)
    case pinBreaksRules(PairID, [RuleBreak])
    case pinToFullMentor(PairID, capacity: Int)

    /// A human sentence for the coordinator.
    public var message: String {
        switch self {
        case .invalidCapacity(let mentor, let capacity):
            "mentor \(mentor) has capacity \(capacity); it must be between 0 and 3"
        case .duplicateID(let id): "the id \(id) is used more than once"
        case .unknownMentee(let id): "no mentee has the id \(id)"
        case .unknownMentor(let id): "no mentor has the id \(id)"
        case .badRanking(let mentee): "mentee \(mentee) may rank at most 3 different mentors"
        case .tooManyTags(let kind, let limit): "more than \(limit) different \(kind) tags in one cohort"
        case .twoPinsForMentee(let mentee): "mentee \(mentee) is pinned to two mentors"
        case .pinBreaksRules(let pair, let rules):
            "the pin \(pair) breaks a hard rule: " + rules.map(\.sentence).joined(separator: "; ")
        case .pinToFullMentor(let pair, let capacity):
            "the pin \(pair) is to a full mentor: it has room for \(capacity) and more pins than that"
        }
    }

    public var description: String { message }
}

/// Which solver produced a proposal.
public enum SolverKind: String, Sendable, Codable, Hashable {
    /// Every pair of the cohort (school scale).
    case dense
    /// Each mentee's top-k candidates (district scale).
    case sparse
}

/// Tuning that does not change the rules.
public struct EngineOptions: Sendable, Hashable {
    /// At district scale each mentee keeps its best `topK` allowed mentors.
    public var topK: Int
    /// Cohorts with at most this many (mentee, mentor) pairs are solved over every pair.
    public var denseCellLimit: Int

    /// Defaults: top 50 candidates, dense up to 4 million pairs.
    public init(topK: Int = 50, denseCellLimit: Int = 4_000_000) {
        self.topK = topK
        self.denseCellLimit = denseCellLimit
    }
}

/// One proposed pair, with its score explained.
public struct ProposedMatch: Sendable, Hashable {
    /// The mentee's id.
    public let menteeID: String
    /// The mentor's id.
    public let mentorID: String
    /// The pair's score.
    public let score: Int
    /// Their points add up to `score`.
    public let reasons: [Reason]
    /// The coordinator pinned this pair.
    public let pinned: Bool
}

/// How many mentors one rule ruled out for a mentee.
public struct RuleCount: Sendable, Hashable {
    /// The rule.
    public let rule: RuleBreak
    /// How many mentors it ruled out.
    public let mentors: Int
}

/// Why a mentee is left without a mentor.
public enum UnmatchedReason: Sendable, Hashable {
    /// Every mentor breaks a hard rule for this mentee; how many each rule ruled out (a mentor can count
    /// under several rules).
    case noAllowedMentor(ruledOut: [RuleCount])
    /// Some mentors are allowed but all are taken (at district scale: among the mentee's top-k candidates).
    case allAllowedMentorsFull(allowedMentors: Int)

    /// A human sentence for the coordinator.
    public var sentence: String {
        switch self {
        case .noAllowedMentor(let counts) where counts.isEmpty:
            "no allowed mentor at all: the cohort has no mentors"
        case .noAllowedMentor(let counts):
            "no allowed mentor at all: " + counts.map { "\($0.rule.sentence) (\($0.mentors))" }.joined(separator: "; ")
        case .allAllowedMentorsFull(let allowed):
            "all allowed mentors are full (\(allowed) allowed)"
        }
    }
}

/// A mentee the proposal leaves unmatched, and why.
public struct UnmatchedMentee: Sendable, Hashable {
    /// The mentee's id.
    public let menteeID: String
    /// Why.
    public let reason: UnmatchedReason
}

/// The engine's answer: the most mentees matched, then the highest total score, exactly.
public struct Proposal: Sendable, Hashable {
    /// In cohort order of the mentees.
    public let matches: [ProposedMatch]
    /// Mentees left without a mentor, in cohort order, each with why.
    public let unmatched: [UnmatchedMentee]
    /// The sum of the matches' scores (pins included).
    public let totalScore: Int
    /// Dense (every pair) or sparse (top-k candidates).
    public let solver: SolverKind
}

/// Proposes matches for one cohort. Build it once per cohort; re-running with other pins and forbids reuses
/// the compiled profiles.
public struct MatchingEngine: Sendable {
    let compiled: CompiledCohort
    /// Tuning in use.
    public let options: EngineOptions

    /// Checks ids, capacities, rankings and rule lists, and compiles the profiles.
    public init(cohort: Cohort, weights: Weights = Weights(), rules: Rules = Rules(),
                options: EngineOptions = EngineOptions()) throws(EngineError) {
        compiled = try CompiledCohort(cohort: cohort, weights: weights, rules: rules)
        self.options = options
    }

    /// One-call form: compile and propose.
    public static func propose(cohort: Cohort, weights: Weights = Weights(), rules: Rules = Rules(),
                               pins: Set<PairID> = [], forbids: Set<PairID> = [],
                               options: EngineOptions = EngineOptions()) throws(EngineError) -> Proposal {
        try MatchingEngine(cohort: cohort, weights: weights, rules: rules, options: options)
            .propose(pins: pins, forbids: forbids)
    }

    /// A pair's score and reasons, or the hard rules it breaks.
    public func evaluate(menteeID: String, mentorID: String, forbids: Set<PairID> = []) throws(EngineError)
        -> PairEvaluation
    {
        let pair = PairID(menteeID: menteeID, mentorID: mentorID)
        let (mentee, mentor) = try compiled.resolve(pair)
        let (listed, rank) = compiled.special(mentee: mentee, mentor: mentor, forbidden: forbids.contains(pair))
        let facts = compiled.facts(mentee: mentee, mentor: Int(mentor), listed: listed, rank: rank)
        if !facts.breaks.isEmpty { return .notAllowed(facts.breaks.rules) }
        return .allowed(score: compiled.weights.score(facts), reasons: compiled.reasons(facts))
    }

    /// The optimal proposal: pins kept, forbidden and rule-breaking pairs never chosen, the most mentees
    /// matched and then the highest total score; deterministic.
    public func propose(pins: Set<PairID> = [], forbids: Set<PairID> = []) throws(EngineError) -> Proposal {
        let menteeCount = compiled.mentees.count, mentorCount = compiled.mentors.count
        var forbiddenByMentee = [Int: [Int32]]()
        for pair in forbids.sorted() {
            let (mentee, mentor) = try compiled.resolve(pair)
            forbiddenByMentee[mentee, default: []].append(mentor)
        }
        var scratch = PairScratch(mentorCount: mentorCount)
        var pinnedMentor = [Int32](repeating: -1, count: menteeCount)
        var roomLeft = compiled.cohort.mentors.map { Int32($0.capacity) }
        for pin in pins.sorted() {
            let (mentee, mentor) = try compiled.resolve(pin)
            guard pinnedMentor[mentee] < 0 else { throw .twoPinsForMentee(pin.menteeID) }
            let (listed, rank) = compiled.special(
                mentee: mentee, mentor: mentor, forbidden: forbids.contains(pin))
            let facts = compiled.facts(mentee: mentee, mentor: Int(mentor), listed: listed, rank: rank)
            guard facts.breaks.isEmpty else { throw .pinBreaksRules(pin, facts.breaks.rules) }
            guard roomLeft[Int(mentor)] > 0 else {
                throw .pinToFullMentor(pin, capacity: compiled.cohort.mentors[Int(mentor)].capacity)
            }
            roomLeft[Int(mentor)] -= 1
            pinnedMentor[mentee] = mentor
        }
        let openMentees = (0..<menteeCount).filter { pinnedMentor[$0] < 0 }
        let useDense = openMentees.count * mentorCount <= options.denseCellLimit
        let assignment: Assignment
        if useDense {
            var cost = [Int32](repeating: DenseProblem.notAllowed, count: openMentees.count * mentorCount)
            for (row, mentee) in openMentees.enumerated() {
                scratch.load(compiled, mentee: mentee, forbidden: forbiddenByMentee[mentee] ?? [])
                for mentor in 0..<mentorCount {
                    let facts = compiled.facts(mentee: mentee, mentor: mentor, listed: scratch.listed[mentor],
                                               rank: Int(scratch.rank[mentor]))
                    if facts.breaks.isEmpty { cost[row * mentorCount + mentor] = Int32(-compiled.weights.score(facts)) }
                }
                scratch.clear(compiled, mentee: mentee, forbidden: forbiddenByMentee[mentee] ?? [])
            }
            // Sizes and capacities are valid by construction.
            guard let problem = try? DenseProblem(rows: openMentees.count, columns: mentorCount,
                                                  capacity: roomLeft, cost: cost)
            else { preconditionFailure("engine built an inconsistent dense problem") }
            assignment = DenseSolver.solve(problem)
        } else {
            assignment = SparseSolver.solve(topCandidates(openMentees, roomLeft, forbiddenByMentee, &scratch))
        }
        return explain(assignment, openMentees: openMentees, pinnedMentor: pinnedMentor,
                       forbiddenByMentee: forbiddenByMentee, solver: useDense ? .dense : .sparse, scratch: &scratch)
    }

    /// Each open mentee's best `topK` allowed mentors (ties to the earlier mentor), as a sparse problem.
    private func topCandidates(_ openMentees: [Int], _ roomLeft: [Int32], _ forbiddenByMentee: [Int: [Int32]],
                               _ scratch: inout PairScratch) -> SparseProblem {
        var rowStart = [0]
        rowStart.reserveCapacity(openMentees.count + 1)
        var column: [Int32] = [], cost: [Int32] = []
        column.reserveCapacity(openMentees.count * options.topK)
        cost.reserveCapacity(openMentees.count * options.topK)
        let allMentors = (0..<Int32(compiled.mentors.count)).map { $0 }
        // Keys sort by score descending, then mentor ascending: (maximum - score) << 32 | mentor.
        var keys: [UInt64] = []
        for mentee in openMentees {
            let forbidden = forbiddenByMentee[mentee] ?? []
            scratch.load(compiled, mentee: mentee, forbidden: forbidden)
            let candidates = compiled.rules.requireSameSite
                ? compiled.mentorsBySite[Int(compiled.mentees[mentee].site)] : allMentors
            keys.removeAll(keepingCapacity: true)
            for mentor in candidates {
                let facts = compiled.facts(mentee: mentee, mentor: Int(mentor), listed: scratch.listed[Int(mentor)],
                                           rank: Int(scratch.rank[Int(mentor)]))
                guard facts.breaks.isEmpty else { continue }
                let score = Int64(compiled.weights.score(facts))
                keys.append(UInt64(Int64(Int32.max) - score) << 32 | UInt64(mentor))
            }
            scratch.clear(compiled, mentee: mentee, forbidden: forbidden)
            if keys.count > options.topK {
                keys.sort()
                keys.removeLast(keys.count - options.topK)
            }
            for key in keys {
                column.append(Int32(truncatingIfNeeded: key & 0xFFFF_FFFF))
                cost.append(Int32(truncatingIfNeeded: Int64(key >> 32) - Int64(Int32.max)))
            }
            rowStart.append(column.count)
        }
        guard let problem = try? SparseProblem(rows: openMentees.count, columns: compiled.mentors.count,
                                               capacity: roomLeft, rowStart: rowStart, column: column, cost: cost)
        else { preconditionFailure("engine built an inconsistent sparse problem") }
        return problem
    }

    /// Turns the solver's assignment into matches with reasons and unmatched mentees with causes.
    private func explain(_ assignment: Assignment, openMentees: [Int], pinnedMentor: [Int32],
                         forbiddenByMentee: [Int: [Int32]], solver: SolverKind,
                         scratch: inout PairScratch) -> Proposal {
        let allMentors = (0..<Int32(compiled.mentors.count)).map { $0 }
        var mentorOf = pinnedMentor
        for (row, mentee) in openMentees.enumerated() { mentorOf[mentee] = assignment.columnOfRow[row] }
        var matches: [ProposedMatch] = []
        var unmatched: [UnmatchedMentee] = []
        var total = 0
        for mentee in 0..<compiled.mentees.count {
            let menteeID = compiled.cohort.mentees[mentee].id
            let forbidden = forbiddenByMentee[mentee] ?? []
            let mentor = mentorOf[mentee]
            if mentor >= 0 {
                let (listed, rank) = compiled.special(mentee: mentee, mentor: mentor, forbidden: false)
                let facts = compiled.facts(mentee: mentee, mentor: Int(mentor), listed: listed, rank: rank)
                let score = compiled.weights.score(facts)
                total += score
                matches.append(ProposedMatch(
                    menteeID: menteeID, mentorID: compiled.cohort.mentors[Int(mentor)].id, score: score,
                    reasons: compiled.reasons(facts), pinned: pinnedMentor[mentee] >= 0))
                continue
            }
            scratch.load(compiled, mentee: mentee, forbidden: forbidden)
            var allowed = 0
            var counts = [Int](repeating: 0, count: RuleBreak.allCases.count)
            // With sites required, mentors elsewhere are counted under that rule without scoring them.
            let sameSiteOnly = compiled.rules.requireSameSite
            let candidates = sameSiteOnly
                ? compiled.mentorsBySite[Int(compiled.mentees[mentee].site)] : allMentors
            if sameSiteOnly { counts[RuleBreak.differentSite.rawValue] = compiled.mentors.count - candidates.count }
            for mentor in candidates {
                let candidate = Int(mentor)
                let facts = compiled.facts(mentee: mentee, mentor: candidate, listed: scratch.listed[candidate],
                                           rank: 0)
                if facts.breaks.isEmpty {
                    allowed += 1
                } else {
                    for rule in facts.breaks.rules { counts[rule.rawValue] += 1 }
                }
            }
            scratch.clear(compiled, mentee: mentee, forbidden: forbidden)
            let reason: UnmatchedReason = allowed > 0
                ? .allAllowedMentorsFull(allowedMentors: allowed)
                : .noAllowedMentor(ruledOut: RuleBreak.allCases.compactMap { rule in
                    counts[rule.rawValue] > 0 ? RuleCount(rule: rule, mentors: counts[rule.rawValue]) : nil
                })
            unmatched.append(UnmatchedMentee(menteeID: menteeID, reason: reason))
        }
        return Proposal(matches: matches, unmatched: unmatched, totalScore: total, solver: solver)
    }
}

/// Per-mentor listed rules and ranks for the mentee being scored, set and cleared around each mentee so that
/// scoring a row needs no lookups.
struct PairScratch {
    var listed: [RuleBreaks]
    var rank: [UInt8]

    init(mentorCount: Int) {
        listed = [RuleBreaks](repeating: [], count: mentorCount)
        rank = [UInt8](repeating: 0, count: mentorCount)
    }

    mutating func load(_ compiled: CompiledCohort, mentee: Int, forbidden: [Int32]) {
        for special in compiled.specials[mentee] {
            listed[Int(special.mentor)].formUnion(special.listed)
            rank[Int(special.mentor)] = UInt8(special.rank)
        }
        for mentor in forbidden { listed[Int(mentor)].insert(RuleBreaks(.forbiddenByCoordinator)) }
    }

    mutating func clear(_ compiled: CompiledCohort, mentee: Int, forbidden: [Int32]) {
        for special in compiled.specials[mentee] {
            listed[Int(special.mentor)] = []
            rank[Int(special.mentor)] = 0
        }
        for mentor in forbidden { listed[Int(mentor)] = [] }
    }
}
