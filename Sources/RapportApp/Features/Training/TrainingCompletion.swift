import Fluent
import Foundation

/// A mentor finished a module's check, or a coordinator recorded in-person training (`module_id` = `in-person`).
final class TrainingCompletion: Model, @unchecked Sendable {
    static let schema = "training_completions"
    static let inPerson = "in-person"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "module_id") var moduleID: String
    @Field(key: "completed_at") var completedAt: Date
    /// The coordinator who recorded in-person training; nil when the mentor did the module in the app.
    @OptionalField(key: "recorded_by_id") var recordedByID: UUID?

    var properties: [any AnyProperty] { [$id, $person, $moduleID, $completedAt, $recordedByID] }

    init() {}
    init(personID: UUID, moduleID: String, completedAt: Date, recordedByID: UUID? = nil) {
        self.$person.id = personID
        self.moduleID = moduleID
        self.completedAt = completedAt
        self.recordedByID = recordedByID
    }
}

/// How far a mentor is with training.
struct TrainingStatus: Sendable {
    let completedModules: Set<String>
    let trainedInPerson: Bool

    var isFinished: Bool { trainedInPerson || TrainingContent.modules.allSatisfy { completedModules.contains($0.id) } }
    var modulesDone: Int { TrainingContent.modules.filter { completedModules.contains($0.id) }.count }

    static func of(_ personIDs: [UUID], on database: any Database) async throws -> [UUID: TrainingStatus] {
        let rows = try await TrainingCompletion.query(on: database).filter(\.$person.$id ~~ personIDs).all()
        let byPerson = Dictionary(grouping: rows) { $0.$person.id }
        return Dictionary(uniqueKeysWithValues: personIDs.map { id in
            let ids = Set((byPerson[id] ?? []).map(\.moduleID))
            return (id, TrainingStatus(completedModules: ids, trainedInPerson: ids.contains(TrainingCompletion.inPerson)))
        })
    }
}
