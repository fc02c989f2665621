/// Exact solver for `SparseProblem`: the most rows assigned, then the least total cost.
///
/// Successive shortest paths over mentor (column) nodes with capacities and potentials, Dijkstra on a binary
/// heap over reduced costs. When the capacities add up to the rows, an epsilon-scaling auction gives nearly
/// optimal potentials first and the free rows are augmented in phases (one multi-source Dijkstra, then many
/// tight paths); otherwise column reduction and augmenting row reduction start one path per free row.
/// Memory is O(pairs).
public enum SparseSolver {
    /// Solves the problem; the same input always gives the same assignment.
    public static func solve(_ problem: SparseProblem) -> Assignment {
        problem.rowStart.withUnsafeBufferPointer { rowStart in
            problem.column.withUnsafeBufferPointer { column in
                problem.cost.withUnsafeBufferPointer { cost in
                    // No pairs: nothing can be assigned (and there are no arrays to point at).
                    guard let rowStart = rowStart.baseAddress, let column = column.baseAddress,
                        let cost = cost.baseAddress, problem.pairCount > 0
                    else {
                        return Assignment(columnOfRow: Array(repeating: -1, count: problem.rows),
                                          matchedCount: 0, totalCost: 0)
                    }
                    let graph = SparseGraph(rows: problem.rows, columns: problem.columns,
                                            rowStart: rowStart, column: column, cost: cost)
                    let assigned: ([Int32], [Int64])
                    if let perfect = SparseRun(graph, capacity: problem.capacity, perfectMode: true)?.run() {
                        assigned = perfect
                    } else if let general = SparseRun(graph, capacity: problem.capacity, perfectMode: false)?.run() {
                        assigned = general
                    } else {
                        preconditionFailure("general mode always finishes: the unassigned column takes any row")
                    }
                    var matched = 0
                    var total: Int64 = 0
                    for row in 0..<problem.rows where assigned.0[row] >= 0 {
                        matched += 1
                        total += assigned.1[row]
                    }
                    return Assignment(columnOfRow: assigned.0, matchedCount: matched, totalCost: total)
                }
            }
        }
    }
}

private struct SparseGraph {
    let rows: Int
    let columns: Int
    let rowStart: UnsafePointer<Int>
    let column: UnsafePointer<Int32>
    let cost: UnsafePointer<Int32>
}

/// One solving attempt; perfect and general mode as in the dense solver.
private final class SparseRun: TightPathRounds {
    let graph: SparseGraph
    let perfectMode: Bool
    let unassigned: Int
    let unassignedRowCost: Int64
    let assignment: ColumnRows
    /// The cost of each row's current pair (so its implied row potential is `cost - potential[column]`).
    let assignedCost: UnsafeMutablePointer<Int64>
    let potential: UnsafeMutablePointer<Int64>
    let distance: UnsafeMutablePointer<Int64>
    let predecessor: UnsafeMutablePointer<Int32>
    let predecessorCost: UnsafeMutablePointer<Int64>
    let done: UnsafeMutablePointer<Bool>
    /// Columns whose distance was set in the current search, to reset them afterwards.
    let touched: UnsafeMutablePointer<Int32>
    /// Columns taken off the heap in the current search, whose potentials move afterwards.
    let scanned: UnsafeMutablePointer<Int32>
    let heap: IndexedMinHeap
    let freeRows: UnsafeMutablePointer<Int32>
    var freeCount = 0
    var touchedCount = 0
    /// Potentials of free rows during a phase (assigned rows' potentials are implied by their pair).
    let freeRowPotential: UnsafeMutablePointer<Int64>
    /// Columns already tried by this phase's path searches.
    let visited: UnsafeMutablePointer<Bool>
    let visitedList: UnsafeMutablePointer<Int32>
    var visitedCount = 0
    /// The depth-first search stack: a row, the next pair to try, the column it was reached through, and
    /// the pair it left by.
    let frameRow: UnsafeMutablePointer<Int32>
    let frameCursor: UnsafeMutablePointer<Int>
    let frameVia: UnsafeMutablePointer<Int32>
    let framePair: UnsafeMutablePointer<Int>

    init?(_ graph: SparseGraph, capacity: [Int32], perfectMode: Bool) {
        self.graph = graph
        self.perfectMode = perfectMode
        let rows = graph.rows, columns = graph.columns
        unassigned = columns
        let pairs = graph.rowStart[rows]
        if perfectMode {
            let room = capacity.reduce(0) { $0 + min(Int($1), rows) }
            guard room == rows, rows > 0 else { return nil }
            unassignedRowCost = unreachable
            assignment = ColumnRows(rowCount: rows, capacities: capacity)
        } else {
            var minimum = Int64.max, maximum = Int64.min
            for pair in 0..<pairs {
                minimum = min(minimum, Int64(graph.cost[pair]))
                maximum = max(maximum, Int64(graph.cost[pair]))
            }
            unassignedRowCost = minimum == Int64.max
                ? 1 : unassignedCost(rows: rows, minimumCost: minimum, maximumCost: maximum)
            assignment = ColumnRows(rowCount: rows, capacities: capacity + [Int32(clamping: rows)])
        }
        assignedCost = .allocate(capacity: max(rows, 1))
        assignedCost.initialize(repeating: 0, count: rows)
        potential = .allocate(capacity: columns + 1)
        potential.initialize(repeating: 0, count: columns + 1)
        distance = .allocate(capacity: columns + 1)
        distance.initialize(repeating: unreachable, count: columns + 1)
        predecessor = .allocate(capacity: columns + 1)
        predecessor.initialize(repeating: -1, count: columns + 1)
        predecessorCost = .allocate(capacity: columns + 1)
        predecessorCost.initialize(repeating: 0, count: columns + 1)
        done = .allocate(capacity: columns + 1)
        done.initialize(repeating: false, count: columns + 1)
        touched = .allocate(capacity: columns + 1)
        touched.initialize(repeating: 0, count: columns + 1)
        scanned = .allocate(capacity: columns + 1)
        scanned.initialize(repeating: 0, count: columns + 1)
        heap = IndexedMinHeap(capacity: columns + 1)
        freeRows = .allocate(capacity: max(rows, 1))
        freeRows.initialize(repeating: 0, count: rows)
        freeRowPotential = .allocate(capacity: max(rows, 1))
        freeRowPotential.initialize(repeating: 0, count: rows)
        visited = .allocate(capacity: columns + 1)
        visited.initialize(repeating: false, count: columns + 1)
        visitedList = .allocate(capacity: columns + 1)
        frameRow = .allocate(capacity: rows + 1)
        frameCursor = .allocate(capacity: rows + 1)
        frameVia = .allocate(capacity: rows + 1)
        framePair = .allocate(capacity: rows + 1)
    }

    deinit {
        assignedCost.deallocate()
        potential.deallocate()
        distance.deallocate()
        predecessor.deallocate()
        predecessorCost.deallocate()
        done.deallocate()
        touched.deallocate()
        scanned.deallocate()
        freeRows.deallocate()
        freeRowPotential.deallocate()
        visited.deallocate()
        visitedList.deallocate()
        frameRow.deallocate()
        frameCursor.deallocate()
        framePair.deallocate()
        frameVia.deallocate()
    }

    /// Column and pair cost of each row (-1 and 0 for none), or nil when perfect mode gives up.
    func run() -> ([Int32], [Int64])? {
        if perfectMode {
            if !startFromAuctionPrices() { reduceColumns() }
        } else {
            for row in 0..<graph.rows { freeRows[row] = Int32(row) }
            freeCount = graph.rows
        }
        reduceRowsByAugmenting()
        reduceRowsByAugmenting()
        if perfectMode {
            guard augmentInPhases() else { return nil }
        } else {
            for index in 0..<freeCount {
                guard augment(from: Int(freeRows[index])) else { return nil }
            }
        }
        var columnOfRow = [Int32](repeating: -1, count: graph.rows)
        var costOfRow = [Int64](repeating: 0, count: graph.rows)
        for row in 0..<graph.rows {
            let column = Int(assignment.columnOfRow[row])
            if column != unassigned {
                columnOfRow[row] = Int32(column)
                costOfRow[row] = assignedCost[row]
            }
        }
        return (columnOfRow, costOfRow)
    }

    private func place(_ row: Int, in column: Int, cost: Int64) {
        assignment.assign(row, to: column)
        assignedCost[row] = cost
    }

    /// Perfect mode warm start: an epsilon-scaling auction (Bertsekas) down to epsilon 1 gives nearly optimal
    /// column prices; they become the column potentials, and each row keeps its auction column only where
    /// that pair is exactly tight. Exactness still comes from the shortest-path phases that follow: any
    /// potentials are a valid start. Gives up (false) when bidding runs long, e.g. when no full assignment
    /// exists.
    ///
    /// A column with capacity c is one object with one price, held by up to c rows: when a row bids for a
    /// full column, the price rises by the smallest margin among the c + 1 claimants (plus epsilon) and the
    /// claimant with that margin leaves, so every holder stays within epsilon of its best column. This avoids
    /// the price wars of c identical copies.
    private func startFromAuctionPrices() -> Bool {
        let rows = graph.rows, columns = graph.columns
        let rowStart = graph.rowStart, columnOf = graph.column, costOf = graph.cost
        let capacity = assignment.capacity
        let maximumCapacity = 4
        guard (0..<columns).allSatisfy({ capacity[$0] <= maximumCapacity }) else { return false }
        var minimum = Int64.max, maximum = Int64.min
        for pair in 0..<rowStart[rows] {
            minimum = min(minimum, Int64(costOf[pair]))
            maximum = max(maximum, Int64(costOf[pair]))
        }
        guard minimum <= maximum else { return false }
        let spread = maximum - minimum
        let price = UnsafeMutablePointer<Int64>.allocate(capacity: max(columns, 1))
        let holders = UnsafeMutablePointer<Int32>.allocate(capacity: max(columns * maximumCapacity, 1))
        let holderCount = UnsafeMutablePointer<Int32>.allocate(capacity: max(columns, 1))
        let heldColumn = UnsafeMutablePointer<Int32>.allocate(capacity: max(rows, 1))
        let heldCost = UnsafeMutablePointer<Int64>.allocate(capacity: max(rows, 1))
        // A row's best other value when it last bid: prices only rise, so it bounds the row's margin from below.
        let heldSecond = UnsafeMutablePointer<Int64>.allocate(capacity: max(rows, 1))
        let queue = UnsafeMutablePointer<Int32>.allocate(capacity: rows + 1)
        defer {
            price.deallocate(); holders.deallocate(); holderCount.deallocate()
            heldColumn.deallocate(); heldCost.deallocate(); heldSecond.deallocate(); queue.deallocate()
        }
        price.initialize(repeating: 0, count: columns)

        var bidBudget = 200 * rows + 1_000
        // Epsilon falls eightfold per round; the last rounds cost most and the shortest-path phases finish
        // the job cheaply, so bidding stops at about 1/32768 of the cost spread.
        let factor: Int64 = 8
        let finalEpsilon = max(1, spread >> 15)
        var epsilon = max(1, spread / factor)
        holderCount.initialize(repeating: 0, count: columns)
        heldColumn.initialize(repeating: -1, count: rows)
        while true {
            // A new, smaller epsilon: rows whose column is still within epsilon of their best keep it.
            holderCount.update(repeating: 0, count: columns)
            var waiting = 0
            for row in 0..<rows {
                let column = Int(heldColumn[row])
                if column >= 0 {
                    var best = Int64.min
                    for pair in rowStart[row]..<rowStart[row + 1] {
                        best = max(best, -Int64(costOf[pair]) - price[Int(columnOf[pair])])
                    }
                    if -heldCost[row] - price[column] >= best - epsilon {
                        holders[column * maximumCapacity + Int(holderCount[column])] = Int32(row)
                        holderCount[column] += 1
                        continue
                    }
                    heldColumn[row] = -1
                }
                queue[waiting] = Int32(row)
                waiting += 1
            }
            var head = 0, tail = waiting
            while waiting > 0 {
                bidBudget -= 1
                if bidBudget < 0 { return false }
                let row = Int(queue[head])
                head = head == rows ? 0 : head + 1
                waiting -= 1
                var best = Int64.min, second = Int64.min, bestColumn = -1, bestCost: Int64 = 0
                for pair in rowStart[row]..<rowStart[row + 1] {
                    let column = Int(columnOf[pair])
                    if capacity[column] == 0 { continue }
                    let value = -Int64(costOf[pair]) &- price[column]
                    if value > best {
                        second = best; best = value; bestColumn = column; bestCost = Int64(costOf[pair])
                    } else if value > second {
                        second = value
                    }
                }
                guard bestColumn >= 0 else { return false }
                if second == Int64.min { second = best - spread - 1 }
                let held = Int(holderCount[bestColumn])
                let slots = holders + bestColumn * maximumCapacity
                var leaving = -1
                if held < Int(capacity[bestColumn]) {
                    slots[held] = Int32(row)
                    holderCount[bestColumn] += 1
                } else {
                    var smallest = best - second
                    var smallestAt = held
                    if held > 1 {
                        for index in 0..<held {
                            let holder = Int(slots[index])
                            let holderMargin = -heldCost[holder] - price[bestColumn] - heldSecond[holder]
                            if holderMargin < smallest { smallest = holderMargin; smallestAt = index }
                        }
                    } else if held == 1 {
                        smallestAt = 0
                    }
                    price[bestColumn] += max(smallest, 0) + epsilon
                    if smallestAt == held {
                        leaving = row
                    } else {
                        leaving = Int(slots[smallestAt])
                        slots[smallestAt] = Int32(row)
                    }
                }
                if leaving != row {
                    heldColumn[row] = Int32(bestColumn)
                    heldCost[row] = bestCost
                    heldSecond[row] = second
                }
                if leaving >= 0 {
                    heldColumn[leaving] = -1
                    queue[tail] = Int32(leaving)
                    tail = tail == rows ? 0 : tail + 1
                    waiting += 1
                }
            }
            if epsilon <= finalEpsilon { break }
            epsilon = max(1, epsilon / factor)
        }
        for column in 0..<columns { potential[column] = -price[column] }
        freeCount = 0
        for row in 0..<rows {
            var best = unreachable
            for pair in rowStart[row]..<rowStart[row + 1] {
                best = min(best, Int64(costOf[pair]) - potential[Int(columnOf[pair])])
            }
            let column = Int(heldColumn[row])
            if column >= 0, heldCost[row] - potential[column] == best, assignment.hasRoom(column) {
                place(row, in: column, cost: heldCost[row])
            } else {
                freeRows[freeCount] = Int32(row)
                freeCount += 1
            }
        }
        return true
    }

    /// Column reduction and reduction transfer (perfect mode), over the listed pairs.
    private func reduceColumns() {
        let rows = graph.rows, columns = graph.columns
        let columnMinimum = UnsafeMutablePointer<Int64>.allocate(capacity: max(columns, 1))
        let cheapestRow = UnsafeMutablePointer<Int32>.allocate(capacity: max(columns, 1))
        let wins = UnsafeMutablePointer<Int32>.allocate(capacity: max(rows, 1))
        defer { columnMinimum.deallocate(); cheapestRow.deallocate(); wins.deallocate() }
        columnMinimum.initialize(repeating: unreachable, count: columns)
        cheapestRow.initialize(repeating: -1, count: columns)
        wins.initialize(repeating: 0, count: rows)
        for row in 0..<rows {
            for pair in graph.rowStart[row]..<graph.rowStart[row + 1] {
                let column = Int(graph.column[pair]), value = Int64(graph.cost[pair])
                if value < columnMinimum[column] {
                    columnMinimum[column] = value
                    cheapestRow[column] = Int32(row)
                }
            }
        }
        for column in stride(from: columns - 1, through: 0, by: -1) 
            where cheapestRow[column] >= 0 && assignment.capacity[column] > 0
        {
            potential[column] = columnMinimum[column]
            let row = Int(cheapestRow[column])
            wins[row] += 1
            if wins[row] == 1 || potential[column] < potential[Int(assignment.columnOfRow[row])] {
                place(row, in: column, cost: columnMinimum[column])
            }
        }
        freeCount = 0
        for row in 0..<rows {
            if wins[row] == 0 {
                freeRows[freeCount] = Int32(row)
                freeCount += 1
            } else if wins[row] == 1 {
                let own = Int(assignment.columnOfRow[row])
                var best = unreachable
                for pair in graph.rowStart[row]..<graph.rowStart[row + 1] where Int(graph.column[pair]) != own {
                    let column = Int(graph.column[pair])
                    best = min(best, Int64(graph.cost[pair]) - potential[column])
                }
                if best != unreachable { potential[own] -= best }
            }
        }
    }

    /// Augmenting row reduction, as in the dense solver, over the listed pairs.
    private func reduceRowsByAugmenting() {
        let pending = freeCount
        freeCount = 0
        var next = 0
        // Rows competing for too few columns would push potentials down forever; past this many steps the
        // rest is left to the shortest-path phase (any dual-feasible state is a valid start for it).
        var stepsLeft = 8 * pending + 64
        let rowStart = graph.rowStart, columnOf = graph.column, costOf = graph.cost
        let load = assignment.load, capacity = assignment.capacity
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
            var best = unreachable, second = unreachable
            var bestColumn = -1, secondColumn = -1
            var bestCost: Int64 = 0, secondCost: Int64 = 0
            for pair in rowStart[row]..<rowStart[row + 1] {
                let column = Int(columnOf[pair]), raw = Int64(costOf[pair])
                let reduced = raw &- potential[column]
                if reduced < second {
                    if reduced >= best {
                        second = reduced; secondColumn = column; secondCost = raw
                    } else {
                        second = best; secondColumn = bestColumn; secondCost = bestCost
                        best = reduced; bestColumn = column; bestCost = raw
                    }
                }
            }
            if !perfectMode {
                // The unassigned column is a candidate too: a row's implied potential must never exceed
                // the cost of leaving it unassigned.
                let reduced = unassignedRowCost - potential[unassigned]
                if reduced < second {
                    if reduced >= best {
                        second = reduced; secondColumn = unassigned; secondCost = unassignedRowCost
                    } else {
                        second = best; secondColumn = bestColumn; secondCost = bestCost
                        best = reduced; bestColumn = unassigned; bestCost = unassignedRowCost
                    }
                }
            }
            guard bestColumn >= 0 else {
                freeRows[freeCount] = Int32(row); freeCount += 1
                continue
            }
            var target = -1, targetCost: Int64 = 0, displaced = -1, lowered = false
            if load[bestColumn] < capacity[bestColumn] {
                target = bestColumn; targetCost = bestCost
                if best < second, second != unreachable, load[bestColumn] == 0,
                    perfectMode || capacity[bestColumn] == 1
                {
                    potential[bestColumn] -= second - best
                }
            } else if capacity[bestColumn] == 1, best < second, second != unreachable {
                potential[bestColumn] -= second - best
                target = bestColumn; targetCost = bestCost
                displaced = Int(assignment.firstRow[bestColumn])
                lowered = true
            } else if secondColumn >= 0, best == second {
                if load[secondColumn] < capacity[secondColumn] {
                    target = secondColumn; targetCost = secondCost
                } else if capacity[secondColumn] == 1 {
                    target = secondColumn; targetCost = secondCost
                    displaced = Int(assignment.firstRow[secondColumn])
                }
            }
            guard target >= 0 else {
                freeRows[freeCount] = Int32(row); freeCount += 1
                continue
            }
            if displaced >= 0 { assignment.release(displaced) }
            place(row, in: target, cost: targetCost)
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

    /// Perfect mode: augments all free rows in phases. A phase runs one Dijkstra from every free row at once
    /// until it has reached as many columns with room as there are free rows, moves the potentials so that
    /// the shortest paths become tight (zero reduced cost), then augments along tight paths found by
    /// depth-first search, many per phase. Any tight path keeps the duals feasible, and in perfect mode every
    /// column ends full, so the result is optimal.
    private func augmentInPhases() -> Bool {
        let potential = self.potential, distance = self.distance, done = self.done, heap = self.heap
        let rowStart = graph.rowStart, columnOf = graph.column, costOf = graph.cost
        let load = assignment.load, capacity = assignment.capacity
        let firstRow = assignment.firstRow, nextRow = assignment.nextRow
        let assignedCost = self.assignedCost, freeRowPotential = self.freeRowPotential
        while freeCount > 0 {
            touchedCount = 0
            for index in 0..<freeCount {
                let row = Int(freeRows[index])
                var best = unreachable
                for pair in rowStart[row]..<rowStart[row + 1] {
                    best = min(best, Int64(costOf[pair]) - potential[Int(columnOf[pair])])
                }
                guard best != unreachable else { return false }
                freeRowPotential[row] = best
                relax(row: row, shift: -best)
            }
            var reached = 0
            var scannedCount = 0
            var limit: Int64 = 0
            while let (item, key) = heap.popMinimum() {
                let column = Int(item)
                done[column] = true
                scanned[scannedCount] = Int32(column)
                scannedCount += 1
                limit = key
                if load[column] < capacity[column] {
                    reached += 1
                    if reached >= freeCount { break }
                }
                // Rows already in a column with room are reached too: their potentials move with it.
                var row = Int(firstRow[column])
                while row >= 0 {
                    relax(row: row, shift: key &- (assignedCost[row] &- potential[column]))
                    row = Int(nextRow[row])
                }
            }
            guard reached > 0 else {
                resetSearch()
                return false
            }
            for index in 0..<scannedCount {
                let column = Int(scanned[index])
                potential[column] += distance[column] - limit
            }
            for index in 0..<freeCount { freeRowPotential[Int(freeRows[index])] += limit }
            resetSearch()

            let freeBefore = freeCount
            augmentAlongTightPathsInRounds()
            if freeCount == freeBefore {
                // No tight path was found: make progress with one shortest path instead.
                guard augment(from: Int(freeRows[0])) else { return false }
                freeRows[0] = freeRows[freeCount - 1]
                freeCount -= 1
            }
        }
        return true
    }

    /// Depth-first search over tight pairs from a free row to a column with room, skipping columns other
    /// searches of this phase tried; augments and returns true when it finds one.
    func augmentAlongTightPath(from start: Int) -> Bool {
        let potential = self.potential, visited = self.visited, visitedList = self.visitedList
        let rowStart = graph.rowStart, columnOf = graph.column, costOf = graph.cost
        let load = assignment.load, capacity = assignment.capacity
        let firstRow = assignment.firstRow, nextRow = assignment.nextRow
        let assignedCost = self.assignedCost
        let frameRow = self.frameRow, frameCursor = self.frameCursor, frameVia = self.frameVia
        let framePair = self.framePair
        frameRow[0] = Int32(start)
        frameCursor[0] = rowStart[start]
        frameVia[0] = -1
        var depth = 1
        while depth > 0 {
            let top = depth - 1
            let row = Int(frameRow[top])
            let via = Int(frameVia[top])
            let rowPotential = via < 0 ? freeRowPotential[row] : assignedCost[row] - potential[via]
            var cursor = frameCursor[top]
            let end = rowStart[row + 1]
            var descended = false
            while cursor < end {
                let pair = cursor
                cursor += 1
                let column = Int(columnOf[pair])
                if visited[column] || Int64(costOf[pair]) - rowPotential != potential[column] { continue }
                visited[column] = true
                visitedList[visitedCount] = Int32(column)
                visitedCount += 1
                frameCursor[top] = cursor
                framePair[top] = pair
                if load[column] < capacity[column] {
                    for level in stride(from: top, through: 0, by: -1) {
                        let pair = framePair[level]
                        place(Int(frameRow[level]), in: Int(columnOf[pair]), cost: Int64(costOf[pair]))
                    }
                    return true
                }
                let next = Int(firstRow[column])
                if next < 0 { continue }  // a column with no capacity at all
                frameRow[depth] = Int32(next)
                frameCursor[depth] = rowStart[next]
                frameVia[depth] = Int32(column)
                depth += 1
                descended = true
                break
            }
            if descended { continue }
            // This row leads nowhere: try the next row of the same column, or go back.
            let sibling = via < 0 ? -1 : Int(nextRow[row])
            if sibling >= 0 {
                frameRow[top] = Int32(sibling)
                frameCursor[top] = rowStart[sibling]
            } else {
                depth -= 1
            }
        }
        return false
    }

    /// Relaxes one row's pairs at `shift` = distance to the row minus the row's potential.
    @inline(__always) private func relax(row: Int, shift: Int64) {
        let potential = self.potential, distance = self.distance, predecessor = self.predecessor
        let predecessorCost = self.predecessorCost, done = self.done, touched = self.touched
        let columnOf = graph.column, costOf = graph.cost, heap = self.heap
        var touchedCount = self.touchedCount
        for pair in graph.rowStart[row]..<graph.rowStart[row + 1] {
            let column = Int(columnOf[pair])
            if done[column] { continue }
            let raw = Int64(costOf[pair])
            let value = raw &- potential[column] &+ shift
            if value < distance[column] {
                if distance[column] == unreachable {
                    touched[touchedCount] = Int32(column); touchedCount += 1
                }
                distance[column] = value
                predecessor[column] = Int32(row)
                predecessorCost[column] = raw
                heap.insertOrDecrease(Int32(column), key: value)
            }
        }
        self.touchedCount = touchedCount
        if !perfectMode {
            let value = unassignedRowCost - potential[unassigned] + shift
            if value < distance[unassigned] {
                distance[unassigned] = value
                predecessor[unassigned] = Int32(row)
                predecessorCost[unassigned] = unassignedRowCost
            }
        }
    }

    /// Shortest augmenting path from a free row to the nearest column with room; false when there is none.
    private func augment(from start: Int) -> Bool {
        let potential = self.potential, distance = self.distance, done = self.done
        let predecessor = self.predecessor, predecessorCost = self.predecessorCost
        let load = assignment.load, capacity = assignment.capacity
        let firstRow = assignment.firstRow, nextRow = assignment.nextRow
        let assignedCost = self.assignedCost, heap = self.heap
        let unassigned = self.unassigned
        touchedCount = 0

        relax(row: start, shift: 0)
        var end = -1
        var current: Int64 = 0
        var scannedCount = 0
        let scanned = self.scanned
        while let (item, key) = heap.popMinimum() {
            let column = Int(item)
            if distance[unassigned] < key {
                break
            }
            done[column] = true
            scanned[scannedCount] = Int32(column)
            scannedCount += 1
            current = key
            if load[column] < capacity[column] {
                end = column
                break
            }
            var row = Int(firstRow[column])
            while row >= 0 {
                relax(row: row, shift: key &- (assignedCost[row] &- potential[column]))
                row = Int(nextRow[row])
            }
        }
        if end < 0 {
            if perfectMode {
                resetSearch()
                return false
            }
            end = unassigned
            current = distance[unassigned]
        }
        for index in 0..<scannedCount {
            let column = Int(scanned[index])
            potential[column] += distance[column] - current
        }
        var column = end
        while true {
            let row = Int(predecessor[column])
            let previous = Int(assignment.columnOfRow[row])
            place(row, in: column, cost: predecessorCost[column])
            if row == start { break }
            column = previous
        }
        resetSearch()
        return true
    }

    private func resetSearch() {
        for index in 0..<touchedCount {
            let column = Int(touched[index])
            distance[column] = unreachable
            done[column] = false
        }
        distance[unassigned] = unreachable
        heap.removeAll()
    }
}
