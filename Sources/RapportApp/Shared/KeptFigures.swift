import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Figures worked out over whole schools (every pair's early warnings, the dashboard) kept between requests, so a busy
/// page does not work them out again for every visitor. A kept value is used only while both hold:
/// - the data it came from is unchanged: its fingerprint, a few counts and sums the database gives in one short query,
///   is the same (every write that can change a pair's flags raises its match's `history_generation` or `updated_at`);
/// - it is less than `longest` old by the injected clock, so what moves with the clock alone (days since a meeting, a
///   contact falling due) is at most that late.
/// Requests that arrive while a value is being worked out wait for that one instead of working it out again.
final class KeptFigures: Sendable {
    static let longest: TimeInterval = 60
    /// Kept values at most; the oldest goes first.
    static let capacity = 256

    private struct Entry {
        let fingerprint: String
        let madeAt: Date
        let work: Task<any Sendable, any Error>
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    func value<Value: Sendable>(
        _ key: String, fingerprint: String, now: Date, make: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let work = entries.withLockedValue { entries -> Task<any Sendable, any Error> in
            if let entry = entries[key], entry.fingerprint == fingerprint, now >= entry.madeAt, now.timeIntervalSince(entry.madeAt) < Self.longest {
                return entry.work
            }
            if entries[key] == nil, entries.count >= Self.capacity, let oldest = entries.min(by: { $0.value.madeAt < $1.value.madeAt })?.key {
                entries[oldest] = nil
            }
            let work = Task<any Sendable, any Error> { try await make() }
            entries[key] = Entry(fingerprint: fingerprint, madeAt: now, work: work)
            return work
        }
        do {
            guard let value = try await work.value as? Value else { throw Abort(.internalServerError) }
            return value
        } catch {
            // A failure is not kept: the next request tries again.
            entries.withLockedValue { entries in if entries[key]?.work == work { entries[key] = nil } }
            throw error
        }
    }
}

private struct KeptFiguresKey: StorageKey { typealias Value = KeptFigures }

extension Application {
    /// This process's kept figures, made by `configure`.
    var keptFigures: KeptFigures {
        get { storage[KeptFiguresKey.self] ?? KeptFigures() }
        set { storage[KeptFiguresKey.self] = newValue }
    }
}
