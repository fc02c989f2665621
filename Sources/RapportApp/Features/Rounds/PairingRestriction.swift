import Fluent
import Foundation
import Matching

/// Two students no matching round may pair: a coordinator's do-not-pair entry (a known conflict, relatives...) or a
/// safeguarding lead's restriction from a concern. Kept once per two students and kind, the lower id first.
final class PairingRestriction: Model, @unchecked Sendable {
    static let schema = "pairing_restrictions"

    enum Kind: String, Codable, CaseIterable {
        case doNotPair = "do-not-pair"
        case safeguarding
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Enum(key: "kind") var kind: Kind
    @Parent(key: "student_id") var student: Person
    @Parent(key: "other_id") var other: Person
    /// Why, sealed: a coordinator's reason, or for a restriction the concern it came from says why.
    @Field(key: "reason_sealed") var reasonSealed: String
    @OptionalField(key: "concern_id") var concernID: UUID?
    @Parent(key: "created_by_id") var createdBy: Person
    @Field(key: "created_at") var createdAt: Date

    var properties: [any AnyProperty] { [$id, $school, $kind, $student, $other, $reasonSealed, $concernID, $createdBy, $createdAt] }

    init() {}

    /// A new entry for two students in either order.
    init(school: UUID, kind: Kind, between first: UUID, and second: UUID, by person: UUID, at now: Date) {
        $school.id = school
        self.kind = kind
        ($student.id, $other.id) = Self.ordered(first, second)
        $createdBy.id = person
        createdAt = now
    }

    /// The entries of a school's kind that involve `person`, for that student's page.
    static func involving(_ person: UUID, kind: Kind, on database: any Database) async throws -> [PairingRestriction] {
        try await query(on: database).filter(\.$kind == kind)
            .group(.or) { $0.filter(\.$student.$id == person).filter(\.$other.$id == person) }
            .with(\.$student).with(\.$other).sort(\.$createdAt).all()
    }

    /// The entry between two students of one kind, in either order.
    static func between(_ first: UUID, _ second: UUID, kind: Kind, on database: any Database) async throws -> PairingRestriction? {
        let (low, high) = ordered(first, second)
        return try await query(on: database).filter(\.$kind == kind).filter(\.$student.$id == low).filter(\.$other.$id == high).first()
    }

    /// The two ids in the order they are kept: one entry per two students, whichever was chosen first.
    static func ordered(_ first: UUID, _ second: UUID) -> (UUID, UUID) {
        first.uuidString < second.uuidString ? (first, second) : (second, first)
    }

    /// The other student of the entry, seen from `person`.
    func other(than person: UUID) -> Person { $student.id == person ? other : student }

    /// Every entry of a school as the engine's pair lists: both orders, since either may be the mentee.
    static func rules(of school: UUID, on database: any Database) async throws -> (doNotPair: Set<PairID>, safeguarding: Set<PairID>) {
        var lists: [Kind: Set<PairID>] = [:]
        for entry in try await query(on: database).filter(\.$school.$id == school).all() {
            let (a, b) = (entry.$student.id.uuidString.lowercased(), entry.$other.id.uuidString.lowercased())
            lists[entry.kind, default: []].formUnion([PairID(menteeID: a, mentorID: b), PairID(menteeID: b, mentorID: a)])
        }
        return (lists[.doNotPair] ?? [], lists[.safeguarding] ?? [])
    }
}
