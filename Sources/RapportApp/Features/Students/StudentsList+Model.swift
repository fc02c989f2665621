import Fluent
import SQLKit
import Vapor

/// One page of the coordinator's students list: what the filters find, asked of the database a page at a time with
/// only the columns the table shows, so a school of 2,000 lists as fast as one of 30.
struct StudentsListModel {
    struct Filter {
        var query = ""
        var year: Int?
        var role: Role?
        var page = 1

        init(_ request: Request) {
            query = String(((try? request.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
            year = (try? request.query.get(String.self, at: "year")).flatMap(Int.init)
            role = (try? request.query.get(String.self, at: "role")).flatMap(Role.init(rawValue:)).flatMap { $0.isStudent ? $0 : nil }
            page = Pagination.page(of: request)
        }

        /// The list's address (the page's, or another's such as the API's) with these filters, on another page.
        func path(page: Int, base: String = SiteRoute.students.path) -> String {
            Pagination.path(base, filters: [
                query.isEmpty ? nil : URLQueryItem(name: "q", value: query), year.map { URLQueryItem(name: "year", value: String($0)) },
                role.map { URLQueryItem(name: "role", value: $0.rawValue) },
            ].compactMap { $0 }, page: page)
        }
    }

    struct Row {
        let id: UUID
        let givenName: String
        let familyName: String
        var fullName: String { "\(givenName) \(familyName)" }
        let username: String
        let yearGroup: Int?
        let role: Role
        let capacity: Int?
        let profileStarted: Bool
    }

    static let pageSize = 100

    let filter: Filter
    let rows: [Row]
    /// How many students the filters find on all pages.
    let total: Int

    var pageCount: Int { Pagination.pageCount(total: total, pageSize: Self.pageSize) }
    /// The place of the first row shown, counting from 1.
    var firstShown: Int { (filter.page - 1) * Self.pageSize + 1 }

    static func load(school: School, filter: Filter, on database: any Database) async throws -> StudentsListModel {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        var conditions: [SQLQueryString] = [
            "people.school_id = \(bind: try school.requireID())", "people.role IN ('mentor', 'mentee')", "people.is_active = \(bind: true)",
        ]
        conditions += PersonSearch.words(filter.query).map(PersonSearch.condition)
        if let year = filter.year { conditions.append("people.year_group = \(bind: year)") }
        if let role = filter.role { conditions.append("people.role = \(bind: role.rawValue)") }
        let matching = conditions.joined(separator: " AND ")
        // Counted apart: a count over the whole list in the page's own query would make the database sort every
        // student before it could stop at the page's hundred.
        let total = try await sql.raw("SELECT COUNT(*) AS total FROM people WHERE \(matching)").first()?.decode(column: "total", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT people.id, people.given_name, people.family_name, people.username, people.year_group, people.role,
                   people.capacity,
                   CASE WHEN \(unsafeRaw: MentoringProfile.startedCondition(table: "profiles", dialect: sql.dialect.name))
                        THEN 1 ELSE 0 END AS started
            FROM people LEFT JOIN mentoring_profiles AS profiles ON profiles.person_id = people.id
            WHERE \(matching)
            ORDER BY people.family_name, people.given_name, people.id
            LIMIT \(unsafeRaw: String(pageSize)) OFFSET \(unsafeRaw: String((filter.page - 1) * pageSize))
            """).all()
        let students = try rows.map { row in
            Row(id: try row.decode(column: "id", as: UUID.self),
                givenName: try row.decode(column: "given_name", as: String.self),
                familyName: try row.decode(column: "family_name", as: String.self),
                username: try row.decode(column: "username", as: String.self),
                yearGroup: try row.decode(column: "year_group", as: Int?.self),
                role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .mentee,
                capacity: try row.decode(column: "capacity", as: Int?.self),
                profileStarted: try row.decode(column: "started", as: Int.self) == 1)
        }
        return StudentsListModel(filter: filter, rows: students, total: total)
    }
}
