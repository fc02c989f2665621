import Fluent
import Foundation
import SQLKit
import Vapor

/// The programme report: the outcome scales before and after (means with how many answered, and the paired change
/// with its 95% interval, for mentees and mentors apart), and one row per match for the CSV, under a code, not a name.
struct OutcomeReportModel {
    struct ScaleResult {
        let scale: OutcomeScales.Scale
        let before: (mean: Double, count: Int)?
        let after: (mean: Double, count: Int)?
        let change: PairedChange?
    }

    struct MatchRow {
        let code: String
        let programme: String
        let state: MatchState
        let menteeYear: Int?
        let days: Int?
        let closure: ClosureReason?
        let early: Bool
        let scheduled: Int
        let held: Int
        /// Scale scores by (side, wave, scale id).
        let scores: [String: Double]
    }

    var mentees: [ScaleResult] = []
    var mentors: [ScaleResult] = []
    var rows: [MatchRow] = []

    static func load(school schoolID: UUID, programme: UUID?, keys: ServerKeys, now: Date, on database: any Database) async throws -> OutcomeReportModel {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        var matchesQuery = MentoringMatch.query(on: database).filter(\.$school.$id == schoolID).filter(\.$state != .proposed).with(\.$programme).with(\.$mentee)
        if let programme { matchesQuery = matchesQuery.filter(\.$programme.$id == programme) }
        let matches = try await matchesQuery.sort(\.$createdAt).all()
        let ids = matches.compactMap(\.id)
        let answers = try await OutcomeAnswer.query(on: database).filter(\.$match.$id ~~ ids).all(ifAnyOf: ids)
        // scores[side][wave]["match person"] = scale id → score: a mentor of two, or a mentee matched twice, counts per match.
        var scores: [String: [OutcomeWave: [String: [String: Double]]]] = [:]
        var byMatch: [UUID: [String: Double]] = [:]
        let mentorOf = Dictionary(uniqueKeysWithValues: matches.compactMap { match in match.id.map { ($0, match.$mentor.id) } })
        for answer in answers {
            let side = mentorOf[answer.$match.id] == answer.$person.id ? "mentor" : "mentee"
            let scaleScores = OutcomeScales.scores(answer.answers)
            scores[side, default: [:]][answer.wave, default: [:]]["\(answer.$match.id) \(answer.$person.id)"] = scaleScores
            for (scale, value) in scaleScores { byMatch[answer.$match.id, default: [:]]["\(side) \(answer.wave.rawValue) \(scale)"] = value }
        }
        var model = OutcomeReportModel()
        model.mentees = results(scores["mentee"] ?? [:])
        model.mentors = results(scores["mentor"] ?? [:])
        let meetings = try await meetingCounts(of: ids, now: now, on: sql)
        let closingBegan = Dictionary(try await MatchTransition.query(on: database).filter(\.$match.$id ~~ ids).filter(\.$event == .beginClosing)
            .all(ifAnyOf: ids).map { ($0.$match.id, $0.occurredAt) }) { min($0, $1) }
        model.rows = matches.compactMap { match in
            guard let id = match.id else { return nil }
            let ended = match.state == .closed ? match.updatedAt : now
            let days = match.activatedAt.map { Int(ended.timeIntervalSince($0) / 86_400) }
            return MatchRow(code: "M-" + String(keys.loginCodeHash("report \(id.uuidString)").prefix(10)), programme: "\(match.programme.name) \(match.programme.schoolYear)",
                            state: match.state, menteeYear: match.mentee.yearGroup, days: days, closure: match.closureReason,
                            early: match.state == .closed && match.activatedAt.map { activated in
                                HealthRules.endsEarly(activatedAt: activated, closingBegan: closingBegan[id] ?? match.updatedAt,
                                                      earlyClosureDays: match.programme.earlyClosureDays)
                            } == true,
                            scheduled: meetings[id]?.scheduled ?? 0, held: meetings[id]?.held ?? 0, scores: byMatch[id] ?? [:])
        }
        return model
    }

    private static func results(_ waves: [OutcomeWave: [String: [String: Double]]]) -> [ScaleResult] {
        OutcomeScales.scales.map { scale in
            let mean = { (wave: OutcomeWave) -> (Double, Int)? in
                let values = (waves[wave] ?? [:]).values.compactMap { $0[scale.id] }
                return values.isEmpty ? nil : (values.reduce(0, +) / Double(values.count), values.count)
            }
            let differences = (waves[.end] ?? [:]).compactMap { person, after in
                after[scale.id].flatMap { end in waves[.start]?[person]?[scale.id].map { end - $0 } }
            }
            return ScaleResult(scale: scale, before: mean(.start), after: mean(.end), change: PairedChange(differences))
        }
    }

    /// Each match's agreed meetings that are over and not called off, and of those the ones held.
    private static func meetingCounts(of ids: [UUID], now: Date, on sql: any SQLDatabase) async throws -> [UUID: (scheduled: Int, held: Int)] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT meetings.match_id, COUNT(*) AS scheduled,
                   SUM(\(MeetingOutcomeSQL.held)) AS held
            FROM meetings JOIN matches ON matches.id = meetings.match_id
            \(MeetingOutcomeSQL.saidBy)
            WHERE meetings.match_id IN (\(binds: ids)) AND meetings.state = \(bind: MeetingState.accepted.rawValue) AND meetings.ends_at <= \(bind: now)
              AND \(MeetingOutcomeSQL.notCalledOff)
            GROUP BY meetings.match_id
            """).all()
        var counts: [UUID: (Int, Int)] = [:]
        for row in rows {
            counts[try row.decode(column: "match_id", as: UUID.self)] = (try row.decode(column: "scheduled", as: Int.self), try row.decode(column: "held", as: Int.self))
        }
        return counts
    }

    /// The CSV: one row per match, its code instead of any name.
    var csv: String {
        let scales = OutcomeScales.scales
        let scoreColumns = ["mentee", "mentor"].flatMap { side in OutcomeWave.allCases.flatMap { wave in scales.map { "\(side) \(wave.rawValue) \($0.id)" } } }
        let header = ["match", "programme", "state", "mentee year", "days matched", "closure reason", "closed early", "meetings scheduled", "meetings held"]
            + scoreColumns
        return CSV.document(header: header, rows: rows.map { row in
            [row.code, row.programme, row.state.rawValue, row.menteeYear.map(String.init) ?? "", row.days.map(String.init) ?? "",
             row.closure?.rawValue ?? "", row.early ? "yes" : "no", String(row.scheduled), String(row.held)]
                + scoreColumns.map { column in row.scores[column].map { String(format: "%.2f", $0) } ?? "" }
        })
    }
}
