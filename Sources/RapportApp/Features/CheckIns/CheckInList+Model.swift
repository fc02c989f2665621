import Fluent
import Foundation

/// The coordinator's "needs a check-in" list: every pair of the school with an early warning, most urgent first, a
/// page at a time, each with its reasons in words and the last check-in recorded; pairs a coordinator snoozed wait
/// below, and the contacts with pairs and with mentors falling due this week after them. Names are read only for the
/// pairs shown.
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

    static let pageSize = 50
    /// Snoozed pairs and contacts due beyond this many are counted, not listed.
    static let listedAtMost = 50

    var page = 1
    var needed: [Pair] = []
    var neededTotal = 0
    var snoozed: [Pair] = []
    var snoozedTotal = 0
    /// Pairs with nothing flagged whose next coordinator contact falls due within a week, soonest first.
    var contactsDue: [(pair: Pair, due: Date)] = []
    var contactsDueTotal = 0
    /// Mentors whose own coordinator contact falls due within a week (not yet overdue), soonest first, each with the pair
    /// on whose check-ins page it is recorded.
    var mentorsDue: [(mentor: String, matchID: UUID, due: Date)] = []
    var mentorsDueTotal = 0

    var pageCount: Int { Pagination.pageCount(total: neededTotal, pageSize: Self.pageSize) }

    static func load(school schoolID: UUID, page: Int = 1, now: Date, kept: KeptFigures? = nil, on database: any Database) async throws -> CheckInListModel {
        let all = try await MatchFlags.ofSchool(schoolID, now: now, kept: kept, on: database)
        let snoozes = try await FlagSnooze.running(school: schoolID, now: now, on: database)
        let weekAhead = now.addingTimeInterval(7 * 86_400)
        let flagged = all.filter { !$0.value.isEmpty }
        // Each pair's urgency once, not at every comparison of the sort.
        let needed = flagged.compactMap { id, flags in snoozes[id] == nil ? (id, flags.urgency) : nil }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        let snoozed = flagged.compactMap { id, _ in snoozes[id].map { (id, $0.until) } }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        let due = all.compactMap { id, flags in flags.isEmpty ? flags.contactDue.flatMap { $0 <= weekAhead ? (id, $0) : nil } : nil }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        var mentorDue: [UUID: (matchID: UUID, due: Date)] = [:]
        for (id, flags) in all {
            guard let mentor = flags.mentorID, let due = flags.mentorContactDue, due > now.addingTimeInterval(-86_400), due <= weekAhead else { continue }
            if mentorDue[mentor].map({ id < $0.matchID }) ?? true { mentorDue[mentor] = (id, due) }
        }
        let mentorsDue = mentorDue.values.sorted { ($0.due, $0.matchID) < ($1.due, $1.matchID) }
        var model = CheckInListModel(page: page, neededTotal: needed.count, snoozedTotal: snoozed.count, contactsDueTotal: due.count,
                                     mentorsDueTotal: mentorsDue.count)
        let shownNeeded = needed.dropFirst((min(page, model.pageCount) - 1) * pageSize).prefix(pageSize).map(\.0)
        let shownSnoozed = snoozed.prefix(listedAtMost).map(\.0), shownDue = due.prefix(listedAtMost)
        let shownMentors = mentorsDue.prefix(listedAtMost)
        let ids = shownNeeded + shownSnoozed + shownDue.map(\.0) + shownMentors.map(\.matchID)
        let names = try await PairNames.of(ids, on: database)
        var last: [UUID: LastCheckIn] = [:]
        for checkIn in try await PairCheckIn.query(on: database).filter(\.$match.$id ~~ ids).sort(\.$checkedOn).all(ifAnyOf: ids) {
            last[checkIn.$match.id] = LastCheckIn(on: checkIn.checkedOn, withWhom: checkIn.withWhom, how: checkIn.how)
        }
        let pair = { (id: UUID) -> Pair? in
            names[id].map { Pair(matchID: id, mentee: $0.mentee, mentor: $0.mentor, flags: all[id] ?? MatchFlags(),
                                 lastCheckIn: last[id], snoozedUntil: snoozes[id]?.until) }
        }
        model.needed = shownNeeded.compactMap(pair)
        model.snoozed = shownSnoozed.compactMap(pair)
        model.contactsDue = shownDue.compactMap { id, date in pair(id).map { ($0, date) } }
        model.mentorsDue = shownMentors.compactMap { item in names[item.matchID].map { ($0.mentor, item.matchID, item.due) } }
        return model
    }
}
