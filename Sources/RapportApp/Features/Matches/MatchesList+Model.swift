import Fluent
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

    static let pageSize = 100

    let filter: Filter
    let matches: [MentoringMatch]
    let flags: [UUID: MatchFlags]
    let total: Int
    /// Active pairs of the whole filter (not only this page) with at least one early warning.
    let flaggedPairs: Int

    var pageCount: Int { Pagination.pageCount(total: total, pageSize: Self.pageSize) }
    var firstShown: Int { (filter.page - 1) * Self.pageSize + 1 }

    static func load(school: School, filter: Filter, now: Date, on database: any Database) async throws -> MatchesListModel {
        let schoolID = try school.requireID()
        let found = { () -> QueryBuilder<MentoringMatch> in
            let query = MentoringMatch.query(on: database).filter(\.$school.$id == schoolID).filter(\.$state != .proposed)
            return filter.state.map { query.filter(\.$state == $0) } ?? query
        }
        let total = try await found().count()
        let matches = try await found().withPair().sort(\.$updatedAt, .descending).sort(\.$id)
            .range(lower: (filter.page - 1) * pageSize, upper: filter.page * pageSize - 1).all()
        let flags = filter.state == nil || filter.state == .active ? try await MatchFlags.ofActivePairs(school: schoolID, now: now, on: database) : [:]
        return MatchesListModel(filter: filter, matches: matches, flags: flags, total: total,
                                flaggedPairs: flags.values.filter { !$0.isEmpty }.count)
    }
}
