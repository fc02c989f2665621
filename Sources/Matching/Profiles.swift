/// A student's gender as they describe it; used only for a mentee's same-gender request.
public enum Gender: String, Sendable, Codable, Hashable, CaseIterable {
    case female, male, nonBinary, undisclosed
}

/// A younger student who will be mentored.
public struct Mentee: Sendable, Codable, Hashable {
    /// Unique within the cohort (mentees and mentors together).
    public var id: String
    /// First name, as shown on profile cards.
    public var firstName: String
    /// School year group (7, 8, ...).
    public var yearGroup: Int
    /// Gender as the student describes it.
    public var gender: Gender
    /// The school or site; mentors are only proposed from the same site when `Rules.requireSameSite`.
    public var site: String
    /// Things the student likes.
    public var interests: Set<String>
    /// Things the student dislikes.
    public var dislikes: Set<String>
    /// Identity tags the student chose to share (e.g. "young carer").
    public var identities: Set<String>
    /// Current challenges, tagged with the same words as mentors' stories ("moving school", "exams").
    public var challenges: Set<String>
    /// Timetable slot ids when the student is free ("mon-3").
    public var freePeriods: Set<String>
    /// The mentee asked for a mentor of the same gender.
    public var wantsSameGenderMentor: Bool
    /// Up to three mentor ids the mentee ranked, first choice first.
    public var rankedMentorIDs: [String]
    /// A safeguarding restriction: this student may not be matched at all for now.
    public var safeguardingHold: Bool

    /// A mentee profile; tags are free words, compared exactly.
    public init(id: String, firstName: String, yearGroup: Int, gender: Gender = .undisclosed, site: String = "",
                interests: Set<String> = [], dislikes: Set<String> = [], identities: Set<String> = [],
                challenges: Set<String> = [], freePeriods: Set<String> = [], wantsSameGenderMentor: Bool = false,
                rankedMentorIDs: [String] = [], safeguardingHold: Bool = false) {
        self.id = id
        self.firstName = firstName
        self.yearGroup = yearGroup
        self.gender = gender
        self.site = site
        self.interests = interests
        self.dislikes = dislikes
        self.identities = identities
        self.challenges = challenges
        self.freePeriods = freePeriods
        self.wantsSameGenderMentor = wantsSameGenderMentor
        self.rankedMentorIDs = rankedMentorIDs
        self.safeguardingHold = safeguardingHold
    }
}

/// An older, trained student who mentors.
public struct Mentor: Sendable, Codable, Hashable {
    /// Unique within the cohort (mentees and mentors together).
    public var id: String
    /// First name, as shown on profile cards.
    public var firstName: String
    /// School year group (7, 8, ...).
    public var yearGroup: Int
    /// Gender as the student describes it.
    public var gender: Gender
    /// The school or site.
    public var site: String
    /// Things the student likes.
    public var interests: Set<String>
    /// Things the student dislikes.
    public var dislikes: Set<String>
    /// Identity tags the student chose to share.
    public var identities: Set<String>
    /// Tags of the challenges the mentor's stories tell of overcoming.
    public var storyTags: Set<String>
    /// Challenges the mentor says they got through (from their profile), in the same words as mentees' challenges.
    public var overcameChallenges: Set<String>
    /// Timetable slot ids when the student is free.
    public var freePeriods: Set<String>
    /// How many mentees the mentor can take: 0 (paused) to 3.
    public var capacity: Int
    /// A safeguarding restriction: this student may not be matched at all for now.
    public var safeguardingHold: Bool

    /// A mentor profile; tags are free words, compared exactly.
    public init(id: String, firstName: String, yearGroup: Int, gender: Gender = .undisclosed, site: String = "",
                interests: Set<String> = [], dislikes: Set<String> = [], identities: Set<String> = [],
                storyTags: Set<String> = [], overcameChallenges: Set<String> = [], freePeriods: Set<String> = [],
                capacity: Int = 1, safeguardingHold: Bool = false) {
        self.id = id
        self.firstName = firstName
        self.yearGroup = yearGroup
        self.gender = gender
        self.site = site
        self.interests = interests
        self.dislikes = dislikes
        self.identities = identities
        self.storyTags = storyTags
        self.overcameChallenges = overcameChallenges
        self.freePeriods = freePeriods
        self.capacity = capacity
        self.safeguardingHold = safeguardingHold
    }
}

/// The students of one matching round.
public struct Cohort: Sendable, Codable, Hashable {
    /// The mentees to match.
    public var mentees: [Mentee]
    /// The mentors who can take them.
    public var mentors: [Mentor]

    /// A cohort of mentees and mentors.
    public init(mentees: [Mentee], mentors: [Mentor]) {
        self.mentees = mentees
        self.mentors = mentors
    }
}

/// A (mentee, mentor) pair by id: pins, forbids, do-not-pair and safeguarding lists.
public struct PairID: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// The mentee's id.
    public var menteeID: String
    /// The mentor's id.
    public var mentorID: String

    /// A pair by ids.
    public init(menteeID: String, mentorID: String) {
        self.menteeID = menteeID
        self.mentorID = mentorID
    }

    public static func < (lhs: PairID, rhs: PairID) -> Bool {
        (lhs.menteeID, lhs.mentorID) < (rhs.menteeID, rhs.mentorID)
    }

    public var description: String { "\(menteeID)–\(mentorID)" }
}
