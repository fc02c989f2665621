@testable import Matching

/// A small seeded generator (SplitMix64) so that every random test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The best (most rows matched, then least cost) by dynamic programming over remaining capacities.
func bruteForceOptimum(rows: Int, capacity: [Int], cost: (Int, Int) -> Int64?) -> (matched: Int, cost: Int64) {
    let columns = capacity.count
    var radix = [Int](repeating: 1, count: columns + 1)
    for column in 0..<columns { radix[column + 1] = radix[column] * (capacity[column] + 1) }
    let states = radix[columns]
    var full = 0
    for column in 0..<columns { full += capacity[column] * radix[column] }
    // best[row][state]: optimum for rows row..<rows with `state` capacity left.
    var memo = [(Int, Int64)?](repeating: nil, count: (rows + 1) * states)
    func better(_ a: (Int, Int64), than b: (Int, Int64)) -> Bool { a.0 > b.0 || (a.0 == b.0 && a.1 < b.1) }
    func solve(_ row: Int, _ state: Int) -> (Int, Int64) {
        if row == rows { return (0, 0) }
        if let known = memo[row * states + state] { return known }
        var best = solve(row + 1, state)
        for column in 0..<columns {
            let left = (state / radix[column]) % (capacity[column] + 1)
            guard left > 0, let value = cost(row, column) else { continue }
            let rest = solve(row + 1, state - radix[column])
            let candidate = (rest.0 + 1, rest.1 + value)
            if better(candidate, than: best) { best = candidate }
        }
        memo[row * states + state] = best
        return best
    }
    let answer = solve(0, full)
    return (answer.0, answer.1)
}

/// A random small problem: costs in a narrow range (many ties), some pairs forbidden.
struct RandomProblem {
    let rows: Int
    let columns: Int
    let capacity: [Int32]
    /// nil = forbidden.
    let costs: [[Int32?]]

    init(using generator: inout SplitMix64, maxSide: Int = 8) {
        rows = Int.random(in: 1...maxSide, using: &generator)
        columns = Int.random(in: 1...maxSide, using: &generator)
        capacity = (0..<columns).map { _ in Int32.random(in: 0...3, using: &generator) }
        let forbidShare = Double.random(in: 0...0.6, using: &generator)
        let spread = Bool.random(using: &generator) ? Int32(5) : Int32(1000)
        let negative = Bool.random(using: &generator)
        var costs: [[Int32?]] = []
        for _ in 0..<rows {
            costs.append((0..<columns).map { _ in
                if Double.random(in: 0..<1, using: &generator) < forbidShare { return nil }
                let value = Int32.random(in: 0...spread, using: &generator)
                return negative ? value - spread / 2 : value
            })
        }
        self.costs = costs
    }

    var dense: DenseProblem {
        get throws {
            try DenseProblem(rows: rows, columns: columns, capacity: capacity,
                             cost: costs.flatMap { $0.map { $0 ?? DenseProblem.notAllowed } })
        }
    }

    var sparse: SparseProblem {
        get throws {
            var rowStart = [0], column: [Int32] = [], cost: [Int32] = []
            for row in costs {
                for (index, value) in row.enumerated() {
                    if let value { column.append(Int32(index)); cost.append(value) }
                }
                rowStart.append(column.count)
            }
            return try SparseProblem(rows: rows, columns: columns, capacity: capacity,
                                     rowStart: rowStart, column: column, cost: cost)
        }
    }

    var optimum: (matched: Int, cost: Int64) {
        bruteForceOptimum(rows: rows, capacity: capacity.map(Int.init)) { row, column in
            costs[row][column].map(Int64.init)
        }
    }

    /// Checks that an assignment only uses allowed pairs within capacity and reports its own totals.
    func isFeasible(_ assignment: Assignment) -> Bool {
        guard assignment.columnOfRow.count == rows else { return false }
        var load = [Int32](repeating: 0, count: columns)
        var matched = 0
        var total: Int64 = 0
        for (row, column) in assignment.columnOfRow.enumerated() where column >= 0 {
            guard Int(column) < columns, let value = costs[row][Int(column)] else { return false }
            load[Int(column)] += 1
            matched += 1
            total += Int64(value)
        }
        return zip(load, capacity).allSatisfy { $0 <= $1 }
            && matched == assignment.matchedCount && total == assignment.totalCost
    }
}
