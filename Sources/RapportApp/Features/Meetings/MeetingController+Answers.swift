import Fluent
import Plot
import SQLKit
import Vapor

/// Answering, withdrawing and cancelling a meeting; writing to its log is `MeetingLogPage`'s.
extension MeetingController {
    // MARK: Actions on one meeting

    func act(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        let meeting = try await pair.meeting(request)
        let action = try request.action(MeetingAction.self)
        guard action.answersTheProposal else {
            return try await MeetingLogPage.record(request, pair: pair, meeting: meeting, action: action)
        }
        try pair.requireWritable()
        return try await change(request, pair: pair, meeting: meeting, action: action)
    }

    /// The days between the meetings of a series being accepted: the rhythm the pair have agreed. Nil for one meeting.
    static func rhythmDays(of meetings: [Meeting]) -> Int? {
        guard meetings.count > 1 else { return nil }
        return Int((meetings[1].startsAt.timeIntervalSince(meetings[0].startsAt) / 86_400).rounded())
    }

    func change(_ request: Request, pair: Pair, meeting: Meeting, action: MeetingAction) async throws -> Response {
        var state = try request.formState()
        let now = request.now
        let event: MeetingEvent = switch action {
        case .accept: .accept
        case .decline: .decline
        default: .cancel
        }
        var reason: String?
        if action == .cancel {
            reason = state.requireText("reason", label: "why you're cancelling", maxLength: Self.reasonMaxLength)
            guard state.isValid else {
                return try await MeetingLogPage.render(request, pair: pair, meeting: meeting, state: state, status: .unprocessableEntity)
            }
        }
        // Answering one meeting of a series answers the rest of it that is still waiting.
        var meetings = [meeting]
        if let series = meeting.seriesID, event != .cancel {
            meetings = try await Meeting.query(on: request.db).filter(\.$seriesID == series).filter(\.$state == .proposed)
                .filter(\.$startsAt > now).sort(\.$startsAt).all()
            if !meetings.contains(where: { $0.id == meeting.id }) { meetings.insert(meeting, at: 0) }
        }
        let (changing, why, notes) = (meetings, reason, request.notes)
        let agreedRhythm = event == .accept ? Self.rhythmDays(of: meetings) : nil
        try await request.db.transaction { database in
            for each in changing {
                try await MeetingChanges.apply(event, to: each, by: pair.me, reason: why, notes: notes, now: now, on: database)
            }
            if let agreedRhythm, pair.match.agreedCadenceDays != agreedRhythm {
                pair.match.agreedCadenceDays = agreedRhythm
                try await pair.match.update(on: database)
            }
        }
        let time = request.schoolTime
        let slot = time.slotText(meeting.startsAt, meeting.endsAt)
        let many = meetings.count > 1 ? " and the \(meetings.count - 1) after it" : ""
        let text = switch event {
        case .accept: "\(pair.me.givenName) said yes to \(slot)\(many)."
        case .decline: "\(pair.me.givenName) can't do \(slot)\(many). Suggest another time?"
        // The reason stays sealed on the meeting; the notification only points to it.
        default: reason == nil ? "\(pair.me.givenName) withdrew their proposal for \(slot)."
            : "\(pair.me.givenName) cancelled the meeting on \(slot). Open it to see why."
        }
        try await AppNotification.send(text, link: .pair(pair.matchID, .meeting(meeting.id!)), to: [pair.other.requireID()], at: now, on: request.db)
        switch event {
        case .accept: return request.redirect(to: SiteRoute.pair(pair.matchID, .meeting(meeting.id!)).path(with: .accepted), redirectType: .normal)
        case .decline: return request.redirect(to: SiteRoute.pair(pair.matchID, .meetings).path(with: .declined) + "#propose", redirectType: .normal)
        default: return request.redirect(to: SiteRoute.pair(pair.matchID, .meetings).path(with: action == .withdraw ? .withdrawn : .cancelled), redirectType: .normal)
        }
    }
}
