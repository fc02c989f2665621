import Foundation
import SQLKit
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Kept figures")
struct KeptFiguresTests {
    /// Counts how often a value was worked out.
    final class Counter: Sendable {
        private let box = NIOLockedValueBox(0)
        var count: Int { box.withLockedValue { $0 } }
        func next() -> Int { box.withLockedValue { $0 += 1; return $0 } }
    }

    @Test func aValueIsUsedAgainOnlyWhileItsDataAndTheMinuteHold() async throws {
        let kept = KeptFigures(), made = Counter()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let ask = { (fingerprint: String, seconds: TimeInterval) in
            try await kept.value("flags", fingerprint: fingerprint, now: start.addingTimeInterval(seconds)) { made.next() }
        }
        #expect(try await ask("a", 0) == 1)
        #expect(try await ask("a", 59) == 1, "the same data within the minute")
        #expect(try await ask("b", 59) == 2, "changed data is worked out again at once")
        #expect(try await ask("b", 59 + 60) == 3, "a minute later, whatever the data, for what moves with the clock")
        #expect(try await ask("b", 30) == 4, "a clock that went back does not use a value from its future")
        #expect(try await kept.value("other", fingerprint: "b", now: start) { made.next() } == 5, "each key has its own")
    }

    @Test func visitorsArrivingTogetherWaitForOneWorkingOut() async throws {
        let kept = KeptFigures(), made = Counter()
        let now = Date()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await kept.value("dashboard", fingerprint: "x", now: now) {
                        try await Task.sleep(for: .milliseconds(50))
                        return made.next()
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 1, count: 8) && made.count == 1)
    }

    @Test func aFailureIsNotKept() async throws {
        struct Failed: Error {}
        let kept = KeptFigures(), made = Counter()
        let now = Date()
        await #expect(throws: Failed.self) { try await kept.value("k", fingerprint: "x", now: now) { () async throws -> Int in throw Failed() } }
        #expect(try await kept.value("k", fingerprint: "x", now: now) { made.next() } == 1)
    }

    @Test func theCapacityDropsTheOldest() async throws {
        let kept = KeptFigures(), made = Counter()
        let start = Date()
        for index in 0..<KeptFigures.capacity {
            _ = try await kept.value("k\(index)", fingerprint: "x", now: start.addingTimeInterval(Double(index) / 1000)) { made.next() }
        }
        _ = try await kept.value("one more", fingerprint: "x", now: start.addingTimeInterval(1)) { made.next() }
        let before = made.count
        _ = try await kept.value("k1", fingerprint: "x", now: start.addingTimeInterval(1)) { made.next() }
        #expect(made.count == before, "a recent one is still kept")
        _ = try await kept.value("k0", fingerprint: "x", now: start.addingTimeInterval(1)) { made.next() }
        #expect(made.count == before + 1, "the oldest made room")
    }

    @Test("a school's kept flags follow the writes that change them (a check-in, a wish to stop, a match's move) at once")
    func keptFlagsFollowWrites() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let school = pair.world.school.id!
            let kept = KeptFigures()
            let fingerprints = Counter()
            var last = ""
            let changed = { () async throws -> Bool in
                let now = try await MatchFlags.fingerprint(of: [school], on: app.db as! any SQLDatabase)
                defer { last = now; _ = fingerprints.next() }
                return now != last
            }
            #expect(try await changed())
            clock.advance(by: 16 * 86_400)
            let flagged = try await MatchFlags.ofSchool(school, now: clock.now, kept: kept, on: app.db)
            #expect(flagged[pair.match.id!]?.reasons.contains(.contactOverdue(days: 1)) == true)
            let checkIn = PairCheckIn()
            checkIn.$school.id = school
            checkIn.$match.id = pair.match.id!
            checkIn.$coordinator.id = pair.world.coordinator.id!
            (checkIn.withWhom, checkIn.how, checkIn.noteSealed, checkIn.checkedOn, checkIn.recordedAt) = (.both, .call, "sealed", clock.now, clock.now)
            try await checkIn.create(on: app.db)
            #expect(try await changed(), "a check-in")
            let after = try await MatchFlags.ofSchool(school, now: clock.now, kept: kept, on: app.db)
            #expect(after[pair.match.id!]?.reasons.contains(.contactOverdue(days: 1)) == false, "seen at once, not a minute later")
            let one = try await MatchFlags.ofSchool(school, only: pair.match.id!, now: clock.now, kept: kept, on: app.db)
            #expect(one == (try await MatchFlags.ofSchool(school, only: pair.match.id!, now: clock.now, on: app.db)), "one match's, as worked out alone")
            let stop = StopRequest()
            stop.$match.id = pair.match.id!
            stop.$person.id = pair.world.mentee.id!
            stop.askedAt = clock.now
            try await stop.create(on: app.db)
            #expect(try await changed(), "a wish to stop")
            pair.match.updatedAt = clock.now
            pair.match.state = .paused
            try await pair.match.update(on: app.db)
            #expect(try await changed(), "a move")
            #expect(try await MatchFlags.ofSchool(school, now: clock.now, kept: kept, on: app.db)[pair.match.id!] == nil, "paused pairs are not judged")
        }
    }
}
