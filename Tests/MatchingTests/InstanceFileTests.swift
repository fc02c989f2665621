import Foundation
import Testing
@testable import Matching

@Suite("Instance files")
struct InstanceFileTests {
    let dense = try! DenseProblem(rows: 2, columns: 3, capacity: [1, 2, 0], cost: [5, -3, 7, 1, 2, 3])
    let sparse = try! SparseProblem(rows: 2, columns: 2, capacity: [1, 1], rowStart: [0, 2, 3],
                                    column: [0, 1, 1], cost: [4, 6, 1])

    @Test("dense and sparse files round-trip and solve")
    func roundTrip() throws {
        guard case .dense(let readDense) = try InstanceFile.parse(InstanceFile.encode(dense)) else {
            Issue.record("expected a dense instance"); return
        }
        #expect(readDense == dense)
        guard case .sparse(let readSparse) = try InstanceFile.parse(InstanceFile.encode(sparse)) else {
            Issue.record("expected a sparse instance"); return
        }
        #expect(readSparse == sparse)
        #expect(Instance.sparse(readSparse).solve().totalCost == 5)
    }

    @Test("a wrong magic header is a clear error")
    func wrongMagic() {
        var data = InstanceFile.encode(dense)
        data[0] = UInt8(ascii: "X")
        #expect(throws: ProblemError("not an instance file: the header is not \"RPLAPD1\\n\" or \"RPLAPS1\\n\"")) {
            try InstanceFile.parse(data)
        }
    }

    @Test("every truncation of a file is an error, never a crash")
    func truncated() {
        for data in [InstanceFile.encode(dense), InstanceFile.encode(sparse)] {
            for length in 0..<data.count {
                #expect(throws: ProblemError.self) { try InstanceFile.parse(data.prefix(length)) }
            }
        }
    }

    @Test("sizes that do not add up, bad offsets and capacity overflow are errors")
    func inconsistentSizes() {
        var trailing = InstanceFile.encode(dense)
        trailing.append(0)
        #expect(throws: ProblemError("1 unexpected bytes after the end of the instance")) {
            try InstanceFile.parse(trailing)
        }
        var overflow = InstanceFile.encode(dense)
        overflow.replaceSubrange(16..<20, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: ProblemError("capacity of column 0 is 4294967295, too large (overflow)")) {
            try InstanceFile.parse(overflow)
        }
        var hugeRows = InstanceFile.encode(dense)
        hugeRows.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: ProblemError.self) { try InstanceFile.parse(hugeRows) }
        var badOffset = InstanceFile.encode(sparse)
        // The second row offset (after magic, rows, cols, nnz and two capacities) points past the pairs.
        badOffset.replaceSubrange(40..<48, with: [9, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: ProblemError("row offset 1 is 9, beyond the 3 pairs")) { try InstanceFile.parse(badOffset) }
        var badColumn = InstanceFile.encode(sparse)
        badColumn.replaceSubrange(56..<60, with: [7, 0, 0, 0])
        #expect(throws: ProblemError("row 0 lists column 7, outside 0..<2")) { try InstanceFile.parse(badColumn) }
    }

    @Test("files on disk load the same, and a truncated file or a folder is a clear error")
    func filesOnDisk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-instances-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let denseFile = folder.appendingPathComponent("a.dense"), sparseFile = folder.appendingPathComponent("a.sparse")
        try InstanceFile.encode(dense).write(to: denseFile)
        try InstanceFile.encode(sparse).write(to: sparseFile)
        guard case .dense(let readDense) = try InstanceFile.load(path: denseFile.path),
              case .sparse(let readSparse) = try InstanceFile.load(path: sparseFile.path) else {
            Issue.record("expected a dense and a sparse instance"); return
        }
        #expect(readDense == dense && readSparse == sparse)
        try InstanceFile.encode(dense).dropLast(2).write(to: denseFile)
        #expect(throws: ProblemError("\(denseFile.path): truncated: the 2 x 3 costs need 24 bytes at offset 28, "
            + "but the file has 50 bytes")) { try InstanceFile.load(path: denseFile.path) }
        #expect(throws: ProblemError("\(folder.path): cannot read the file (not a regular file)")) {
            try InstanceFile.load(path: folder.path)
        }
    }

    @Test("a missing file names the path")
    func missingFile() {
        #expect {
            try InstanceFile.load(path: "/nonexistent/x.dense")
        } throws: { error in
            (error as? ProblemError)?.message.hasPrefix("/nonexistent/x.dense: cannot read the file") == true
        }
    }
}
