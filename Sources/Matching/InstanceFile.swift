import Foundation

/// A benchmark instance read from a `.dense` or `.sparse` file (format in ../shared/bench/README.md).
public enum Instance: Sendable {
    case dense(DenseProblem)
    case sparse(SparseProblem)

    /// Solves with the matching solver.
    public func solve() -> Assignment {
        switch self {
        case .dense(let problem): DenseSolver.solve(problem)
        case .sparse(let problem): SparseSolver.solve(problem)
        }
    }
}

/// Reads and writes the shared little-endian instance formats; malformed input throws, never crashes.
public enum InstanceFile {
    static let denseMagic = Array("RPLAPD1\n".utf8)
    static let sparseMagic = Array("RPLAPS1\n".utf8)

    /// Reads an instance file from disk.
    public static func load(path: String) throws(ProblemError) -> Instance {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ProblemError("\(path): cannot read the file (\(error.localizedDescription))")
        }
        do {
            return try parse(data)
        } catch {
            throw ProblemError("\(path): \(error.message)")
        }
    }

    /// Parses the bytes of an instance file.
    public static func parse(_ data: Data) throws(ProblemError) -> Instance {
        var reader = LittleEndianReader(data)
        let magic = try reader.bytes(8, what: "the magic header")
        if magic == denseMagic {
            let rows = Int(try reader.uint32("rows")), columns = Int(try reader.uint32("columns"))
            let capacity = try reader.capacities(columns)
            let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
            guard !overflow else { throw ProblemError("\(rows) x \(columns) costs do not fit in memory") }
            let cost = try reader.int32s(cells, what: "the \(rows) x \(columns) costs")
            try reader.expectEnd()
            return .dense(try DenseProblem(rows: rows, columns: columns, capacity: capacity, cost: cost))
        }
        if magic == sparseMagic {
            let rows = Int(try reader.uint32("rows")), columns = Int(try reader.uint32("columns"))
            let pairCount = try reader.uint64("the number of pairs")
            guard pairCount <= UInt64(data.count) else {
                throw ProblemError("the file says \(pairCount) pairs but has only \(data.count) bytes")
            }
            let capacity = try reader.capacities(columns)
            let offsets = try reader.uint64s(rows + 1, what: "the \(rows + 1) row offsets")
            var rowStart = [Int](repeating: 0, count: rows + 1)
            for (index, offset) in offsets.enumerated() {
                guard offset <= pairCount else {
                    throw ProblemError("row offset \(index) is \(offset), beyond the \(pairCount) pairs")
                }
                rowStart[index] = Int(offset)
            }
            let column = try reader.int32s(Int(pairCount), what: "the \(pairCount) pair columns")
            let cost = try reader.int32s(Int(pairCount), what: "the \(pairCount) pair costs")
            try reader.expectEnd()
            return .sparse(try SparseProblem(
                rows: rows, columns: columns, capacity: capacity, rowStart: rowStart, column: column, cost: cost))
        }
        throw ProblemError("not an instance file: the header is not \"RPLAPD1\\n\" or \"RPLAPS1\\n\"")
    }

    /// Writes a dense instance in the shared format.
    public static func encode(_ problem: DenseProblem) -> Data {
        var data = Data(denseMagic)
        append(UInt32(problem.rows), to: &data)
        append(UInt32(problem.columns), to: &data)
        for value in problem.capacity { append(UInt32(value), to: &data) }
        for value in problem.cost { append(UInt32(bitPattern: value), to: &data) }
        return data
    }

    /// Writes a sparse instance in the shared format.
    public static func encode(_ problem: SparseProblem) -> Data {
        var data = Data(sparseMagic)
        append(UInt32(problem.rows), to: &data)
        append(UInt32(problem.columns), to: &data)
        append(UInt64(problem.pairCount), to: &data)
        for value in problem.capacity { append(UInt32(value), to: &data) }
        for value in problem.rowStart { append(UInt64(value), to: &data) }
        for value in problem.column { append(UInt32(value), to: &data) }
        for value in problem.cost { append(UInt32(bitPattern: value), to: &data) }
        return data
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// Reads little-endian integers from bytes, checking every length before it reads.
private struct LittleEndianReader {
    let data: Data
    var offset = 0

    init(_ data: Data) { self.data = data }

    private func require(_ byteCount: Int, what: String) throws(ProblemError) {
        guard byteCount >= 0, byteCount <= data.count - offset else {
            throw ProblemError("truncated: \(what) need \(byteCount) bytes at offset \(offset), "
                + "but the file has \(data.count) bytes")
        }
    }

    mutating func bytes(_ count: Int, what: String) throws(ProblemError) -> [UInt8] {
        try require(count, what: what)
        let start = data.startIndex + offset
        offset += count
        return Array(data[start..<start + count])
    }

    mutating func uint32(_ what: String) throws(ProblemError) -> UInt32 {
        try uint32s(1, what: what)[0]
    }

    mutating func uint64(_ what: String) throws(ProblemError) -> UInt64 {
        try uint64s(1, what: what)[0]
    }

    mutating func uint32s(_ count: Int, what: String) throws(ProblemError) -> [UInt32] {
        try values(count, what: what)
    }

    mutating func uint64s(_ count: Int, what: String) throws(ProblemError) -> [UInt64] {
        try values(count, what: what)
    }

    mutating func int32s(_ count: Int, what: String) throws(ProblemError) -> [Int32] {
        try values(count, what: what)
    }

    mutating func capacities(_ count: Int) throws(ProblemError) -> [Int32] {
        let raw = try uint32s(count, what: "the \(count) capacities")
        if let bad = raw.firstIndex(where: { $0 > UInt32(Int32.max) }) {
            throw ProblemError("capacity of column \(bad) is \(raw[bad]), too large (overflow)")
        }
        return raw.map { Int32($0) }
    }

    func expectEnd() throws(ProblemError) {
        guard offset == data.count else {
            throw ProblemError("\(data.count - offset) unexpected bytes after the end of the instance")
        }
    }

    private mutating func values<T: FixedWidthInteger>(_ count: Int, what: String) throws(ProblemError) -> [T] {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.size)
        guard !overflow else { throw ProblemError("\(what): sizes do not add up") }
        try require(byteCount, what: what)
        let start = offset
        offset += byteCount
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                let source = UnsafeRawBufferPointer(rebasing: raw[start..<start + byteCount])
                for index in 0..<count {
                    buffer[index] = T(littleEndian: source.loadUnaligned(
                        fromByteOffset: index * MemoryLayout<T>.size, as: T.self))
                }
            }
            initialized = count
        }
    }
}
