import Fluent
import Foundation

/// A Northgate pair a month into their match, so every tool of an active pair has something in it: past meetings
/// with check-ins, agendas, confirmed summaries and commitments, a meeting going on right now, the next ones booked,
/// a win, a goal, and a feedback round the mentor has answered and the mentee not yet.
enum DemoPair {
    static func seed(mentor: Person, mentee: Person, programme: Programme, notes: NoteCipher, now: Date, on database: any Database) async throws {
        var seeder = DemoPairSeeder(mentor: mentor, mentee: mentee, programme: programme, notes: notes, now: now, database: database,
                                    mentorID: try mentor.requireID(), menteeID: try mentee.requireID())
        try await seeder.shareCommonGround()
        try await seeder.makeMatch()
        try await seeder.meetingsSoFar()
        try await seeder.todayAndNext()
        try await seeder.winAndGoal()
        try await seeder.feedback()
        try await seeder.groundRules()
    }
}

/// The demo pair's month, a part at a time.
private struct DemoPairSeeder {
    let mentor: Person, mentee: Person, programme: Programme
    let notes: NoteCipher
    let now: Date
    let database: any Database
    let mentorID: UUID, menteeID: UUID
    var matchID = UUID()
    let day: TimeInterval = 24 * 60 * 60
    var activated: Date { now.addingTimeInterval(-31 * day) }

    /// What the match's reasons and common-ground cards say they share.
    func shareCommonGround() async throws {
        for person in [mentorID, menteeID] {
            guard let profile = try await MentoringProfile.query(on: database).filter(\.$person.$id == person).first() else { continue }
            profile.freePeriods = Array(Set(profile.freePeriods + ["mon-lunch", "wed-lunch", "thu-break"])).sorted()
            profile.interests = Array(Set(profile.interests + ["football", "drawing"])).sorted()
            profile.dislikes = Array(Set(profile.dislikes + ["loud-places"])).sorted()
            if person == menteeID {
                profile.currentChallenges = Array(Set(profile.currentChallenges + ["changing-school"])).sorted()
            } else {
                profile.overcomeChallenges = Array(Set(profile.overcomeChallenges + ["changing-school"])).sorted()
            }
            try await profile.update(on: database)
        }
    }

    mutating func makeMatch() async throws {
        let match = MentoringMatch()
        match.$school.id = programme.$school.id
        match.$programme.id = try programme.requireID()
        match.$mentee.id = menteeID
        match.$mentor.id = mentorID
        match.state = .active
        match.score = 185
        match.reasons = ["both like football and drawing +60", "both dislike loud places +45",
                         "mentor's story on changing school meets a current challenge +40", "free at the same times +30", "ranked this mentor 1st +10"]
        match.mentorSlot = 1
        match.mentorCapacity = mentor.capacity ?? 2
        match.activatedAt = activated
        match.createdAt = activated.addingTimeInterval(-3 * day)
        match.updatedAt = activated
        try await match.create(on: database)
        matchID = try match.requireID()

        let agreement = Agreement()
        agreement.$match.id = matchID
        agreement.version = AgreementWording.version
        agreement.text = AgreementWording.text(mentor: mentor, mentee: mentee, programme: programme, leadName: "Owen Hughes")
        agreement.createdAt = match.createdAt
        try await agreement.create(on: database)
        for person in [mentor, mentee] {
            let signature = AgreementSignature()
            signature.$agreement.id = try agreement.requireID()
            signature.$person.id = try person.requireID()
            signature.typedName = person.fullName
            signature.signedAt = activated
            try await signature.create(on: database)
        }
    }

    private func meeting(startingIn offset: TimeInterval, minutes: Double = 40, state: MeetingState = .accepted, by proposer: UUID) async throws -> Meeting {
        let meeting = Meeting()
        meeting.$match.id = matchID
        meeting.$proposedBy.id = proposer
        meeting.startsAt = now.addingTimeInterval(offset)
        meeting.endsAt = meeting.startsAt.addingTimeInterval(minutes * 60)
        try notes.seal("Library, by the window", into: meeting, \.$placeSealed)
        meeting.state = state
        meeting.createdAt = activated
        meeting.updatedAt = activated
        try await meeting.create(on: database)
        return meeting
    }

    private func write(_ kind: MeetingEntryKind, _ text: String, by author: UUID, in meeting: Meeting) async throws {
        let entry = MeetingEntry()
        entry.$meeting.id = try meeting.requireID()
        entry.$author.id = author
        entry.kind = kind
        try notes.seal(text, into: entry, \.$bodySealed)
        entry.createdAt = meeting.startsAt
        try await entry.create(on: database)
    }

    /// Four weekly meetings so far; Leah missed the third and put it right.
    func meetingsSoFar() async throws {
        let past: [(Double, Feeling, Feeling, String, String, String)] = [
            (-28, .okay, .worried, "Getting to know each other", "What I heard is that you're new this year, you miss your old friends, and lunchtimes are the worst bit.", "Find one lunch club to try"),
            (-21, .good, .okay, "Lunchtimes", "What I heard is the art club was better than you expected, and you want to go back but not on your own.", "Go to art club on Tuesday"),
            (-14, .tired, .stressed, "Maths test", "", ""),
            (-7, .good, .good, "The maths test", "What I heard is the test went better because you did ten minutes a night, and you're proud you stuck to it.", "Ask Mr Ali for the next topic list"),
        ]
        var previous: Meeting?
        for (days, mentorFeeling, menteeFeeling, agenda, summary, commitment) in past {
            let held = try await meeting(startingIn: days * day, by: mentorID)
            previous = try await keep(held, feelings: (mentorFeeling, menteeFeeling), agenda: agenda, summary: summary, commitment: commitment,
                                      previous: previous) ?? previous
        }
        let mentorPromise = Commitment()
        mentorPromise.$match.id = matchID
        mentorPromise.$meeting.id = try previous?.requireID()
        mentorPromise.$person.id = mentorID
        try notes.seal("bring the revision cards I used in Year 9", into: mentorPromise, \.$textSealed)
        mentorPromise.dueOn = now.addingTimeInterval(day)
        mentorPromise.status = .open
        mentorPromise.createdAt = now.addingTimeInterval(-7 * day + 1800)
        try await mentorPromise.create(on: database)
    }

    /// One past meeting as the pair left it: attendance, check-ins, agenda, a note, a confirmed summary, last time's
    /// commitments followed up and a new one. Returns the meeting when it happened.
    private func keep(_ held: Meeting, feelings: (Feeling, Feeling), agenda: String, summary: String, commitment: String,
                      previous: Meeting?) async throws -> Meeting? {
        let (mentorFeeling, menteeFeeling) = feelings
        let missed = summary.isEmpty
        for (person, outcome) in [(mentorID, missed ? AttendanceOutcome.otherMissed : .happened), (menteeID, missed ? .iMissed : .happened)] {
            let record = MeetingAttendance()
            record.$meeting.id = try held.requireID()
            record.$person.id = person
            record.outcome = outcome
            record.recordedAt = held.endsAt
            if outcome == .iMissed {
                try notes.seal("Sorry, I had a meeting with my head of year and forgot to tell you. Can we do next week?", into: record, \.$repairNoteSealed)
            }
            try await record.create(on: database)
        }
        guard !missed else { return nil }
        for (person, feeling) in [(mentorID, mentorFeeling), (menteeID, menteeFeeling)] {
            let checkIn = CheckIn()
            checkIn.$meeting.id = try held.requireID()
            checkIn.$person.id = person
            checkIn.feeling = feeling
            checkIn.checkedInAt = held.startsAt
            try await checkIn.create(on: database)
        }
        try await write(.agenda, agenda, by: menteeID, in: held)
        try await write(.note, "We talked about \(agenda.lowercased()).", by: mentorID, in: held)
        let heard = MeetingSummary()
        heard.$meeting.id = try held.requireID()
        try notes.seal(summary, into: heard, \.$textSealed)
        heard.response = .confirmed
        heard.writtenAt = held.endsAt
        heard.respondedAt = held.endsAt
        try await heard.create(on: database)
        if let previous {
            for open in try await Commitment.query(on: database).filter(\.$meeting.$id == previous.requireID()).all() {
                open.status = .done
                try notes.seal("I did it, even though I nearly didn't.", into: open, \.$followUpSealed)
                open.followedUpAt = held.startsAt
                open.followedUpMeetingID = try held.requireID()
                try await open.update(on: database)
            }
        }
        let promise = Commitment()
        promise.$match.id = matchID
        promise.$meeting.id = try held.requireID()
        promise.$person.id = menteeID
        try notes.seal(commitment.prefix(1).lowercased() + commitment.dropFirst(), into: promise, \.$textSealed)
        promise.dueOn = held.startsAt.addingTimeInterval(6 * day)
        promise.status = .open
        promise.createdAt = held.startsAt.addingTimeInterval(30 * 60)
        try await promise.create(on: database)
        return held
    }

    /// Today's meeting has just started; the next two are booked, the second still waiting for Leah's answer.
    func todayAndNext() async throws {
        let today = try await meeting(startingIn: -5 * 60, minutes: 55, by: mentorID)
        try await write(.agenda, "How art club went", by: mentorID, in: today)
        _ = try await meeting(startingIn: 7 * day - 5 * 60, minutes: 40, by: menteeID)
        _ = try await meeting(startingIn: 14 * day - 5 * 60, minutes: 40, state: .proposed, by: mentorID)
    }

    func winAndGoal() async throws {
        let win = Win()
        win.$match.id = matchID
        win.$author.id = menteeID
        win.category = .effort
        try notes.seal("Did ten minutes of maths every night for a week.", into: win, \.$textSealed)
        win.createdAt = now.addingTimeInterval(-7 * day)
        try await win.create(on: database)
        let cheer = WinReaction()
        cheer.$win.id = try win.requireID()
        cheer.$person.id = mentorID
        cheer.reaction = .strong
        try notes.seal("Sticking to a plan every night is the hard part. You did it.", into: cheer, \.$lineSealed)
        cheer.createdAt = win.createdAt
        try await cheer.create(on: database)
        let goal = Goal()
        goal.$match.id = matchID
        try notes.seal("Have someone to sit with at lunch", into: goal, \.$titleSealed)
        goal.createdAt = activated.addingTimeInterval(7 * day)
        try await goal.create(on: database)
        for (index, text) in ["Try one lunch club", "Go back a second time", "Learn two people's names"].enumerated() {
            let step = GoalStep()
            step.$goal.id = try goal.requireID()
            try notes.seal(text, into: step, \.$textSealed)
            step.doneAt = index < 2 ? activated.addingTimeInterval(Double(10 + 7 * index) * day) : nil
            try notes.seal(index == 0 ? "Walking in on your own takes guts." : nil, into: step, \.$encouragementSealed)
            step.createdAt = goal.createdAt.addingTimeInterval(Double(index))
            try await step.create(on: database)
        }
    }

    /// Their own ground rules: the mentor's first version, and the mentee's change to it.
    func groundRules() async throws {
        let texts = [(mentorID, "We both turn up, or say so the day before.\nNo phones while we talk."),
                     (menteeID, "We both turn up, or say so the day before.\nNo phones while we talk.\nWhat we say stays between us, unless someone could get hurt.")]
        for (index, (author, text)) in texts.enumerated() {
            let version = GroundRulesVersion()
            (version.$match.id, version.version, version.$writtenBy.id) = (matchID, index + 1, author)
            version.writtenAt = activated.addingTimeInterval(Double(2 + index * 5) * day)
            try notes.seal(text, into: version, \.$textSealed)
            try await version.create(on: database)
        }
    }

    /// Feedback round 1 opened three days ago; the mentor has answered, so Leah sees both once she answers.
    func feedback() async throws {
        let answer = FeedbackAnswer()
        answer.$match.id = matchID
        answer.roundNumber = 1
        answer.$person.id = mentorID
        answer.meetingsHelp = 4
        answer.feelListenedTo = 5
        try notes.seal("Leah tells me what's actually going on now.", into: answer, \.$goingWellSealed)
        try notes.seal("Could we try walking round the field sometimes instead of the library?", into: answer, \.$suggestionSealed)
        answer.answeredAt = now.addingTimeInterval(-2 * day)
        try await answer.create(on: database)
    }
}
