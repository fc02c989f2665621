import Fluent
import Vapor

/// One meeting and its session log: the answer to the proposal, the feelings check-in, the co-created agenda,
/// "what I heard", notes, commitments and their follow-up, a shared story, and afterwards whether it happened.
/// The page is `MeetingLogModel` read and `MeetingLogView` drawn; each thing written to the log is one function here,
/// accepted only when `MeetingRules` says that part of the meeting is open.
enum MeetingLogPage {
    static func show(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        return try await render(request, pair: pair, meeting: try await pair.meeting(request), state: FormState())
    }

    static func render(_ request: Request, pair: Pair, meeting: Meeting, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await MeetingLogModel.load(request, pair: pair, meeting: meeting)
        let csrf = try await request.csrfToken()
        let view = MeetingLogView(
            model: model, state: state, csrf: csrf, time: request.schoolTime, noteMaxLength: request.configuration.noteMaxLength,
            newCommitmentForm: PracticePages.newCommitmentForm(pair: pair, meetingID: meeting.id, csrf: csrf, state: state, request: request))
        return Layout.page(view.title, for: request, status: status, view.body(notice: request.notice))
    }

    /// What every action is given: who, which meeting, what was sent, and the rules of the meeting now.
    private struct Context {
        let request: Request
        let pair: Pair
        let meeting: Meeting
        let meetingID: UUID
        let me: UUID
        let rules: MeetingRules
        var state: FormState

        var now: Date { rules.now }
        var noteLimit: Int { request.configuration.noteMaxLength }

        func invalid(_ state: FormState) async throws -> Response {
            try await render(request, pair: pair, meeting: meeting, state: state, status: .unprocessableEntity)
        }

        func requireUnderWay() throws {
            guard rules.isUnderWay else { throw Abort(.conflict, reason: "This can be filled in once the meeting has started.") }
        }

        /// Back to the log at the part just written.
        func saved(at anchor: String) -> Response {
            request.redirect(to: SiteRoute.pair(pair.matchID, .meeting(meetingID)).path(with: .saved) + anchor, redirectType: .normal)
        }
    }

    static func record(_ request: Request, pair: Pair, meeting: Meeting, action: MeetingAction) async throws -> Response {
        try pair.requireWritable()
        try pair.requireNotes()
        let context = Context(request: request, pair: pair, meeting: meeting, meetingID: try meeting.requireID(), me: try pair.me.requireID(),
                              rules: MeetingRules(meeting: meeting, now: request.now, time: request.schoolTime), state: try request.formState())
        switch action {
        case .attendance: return try await attendance(context)
        case .repair: return try await repair(context)
        case .checkIn: return try await checkIn(context)
        case .agenda, .note: return try await entry(context, kind: action == .agenda ? .agenda : .note)
        case .story: return try await story(context)
        case .summary: return try await summary(context)
        case .summaryResponse: return try await summaryResponse(context)
        case .accept, .decline, .withdraw, .cancel: throw Abort(.notFound)
        }
    }

    private static func attendance(_ context: Context) async throws -> Response {
        guard context.rules.attendanceOpen else { throw Abort(.conflict, reason: "Say whether the meeting happened once its time is over.") }
        var state = context.state
        guard let outcome = state.requireChoice("outcome", label: "what happened", as: AttendanceOutcome.self) else { return try await context.invalid(state) }
        let (request, pair) = (context.request, context.pair)
        let record = MeetingAttendance()
        record.$meeting.id = context.meetingID
        record.$person.id = context.me
        record.outcome = outcome
        record.recordedAt = context.now
        try await refusingContention("You have already said whether this meeting happened.") { try await record.create(on: request.db) }
        if let theirs = try await MeetingAttendance.query(on: request.db).filter(\.$meeting.$id == context.meetingID)
            .filter(\.$person.$id == pair.other.requireID()).first(), !AttendanceRecords.agree(outcome, theirs.outcome) {
            try await AttendanceRecords.tellCoordinators(pair: pair, meeting: context.meeting, request: request)
        }
        return context.saved(at: "#attendance")
    }

    private static func repair(_ context: Context) async throws -> Response {
        try context.requireUnderWay()
        var state = context.state
        guard let note = state.requireText("repair_note", label: "a short note", maxLength: MeetingController.reasonMaxLength) else {
            return try await context.invalid(state)
        }
        let (request, pair, meetingID) = (context.request, context.pair, context.meetingID)
        let notes = request.notes
        if let record = try await MeetingAttendance.query(on: request.db).filter(\.$meeting.$id == meetingID).filter(\.$person.$id == context.me).first() {
            guard record.outcome == .iMissed || record.outcome == .otherMissed else {
                throw Abort(.conflict, reason: "You said this meeting happened, so there's nothing to put right.")
            }
            try notes.seal(note, into: record, \.$repairNoteSealed)
            try await record.update(on: request.db)
        } else {
            let record = MeetingAttendance()
            record.$meeting.id = meetingID
            record.$person.id = context.me
            record.outcome = .iMissed
            try notes.seal(note, into: record, \.$repairNoteSealed)
            record.recordedAt = context.now
            try await refusingContention("You have already said whether this meeting happened.") { try await record.create(on: request.db) }
        }
        try await AppNotification.send("\(pair.me.givenName) sent a note about the missed meeting. Open it to read it.", link: .pair(pair.matchID, .meeting(meetingID)),
                                       to: [pair.other.requireID()], at: context.now, on: request.db)
        return request.redirect(to: SiteRoute.pair(pair.matchID, .meetings).path + "?repair=\(meetingID.uuidString.lowercased())#propose", redirectType: .normal)
    }

    private static func checkIn(_ context: Context) async throws -> Response {
        guard context.rules.checkInOpen else { throw Abort(.conflict, reason: "Check-in opens on the day of the meeting.") }
        var state = context.state
        guard let feeling = state.requireChoice("feeling", label: "how you're feeling", as: Feeling.self) else { return try await context.invalid(state) }
        let checkIn = CheckIn()
        checkIn.$meeting.id = context.meetingID
        checkIn.$person.id = context.me
        checkIn.feeling = feeling
        checkIn.checkedInAt = context.now
        try await refusingContention("You have already checked in to this meeting.") { try await checkIn.create(on: context.request.db) }
        return context.saved(at: "#check-in")
    }

    private static func entry(_ context: Context, kind: MeetingEntryKind) async throws -> Response {
        let isAgenda = kind == .agenda
        if isAgenda {
            guard context.rules.isLive else { throw Abort(.conflict, reason: "This meeting isn't going ahead, so its agenda is closed.") }
        } else {
            try context.requireUnderWay()
        }
        var state = context.state
        guard let text = state.requireText(isAgenda ? "agenda_item" : "note", label: isAgenda ? "something for the agenda" : "your note",
                                           maxLength: context.noteLimit) else {
            return try await context.invalid(state)
        }
        try await write(kind, text: text, context: context)
        return context.saved(at: isAgenda ? "#agenda" : "#notes")
    }

    private static func story(_ context: Context) async throws -> Response {
        try context.requireUnderWay()
        guard context.pair.isMentor else { throw Abort(.forbidden, reason: "Mentors share their stories; you can read them here.") }
        guard let id = UUID(uuidString: context.state["story"]),
              let story = try await MentorStory.query(on: context.request.db).filter(\.$id == id).filter(\.$mentor.$id == context.me)
                .filter(\.$hiddenAt == nil).first()
        else { throw Abort(.notFound, reason: "There is no such story of yours to share.") }
        try await write(.story, text: "", storyID: try story.requireID(), context: context)
        return context.saved(at: "#notes")
    }

    private static func summary(_ context: Context) async throws -> Response {
        try context.requireUnderWay()
        let (request, pair, meetingID) = (context.request, context.pair, context.meetingID)
        guard pair.isMentor else { throw Abort(.forbidden, reason: "Your mentor writes what they heard; you say whether it's right.") }
        var state = context.state
        guard let text = state.requireText("summary", label: "what you heard", maxLength: context.noteLimit) else { return try await context.invalid(state) }
        let existing = try await MeetingSummary.query(on: request.db).filter(\.$meeting.$id == meetingID).first()
        guard existing?.response != .confirmed else { throw Abort(.conflict, reason: "\(pair.other.givenName) has already said this is right.") }
        let summary = existing ?? MeetingSummary()
        summary.$meeting.id = meetingID
        try request.notes.seal(text, into: summary, \.$textSealed)
        summary.response = .waiting
        summary.correctionSealed = nil
        summary.writtenAt = context.now
        summary.respondedAt = nil
        try await refusingContention("This summary was saved at the same moment from somewhere else. Reload the page.") {
            try await summary.save(on: request.db)
        }
        try await AppNotification.send("\(pair.me.givenName) wrote what they heard. Did they get it right?", link: .pair(pair.matchID, .meeting(meetingID)),
                                       to: [pair.other.requireID()], at: context.now, on: request.db)
        return context.saved(at: "#heard")
    }

    private static func summaryResponse(_ context: Context) async throws -> Response {
        guard !context.pair.isMentor else { throw Abort(.forbidden, reason: "Your mentee says whether your summary is right.") }
        let request = context.request
        guard let summary = try await MeetingSummary.query(on: request.db).filter(\.$meeting.$id == context.meetingID).first(),
              summary.response == .waiting else {
            throw Abort(.conflict, reason: "There is no summary waiting for your answer.")
        }
        var state = context.state
        guard let response = state.requireChoice("response", label: "whether it's right", as: SummaryResponse.self), response != .waiting else {
            state.errors["response"] = "Choose \"Yes, that's it\" or \"Not quite\"."
            return try await context.invalid(state)
        }
        if response == .corrected {
            guard let correction = state.requireText("correction", label: "what you meant", maxLength: context.noteLimit) else {
                return try await context.invalid(state)
            }
            try request.notes.seal(correction, into: summary, \.$correctionSealed)
        }
        summary.response = response
        summary.respondedAt = context.now
        try await summary.update(on: request.db)
        return context.saved(at: "#heard")
    }

    private static func write(_ kind: MeetingEntryKind, text: String, storyID: UUID? = nil, context: Context) async throws {
        let entry = MeetingEntry()
        entry.$meeting.id = context.meetingID
        entry.$author.id = context.me
        entry.kind = kind
        try context.request.notes.seal(text, into: entry, \.$bodySealed)
        entry.$story.id = storyID
        entry.createdAt = context.now
        try await entry.create(on: context.request.db)
    }
}
