import Fluent
import Foundation

/// One pair's check-ins page: its flags now, its snooze if one is running, and every check-in recorded with its
/// words opened (the caller logs the read).
struct MatchCheckInsModel {
    struct Entry {
        let on: Date
        let withWhom: CheckInWith
        let how: CheckInHow
        let by: String
        let note: String
        let nextStep: String?
    }

    struct Snooze {
        let until: Date
        let reason: String
        let by: String
    }

    let match: MentoringMatch
    let prompts: [String]
    /// When the next coordinator contact with the pair, and with its mentor, falls due (active pairs only).
    let contactDue: Date?
    let mentorContactDue: Date?
    /// When the page was drawn, to say whether those are overdue.
    let now: Date
    let snooze: Snooze?
    /// Newest first.
    let checkIns: [Entry]

    var mayRecord: Bool { MatchState.open.contains(match.state) }
    var maySnooze: Bool { match.state == .active && snooze == nil }

    static func load(_ match: MentoringMatch, notes: NoteCipher, now: Date, kept: KeptFigures? = nil, on database: any Database) async throws -> MatchCheckInsModel {
        let matchID = try match.requireID()
        let flags = try await MatchFlags.ofSchool(match.$school.id, only: matchID, now: now, kept: kept, on: database)[matchID]
        let snooze = try await FlagSnooze.running(school: match.$school.id, now: now, on: database)[matchID]
        let checkIns = try await PairCheckIn.query(on: database).filter(\.$match.$id == matchID)
            .sort(\.$checkedOn, .descending).sort(\.$recordedAt, .descending).all()
        let staffIDs = checkIns.map(\.$coordinator.id) + (snooze.map { [$0.$by.id] } ?? [])
        let staff = try await Person.query(on: database).filter(\.$id ~~ staffIDs).all(ifAnyOf: staffIDs)
        let name = { (id: UUID) in staff.first { $0.id == id }?.fullName ?? "A former coordinator" }
        return MatchCheckInsModel(
            match: match, prompts: flags?.sentences ?? [], contactDue: flags?.contactDue, mentorContactDue: flags?.mentorContactDue, now: now,
            snooze: try snooze.map { Snooze(until: $0.until, reason: try notes.open($0, \.$reasonSealed), by: name($0.$by.id)) },
            checkIns: try checkIns.map {
                Entry(on: $0.checkedOn, withWhom: $0.withWhom, how: $0.how, by: name($0.$coordinator.id),
                      note: try notes.open($0, \.$noteSealed), nextStep: try notes.open($0, \.$nextStepSealed))
            })
    }
}
