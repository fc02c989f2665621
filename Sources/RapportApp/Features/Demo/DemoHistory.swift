import Fluent
import Foundation

/// The rest of Northgate's term, so the coordinator's check-ins and the programme dashboard show a programme as it is
/// by December: pairs that meet well, two that need a check-in, one snoozed over exams, one paused and three that
/// ended early. Only counts, dates and the coordinator's own words: no pair's notes.
enum DemoHistory {
    /// One pair's story: days since it began, how its weekly meetings went (oldest first; nil for none that week),
    /// its mentee's first relationship check, and how it ended if it did.
    private struct Story {
        let mentorIndex: Int
        let menteeIndex: Int
        let startedDaysAgo: Double
        let weeks: [AttendanceOutcome?]
        let menteeCheck: Double?
        var state: MatchState = .active
        var endedDaysAgo: Double? = nil
        var reason = ""
        var why: ClosureReason? = nil
    }

    private static let stories: [Story] = [
        Story(mentorIndex: 4, menteeIndex: 14, startedDaysAgo: 75, weeks: [.happened, .happened, .happened, .otherMissed, .happened, .happened, .happened, .happened, .happened, .happened], menteeCheck: 4.4),
        Story(mentorIndex: 5, menteeIndex: 15, startedDaysAgo: 70, weeks: [.happened, .happened, .happened, .happened, .happened, .happened, .otherMissed, .otherMissed], menteeCheck: 3.8),
        Story(mentorIndex: 6, menteeIndex: 16, startedDaysAgo: 66, weeks: [.happened, .otherMissed, .happened, .happened, .happened, .happened, .happened, .happened, .happened], menteeCheck: 2.6),
        Story(mentorIndex: 7, menteeIndex: 17, startedDaysAgo: 60, weeks: [.happened, .happened, .happened, .happened, .happened, .happened, .happened, .happened], menteeCheck: 4.1),
        Story(mentorIndex: 8, menteeIndex: 18, startedDaysAgo: 58, weeks: [.happened, .happened, .happened, .happened, .happened, nil, nil, nil], menteeCheck: 3.5),
        Story(mentorIndex: 9, menteeIndex: 19, startedDaysAgo: 52, weeks: [.happened, .happened, .happened, .happened, .otherMissed, .happened, .happened], menteeCheck: 4.0),
        Story(mentorIndex: 10, menteeIndex: 20, startedDaysAgo: 64, weeks: [.happened, .happened, .happened, .otherMissed, .happened], menteeCheck: 3.9,
              state: .paused, reason: "Tom is on a long placement until January."),
        Story(mentorIndex: 11, menteeIndex: 21, startedDaysAgo: 80, weeks: [.happened, .happened, .otherMissed, .happened, .otherMissed], menteeCheck: 3.1,
              state: .closed, endedDaysAgo: 40, reason: "Moved to another school.", why: .movedSchool),
        Story(mentorIndex: 4, menteeIndex: 22, startedDaysAgo: 82, weeks: [.happened, .otherMissed, .otherMissed], menteeCheck: nil,
              state: .closed, endedDaysAgo: 60, reason: "The mentee asked to stop: they'd rather meet a learning mentor.", why: .menteeChoice),
        Story(mentorIndex: 7, menteeIndex: 23, startedDaysAgo: 78, weeks: [.happened, .happened, .happened, .happened, .happened, .happened, .otherMissed], menteeCheck: 3.4,
              state: .closed, endedDaysAgo: 25, reason: "Timetable change: no free period in common any more.", why: .other),
    ]

    static func seed(students: [Person], programme: Programme, coordinatorID: UUID, notes: NoteCipher, now: Date, on database: any Database) async throws {
        let day: TimeInterval = 86_400
        var matchByMentee: [Int: UUID] = [:]
        for story in stories {
            let mentor = students[story.mentorIndex], mentee = students[story.menteeIndex]
            let started = now.addingTimeInterval(-story.startedDaysAgo * day)
            let ended = story.endedDaysAgo.map { now.addingTimeInterval(-$0 * day) }
            let match = MentoringMatch()
            match.$school.id = programme.$school.id
            match.$programme.id = try programme.requireID()
            (match.$mentee.id, match.$mentor.id) = (try mentee.requireID(), try mentor.requireID())
            (match.state, match.score, match.reasons) = (story.state, 120, ["share interests +40", "free at the same times +30"])
            match.mentorSlot = MatchState.open.contains(story.state) ? 1 : nil
            match.mentorCapacity = mentor.capacity ?? 1
            (match.closureReason, match.contactAfter) = (story.why, story.why == nil ? nil : .aroundSchool)
            (match.activatedAt, match.createdAt, match.updatedAt) = (started, started.addingTimeInterval(-4 * day), ended ?? started)
            try await match.create(on: database)
            let matchID = try match.requireID()
            matchByMentee[story.menteeIndex] = matchID
            try await transitions(of: story, match: matchID, started: started, ended: ended, coordinatorID: coordinatorID, on: database)
            for (week, outcome) in story.weeks.enumerated() {
                try await meeting(on: started.addingTimeInterval(Double(week * 7 + 2) * day + 12.5 * 3_600), outcome: outcome, match: match, notes: notes, on: database)
            }
            try await feedback(for: story, match: matchID, mentor: try mentor.requireID(), mentee: try mentee.requireID(), started: started,
                               ended: ended, every: programme.feedbackEveryWeeks, notes: notes, now: now, on: database)
            // "About me" at the start of every match, and at the end of those that closed, a little higher on the whole.
            for (person, lift) in [(try mentee.requireID(), 1), (try mentor.requireID(), 0)] {
                for (wave, at) in [(OutcomeWave.start, started.addingTimeInterval(2 * day))] + (ended.map { [(OutcomeWave.end, $0)] } ?? []) {
                    let answer = OutcomeAnswer()
                    (answer.$match.id, answer.$person.id, answer.wave, answer.answeredAt) = (matchID, person, wave, at)
                    answer.answers = OutcomeScales.items.enumerated().map { index, item in
                        let base = 2 + (index + story.menteeIndex) % 3 + (wave == .end ? lift : 0)
                        return min(5, item.isReversed ? 6 - base : base)
                    }
                    try await answer.create(on: database)
                }
            }
            if let score = story.menteeCheck, story.startedDaysAgo >= 30 {
                for (person, value) in [(try mentee.requireID(), score), (try mentor.requireID(), min(5, score + 0.3))] {
                    let answer = PulseAnswer()
                    answer.$match.id = matchID
                    answer.checkNumber = 1
                    answer.$person.id = person
                    answer.answers = Array(repeating: 4, count: 8)
                    (answer.score, answer.answeredAt, answer.answersVisible) = (value, started.addingTimeInterval(31 * day), false)
                    try await answer.create(on: database)
                }
            }
        }
        // The coordinator's contacts: the demo pair and the pairs that meet well are up to date; one is snoozed over exams.
        if let leah = try await MentoringMatch.query(on: database).filter(\.$mentee.$id == students[13].requireID()).first() {
            matchByMentee[13] = try leah.requireID()
        }
        for (menteeIndex, daysAgo, with, note) in [
            (13, 5.0, CheckInWith.mentee, "Leah says lunchtimes are easier now; art club on Tuesdays."),
            (14, 20.0, .both, "All going well; they've started a reading challenge together."),
            (17, 12.0, .mentee, "Quick chat in the corridor: happy with how it's going."),
            (19, 9.0, .both, "Agreed to move meetings to Thursday lunch."),
            // The mentors' own contacts, about how mentoring is going for them.
            (13, 3.0, .mentor, "Sam feels confident; we talked about ending the year well."),
            (17, 8.0, .mentor, "Asked for ideas for quieter sessions; pointed to the listening module."),
        ] {
            guard let matchID = matchByMentee[menteeIndex] else { continue }
            for back in [daysAgo + 14, daysAgo] {
                let checkIn = PairCheckIn()
                checkIn.$school.id = programme.$school.id
                (checkIn.$match.id, checkIn.$coordinator.id) = (matchID, coordinatorID)
                (checkIn.withWhom, checkIn.how) = (with, .inPerson)
                (checkIn.checkedOn, checkIn.recordedAt) = (now.addingTimeInterval(-back * day), now.addingTimeInterval(-back * day))
                try notes.seal(note, into: checkIn, \.$noteSealed)
                try notes.seal("Check in again next month.", into: checkIn, \.$nextStepSealed)
                try await checkIn.create(on: database)
            }
        }
        if let quiet = matchByMentee[18] {
            let snooze = FlagSnooze()
            snooze.$school.id = programme.$school.id
            (snooze.$match.id, snooze.$by.id) = (quiet, coordinatorID)
            (snooze.until, snooze.createdAt) = (now.addingTimeInterval(5 * day), now.addingTimeInterval(-2 * day))
            try notes.seal("Mock exams this week and next; they'll pick up after.", into: snooze, \.$reasonSealed)
            try await snooze.create(on: database)
        }
    }

    /// Both answer each feedback round while the match runs, except the mentee of the pair whose check scored low,
    /// who has stopped answering.
    private static func feedback(for story: Story, match: UUID, mentor: UUID, mentee: UUID, started: Date, ended: Date?, every weeks: Int,
                                 notes: NoteCipher, now: Date, on database: any Database) async throws {
        let schedule = FeedbackSchedule(activatedAt: started, everyWeeks: weeks, answerDays: HealthRules.defaults.feedbackAnswerDays)
        for round in schedule.rounds(until: min(now, ended ?? now)) where round.closes <= now {
            for person in [mentor, mentee] where !(person == mentee && (story.menteeCheck ?? 5) < 3 && round.number > 1) {
                let answer = FeedbackAnswer()
                answer.$match.id = match
                (answer.roundNumber, answer.meetingsHelp, answer.feelListenedTo) = (round.number, 4, 4)
                answer.$person.id = person
                try notes.seal("Our meetings are going fine.", into: answer, \.$goingWellSealed)
                answer.answeredAt = round.opens.addingTimeInterval(86_400)
                try await answer.create(on: database)
            }
        }
    }

    private static func transitions(of story: Story, match: UUID, started: Date, ended: Date?, coordinatorID: UUID, on database: any Database) async throws {
        var moves: [(MatchEvent, MatchState, MatchState, String, Date)] = [
            (.approve, .proposed, .awaitingAgreement, "", started.addingTimeInterval(-3 * 86_400)),
            (.bothSigned, .awaitingAgreement, .active, "", started),
        ]
        if story.state == .paused { moves.append((.pause, .active, .paused, story.reason, started.addingTimeInterval(40 * 86_400))) }
        if let ended {
            moves.append((.beginClosing, .active, .closing, story.reason, ended.addingTimeInterval(-86_400)))
            moves.append((.close, .closing, .closed, "", ended))
        }
        for (event, from, to, reason, at) in moves {
            let move = MatchTransition()
            move.$match.id = match
            (move.event, move.fromState, move.toState, move.reason, move.occurredAt) = (event, from, to, reason, at)
            move.actorID = event == .bothSigned ? nil : coordinatorID
            try await move.create(on: database)
        }
    }

    /// A weekly meeting and what both said of it; a week with no meeting adds nothing.
    private static func meeting(on startsAt: Date, outcome: AttendanceOutcome?, match: MentoringMatch, notes: NoteCipher, on database: any Database) async throws {
        guard let outcome else { return }
        let meeting = Meeting()
        meeting.$match.id = try match.requireID()
        meeting.$proposedBy.id = match.$mentor.id
        (meeting.startsAt, meeting.endsAt) = (startsAt, startsAt.addingTimeInterval(30 * 60))
        try notes.seal("Library, by the window", into: meeting, \.$placeSealed)
        (meeting.state, meeting.createdAt, meeting.updatedAt) = (.accepted, startsAt.addingTimeInterval(-86_400), startsAt)
        try await meeting.create(on: database)
        for person in [match.$mentor.id, match.$mentee.id] {
            let said = MeetingAttendance()
            said.$meeting.id = try meeting.requireID()
            said.$person.id = person
            said.outcome = outcome == .otherMissed && person == match.$mentee.id ? .iMissed : outcome
            said.recordedAt = meeting.endsAt
            try await said.create(on: database)
        }
    }
}
