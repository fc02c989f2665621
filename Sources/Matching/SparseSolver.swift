/// Exact solver for `SparseProblem`: the most rows assigned, then the least total cost.
///
/// Successive shortest paths over mentor (column) nodes with capacities and potentials, Dijkstra on a binary
/// heap over reduced costs, after Jonker–Volgenant style column reduction and augmenting row reduction on
/// the listed pairs. Memory is O(pairs).
public enum SparseSolver {
    /// Solves the problem; the same input always gives the same assignment.
    public static func solve(_ problem: SparseProblem) -> Assignment {
        problem.rowStart.withUnsafeBufferPointer { rowStart in
            problem.column.withUnsafeBufferPointer { column in
                problem.cost.withUnsafeBufferPointer { cost in
                    let graph = SparseGraph(
                        rows: problem.rows, columns: problem.columns,
                        rowStart: rowStart.baseAddress!, column: column.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                        cost: cost.baseAddress ?? UnsafePointer(bitPattern: 8)!)
                    let assigned: ([Int32], [Int64])
                    if let perfect = SparseRun(graph, capacity: problem.capacity, perfectMode: true)?.run() {
                        assigned = perfect
                    } else {
                        assigned = SparseRun(graph, capacity: problem.capacity, perfectMode: false)!.run()!
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
private final class SparseRun {
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
    }

    /// Column and pair cost of each row (-1 and 0 for none), or nil when perfect mode gives up.
    func run() -> ([Int32], [Int64])? {
        if perfectMode {
            reduceColumns()
        } else {
            for row in 0..<graph.rows { freeRows[row] = Int32(row) }
            freeCount = graph.rows
        }
        reduceRowsByAugmenting()
        reduceRowsByAugmenting()
        for index in 0..<freeCount {
            guard augment(from: Int(freeRows[index])) else { return nil }
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
                let reduced = raw - potential[column]
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

    /// Shortest augmenting path from a free row to the nearest column with room; false when there is none.
    private func augment(from start: Int) -> Bool {
        let potential = self.potential, distance = self.distance, predecessor = self.predecessor
        let predecessorCost = self.predecessorCost, done = self.done, touched = self.touched
        let rowStart = graph.rowStart, columnOf = graph.column, costOf = graph.cost
        let load = assignment.load, capacity = assignment.capacity
        let firstRow = assignment.firstRow, nextRow = assignment.nextRow
        let assignedCost = self.assignedCost, heap = self.heap
        let unassigned = self.unassigned
        var touchedCount = 0

        // Relaxes one row's pairs at `shift` = distance to the row minus its implied potential.
        @inline(__always) func relax(row: Int, shift: Int64) {
            for pair in rowStart[row]..<rowStart[row + 1] {
                let column = Int(columnOf[pair])
                if done[column] { continue }
                let raw = Int64(costOf[pair])
                let value = raw - potential[column] + shift
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
            if !perfectMode {
                let value = unassignedRowCost - potential[unassigned] + shift
                if value < distance[unassigned] {
                    distance[unassigned] = value
                    predecessor[unassigned] = Int32(row)
                    predecessorCost[unassigned] = unassignedRowCost
                }
            }
        }

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
                relax(row: row, shift: key - (assignedCost[row] - potential[column]))
                row = Int(nextRow[row])
            }
        }
        if end < 0 {
            if perfectMode {
                resetSearch(touchedCount: touchedCount)
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
        resetSearch(touchedCount: touchedCount)
        return true
    }

    private func resetSearch(touchedCount: Int) {
        for index in 0..<touchedCount {
            let column = Int(touched[index])
            distance[column] = unreachable
            done[column] = false
        }
        distance[unassigned] = unreachable
        heap.removeAll()
    }
}
