import Fluent
import Vapor

/// What a pair's Meetings page shows: what is coming up (and who must answer), the past meetings with what the viewer
/// said of each, the meeting being moved when there is one, and the free periods the two share in the next fortnight.
struct MeetingsListModel {
    struct Row {
        let meeting: Meeting
        /// Coming up: agreed, or a proposal the viewer made or must answer. Past: what the viewer said happened.
        let proposedByMe: Bool
        let mySay: AttendanceOutcome?
    }

    let pair: Pair
    let upcoming: [Row]
    /// Newest first.
    let past: [Row]
    /// The meeting a new time is being suggested instead of, from `?instead=`.
    let instead: Meeting?
    let sharedSlots: [(value: String, label: String)]

    var cadenceDays: Int { pair.match.programme.meetingCadenceDays }

    static func load(_ pair: Pair, instead insteadID: String, now: Date, time: SchoolTime, on database: any Database) async throws -> MeetingsListModel {
        let meetings = try await Meeting.query(on: database).filter(\.$match.$id == pair.matchID).sort(\.$startsAt).all()
        let meetingIDs = meetings.compactMap(\.id)
        let mine = try await MeetingAttendance.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).filter(\.$person.$id == pair.me.requireID())
            .all(ifAnyOf: meetingIDs)
        let row = { (meeting: Meeting) in
            Row(meeting: meeting, proposedByMe: meeting.$proposedBy.id == pair.me.id, mySay: mine.first { $0.$meeting.id == meeting.id }?.outcome)
        }
        let live = meetings.filter { MeetingState.live.contains($0.state) && $0.endsAt > now }
        return MeetingsListModel(
            pair: pair, upcoming: live.map(row),
            past: meetings.filter { $0.state == .accepted && $0.endsAt <= now }.reversed().map(row),
            instead: UUID(uuidString: insteadID).flatMap { id in meetings.first { $0.id == id } },
            sharedSlots: try await sharedSlots(pair, booked: live, now: now, time: time, on: database))
    }

    /// The pair's shared free periods over the next two weeks that nothing is booked in, as choices such as
    /// "Wednesday 2 December, 13:20–14:00 (lunch)".
    private static func sharedSlots(_ pair: Pair, booked: [Meeting], now: Date, time: SchoolTime,
                                    on database: any Database) async throws -> [(value: String, label: String)] {
        let profiles = try await MentoringProfile.query(on: database).filter(\.$person.$id ~~ [pair.me.id!, pair.other.id!]).all()
        guard profiles.count == 2 else { return [] }
        let shared = Set(profiles[0].freePeriods).intersection(profiles[1].freePeriods)
        let bells = try await BellTimes.of(schoolID: pair.match.$school.id, on: database)
        return shared.flatMap { period in
            time.occurrences(of: period, bells: bells, after: now, count: 2).map { (period, $0.start, $0.end) }
        }
        .filter { _, start, end in !booked.contains { $0.startsAt < end && $0.endsAt > start } }
        .sorted { $0.1 < $1.1 }
        .map { period, start, end in
            ("\(period)@\(time.dayID(start))", "\(time.shortSlotText(start, end)) (\(Vocabulary.freePeriodLabel(period).split(separator: " ").dropFirst().joined(separator: " ")))")
        }
    }
}
