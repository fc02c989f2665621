import Fluent
import Foundation
import SQLKit
import Vapor

/// Who must give a code from an authenticator app after their password, and what a session still owes.
enum TwoStepPolicy {
    /// Safeguarding leads and organisation admins always; coordinators where their organisation says so; never students.
    static func isRequired(for person: Person, on database: any Database) async throws -> Bool {
        switch person.role {
        case .safeguardingLead, .organisationAdmin: return true
        case .coordinator: return try await Organisation.find(person.$organisation.id, on: database)?.coordinatorsUseTwoStep ?? false
        case .mentor, .mentee: return false
        }
    }

    static func pendingStep(for person: Person, on database: any Database) async throws -> PendingStep? {
        guard person.role.isStaff else { return nil }
        if try await TwoStepFactor.confirmed(of: person.requireID(), on: database) != nil { return .verify }
        return try await isRequired(for: person, on: database) ? .enrol : nil
    }
}

extension TwoStepFactor {
    static func confirmed(of personID: UUID, on database: any Database) async throws -> TwoStepFactor? {
        try await query(on: database).filter(\.$person.$id == personID).filter(\.$confirmedAt != nil).first()
    }

    func totp(notes: NoteCipher) throws -> TOTP {
        guard let secret = Base32.decode(try notes.open(self, \.$secretSealed)), !secret.isEmpty else { throw Abort(.internalServerError) }
        return TOTP(secret: secret)
    }
}

/// Checking a code typed at the second step: a code from the app (each works once) or a recovery code (each works once).
/// Ten wrong codes in a row lock the account's second step until an organisation admin resets it.
enum TwoStepCheck {
    static let maximumFailures = 10

    enum Outcome: Equatable {
        case accepted(recoveryCodesLeft: Int?)
        case wrong
        case locked
    }

    static func check(_ typed: String, factor: TwoStepFactor, request: Request) async throws -> Outcome {
        guard factor.lockedAt == nil, let sql = request.db as? any SQLDatabase else { return .locked }
        let factorID = try factor.requireID()
        let now = request.now
        let compact = typed.filter { !$0.isWhitespace }
        if let step = try factor.totp(notes: request.notes).matchingStep(of: compact, at: now, after: factor.lastUsedStep) {
            // Of two sign-ins racing with one code, only the one whose update changes the row gets in.
            let claimed = try await sql.raw("""
                UPDATE \(ident: TwoStepFactor.schema) SET last_used_step = \(bind: step), failures = 0
                WHERE id = \(bind: factorID) AND locked_at IS NULL AND (last_used_step IS NULL OR last_used_step < \(bind: step))
                RETURNING id
                """).all()
            if claimed.count == 1 { return .accepted(recoveryCodesLeft: nil) }
        } else if compact.count >= 12 {
            let hash = request.application.keys.recoveryCodeHash(Secrets.normalisedLoginCode(compact))
            let spent = try await sql.update(RecoveryCode.schema).set("used_at", to: SQLBind(now))
                .where("person_id", .equal, SQLBind(factor.$person.id)).where("code_hash", .equal, SQLBind(hash))
                .where("used_at", .is, SQLLiteral.null)
                .returning("id").all()
            if spent.count == 1 {
                try await sql.update(TwoStepFactor.schema).set("failures", to: SQLBind(0)).where("id", .equal, SQLBind(factorID)).run()
                let left = try await RecoveryCode.query(on: request.db).filter(\.$person.$id == factor.$person.id).filter(\.$usedAt == nil).count()
                return .accepted(recoveryCodesLeft: left)
            }
        }
        try await sql.raw("UPDATE \(ident: TwoStepFactor.schema) SET failures = failures + 1 WHERE id = \(bind: factorID)").run()
        let failures = try await TwoStepFactor.find(factorID, on: request.db)?.failures ?? maximumFailures
        guard failures >= maximumFailures else { return .wrong }
        let locked = try await sql.update(TwoStepFactor.schema).set("locked_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(factorID)).where("locked_at", .is, SQLLiteral.null).returning("id").all()
        if locked.count == 1 {
            try await request.audit.record("two-step sign-in locked", subject: "person \(factor.$person.id.uuidString.lowercased()) after \(maximumFailures) wrong codes",
                                           by: nil, schoolID: try await Person.find(factor.$person.id, on: request.db)?.$school.id, on: request.db)
        }
        return .locked
    }
}

/// Setting up an authenticator: a secret kept (sealed) until the person proves their app has it with a code, then
/// ten recovery codes made and shown once.
enum TwoStepEnrolment {
    static let recoveryCodeCount = 10

    /// The person's unconfirmed factor, made on first call so reloading the page shows the same code to scan.
    static func pending(for person: Person, request: Request) async throws -> TwoStepFactor {
        let personID = try person.requireID()
        if let existing = try await TwoStepFactor.query(on: request.db).filter(\.$person.$id == personID).first() {
            return existing
        }
        return try await start(for: personID, secret: TOTP.newSecret(using: request.dependencies.random), request: request)
    }

    static func start(for personID: UUID, secret: [UInt8], request: Request) async throws -> TwoStepFactor {
        try await start(for: personID, secret: secret, notes: request.notes, now: request.now, on: request.db)
    }

    static func start(for personID: UUID, secret: [UInt8], notes: NoteCipher, now: Date, on database: any Database) async throws -> TwoStepFactor {
        let factor = TwoStepFactor(personID: personID, now: now)
        try notes.seal(Base32.encode(secret), into: factor, \.$secretSealed)
        try await factor.create(on: database)
        return factor
    }

    /// Confirms the factor when `typed` is its current code; returns the new recovery codes (to show once), or nil.
    static func confirm(_ factor: TwoStepFactor, typed: String, person: Person, request: Request) async throws -> [String]? {
        let compact = typed.filter { !$0.isWhitespace }
        guard factor.confirmedAt == nil,
              let step = try factor.totp(notes: request.notes).matchingStep(of: compact, at: request.now, after: nil) else { return nil }
        let codes = (0..<recoveryCodeCount).map { _ in Secrets.loginCode(using: request.dependencies.random) }
        try await request.db.transaction { database in
            factor.confirmedAt = request.now
            factor.lastUsedStep = step
            factor.failures = 0
            try await factor.update(on: database)
            try await replaceRecoveryCodes(of: person, with: codes, keys: request.application.keys, on: database)
            try await request.audit.record("set up two-step sign-in", subject: "person \(try person.requireID().uuidString.lowercased())",
                                           by: person, schoolID: person.$school.id, on: database)
        }
        return codes
    }

    static func replaceRecoveryCodes(of person: Person, with codes: [String], keys: ServerKeys, on database: any Database) async throws {
        let personID = try person.requireID()
        try await RecoveryCode.query(on: database).filter(\.$person.$id == personID).delete()
        for code in codes {
            try await RecoveryCode(personID: personID, codeHash: keys.recoveryCodeHash(code)).create(on: database)
        }
    }

    /// Removes the factor and its recovery codes; the person sets up again at their next sign-in if they must.
    static func remove(for personID: UUID, on database: any Database) async throws {
        try await RecoveryCode.query(on: database).filter(\.$person.$id == personID).delete()
        try await TwoStepFactor.query(on: database).filter(\.$person.$id == personID).delete()
    }
}
