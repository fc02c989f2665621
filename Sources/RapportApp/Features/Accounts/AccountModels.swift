import Fluent
import Foundation

/// A group of schools run by one organisation (a trust, a district, a local authority).
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// Whether coordinators must use two-step sign-in too; safeguarding leads and organisation admins always do.
    @Field(key: "coordinators_use_two_step") var coordinatorsUseTwoStep: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    var properties: [any AnyProperty] { [$id, $name, $coordinatorsUseTwoStep, $createdAt] }

    init() {}
    init(id: UUID? = nil, name: String) {
        self.id = id
        self.name = name
        self.coordinatorsUseTwoStep = false
    }
}

final class School: Model, @unchecked Sendable {
    static let schema = "schools"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "name") var name: String
    /// The school's OneRoster `sourcedId`, matched against `orgSourcedIds` in roster files.
    @Field(key: "source_id") var sourceID: String
    /// What the school's "I'm worried" form says to do in an emergency; nil: the standard words.
    @OptionalField(key: "emergency_text") var emergencyText: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    var properties: [any AnyProperty] { [$id, $organisation, $name, $sourceID, $emergencyText, $createdAt] }

    init() {}
    init(id: UUID? = nil, organisationID: UUID, name: String, sourceID: String) {
        self.id = id
        self.$organisation.id = organisationID
        self.name = name
        self.sourceID = sourceID
    }
}

/// What a person does in Rapport; decides every page and route they may use.
enum Role: String, Codable, CaseIterable, Sendable {
    case coordinator
    case safeguardingLead = "safeguarding-lead"
    case organisationAdmin = "organisation-admin"
    case mentor
    case mentee

    var isStudent: Bool { self == .mentor || self == .mentee }
    var isStaff: Bool { !isStudent }

    var title: String {
        switch self {
        case .coordinator: "Coordinator"
        case .safeguardingLead: "Safeguarding lead"
        case .organisationAdmin: "Organisation admin"
        case .mentor: "Mentor"
        case .mentee: "Mentee"
        }
    }
}

enum Gender: String, Codable, CaseIterable, Sendable {
    case girl, boy
    case nonBinary = "non-binary"
    case unsaid = "prefer-not-to-say"

    var title: String {
        switch self {
        case .girl: "Girl or woman"
        case .boy: "Boy or man"
        case .nonBinary: "Non-binary"
        case .unsaid: "Prefer not to say"
        }
    }
}

/// Staff and students. Students carry a year group and, for mentors, how many mentees they can take.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    /// Nil only for organisation admins, who work across schools.
    @OptionalParent(key: "school_id") var school: School?
    @Field(key: "role") var role: Role
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    /// Lower-case, unique across the whole deployment.
    @Field(key: "username") var username: String
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "password_hash") var passwordHash: String?
    @OptionalField(key: "year_group") var yearGroup: Int?
    @OptionalField(key: "gender") var gender: Gender?
    @OptionalField(key: "capacity") var capacity: Int?
    /// OneRoster `sourcedId` from the school's roster; re-imports update by it.
    @OptionalField(key: "source_id") var sourceID: String?
    @Field(key: "is_active") var isActive: Bool
    /// A safeguarding lead whom overdue concerns escalate to (the school's second lead).
    @Field(key: "is_deputy_lead") var isDeputyLead: Bool
    /// Name and username folded for searching (`Person.searchKey`), kept by `PersonSearchKeyMiddleware`.
    @Field(key: "search_key") var searchKey: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    var properties: [any AnyProperty] {
        [$id, $organisation, $school, $role, $givenName, $familyName, $username, $email, $passwordHash, $yearGroup,
         $gender, $capacity, $sourceID, $isActive, $isDeputyLead, $searchKey, $createdAt, $updatedAt]
    }

    init() {}
    init(
        id: UUID? = nil, organisationID: UUID, schoolID: UUID?, role: Role, givenName: String, familyName: String,
        username: String, email: String? = nil, yearGroup: Int? = nil, gender: Gender? = nil, capacity: Int? = nil,
        sourceID: String? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$school.id = schoolID
        self.role = role
        self.givenName = givenName
        self.familyName = familyName
        self.username = username
        self.email = email
        self.yearGroup = yearGroup
        self.gender = gender
        self.capacity = capacity
        self.sourceID = sourceID
        self.isActive = true
        self.isDeputyLead = false
    }

    var fullName: String { "\(givenName) \(familyName)" }

    /// The role as people say it, a deputy lead named as such.
    var roleTitle: String { isDeputyLead ? "Deputy safeguarding lead" : role.title }
}

/// A browser's visit: anonymous until sign-in, then tied to a person. The cookie holds a token; only its hash is stored.
final class AuthSession: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @OptionalParent(key: "person_id") var person: Person?
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    /// Set when the person signed in with a one-time code and has not chosen a password yet.
    @Field(key: "must_choose_password") var mustChoosePassword: Bool
    /// The second step still owed before the session counts as signed in; nil once sign-in is complete.
    @OptionalField(key: "pending_step") var pendingStep: PendingStep?

    var properties: [any AnyProperty] {
        [$id, $tokenHash, $person, $csrfToken, $createdAt, $lastSeenAt, $mustChoosePassword, $pendingStep]
    }

    init() {}
    init(tokenHash: String, personID: UUID?, csrfToken: String, now: Date, mustChoosePassword: Bool = false, pendingStep: PendingStep? = nil) {
        self.tokenHash = tokenHash
        self.$person.id = personID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.mustChoosePassword = mustChoosePassword
        self.pendingStep = pendingStep
    }
}

/// What a session still owes after the password: a code from the person's authenticator, or setting one up.
enum PendingStep: String, Codable, Sendable {
    case verify, enrol
}

/// A one-time login code a coordinator issues and prints on a card; only its hash is stored.
final class LoginCode: Model, @unchecked Sendable {
    static let schema = "login_codes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "issued_by_id") var issuedByID: UUID
    @Field(key: "issued_at") var issuedAt: Date

    var properties: [any AnyProperty] { [$id, $person, $codeHash, $expiresAt, $usedAt, $issuedByID, $issuedAt] }

    init() {}
    init(personID: UUID, codeHash: String, expiresAt: Date, issuedByID: UUID, issuedAt: Date) {
        self.$person.id = personID
        self.codeHash = codeHash
        self.expiresAt = expiresAt
        self.issuedByID = issuedByID
        self.issuedAt = issuedAt
    }
}

/// One sign-in attempt, kept for throttling per account name and per address.
final class SignInAttempt: Model, @unchecked Sendable {
    static let schema = "sign_in_attempts"
    @ID(key: .id) var id: UUID?
    @Field(key: "account_key") var accountKey: String
    @Field(key: "address") var address: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date

    var properties: [any AnyProperty] { [$id, $accountKey, $address, $succeeded, $attemptedAt] }

    init() {}
    init(accountKey: String, address: String, succeeded: Bool, attemptedAt: Date) {
        self.accountKey = accountKey
        self.address = address
        self.succeeded = succeeded
        self.attemptedAt = attemptedAt
    }
}
