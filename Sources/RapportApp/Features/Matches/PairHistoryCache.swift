import Fluent
import SQLKit
import Vapor

/// Keeps each pair's early-warning history (`pair_histories`) so the coordinator's home and Matches read one short row
/// a pair instead of working out every pair's meetings on every view. A kept row is used only while both hold:
/// - its generation is the match's `history_generation`, which `Invalidation` raises after every write to the pair's
///   meetings or attendance (read before the meetings are, so a row can only ever be older than its generation says);
/// - its `valid_until` has not come: the next end of an agreed meeting, or the moment an unrecorded one becomes overdue.
enum PairHistoryCache {
    /// The columns `kept(_:now:)` reads, for a query that joins `matches` and `pair_histories AS kept`.
    static let columns: SQLQueryString = """
        matches.history_generation, kept.generation, kept.last_held, kept.recent_scheduled, kept.recent_attended,
        kept.missed_streak, kept.unrecorded_overdue, kept.valid_until
        """

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
        return MatchFlags.History(
            lastHeld: try row.decode(column: "last_held", as: Date?.self), recentScheduled: try row.decode(column: "recent_scheduled", as: Int.self),
            recentAttended: try row.decode(column: "recent_attended", as: Int.self),
            missedStreak: try row.decode(column: "missed_streak", as: Int.self),
            unrecordedOverdue: try row.decode(column: "unrecorded_overdue", as: Int.self))
    }

    private static func keep(_ history: MatchFlags.History, validUntil: Date?, generation: Int, for matchID: UUID, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO pair_histories (match_id, generation, last_held, recent_scheduled, recent_attended, missed_streak, unrecorded_overdue, valid_until)
            VALUES (\(bind: matchID), \(bind: generation), \(bind: history.lastHeld), \(bind: history.recentScheduled), \(bind: history.recentAttended),
                    \(bind: history.missedStreak), \(bind: history.unrecordedOverdue), \(bind: validUntil))
            ON CONFLICT (match_id) DO UPDATE SET generation = excluded.generation, last_held = excluded.last_held,
                recent_scheduled = excluded.recent_scheduled, recent_attended = excluded.recent_attended,
                missed_streak = excluded.missed_streak, unrecorded_overdue = excluded.unrecorded_overdue, valid_until = excluded.valid_until
            """).run()
    }

    /// Raises the pair's `history_generation` after any write to one of its meetings or to what someone said of one.
    struct Invalidation: AnyModelMiddleware {
        func handle(_ event: ModelEvent, _ model: any AnyModel, on database: any Database, chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
            let raise: SQLQueryString?
            if let meeting = model as? Meeting {
                raise = "UPDATE matches SET history_generation = history_generation + 1 WHERE id = \(bind: meeting.$match.id)"
            } else if let attendance = model as? MeetingAttendance {
                raise = "UPDATE matches SET history_generation = history_generation + 1 WHERE id = (SELECT match_id FROM meetings WHERE id = \(bind: attendance.$meeting.id))"
            } else {
                raise = nil
            }
            guard let raise, let sql = database as? any SQLDatabase else { return next.handle(event, model, on: database) }
            return next.handle(event, model, on: database).flatMap { sql.raw(raise).run() }
        }
    }
}
