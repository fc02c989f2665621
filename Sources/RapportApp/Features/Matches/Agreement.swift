import Fluent
import Foundation

/// The agreement for one match: the exact words both sign, with the version of the wording they came from.
final class Agreement: Model, @unchecked Sendable {
    static let schema = "agreements"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Field(key: "version") var version: String
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] { [$id, $match, $version, $text, $createdAt] }

    init() {}
}

final class AgreementSignature: Model, @unchecked Sendable {
    static let schema = "agreement_signatures"
    @ID(key: .id) var id: UUID?
    @Parent(key: "agreement_id") var agreement: Agreement
    @Parent(key: "person_id") var person: Person
    @Field(key: "typed_name") var typedName: String
    @Field(key: "signed_at") var signedAt: Date

    var properties: [any AnyProperty] { [$id, $agreement, $person, $typedName, $signedAt] }

    init() {}
}

/// A question a student asks the coordinator before signing.
final class AgreementQuestion: Model, @unchecked Sendable {
    static let schema = "agreement_questions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Parent(key: "person_id") var person: Person
    @Field(key: "text") var text: String
    @Field(key: "asked_at") var askedAt: Date

    var properties: [any AnyProperty] { [$id, $match, $person, $text, $askedAt] }

    init() {}
}

/// The agreement's wording. A new wording gets a new version; signed agreements keep the words they were signed with.
enum AgreementWording {
    static let version = "2026-11 v4"

    static func text(mentor: Person, mentee: Person, programme: Programme, leadName: String) -> String {
        let suggested = MeetingController.everyText(programme.meetingCadenceDays).lowercased()
        let other = MeetingController.everyText(programme.meetingCadenceDays == 7 ? 14 : 7).lowercased()
        return """
        Our mentoring agreement: \(mentor.givenName) (mentor) and \(mentee.givenName) (mentee), \(programme.name) \(programme.schoolYear)

        How often we meet: \(suggested), or \(other) if we agree that together, in a free period we both have, at school. If one of us can't come, we tell the other as early as we can and pick a new time.

        What stays between us: what we talk about stays between the two of us. We don't share it with friends or online. The notes we keep in Rapport are locked so only the two of us can read them; staff see that we met, not what we said. When the match ends, the notes stay with the mentee.

        When it can't stay between us: if either of us may be at risk of harm, or someone else might be, the mentor must tell the safeguarding lead (\(leadName)) the same day. That isn't breaking trust: it's how we keep each other safe. Rapport never promises to keep a secret like that.

        If something worries us: either of us can talk to the coordinator or the safeguarding lead (\(leadName)) at any time, or tap "I'm worried" on any page of Rapport, which goes to the safeguarding lead only.

        How we treat each other: we listen, we're honest, we turn up, and we respect each other's differences and boundaries. We both add things to talk about.

        How it ends: the match runs for the school year. If it needs to end early, the coordinator helps us end it well, with a last meeting to say goodbye. Either of us can ask the coordinator to end it, and we don't need to give a reason to them in front of the other.
        """
    }
}
