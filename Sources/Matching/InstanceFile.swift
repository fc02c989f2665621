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

    /// Reads an instance file from disk, each array straight into its place: the only copy of the costs is
    /// the problem's own.
    public static func load(path: String) throws(ProblemError) -> Instance {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else {
            throw ProblemError("\(path): cannot read the file (\(String(cString: strerror(errno))))")
        }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw ProblemError("\(path): cannot read the file (not a regular file)")
        }
        do {
            return try parse(FileBytes(descriptor: file, count: Int(status.st_size)))
        } catch {
            throw ProblemError("\(path): \(error.message)")
        }
    }

    /// Parses the bytes of an instance file.
    public static func parse(_ data: Data) throws(ProblemError) -> Instance {
        try parse(MemoryBytes(data: data))
    }

    private static func parse(_ source: some ByteSource) throws(ProblemError) -> Instance {
        var reader = LittleEndianReader(source)
        let fileSize = source.count
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
            guard pairCount <= UInt64(fileSize) else {
                throw ProblemError("the file says \(pairCount) pairs but has only \(fileSize) bytes")
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

/// Where an instance's bytes come from.
private protocol ByteSource {
    var count: Int { get }
    /// Fills `buffer` with the bytes from `offset` on; the reader has checked they exist.
    func copy(from offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ProblemError)
}

private struct MemoryBytes: ByteSource {
    let data: Data
    var count: Int { data.count }

    func copy(from offset: Int, into buffer: UnsafeMutableRawBufferPointer) {
        let start = data.startIndex + offset
        data.copyBytes(to: buffer, from: start..<start + buffer.count)
    }
}

private struct FileBytes: ByteSource {
    let descriptor: Int32
    let count: Int

    func copy(from offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ProblemError) {
        var done = 0
        while done < buffer.count {
            let read = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if read < 0, errno == EINTR { continue }
            if read < 0 { throw ProblemError("cannot read at offset \(offset + done) (\(String(cString: strerror(errno))))") }
            guard read > 0 else { throw ProblemError("the file ended at offset \(offset + done): it changed while being read") }
            done += read
        }
    }
}

/// Reads little-endian integers, checking every length before it reads.
private struct LittleEndianReader<Source: ByteSource> {
    let source: Source
    var offset = 0

    init(_ source: Source) { self.source = source }

    private func require(_ byteCount: Int, what: String) throws(ProblemError) {
        guard byteCount >= 0, byteCount <= source.count - offset else {
            throw ProblemError("truncated: \(what) need \(byteCount) bytes at offset \(offset), "
                + "but the file has \(source.count) bytes")
        }
    }

    mutating func bytes(_ count: Int, what: String) throws(ProblemError) -> [UInt8] {
        try values(count, what: what)
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
        guard offset == source.count else {
            throw ProblemError("\(source.count - offset) unexpected bytes after the end of the instance")
        }
    }

    /// The next `count` values, copied into a new array and put in this machine's byte order.
    private mutating func values<T: FixedWidthInteger>(_ count: Int, what: String) throws(ProblemError) -> [T] {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.size)
        guard !overflow else { throw ProblemError("\(what): sizes do not add up") }
        try require(byteCount, what: what)
        let start = offset
        offset += byteCount
        var values = [T](repeating: 0, count: count)
        // `withUnsafeMutableBytes` only rethrows untyped errors, so the error is carried out by hand.
        let failure = values.withUnsafeMutableBytes { buffer -> ProblemError? in
            do throws(ProblemError) {
                try source.copy(from: start, into: buffer)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        if T(1).littleEndian != T(1) {
            for index in values.indices { values[index] = T(littleEndian: values[index]) }
        }
        return values
    }
}
