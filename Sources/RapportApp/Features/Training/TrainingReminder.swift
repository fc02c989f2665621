import Fluent
import Foundation

/// Tells mentors who haven't finished training that it is waiting for them, once.
enum TrainingReminder {
    static let text = "Your mentor training is ready: short modules to read, each with a quick check. Finish them to be matched."

    static func remindUntrainedMentors(of school: School, at now: Date, on database: any Database) async throws {
        let mentors = try await Person.query(on: database).filter(\.$school.$id == school.requireID())
            .filter(\.$role == .mentor).filter(\.$isActive == true).all()
        let statuses = try await TrainingStatus.of(mentors.compactMap(\.id), on: database)
        let alreadyTold = Set(try await AppNotification.query(on: database).filter(\.$person.$id ~~ mentors.compactMap(\.id))
            .filter(\.$text == text).all().map { $0.$person.id })
        let untrained = mentors.compactMap(\.id).filter { statuses[$0]?.isFinished != true && !alreadyTold.contains($0) }
        try await AppNotification.send(text, link: .training, to: untrained, at: now, on: database)
    }
}
