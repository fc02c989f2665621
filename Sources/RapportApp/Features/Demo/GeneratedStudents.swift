import Fluent
import Vapor

/// Made-up students for the demo's first school, to see and measure pages at a real school's size
/// (`rapport demo --students 2000`; `scripts/page-speed --students 2000`). Two in five are mentors; a third of the
/// mentees have an active match with a term of weekly meetings behind it, both saying each one happened.
enum GeneratedStudents {
    /// Adds students until the school has `total`; returns how many were added. The same every time it is run.
    static func grow(on app: Application, toStudents total: Int) async throws -> Int {
        guard let coordinator = try await Person.query(on: app.db).filter(\.$username == "ms.okoye").first(),
              let schoolID = coordinator.$school.id,
              let programme = try await Programme.query(on: app.db).filter(\.$school.$id == schoolID).first() else { return 0 }
        let existing = try await Person.query(on: app.db).filter(\.$school.$id == schoolID).filter(\.$role ~~ [.mentor, .mentee]).count()
        guard total > existing else { return 0 }
        let (notes, now) = (app.notes, app.dependencies.now)
        try await app.db.transaction { database in
            var random = DemoData.SeededGenerator(state: 20_261_130)
            var mentors: [Person] = [], mentees: [Person] = []
            for number in 1...(total - existing) {
                let isMentor = number % 5 < 2
                let student = Person(
                    organisationID: coordinator.$organisation.id, schoolID: schoolID, role: isMentor ? .mentor : .mentee,
                    givenName: DemoData.givenNames.randomElement(using: &random)!, familyName: DemoData.familyNames.randomElement(using: &random)!,
                    username: "student.\(existing + number)", yearGroup: isMentor ? Int.random(in: 10...13, using: &random) : Int.random(in: 7...9, using: &random),
                    gender: [.girl, .boy, .nonBinary, .unsaid].randomElement(using: &random)!, capacity: isMentor ? 2 : nil)
                try await student.create(on: database)
                try await DemoData.profile(for: student, mentor: isMentor, random: &random).create(on: database)
                if isMentor { mentors.append(student) } else { mentees.append(student) }
            }
            for (index, mentee) in mentees.prefix(mentees.count / 3).enumerated() {
                try await match(mentee, with: mentors[index % mentors.count], in: programme, notes: notes, now: now, on: database)
            }
        }
        return total - existing
    }

    private static func match(_ mentee: Person, with mentor: Person, in programme: Programme, notes: NoteCipher, now: Date,
                              on database: any Database) async throws {
        let day: TimeInterval = 86_400
        let activated = now.addingTimeInterval(-70 * day)
        let match = MentoringMatch()
        match.$school.id = programme.$school.id
        match.$programme.id = try programme.requireID()
        match.$mentee.id = try mentee.requireID()
        match.$mentor.id = try mentor.requireID()
        match.state = .active
        match.score = 100
        match.reasons = ["free at the same times +30"]
        match.mentorSlot = 1
        match.mentorCapacity = mentor.capacity ?? 2
        match.activatedAt = activated
        match.createdAt = activated
        match.updatedAt = activated
        try await match.create(on: database)
        for week in 1...9 {
            let meeting = Meeting()
            meeting.$match.id = try match.requireID()
            meeting.$proposedBy.id = try mentor.requireID()
            meeting.startsAt = activated.addingTimeInterval(Double(week) * 7 * day)
            meeting.endsAt = meeting.startsAt.addingTimeInterval(40 * 60)
            try notes.seal("Library", into: meeting, \.$placeSealed)
            meeting.state = .accepted
            meeting.createdAt = activated
            meeting.updatedAt = activated
            try await meeting.create(on: database)
            for person in [mentor, mentee] {
                let attendance = MeetingAttendance()
                attendance.$meeting.id = try meeting.requireID()
                attendance.$person.id = try person.requireID()
                attendance.outcome = .happened
                attendance.recordedAt = meeting.endsAt
                try await attendance.create(on: database)
            }
        }
    }
}
