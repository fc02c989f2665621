import Foundation

/// Where a match is in its life.
enum MatchState: String, Codable, CaseIterable, Sendable {
    case proposed
    case awaitingAgreement = "awaiting-agreement"
    case active, paused, closing, closed, cancelled

    /// States in which the match holds the mentee and one of the mentor's places. Closing is still open: the pair
    /// still meets to say goodbye, so neither goes back into matching until the match is closed.
    static let open: [MatchState] = [.proposed, .awaitingAgreement, .active, .paused, .closing]
    /// Open states after approval: the match holds one of the mentor's places.
    static let holdingAPlace: [MatchState] = [.awaitingAgreement, .active, .paused, .closing]

    var title: String {
        switch self {
        case .proposed: "Proposed"
        case .awaitingAgreement: "Waiting for the agreement"
        case .active: "Active"
        case .paused: "Paused"
        case .closing: "Closing"
        case .closed: "Closed"
        case .cancelled: "Cancelled"
        }
    }
}

/// Something that happens to a match.
enum MatchEvent: String, Codable, CaseIterable, Sendable {
    /// The coordinator approves a proposed pair; both are asked to sign the agreement.
    case approve
    /// Both have signed the agreement.
    case bothSigned = "both-signed"
    case pause, resume
    /// The coordinator starts a planned ending.
    case beginClosing = "begin-closing"
    case close
    /// Called off before it became active.
    case cancel
}

/// Why a move was refused, in words for the person who tried it.
struct TransitionRefusal: Error, Equatable, Sendable {
    let message: String
}

/// The one place that decides every move of a match. Pure: the caller records the move.
enum MatchLifecycle {
    /// Where `event` takes a match in `state`, before any reason is asked for; nil where the lifecycle has no such move.
    static func target(from state: MatchState, on event: MatchEvent) -> MatchState? {
        switch (state, event) {
        case (.proposed, .approve): .awaitingAgreement
        case (.awaitingAgreement, .bothSigned): .active
        case (.proposed, .cancel), (.awaitingAgreement, .cancel): .cancelled
        case (.active, .pause): .paused
        case (.paused, .resume): .active
        case (.active, .beginClosing), (.paused, .beginClosing): .closing
        case (.closing, .close): .closed
        default: nil
        }
    }

    /// The moves a match in `state` has (what the coordinator's form offers); some then need a reason.
    static func events(from state: MatchState) -> [MatchEvent] {
        MatchEvent.allCases.filter { target(from: state, on: $0) != nil }
    }

    static func next(
        from state: MatchState, on event: MatchEvent, reason: String?, activeSince: Date?, earlyClosureDays: Int, now: Date
    ) -> Result<MatchState, TransitionRefusal> {
        guard let target = target(from: state, on: event) else {
            switch (state, event) {
            case (.active, .cancel), (.paused, .cancel), (.closing, .cancel):
                return .failure(TransitionRefusal(message: "An active match is not cancelled: it closes, with a goodbye. Start closing it instead."))
            case (.closed, _), (.cancelled, _):
                return .failure(TransitionRefusal(message: "This match has already ended (\(state.title.lowercased())); nothing more can happen to it."))
            default:
                return .failure(TransitionRefusal(message: "A match that is \(state.title.lowercased()) can't \(event.phrase)."))
            }
        }
        let hasReason = !(reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if event == .pause, !hasReason {
            return .failure(TransitionRefusal(message: "Say why the match is pausing, so the pair and the next coordinator know."))
        }
        // Closing a match younger than the programme's intended shortest length needs a reason.
        if event == .beginClosing, let activeSince, HealthRules.endsEarly(activatedAt: activeSince, closingBegan: now, earlyClosureDays: earlyClosureDays),
           !hasReason {
            return .failure(TransitionRefusal(message: "This match is less than \(HealthRules.daysText(earlyClosureDays)) old: say why it is ending early."))
        }
        return .success(target)
    }
}

extension MatchEvent {
    var phrase: String {
        switch self {
        case .approve: "be approved"
        case .bothSigned: "become active: that happens when both have signed the agreement"
        case .pause: "be paused"
        case .resume: "be resumed"
        case .beginClosing: "start closing"
        case .close: "be closed before its closing has started"
        case .cancel: "be cancelled"
        }
    }
}
