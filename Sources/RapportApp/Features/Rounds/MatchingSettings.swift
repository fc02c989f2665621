import Matching

/// How a programme's rounds score a pair and which of the engine's switchable rules they keep; one column of
/// `programmes` each. A weight of 0 means that reason does not count.
struct MatchingSettings: Equatable, Sendable {
    var sharedInterest = 30
    var sharedDislike = 45
    var sharedIdentity = 45
    var storyMeetsChallenge = 40
    var mentorOvercameChallenge = 30
    var sharedFreePeriod = 10
    /// The bonus for a mentee's first choice; the second earns two thirds of it and the third one third.
    var firstChoiceBonus = 60
    var honourSameGenderRequests = true
    var requireSharedFreePeriod = true

    static let defaults = MatchingSettings()
    /// Points a reason may earn per shared thing: enough to rank reasons, never enough for one to drown the rest.
    static let weightChoices = Array(stride(from: 0, through: 100, by: 5))

    /// What the engine scores with; shared free periods count up to three, as research on meeting time suggests.
    var weights: Weights {
        Weights(sharedInterest: sharedInterest, sharedDislike: sharedDislike, sharedIdentity: sharedIdentity,
                storyMeetsChallenge: storyMeetsChallenge, mentorOvercameChallenge: mentorOvercameChallenge,
                sharedFreePeriod: sharedFreePeriod, countedFreePeriods: 3,
                rankBonus: [firstChoiceBonus, firstChoiceBonus * 2 / 3, firstChoiceBonus / 3])
    }

    /// The engine's hard rules with the programme's year gap and switches; pair lists are added by the round.
    func rules(minimumYearGap: Int) -> Rules {
        Rules(minimumYearGap: minimumYearGap, requireSharedFreePeriod: requireSharedFreePeriod,
              honourSameGenderRequests: honourSameGenderRequests)
    }

    struct Weight {
        let name: String
        let label: String
        let keyPath: WritableKeyPath<MatchingSettings, Int>
        /// "per interest both like": what one lot of points is earned for.
        let per: String
    }

    static let weightSettings: [Weight] = [
        Weight(name: "weight_shared_interest", label: "Shared interests", keyPath: \.sharedInterest, per: "per interest both like"),
        Weight(name: "weight_shared_dislike", label: "Shared dislikes", keyPath: \.sharedDislike, per: "per dislike both share"),
        Weight(name: "weight_shared_identity", label: "Shared identity", keyPath: \.sharedIdentity,
               per: "per identity tag both chose to add"),
        Weight(name: "weight_story", label: "A mentor's story meets a challenge", keyPath: \.storyMeetsChallenge,
               per: "per challenge of the mentee a mentor's story is about"),
        Weight(name: "weight_overcame", label: "The mentor got through a challenge", keyPath: \.mentorOvercameChallenge,
               per: "per challenge of the mentee the mentor says they got through"),
        Weight(name: "weight_free_period", label: "Shared free periods", keyPath: \.sharedFreePeriod,
               per: "per shared free period, up to 3"),
        Weight(name: "weight_first_choice", label: "The mentee's own choice", keyPath: \.firstChoiceBonus,
               per: "for a first choice (two thirds for a second, one third for a third)"),
    ]

    struct Switch {
        let name: String
        let label: String
        let keyPath: WritableKeyPath<MatchingSettings, Bool>
        let onText: String
        let offText: String
    }

    static let switches: [Switch] = [
        Switch(name: "honour_same_gender", label: "A mentee who asks for a mentor of the same gender gets one",
               keyPath: \.honourSameGenderRequests, onText: "A mentee who asked for a mentor of the same gender gets one.",
               offText: "A mentee's request for a mentor of the same gender is not applied."),
        Switch(name: "require_free_period", label: "A pair must share at least one free period",
               keyPath: \.requireSharedFreePeriod, onText: "A pair shares at least one free period.",
               offText: "A pair need not share a free period."),
    ]

    /// "shared interests 30 → 40", one per setting that differs, for the audit log.
    func changes(since before: MatchingSettings) -> [String] {
        Self.weightSettings.filter { before[keyPath: $0.keyPath] != self[keyPath: $0.keyPath] }
            .map { "\($0.label.lowercased()) \(before[keyPath: $0.keyPath]) → \(self[keyPath: $0.keyPath])" }
            + Self.switches.filter { before[keyPath: $0.keyPath] != self[keyPath: $0.keyPath] }
            .map { "\($0.name.replacingOccurrences(of: "_", with: " ")) \(before[keyPath: $0.keyPath]) → \(self[keyPath: $0.keyPath])" }
    }
}
