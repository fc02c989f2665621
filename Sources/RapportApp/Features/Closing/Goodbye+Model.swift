import Fluent
import Foundation

/// What the pair's goodbye page and the mentee's record of the year show: why and how the match ends, both
/// reflections, the wins, the goals and steps reached, and the milestones. Words only for those who may read them.
struct GoodbyeModel {
    struct Reflection {
        let byMentor: Bool
        let name: String
        let text: String
        let at: Date
    }

    let pair: Pair
    let reflections: [Reflection]
    /// The pair's wins with their words, oldest first; empty where the viewer may not read them.
    let wins: [(text: String, category: WinCategory?, at: Date)]
    let winCount: Int
    /// The mentee's goals with the steps they reached.
    let goals: [(title: String, stepsDone: [String])]
    let milestones: [Milestones.Milestone]

    var isEnding: Bool { pair.match.state == .closing || pair.match.state == .closed }
    var mineWritten: Bool { reflections.contains { $0.byMentor == pair.isMentor } }
    /// Not after a safeguarding closure: Rapport does not invite the two to write to each other then.
    var mayReflect: Bool { pair.match.state == .closing && !mineWritten && pair.match.closureReason != .safeguarding }
    var mentorsWords: Reflection? { reflections.first { $0.byMentor } }

    static func load(_ pair: Pair, notes: NoteCipher, now: Date, time: SchoolTime, on database: any Database) async throws -> GoodbyeModel {
        let matchID = pair.matchID
        let readable = pair.mayReadNotes
        let reflections = try await ClosingReflection.query(on: database).filter(\.$match.$id == matchID).sort(\.$writtenAt).all()
        let wins = try await Win.query(on: database).filter(\.$match.$id == matchID).sort(\.$createdAt).all()
        let goals = readable ? try await Goal.query(on: database).filter(\.$match.$id == matchID).with(\.$steps).sort(\.$createdAt).all() : []
        return GoodbyeModel(
            pair: pair,
            reflections: try reflections.map { reflection in
                let byMentor = reflection.$person.id == pair.match.$mentor.id
                return Reflection(byMentor: byMentor, name: byMentor ? pair.mentor.givenName : pair.mentee.givenName,
                                  text: try notes.open(reflection, \.$textSealed), at: reflection.writtenAt)
            },
            wins: readable ? try wins.map { (try notes.open($0, \.$textSealed), $0.category, $0.createdAt) } : [],
            winCount: wins.count,
            goals: try goals.map { goal in
                (try notes.open(goal, \.$titleSealed),
                 try goal.steps.filter { $0.doneAt != nil }.sorted { $0.doneAt! < $1.doneAt! }.map { try notes.open($0, \.$textSealed) })
            },
            milestones: try await Milestones.reached(by: pair.match, now: now, time: time, on: database).reversed())
    }
}
