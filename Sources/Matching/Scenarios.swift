/// A small seeded generator (SplitMix64) for reproducible synthetic cohorts.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that always gives the same sequence for a seed.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Synthetic but realistic cohorts and the timed end-to-end runs of `matching-bench --scenario`.
public enum Scenario: String, Sendable, CaseIterable {
    /// One school: 500 mentees, 250 mentors, every pair scored with explanations, then solved.
    case school
    /// A district: 100 schools of the same size, 50,000 mentees keeping their top-50 candidates.
    case district

    static let interests = [
        "football", "basketball", "boxing", "dance", "drawing", "painting", "photography", "gaming", "coding",
        "music production", "grime", "rap", "singing", "guitar", "drums", "cooking", "baking", "fashion",
        "make-up", "anime", "manga", "films", "reading", "writing", "poetry", "animals", "horses", "fishing",
        "cycling", "skateboarding", "gym", "running", "swimming", "cars", "motorbikes", "science", "history",
        "nature", "volunteering", "theatre",
    ]
    static let dislikes = [
        "loud places", "crowds", "early mornings", "maths tests", "reading aloud", "PE", "homework", "rudeness",
        "being rushed", "social media drama", "spiders", "queues", "mushrooms", "being ignored", "rain", "cold",
        "group work", "exams", "phone calls", "change",
    ]
    static let identities = [
        "young carer", "care-experienced", "neurodivergent", "LGBTQ+", "faith", "EAL", "refugee background",
        "mixed heritage",
    ]
    static let experiences = [
        "moving school", "exclusion", "exams", "anger", "anxiety", "friendships", "bullying", "bereavement",
        "family change", "attendance", "confidence", "online safety",
    ]
    static let periods = (1...5).flatMap { day in (1...6).map { "d\(day)-p\($0)" } }
    static let names = ["Amara", "Ben", "Chloe", "Dami", "Ellie", "Femi", "Grace", "Hassan", "Isla", "Jay", "Kai",
                        "Leah", "Mo", "Nia", "Omar", "Priya", "Reece", "Sana", "Tyler", "Zara"]

    /// A cohort of `sites` schools with 500 mentees and 250 mentors each, from a fixed seed.
    public static func cohort(sites: Int, seed: UInt64 = 20_261_125) -> (Cohort, Rules) {
        var random = SeededGenerator(seed: seed)
        func any<Item>(_ items: [Item]) -> Item { items[Int.random(in: 0..<items.count, using: &random)] }
        func pick(_ words: [String], _ range: ClosedRange<Int>) -> Set<String> {
            Set((0..<Int.random(in: range, using: &random)).map { _ in any(words) })
        }
        func gender() -> Gender {
            let roll = Int.random(in: 0..<100, using: &random)
            return roll < 47 ? .female : roll < 94 ? .male : roll < 97 ? .nonBinary : .undisclosed
        }
        var mentees: [Mentee] = [], mentors: [Mentor] = []
        var doNotPair: Set<PairID> = [], restricted: Set<PairID> = []
        for site in 0..<sites {
            let siteName = "school-\(site)"
            let siteMentors = (0..<250).map { index in
                Mentor(id: "s\(site)-mentor-\(index)", firstName: any(names),
                       yearGroup: Int.random(in: 9...11, using: &random), gender: gender(), site: siteName,
                       interests: pick(interests, 3...8), dislikes: pick(dislikes, 1...4),
                       identities: pick(identities, 0...1), storyTags: pick(experiences, 1...3),
                       freePeriods: pick(periods, 4...9), capacity: Int.random(in: 1...3, using: &random),
                       safeguardingHold: Int.random(in: 0..<200, using: &random) == 0)
            }
            for index in 0..<500 {
                let id = "s\(site)-mentee-\(index)"
                var ranked: [String] = []
                if Int.random(in: 0..<10, using: &random) < 3 {
                    for _ in 0..<3 {
                        let choice = any(siteMentors).id
                        if !ranked.contains(choice) { ranked.append(choice) }
                    }
                }
                mentees.append(Mentee(
                    id: id, firstName: any(names),
                    yearGroup: Int.random(in: 7...9, using: &random), gender: gender(), site: siteName,
                    interests: pick(interests, 3...8), dislikes: pick(dislikes, 1...4),
                    identities: pick(identities, 0...1), challenges: pick(experiences, 1...3),
                    freePeriods: pick(periods, 4...9),
                    wantsSameGenderMentor: Int.random(in: 0..<5, using: &random) == 0, rankedMentorIDs: ranked,
                    safeguardingHold: Int.random(in: 0..<300, using: &random) == 0))
                if Int.random(in: 0..<50, using: &random) == 0 {
                    doNotPair.insert(PairID(menteeID: id, mentorID: any(siteMentors).id))
                }
                if Int.random(in: 0..<100, using: &random) == 0 {
                    restricted.insert(PairID(menteeID: id, mentorID: any(siteMentors).id))
                }
            }
            mentors += siteMentors
        }
        return (Cohort(mentees: mentees, mentors: mentors),
                Rules(doNotPair: doNotPair, safeguardingRestrictedPairs: restricted))
    }

    /// Builds the cohort (untimed), then times compiling, scoring, solving and explaining: best of `repeats`.
    public func run(repeats: Int) throws(EngineError) -> (BenchmarkResult, Proposal) {
        let (cohort, rules) = Self.cohort(sites: self == .school ? 1 : 100)
        var best = Double.infinity
        var proposal: Proposal?
        for _ in 0..<max(repeats, 1) {
            let (seconds, result) = try timed { () throws(EngineError) -> Proposal in
                try MatchingEngine.propose(cohort: cohort, rules: rules)
            }
            best = min(best, seconds)
            proposal = result
        }
        guard let proposal else { preconditionFailure("at least one run") }
        return (BenchmarkResult(file: "scenario:\(rawValue)", seconds: best, objective: Int64(proposal.totalScore)),
                proposal)
    }
}
