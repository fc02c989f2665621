import Foundation

/// The self-rating scales mentees and mentors answer at the start and the end of their match
/// (`Resources/outcomes/scales.txt`), read and checked at start-up.
enum OutcomeScales {
    struct Item: Sendable {
        let text: String
        /// Agreeing with it is a bad sign, so its answer is reversed in the score.
        let isReversed: Bool
    }

    struct Scale: Sendable {
        let id: String
        let title: String
        let items: [Item]
    }

    static let answers = ["Not like me at all", "Not much like me", "A bit like me", "Quite like me", "Very like me"]

    static let loaded: Result<[Scale], ContentFiles.Problem> = Result {
        try parse(try ContentFiles.read("scales.txt", subdirectory: "outcomes"), file: "outcomes/scales.txt")
    }.mapError { $0 as? ContentFiles.Problem ?? ContentFiles.Problem(description: "\($0)") }

    static var scales: [Scale] { (try? loaded.get()) ?? [] }
    /// Every item in order, as the form asks them and answers are stored.
    static var items: [Item] { scales.flatMap(\.items) }

    static func parse(_ text: String, file: String) throws -> [Scale] {
        var scales: [Scale] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || (line.hasPrefix("#") && !line.hasPrefix("## ")) { continue }
            if line.hasPrefix("## ") {
                let parts = line.dropFirst(3).split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, parts[0].range(of: "^[a-z]+$", options: .regularExpression) != nil, !parts[1].isEmpty else {
                    throw ContentFiles.Problem(description: "\(file) line \(number + 1): a scale starts \"## id: Title\".")
                }
                scales.append(Scale(id: parts[0], title: parts[1], items: []))
            } else if line.hasPrefix("+ ") || line.hasPrefix("- "), let last = scales.popLast() {
                scales.append(Scale(id: last.id, title: last.title,
                                    items: last.items + [Item(text: String(line.dropFirst(2)), isReversed: line.hasPrefix("- "))]))
            } else {
                throw ContentFiles.Problem(description: "\(file) line \(number + 1): expected \"## id: Title\", \"+ item\" or \"- item\".")
            }
        }
        guard !scales.isEmpty else { throw ContentFiles.Problem(description: "\(file) has no scales.") }
        for scale in scales where scale.items.count < 3 {
            throw ContentFiles.Problem(description: "\(file): the scale \(scale.id) has \(scale.items.count) items; a scale needs at least three.")
        }
        guard Set(scales.map(\.id)).count == scales.count else { throw ContentFiles.Problem(description: "\(file): two scales share an id.") }
        return scales
    }

    /// Each scale's mean (1–5, reversed items turned round) of one person's answers, by scale id.
    static func scores(_ answers: [Int], scales: [Scale] = scales) -> [String: Double] {
        var scores: [String: Double] = [:]
        var offset = 0
        for scale in scales {
            let mine = answers.dropFirst(offset).prefix(scale.items.count)
            offset += scale.items.count
            guard mine.count == scale.items.count else { continue }
            scores[scale.id] = Double(zip(mine, scale.items).reduce(0) { $0 + ($1.1.isReversed ? 6 - $1.0 : $1.0) }) / Double(scale.items.count)
        }
        return scores
    }
}

/// A paired change (end minus start) with its 95% confidence interval from Student's t.
struct PairedChange: Equatable, Sendable {
    let count: Int
    let mean: Double
    let lower: Double
    let upper: Double

    /// Nil with fewer than two pairs: there is no interval to give.
    init?(_ differences: [Double]) {
        guard differences.count >= 2 else { return nil }
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let margin = Self.t95(degreesOfFreedom: differences.count - 1) * (variance / n).squareRoot()
        (count, self.mean, lower, upper) = (differences.count, mean, mean - margin, mean + margin)
    }

    /// Two-sided 95% critical values of t; between tabulated degrees of freedom the smaller (wider, safer) is used.
    static func t95(degreesOfFreedom df: Int) -> Double {
        let table: [(Int, Double)] = [
            (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (6, 2.447), (7, 2.365), (8, 2.306), (9, 2.262),
            (10, 2.228), (11, 2.201), (12, 2.179), (13, 2.160), (14, 2.145), (15, 2.131), (16, 2.120), (17, 2.110), (18, 2.101),
            (19, 2.093), (20, 2.086), (21, 2.080), (22, 2.074), (23, 2.069), (24, 2.064), (25, 2.060), (26, 2.056), (27, 2.052),
            (28, 2.048), (29, 2.045), (30, 2.042), (40, 2.021), (60, 2.000), (120, 1.980),
        ]
        return table.last { $0.0 <= df }.map { df > 120 ? 1.960 : $0.1 } ?? table[0].1
    }
}
