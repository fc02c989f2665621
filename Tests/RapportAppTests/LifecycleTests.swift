import Foundation
import Testing
@testable import RapportApp

@Suite("Match lifecycle")
struct LifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let allowed: [MatchState: [MatchEvent: MatchState]] = [
        .proposed: [.approve: .awaitingAgreement, .cancel: .cancelled],
        .awaitingAgreement: [.bothSigned: .active, .cancel: .cancelled],
        .active: [.pause: .paused, .beginClosing: .closing],
        .paused: [.resume: .active, .beginClosing: .closing],
        .closing: [.close: .closed],
        .closed: [:],
        .cancelled: [:],
    ]

    /// Every state against every event: exactly the moves in the table are allowed, with a reason given.
    @Test(arguments: MatchState.allCases)
    func everyMoveFromAState(state: MatchState) {
        for event in MatchEvent.allCases {
            let result = MatchLifecycle.next(from: state, on: event, reason: "planned", activeSince: Self.now.addingTimeInterval(-200 * 86_400), earlyClosureDays: 91, now: Self.now)
            switch (result, Self.allowed[state]?[event]) {
            case (.success(let to), let expected?):
                #expect(to == expected, "\(state) + \(event)")
            case (.failure(let refusal), nil):
                #expect(!refusal.message.isEmpty)
            default:
                Issue.record("\(state) + \(event) gave \(result), expected \(String(describing: Self.allowed[state]?[event]))")
            }
        }
    }

    /// What a form may offer from a state is exactly the table's moves, asked without inventing a reason.
    @Test(arguments: MatchState.allCases)
    func theEventsOfAStateAreTheTablesMoves(state: MatchState) {
        #expect(Set(MatchLifecycle.events(from: state)) == Set(Self.allowed[state]?.keys.map { $0 } ?? []))
    }

    @Test func pausingNeedsAReason() {
        let refused = MatchLifecycle.next(from: .active, on: .pause, reason: "  ", activeSince: Self.now, earlyClosureDays: 91, now: Self.now)
        #expect(refused == .failure(TransitionRefusal(message: "Say why the match is pausing, so the pair and the next coordinator know.")))
    }

    @Test func closingBeforeThreeMonthsNeedsAReasonButNotAfter() {
        let young = Self.now.addingTimeInterval(-30 * 86_400)
        let old = Self.now.addingTimeInterval(-120 * 86_400)
        #expect(MatchLifecycle.next(from: .active, on: .beginClosing, reason: nil, activeSince: young, earlyClosureDays: 91, now: Self.now)
                == .failure(TransitionRefusal(message: "This match is less than three months old: say why it is ending early.")))
        #expect(MatchLifecycle.next(from: .active, on: .beginClosing, reason: "moving school", activeSince: young, earlyClosureDays: 91, now: Self.now) == .success(.closing))
        #expect(MatchLifecycle.next(from: .paused, on: .beginClosing, reason: nil, activeSince: old, earlyClosureDays: 91, now: Self.now) == .success(.closing))
    }

    @Test func endedMatchesSaySo() {
        guard case .failure(let refusal) = MatchLifecycle.next(from: .closed, on: .resume, reason: nil, activeSince: nil, earlyClosureDays: 91, now: Self.now) else {
            Issue.record("a closed match moved")
            return
        }
        #expect(refusal.message.contains("already ended"))
    }
}
