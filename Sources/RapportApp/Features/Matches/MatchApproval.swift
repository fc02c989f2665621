import Fluent
import Vapor

/// Approving a proposed pair: the match takes a mentor place, the agreement is written, and both are told.
struct MatchApproval {
    let audit: AuditLog
    private var clock: Clock { audit.clock }

    func approve(_ matchID: UUID, by coordinator: Person, on database: any Database) async throws {
        try await refusingContention(MatchTransitions.raceMessage) {
          try await database.transaction { database in
            let match = try await MatchTransitions(audit: audit).apply(.approve, to: matchID, by: coordinator, on: database)
            let mentor = try await match.$mentor.get(on: database)
            let mentee = try await match.$mentee.get(on: database)
            let programme = try await match.$programme.get(on: database)
            let lead = try await Person.query(on: database).filter(\.$school.$id == match.$school.id)
                .filter(\.$role == .safeguardingLead).filter(\.$isActive == true).sort(\.$isDeputyLead).sort(\.$familyName).first()
            let agreement = Agreement()
            agreement.$match.id = matchID
            agreement.version = AgreementWording.version
            agreement.text = AgreementWording.text(mentor: mentor, mentee: mentee, programme: programme,
                                                   leadName: lead?.fullName ?? "your school's safeguarding lead")
            agreement.createdAt = clock.now()
            try await agreement.create(on: database)
            try await AppNotification.send("You have a new match: read and sign your agreement.", link: .myMatch(matchID),
                                           to: [mentor.requireID(), mentee.requireID()], at: clock.now(), on: database)
          }
        }
    }
}
