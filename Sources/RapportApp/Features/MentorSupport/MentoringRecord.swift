import Fluent
import Foundation

/// What a mentor has done, for recognition: the students mentored, the meetings the mentor says happened and their
/// hours, the supervision sessions they came to and their training.
struct MentoringRecord: Sendable {
    let mentees: [String]
    let meetingsHeld: Int
    let minutesMentored: Int
    let sessionsAttended: Int
    let trainingFinished: Bool
    let schoolYears: [String]

    var hoursText: String {
        let hours = Double(minutesMentored) / 60
        return hours == hours.rounded() ? "\(Int(hours)) hour\(Int(hours) == 1 ? "" : "s")" : String(format: "%.1f hours", hours)
    }

    /// The records of several mentors at once, by person.
    static func of(_ mentorIDs: [UUID], on database: any Database) async throws -> [UUID: MentoringRecord] {
        let matches = try await MentoringMatch.query(on: database).filter(\.$mentor.$id ~~ mentorIDs).filter(\.$activatedAt != nil)
            .with(\.$mentee).with(\.$programme).all()
        let meetings = try await Meeting.query(on: database).filter(\.$match.$id ~~ matches.compactMap(\.id)).all()
        let happened = try await MeetingAttendance.query(on: database).filter(\.$meeting.$id ~~ meetings.compactMap(\.id))
            .filter(\.$person.$id ~~ mentorIDs).filter(\.$outcome == .happened).all()
        let meetingByID = Dictionary(uniqueKeysWithValues: meetings.map { ($0.id!, $0) })
        let sessions = try await SupervisionAttendance.query(on: database).filter(\.$person.$id ~~ mentorIDs).all()
        let training = try await TrainingStatus.of(mentorIDs, on: database)
        return Dictionary(uniqueKeysWithValues: mentorIDs.map { id in
            let theirs = matches.filter { $0.$mentor.id == id }
            let held = happened.filter { $0.$person.id == id }.compactMap { meetingByID[$0.$meeting.id] }
            return (id, MentoringRecord(
                mentees: Dictionary(theirs.map { ($0.$mentee.id, $0.mentee.givenName) }, uniquingKeysWith: { first, _ in first }).values.sorted(),
                meetingsHeld: held.count,
                minutesMentored: held.reduce(0) { $0 + Int($1.endsAt.timeIntervalSince($1.startsAt) / 60) },
                sessionsAttended: sessions.filter { $0.$person.id == id }.count,
                trainingFinished: training[id]?.isFinished ?? false,
                schoolYears: Array(Set(theirs.map { $0.programme.schoolYear })).sorted()))
        })
    }
}
