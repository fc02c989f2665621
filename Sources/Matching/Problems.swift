/// Why an assignment problem or an instance file was rejected.
public struct ProblemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A human sentence saying what is wrong and, where it helps, where.
    public let message: String

    /// Wraps a human sentence.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// A capacitated assignment problem with a full cost matrix (rows are mentees, columns are mentors).
public struct DenseProblem: Sendable, Equatable {
    /// The cost that marks a pair as not allowed.
    public static let notAllowed = Int32.max

    /// Number of rows (mentees).
    public let rows: Int
    /// Number of columns (mentors).
    public let columns: Int
    /// How many rows each column may take.
    public let capacity: [Int32]
    /// Row-major costs, `rows * columns` of them; `notAllowed` forbids a pair.
    public let cost: [Int32]

    /// Checks the sizes and capacities and keeps the arrays as given (no copy of the matrix).
    public init(rows: Int, columns: Int, capacity: [Int32], cost: [Int32]) throws(ProblemError) {
        try checkShape(rows: rows, columns: columns, capacity: capacity)
        let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, cost.count == cells else {
            throw ProblemError("expected \(rows) x \(columns) costs, got \(cost.count)")
        }
        self.rows = rows
        self.columns = columns
        self.capacity = capacity
        self.cost = cost
    }

    /// The cost of a pair, or nil when the pair is not allowed.
    public func cost(row: Int, column: Int) -> Int32? {
        let value = cost[row * columns + column]
        return value == Self.notAllowed ? nil : value
    }
}

/// A capacitated assignment problem listing only the allowed pairs, row by row (compressed sparse rows).
public struct SparseProblem: Sendable, Equatable {
    /// Number of rows (mentees).
    public let rows: Int
    /// Number of columns (mentors).
    public let columns: Int
    /// How many rows each column may take.
    public let capacity: [Int32]
    /// Row `r`'s pairs are `rowStart[r] ..< rowStart[r + 1]`; `rows + 1` entries.
    public let rowStart: [Int]
    /// The column of each listed pair.
    public let column: [Int32]
    /// The cost of each listed pair.
    public let cost: [Int32]

    /// Number of listed (allowed) pairs.
    public var pairCount: Int { column.count }

    /// Checks the structure (offsets, column range, no pair listed twice, capacities) and keeps the arrays.
    public init(rows: Int, columns: Int, capacity: [Int32], rowStart: [Int], column: [Int32], cost: [Int32])
        throws(ProblemError)
    {
        try checkShape(rows: rows, columns: columns, capacity: capacity)
        guard rowStart.count == rows + 1 else {
            throw ProblemError("expected \(rows + 1) row offsets, got \(rowStart.count)")
        }
        guard column.count == cost.count else {
            throw ProblemError("\(column.count) columns but \(cost.count) costs")
        }
        guard rowStart.first == 0, rowStart.last == column.count else {
            throw ProblemError("row offsets must start at 0 and end at the number of pairs (\(column.count))")
        }
        // The last time each column was seen, as a row number: finds a pair listed twice in one pass.
        var lastRowOfColumn = [Int](repeating: -1, count: columns)
        for row in 0..<rows {
            guard rowStart[row] <= rowStart[row + 1] else {
                throw ProblemError("row offsets decrease at row \(row)")
            }
            for pair in rowStart[row]..<rowStart[row + 1] {
                let col = Int(column[pair])
                guard col >= 0, col < columns else {
                    throw ProblemError("row \(row) lists column \(col), outside 0..<\(columns)")
                }
                guard lastRowOfColumn[col] != row else {
                    throw ProblemError("row \(row) lists column \(col) twice")
                }
                lastRowOfColumn[col] = row
            }
        }
        self.rows = rows
        self.columns = columns
        self.capacity = capacity
        self.rowStart = rowStart
        self.column = column
        self.cost = cost
    }
}

/// A solution: which column each row takes, or none.
public struct Assignment: Sendable, Equatable {
    /// The column of each row, or -1 when the row is left unassigned.
    public let columnOfRow: [Int32]
    /// How many rows have a column.
    public let matchedCount: Int
    /// The sum of the chosen pairs' costs.
    public let totalCost: Int64
}

/// The most rows or columns a problem may have: keeps every potential and distance far from Int64 overflow.
public let maximumProblemSide = 1 << 28

private func checkShape(rows: Int, columns: Int, capacity: [Int32]) throws(ProblemError) {
    guard rows >= 0, columns >= 0 else { throw ProblemError("rows and columns must not be negative") }
    guard rows <= maximumProblemSide, columns <= maximumProblemSide else {
        throw ProblemError("at most \(maximumProblemSide) rows and columns are supported")
    }
    guard capacity.count == columns else {
        throw ProblemError("expected \(columns) capacities, got \(capacity.count)")
    }
    if let bad = capacity.firstIndex(where: { $0 < 0 }) {
        throw ProblemError("column \(bad) has a negative capacity (\(capacity[bad]))")
    }
}
