import Foundation

/// Kaplan–Meier survival estimate of match length: the share of matches still running `n` days after they started,
/// counting matches that are still running today (censored) for as long as they have been observed and no longer.
/// A naive "share of matches that lasted n days" would treat a match begun last week as one that ended, and make a
/// new programme look as though every match fails early.
///
/// Ties follow the usual convention: matches that ended on a day and matches censored on the same day were all at
/// risk on that day (ends are counted before censorings). Negative lengths are clamped to day 0.
struct KaplanMeier: Equatable, Sendable {
    /// One match: how many days it ran, and whether it ended (`false`: still running, observed for `days` so far).
    struct Subject: Equatable, Sendable {
        let days: Int
        let ended: Bool
    }

    /// One drop of the curve. `atRisk`: matches still running at the start of `day`; `ended`/`censored`: matches
    /// that ended / were last observed on `day`; `lower...upper`: 95% interval for `survival`.
    struct Step: Equatable, Sendable {
        let day: Int
        let atRisk: Int
        let ended: Int
        let censored: Int
        let survival: Double
        let lower: Double
        let upper: Double
    }

    /// One step per distinct day on which at least one match ended, in day order. The interval uses Greenwood's
    /// variance on the log(−log) scale (stays inside 0...1 and behaves at small numbers, unlike the plain one);
    /// when survival reaches 0 the interval is 0...0.
    let steps: [Step]
    /// Every subject's (clamped) length, ascending: the numbers at risk are read from it.
    private let sortedDays: [Int]

    /// The two-sided 95% normal quantile.
    private static let z = 1.959963984540054

    init(_ subjects: [Subject]) {
        let clamped = subjects.map { Subject(days: max(0, $0.days), ended: $0.ended) }
        var endedOn: [Int: Int] = [:], censoredOn: [Int: Int] = [:]
        for subject in clamped {
            if subject.ended { endedOn[subject.days, default: 0] += 1 } else { censoredOn[subject.days, default: 0] += 1 }
        }
        var atRisk = clamped.count, survival = 1.0, greenwood = 0.0
        var steps: [Step] = []
        for day in Set(clamped.map(\.days)).sorted() {
            let ended = endedOn[day] ?? 0, censored = censoredOn[day] ?? 0
            if ended > 0 {
                let n = Double(atRisk), d = Double(ended)
                survival *= 1 - d / n
                if atRisk > ended { greenwood += d / (n * (n - d)) }  // n == d only when survival hits 0: no interval
                let (lower, upper) = Self.interval(survival: survival, greenwood: greenwood)
                steps.append(Step(day: day, atRisk: atRisk, ended: ended, censored: censored,
                                  survival: survival, lower: lower, upper: upper))
            }
            atRisk -= ended + censored
        }
        self.steps = steps
        self.sortedDays = clamped.map(\.days).sorted()
    }

    /// 95% interval exp(−exp(log(−log S) ± z·se)), se = √Σ d/(n(n−d)) / |log S|; written as S^exp(∓z·se).
    private static func interval(survival: Double, greenwood: Double) -> (Double, Double) {
        guard survival > 0 else { return (0, 0) }
        guard survival < 1 else { return (1, 1) }
        let spread = exp(z * greenwood.squareRoot() / abs(log(survival)))
        let lower = pow(survival, spread), upper = pow(survival, 1 / spread)
        return (min(max(lower, 0), 1), min(max(upper, 0), 1))
    }

    /// Estimated share still running after `atDay` days: 1 before the first step.
    func survival(atDay day: Int) -> Double {
        steps.last { $0.day <= day }?.survival ?? 1
    }

    /// How many matches were still running and observed on `atDay` (their length is at least `atDay`).
    func atRisk(atDay day: Int) -> Int {
        var low = 0, high = sortedDays.count  // first index with sortedDays[index] >= day
        while low < high {
            let middle = (low + high) / 2
            if sortedDays[middle] < day { low = middle + 1 } else { high = middle }
        }
        return sortedDays.count - low
    }

    /// Longest observed length (ended or still running), 0 with no subjects: the curve is not known past it.
    var lastDay: Int { sortedDays.last ?? 0 }

    /// First day on which survival is at most one half; nil while more than half are still running.
    var medianDays: Int? {
        steps.first { $0.survival <= 0.5 + 1e-12 }?.day  // tolerance: 1/2 reached through products like (2/3)·(3/4)
    }
}
