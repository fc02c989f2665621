import Crypto
import Fluent
import Foundation
import Matching

/// Everything a matching round reads from the database, turned into the engine's cohort.
struct RoundInputs {
    let programme: Programme
    let mentees: [Person]
    /// Mentors who finished training, with the places they have left.
    let mentors: [Person]
    let untrainedMentors: [Person]
    /// How many of the school's students the safeguarding lead has put on hold (the round names the rule, not who).
    let studentsOnHold: Int
    /// Students who ended a match within `RematchPause.days` and wait before being matched again, with the day.
    let waitingAfterClosure: [(person: Person, until: Date)]
    let cohort: Cohort
    let rules: Rules
    let weights: Weights
    /// Students who keep their identity tags private: a reason naming them is reworded (`sentences(of:)`).
    let privateIdentities: Set<String>
    /// A digest of the students' data the round depends on; changes when a profile, training, story or ranking changes.
    let fingerprint: String

    var peopleByID: [String: Person] {
        Dictionary(uniqueKeysWithValues: (mentees + mentors + untrainedMentors).map { ($0.id!.uuidString.lowercased(), $0) })
    }

    static func load(programme: Programme, now: Date, on database: any Database) async throws -> RoundInputs {
        let schoolID = programme.$school.id
        let students = try await Person.query(on: database).filter(\.$school.$id == schoolID)
            .filter(\.$role ~~ [.mentor, .mentee]).filter(\.$isActive == true).sort(\.$familyName).sort(\.$givenName).all()
        let ids = students.compactMap(\.id)
        let profiles = Dictionary(uniqueKeysWithValues: try await MentoringProfile.query(on: database).filter(\.$person.$id ~~ ids).all()
            .map { ($0.$person.id, $0) })
        let training = try await TrainingStatus.of(students.filter { $0.role == .mentor }.compactMap(\.id), on: database)
        let stories = try await MentorStory.query(on: database).filter(\.$school.$id == schoolID).sort(\.$createdAt).all()
        let rankings = programme.menteeChoice
            ? try await MenteeRanking.query(on: database).filter(\.$programme.$id == programme.requireID()).sort(\.$rank).all() : []
        let onHold = try await SafeguardingHold.heldStudents(of: schoolID, on: database)
        let restrictions = try await PairingRestriction.rules(of: schoolID, on: database)
        let held = try await MentoringMatch.query(on: database).filter(\.$school.$id == schoolID)
            .filter(\.$state ~~ MatchState.holdingAPlace).all()

        let pausing = try await RematchPause.waiting(school: schoolID, now: now, on: database)
        let matchedMentees = Set(held.filter { $0.$programme.id == programme.id }.map { $0.$mentee.id }).union(pausing.keys)
        let placesTaken = Dictionary(grouping: held, by: { $0.$mentor.id }).mapValues(\.count)
        let mentees = students.filter { $0.role == .mentee && !matchedMentees.contains($0.id!) }
        let allMentors = students.filter { $0.role == .mentor }
        let mentors = allMentors.filter { training[$0.id!]?.isFinished == true && pausing[$0.id!] == nil }
        let visibleStories = stories.filter { $0.hiddenAt == nil }
        let storyTags = Dictionary(grouping: visibleStories, by: { $0.$mentor.id }).mapValues { Set($0.flatMap(\.tags)) }
        let ranked = Dictionary(grouping: rankings, by: { $0.$mentee.id })

        func labels(_ ids: [String], _ list: [Vocabulary.Tag]) -> Set<String> {
            Set(ids.map { Vocabulary.label(of: $0, in: list).lowercased() })
        }
        let cohort = Cohort(
            mentees: mentees.map { person in
                let profile = profiles[person.id!]
                return Mentee(
                    id: key(person), firstName: person.givenName, yearGroup: person.yearGroup ?? 0, gender: engineGender(person.gender),
                    interests: labels(profile?.interests ?? [], Vocabulary.interests),
                    dislikes: labels(profile?.dislikes ?? [], Vocabulary.dislikes),
                    identities: labels(profile?.identities ?? [], Vocabulary.identities),
                    challenges: labels(profile?.currentChallenges ?? [], Vocabulary.challenges),
                    freePeriods: Set(profile?.freePeriods ?? []),
                    wantsSameGenderMentor: profile?.wantsSameGenderMentor ?? false,
                    rankedMentorIDs: (ranked[person.id!] ?? []).map { $0.$mentor.id.uuidString.lowercased() }
                        .filter { id in mentors.contains { key($0) == id } },
                    safeguardingHold: onHold.contains(person.id!))
            },
            mentors: mentors.map { person in
                let profile = profiles[person.id!]
                return Mentor(
                    id: key(person), firstName: person.givenName, yearGroup: person.yearGroup ?? 0, gender: engineGender(person.gender),
                    interests: labels(profile?.interests ?? [], Vocabulary.interests),
                    dislikes: labels(profile?.dislikes ?? [], Vocabulary.dislikes),
                    identities: labels(profile?.identities ?? [], Vocabulary.identities),
                    storyTags: labels(Array(storyTags[person.id!] ?? []), Vocabulary.challenges),
                    overcameChallenges: labels(profile?.overcomeChallenges ?? [], Vocabulary.challenges),
                    freePeriods: Set(profile?.freePeriods ?? []),
                    capacity: max(0, (person.capacity ?? 1) - (placesTaken[person.id!] ?? 0)),
                    safeguardingHold: onHold.contains(person.id!))
            })

        // Pair lists name students in either order; the engine takes the pairs of this round's mentees and mentors.
        let inRound = cohort.pairs()
        let settings = programme.matchingSettings
        var rules = settings.rules(minimumYearGap: programme.minimumYearGap)
        rules.doNotPair = restrictions.doNotPair.filter(inRound)
        rules.safeguardingRestrictedPairs = restrictions.safeguarding.filter(inRound)

        // The digest covers what students and the coordinator changed, not the round's own approvals.
        var digestInput: [String] = [programme.id!.uuidString, String(programme.minimumYearGap), String(programme.menteeChoice),
                                     String(describing: settings)]
        for person in students {
            let profile = profiles[person.id!]
            digestInput.append([key(person), person.role.rawValue, String(person.yearGroup ?? 0), person.gender?.rawValue ?? "",
                                String(person.capacity ?? 0), String(training[person.id!]?.isFinished ?? false),
                                String(profile?.updatedAt?.timeIntervalSince1970 ?? 0),
                                (profile.map { [$0.interests, $0.dislikes, $0.currentChallenges, $0.freePeriods].map { $0.joined(separator: ",") } } ?? [])
                                    .joined(separator: ";") + String(profile?.wantsSameGenderMentor ?? false),
                                (profile?.identities ?? []).joined(separator: ","), String(profile?.identitiesVisible ?? false)].joined(separator: "|"))
        }
        digestInput += visibleStories.map { "story \($0.id!.uuidString) \($0.tags.joined(separator: ","))" }
        digestInput += onHold.map { "hold \($0.uuidString)" }.sorted()
        digestInput += pausing.keys.map { "pausing \($0.uuidString)" }.sorted()
        digestInput += (rules.doNotPair.map { "do not pair \($0)" } + rules.safeguardingRestrictedPairs.map { "restricted \($0)" }).sorted()
        digestInput += rankings.map { "rank \($0.$mentee.id.uuidString) \($0.$mentor.id.uuidString) \($0.rank)" }
        let fingerprint = SHA256.hash(data: Data(digestInput.joined(separator: "\n").utf8)).hexString

        return RoundInputs(
            programme: programme, mentees: mentees, mentors: mentors,
            untrainedMentors: allMentors.filter { training[$0.id!]?.isFinished != true },
            studentsOnHold: onHold.count,
            waitingAfterClosure: students.compactMap { person in pausing[person.id!].map { (person, $0) } },
            cohort: cohort, rules: rules, weights: settings.weights,
            privateIdentities: Set(students.filter { profiles[$0.id!]?.identitiesVisible != true }.map(key)),
            fingerprint: fingerprint)
    }

    /// The engine for this round's students, rules and the programme's weights.
    func engine() throws(EngineError) -> MatchingEngine {
        try MatchingEngine(cohort: cohort, weights: weights, rules: rules)
    }

    /// A proposed pair's reasons in words for staff; shared identity tags are named only when both students let staff see them.
    func sentences(of pair: ProposedMatch) -> [String] {
        let named = !privateIdentities.contains(pair.menteeID) && !privateIdentities.contains(pair.mentorID)
        return IdentityWords.shown(pair.reasons.map(\.sentence), named: named)
    }

    static func key(_ person: Person) -> String { person.id!.uuidString.lowercased() }

    private static func engineGender(_ gender: Gender?) -> Matching.Gender {
        switch gender {
        case .girl: .female
        case .boy: .male
        case .nonBinary: .nonBinary
        case .unsaid, nil: .undisclosed
        }
    }
}

extension Cohort {
    /// Whether a pair is of this cohort's mentees and mentors: the test pins, forbids and pair lists pass before the
    /// engine, which refuses ids it does not know.
    func pairs() -> (PairID) -> Bool {
        let mentees = Set(mentees.map(\.id)), mentors = Set(mentors.map(\.id))
        return { mentees.contains($0.menteeID) && mentors.contains($0.mentorID) }
    }
}

/// A pair's reasons as staff may read them now: a shared identity is named only while both students let staff see
/// their identity tags, so a student who takes that back is not named on a page drawn after, whenever the round ran.
enum IdentityWords {
    static let prefix = "both identify as "

    static func shown(_ reasons: [String], named: Bool) -> [String] {
        named ? reasons : reasons.map { reason in
            guard reason.hasPrefix(prefix), let points = reason.split(separator: " ").last else { return reason }
            return "both chose an identity tag they share, kept private \(points)"
        }
    }

    /// Whether both students of a match let staff see their identity tags now.
    static func named(mentee: UUID, mentor: UUID, on database: any Database) async throws -> Bool {
        try await MentoringProfile.query(on: database).filter(\.$person.$id ~~ [mentee, mentor]).filter(\.$identitiesVisible == true).count() == 2
    }
}
