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
/// The wording both sign, from `Resources/agreements/`: one file a version, the one marked `status: current` used for
/// new agreements. Each agreement keeps its own text and version, so changing the wording never changes what was signed.
enum AgreementWording {
    struct Version {
        let version: String
        let isCurrent: Bool
        let template: String
    }

    /// What a wording may ask to be filled in; `{lead}` must be there, so every agreement names who to tell.
    static let placeholders = ["mentor", "mentee", "programme", "rhythm", "other rhythm", "lead"]

    static let loaded: Result<Version, ContentFiles.Problem> = Result {
        let versions = try ContentFiles.list("agreements").filter { $0.hasSuffix(".txt") }.map { name in
            try parse(ContentFiles.read(name, subdirectory: "agreements"), file: "agreements/\(name)")
        }
        let current = versions.filter(\.isCurrent)
        guard current.count == 1 else {
            throw ContentFiles.Problem(description: "Exactly one file in Resources/agreements must say `status: current`; \(current.count) do.")
        }
        return current[0]
    }.mapError { $0 as? ContentFiles.Problem ?? ContentFiles.Problem(description: "\($0)") }

    static var version: String { (try? loaded.get().version) ?? "" }

    static func text(mentor: Person, mentee: Person, programme: Programme, leadName: String) -> String {
        let values = [
            "mentor": mentor.givenName, "mentee": mentee.givenName, "programme": "\(programme.name) \(programme.schoolYear)",
            "rhythm": MeetingController.everyText(programme.meetingCadenceDays).lowercased(),
            "other rhythm": MeetingController.everyText(programme.meetingCadenceDays == 7 ? 14 : 7).lowercased(), "lead": leadName,
        ]
        return values.reduce((try? loaded.get().template) ?? "") { text, value in
            text.replacingOccurrences(of: "{\(value.key)}", with: value.value)
        }
    }

    /// A wording file: front matter with `version` and `status` (`current` or `retired`), then the text.
    static func parse(_ text: String, file: String) throws -> Version {
        let problem = { (what: String) in ContentFiles.Problem(description: "\(file): \(what)") }
        let parts = text.components(separatedBy: "---\n")
        guard parts.count >= 3, parts[0].isEmpty else { throw problem("start with front matter between two `---` lines.") }
        var fields: [String: String] = [:]
        for line in parts[1].split(separator: "\n") {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let version = fields["version"], !version.isEmpty else { throw problem("say its `version`.") }
        guard let status = fields["status"], ["current", "retired"].contains(status) else { throw problem("say `status: current` or `status: retired`.") }
        let template = parts.dropFirst(2).joined(separator: "---\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let asked = Set(template.matches(of: /\{([^{}]+)\}/).map { String($0.output.1) })
        if let unknown = asked.subtracting(placeholders).sorted().first { throw problem("{\(unknown)} is not something Rapport can fill in.") }
        guard asked.contains("lead") else { throw problem("name the safeguarding lead with {lead}.") }
        return Version(version: version, isCurrent: status == "current", template: template)
    }
}
