/// A pair singled out for one mentee: listed on a rule list or ranked by the mentee.
struct SpecialPair {
    var mentor: Int32
    var listed: RuleBreaks
    var rank: Int
}

/// The cohort as bits and indices, built once so that every pair evaluates in a few instructions.
struct CompiledCohort: Sendable {
    let cohort: Cohort
    let weights: Weights
    let rules: Rules
    let mentees: [CompiledStudent]
    let mentors: [CompiledStudent]
    let menteeIndex: [String: Int]
    let mentorIndex: [String: Int]
    /// Per mentee: do-not-pair, safeguarding and ranked mentors.
    let specials: [[SpecialPair]]
    /// Mentor indices by site index, in cohort order.
    let mentorsBySite: [[Int32]]
    private let topics: Vocabulary
    private let identities: Vocabulary
    private let experiences: Vocabulary

    init(cohort: Cohort, weights: Weights, rules: Rules) throws(EngineError) {
        self.cohort = cohort
        self.weights = weights
        self.rules = rules
        var menteeIndex: [String: Int] = [:]
        for (index, mentee) in cohort.mentees.enumerated() {
            guard menteeIndex.updateValue(index, forKey: mentee.id) == nil else {
                throw .duplicateID(mentee.id)
            }
        }
        var mentorIndex: [String: Int] = [:]
        for (index, mentor) in cohort.mentors.enumerated() {
            guard mentorIndex.updateValue(index, forKey: mentor.id) == nil, menteeIndex[mentor.id] == nil else {
                throw .duplicateID(mentor.id)
            }
            guard (0...3).contains(mentor.capacity) else {
                throw .invalidCapacity(mentorID: mentor.id, capacity: mentor.capacity)
            }
        }
        var topics = Vocabulary(name: "interest and dislike")
        var identities = Vocabulary(name: "identity")
        var experiences = Vocabulary(name: "challenge and story")
        var periods = Vocabulary(name: "free period")
        var siteIndex: [String: Int32] = [:]
        func site(_ name: String) -> Int32 {
            if let known = siteIndex[name] { return known }
            let index = Int32(siteIndex.count)
            siteIndex[name] = index
            return index
        }
        var compiledMentees: [CompiledStudent] = []
        compiledMentees.reserveCapacity(cohort.mentees.count)
        for mentee in cohort.mentees {
            compiledMentees.append(CompiledStudent(
                likes: try topics.tagSet(mentee.interests), dislikes: try topics.tagSet(mentee.dislikes),
                identities: try identities.tagSet(mentee.identities),
                experiences: try experiences.tagSet(mentee.challenges), overcame: TagSet(),
                freePeriods: try periods.tagSet(mentee.freePeriods), yearGroup: mentee.yearGroup,
                gender: mentee.gender, site: site(mentee.site), wantsSameGender: mentee.wantsSameGenderMentor,
                hold: mentee.safeguardingHold))
        }
        var compiledMentors: [CompiledStudent] = []
        compiledMentors.reserveCapacity(cohort.mentors.count)
        for mentor in cohort.mentors {
            compiledMentors.append(CompiledStudent(
                likes: try topics.tagSet(mentor.interests), dislikes: try topics.tagSet(mentor.dislikes),
                identities: try identities.tagSet(mentor.identities),
                experiences: try experiences.tagSet(mentor.storyTags),
                overcame: try experiences.tagSet(mentor.overcameChallenges),
                freePeriods: try periods.tagSet(mentor.freePeriods), yearGroup: mentor.yearGroup,
                gender: mentor.gender, site: site(mentor.site), wantsSameGender: false,
                hold: mentor.safeguardingHold))
        }
        var specials = [[SpecialPair]](repeating: [], count: cohort.mentees.count)
        func mark(_ pair: PairID, _ rule: RuleBreak) throws(EngineError) {
            let (mentee, mentor) = try Self.resolve(pair, menteeIndex, mentorIndex)
            if let existing = specials[mentee].firstIndex(where: { $0.mentor == mentor }) {
                specials[mentee][existing].listed.insert(RuleBreaks(rule))
            } else {
                specials[mentee].append(SpecialPair(mentor: mentor, listed: RuleBreaks(rule), rank: 0))
            }
        }
        for pair in rules.doNotPair.sorted() { try mark(pair, .doNotPair) }
        for pair in rules.safeguardingRestrictedPairs.sorted() { try mark(pair, .safeguardingRestriction) }
        for (index, mentee) in cohort.mentees.enumerated() {
            guard mentee.rankedMentorIDs.count <= 3, Set(mentee.rankedMentorIDs).count == mentee.rankedMentorIDs.count
            else { throw .badRanking(menteeID: mentee.id) }
            for (position, mentorID) in mentee.rankedMentorIDs.enumerated() {
                guard let mentor = mentorIndex[mentorID] else { throw .unknownMentor(mentorID) }
                if let existing = specials[index].firstIndex(where: { $0.mentor == Int32(mentor) }) {
                    specials[index][existing].rank = position + 1
                } else {
                    specials[index].append(SpecialPair(mentor: Int32(mentor), listed: [], rank: position + 1))
                }
            }
        }
        var mentorsBySite = [[Int32]](repeating: [], count: siteIndex.count)
        for (index, mentor) in compiledMentors.enumerated() { mentorsBySite[Int(mentor.site)].append(Int32(index)) }
        self.mentees = compiledMentees
        self.mentors = compiledMentors
        self.menteeIndex = menteeIndex
        self.mentorIndex = mentorIndex
        self.specials = specials
        self.mentorsBySite = mentorsBySite
        self.topics = topics
        self.identities = identities
        self.experiences = experiences
    }

    static func resolve(_ pair: PairID, _ menteeIndex: [String: Int], _ mentorIndex: [String: Int])
        throws(EngineError) -> (Int, Int32)
    {
        guard let mentee = menteeIndex[pair.menteeID] else { throw .unknownMentee(pair.menteeID) }
        guard let mentor = mentorIndex[pair.mentorID] else { throw .unknownMentor(pair.mentorID) }
        return (mentee, Int32(mentor))
    }

    func resolve(_ pair: PairID) throws(EngineError) -> (Int, Int32) {
        try Self.resolve(pair, menteeIndex, mentorIndex)
    }

    /// What a pair shares and which rules it breaks; `listed` and `rank` come from the pair lists.
    @inline(__always) func facts(mentee menteeIndex: Int, mentor mentorIndex: Int, listed: RuleBreaks, rank: Int)
        -> PairFacts
    {
        let mentee = mentees[menteeIndex], mentor = mentors[mentorIndex]
        var breaks = listed
        if mentee.hold || mentor.hold { breaks.insert(RuleBreaks(.safeguardingHold)) }
        if rules.requireSameSite, mentee.site != mentor.site { breaks.insert(RuleBreaks(.differentSite)) }
        if mentor.yearGroup - mentee.yearGroup < rules.minimumYearGap { breaks.insert(RuleBreaks(.yearGap)) }
        if rules.honourSameGenderRequests, mentee.wantsSameGender,
            mentee.gender != mentor.gender || mentee.gender == .undisclosed
        {
            breaks.insert(RuleBreaks(.sameGenderRequested))
        }
        let sharedFree = mentee.freePeriods.intersection(mentor.freePeriods).count
        let met = mentee.experiences.intersection(mentor.experiences)
        if rules.requireSharedFreePeriod, sharedFree == 0 { breaks.insert(RuleBreaks(.noSharedFreePeriod)) }
        return PairFacts(
            breaks: breaks, sharedLikes: mentee.likes.intersection(mentor.likes),
            sharedDislikes: mentee.dislikes.intersection(mentor.dislikes),
            sharedIdentities: mentee.identities.intersection(mentor.identities),
            metChallenges: met, overcameChallenges: mentee.experiences.intersection(mentor.overcame).subtracting(met),
            sharedFreePeriods: sharedFree, rank: rank)
    }

    /// The listed rules and rank of one pair, looked up in the mentee's short list.
    func special(mentee: Int, mentor: Int32, forbidden: Bool) -> (RuleBreaks, Int) {
        var listed: RuleBreaks = forbidden ? RuleBreaks(.forbiddenByCoordinator) : []
        var rank = 0
        if let found = specials[mentee].first(where: { $0.mentor == mentor }) {
            listed.formUnion(found.listed)
            rank = found.rank
        }
        return (listed, rank)
    }

    /// The explanation of a score, one reason per kind that adds points.
    func reasons(_ facts: PairFacts) -> [Reason] {
        var reasons: [Reason] = []
        func add(_ kind: Reason.Kind, _ points: Int, _ tags: [String], _ text: String) {
            guard points != 0 else { return }
            reasons.append(Reason(kind: kind, points: points, tags: tags, sentence: "\(text) \(signed(points))"))
        }
        let likes = topics.sortedWords(facts.sharedLikes)
        add(.sharedInterests, weights.sharedInterest * likes.count, likes, "both like \(listing(likes))")
        let dislikes = topics.sortedWords(facts.sharedDislikes)
        add(.sharedDislikes, weights.sharedDislike * dislikes.count, dislikes, "both dislike \(listing(dislikes))")
        let shared = identities.sortedWords(facts.sharedIdentities)
        add(.sharedIdentities, weights.sharedIdentity * shared.count, shared, "both identify as \(listing(shared))")
        let met = experiences.sortedWords(facts.metChallenges)
        add(.storyMeetsChallenge, weights.storyMeetsChallenge * met.count, met,
            met.count == 1 ? "mentor's story on \(met[0]) meets a current challenge"
                : "mentor's stories on \(listing(met)) meet current challenges")
        let overcame = experiences.sortedWords(facts.overcameChallenges)
        add(.mentorOvercameChallenge, weights.mentorOvercameChallenge * overcame.count, overcame,
            "mentor got through \(listing(overcame)) too")
        let counted = min(facts.sharedFreePeriods, weights.countedFreePeriods)
        let periods = facts.sharedFreePeriods == 1 ? "1 shared free period"
            : counted < facts.sharedFreePeriods ? "\(facts.sharedFreePeriods) shared free periods (\(counted) count)"
            : "\(facts.sharedFreePeriods) shared free periods"
        add(.sharedFreePeriods, weights.sharedFreePeriod * counted, [], periods)
        if facts.rank > 0, facts.rank <= weights.rankBonus.count {
            let ordinal = ["1st", "2nd", "3rd"][facts.rank - 1]
            add(.menteeRanked, weights.rankBonus[facts.rank - 1], [], "the mentee ranked this mentor \(ordinal) choice")
        }
        return reasons
    }
}

private func signed(_ points: Int) -> String { points >= 0 ? "+\(points)" : "\(points)" }

/// "a", "a and b", "a, b and c".
func listing(_ words: [String]) -> String {
    guard words.count > 1 else { return words.first ?? "" }
    return words.dropLast().joined(separator: ", ") + " and " + words[words.count - 1]
}
