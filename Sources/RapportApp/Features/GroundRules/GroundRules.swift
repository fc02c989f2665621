import Fluent
import Foundation

/// One version of a pair's own ground rules, written beside the agreement in their words. Either may write a new
/// version; every version is kept, numbered from 1, and only the pair reads them.
final class GroundRulesVersion: Model, @unchecked Sendable {
    static let schema = "ground_rules"
    static let textMaxLength = 1200

    @ID(key: .id) var id: UUID?
    @Parent(key: "match_id") var match: MentoringMatch
    @Field(key: "version") var version: Int
    @Field(key: "text_sealed") var textSealed: String
    @Parent(key: "written_by_id") var writtenBy: Person
    @Field(key: "written_at") var writtenAt: Date

    var properties: [any AnyProperty] { [$id, $match, $version, $textSealed, $writtenBy, $writtenAt] }

    init() {}

    /// Every version of a match's rules, newest first.
    static func versions(of matchID: UUID, on database: any Database) async throws -> [GroundRulesVersion] {
        try await query(on: database).filter(\.$match.$id == matchID).sort(\.$version, .descending).all()
    }
}
