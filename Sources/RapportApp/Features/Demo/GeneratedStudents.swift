import Fluent
import Vapor

/// Made-up students for the demo's first school, to see and measure pages at a real school's size
/// (`rapport demo --students 2000`; `scripts/page-speed --students 2000`). Two in five are mentors; a third of the
/// mentees have an active match that began up to a school year ago, with its weekly meetings behind it (about one in
/// eight missed), a relationship check from each side and their feedback rounds: `--students 10000` makes 2,000 pairs.
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
                try await match(mentee, with: mentors[index % mentors.count], in: programme, startedDaysAgo: Double(30 + (index * 37) % 240),
                                random: &random, notes: notes, now: now, on: database)
            }
        }
        return total - existing
    }

    private static func match(_ mentee: Person, with mentor: Person, in programme: Programme, startedDaysAgo: Double,
                              random: inout DemoData.SeededGenerator, notes: NoteCipher, now: Date, on database: any Database) async throws {
        let day: TimeInterval = 86_400
        let activated = now.addingTimeInterval(-startedDaysAgo * day)
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
        let matchID = try match.requireID()
        for week in 1..<max(2, Int(startedDaysAgo / 7)) {
            let missed = Int.random(in: 0..<8, using: &random) == 0
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
                attendance.outcome = missed ? (person.id == mentor.id ? .otherMissed : .iMissed) : .happened
                attendance.recordedAt = meeting.endsAt
                try await attendance.create(on: database)
            }
        }
        let rules = programme.healthRules
        for number in 1...max(1, rules.currentCheck(activatedAt: activated, now: now) ?? 0) where rules.checkDue(number, activatedAt: activated) <= now {
            for person in [mentor, mentee] {
                let check = PulseAnswer()
                (check.$match.id, check.checkNumber, check.$person.id) = (matchID, number, try person.requireID())
                check.answers = Array(repeating: 4, count: 8)
                (check.score, check.answersVisible) = (Double(Int.random(in: 24...48, using: &random)) / 10, false)
                check.answeredAt = rules.checkDue(number, activatedAt: activated).addingTimeInterval(day)
                try await check.create(on: database)
            }
        }
        for round in FeedbackSchedule(activatedAt: activated, programme: programme).rounds(until: now) {
            for person in [mentor, mentee] {
                let answer = FeedbackAnswer()
                (answer.$match.id, answer.roundNumber, answer.$person.id) = (matchID, round.number, try person.requireID())
                (answer.meetingsHelp, answer.feelListenedTo, answer.answeredAt) = (4, 4, round.opens.addingTimeInterval(day))
                try notes.seal("Going fine.", into: answer, \.$goingWellSealed)
                try await answer.create(on: database)
            }
        }
    }
}
