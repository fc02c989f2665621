import Fluent
import Foundation
import SQLKit

/// A staff member's authenticator: the shared secret (sealed), whether enrolment was confirmed with a code, the last
/// time step used (a code works once), and the count of wrong codes in a row (ten lock it until an admin resets it).
final class TwoStepFactor: Model, @unchecked Sendable {
    static let schema = "two_step_factors"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "secret_sealed") var secretSealed: String
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @OptionalField(key: "last_used_step") var lastUsedStep: Int64?
    @Field(key: "failures") var failures: Int
    @OptionalField(key: "locked_at") var lockedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] {
        [$id, $person, $secretSealed, $confirmedAt, $lastUsedStep, $failures, $lockedAt, $createdAt]
    }

    init() {}
    init(personID: UUID, now: Date) {
        self.$person.id = personID
        self.secretSealed = ""
        self.failures = 0
        self.createdAt = now
    }
}

/// One of the ten codes shown once at enrolment, for a lost phone; only its keyed hash is kept.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    var properties: [any AnyProperty] { [$id, $person, $codeHash, $usedAt] }

    init() {}
    init(personID: UUID, codeHash: String) {
        self.$person.id = personID
        self.codeHash = codeHash
    }
}
