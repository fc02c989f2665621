import Fluent
import Foundation

/// The coordinator's "needs a check-in" list: every active pair of the school with an early warning, most urgent
/// first, each with its reasons in words and the last check-in recorded; pairs a coordinator snoozed wait below.
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

    static func load(school schoolID: UUID, now: Date, on database: any Database) async throws -> CheckInListModel {
        let flagged = try await MatchFlags.ofSchool(schoolID, now: now, on: database).filter { !$0.value.isEmpty }
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
            if pair.snoozedUntil == nil { model.needed.append(pair) } else { model.snoozed.append(pair) }
        }
        model.needed.sort { ($0.flags.urgency, $1.mentee) > ($1.flags.urgency, $0.mentee) }
        model.snoozed.sort { ($0.snoozedUntil!, $0.mentee) < ($1.snoozedUntil!, $1.mentee) }
        return model
    }
}
