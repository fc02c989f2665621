/// The programme's hard rules: a pair that breaks one is never proposed.
public struct Rules: Sendable, Codable, Hashable {
    /// A mentor must be at least this many year groups above the mentee.
    public var minimumYearGap: Int
    /// The pair needs at least one shared free period to meet.
    public var requireSharedFreePeriod: Bool
    /// A mentee's request for a same-gender mentor is a hard rule.
    public var honourSameGenderRequests: Bool
    /// Mentor and mentee must be at the same site (school).
    public var requireSameSite: Bool
    /// Pairs staff said must not be paired (known conflicts, relatives...).
    public var doNotPair: Set<PairID>
    /// Pairs the safeguarding lead ruled out.
    public var safeguardingRestrictedPairs: Set<PairID>

    /// The defaults: one year gap, a shared free period, same gender where asked, same site.
    public init(minimumYearGap: Int = 1, requireSharedFreePeriod: Bool = true, honourSameGenderRequests: Bool = true,
                requireSameSite: Bool = true, doNotPair: Set<PairID> = [], safeguardingRestrictedPairs: Set<PairID> = []) {
        self.minimumYearGap = minimumYearGap
        self.requireSharedFreePeriod = requireSharedFreePeriod
        self.honourSameGenderRequests = honourSameGenderRequests
        self.requireSameSite = requireSameSite
        self.doNotPair = doNotPair
        self.safeguardingRestrictedPairs = safeguardingRestrictedPairs
    }
}

/// A hard rule a pair breaks.
public enum RuleBreak: Int, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case safeguardingHold
    case safeguardingRestriction
    case doNotPair
    case forbiddenByCoordinator
    case differentSite
    case yearGap
    case sameGenderRequested
    case noSharedFreePeriod

    /// A short sentence a coordinator can read.
    public var sentence: String {
        switch self {
        case .safeguardingHold: "a safeguarding hold is on one of the two students"
        case .safeguardingRestriction: "the safeguarding lead restricted this pair"
        case .doNotPair: "the pair is on a do-not-pair list"
        case .forbiddenByCoordinator: "the coordinator forbade this pair"
        case .differentSite: "they are at different sites"
        case .yearGap: "the mentor is not enough year groups above the mentee"
        case .sameGenderRequested: "the mentee asked for a mentor of the same gender"
        case .noSharedFreePeriod: "they share no free period"
        }
    }

    public static func < (lhs: RuleBreak, rhs: RuleBreak) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A set of broken rules as bits, cheap to compute for every pair.
struct RuleBreaks: OptionSet, Hashable {
    let rawValue: UInt16

    init(rawValue: UInt16) { self.rawValue = rawValue }
    init(_ rule: RuleBreak) { rawValue = 1 << UInt16(rule.rawValue) }

    static let pairListed: RuleBreaks = [
        RuleBreaks(.safeguardingRestriction), RuleBreaks(.doNotPair), RuleBreaks(.forbiddenByCoordinator),
    ]

    /// The broken rules, in a fixed order.
    var rules: [RuleBreak] { RuleBreak.allCases.filter { contains(RuleBreaks($0)) } }
}
