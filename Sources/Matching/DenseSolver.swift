/// Exact solver for `DenseProblem`: the most rows assigned, then the least total cost.
///
/// Jonker–Volgenant with capacities: each column is one node holding up to `capacity` rows, with one
/// potential. Column reduction and augmenting row reduction start the assignment; then free rows take
/// shortest augmenting paths (dense Dijkstra over columns) that end at a column with room: many at once per
/// multi-source phase while many rows are free (full-assignment instances), then one by one.
public enum DenseSolver {
    /// Solves the problem; the same input always gives the same assignment.
    public static func solve(_ problem: DenseProblem) -> Assignment {
        problem.cost.withUnsafeBufferPointer { costs in
            // No cells: nothing can be assigned (and there is no matrix to point at).
            guard let base = costs.baseAddress, !costs.isEmpty else {
                return Assignment(columnOfRow: Array(repeating: -1, count: problem.rows), matchedCount: 0, totalCost: 0)
            }
            let columnOfRow: [Int32]
            if let perfect = DenseRun(problem, costs: base, perfectMode: true)?.run() {
                columnOfRow = perfect
            } else if let general = DenseRun(problem, costs: base, perfectMode: false)?.run() {
                columnOfRow = general
            } else {
                preconditionFailure("general mode always finishes: the unassigned column takes any row")
            }
            var matched = 0
            var total: Int64 = 0
            for row in 0..<problem.rows where columnOfRow[row] >= 0 {
                matched += 1
                total += Int64(costs[row * problem.columns + Int(columnOfRow[row])])
            }
            return Assignment(columnOfRow: columnOfRow, matchedCount: matched, totalCost: total)
        }
    }
}

/// One solving attempt.
///
/// Perfect mode applies when the capacities add up to exactly the rows and every pair is allowed: then every
/// column ends full and any dual-feasible start (column reduction included) gives the optimum. It gives up
/// (nil) if a row finds no augmenting path. General mode adds an "unassigned" column (index `columns`) with
/// room for every row and a cost above any total, and keeps every column with room at potential 0 and full
/// columns at or below it, which is what makes stopping at the nearest column with room exact.
private final class DenseRun: TightPathRounds {
    let rows: Int
    let columns: Int
    let costs: UnsafePointer<Int32>
    let perfectMode: Bool
    /// Phases stop once at most max(rows / tailDivisor, tailMinimum) rows are free; single searches finish.
    let tailDivisor = 100
    let tailMinimum = 8
    let unassigned: Int
    let unassignedRowCost: Int64
    let assignment: ColumnRows
    /// Per column (index `columns` is the unassigned column): potential and Dijkstra distance side by side,
    /// so the hot loop's gather touches one cache line per column.
    let state: UnsafeMutablePointer<ColumnState>
    let predecessor: UnsafeMutablePointer<Int32>
    /// Columns in Dijkstra order: [0, low) scanned, [low, up) at the current distance, [up, columns) beyond.
    let order: UnsafeMutablePointer<Int32>
    let freeRows: UnsafeMutablePointer<Int32>
    var freeCount = 0
    /// Per assigned row, a lower bound of its next best reduced cost minus its current one (0 when unknown).
    let margin: UnsafeMutablePointer<Int64>
    /// Perfect mode phases: free rows' potentials; the low 32 bits of each column's potential in one
    /// contiguous array, so that a search rules out sixteen columns at a time; the columns this round's
    /// searches tried; and the depth-first search stack (row, next column to try, column it was reached
    /// through, column it leaves by).
    let freeRowPotential: UnsafeMutablePointer<Int64>
    let potentialLowBits: UnsafeMutablePointer<Int32>
    let visited: UnsafeMutablePointer<Bool>
    let visitedList: UnsafeMutablePointer<Int32>
    var visitedCount = 0
    let frameRow: UnsafeMutablePointer<Int32>
    let frameCursor: UnsafeMutablePointer<Int>
    let frameVia: UnsafeMutablePointer<Int32>
    let frameColumn: UnsafeMutablePointer<Int32>
    /// Row reduction: per row, the `shortlistSize` columns it found cheapest when it last scanned its costs,
    /// in column order (-1 padded), and a bound that no other column's reduced cost is below (`Int64.min`:
    /// no list yet; `unreachable`: the list holds every allowed column); and scratch space to build one.
    let shortlistSize = 8
    let shortlist: UnsafeMutablePointer<Int32>
    let shortlistBound: UnsafeMutablePointer<Int64>
    let shortlistValues: UnsafeMutablePointer<Int64>
    let shortlistColumns: UnsafeMutablePointer<Int32>

    init?(_ problem: DenseProblem, costs: UnsafePointer<Int32>, perfectMode: Bool) {
        rows = problem.rows
        columns = problem.columns
        self.costs = costs
        self.perfectMode = perfectMode
        unassigned = columns
        if perfectMode {
            let room = problem.capacity.reduce(0) { $0 + min(Int($1), problem.rows) }
            guard room == rows, rows > 0 else { return nil }
            unassignedRowCost = unreachable
            assignment = ColumnRows(rowCount: rows, capacities: problem.capacity)
        } else {
            var minimum = Int64.max, maximum = Int64.min
            for cell in 0..<rows * columns where costs[cell] != DenseProblem.notAllowed {
                minimum = min(minimum, Int64(costs[cell]))
                maximum = max(maximum, Int64(costs[cell]))
            }
            unassignedRowCost = minimum == Int64.max
                ? 1 : unassignedCost(rows: rows, minimumCost: minimum, maximumCost: maximum)
            assignment = ColumnRows(rowCount: rows, capacities: problem.capacity + [Int32(clamping: rows)])
        }
        state = .allocate(capacity: columns + 1)
        state.initialize(repeating: ColumnState(potential: 0, distance: unreachable), count: columns + 1)
        predecessor = .allocate(capacity: columns + 1)
        predecessor.initialize(repeating: -1, count: columns + 1)
        order = .allocate(capacity: max(columns, 1))
        order.initialize(repeating: 0, count: columns)
        freeRows = .allocate(capacity: max(rows, 1))
        freeRows.initialize(repeating: 0, count: rows)
        margin = .allocate(capacity: max(rows, 1))
        margin.initialize(repeating: 0, count: rows)
        freeRowPotential = .allocate(capacity: max(rows, 1))
        freeRowPotential.initialize(repeating: 0, count: rows)
        potentialLowBits = .allocate(capacity: max(columns, 1))
        potentialLowBits.initialize(repeating: 0, count: columns)
        visited = .allocate(capacity: max(columns, 1))
        visited.initialize(repeating: false, count: columns)
        visitedList = .allocate(capacity: max(columns, 1))
        frameRow = .allocate(capacity: rows + 1)
        frameCursor = .allocate(capacity: rows + 1)
        frameVia = .allocate(capacity: rows + 1)
        frameColumn = .allocate(capacity: rows + 1)
        shortlist = .allocate(capacity: max(rows * shortlistSize, 1))
        shortlistBound = .allocate(capacity: max(rows, 1))
        shortlistBound.initialize(repeating: Int64.min, count: rows)
        shortlistValues = .allocate(capacity: shortlistSize)
        shortlistColumns = .allocate(capacity: shortlistSize)
    }

    deinit {
        state.deallocate()
        predecessor.deallocate()
        order.deallocate()
        freeRows.deallocate()
        margin.deallocate()
        freeRowPotential.deallocate()
        potentialLowBits.deallocate()
        visited.deallocate()
        visitedList.deallocate()
        frameRow.deallocate()
        frameCursor.deallocate()
        frameVia.deallocate()
        frameColumn.deallocate()
        shortlist.deallocate()
        shortlistBound.deallocate()
        shortlistValues.deallocate()
        shortlistColumns.deallocate()
    }

    /// The column of each row (-1 for none), or nil when perfect mode gives up.
    func run() -> [Int32]? {
        if perfectMode {
            guard reduceColumns() else { return nil }
        } else {
            for row in 0..<rows { freeRows[row] = Int32(row) }
            freeCount = rows
        }
        reduceRowsByAugmenting()
        reduceRowsByAugmenting()
        // Many free rows share one multi-source search per phase; a few are cheaper one at a time, since a
        // single search stops at the nearest column with room.
        if perfectMode { augmentInPhases(untilFree: max(rows / tailDivisor, tailMinimum)) }
        for index in 0..<freeCount {
            guard augment(from: Int(freeRows[index])) else { return nil }
        }
        return (0..<rows).map { row in
            let column = assignment.columnOfRow[row]
            return Int(column) == unassigned ? -1 : column
        }
    }

    /// Column reduction and reduction transfer (perfect mode): each column's potential is its cheapest cost,
    /// and a row that is the cheapest for a column takes it.
    /// Returns false when a pair is not allowed: perfect mode then gives way to general mode.
    private func reduceColumns() -> Bool {
        let columnMinimum = UnsafeMutablePointer<Int32>.allocate(capacity: max(columns, 1))
        let cheapestRow = UnsafeMutablePointer<Int32>.allocate(capacity: max(columns, 1))
        let wins = UnsafeMutablePointer<Int32>.allocate(capacity: max(rows, 1))
        defer { columnMinimum.deallocate(); cheapestRow.deallocate(); wins.deallocate() }
        // Each column's cheapest cost and its row (the first on ties), from row 0 on; the rows after it go
        // four columns at a time (SIMD), then the rest. `notAllowed` is the largest cost, so the largest
        // cost seen tells whether any pair is forbidden.
        columnMinimum.initialize(from: costs, count: columns)
        cheapestRow.initialize(repeating: 0, count: columns)
        wins.initialize(repeating: 0, count: rows)
        var largest = Int32.min
        var largestFour = SIMD4<Int32>(repeating: .min)
        for column in 0..<columns { largest = max(largest, costs[column]) }
        for row in 1..<max(rows, 1) {
            let rowCosts = costs + row * columns
            let tag = Int32(row)
            let tags = SIMD4<Int32>(repeating: tag)
            var column = 0
            while column + 4 <= columns {
                let value = UnsafeRawPointer(rowCosts + column).loadUnaligned(as: SIMD4<Int32>.self)
                let minimum = UnsafeRawPointer(columnMinimum + column).loadUnaligned(as: SIMD4<Int32>.self)
                let holder = UnsafeRawPointer(cheapestRow + column).loadUnaligned(as: SIMD4<Int32>.self)
                let cheaper = value .< minimum
                largestFour = pointwiseMax(largestFour, value)
                UnsafeMutableRawPointer(columnMinimum + column)
                    .storeBytes(of: minimum.replacing(with: value, where: cheaper), as: SIMD4<Int32>.self)
                UnsafeMutableRawPointer(cheapestRow + column)
                    .storeBytes(of: holder.replacing(with: tags, where: cheaper), as: SIMD4<Int32>.self)
                column += 4
            }
            while column < columns {
                let value = rowCosts[column]
                largest = max(largest, value)
                if value < columnMinimum[column] {
                    columnMinimum[column] = value
                    cheapestRow[column] = tag
                }
                column += 1
            }
        }
        largest = max(largest, largestFour.max())
        guard largest != DenseProblem.notAllowed else { return false }
        for column in stride(from: columns - 1, through: 0, by: -1) 
            where cheapestRow[column] >= 0 && assignment.capacity[column] > 0
        {
            state[column].potential = Int64(columnMinimum[column])
            let row = Int(cheapestRow[column])
            wins[row] += 1
            if wins[row] == 1 {
                assignment.assign(row, to: column)
            } else if state[column].potential < state[Int(assignment.columnOfRow[row])].potential {
                assignment.assign(row, to: column)
            }
        }
        freeCount = 0
        for row in 0..<rows {
            if wins[row] == 0 {
                freeRows[freeCount] = Int32(row)
                freeCount += 1
            } else if wins[row] == 1 {
                // The row is its column's only row: lower the column until the row's next best ties.
                let own = Int(assignment.columnOfRow[row])
                let rowCosts = costs + row * columns
                var best = unreachable
                for column in 0..<own { best = min(best, Int64(rowCosts[column]) &- state[column].potential) }
                for column in own + 1..<columns {
                    best = min(best, Int64(rowCosts[column]) &- state[column].potential)
                }
                if best != unreachable { state[own].potential -= best }
            }
        }
        return true
    }

    /// One pass of augmenting row reduction: a free row takes its cheapest column, pushing out that column's
    /// row when the column has capacity 1, and the column's potential drops so that the row's assignment stays
    /// its cheapest. Rows it cannot place stay free for the shortest-path phase.
    private func reduceRowsByAugmenting() {
        let pending = freeCount
        freeCount = 0
        var next = 0
        // Rows competing for too few columns would push potentials down forever; past this many steps the
        // rest is left to the shortest-path phase (any dual-feasible state is a valid start for it).
        var stepsLeft = 16 * pending + 64
        while next < pending {
            stepsLeft -= 1
            if stepsLeft < 0 {
                for index in next..<pending {
                    freeRows[freeCount] = freeRows[index]; freeCount += 1
                }
                break
            }
            let row = Int(freeRows[next])
            next += 1
            var (best, bestColumn, second, secondColumn) = cheapestTwo(of: row)
            if !perfectMode {
                // The unassigned column is a candidate too: a row's implied potential must never exceed
                // the cost of leaving it unassigned.
                let reduced = unassignedRowCost - state[unassigned].potential
                if reduced < second {
                    if reduced >= best {
                        second = reduced; secondColumn = unassigned
                    } else {
                        second = best; secondColumn = bestColumn
                        best = reduced; bestColumn = unassigned
                    }
                }
            }
            guard bestColumn >= 0 else {
                freeRows[freeCount] = Int32(row); freeCount += 1
                continue
            }
            let load = assignment.load, capacity = assignment.capacity
            var target = -1, displaced = -1, lowered = false
            let bidderMargin = second == unreachable ? unreachable : second - best
            var targetMargin: Int64 = 0
            if assignment.hasRoom(bestColumn) {
                target = bestColumn
                targetMargin = bidderMargin
                // Lowering is safe only when no other row is tight on this column, and in general mode
                // only when the column ends full (columns with room must stay at potential 0).
                let emptyBefore = load[bestColumn] == 0
                if best < second, second != unreachable, emptyBefore,
                    perfectMode || capacity[bestColumn] == 1
                {
                    state[bestColumn].potential -= second - best
                    targetMargin = 0
                }
            } else if capacity[bestColumn] == 1, best < second, second != unreachable {
                state[bestColumn].potential -= second - best
                target = bestColumn
                displaced = Int(assignment.firstRow[bestColumn])
                lowered = true
            } else if capacity[bestColumn] > 1, best < second, second != unreachable,
                case let (holder, holderMargin) = weakestHolder(of: bestColumn), holderMargin <= bidderMargin
            {
                // A full column with several rows: the claimant with the smallest margin leaves, and the
                // column drops by that margin, which keeps it the cheapest for every row that stays.
                state[bestColumn].potential -= holderMargin
                var other = Int(assignment.firstRow[bestColumn])
                while other >= 0 {
                    margin[other] -= holderMargin
                    other = Int(assignment.nextRow[other])
                }
                target = bestColumn
                targetMargin = bidderMargin - holderMargin
                displaced = holder
                lowered = holderMargin > 0
            } else if secondColumn >= 0, best == second {
                if assignment.hasRoom(secondColumn) {
                    target = secondColumn
                } else if capacity[secondColumn] == 1 {
                    target = secondColumn
                    displaced = Int(assignment.firstRow[secondColumn])
                }
            }
            guard target >= 0 else {
                freeRows[freeCount] = Int32(row); freeCount += 1
                continue
            }
            if displaced >= 0 { assignment.release(displaced) }
            assignment.assign(row, to: target)
            margin[row] = targetMargin
            if displaced >= 0 {
                if lowered {
                    next -= 1
                    freeRows[next] = Int32(displaced)
                } else {
                    freeRows[freeCount] = Int32(displaced); freeCount += 1
                }
            }
        }
    }

    /// The two cheapest columns of a row by reduced cost (ties to the lower column), as a scan of the row
    /// finds them, but read from the row's shortlist when that decides the answer: potentials only fall
    /// during row reduction, so reduced costs only rise, and the columns left off a shortlist still cost at
    /// least its bound; when the second cheapest listed column is below the bound, the two cheapest listed
    /// columns are the row's two cheapest. Otherwise the row is scanned and its shortlist made anew.
    @inline(__always) private func cheapestTwo(of row: Int) -> (Int64, Int, Int64, Int) {
        let rowCosts = costs + row * columns
        let listed = shortlist + row * shortlistSize
        let bound = shortlistBound[row]
        var best = unreachable, second = unreachable
        var bestColumn = -1, secondColumn = -1
        if bound != Int64.min {
            for index in 0..<shortlistSize {
                let column = Int(listed[index])
                if column < 0 { break }
                let reduced = Int64(rowCosts[column]) &- state[column].potential
                if reduced < second {
                    if reduced >= best {
                        second = reduced; secondColumn = column
                    } else {
                        second = best; secondColumn = bestColumn
                        best = reduced; bestColumn = column
                    }
                }
            }
            if second < bound || bound == unreachable { return (best, bestColumn, second, secondColumn) }
        }
        // Scan: the `shortlistSize` cheapest columns, cheapest first, ties in column order.
        let values = shortlistValues, found = shortlistColumns, size = shortlistSize
        var count = 0
        var cutoff = unreachable
        for column in 0..<columns {
            let raw = rowCosts[column]
            if raw == DenseProblem.notAllowed { continue }
            let reduced = Int64(raw) &- state[column].potential
            if reduced < cutoff {
                var slot = min(count, size - 1)
                while slot > 0 && values[slot - 1] > reduced {
                    values[slot] = values[slot - 1]
                    found[slot] = found[slot - 1]
                    slot -= 1
                }
                values[slot] = reduced
                found[slot] = Int32(column)
                if count < size { count += 1 }
                if count == size { cutoff = values[size - 1] }
            }
        }
        if count > 0 { best = values[0]; bestColumn = Int(found[0]) }
        if count > 1 { second = values[1]; secondColumn = Int(found[1]) }
        // The new shortlist, in column order so that reading it breaks ties as the scan does.
        shortlistBound[row] = count == size ? values[size - 1] : unreachable
        for index in 0..<count {
            let column = found[index]
            var slot = index
            while slot > 0 && listed[slot - 1] > column {
                listed[slot] = listed[slot - 1]
                slot -= 1
            }
            listed[slot] = column
        }
        for index in count..<size { listed[index] = -1 }
        return (best, bestColumn, second, secondColumn)
    }

    /// The row of a column with the smallest known margin (a lower bound of how much cheaper the column is for
    /// it than its next best: potentials only fall, which only widens margins).
    private func weakestHolder(of column: Int) -> (Int, Int64) {
        var weakest = -1, smallest = unreachable
        var row = Int(assignment.firstRow[column])
        while row >= 0 {
            if margin[row] < smallest { smallest = margin[row]; weakest = row }
            row = Int(assignment.nextRow[row])
        }
        return (weakest, smallest)
    }

    /// Perfect mode: augments all free rows in phases, as the sparse solver does. One Dijkstra from every
    /// free row at once runs until it has reached as many columns with room as there are free rows; the
    /// potentials then move so that shortest paths are tight, and depth-first searches augment along tight
    /// paths, round after round while they make progress. Every pair is allowed here, so a column with room
    /// is always reachable.
    private func augmentInPhases(untilFree tail: Int) {
        let state = self.state, order = self.order, costs = self.costs, columns = self.columns
        let load = assignment.load, capacity = assignment.capacity
        let firstRow = assignment.firstRow, nextRow = assignment.nextRow
        while freeCount > tail {
            for column in 0..<columns {
                order[column] = Int32(column)
                state[column].distance = unreachable
            }
            for index in 0..<freeCount {
                let row = Int(freeRows[index])
                let rowCosts = costs + row * columns
                var best = unreachable
                for column in 0..<columns { best = min(best, Int64(rowCosts[column]) &- state[column].potential) }
                freeRowPotential[row] = best
                for column in 0..<columns {
                    let value = Int64(rowCosts[column]) &- state[column].potential &- best
                    if value < state[column].distance { state[column].distance = value }
                }
            }
            var low = 0, up = 0, reached = 0
            var current: Int64 = 0
            search: while true {
                if low == up {
                    if up == columns { break search }
                    (current, up) = gatherNearest(from: up)
                }
                let scanned = Int(order[low])
                low += 1
                if load[scanned] < capacity[scanned] {
                    reached += 1
                    if reached >= freeCount { break search }
                }
                var row = Int(firstRow[scanned])
                while row >= 0 {
                    let rowCosts = costs + row * columns
                    let shift = current &- (Int64(rowCosts[scanned]) &- state[scanned].potential)
                    var index = up
                    while index < columns {
                        let column = Int(order[index])
                        let value = Int64(rowCosts[column]) &- state[column].potential &+ shift
                        if value < state[column].distance {
                            state[column].distance = value
                            if value == current {
                                order[index] = order[up]
                                order[up] = Int32(column)
                                up += 1
                            }
                        }
                        index += 1
                    }
                    row = Int(nextRow[row])
                }
            }
            for index in 0..<low {
                let column = Int(order[index])
                state[column].potential += state[column].distance - current
            }
            for index in 0..<freeCount { freeRowPotential[Int(freeRows[index])] += current }

            let freeBefore = freeCount
            for column in 0..<columns {
                potentialLowBits[column] = Int32(truncatingIfNeeded: state[column].potential)
            }
            augmentAlongTightPathsInRounds()
            if freeCount == freeBefore {
                // No tight path was found: make progress with one shortest path instead.
                _ = augment(from: Int(freeRows[0]))
                freeRows[0] = freeRows[freeCount - 1]
                freeCount -= 1
            }
        }
    }

    /// Depth-first search over tight pairs from a free row to a column with room, skipping columns other
    /// searches of this round tried; augments and returns true when it finds one.
    func augmentAlongTightPath(from start: Int) -> Bool {
        let costs = self.costs, columns = self.columns, state = self.state
        let potentialLowBits = self.potentialLowBits, visited = self.visited
        let load = assignment.load, capacity = assignment.capacity
        let firstRow = assignment.firstRow, nextRow = assignment.nextRow
        frameRow[0] = Int32(start)
        frameCursor[0] = 0
        frameVia[0] = -1
        var depth = 1
        while depth > 0 {
            let top = depth - 1
            let row = Int(frameRow[top])
            let via = Int(frameVia[top])
            let rowCosts = costs + row * columns
            let rowPotential = via < 0
                ? freeRowPotential[row] : Int64(rowCosts[via]) &- state[via].potential
            var descended = false
            var column = frameCursor[top]
            while case let candidate = TightColumnScan.next(
                in: rowCosts, states: state, lowBits: potentialLowBits, tried: visited, columns: columns,
                rowPotential: rowPotential, from: column), candidate < columns
            {
                column = candidate + 1
                visited[candidate] = true
                visitedList[visitedCount] = Int32(candidate)
                visitedCount += 1
                frameCursor[top] = column
                frameColumn[top] = Int32(candidate)
                if load[candidate] < capacity[candidate] {
                    for level in stride(from: top, through: 0, by: -1) {
                        assignment.assign(Int(frameRow[level]), to: Int(frameColumn[level]))
                    }
                    return true
                }
                let next = Int(firstRow[candidate])
                if next < 0 { continue }  // a column with no capacity at all
                frameRow[depth] = Int32(next)
                frameCursor[depth] = 0
                frameVia[depth] = Int32(candidate)
                depth += 1
                descended = true
                break
            }
            if descended { continue }
            // This row leads nowhere: try the next row of the same column, or go back.
            let sibling = via < 0 ? -1 : Int(nextRow[row])
            if sibling >= 0 {
                frameRow[top] = Int32(sibling)
                frameCursor[top] = 0
            } else {
                depth -= 1
            }
        }
        return false
    }

    /// The smallest distance among the columns `order[up...]` still to be reached (`unreachable` when none
    /// is), and `up` past those at that distance, which move to the front of that range. The others keep
    /// their order: it starts sorted, and a scan of a cost row in that order stays close to sequential.
    @inline(__always) private func gatherNearest(from start: Int) -> (Int64, Int) {
        let state = self.state, order = self.order, columns = self.columns
        var current = unreachable
        var first = start, ties = 0
        for index in start..<columns {
            let value = state[Int(order[index])].distance
            if value <= current {
                if value < current { current = value; first = index; ties = 0 }
                ties += 1
            }
        }
        var up = start, index = first
        while ties > 0 {
            let column = order[index]
            if state[Int(column)].distance == current {
                order[index] = order[up]
                order[up] = column
                up += 1
                ties -= 1
            }
            index += 1
        }
        return (current, up)
    }

    /// Shortest augmenting path from a free row to the nearest column with room; false when there is none.
    private func augment(from start: Int) -> Bool {
        let state = self.state, predecessor = self.predecessor
        let order = self.order, costs = self.costs, columns = self.columns
        let load = assignment.load, capacity = assignment.capacity
        let firstRow = assignment.firstRow, nextRow = assignment.nextRow
        let unassigned = self.unassigned
        let startCosts = costs + start * columns
        for column in 0..<columns {
            order[column] = Int32(column)
            let raw = startCosts[column]
            state[column].distance = raw == DenseProblem.notAllowed ? unreachable : Int64(raw) &- state[column].potential
            predecessor[column] = Int32(start)
        }
        let hasUnassigned = !perfectMode
        state[unassigned].distance = hasUnassigned ? unassignedRowCost - state[unassigned].potential : unreachable
        predecessor[unassigned] = Int32(start)

        var low = 0, up = 0
        var current: Int64 = 0
        var end = -1
        search: while true {
            if low == up {
                (current, up) = gatherNearest(from: up)
                if state[unassigned].distance < current {
                    current = state[unassigned].distance; end = unassigned
                    break search
                }
                if current == unreachable { return false }
                for index in low..<up where load[Int(order[index])] < capacity[Int(order[index])] {
                    end = Int(order[index])
                    break search
                }
                if state[unassigned].distance == current { end = unassigned; break search }
            }
            let scanned = Int(order[low])
            low += 1
            var row = Int(firstRow[scanned])
            while row >= 0 {
                let rowCosts = costs + row * columns
                let shift = current &- (Int64(rowCosts[scanned]) &- state[scanned].potential)
                var index = up
                while index < columns {
                    let column = Int(order[index])
                    let raw = rowCosts[column]
                    if raw != DenseProblem.notAllowed {
                        let value = Int64(raw) &- state[column].potential &+ shift
                        if value < state[column].distance {
                            state[column].distance = value
                            predecessor[column] = Int32(row)
                            if value == current {
                                if load[column] < capacity[column] { end = column; break search }
                                order[index] = order[up]
                                order[up] = Int32(column)
                                up += 1
                            }
                        }
                    }
                    index += 1
                }
                if hasUnassigned {
                    let value = unassignedRowCost - state[unassigned].potential + shift
                    if value < state[unassigned].distance {
                        state[unassigned].distance = value
                        predecessor[unassigned] = Int32(row)
                    }
                }
                row = Int(nextRow[row])
            }
        }
        for index in 0..<low {
            let column = Int(order[index])
            state[column].potential += state[column].distance - current
        }
        var column = end
        while true {
            let row = Int(predecessor[column])
            let previous = Int(assignment.columnOfRow[row])
            assignment.assign(row, to: column)
            if row == start { break }
            column = previous
        }
        return true
    }
}

/// Where a tight-path search goes next in a row of the dense matrix.
enum TightColumnScan {
    /// The first column from `start` on that is tight for the row (its cost minus its potential is the row's
    /// potential) and not yet tried; `columns` when none is. Sixteen columns at a time are ruled out on the
    /// low 32 bits alone (`lowBits` holds each potential's), since a tight column's match there too.
    @inline(__always) static func next(
        in rowCosts: UnsafePointer<Int32>, states: UnsafePointer<ColumnState>, lowBits: UnsafePointer<Int32>,
        tried: UnsafePointer<Bool>, columns: Int, rowPotential: Int64, from start: Int
    ) -> Int {
        let target = SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: rowPotential))
        var column = start
        while true {
            while column + 16 <= columns {
                let costs = UnsafeRawPointer(rowCosts + column).loadUnaligned(as: SIMD16<Int32>.self)
                let potentials = UnsafeRawPointer(lowBits + column).loadUnaligned(as: SIMD16<Int32>.self)
                if any(costs &- potentials .== target) { break }
                column += 16
            }
            let end = min(column + 16, columns)
            if column >= end { return columns }
            while column < end {
                if !tried[column], Int64(rowCosts[column]) &- states[column].potential == rowPotential {
                    return column
                }
                column += 1
            }
        }
    }
}

struct ColumnState {
    var potential: Int64
    var distance: Int64
}
