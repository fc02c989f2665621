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
