import Fluent
import Vapor

/// What a form asks to do to a record, named in its address (`…/:action`). Each feature's actions are one enum, so a
/// handler switches over every case and a link cannot name one that does not exist.
extension Request {
    /// The action the address names, or 404 when it names none of `Action`'s cases.
    func action<Action: RawRepresentable>(_ type: Action.Type) throws -> Action where Action.RawValue == String {
        guard let text = parameters.get("action"), let action = Action(rawValue: text) else {
            throw Abort(.notFound, reason: "There is no such thing to do here.")
        }
        return action
    }
}

enum MeetingAction: String, CaseIterable, Sendable {
    case accept, decline, withdraw, cancel
    case attendance, repair
    case checkIn = "check-in"
    case agenda, note, summary
    case summaryResponse = "summary-response"
    case story

    /// Answers to a proposed meeting change the meeting itself; the others write to its log.
    var answersTheProposal: Bool { [.accept, .decline, .withdraw, .cancel].contains(self) }
}

enum GoalAction: String, CaseIterable, Sendable {
    case steps, setbacks
}

enum StepAction: String, CaseIterable, Sendable {
    case done, encourage
}

enum RoundAction: String, CaseIterable, Sendable {
    case pin, forbid, unpin, unforbid, swap, rerun, approve
    case approveAll = "approve-all"
    case close
}

enum ConcernAction: String, CaseIterable, Sendable {
    case acknowledge, entries, student, share
    case pauseMatch = "pause-match"
    case hold
    case liftHold = "lift-hold"
    case restrictPair = "restrict-pair"
    case liftRestriction = "lift-restriction"
    case close
}

extension Request {
    /// The record the address names by `parameter`, looked for only within `scope` (the person's school, their match,
    /// their own records), or a 404 saying `notFound`: another school's record reads exactly like one that does not exist.
    func record<M: Model>(_ parameter: String, _ type: M.Type, notFound: String,
                          scope: (QueryBuilder<M>) throws -> QueryBuilder<M>) async throws -> M where M.IDValue == UUID {
        guard let id = parameters.get(parameter).flatMap(UUID.init(uuidString:)),
              let found = try await scope(M.query(on: db).filter(\._$id == id)).first()
        else { throw Abort(.notFound, reason: notFound) }
        return found
    }
}
