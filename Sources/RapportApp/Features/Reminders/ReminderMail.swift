import Fluent
import Foundation
import Vapor

/// Reminder e-mails for students: the school day before a meeting and on its morning, a meeting suggested to them, a
/// feedback round opening. Queued into the same outbox as safeguarding alerts, only on school days from 07:30 to
/// 19:00 (a reminder due at night or at a weekend waits), each at most once, and only the kinds the student keeps on.
/// They carry names, times and links, never anything a student wrote (not even a meeting's place).
enum ReminderMail {
    static let quietBefore = 7 * 60 + 30
    static let quietFrom = 19 * 60
    /// A suggestion gets an e-mail once it has waited this long: the other may well answer in Rapport first.
    static let proposalWait: TimeInterval = 60 * 60

    /// One e-mail to queue.
    struct Reminder {
        let person: Person
        let kind: ReminderKind
        let about: String
        let subject: String
        let sentence: String
        let link: String
    }

    /// Whether reminders may go now: a school day, in the day.
    static func mayQueue(at now: Date, time: SchoolTime) -> Bool {
        time.isWeekday(now) && (quietBefore..<quietFrom).contains(time.minuteOfDay(now))
    }

    static func queueDue(_ app: Application) async throws {
        let now = app.dependencies.now
        let configuration = app.rapport
        let time = SchoolTime(zone: configuration.timeZone)
        guard mayQueue(at: now, time: time) else { return }
        let due = try await meetingReminders(now: now, time: time, on: app.db) + feedbackReminders(now: now, time: time, on: app.db)
        // What is already queued is looked up once, so a reminder goes through the rest only the first time.
        let queued = Set(try await SentReminder.query(on: app.db).filter(\.$about ~~ Set(due.map(\.about))).all()
            .map { "\($0.$person.id) \($0.kind.rawValue) \($0.about)" })
        for reminder in due where !queued.contains("\(try reminder.person.requireID()) \(reminder.kind.rawValue) \(reminder.about)") {
            try await queue(reminder, app: app, now: now)
        }
    }

    /// Accepted meetings today and on the next school day, and suggestions waiting for an answer.
    static func meetingReminders(now: Date, time: SchoolTime, on database: any Database) async throws -> [Reminder] {
        let today = time.dayID(now)
        var nextSchoolDay = now.addingTimeInterval(86_400)
        while !time.isWeekday(nextSchoolDay) { nextSchoolDay.addTimeInterval(86_400) }
        let tomorrow = time.dayID(nextSchoolDay)
        let horizon = nextSchoolDay.addingTimeInterval(86_400)
        let meetings = try await Meeting.query(on: database).filter(\.$state ~~ [.accepted, .proposed])
            .filter(\.$startsAt > now).filter(\.$startsAt < horizon).with(\.$match) { $0.with(\.$mentor).with(\.$mentee) }.all()
        var reminders: [Reminder] = []
        for meeting in meetings where [.active, .closing].contains(meeting.match.state) {
            let match = meeting.match
            let slot = time.slotText(meeting.startsAt, meeting.endsAt)
            let link = SiteRoute.pair(try match.requireID(), .meeting(try meeting.requireID())).path
            let about = try meeting.requireID().uuidString.lowercased()
            for (person, other) in [(match.mentor, match.mentee), (match.mentee, match.mentor)] {
                switch meeting.state {
                case .accepted where time.dayID(meeting.startsAt) == today:
                    reminders.append(Reminder(person: person, kind: .meetingOnTheDay, about: about, subject: "Rapport: meeting with \(other.givenName) today",
                                              sentence: "You're meeting \(other.givenName) today: \(slot).", link: link))
                case .accepted where time.dayID(meeting.startsAt) == tomorrow:
                    reminders.append(Reminder(person: person, kind: .meetingDayBefore, about: about, subject: "Rapport: meeting with \(other.givenName) coming up",
                                              sentence: "You're meeting \(other.givenName) on \(slot).", link: link))
                case .proposed where meeting.$proposedBy.id == other.id && meeting.createdAt <= now.addingTimeInterval(-proposalWait):
                    reminders.append(Reminder(person: person, kind: .proposal, about: about, subject: "Rapport: \(other.givenName) suggested a meeting",
                                              sentence: "\(other.givenName) suggested meeting on \(slot). Say yes, or suggest another time.", link: link))
                default: break
                }
            }
        }
        return reminders
    }

    /// Open feedback rounds a student has not answered yet.
    static func feedbackReminders(now: Date, time: SchoolTime, on database: any Database) async throws -> [Reminder] {
        let matches = try await MentoringMatch.query(on: database).filter(\.$state == .active).filter(\.$activatedAt != nil)
            .with(\.$programme).withPair().all()
        let open = matches.compactMap { match -> (match: MentoringMatch, round: FeedbackSchedule.Round)? in
            guard let round = FeedbackSchedule(activatedAt: match.activatedAt!, programme: match.programme).rounds(until: now).first,
                  round.isOpen(at: now) else { return nil }
            return (match, round)
        }
        // Who has answered, for every open round at once.
        let answers = try await FeedbackAnswer.query(on: database).filter(\.$match.$id ~~ open.compactMap(\.match.id)).all()
        let answered = Set(answers.map { "\($0.$match.id) \($0.roundNumber) \($0.$person.id)" })
        var reminders: [Reminder] = []
        for (match, round) in open {
            let matchID = try match.requireID()
            for (person, other) in [(match.mentor, match.mentee), (match.mentee, match.mentor)]
            where !answered.contains("\(matchID) \(round.number) \(try person.requireID())") {
                reminders.append(Reminder(person: person, kind: .feedback, about: "\(matchID.uuidString.lowercased()) round \(round.number)",
                                          subject: "Rapport: feedback with \(other.givenName) is open",
                                          sentence: "Feedback round \(round.number) with \(other.givenName) is open until \(time.dateText(round.closes)). It takes two minutes, and neither of you sees the other's answers until you have both answered.",
                                          link: SiteRoute.pair(matchID, .feedback).path))
            }
        }
        return reminders
    }

    /// Queues one reminder unless its person has no address, turned its kind off, or already has it.
    static func queue(_ reminder: Reminder, app: Application, now: Date) async throws {
        guard let email = reminder.person.email, !email.isEmpty, reminder.person.isActive else { return }
        let personID = try reminder.person.requireID()
        let settings = try await ReminderSettings.of(personID, dependencies: app.dependencies, on: app.db)
        guard settings[reminder.kind] else { return }
        let token = try app.notes.open(settings, \.$tokenSealed)
        let base = app.rapport.publicURL
        let body = [
            "Hi \(reminder.person.givenName),", "", reminder.sentence,
            base.map { "Open it in Rapport: \($0)\(reminder.link)" } ?? "Open Rapport to see it.", "",
            "You get this because reminder e-mails are on for you in Rapport (My profile, E-mail reminders).",
            base.map { "To stop them, with one click: \($0)\(SiteRoute.stopReminders(token).path)" }
                ?? "To stop them, open Rapport and choose E-mail reminders on your profile.",
        ].joined(separator: "\n")
        do {
            try await app.db.transaction { database in
                let sent = SentReminder()
                (sent.$person.id, sent.kind, sent.about, sent.queuedAt) = (personID, reminder.kind, reminder.about, now)
                try await sent.create(on: database)
                try await OutboxMessage(personID: personID, kind: .reminder, subject: reminder.subject, body: body, now: now).create(on: database)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return  // already queued, by this server before or by another
        }
    }
}
