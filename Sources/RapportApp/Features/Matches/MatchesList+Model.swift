import Fluent
import SQLKit
import Vapor

/// One page of the coordinator's Matches: the pairs the filter finds, newest change first, a hundred at a time, with
/// each one's early warnings and how many pairs of all pages may need a check-in.
struct MatchesListModel {
    struct Filter {
        var state: MatchState?
        var page = 1

        init(_ request: Request) {
            state = (try? request.query.get(String.self, at: "state")).flatMap(MatchState.init(rawValue:)).flatMap { $0 == .proposed ? nil : $0 }
            page = Pagination.page(of: request)
        }

        func path(page: Int) -> String {
            Pagination.path(SiteRoute.matches.path, filters: state.map { [URLQueryItem(name: "state", value: $0.rawValue)] } ?? [], page: page)
        }
    }

    /// One row of the table: only what it shows.
    struct Row {
        let id: UUID
        let mentee: String
        let mentor: String
        let state: MatchState
        let programme: String
        let score: Int
    }

    static let pageSize = 100

    let filter: Filter
    let matches: [Row]
    let flags: [UUID: MatchFlags]
    let total: Int
    /// Active pairs of the whole filter (not only this page) with at least one early warning.
    let flaggedPairs: Int

    var pageCount: Int { Pagination.pageCount(total: total, pageSize: Self.pageSize) }
    var firstShown: Int { (filter.page - 1) * Self.pageSize + 1 }

    static func load(school: School, filter: Filter, now: Date, kept: KeptFigures? = nil, on database: any Database) async throws -> MatchesListModel {
        let schoolID = try school.requireID()
        let found = { () -> QueryBuilder<MentoringMatch> in
            let query = MentoringMatch.query(on: database).filter(\.$school.$id == schoolID).filter(\.$state != .proposed)
            return filter.state.map { query.filter(\.$state == $0) } ?? query
        }
        let total = try await found().count()
        let matches = try await rows(school: schoolID, state: filter.state, page: filter.page, on: database)
        let flags = filter.state.map { [.active, .awaitingAgreement].contains($0) } ?? true ? try await MatchFlags.ofSchool(schoolID, now: now, kept: kept, on: database) : [:]
        let snoozed = flags.isEmpty ? [:] : try await FlagSnooze.running(school: schoolID, now: now, on: database)
        return MatchesListModel(filter: filter, matches: matches, flags: flags, total: total,
                                flaggedPairs: flags.filter { !$0.value.isEmpty && snoozed[$0.key] == nil }.count)
    }

    private static func rows(school schoolID: UUID, state: MatchState?, page: Int, on database: any Database) async throws -> [Row] {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        let inState: SQLQueryString = state.map { "matches.state = \(bind: $0.rawValue)" } ?? "matches.state <> \(bind: MatchState.proposed.rawValue)"
        return try await sql.raw("""
            SELECT matches.id, matches.state, matches.score, programmes.name AS programme, programmes.school_year,
                   mentee.given_name AS mentee_given, mentee.family_name AS mentee_family,
                   mentor.given_name AS mentor_given, mentor.family_name AS mentor_family
            FROM matches JOIN people AS mentee ON mentee.id = matches.mentee_id JOIN people AS mentor ON mentor.id = matches.mentor_id
            JOIN programmes ON programmes.id = matches.programme_id
            WHERE matches.school_id = \(bind: schoolID) AND \(inState)
            ORDER BY matches.updated_at DESC, matches.id
            LIMIT \(unsafeRaw: String(pageSize)) OFFSET \(unsafeRaw: String((page - 1) * pageSize))
            """).all().map { row in
            let text = { (column: String) in try row.decode(column: column, as: String.self) }
            return Row(id: try row.decode(column: "id", as: UUID.self), mentee: "\(try text("mentee_given")) \(try text("mentee_family"))",
                       mentor: "\(try text("mentor_given")) \(try text("mentor_family"))",
                       state: MatchState(rawValue: try text("state")) ?? .active,
                       programme: "\(try text("programme")) \(try text("school_year"))", score: try row.decode(column: "score", as: Int.self))
        }
    }
}
