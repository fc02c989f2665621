import Fluent
import Foundation
import SQLKit
import Vapor

/// The programme dashboard's figures for a set of schools (a coordinator's own; an organisation admin's all or one),
/// optionally one programme and one mentee year group: counts and means only, never a name or a word anyone wrote.
struct DashboardModel: Sendable {
    /// What the page is filtered by, read from its address and checked against what the viewer may see.
    struct Filter: Sendable {
        var school: UUID?
        var programme: UUID?
        var yearGroup: Int?
        var from: Date
        var to: Date
        var errors: [String: String] = [:]

        static let yearGroups = Array(7...13)
        static let longestWeeks = 52

        /// The filter in the address, with a message beside each field that can't be used.
        init(_ request: Request, time: SchoolTime, now: Date) {
            let text = { (name: String) in ((try? request.query.get(String.self, at: name)) ?? "").trimmingCharacters(in: .whitespaces) }
            // By default the twelve whole weeks (Monday to Sunday) before this one, so no week is cut short.
            let today = time.startOfDay(now)
            let sinceMonday = (time.calendar.component(.weekday, from: today) + 5) % 7
            to = time.calendar.date(byAdding: .day, value: -sinceMonday, to: today) ?? today
            from = time.calendar.date(byAdding: .day, value: -12 * 7, to: to) ?? to
            if !text("school").isEmpty {
                school = UUID(uuidString: text("school"))
                if school == nil { errors["school"] = "Choose a school from the list." }
            }
            if !text("programme").isEmpty {
                programme = UUID(uuidString: text("programme"))
                if programme == nil { errors["programme"] = "Choose a programme from the list." }
            }
            if !text("year").isEmpty {
                yearGroup = Int(text("year")).flatMap { Self.yearGroups.contains($0) ? $0 : nil }
                if yearGroup == nil { errors["year"] = "Choose a year group from 7 to 13." }
            }
            if !text("from").isEmpty || !text("to").isEmpty {
                let chosenFrom = time.date(day: text("from"), time: "00:00"), chosenTo = time.date(day: text("to"), time: "00:00")
                if chosenFrom == nil { errors["from"] = "Enter the first day as a date, like \(time.dayID(from))." }
                if chosenTo == nil { errors["to"] = "Enter the last day as a date, like \(time.dayID(now))." }
                if let chosenFrom, let chosenTo {
                    if chosenTo < chosenFrom {
                        errors["to"] = "The last day must not come before the first."
                    } else if chosenTo.timeIntervalSince(chosenFrom) > Double(Self.longestWeeks * 7) * 86_400 {
                        errors["to"] = "Choose at most \(Self.longestWeeks) weeks."
                    } else {
                        (from, to) = (chosenFrom, chosenTo.addingTimeInterval(86_400))
                    }
                }
            }
        }
    }

    struct Week: Sendable {
        let starts: Date
        /// Agreed meetings that are over, not called off; of those, the ones someone recorded; and the ones held.
        var scheduled = 0
        var recorded = 0
        var held = 0
    }

    struct CheckMeans: Sendable {
        let number: Int
        var mentor: (mean: Double, count: Int)?
        var mentee: (mean: Double, count: Int)?
    }

    struct Training: Sendable {
        var mentors = 0
        var finished = 0
        /// Per module, how many mentors have done it.
        var modules: [(title: String, done: Int)] = []
    }

    var filter: Filter
    /// What the figures cover, in words: "Northgate Learning Centre" or "All 2 schools".
    var scope = ""
    var states: [(state: MatchState, count: Int)] = []
    var weeks: [Week] = []
    var checks: [CheckMeans] = []
    var commitments: [(status: CommitmentStatus, count: Int)] = []
    var survival = KaplanMeier([])
    var earlyClosureDays = HealthRules.defaults.earlyClosureDays
    var closed = 0
    var closedEarly = 0
    /// Early closures by the reason chosen when closing began ("Not recorded" for those closed before reasons were asked).
    var earlyReasons: [(reason: String, count: Int)] = []
    var training = Training()

    var matchCount: Int { states.reduce(0) { $0 + $1.count } }

    static func load(schools schoolIDs: [UUID], scope: String, filter: Filter, time: SchoolTime, now: Date, on database: any Database) async throws -> DashboardModel {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        var model = DashboardModel(filter: filter, scope: scope)
        let inScope = scopeCondition(schools: schoolIDs, filter: filter)
        let byState = try await sql.raw("""
            SELECT matches.state, COUNT(*) AS n FROM matches JOIN people AS mentee ON mentee.id = matches.mentee_id
            WHERE \(inScope) GROUP BY matches.state
            """).all()
        let counted = try Dictionary(uniqueKeysWithValues: byState.map { (try $0.decode(column: "state", as: String.self), try $0.decode(column: "n", as: Int.self)) })
        model.states = MatchState.allCases.map { ($0, counted[$0.rawValue] ?? 0) }
        model.weeks = try await weeks(inScope: inScope, filter: filter, time: time, now: now, on: sql)
        model.checks = try await checkMeans(inScope: inScope, on: sql)
        let commitments = try await sql.raw("""
            SELECT commitments.status, COUNT(*) AS n FROM commitments JOIN matches ON matches.id = commitments.match_id
            JOIN people AS mentee ON mentee.id = matches.mentee_id WHERE \(inScope) GROUP BY commitments.status
            """).all()
        let byStatus = try Dictionary(uniqueKeysWithValues: commitments.map { (try $0.decode(column: "status", as: String.self), try $0.decode(column: "n", as: Int.self)) })
        model.commitments = CommitmentStatus.allCases.map { ($0, byStatus[$0.rawValue] ?? 0) }
        try await model.loadSurvival(inScope: inScope, now: now, on: sql)
        model.training = try await training(schools: schoolIDs, on: sql)
        return model
    }

    /// The figures as `load` gives them, kept (`KeptFigures`) while nothing they count has changed: the schools'
    /// matches and everything that raises their generation, their active mentors and training done.
    static func kept(schools schoolIDs: [UUID], scope: String, filter: Filter, time: SchoolTime, now: Date, kept: KeptFigures,
                     on database: any Database) async throws -> DashboardModel {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        let mentor = Role.mentor.rawValue
        let training = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM people WHERE school_id IN (\(binds: schoolIDs)) AND role = \(bind: mentor) AND is_active = \(bind: true)) AS mentors,
                   (SELECT COUNT(*) FROM training_completions AS done JOIN people ON people.id = done.person_id
                    WHERE people.school_id IN (\(binds: schoolIDs))) AS done
            """).first()
        let fingerprint = try await MatchFlags.fingerprint(of: schoolIDs, on: sql)
            + " \(try training?.decode(column: "mentors", as: Int.self) ?? 0) \(try training?.decode(column: "done", as: Int.self) ?? 0)"
        let key = "dashboard \(schoolIDs.sorted()) \(scope) \(filter.programme?.uuidString ?? "") \(filter.yearGroup ?? 0) "
            + "\(filter.from.timeIntervalSince1970) \(filter.to.timeIntervalSince1970)"
        return try await kept.value(key, fingerprint: fingerprint, now: now) {
            try await load(schools: schoolIDs, scope: scope, filter: filter, time: time, now: now, on: database)
        }
    }

    /// The matches the figures cover: the schools', of the programme and mentee year group if chosen. Proposals are the
    /// coordinator's working material, not matches yet.
    private static func scopeCondition(schools: [UUID], filter: Filter) -> SQLQueryString {
        var condition: SQLQueryString = "matches.school_id IN (\(binds: schools)) AND matches.state <> \(bind: MatchState.proposed.rawValue)"
        if let programme = filter.programme { condition = "\(condition) AND matches.programme_id = \(bind: programme)" }
        if let year = filter.yearGroup { condition = "\(condition) AND mentee.year_group = \(bind: year)" }
        return condition
    }

    /// Agreed meetings per week from `from` to `to`: scheduled (not called off), recorded, and held.
    private static func weeks(inScope: SQLQueryString, filter: Filter, time: SchoolTime, now: Date, on sql: any SQLDatabase) async throws -> [Week] {
        var starts: [Date] = []
        var start = filter.from
        while start < filter.to {
            starts.append(start)
            start = time.calendar.date(byAdding: .day, value: 7, to: start) ?? filter.to
        }
        guard !starts.isEmpty else { return [] }
        // The week of each meeting as a CASE over the weeks' starts, so both databases bucket the same way.
        var bucket: SQLQueryString = "CASE"
        for (index, start) in starts.enumerated().reversed() { bucket = "\(bucket) WHEN meetings.starts_at >= \(bind: start) THEN \(unsafeRaw: String(index))" }
        bucket = "\(bucket) ELSE -1 END"
        let rows = try await sql.raw("""
            SELECT week, COUNT(*) AS scheduled, SUM(recorded) AS recorded, SUM(held) AS held FROM (
                SELECT \(bucket) AS week,
                       \(MeetingOutcomeSQL.recorded) AS recorded, \(MeetingOutcomeSQL.held) AS held
                FROM meetings JOIN matches ON matches.id = meetings.match_id JOIN people AS mentee ON mentee.id = matches.mentee_id
                \(MeetingOutcomeSQL.saidBy)
                WHERE \(inScope) AND meetings.state = \(bind: MeetingState.accepted.rawValue)
                  AND meetings.starts_at >= \(bind: filter.from) AND meetings.starts_at < \(bind: filter.to) AND meetings.ends_at <= \(bind: now)
                  AND \(MeetingOutcomeSQL.notCalledOff)
            ) AS bucketed WHERE week >= 0 GROUP BY week
            """).all()
        var weeks = starts.map { Week(starts: $0) }
        for row in rows {
            let index = try row.decode(column: "week", as: Int.self)
            guard weeks.indices.contains(index) else { continue }
            weeks[index].scheduled = try row.decode(column: "scheduled", as: Int.self)
            weeks[index].recorded = try row.decode(column: "recorded", as: Int.self)
            weeks[index].held = try row.decode(column: "held", as: Int.self)
        }
        return weeks
    }

    /// Mean relationship-check scores by check, for mentors and mentees apart.
    private static func checkMeans(inScope: SQLQueryString, on sql: any SQLDatabase) async throws -> [CheckMeans] {
        let side: SQLQueryString = "CASE WHEN answers.person_id = matches.mentor_id THEN 'mentor' ELSE 'mentee' END"
        let rows = try await sql.raw("""
            SELECT answers.check_number, \(side) AS side, AVG(answers.score) AS mean, COUNT(*) AS n
            FROM pulse_answers AS answers JOIN matches ON matches.id = answers.match_id JOIN people AS mentee ON mentee.id = matches.mentee_id
            WHERE \(inScope) GROUP BY answers.check_number, \(side)
            """).all()
        var byNumber: [Int: CheckMeans] = [:]
        for row in rows {
            let number = try row.decode(column: "check_number", as: Int.self)
            let value = (try row.decode(column: "mean", as: Double.self), try row.decode(column: "n", as: Int.self))
            var means = byNumber[number] ?? CheckMeans(number: number)
            if try row.decode(column: "side", as: String.self) == "mentor" { means.mentor = value } else { means.mentee = value }
            byNumber[number] = means
        }
        return byNumber.keys.sorted().compactMap { byNumber[$0] }
    }

    /// Match length from activation to closing, for every match that became active; those still going are censored.
    private mutating func loadSurvival(inScope: SQLQueryString, now: Date, on sql: any SQLDatabase) async throws {
        let rows = try await sql.raw("""
            SELECT matches.state, matches.activated_at, matches.updated_at, matches.closure_reason, programmes.early_closure_days,
                   (SELECT MIN(moves.occurred_at) FROM match_transitions AS moves
                    WHERE moves.match_id = matches.id AND moves.event = \(bind: MatchEvent.beginClosing.rawValue)) AS closing_began
            FROM matches JOIN people AS mentee ON mentee.id = matches.mentee_id JOIN programmes ON programmes.id = matches.programme_id
            WHERE \(inScope) AND matches.activated_at IS NOT NULL
            """).all()
        var subjects: [KaplanMeier.Subject] = []
        var reasons: [String: Int] = [:]
        for row in rows {
            let activated = try row.decode(column: "activated_at", as: Date.self)
            let ended = try row.decode(column: "state", as: String.self) == MatchState.closed.rawValue
            let until = ended ? try row.decode(column: "updated_at", as: Date.self) : now
            let days = max(0, Int(until.timeIntervalSince(activated) / 86_400))
            subjects.append(KaplanMeier.Subject(days: days, ended: ended))
            if ended {
                closed += 1
                // Early as the reason rule judges it: when closing began, not when it ended.
                let began = try row.decode(column: "closing_began", as: Date?.self) ?? until
                if HealthRules.endsEarly(activatedAt: activated, closingBegan: began, earlyClosureDays: try row.decode(column: "early_closure_days", as: Int.self)) {
                    closedEarly += 1
                    let reason = try row.decode(column: "closure_reason", as: String?.self).flatMap(ClosureReason.init(rawValue:))
                    reasons[reason?.title ?? "Not recorded", default: 0] += 1
                }
            }
        }
        survival = KaplanMeier(subjects)
        earlyReasons = (ClosureReason.allCases.map(\.title) + ["Not recorded"]).compactMap { title in reasons[title].map { (title, $0) } }
    }

    /// Mentors who finished training (in person, or every module) and who did each module, counted by the database.
    private static func training(schools: [UUID], on sql: any SQLDatabase) async throws -> Training {
        let modules = TrainingContent.modules
        guard !modules.isEmpty else { return Training() }
        // One row a mentor: whether they were trained in person, and each module done (its id bound, not spliced).
        var perMentor: SQLQueryString = "SELECT people.id, MAX(CASE WHEN done.module_id = \(bind: TrainingCompletion.inPerson) THEN 1 ELSE 0 END) AS in_person"
        for (index, id) in modules.map(\.id).enumerated() {
            perMentor = "\(perMentor), MAX(CASE WHEN done.module_id = \(bind: id) THEN 1 ELSE 0 END) AS m\(unsafeRaw: String(index))"
        }
        let rows = try await sql.raw("""
            \(perMentor) FROM people LEFT JOIN training_completions AS done ON done.person_id = people.id
            WHERE people.school_id IN (\(binds: schools)) AND people.role = \(bind: Role.mentor.rawValue) AND people.is_active = \(bind: true)
            GROUP BY people.id
            """).all()
        var training = Training(mentors: rows.count)
        var done = Array(repeating: 0, count: modules.count)
        for row in rows {
            let inPerson = try row.decode(column: "in_person", as: Int.self) == 1
            var all = true
            for index in modules.indices {
                let did = try inPerson || row.decode(column: "m\(index)", as: Int.self) == 1
                if did { done[index] += 1 } else { all = false }
            }
            if inPerson || all { training.finished += 1 }
        }
        training.modules = zip(modules, done).map { ($0.title, $1) }
        return training
    }
}
