import Fluent
import Vapor

/// When a meeting's parts open and close: asked by the page (what to show) and by the actions (what to accept), so
/// the two cannot disagree.
struct MeetingRules: Sendable {
    let meeting: Meeting
    let now: Date
    let time: SchoolTime

    var hasStarted: Bool { meeting.startsAt <= now }
    var hasEnded: Bool { meeting.endsAt <= now }
    /// Agreed and under way or over: notes, "what I heard" and commitments can be written.
    var isUnderWay: Bool { meeting.state == .accepted && hasStarted }
    /// Proposed or agreed: its agenda is open.
    var isLive: Bool { MeetingState.live.contains(meeting.state) }
    /// Check-in opens on the day of an agreed meeting.
    var checkInOpen: Bool { meeting.state == .accepted && now >= time.startOfDay(meeting.startsAt) }
    /// Whether it happened can be said once an agreed meeting's time is over.
    var attendanceOpen: Bool { meeting.state == .accepted && hasEnded }
    /// A proposal can be answered (or withdrawn) until its time comes.
    var answerable: Bool { meeting.state == .proposed && !hasStarted }
    /// An agreed meeting can be moved or cancelled until it starts.
    var changeable: Bool { meeting.state == .accepted && !hasStarted }
}

/// Everything the meeting log page shows, read in one place, and what the viewer may do there.
struct MeetingLogModel {
    let pair: Pair
    let meeting: Meeting
    let rules: MeetingRules
    var attendance: [MeetingAttendance] = []
    var checkIns: [CheckIn] = []
    var entries: [(entry: MeetingEntry, text: String)] = []
    var summary: MeetingSummary?
    var summaryText = ""
    var correctionText: String?
    var commitmentsToFollow: [(Commitment, String, String?)] = []
    var commitmentsMade: [(Commitment, String)] = []
    var stories: [MentorStory] = []
    var place: String?
    var changeReason: String?
    var theirRepairNote: String?
    var replacement: Meeting?
    /// What the two share, on their first agreed meeting only: practice.md opens the first meeting with these cards.
    var commonGround: CommonGround?
    /// For the mentor: how many of the mentee's latest check-ins, up to this meeting, were sad, worried or stressed in a row.
    var menteeLowRun = 0
    var suggestsTalkingAboutFeelings: Bool { pair.isMentor && menteeLowRun >= Feeling.lowRun }

    var writable: Bool { pair.mayWrite }
    var mine: MeetingAttendance? { attendance.first { $0.$person.id == pair.me.id } }
    var theirs: MeetingAttendance? { attendance.first { $0.$person.id == pair.other.id } }
    var myCheckIn: CheckIn? { checkIns.first { $0.$person.id == pair.me.id } }
    var theirCheckIn: CheckIn? { checkIns.first { $0.$person.id == pair.other.id } }
    var agenda: [(entry: MeetingEntry, text: String)] { entries.filter { $0.entry.kind == .agenda } }
    var notes: [(entry: MeetingEntry, text: String)] { entries.filter { $0.entry.kind != .agenda } }
    var isMissed: Bool { mine?.outcome == .iMissed || theirs?.outcome == .otherMissed }
    var isMyProposal: Bool { meeting.$proposedBy.id == pair.me.id }

    var showsCheckIn: Bool { pair.mayReadNotes && meeting.state == .accepted }
    var showsAgenda: Bool { pair.mayReadNotes && (rules.isLive || !agenda.isEmpty) }
    var showsHeard: Bool { pair.mayReadNotes && rules.isUnderWay }
    var showsNotes: Bool { pair.mayReadNotes && (rules.isUnderWay || !notes.isEmpty) }
    var showsCommitments: Bool { pair.mayReadNotes && rules.isUnderWay }
    var canWriteSummary: Bool { writable && pair.isMentor && summary?.response != .confirmed }
    var canAnswerSummary: Bool { writable && !pair.isMentor && summary?.response == .waiting }
    var canShareStory: Bool { writable && pair.isMentor && !stories.isEmpty }
    var canSayWhetherItHappened: Bool { writable && mine == nil }
    var canPutItRight: Bool { writable && isMissed && (mine?.outcome == .iMissed || mine == nil) && mine?.repairNoteSealed == nil }
    var recordsDisagree: Bool {
        guard let mine, let theirs else { return false }
        return !AttendanceRecords.agree(mine.outcome, theirs.outcome)
    }

    /// The meeting's status in words, with the reason it was called off or moved when the viewer may read it.
    var stateLine: String {
        switch meeting.state {
        case .proposed: isMyProposal ? "You proposed this." : "\(pair.other.givenName) proposed this."
        case .accepted: "Agreed."
        case .declined: "Declined."
        case .cancelled: "Cancelled" + (changeReason.map { ": \($0)" } ?? ".")
        case .moved: "Moved to another time" + (changeReason.map { ": \($0)" } ?? ".")
        }
    }

    func name(_ id: UUID) -> String { id == pair.me.id ? "You" : pair.other.givenName }

    static func load(_ request: Request, pair: Pair, meeting: Meeting) async throws -> MeetingLogModel {
        let notes = request.notes
        let id = try meeting.requireID()
        var log = MeetingLogModel(pair: pair, meeting: meeting, rules: MeetingRules(meeting: meeting, now: request.now, time: request.schoolTime))
        log.attendance = try await MeetingAttendance.query(on: request.db).filter(\.$meeting.$id == id).all()
        log.replacement = try await Meeting.query(on: request.db).filter(\.$replacesID == id).first()
        // Places and reasons are words the pair wrote: after closure the mentor keeps only dates and states.
        guard pair.mayReadNotes else { return log }
        log.place = try notes.open(meeting, \.$placeSealed)
        log.changeReason = try notes.open(meeting, \.$changeReasonSealed)
        log.theirRepairNote = try log.theirs.flatMap { try notes.open($0, \.$repairNoteSealed) }
        log.checkIns = try await CheckIn.query(on: request.db).filter(\.$meeting.$id == id).all()
        log.entries = try await MeetingEntry.query(on: request.db).filter(\.$meeting.$id == id).with(\.$story).sort(\.$createdAt).all()
            .map { ($0, try notes.open($0, \.$bodySealed)) }
        if let summary = try await MeetingSummary.query(on: request.db).filter(\.$meeting.$id == id).first() {
            log.summary = summary
            log.summaryText = try notes.open(summary, \.$textSealed)
            log.correctionText = try notes.open(summary, \.$correctionSealed)
        }
        let commitments = try await Commitment.query(on: request.db).filter(\.$match.$id == pair.matchID).sort(\.$createdAt).all()
        log.commitmentsToFollow = try commitments
            .filter { $0.$meeting.id != id && $0.createdAt < meeting.startsAt && ($0.status == .open || $0.followedUpMeetingID == id) }
            .map { ($0, try notes.open($0, \.$textSealed), try notes.open($0, \.$followUpSealed)) }
        log.commitmentsMade = try commitments.filter { $0.$meeting.id == id }.map { ($0, try notes.open($0, \.$textSealed)) }
        // Itself left out by id: a start read back from the database may differ from the stored one in the last bit.
        if meeting.state == .accepted, try await Meeting.query(on: request.db).filter(\.$match.$id == pair.matchID).filter(\.$id != id)
            .filter(\.$state == .accepted).filter(\.$startsAt < meeting.startsAt.addingTimeInterval(60)).count() == 0 {
            log.commonGround = try await CommonGround.of(pair.match, viewer: pair.me, on: request.db)
        }
        if pair.isMentor {
            // Said to the mentor only, as a prompt: nothing reaches staff unless a person decides to raise a worry.
            let menteeID = try pair.mentee.requireID()
            let feelings = try await CheckIn.query(on: request.db).join(Meeting.self, on: \CheckIn.$meeting.$id == \Meeting.$id)
                .filter(Meeting.self, \.$match.$id == pair.matchID).filter(Meeting.self, \.$startsAt < meeting.startsAt.addingTimeInterval(60))
                .filter(\.$person.$id == menteeID).sort(Meeting.self, \.$startsAt, .descending).limit(Feeling.lowRun).all().map(\.feeling)
            log.menteeLowRun = feelings.prefix { Feeling.low.contains($0) }.count
            log.stories = try await MentorStory.query(on: request.db).filter(\.$mentor.$id == pair.me.requireID())
                .filter(\.$hiddenAt == nil).sort(\.$createdAt).all()
        }
        return log
    }
}
