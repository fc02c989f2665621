/// A QR code (ISO/IEC 18004) in byte mode at error-correction level M, versions 1 to 10: enough for the
/// `otpauth://` address an authenticator app scans (up to 213 bytes). Drawn by the server, so enrolling needs no
/// script and no outside service.
struct QRCode: Sendable {
    /// `modules[row][column]`, true for dark.
    let modules: [[Bool]]
    let version: Int
    let mask: Int
    var size: Int { modules.count }

    enum Failure: Error, Equatable { case tooLong(bytes: Int) }

    /// Level M's blocks for versions 1...10: error-correction codewords per block, and the data codewords of each block.
    private static let blocks: [(ecPerBlock: Int, dataPerBlock: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]),
        (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]), (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]),
        (26, [43, 43, 43, 43, 44]),
    ]
    private static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    static func dataCapacity(version: Int) -> Int { blocks[version - 1].dataPerBlock.reduce(0, +) }

    /// Bytes that fit in `version`: mode and length take 12 bits below version 10 and 20 from it.
    static func byteCapacity(version: Int) -> Int { (dataCapacity(version: version) * 8 - (version < 10 ? 12 : 20)) / 8 }

    init(bytes: [UInt8]) throws {
        guard let version = (1...10).first(where: { Self.byteCapacity(version: $0) >= bytes.count }) else {
            throw Failure.tooLong(bytes: bytes.count)
        }
        var grid = Grid(version: version)
        grid.drawFunctionPatterns()
        grid.drawCodewords(Self.codewords(for: bytes, version: version))
        // The mask that leaves the fewest patterns a reader could trip on (the standard's penalty rules).
        var best: (grid: Grid, mask: Int, penalty: Int)?
        for mask in 0..<8 {
            var candidate = grid
            candidate.apply(mask: mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (candidate, mask, penalty) }
        }
        modules = best!.grid.modules
        self.version = version
        mask = best!.mask
    }

    init(text: String) throws { try self.init(bytes: Array(text.utf8)) }

    // MARK: Codewords

    static func codewords(for bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version < 10 ? 8 : 16)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacityBits = dataCapacity(version: version) * 8
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < dataCapacity(version: version) {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return interleave(data, version: version)
    }

    /// Splits the data into the version's blocks, adds each block's error correction, and interleaves them.
    static func interleave(_ data: [UInt8], version: Int) -> [UInt8] {
        let layout = blocks[version - 1]
        let divisor = ReedSolomon.divisor(degree: layout.ecPerBlock)
        var dataBlocks: [[UInt8]] = []
        var start = 0
        for length in layout.dataPerBlock {
            dataBlocks.append(Array(data[start..<start + length]))
            start += length
        }
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder(of: $0, dividedBy: divisor) }
        var result: [UInt8] = []
        for index in 0..<(layout.dataPerBlock.max() ?? 0) {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<layout.ecPerBlock {
            for block in ecBlocks { result.append(block[index]) }
        }
        return result
    }

    // MARK: SVG

    /// The code as an SVG image with its four-module quiet zone, dark runs merged into one path.
    func svg(title: String, pixelsPerModule: Int = 6) -> String {
        let quiet = 4
        let side = size + quiet * 2
        var path = ""
        for (row, line) in modules.enumerated() {
            var column = 0
            while column < size {
                guard line[column] else { column += 1; continue }
                let start = column
                while column < size && line[column] { column += 1 }
                path += "M\(start + quiet) \(row + quiet)h\(column - start)v1h-\(column - start)z"
            }
        }
        let escapedTitle = HTMLAttributeValue.escaped(title)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label="\(escapedTitle)" viewBox="0 0 \(side) \(side)" \
        width="\(side * pixelsPerModule)" height="\(side * pixelsPerModule)" shape-rendering="crispEdges">\
        <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
        """
    }
}

/// Bits appended most significant first.
private struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) { $0 | ($1.element ? 0x80 >> UInt8($1.offset) : 0) }
        }
    }
}

/// Reed-Solomon error correction over GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= ((Int(y) >> bit) & 1) * Int(x)
        }
        return UInt8(product)
    }

    /// The generator polynomial (x - α⁰)(x - α¹)…(x - α^(degree-1)), highest coefficient (always 1) left out.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                result[index] = multiply(result[index], root)
                if index + 1 < degree { result[index] ^= result[index + 1] }
            }
            root = multiply(root, 2)
        }
        return result
    }

    static func remainder(of data: [UInt8], dividedBy divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}

/// The module grid while it is drawn: which modules are dark, and which belong to fixed patterns (not data, not masked).
private struct Grid {
    let version: Int
    let size: Int
    var modules: [[Bool]]
    var isFunction: [[Bool]]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = modules
    }

    mutating func set(row: Int, column: Int, _ dark: Bool) {
        modules[row][column] = dark
        isFunction[row][column] = true
    }

    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            set(row: 6, column: index, index % 2 == 0)
            set(row: index, column: 6, index % 2 == 0)
        }
        for (row, column) in [(3, 3), (3, size - 4), (size - 4, 3)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(row + dy) && (0..<size).contains(column + dx) {
                    let distance = max(abs(dx), abs(dy))
                    set(row: row + dy, column: column + dx, distance != 2 && distance != 4)
                }
            }
        }
        let centres = QRCode.alignmentCentresFor(version: version)
        for (i, row) in centres.enumerated() {
            for (j, column) in centres.enumerated() {
                let last = centres.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { set(row: row + dy, column: column + dx, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(mask: 0)  // reserves the area; redrawn once the mask is chosen
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for index in 0..<18 {
                let dark = (bits >> index) & 1 == 1
                let a = size - 11 + index % 3, b = index / 3
                set(row: b, column: a, dark)
                set(row: a, column: b, dark)
            }
        }
    }

    /// Level M with `mask`, BCH-protected, in both copies; and the module that is always dark.
    mutating func drawFormatBits(mask: Int) {
        let data = 0b00 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { set(row: index, column: 8, bit(index)) }
        set(row: 7, column: 8, bit(6))
        set(row: 8, column: 8, bit(7))
        set(row: 8, column: 7, bit(8))
        for index in 9..<15 { set(row: 8, column: 14 - index, bit(index)) }
        for index in 0..<8 { set(row: 8, column: size - 1 - index, bit(index)) }
        for index in 8..<15 { set(row: size - 15 + index, column: 8, bit(index)) }
        set(row: size - 8, column: 8, true)
    }

    /// Data in two-module columns, zig-zagging up and down from the bottom right, around the fixed patterns.
    mutating func drawCodewords(_ data: [UInt8]) {
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for offset in 0..<2 {
                    let column = right - offset
                    let upward = (right + 1) & 2 == 0
                    let row = upward ? size - 1 - vertical : vertical
                    guard !isFunction[row][column], bitIndex < data.count * 8 else { continue }
                    modules[row][column] = (data[bitIndex >> 3] >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    mutating func apply(mask: Int) {
        for row in 0..<size {
            for column in 0..<size where !isFunction[row][column] {
                let flip = switch mask {
                case 0: (row + column) % 2 == 0
                case 1: row % 2 == 0
                case 2: column % 3 == 0
                case 3: (row + column) % 3 == 0
                case 4: (row / 2 + column / 3) % 2 == 0
                case 5: (row * column) % 2 + (row * column) % 3 == 0
                case 6: ((row * column) % 2 + (row * column) % 3) % 2 == 0
                default: ((row + column) % 2 + (row * column) % 3) % 2 == 0
                }
                if flip { modules[row][column].toggle() }
            }
        }
    }

    /// The standard's four penalty rules: long runs, 2×2 blocks, finder-like patterns, and imbalance of dark and light.
    func penalty() -> Int {
        var total = 0
        let columns = (0..<size).map { column in modules.map { $0[column] } }
        let finderLike: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
        let finderLikeReversed = Array(finderLike.reversed())
        for line in modules + columns {
            var run = 1
            for index in 1..<size {
                if line[index] == line[index - 1] {
                    run += 1
                } else {
                    if run >= 5 { total += run - 2 }
                    run = 1
                }
            }
            if run >= 5 { total += run - 2 }
            for start in 0...(size - finderLike.count) {
                let window = Array(line[start..<start + finderLike.count])
                if window == finderLike || window == finderLikeReversed { total += 40 }
            }
        }
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let colour = modules[row][column]
                if modules[row][column + 1] == colour && modules[row + 1][column] == colour && modules[row + 1][column + 1] == colour {
                    total += 3
                }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        let percent = dark * 100 / (size * size)
        total += abs(percent - 50) / 5 * 10
        return total
    }
}

extension QRCode {
    static func alignmentCentresFor(version: Int) -> [Int] { alignmentCentres[version - 1] }
}
