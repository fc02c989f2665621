import Fluent
import Vapor

/// What every action on a concern is given, and how a refused form is shown again.
struct ConcernActionContext {
    let request: Request
    let lead: Person
    let concern: Concern
    let concernID: UUID
    let now: Date
    let state: FormState
    let action: ConcernAction
    let showAgain: (FormState) async throws -> Response
}

/// Each thing the lead does to a concern: one function each, answering nil when done (back to the concern) or the
/// form again with what is missing.
extension ConcernController {
    func acknowledge(_ context: ConcernActionContext) async throws -> Response? {
        let (request, lead, concern, concernID, now) = (context.request, context.lead, context.concern, context.concernID, context.now)
        guard concern.acknowledgedAt == nil else { throw Abort(.conflict, reason: "This concern is already acknowledged.") }
        try await request.db.transaction { database in
            concern.acknowledgedAt = now
            concern.acknowledgedByID = lead.id
            try await concern.update(on: database)
            try await request.audit.record("acknowledged concern", subject: "concern \(concernID)", by: lead, schoolID: concern.$school.id, on: database)
            try await AppNotification.send("The safeguarding lead has acknowledged the worry you raised.", link: .worriedReceipt(concernID),
                                           to: [concern.$raisedBy.id], at: now, on: database)
        }
        return nil
    }

    func addEntry(_ context: ConcernActionContext) async throws -> Response? {
        let (request, lead, concern, concernID, now) = (context.request, context.lead, context.concern, context.concernID, context.now)
        var state = context.state
        guard concern.closedAt == nil else { throw Abort(.conflict, reason: "This concern is closed: nothing more can be added.") }
        let kind = state.requireChoice("kind", label: "what you are adding", as: ConcernEntryKind.self)
        let category = kind == .decision ? state.requireChoice("category", label: "the decision's category", as: ConcernDecision.self) : nil
        let text = state.requireText("text", label: kind == .decision ? "the decision and its reason" : "what you are adding", maxLength: Self.entryMaxLength)
        guard state.isValid, let kind, let text else { return try await context.showAgain(state) }
        let entry = ConcernEntry()
        entry.$concern.id = concernID
        entry.$author.id = try lead.requireID()
        entry.kind = kind
        entry.category = category
        try request.notes.seal(text, into: entry, \.$textSealed)
        entry.writtenAt = now
        try await request.db.transaction { database in
            try await entry.create(on: database)
            try await request.audit.record("added to concern", subject: "concern \(concernID): \(kind.rawValue)\(category.map { " (\($0.rawValue))" } ?? "")",
                                           by: lead, schoolID: concern.$school.id, on: database)
        }
        return nil
    }

    func linkStudent(_ context: ConcernActionContext) async throws -> Response? {
        let (request, lead, concern, concernID) = (context.request, context.lead, context.concern, context.concernID)
        var state = context.state
        let chosen = UUID(uuidString: state["student"])
        guard let chosen, let student = try await Person.query(on: request.db).filter(\.$id == chosen)
            .filter(\.$school.$id == concern.$school.id).filter(\.$role ~~ [.mentor, .mentee]).first() else {
            state.errors["student"] = "Choose a student of your school from the list."
            return try await context.showAgain(state)
        }
        try await request.db.transaction { database in
            concern.$student.id = try student.requireID()
            try await concern.update(on: database)
            try await request.audit.record("linked concern to student", subject: "concern \(concernID) to student \(try student.requireID())",
                                           by: lead, schoolID: concern.$school.id, on: database)
        }
        return nil
    }

    func share(_ context: ConcernActionContext) async throws -> Response? {
        let (request, lead, concern, concernID, now) = (context.request, context.lead, context.concern, context.concernID, context.now)
        guard concern.sharedWithCoordinatorAt == nil else { throw Abort(.conflict, reason: "The coordinator already knows a lead is involved.") }
        try await request.db.transaction { database in
            concern.sharedWithCoordinatorAt = now
            try await concern.update(on: database)
            try await request.audit.record("told coordinator a lead is involved", subject: "concern \(concernID)", by: lead,
                                           schoolID: concern.$school.id, on: database)
        }
        return nil
    }

    func pauseMatch(_ context: ConcernActionContext) async throws -> Response? {
        let (request, lead, concern) = (context.request, context.lead, context.concern)
        var state = context.state
        guard let match = try await ConcernPage.match(of: concern, on: request.db) else {
            throw Abort(.conflict, reason: "This concern is not linked to a match.")
        }
        guard let reason = state.requireText("reason", label: "why the match is pausing", maxLength: 300) else {
            return try await context.showAgain(state)
        }
        try await MatchTransitions(audit: request.audit).apply(.pause, to: match.requireID(), by: lead, reason: reason, on: request.db)
        return nil
    }

    func hold(_ context: ConcernActionContext) async throws -> Response? {
        let (request, lead, concern, concernID, now) = (context.request, context.lead, context.concern, context.concernID, context.now)
        guard let studentID = concern.$student.id else {
            throw Abort(.conflict, reason: "Link the concern to a student first.")
        }
        let current = try await SafeguardingHold.query(on: request.db).filter(\.$student.$id == studentID).filter(\.$liftedAt == nil).first()
        let placing = context.action == .hold
        try await request.db.transaction { database in
            if placing {
                guard current == nil else { throw Abort(.conflict, reason: "This student is already on hold.") }
                let hold = SafeguardingHold()
                hold.$school.id = concern.$school.id
                hold.$student.id = studentID
                hold.concernID = concernID
                hold.placedByID = try lead.requireID()
                hold.placedAt = now
                try await hold.create(on: database)
            } else {
                guard let current else { throw Abort(.conflict, reason: "This student is not on hold.") }
                current.liftedAt = now
                current.liftedByID = lead.id
                try await current.update(on: database)
            }
            try await request.audit.record(placing ? "placed safeguarding hold" : "lifted safeguarding hold",
                                           subject: "student \(studentID) from concern \(concernID)", by: lead, schoolID: concern.$school.id, on: database)
        }
        return nil
    }

    /// Keeps the concern's student and one other student out of each other's matching, or lifts that again. The
    /// concern is the reason; the coordinator's round counts restricted pairs and never says who or why.
    func restrictPair(_ context: ConcernActionContext) async throws -> Response? {
        let (request, lead, concern, concernID, now) = (context.request, context.lead, context.concern, context.concernID, context.now)
        guard let studentID = concern.$student.id else { throw Abort(.conflict, reason: "Link the concern to a student first.") }
        var state = context.state
        let restricting = context.action == .restrictPair
        let entry: PairingRestriction
        if restricting {
            guard let otherID = UUID(uuidString: state["restrict_with"]), otherID != studentID,
                  try await Person.query(on: request.db).filter(\.$id == otherID).filter(\.$school.$id == concern.$school.id)
                      .filter(\.$role ~~ [.mentor, .mentee]).count() == 1 else {
                state.errors["restrict_with"] = "Choose another student of this school."
                return try await context.showAgain(state)
            }
            guard try await PairingRestriction.between(studentID, otherID, kind: .safeguarding, on: request.db) == nil else {
                throw Abort(.conflict, reason: "These two students are already kept apart.")
            }
            entry = PairingRestriction(school: concern.$school.id, kind: .safeguarding, between: studentID, and: otherID,
                                       by: try lead.requireID(), at: now)
            entry.concernID = concernID
            try request.notes.seal("", into: entry, \.$reasonSealed)
        } else {
            guard let id = UUID(uuidString: state["restriction"]),
                  let found = try await PairingRestriction.query(on: request.db).filter(\.$id == id).filter(\.$kind == .safeguarding)
                      .filter(\.$school.$id == concern.$school.id)
                      .group(.or, { $0.filter(\.$student.$id == studentID).filter(\.$other.$id == studentID) }).first()
            else { throw Abort(.notFound, reason: "There is no such restriction for this student.") }
            entry = found
        }
        do {
            try await request.db.transaction { database in
                if restricting { try await entry.create(on: database) } else { try await entry.delete(on: database) }
                try await request.audit.record(restricting ? "placed safeguarding restriction" : "lifted safeguarding restriction",
                                               subject: "students \(entry.$student.id) and \(entry.$other.id) from concern \(concernID)",
                                               by: lead, schoolID: concern.$school.id, on: database)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "These two students are already kept apart.")
        }
        return nil
    }

    func close(_ context: ConcernActionContext) async throws -> Response? {
        let (request, lead, concern, concernID, now) = (context.request, context.lead, context.concern, context.concernID, context.now)
        var state = context.state
        guard concern.closedAt == nil else { throw Abort(.conflict, reason: "This concern is already closed.") }
        guard concern.acknowledgedAt != nil,
              try await ConcernEntry.query(on: request.db).filter(\.$concern.$id == concernID).filter(\.$kind == .decision).count() > 0 else {
            state.errors["close"] = "Acknowledge the concern and record a decision (no further action needs its reason too) before closing it."
            return try await context.showAgain(state)
        }
        try await request.db.transaction { database in
            concern.closedAt = now
            concern.closedByID = lead.id
            try await concern.update(on: database)
            try await request.audit.record("closed concern", subject: "concern \(concernID)", by: lead, schoolID: concern.$school.id, on: database)
        }
        return nil
    }
}
