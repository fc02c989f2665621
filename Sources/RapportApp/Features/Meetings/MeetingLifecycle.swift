import Foundation

/// Where a meeting is: waiting for an answer, agreed, or no longer going ahead.
enum MeetingState: String, Codable, CaseIterable, Sendable {
    case proposed, accepted, declined, cancelled
    /// Replaced by another time: suggested instead of it, or rescheduled.
    case moved

    /// Meetings still expected to happen.
    static let live: [MeetingState] = [.proposed, .accepted]

    var title: String {
        switch self {
        case .proposed: "Waiting for an answer"
        case .accepted: "Agreed"
        case .declined: "Declined"
        case .cancelled: "Cancelled"
        case .moved: "Moved"
        }
    }
}

enum MeetingEvent: String, Codable, CaseIterable, Sendable {
    case accept, decline
    /// The proposer withdraws a proposal, or either calls off an agreed meeting with a reason.
    case cancel
    /// The other suggests another time instead, or either reschedules an agreed meeting with a reason.
    case move
}

/// The one place that decides every change of a meeting. Pure: the caller records it.
enum MeetingLifecycle {
    static func next(
        from state: MeetingState, on event: MeetingEvent, byProposer: Bool, reason: String?, startsAt: Date, now: Date
    ) -> Result<MeetingState, TransitionRefusal> {
        let hasReason = !(reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        let hasStarted = startsAt <= now
        switch (state, event) {
        case (.proposed, .accept), (.proposed, .decline):
            if byProposer { return .failure(TransitionRefusal(message: "You proposed this meeting: the other person answers it.")) }
            if event == .accept && hasStarted {
                return .failure(TransitionRefusal(message: "This time has already passed. Suggest another time instead."))
            }
            return .success(event == .accept ? .accepted : .declined)
        case (.proposed, .cancel):
            return byProposer ? .success(.cancelled)
                : .failure(TransitionRefusal(message: "Only the person who proposed a meeting can withdraw it. Decline it or suggest another time."))
        case (.proposed, .move):
            return byProposer ? .failure(TransitionRefusal(message: "Withdraw your proposal and propose a new time instead."))
                : .success(.moved)
        case (.accepted, .cancel), (.accepted, .move):
            if hasStarted {
                return .failure(TransitionRefusal(message: "This meeting has already started. Say afterwards whether it happened."))
            }
            return hasReason ? .success(event == .cancel ? .cancelled : .moved)
                : .failure(TransitionRefusal(message: "Say why, in a few words, so the other person knows."))
        case (.accepted, .accept):
            return .failure(TransitionRefusal(message: "This meeting is already agreed."))
        default:
            return .failure(TransitionRefusal(message: "This meeting is \(state.title.lowercased()); it can't change any more. Propose a new one instead."))
        }
    }
}
