import Testing
@testable import Matching

@Suite("Solvers: exact optimum")
struct SolverTests {
    @Test("dense and sparse equal the brute-force optimum on 3,000 small random instances")
    func randomInstancesMatchBruteForce() throws {
        var generator = SplitMix64(seed: 20_261_125)
        var mismatches: [String] = []
        for index in 0..<3_000 {
            let random = RandomProblem(using: &generator)
            let expected = random.optimum
            let dense = DenseSolver.solve(try random.dense)
            let sparse = SparseSolver.solve(try random.sparse)
            for (name, result) in [("dense", dense), ("sparse", sparse)] {
                if !random.isFeasible(result) {
                    mismatches.append("#\(index) \(name): infeasible \(result.columnOfRow)")
                } else if result.matchedCount != expected.matched || result.totalCost != expected.cost {
                    mismatches.append("#\(index) \(name): \(result.matchedCount) rows cost \(result.totalCost), "
                        + "optimum \(expected.matched) rows cost \(expected.cost)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("dense and sparse agree on larger random instances, with and without a perfect assignment")
    func denseAndSparseAgreeOnLargerInstances() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<60 {
            let random = RandomProblem(using: &generator, maxSide: 40)
            let dense = DenseSolver.solve(try random.dense)
            let sparse = SparseSolver.solve(try random.sparse)
            #expect(random.isFeasible(dense))
            #expect(random.isFeasible(sparse))
            #expect(dense.matchedCount == sparse.matchedCount)
            #expect(dense.totalCost == sparse.totalCost)
        }
    }

    @Test("instances whose capacities add up to the rows, every pair allowed (the phase path), match brute force")
    func fullAssignmentInstancesMatchBruteForce() throws {
        var generator = SplitMix64(seed: 31)
        for _ in 0..<1_500 {
            let rows = Int.random(in: 1...8, using: &generator)
            var capacity: [Int32] = []
            var left = rows
            while left > 0 {
                let next = Int32(min(left, Int.random(in: 0...3, using: &generator)))
                capacity.append(next)
                left -= Int(next)
            }
            let spread = Int32.random(in: 1...30, using: &generator)
            let cost = (0..<rows * capacity.count).map { _ in Int32.random(in: 0...spread, using: &generator) }
            let problem = try DenseProblem(rows: rows, columns: capacity.count, capacity: capacity, cost: cost)
            let expected = bruteForceOptimum(rows: rows, capacity: capacity.map(Int.init)) { row, column in
                Int64(cost[row * capacity.count + column])
            }
            let dense = DenseSolver.solve(problem)
            let sparse = SparseSolver.solve(try SparseProblem(
                rows: rows, columns: capacity.count, capacity: capacity,
                rowStart: (0...rows).map { $0 * capacity.count },
                column: (0..<rows).flatMap { _ in (0..<capacity.count).map(Int32.init) }, cost: cost))
            #expect(dense.matchedCount == rows && dense.totalCost == expected.cost)
            #expect(sparse.matchedCount == rows && sparse.totalCost == expected.cost)
        }
    }

    @Test("dense full-assignment instances of a few hundred rows agree with the sparse solver on all pairs")
    func largerFullAssignmentAgree() throws {
        var generator = SplitMix64(seed: 5)
        // The widest spread makes potentials leave the 32-bit range, which the phases' tight-column scan must
        // survive (it rules columns out on the low 32 bits).
        for (rows, capacity, spread) in [(300, Int32(1), Int32(1_000_000)), (300, 1, 10), (300, 2, 1_000_000),
                                          (300, 3, 40), (299, 2, 100), (300, 1, Int32.max - 1), (300, 2, Int32.max - 1)] {
            let columns = (rows + Int(capacity) - 1) / Int(capacity)
            var capacities = [Int32](repeating: capacity, count: columns)
            capacities[columns - 1] -= Int32(columns * Int(capacity) - rows)
            let cost = (0..<rows * columns).map { _ in Int32.random(in: 1...spread, using: &generator) }
            let dense = DenseSolver.solve(try DenseProblem(rows: rows, columns: columns, capacity: capacities, cost: cost))
            let sparse = SparseSolver.solve(try SparseProblem(
                rows: rows, columns: columns, capacity: capacities, rowStart: (0...rows).map { $0 * columns },
                column: (0..<rows).flatMap { _ in (0..<columns).map(Int32.init) }, cost: cost))
            #expect(dense.matchedCount == rows && sparse.matchedCount == rows)
            #expect(dense.totalCost == sparse.totalCost)
        }
    }

    @Test("sparse full-assignment instances (auction start, phases) agree with the dense solver")
    func perfectModeAgreesWithDense() throws {
        var generator = SplitMix64(seed: 11)
        for capacity in [Int32(1), 2, 3] {
            for _ in 0..<4 {
                let rows = 240, columns = rows / Int(capacity)
                var cost = [Int32](repeating: DenseProblem.notAllowed, count: rows * columns)
                var rowStart = [0], column: [Int32] = [], sparseCost: [Int32] = []
                for row in 0..<rows {
                    // Its own column keeps a full assignment possible; the others are random, few cost levels.
                    var candidates = Set([row / Int(capacity)])
                    while candidates.count < 12 { candidates.insert(Int.random(in: 0..<columns, using: &generator)) }
                    for candidate in candidates.sorted() {
                        let value = Int32.random(in: 0...(Bool.random(using: &generator) ? 20 : 100_000),
                                                 using: &generator)
                        cost[row * columns + candidate] = value
                        column.append(Int32(candidate))
                        sparseCost.append(value)
                    }
                    rowStart.append(column.count)
                }
                let capacities = [Int32](repeating: capacity, count: columns)
                let dense = DenseSolver.solve(try DenseProblem(rows: rows, columns: columns, capacity: capacities, cost: cost))
                let sparse = SparseSolver.solve(try SparseProblem(
                    rows: rows, columns: columns, capacity: capacities, rowStart: rowStart, column: column, cost: sparseCost))
                #expect(sparse.matchedCount == rows)
                #expect(dense.matchedCount == rows)
                #expect(dense.totalCost == sparse.totalCost)
            }
        }
    }

    @Test("same input gives the same assignment")
    func deterministic() throws {
        var generator = SplitMix64(seed: 99)
        for _ in 0..<50 {
            let random = RandomProblem(using: &generator, maxSide: 30)
            let dense = try random.dense, sparse = try random.sparse
            #expect(DenseSolver.solve(dense) == DenseSolver.solve(dense))
            #expect(SparseSolver.solve(sparse) == SparseSolver.solve(sparse))
        }
    }

    @Test("matching one more row beats any saving in cost")
    func cardinalityComesFirst() throws {
        // Row 0 can only take column 0; row 1 prefers column 0 by far but can take column 1.
        let problem = try DenseProblem(rows: 2, columns: 2, capacity: [1, 1],
                                       cost: [1_000_000, DenseProblem.notAllowed, 0, 999_999])
        let result = DenseSolver.solve(problem)
        #expect(result.columnOfRow == [0, 1])
        #expect(result.totalCost == 1_999_999)
    }

    @Test("a row left out when it must be is the one that costs least to leave out")
    func leavesOutTheRightRow() throws {
        // One column, two rows: the cheaper row gets it whatever the order.
        for costs in [[Int32(10), 1], [1, 10]] {
            let problem = try DenseProblem(rows: 2, columns: 1, capacity: [1], cost: costs)
            let result = DenseSolver.solve(problem)
            #expect(result.matchedCount == 1)
            #expect(result.totalCost == 1)
        }
    }

    @Test("empty problems and zero capacities")
    func emptyProblems() throws {
        let noRows = try DenseProblem(rows: 0, columns: 3, capacity: [1, 1, 1], cost: [])
        #expect(DenseSolver.solve(noRows) == Assignment(columnOfRow: [], matchedCount: 0, totalCost: 0))
        let noColumns = try SparseProblem(rows: 2, columns: 0, capacity: [], rowStart: [0, 0, 0], column: [], cost: [])
        #expect(SparseSolver.solve(noColumns).columnOfRow == [-1, -1])
        let closed = try DenseProblem(rows: 2, columns: 2, capacity: [0, 0], cost: [1, 2, 3, 4])
        #expect(DenseSolver.solve(closed).matchedCount == 0)
    }

    @Test("problems reject negative capacity, wrong sizes and pairs listed twice")
    func badProblems() {
        #expect(throws: ProblemError("column 1 has a negative capacity (-1)")) {
            try DenseProblem(rows: 1, columns: 2, capacity: [1, -1], cost: [1, 2])
        }
        #expect(throws: ProblemError.self) { try DenseProblem(rows: 2, columns: 2, capacity: [1, 1], cost: [1, 2, 3]) }
        #expect(throws: ProblemError("row 0 lists column 1 twice")) {
            try SparseProblem(rows: 1, columns: 2, capacity: [1, 1], rowStart: [0, 2], column: [1, 1], cost: [1, 2])
        }
        #expect(throws: ProblemError.self) {
            try SparseProblem(rows: 1, columns: 2, capacity: [1, 1], rowStart: [0, 1], column: [5], cost: [1])
        }
    }
}

@Suite("Dense solver: tight-column scan")
struct TightColumnScanTests {
    @Test("the sixteen-at-a-time scan finds exactly the columns a plain scan finds, past 32-bit potentials")
    func scanAgreesWithAPlainScan() {
        var generator = SplitMix64(seed: 23)
        for columns in [1, 15, 16, 17, 37, 64, 100] {
            for _ in 0..<50 {
                let rowPotential = Int64.random(in: -(1 << 40)...(1 << 40), using: &generator)
                var costs = (0..<columns).map { _ in Int32.random(in: -1_000_000...1_000_000, using: &generator) }
                var states = (0..<columns).map { _ in
                    ColumnState(potential: Int64.random(in: -(1 << 40)...(1 << 40), using: &generator), distance: 0)
                }
                var tried = [Bool](repeating: false, count: columns)
                for column in 0..<columns {
                    switch Int.random(in: 0..<6, using: &generator) {
                    case 0:  // tight
                        states[column].potential = Int64(costs[column]) - rowPotential
                    case 1:  // tight but already tried
                        states[column].potential = Int64(costs[column]) - rowPotential
                        tried[column] = true
                    case 2:  // the same low 32 bits, but not tight
                        states[column].potential = Int64(costs[column]) - rowPotential + (Int64(1) << 32)
                    default:
                        costs[column] = Int32.random(in: -1_000_000...1_000_000, using: &generator)
                    }
                }
                let lowBits = states.map { Int32(truncatingIfNeeded: $0.potential) }
                let expected = (0...columns).map { start in
                    (start..<columns).first { !tried[$0] && Int64(costs[$0]) - states[$0].potential == rowPotential } ?? columns
                }
                let found = (0...columns).map { start in
                    TightColumnScan.next(in: costs, states: states, lowBits: lowBits, tried: tried, columns: columns,
                                         rowPotential: rowPotential, from: start)
                }
                #expect(found == expected, "\(columns) columns")
            }
        }
    }
}
