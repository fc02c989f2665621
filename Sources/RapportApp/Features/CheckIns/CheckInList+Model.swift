import Fluent
import Foundation

/// The coordinator's "needs a check-in" list: every active pair of the school with an early warning, most urgent
/// first, each with its reasons in words and the last check-in recorded; pairs a coordinator snoozed wait below, and
/// the contacts falling due this week after them.
struct CheckInListModel {
    struct Pair {
        let matchID: UUID
        let mentee: String
        let mentor: String
        let flags: MatchFlags
        let lastCheckIn: LastCheckIn?
        let snoozedUntil: Date?
    }

    struct LastCheckIn {
        let on: Date
        let withWhom: CheckInWith
        let how: CheckInHow
    }

    var needed: [Pair] = []
    var snoozed: [Pair] = []
    /// Pairs with nothing flagged whose next coordinator contact falls due within a week, soonest first.
    var contactsDue: [(pair: Pair, due: Date)] = []

    static func load(school schoolID: UUID, now: Date, on database: any Database) async throws -> CheckInListModel {
        let all = try await MatchFlags.ofSchool(schoolID, now: now, on: database)
        let weekAhead = now.addingTimeInterval(7 * 86_400)
        let flagged = all.filter { !$0.value.isEmpty || $0.value.contactDue.map { $0 <= weekAhead } == true }
        let ids = Array(flagged.keys)
        let matches = try await MentoringMatch.query(on: database).filter(\.$id ~~ ids).withPair().all(ifAnyOf: ids)
        let snoozes = try await FlagSnooze.running(school: schoolID, now: now, on: database)
        var last: [UUID: LastCheckIn] = [:]
        for checkIn in try await PairCheckIn.query(on: database).filter(\.$match.$id ~~ ids).sort(\.$checkedOn).all(ifAnyOf: ids) {
            last[checkIn.$match.id] = LastCheckIn(on: checkIn.checkedOn, withWhom: checkIn.withWhom, how: checkIn.how)
        }
        var model = CheckInListModel()
        for match in matches {
            guard let id = match.id, let flags = flagged[id] else { continue }
            let pair = Pair(matchID: id, mentee: match.mentee.fullName, mentor: match.mentor.fullName, flags: flags,
                            lastCheckIn: last[id], snoozedUntil: snoozes[id]?.until)
            if flags.isEmpty, let due = flags.contactDue {
                model.contactsDue.append((pair, due))
            } else if pair.snoozedUntil == nil {
                model.needed.append(pair)
            } else {
                model.snoozed.append(pair)
            }
        }
        model.contactsDue.sort { ($0.due, $0.pair.mentee) < ($1.due, $1.pair.mentee) }
        model.needed.sort { ($0.flags.urgency, $1.mentee) > ($1.flags.urgency, $0.mentee) }
        model.snoozed.sort { ($0.snoozedUntil!, $0.mentee) < ($1.snoozedUntil!, $1.mentee) }
        return model
    }
}
