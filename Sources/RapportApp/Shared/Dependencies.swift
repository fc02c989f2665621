import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Random bytes: the system's when serving; a seeded stream where a test wants the same values on every run.
public struct RandomSource: Sendable {
    let bytes: @Sendable (Int) -> [UInt8]

    public init(bytes: @escaping @Sendable (Int) -> [UInt8]) { self.bytes = bytes }

    public static let system = RandomSource { count in
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// SplitMix64 from `seed`, for tests only: predictable by design, so never for serving.
    public static func seeded(_ seed: UInt64) -> RandomSource {
        let state = NIOLockedValueBox<UInt64>(seed)
        return RandomSource { count in
            state.withLockedValue { (value: inout UInt64) -> [UInt8] in
                (0..<count).map { _ in
                    value &+= 0x9E37_79B9_7F4A_7C15
                    var z = value
                    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                    return UInt8(truncatingIfNeeded: z ^ (z >> 31))
                }
            }
        }
    }

    /// A random (version 4) UUID: every record's id comes from here, so a seeded source makes them repeatable.
    func uuid() -> UUID {
        var bytes = self.bytes(16)
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A number in `range`, without the bias of a plain remainder.
    func number(in range: Range<Int>) -> Int {
        let span = UInt64(range.count)
        let limit = UInt64.max - UInt64.max % span
        while true {
            let value = bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if value < limit { return range.lowerBound + Int(value % span) }
        }
    }
}

/// Everything Rapport reaches outside itself for, in one place: the clock, randomness, the keys and the note cipher,
/// and the mailer. `configure` makes the live values from the configuration; tests swap any of them (a clock they
/// move, a mailbox). The application and every request reach them the same way.
struct Dependencies: Sendable {
    var clock: Clock
    var random: RandomSource
    var notes: NoteCipher
    var keys: ServerKeys
    var mailer: Mailer
    /// Audited reads waiting to be written together (`AuditBatch`).
    let auditBatch = AuditBatch()

    var now: Date { clock.now() }
    var audit: AuditLog { AuditLog(clock: clock, keys: keys, batch: auditBatch) }
}

private struct DependenciesKey: StorageKey { typealias Value = Dependencies }

extension Application {
    var dependencies: Dependencies {
        get {
            guard let dependencies = storage[DependenciesKey.self] else { preconditionFailure("configure(_:_:) sets the dependencies first") }
            return dependencies
        }
        set { storage[DependenciesKey.self] = newValue }
    }

    var notes: NoteCipher { dependencies.notes }
    var keys: ServerKeys { dependencies.keys }
    var audit: AuditLog { dependencies.audit }
    public var mailer: Mailer {
        get { dependencies.mailer }
        set { dependencies.mailer = newValue }
    }
}

extension Request {
    var dependencies: Dependencies { application.dependencies }
    var now: Date { dependencies.now }
    var audit: AuditLog { dependencies.audit }
    var notes: NoteCipher { dependencies.notes }
}
