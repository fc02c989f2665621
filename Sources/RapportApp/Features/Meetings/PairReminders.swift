import Fluent
import Plot
import Vapor

/// What a student should do next in a match: meetings today and tomorrow, answers waiting, checks due.
/// Worked out when a page is drawn, so reminders need no background job and are never stale.
enum PairReminders {
    struct Reminder: Sendable {
        let text: String
        let link: SiteRoute
    }

    static func of(_ pair: Pair, request: Request) async throws -> [Reminder] {
        guard pair.mayWrite, let activated = pair.match.activatedAt else { return [] }
        let now = request.now
        let time = request.schoolTime
        let other = pair.other.givenName
        let me = try pair.me.requireID()
        var reminders: [Reminder] = []
        let recent = now.addingTimeInterval(-14 * 24 * 60 * 60), soon = now.addingTimeInterval(2 * 24 * 60 * 60)
        let meetings = try await Meeting.query(on: request.db).filter(\.$match.$id == pair.matchID).filter(\.$state ~~ MeetingState.live)
            .filter(\.$startsAt >= recent).sort(\.$startsAt).all()
        let recorded = try await MeetingAttendance.query(on: request.db).filter(\.$meeting.$id ~~ meetings.compactMap(\.id))
            .filter(\.$person.$id == me).all().map(\.$meeting.id)
        let tomorrow = time.calendar.date(byAdding: .day, value: 1, to: now)!
        for meeting in meetings {
            let link = SiteRoute.pair(pair.matchID, .meeting(meeting.id!))
            if meeting.state == .proposed && meeting.$proposedBy.id != me && meeting.startsAt > now {
                reminders.append(Reminder(text: "\(other) proposed a meeting on \(time.slotText(meeting.startsAt, meeting.endsAt)). Can you make it?", link: link))
            } else if meeting.state == .accepted && meeting.endsAt > now && meeting.startsAt < soon {
                if time.isSameDay(meeting.startsAt, now) {
                    reminders.append(Reminder(text: "Today at \(time.timeID(meeting.startsAt)): meeting with \(other). Check in and add to the agenda.", link: link))
                } else if time.isSameDay(meeting.startsAt, tomorrow) {
                    reminders.append(Reminder(text: "Tomorrow at \(time.timeID(meeting.startsAt)): meeting with \(other).", link: link))
                }
            } else if meeting.state == .accepted && meeting.endsAt <= now && !recorded.contains(meeting.id!) {
                reminders.append(Reminder(text: "Did your meeting on \(time.slotText(meeting.startsAt, meeting.endsAt)) happen? Tell us.", link: link))
            }
        }
        if !pair.isMentor {
            let waiting = try await MeetingSummary.query(on: request.db).filter(\.$meeting.$id ~~ meetings.compactMap(\.id))
                .filter(\.$response == .waiting).first()
            if let waiting {
                reminders.append(Reminder(text: "\(other) wrote what they heard. Did they get it right?", link: .pair(pair.matchID, .meeting(waiting.$meeting.id))))
            }
        }
        reminders += try await commitmentsDue(pair, now: now, time: time, on: request.db)
        let schedule = FeedbackSchedule(activatedAt: activated, programme: pair.match.programme)
        if let round = schedule.rounds(until: now).first, round.isOpen(at: now),
           try await FeedbackAnswer.query(on: request.db).filter(\.$match.$id == pair.matchID).filter(\.$roundNumber == round.number)
            .filter(\.$person.$id == me).count() == 0 {
            reminders.append(Reminder(text: "Feedback round \(round.number) is open until \(request.schoolTime.dateText(round.closes)). Say how it's going.", link: .pair(pair.matchID, .feedback)))
        }
        if let wave = OutcomeAnswer.openWave(for: pair.match, programme: pair.match.programme, now: now),
           try await OutcomeAnswer.query(on: request.db).filter(\.$match.$id == pair.matchID).filter(\.$person.$id == me).filter(\.$wave == wave).count() == 0 {
            reminders.append(Reminder(text: "A few questions about you are waiting (\(wave == .start ? "start" : "end") of your match).", link: .pair(pair.matchID, .aboutMe)))
        }
        if let check = pair.match.programme.healthRules.currentCheck(activatedAt: activated, now: now),
           try await PulseAnswer.query(on: request.db).filter(\.$match.$id == pair.matchID).filter(\.$checkNumber == check)
            .filter(\.$person.$id == me).count() == 0 {
            reminders.append(Reminder(text: "A short check on how you and \(other) get on is waiting.", link: .pair(pair.matchID, .pulse)))
        }
        return reminders
    }

    /// Open commitments of either of them due by the end of this week (Sunday), overdue ones included, soonest first:
    /// both see both, as they follow them up together. Dates only, no words, so the line can go wherever reminders go.
    static func commitmentsDue(_ pair: Pair, now: Date, time: SchoolTime, on database: any Database) async throws -> [Reminder] {
        let today = time.startOfDay(now)
        let untilSunday = (8 - time.calendar.component(.weekday, from: today)) % 7
        guard let weekEnds = time.calendar.date(byAdding: .day, value: untilSunday + 1, to: today) else { return [] }
        let due = try await Commitment.query(on: database).filter(\.$match.$id == pair.matchID).filter(\.$status == .open)
            .filter(\.$dueOn < weekEnds).sort(\.$dueOn).all()
        let me = try pair.me.requireID()
        return due.map { commitment in
            let whose = commitment.$person.id == me ? "Your commitment" : "\(pair.other.givenName)'s commitment"
            let followUp = commitment.$person.id == me ? "say how it went" : "ask how it went"
            let when = commitment.dueOn < today ? "was due \(time.dateText(commitment.dueOn)): \(followUp) at your next meeting"
                : time.isSameDay(commitment.dueOn, now) ? "is due today" : "is due \(time.dayText(commitment.dueOn))"
            return Reminder(text: "\(whose) \(when).", link: .pair(pair.matchID, .commitments))
        }
    }

    static func list(_ reminders: [Reminder]) -> Node<HTML.BodyContext> {
        .if(!reminders.isEmpty, .ul(.class("reminders"), .forEach(reminders) { reminder in
            .li(.a(.href(reminder.link.path), .text(reminder.text)))
        }))
    }
}
