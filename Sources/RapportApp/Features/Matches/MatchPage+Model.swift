import Fluent
import Vapor

/// What the coordinator's page of one match shows, and the moves they may make: asked of the database here and
/// nowhere else, so the view only draws it.
struct MatchPageModel {
    struct Move {
        let at: Date
        let from: MatchState
        let to: MatchState
        let by: String
        let reason: String
    }

    let match: MentoringMatch
    let history: [Move]
    let agreementVersion: String?
    /// Given names of those who signed, mentor first.
    let signedBy: [String]
    let questions: [(asker: String, text: String)]
    let leadInvolved: Bool
    let practice: PracticeOverview?
    /// The early warnings in words; empty when there are none.
    let prompts: [String]
    /// Relationship-check answers are on the page (only those given while the check said staff would see them).
    let showsAnswers: Bool
    /// The moves the lifecycle offers from the match's state, with the words on the form.
    let events: [(event: MatchEvent, label: String)]
    /// How many check-ins coordinators have recorded with the pair.
    let checkIns: Int
    /// "I'd like to stop" from either of them, newest first, with their words for the coordinator.
    let stopRequests: [(who: String, at: Date, text: String?)]
    /// Why the round proposed them, with a shared identity named only while both allow it.
    let reasons: [String]

    static let eventLabels: [MatchEvent: String] = [.pause: "Pause", .resume: "Resume", .beginClosing: "Start closing", .close: "Close", .cancel: "Cancel"]

    static func load(_ match: MentoringMatch, notes: NoteCipher, now: Date, kept: KeptFigures? = nil, on database: any Database) async throws -> MatchPageModel {
        let matchID = try match.requireID()
        let transitions = try await MatchTransition.query(on: database).filter(\.$match.$id == matchID).sort(\.$occurredAt).all()
        let actorIDs = transitions.compactMap(\.actorID)
        let actors = try await Person.query(on: database).filter(\.$id ~~ actorIDs).all(ifAnyOf: actorIDs)
        let actorName = Dictionary(uniqueKeysWithValues: actors.map { ($0.id!, $0.fullName) })
        let agreement = try await Agreement.query(on: database).filter(\.$match.$id == matchID).first()
        let signatures = agreement == nil ? []
            : try await AgreementSignature.query(on: database).filter(\.$agreement.$id == agreement!.requireID()).all()
        let questions = try await AgreementQuestion.query(on: database).filter(\.$match.$id == matchID).with(\.$person).sort(\.$askedAt).all()
        let practice = match.activatedAt == nil ? nil : try await PracticeOverview.of(match, now: now, on: database)
        return MatchPageModel(
            match: match,
            history: transitions.map { Move(at: $0.occurredAt, from: $0.fromState, to: $0.toState,
                                            by: $0.actorID.flatMap { actorName[$0] } ?? "Rapport", reason: $0.reason) },
            agreementVersion: agreement?.version,
            signedBy: [match.mentor, match.mentee].filter { person in signatures.contains { $0.$person.id == person.id } }.map(\.givenName),
            questions: questions.map { ($0.person.givenName, $0.text) },
            leadInvolved: try await Concern.sharedInvolving(match, on: database) > 0,
            practice: practice,
            prompts: try await MatchFlags.ofSchool(match.$school.id, only: matchID, now: now, kept: kept, on: database)[matchID]?.sentences ?? [],
            showsAnswers: practice?.checks.contains { $0.mentorAnswers != nil || $0.menteeAnswers != nil } == true,
            events: MatchLifecycle.events(from: match.state).compactMap { event in eventLabels[event].map { (event, $0) } },
            checkIns: try await PairCheckIn.query(on: database).filter(\.$match.$id == matchID).count(),
            stopRequests: try await StopRequest.query(on: database).filter(\.$match.$id == matchID).sort(\.$askedAt, .descending).all().map {
                ($0.$person.id == match.$mentor.id ? match.mentor.givenName : match.mentee.givenName, $0.askedAt, try notes.open($0, \.$textSealed))
            },
            reasons: IdentityWords.shown(match.reasons, named: try await IdentityWords.named(mentee: match.$mentee.id, mentor: match.$mentor.id, on: database)))
    }
}
