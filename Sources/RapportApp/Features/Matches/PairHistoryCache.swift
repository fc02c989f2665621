import Fluent
import SQLKit
import Vapor

/// Keeps each pair's early-warning history (`pair_histories`) so the coordinator's home and Matches read one short row
/// a pair instead of working out every pair's meetings on every view. A kept row is used only while both hold:
/// - its generation is the match's `history_generation`, which `Invalidation` raises after every write to the pair's
///   meetings or attendance (read before the meetings are, so a row can only ever be older than its generation says);
/// - its `valid_until` has not come: the next end of an agreed meeting, or the moment an unrecorded one becomes overdue.
enum PairHistoryCache {
    /// A history's numbers in one text column, in this order: one value to decode a pair instead of sixteen (decoding is
    /// what a school's pages spend most on). The last meeting held is seconds since 1970 (Swift's shortest exact form);
    /// a missing value is empty.
    private static let numbers: [WritableKeyPath<MatchFlags.History, Int>] = [
        \.recentScheduled, \.recentAttended, \.missedStreak, \.unrecordedOverdue, \.disagreements, \.mentor.lastCheck, \.mentor.lastRound,
        \.mentee.lastCheck, \.mentee.lastRound, \.commitmentsReviewed, \.commitmentsNotKept,
    ]
    private static let scores: [WritableKeyPath<MatchFlags.History, Int?>] = [
        \.mentor.lastTenths, \.mentor.previousTenths, \.mentee.lastTenths, \.mentee.previousTenths,
    ]

    static func pack(_ history: MatchFlags.History) -> String {
        ([history.lastHeld.map { String($0.timeIntervalSince1970) } ?? ""]
            + numbers.map { String(history[keyPath: $0]) } + scores.map { history[keyPath: $0].map(String.init) ?? "" })
            .joined(separator: ",")
    }

    static func unpack(_ text: String) -> MatchFlags.History? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 1 + numbers.count + scores.count else { return nil }
        var history = MatchFlags.History()
        history.lastHeld = Double(parts[0]).map { Date(timeIntervalSince1970: $0) }
        for (index, path) in numbers.enumerated() {
            guard let value = Int(parts[1 + index]) else { return nil }
            history[keyPath: path] = value
        }
        for (index, path) in scores.enumerated() { history[keyPath: path] = Int(parts[1 + numbers.count + index]) }
        return history
    }

    /// The columns `kept(_:now:)` reads, for a query that joins `matches` and `pair_histories AS kept`.
    static let columns: SQLQueryString = "matches.history_generation, kept.generation, kept.valid_until, kept.packed"

    static func histories(of matchIDs: [UUID], now: Date, on database: any Database) async throws -> [UUID: MatchFlags.History] {
        guard !matchIDs.isEmpty, let sql = database as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT matches.id, \(columns) FROM matches LEFT JOIN pair_histories AS kept ON kept.match_id = matches.id
            WHERE matches.id IN (\(binds: matchIDs))
            """).all()
        return try await histories(from: rows, now: now, on: database)
    }

    /// The histories of rows read with `columns` (and the match's `id`): the kept ones still true, the rest worked out
    /// again and kept.
    static func histories(from rows: [any SQLRow], now: Date, on database: any Database) async throws -> [UUID: MatchFlags.History] {
        var histories: [UUID: MatchFlags.History] = [:]
        var stale: [UUID: Int] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let generation = try row.decode(column: "history_generation", as: Int.self)
            if let history = try kept(row, generation: generation, now: now) { histories[id] = history } else { stale[id] = generation }
        }
        guard !stale.isEmpty, let sql = database as? any SQLDatabase else { return histories }
        for (id, computed) in try await MatchFlags.computeHistories(of: Array(stale.keys), now: now, on: database) {
            histories[id] = computed.0
            try await keep(computed.0, validUntil: computed.validUntil, generation: stale[id] ?? 0, for: id, on: sql)
        }
        return histories
    }

    private static func kept(_ row: any SQLRow, generation: Int, now: Date) throws -> MatchFlags.History? {
        guard try row.decode(column: "generation", as: Int?.self) == generation else { return nil }
        if let validUntil = try row.decode(column: "valid_until", as: Date?.self), validUntil <= now { return nil }
        return unpack(try row.decode(column: "packed", as: String.self))
    }

    private static func keep(_ history: MatchFlags.History, validUntil: Date?, generation: Int, for matchID: UUID, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO pair_histories (match_id, generation, valid_until, packed)
            VALUES (\(bind: matchID), \(bind: generation), \(bind: validUntil), \(bind: pack(history)))
            ON CONFLICT (match_id) DO UPDATE SET generation = excluded.generation, valid_until = excluded.valid_until, packed = excluded.packed
            """).run()
    }

    /// Raises the pair's `history_generation` after any write to one of its meetings, what someone said of one, a
    /// check, feedback answer or commitment of the pair, or a coordinator's check-in or someone's wish to stop.
    struct Invalidation: AnyModelMiddleware {
        func handle(_ event: ModelEvent, _ model: any AnyModel, on database: any Database, chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
            let raise = { (matchID: UUID) -> SQLQueryString in "UPDATE matches SET history_generation = history_generation + 1 WHERE id = \(bind: matchID)" }
            let statement: SQLQueryString? = switch model {
            case let meeting as Meeting: raise(meeting.$match.id)
            case let attendance as MeetingAttendance:
                "UPDATE matches SET history_generation = history_generation + 1 WHERE id = (SELECT match_id FROM meetings WHERE id = \(bind: attendance.$meeting.id))"
            case let answer as PulseAnswer: raise(answer.$match.id)
            case let answer as FeedbackAnswer: raise(answer.$match.id)
            case let commitment as Commitment: raise(commitment.$match.id)
            // Not part of the history, but of the flags kept from it (`KeptFigures`): contacts and a wish to stop.
            case let checkIn as PairCheckIn: raise(checkIn.$match.id)
            case let request as StopRequest: raise(request.$match.id)
            default: nil
            }
            guard let statement, let sql = database as? any SQLDatabase else { return next.handle(event, model, on: database) }
            return next.handle(event, model, on: database).flatMap { sql.raw(statement).run() }
        }
    }
}
