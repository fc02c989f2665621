import Fluent
import SQLKit
import Vapor

/// Keeps each pair's early-warning history (`pair_histories`) so the coordinator's home and Matches read one short row
/// a pair instead of working out every pair's meetings on every view. A kept row is used only while both hold:
/// - its generation is the match's `history_generation`, which `Invalidation` raises after every write to the pair's
///   meetings or attendance (read before the meetings are, so a row can only ever be older than its generation says);
/// - its `valid_until` has not come: the next end of an agreed meeting, or the moment an unrecorded one becomes overdue.
enum PairHistoryCache {
    /// The kept values, each a column of `pair_histories`: how to read it from a history and write it back.
    private struct Column: Sendable {
        let name: String
        let value: @Sendable (MatchFlags.History) -> any Encodable & Sendable
        let read: @Sendable (inout MatchFlags.History, any SQLRow) throws -> Void
    }

    private static func number(_ name: String, _ path: WritableKeyPath<MatchFlags.History, Int> & Sendable) -> Column {
        Column(name: name, value: { $0[keyPath: path] }, read: { $0[keyPath: path] = try $1.decode(column: name, as: Int.self) })
    }

    private static func tenths(_ name: String, _ path: WritableKeyPath<MatchFlags.History, Int?> & Sendable) -> Column {
        Column(name: name, value: { $0[keyPath: path] }, read: { $0[keyPath: path] = try $1.decode(column: name, as: Int?.self) })
    }

    private static let kept: [Column] = [
        Column(name: "last_held", value: { $0.lastHeld }, read: { $0.lastHeld = try $1.decode(column: "last_held", as: Date?.self) }),
        number("recent_scheduled", \.recentScheduled), number("recent_attended", \.recentAttended), number("missed_streak", \.missedStreak),
        number("unrecorded_overdue", \.unrecordedOverdue), number("disagreements", \.disagreements),
        number("mentor_check", \.mentor.lastCheck), tenths("mentor_tenths", \.mentor.lastTenths),
        tenths("mentor_previous_tenths", \.mentor.previousTenths), number("mentor_round", \.mentor.lastRound),
        number("mentee_check", \.mentee.lastCheck), tenths("mentee_tenths", \.mentee.lastTenths),
        tenths("mentee_previous_tenths", \.mentee.previousTenths), number("mentee_round", \.mentee.lastRound),
        number("commitments_reviewed", \.commitmentsReviewed), number("commitments_not_kept", \.commitmentsNotKept),
    ]

    /// The columns `kept(_:now:)` reads, for a query that joins `matches` and `pair_histories AS kept`.
    static let columns = SQLQueryString("matches.history_generation, kept.generation, kept.valid_until, "
        + kept.map { "kept.\($0.name)" }.joined(separator: ", "))

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
        var history = MatchFlags.History()
        for column in kept { try column.read(&history, row) }
        return history
    }

    private static func keep(_ history: MatchFlags.History, validUntil: Date?, generation: Int, for matchID: UUID, on sql: any SQLDatabase) async throws {
        let names = ["match_id", "generation", "valid_until"] + kept.map(\.name)
        let values: [any Encodable & Sendable] = [matchID, generation, validUntil] + kept.map { $0.value(history) }
        try await sql.insert(into: "pair_histories").columns(names).values(values.map { SQLBind($0) as any SQLExpression })
            .onConflict(with: ["match_id"]) { update in names.dropFirst().reduce(update) { $0.set(excludedValueOf: $1) } }
            .run()
    }

    /// Raises the pair's `history_generation` after any write to one of its meetings, what someone said of one, or a
    /// check, feedback answer or commitment of the pair.
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
            default: nil
            }
            guard let statement, let sql = database as? any SQLDatabase else { return next.handle(event, model, on: database) }
            return next.handle(event, model, on: database).flatMap { sql.raw(statement).run() }
        }
    }
}
