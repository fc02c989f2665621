/// A programme's scoring weights, in points. Shared dislikes and identity weigh more than shared likes by
/// default: in Raposa et al. (2019) they predicted longer-lasting matches.
public struct Weights: Sendable, Codable, Hashable {
    /// Per interest both share.
    public var sharedInterest: Int
    /// Per dislike both share.
    public var sharedDislike: Int
    /// Per identity tag both share.
    public var sharedIdentity: Int
    /// Per mentee challenge that one of the mentor's stories overcame.
    public var storyMeetsChallenge: Int
    /// Per mentee challenge the mentor says they got through, when no story of theirs already counts it.
    public var mentorOvercameChallenge: Int
    /// Per shared free period, counting at most `countedFreePeriods`.
    public var sharedFreePeriod: Int
    /// At most this many shared free periods earn points.
    public var countedFreePeriods: Int
    /// Bonus when the mentee ranked the mentor: first, second and third choice.
    public var rankBonus: [Int]

    /// Programme defaults.
    public init(sharedInterest: Int = 30, sharedDislike: Int = 45, sharedIdentity: Int = 45,
                storyMeetsChallenge: Int = 40, mentorOvercameChallenge: Int = 30, sharedFreePeriod: Int = 10,
                countedFreePeriods: Int = 3, rankBonus: [Int] = [60, 40, 20]) {
        self.sharedInterest = sharedInterest
        self.sharedDislike = sharedDislike
        self.sharedIdentity = sharedIdentity
        self.storyMeetsChallenge = storyMeetsChallenge
        self.mentorOvercameChallenge = mentorOvercameChallenge
        self.sharedFreePeriod = sharedFreePeriod
        self.countedFreePeriods = countedFreePeriods
        self.rankBonus = rankBonus
    }
}

/// One line of a score's explanation: its points add up, with the other lines, to the score.
public struct Reason: Sendable, Codable, Hashable {
    /// What the reason is about.
    public enum Kind: String, Sendable, Codable, Hashable {
        case sharedInterests, sharedDislikes, sharedIdentities, storyMeetsChallenge, mentorOvercameChallenge, sharedFreePeriods
        case menteeRanked
    }

    /// What the reason is about.
    public let kind: Kind
    /// The points this reason adds to the score.
    public let points: Int
    /// The tags behind it (shared interests, met challenges...), sorted.
    public let tags: [String]
    /// A short human sentence ending with the points, e.g. "both like football and drawing +60".
    public let sentence: String
}

/// A pair's evaluation: its score with reasons, or the rules it breaks.
public enum PairEvaluation: Sendable, Hashable {
    case allowed(score: Int, reasons: [Reason])
    case notAllowed([RuleBreak])
}

/// Up to 256 tags of one vocabulary as bits: intersections and counts for every pair cost a few instructions.
struct TagSet: Hashable {
    var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0

    static let capacity = 256

    mutating func insert(_ index: Int) {
        let bit = UInt64(1) << UInt64(index & 63)
        switch index >> 6 {
        case 0: a |= bit
        case 1: b |= bit
        case 2: c |= bit
        default: d |= bit
        }
    }

    @inline(__always) func intersection(_ other: TagSet) -> TagSet {
        TagSet(a: a & other.a, b: b & other.b, c: c & other.c, d: d & other.d)
    }

    @inline(__always) func subtracting(_ other: TagSet) -> TagSet {
        TagSet(a: a & ~other.a, b: b & ~other.b, c: c & ~other.c, d: d & ~other.d)
    }

    @inline(__always) var count: Int {
        a.nonzeroBitCount + b.nonzeroBitCount + c.nonzeroBitCount + d.nonzeroBitCount
    }

    var members: [Int] {
        var result: [Int] = []
        for (offset, word) in [a, b, c, d].enumerated() {
            var rest = word
            while rest != 0 {
                result.append(offset * 64 + rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        return result
    }
}

/// Interns the words of one kind of tag.
struct Vocabulary {
    let name: String
    private(set) var words: [String] = []
    private var index: [String: Int] = [:]

    init(name: String) { self.name = name }

    mutating func tagSet(_ tags: Set<String>) throws(EngineError) -> TagSet {
        var set = TagSet()
        for tag in tags {
            if let known = index[tag] {
                set.insert(known)
                continue
            }
            guard words.count < TagSet.capacity else {
                throw EngineError.tooManyTags(kind: name, limit: TagSet.capacity)
            }
            index[tag] = words.count
            set.insert(words.count)
            words.append(tag)
        }
        return set
    }

    func sortedWords(_ set: TagSet) -> [String] { set.members.map { words[$0] }.sorted() }
}

/// A student reduced to bits and numbers for scoring.
struct CompiledStudent {
    var likes: TagSet
    var dislikes: TagSet
    var identities: TagSet
    /// Challenges for a mentee, story tags for a mentor.
    var experiences: TagSet
    /// For a mentor, the challenges they got through; empty for a mentee.
    var overcame: TagSet
    var freePeriods: TagSet
    var yearGroup: Int
    var gender: Gender
    var site: Int32
    var wantsSameGender: Bool
    var hold: Bool
}

/// What a pair has in common and the rules it breaks; score and reasons follow from it and the weights.
struct PairFacts {
    var breaks: RuleBreaks
    var sharedLikes: TagSet
    var sharedDislikes: TagSet
    var sharedIdentities: TagSet
    var metChallenges: TagSet
    /// Mentee challenges the mentor got through, less those a story already meets.
    var overcameChallenges: TagSet
    var sharedFreePeriods: Int
    /// 1, 2 or 3 when the mentee ranked the mentor; 0 otherwise.
    var rank: Int
}

extension Weights {
    @inline(__always) func score(_ facts: PairFacts) -> Int {
        var total = sharedInterest * facts.sharedLikes.count
        total += sharedDislike * facts.sharedDislikes.count
        total += sharedIdentity * facts.sharedIdentities.count
        total += storyMeetsChallenge * facts.metChallenges.count
        total += mentorOvercameChallenge * facts.overcameChallenges.count
        total += sharedFreePeriod * min(facts.sharedFreePeriods, countedFreePeriods)
        if facts.rank > 0, facts.rank <= rankBonus.count { total += rankBonus[facts.rank - 1] }
        return total
    }
}
