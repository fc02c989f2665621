/// Which rows each column holds, as doubly linked lists, so that moving a row costs O(1) and memory stays
/// O(rows + columns) whatever the capacities. Raw pointers: these are read in the solvers' hot loops.
final class ColumnRows {
    let rowCount: Int
    let columnCount: Int
    /// The column of each row, -1 when free.
    let columnOfRow: UnsafeMutablePointer<Int32>
    let nextRow: UnsafeMutablePointer<Int32>
    let previousRow: UnsafeMutablePointer<Int32>
    /// The first row of each column's list, -1 when empty.
    let firstRow: UnsafeMutablePointer<Int32>
    let load: UnsafeMutablePointer<Int32>
    let capacity: UnsafeMutablePointer<Int32>

    /// Capacities are clamped to the number of rows: a column never needs more.
    init(rowCount: Int, capacities: some Collection<Int32>) {
        self.rowCount = rowCount
        columnCount = capacities.count
        columnOfRow = .allocate(capacity: max(rowCount, 1))
        nextRow = .allocate(capacity: max(rowCount, 1))
        previousRow = .allocate(capacity: max(rowCount, 1))
        firstRow = .allocate(capacity: max(columnCount, 1))
        load = .allocate(capacity: max(columnCount, 1))
        capacity = .allocate(capacity: max(columnCount, 1))
        columnOfRow.initialize(repeating: -1, count: rowCount)
        nextRow.initialize(repeating: -1, count: rowCount)
        previousRow.initialize(repeating: -1, count: rowCount)
        firstRow.initialize(repeating: -1, count: columnCount)
        load.initialize(repeating: 0, count: columnCount)
        for (column, value) in capacities.enumerated() {
            capacity[column] = Int32(min(Int(value), rowCount))
        }
    }

    deinit {
        columnOfRow.deallocate()
        nextRow.deallocate()
        previousRow.deallocate()
        firstRow.deallocate()
        load.deallocate()
        capacity.deallocate()
    }

    @inline(__always) func hasRoom(_ column: Int) -> Bool { load[column] < capacity[column] }

    /// Takes a row out of its column, if any.
    @inline(__always) func release(_ row: Int) {
        let column = Int(columnOfRow[row])
        guard column >= 0 else { return }
        let next = nextRow[row], previous = previousRow[row]
        if previous >= 0 { nextRow[Int(previous)] = next } else { firstRow[column] = next }
        if next >= 0 { previousRow[Int(next)] = previous }
        load[column] -= 1
        columnOfRow[row] = -1
    }

    /// Moves a row into a column (out of its previous one).
    @inline(__always) func assign(_ row: Int, to column: Int) {
        release(row)
        let head = firstRow[column]
        nextRow[row] = head
        previousRow[row] = -1
        if head >= 0 { previousRow[Int(head)] = Int32(row) }
        firstRow[column] = Int32(row)
        load[column] += 1
        columnOfRow[row] = Int32(column)
    }
}

/// The cost of leaving a row unassigned: more than any difference in total cost between two assignments,
/// so that matching one more row always wins (max cardinality first, then min cost).
func unassignedCost(rows: Int, minimumCost: Int64, maximumCost: Int64) -> Int64 {
    minimumCost + Int64(rows) * max(maximumCost - minimumCost, 0) + 1
}

let unreachable = Int64.max
