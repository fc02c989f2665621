import Matching

/// The engine's sentences as the coordinator reads them: a safeguarding lead's restriction is never named, only
/// that the two can't be proposed together, and pairs are named by the students' names rather than their ids.
enum RoundWords {
    static func rule(_ rule: RuleBreak) -> String {
        rule == .safeguardingRestriction ? "they can't be proposed together" : rule.sentence
    }

    static func rules(_ rules: [RuleBreak]) -> String { rules.map(rule).joined(separator: "; ") }

    static func unmatched(_ reason: UnmatchedReason) -> String {
        switch reason {
        case .noAllowedMentor(let counts) where !counts.isEmpty:
            "no allowed mentor at all: " + counts.map { "\(rule($0.rule)) (\($0.mentors))" }.joined(separator: "; ")
        default: reason.sentence
        }
    }

    static func error(_ error: EngineError, name: (String) -> String) -> String {
        switch error {
        case .pinBreaksRules(let pair, let rules): "the pin of \(name(pair.menteeID)) with \(name(pair.mentorID)) breaks a rule: \(self.rules(rules))"
        case .pinToFullMentor(let pair, _): "the pin of \(name(pair.menteeID)) with \(name(pair.mentorID)) is to a mentor with no room left"
        case .twoPinsForMentee(let mentee): "\(name(mentee)) is pinned to two mentors"
        default: error.message
        }
    }
}
