import Fluent
import Plot
import Vapor

/// One meeting and its session log: the answer to the proposal, the feelings check-in, the co-created agenda,
/// "what I heard", notes, commitments and their follow-up, a shared story, and afterwards whether it happened.
enum MeetingLogPage {
    static func show(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        return try await render(request, pair: pair, meeting: try await pair.meeting(request), state: FormState())
    }

    /// Everything written in a meeting's log, opened for the pair.
    private struct Log {
        var attendance: [MeetingAttendance] = []
        var checkIns: [CheckIn] = []
        var entries: [(entry: MeetingEntry, text: String)] = []
        var summary: MeetingSummary?
        var summaryText = ""
        var correctionText: String?
        var commitmentsToFollow: [(Commitment, String, String?)] = []
        var commitmentsMade: [(Commitment, String)] = []
        var stories: [MentorStory] = []
        var place: String?
        var changeReason: String?
        var theirRepairNote: String?
        var replacement: Meeting?
    }

    private static func load(_ request: Request, pair: Pair, meeting: Meeting) async throws -> Log {
        let notes = request.notes
        let id = try meeting.requireID()
        var log = Log()
        log.attendance = try await MeetingAttendance.query(on: request.db).filter(\.$meeting.$id == id).all()
        log.replacement = try await Meeting.query(on: request.db).filter(\.$replacesID == id).first()
        // Places and reasons are words the pair wrote: after closure the mentor keeps only dates and states.
        guard pair.mayReadNotes else { return log }
        log.place = try notes.open(meeting, \.$placeSealed)
        log.changeReason = try notes.open(meeting, \.$changeReasonSealed)
        log.theirRepairNote = try log.attendance.first { $0.$person.id == pair.other.id }.flatMap { try notes.open($0, \.$repairNoteSealed) }
        log.checkIns = try await CheckIn.query(on: request.db).filter(\.$meeting.$id == id).all()
        log.entries = try await MeetingEntry.query(on: request.db).filter(\.$meeting.$id == id).with(\.$story).sort(\.$createdAt).all()
            .map { ($0, try notes.open($0, \.$bodySealed)) }
        if let summary = try await MeetingSummary.query(on: request.db).filter(\.$meeting.$id == id).first() {
            log.summary = summary
            log.summaryText = try notes.open(summary, \.$textSealed)
            log.correctionText = try notes.open(summary, \.$correctionSealed)
        }
        let commitments = try await Commitment.query(on: request.db).filter(\.$match.$id == pair.matchID).sort(\.$createdAt).all()
        log.commitmentsToFollow = try commitments
            .filter { $0.$meeting.id != id && $0.createdAt < meeting.startsAt && ($0.status == .open || $0.followedUpMeetingID == id) }
            .map { ($0, try notes.open($0, \.$textSealed), try notes.open($0, \.$followUpSealed)) }
        log.commitmentsMade = try commitments.filter { $0.$meeting.id == id }.map { ($0, try notes.open($0, \.$textSealed)) }
        if pair.isMentor {
            log.stories = try await MentorStory.query(on: request.db).filter(\.$mentor.$id == pair.me.requireID())
                .filter(\.$hiddenAt == nil).sort(\.$createdAt).all()
        }
        return log
    }

    static func render(_ request: Request, pair: Pair, meeting: Meeting, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let log = try await load(request, pair: pair, meeting: meeting)
        let now = request.now
        let time = request.schoolTime
        let csrf = try await request.csrfToken()
        let action = { (name: MeetingAction) in SiteRoute.pair(pair.matchID, .meetingAction(meeting.id!, name)).path }
        let hasStarted = meeting.startsAt <= now
        let isLive = MeetingState.live.contains(meeting.state)
        let writable = pair.mayWrite
        let mine = log.attendance.first { $0.$person.id == pair.me.id }
        let theirs = log.attendance.first { $0.$person.id == pair.other.id }
        let myCheckIn = log.checkIns.first { $0.$person.id == pair.me.id }
        let theirCheckIn = log.checkIns.first { $0.$person.id == pair.other.id }
        let checkInOpen = meeting.state == .accepted && now >= time.startOfDay(meeting.startsAt)
        let notice: String? = switch request.notice {
        case .proposed: "Proposed. \(pair.other.givenName) will see it and answer."
        case .accepted: "Agreed: it's in your meetings. You'll get a reminder the day before and on the day."
        case .saved: "Saved."
        default: nil
        }
        let name = { (id: UUID) in id == pair.me.id ? "You" : pair.other.givenName }
        let isMissed = mine?.outcome == .iMissed || theirs?.outcome == .otherMissed
        let ended = meeting.endsAt <= now

        let answer: Node<HTML.BodyContext> = {
            guard writable, meeting.state == .proposed, !hasStarted else { return .empty }
            if meeting.$proposedBy.id == pair.me.id {
                return .div(.class("card"), .p(.text("Waiting for \(pair.other.givenName) to answer.")),
                            .form(.method(.post), .action(action(.withdraw)), FormField.csrf(csrf),
                                  .button(.type(.submit), .class("secondary"), "Withdraw my proposal")))
            }
            return .div(.class("card next"),
                        .h2("Can you make it?"),
                        .if(meeting.seriesID != nil, .p(.class("hint"), "This is one of a series: your answer counts for the ones after it that are still waiting.")),
                        .div(.class("actions"),
                             .form(.method(.post), .action(action(.accept)), FormField.csrf(csrf), .button(.type(.submit), "Yes, I'll be there")),
                             .form(.method(.post), .action(action(.decline)), FormField.csrf(csrf), .button(.type(.submit), .class("secondary"), "No, I can't")),
                             .a(.class("button secondary"), .href(SiteRoute.pair(pair.matchID, .meetings).path + "?instead=\(meeting.id!.uuidString.lowercased())#propose"),
                                "Suggest another time")))
        }()

        let changeIt: Node<HTML.BodyContext> = writable && meeting.state == .accepted && !hasStarted
            ? .details(.summary("Can't make it any more?"),
                       .p(.a(.href(SiteRoute.pair(pair.matchID, .meetings).path + "?instead=\(meeting.id!.uuidString.lowercased())#propose"), "Move it to another time")),
                       .form(.method(.post), .action(action(.cancel)), FormField.csrf(csrf),
                             FormField.textArea("reason", label: "Or cancel it: why?", state: state,
                                                hint: "A few words for \(pair.other.givenName). Up to \(MeetingController.reasonMaxLength) characters.",
                                                maxLength: MeetingController.reasonMaxLength),
                             .button(.type(.submit), .class("secondary"), "Cancel the meeting")))
            : .empty

        let checkIn: Node<HTML.BodyContext> = pair.mayReadNotes && meeting.state == .accepted ? .section(
            .h2(.id("check-in"), "Check-in"),
            !checkInOpen ? .p("Check-in opens on the day of the meeting.") : .group(
                // The mentor reads the mentee's check-in first, with a prompt, before they start talking.
                .unwrap(theirCheckIn) { theirs in
                    .div(.class("card feeling"),
                         .p(.span(.class("face"), .attribute(named: "aria-hidden", value: "true"), .text(theirs.feeling.face)),
                            .text(" \(pair.other.givenName) feels "), .strong(.text(theirs.feeling.rawValue)), .text(".")),
                         .if(pair.isMentor, .p(.class("hint"), .text(theirs.feeling.empathyPrompt))))
                },
                .unwrap(myCheckIn) { mine in .p(.text("You said you feel \(mine.feeling.rawValue) \(mine.feeling.face).")) },
                .if(myCheckIn == nil && writable, .form(
                    .method(.post), .action(action(.checkIn)), .class("card"), FormField.csrf(csrf),
                    .element(named: "fieldset", nodes: [
                        .class("choices feelings"),
                        .element(named: "legend", text: "How are you feeling right now?"),
                        .unwrap(state.errors["feeling"]) { .p(.class("error"), .text($0)) },
                        .div(.class("options columns"), .forEach(Array(Feeling.allCases.enumerated())) { index, feeling in
                            .div(.class("option"),
                                 .input(.type(.radio), .id("feeling-\(index)"), .name("feeling"), .value(feeling.rawValue)),
                                 .label(.for("feeling-\(index)"), .text("\(feeling.face) \(feeling.word)")))
                        }),
                    ]),
                    .button(.type(.submit), "Check in")
                )),
                .if(theirCheckIn == nil, .p(.class("hint"), .text("\(pair.other.givenName) hasn't checked in yet.")))
            )
        ) : .empty

        let agenda = log.entries.filter { $0.entry.kind == .agenda }
        let notesList = log.entries.filter { $0.entry.kind != .agenda }
        let agendaSection: Node<HTML.BodyContext> = pair.mayReadNotes && (isLive || !agenda.isEmpty) ? .section(
            .h2(.id("agenda"), "Agenda"),
            .p(.class("hint"), "Both of you add what you'd like to talk about, before or during the meeting."),
            agenda.isEmpty ? .p("Nothing on the agenda yet.") : .ul(.forEach(agenda) { item in
                .li(.strong(.text("\(name(item.entry.$author.id)): ")), .text(item.text))
            }),
            .if(writable && isLive, .form(.method(.post), .action(action(.agenda)), .class("inline-form"), FormField.csrf(csrf),
                FormField.text("agenda_item", label: "Add to the agenda", state: state, maxLength: request.configuration.noteMaxLength),
                .button(.type(.submit), .class("secondary"), "Add")))
        ) : .empty

        let heard: Node<HTML.BodyContext> = pair.mayReadNotes && meeting.state == .accepted && hasStarted ? .section(
            .h2(.id("heard"), "What I heard"),
            .p(.class("hint"), .text(pair.isMentor
                ? "In your own words, sum up what \(pair.other.givenName) told you. They'll say if you got it right: that's how you both know you listened."
                : "\(pair.other.givenName) sums up what they heard from you. Tell them if they got it right.")),
            .unwrap(log.summary) { summary in
                .div(.class("card"),
                     .p(.text(log.summaryText)),
                     .p(.class("hint"), .text(summaryStatus(summary.response, pair: pair))),
                     .unwrap(log.correctionText) { .p(.strong("Not quite: "), .text($0)) })
            },
            .if(writable && pair.isMentor && log.summary?.response != .confirmed, .form(
                .method(.post), .action(action(.summary)), FormField.csrf(csrf),
                FormField.textArea("summary", label: log.summary == nil ? "What I heard" : "Rewrite what I heard", state: state,
                                   hint: "Up to \(request.configuration.noteMaxLength) characters. Start with \"What I heard is...\"",
                                   maxLength: request.configuration.noteMaxLength),
                .button(.type(.submit), "Save what I heard"))),
            .if(writable && !pair.isMentor && log.summary?.response == .waiting, .form(
                .method(.post), .action(action(.summaryResponse)), .class("card"), FormField.csrf(csrf),
                .element(named: "fieldset", nodes: [
                    .class("choices"),
                    .element(named: "legend", text: "Did \(pair.other.givenName) get it right?"),
                    .unwrap(state.errors["response"]) { .p(.class("error"), .text($0)) },
                    .div(.class("options"),
                         .div(.class("option"), .input(.type(.radio), .id("response-yes"), .name("response"), .value("confirmed")),
                              .label(.for("response-yes"), "Yes, that's it")),
                         .div(.class("option"), .input(.type(.radio), .id("response-no"), .name("response"), .value("corrected")),
                              .label(.for("response-no"), "Not quite"))),
                ]),
                FormField.textArea("correction", label: "If not quite: what did you mean?", state: state,
                                   maxLength: request.configuration.noteMaxLength),
                .button(.type(.submit), "Send")))
        ) : .empty

        let notesSection: Node<HTML.BodyContext> = pair.mayReadNotes && (meeting.state == .accepted && hasStarted || !notesList.isEmpty) ? .section(
            .h2(.id("notes"), "Notes"),
            .p(.class("hint"), .text("Only the two of you can read these. If someone might be at risk of harm, your agreement says what happens.")),
            notesList.isEmpty ? .p("No notes yet.") : .ul(.class("notes"), .forEach(notesList) { item in
                .li(.strong(.text("\(name(item.entry.$author.id)): ")),
                    item.entry.kind == .story
                        ? .text(item.entry.sharedStory.map { "shared a story: \($0.title)" } ?? "shared a story that is no longer shown")
                        : .text(item.text),
                    .unwrap(item.entry.sharedStory) { .p(.class("story"), .text($0.body)) })
            }),
            .if(writable, .form(.method(.post), .action(action(.note)), FormField.csrf(csrf),
                FormField.textArea("note", label: "Add a note", state: state,
                                   hint: "Up to \(request.configuration.noteMaxLength) characters.", maxLength: request.configuration.noteMaxLength),
                .button(.type(.submit), .class("secondary"), "Add the note"))),
            .if(writable && pair.isMentor && !log.stories.isEmpty, .form(.method(.post), .action(action(.story)), FormField.csrf(csrf),
                FormField.select("story", label: "Share one of your stories", state: state,
                                 options: log.stories.map { ($0.id!.uuidString.lowercased(), $0.title) }),
                .button(.type(.submit), .class("secondary"), "Share it")))
        ) : .empty

        let commitments: Node<HTML.BodyContext> = pair.mayReadNotes && meeting.state == .accepted && hasStarted ? .section(
            .h2(.id("commitments"), "Commitments"),
            .if(!log.commitmentsToFollow.isEmpty, .group(
                .h3("From last time"),
                .forEach(log.commitmentsToFollow) { commitment, text, followUp in
                    PracticePages.followUp(commitment, text: text, followUp: followUp, pair: pair, meetingID: meeting.id, csrf: csrf, state: state, time: request.schoolTime)
                })),
            .h3("Made today"),
            log.commitmentsMade.isEmpty ? .p("None yet.") : .ul(.forEach(log.commitmentsMade) { commitment, text in
                .li(.text("\(name(commitment.$person.id)) will \(text) by \(request.schoolTime.dateText(commitment.dueOn))."))
            }),
            .if(writable, PracticePages.newCommitmentForm(pair: pair, meetingID: meeting.id, csrf: csrf, state: state, request: request))
        ) : .empty

        let attendanceSection: Node<HTML.BodyContext> = meeting.state == .accepted && ended ? .section(
            .h2(.id("attendance"), "Did it happen?"),
            .p(.text("You: \(mine?.outcome.choice(other: pair.other.givenName) ?? "not said yet"). \(pair.other.givenName): \(theirs?.outcome.choice(other: "you") ?? "not said yet").")),
            .if(mine != nil && theirs != nil && !AttendanceRecords.agree(mine!.outcome, theirs!.outcome),
                .p(.class("notice info"), .text("You remember it differently. That's fine: your coordinator will see it and can help you sort it out."))),
            .if(writable && mine == nil, .form(
                .method(.post), .action(action(.attendance)), .class("card"), FormField.csrf(csrf),
                .element(named: "fieldset", nodes: [
                    .class("choices"),
                    .element(named: "legend", text: "What happened?"),
                    .unwrap(state.errors["outcome"]) { .p(.class("error"), .text($0)) },
                    .div(.class("options"), .forEach(Array(AttendanceOutcome.allCases.enumerated())) { index, outcome in
                        .div(.class("option"), .input(.type(.radio), .id("outcome-\(index)"), .name("outcome"), .value(outcome.rawValue)),
                             .label(.for("outcome-\(index)"), .text(outcome.choice(other: pair.other.givenName))))
                    }),
                ]),
                .button(.type(.submit), "Save")
            )),
            .if(writable && isMissed && (mine?.outcome == .iMissed || mine == nil) && mine?.repairNoteSealed == nil, .form(
                .method(.post), .action(action(.repair)), .class("card next"), FormField.csrf(csrf),
                .h3("Put it right"),
                .p("Missing a meeting happens. What matters is what you do next: send a short note and pick a new time."),
                FormField.textArea("repair_note", label: "A short note to \(pair.other.givenName)", state: state,
                                   hint: "Up to \(MeetingController.reasonMaxLength) characters.", maxLength: MeetingController.reasonMaxLength),
                .button(.type(.submit), "Send and pick a new time"))),
            .if(ended && mine?.repairNoteSealed != nil, .p(.text("You sent a note to put it right."
                + (mine?.repairMeetingID == nil ? "" : " A new time is proposed.")))),
            .unwrap(log.theirRepairNote) { .p(.class("story"), .text("\(pair.other.givenName) wrote: \($0)")) }
        ) : .empty

        let stateLine: String = switch meeting.state {
        case .proposed: meeting.$proposedBy.id == pair.me.id ? "You proposed this." : "\(pair.other.givenName) proposed this."
        case .accepted: "Agreed."
        case .declined: "Declined."
        case .cancelled: "Cancelled" + (log.changeReason.map { ": \($0)" } ?? ".")
        case .moved: "Moved to another time" + (log.changeReason.map { ": \($0)" } ?? ".")
        }
        return Layout.page(
            "\(time.dayText(meeting.startsAt)) with \(pair.other.givenName)", for: request, status: status,
            pair.navigation(current: nil),
            Layout.notice(notice),
            FormField.errorSummary(state),
            .div(.class("card"),
                 .element(named: "dl", nodes: [
                    .class("facts"),
                    .element(named: "dt", text: "When"), .element(named: "dd", text: time.slotText(meeting.startsAt, meeting.endsAt)),
                    .unwrap(log.place) { .group(.element(named: "dt", text: "Where"), .element(named: "dd", text: $0)) },
                    .element(named: "dt", text: "With"), .element(named: "dd", text: pair.other.givenName),
                    .element(named: "dt", text: "Status"), .element(named: "dd", text: stateLine),
                 ]),
                 .unwrap(log.replacement) { .p(.a(.href(SiteRoute.pair(pair.matchID, .meeting($0.id!)).path), "See the new time")) },
                 .if(isLive, .p(.a(.href(SiteRoute.pair(pair.matchID, .meetingCalendar(meeting.id!)).path), "Add to my calendar (.ics)")))),
            .if(pair.isMentor, .p(.class("worry"), .a(.href(SiteRoute.worried.path + "?match=" + pair.matchID.uuidString.lowercased()),
                                                     .text("I'm worried about \(pair.other.givenName)")))),
            answer,
            changeIt,
            .if(!pair.mayReadNotes, .p(.class("notice info"), .text("This match has ended. Its notes stay with \(pair.mentee.givenName), as your agreement said."))),
            checkIn,
            agendaSection,
            heard,
            notesSection,
            commitments,
            .if(pair.mayReadNotes && meeting.state == .accepted && hasStarted && writable,
                .p(.a(.href(SiteRoute.pair(pair.matchID, .wins).path), "Celebrate a win from today"))),
            attendanceSection,
            .p(.a(.href(SiteRoute.pair(pair.matchID, .meetings).path), "All meetings"))
        )
    }

    private static func summaryStatus(_ response: SummaryResponse, pair: Pair) -> String {
        let mentee = pair.isMentor ? pair.other.givenName : "You"
        switch response {
        case .waiting: return pair.isMentor ? "Waiting for \(mentee) to say if that's right." : "Is that right? Say below."
        case .confirmed: return "\(mentee) said: yes, that's it."
        case .corrected: return "\(mentee) said: not quite."
        }
    }

    // MARK: Writing to the log

    static func record(_ request: Request, pair: Pair, meeting: Meeting, action: MeetingAction) async throws -> Response {
        try pair.requireWritable()
        try pair.requireNotes()
        var state = try request.formState()
        let now = request.now
        let notes = request.notes
        let me = try pair.me.requireID()
        let limit = request.configuration.noteMaxLength
        let meetingID = try meeting.requireID()
        let invalid = { (state: FormState) in try await render(request, pair: pair, meeting: meeting, state: state, status: .unprocessableEntity) }
        let started = meeting.state == .accepted && meeting.startsAt <= now
        func requireStarted() throws {
            guard started else { throw Abort(.conflict, reason: "This can be filled in once the meeting has started.") }
        }
        var anchor = ""
        switch action {
        case .attendance:
            guard meeting.state == .accepted, meeting.endsAt <= now else {
                throw Abort(.conflict, reason: "Say whether the meeting happened once its time is over.")
            }
            guard let outcome = state.requireChoice("outcome", label: "what happened", as: AttendanceOutcome.self) else { return try await invalid(state) }
            let record = MeetingAttendance()
            record.$meeting.id = meetingID
            record.$person.id = me
            record.outcome = outcome
            record.recordedAt = now
            try await refusingContention("You have already said whether this meeting happened.") { try await record.create(on: request.db) }
            if let theirs = try await MeetingAttendance.query(on: request.db).filter(\.$meeting.$id == meetingID)
                .filter(\.$person.$id == pair.other.requireID()).first(), !AttendanceRecords.agree(outcome, theirs.outcome) {
                try await AttendanceRecords.tellCoordinators(pair: pair, meeting: meeting, request: request)
            }
            anchor = "#attendance"
        case .repair:
            try requireStarted()
            guard let note = state.requireText("repair_note", label: "a short note", maxLength: MeetingController.reasonMaxLength) else { return try await invalid(state) }
            if let record = try await MeetingAttendance.query(on: request.db).filter(\.$meeting.$id == meetingID).filter(\.$person.$id == me).first() {
                guard record.outcome == .iMissed || record.outcome == .otherMissed else {
                    throw Abort(.conflict, reason: "You said this meeting happened, so there's nothing to put right.")
                }
                try notes.seal(note, into: record, \.$repairNoteSealed)
                try await record.update(on: request.db)
            } else {
                let record = MeetingAttendance()
                record.$meeting.id = meetingID
                record.$person.id = me
                record.outcome = .iMissed
                try notes.seal(note, into: record, \.$repairNoteSealed)
                record.recordedAt = now
                try await refusingContention("You have already said whether this meeting happened.") { try await record.create(on: request.db) }
            }
            try await AppNotification.send("\(pair.me.givenName) sent a note about the missed meeting. Open it to read it.", link: .pair(pair.matchID, .meeting(meetingID)),
                                           to: [pair.other.requireID()], at: now, on: request.db)
            return request.redirect(to: SiteRoute.pair(pair.matchID, .meetings).path + "?repair=\(meetingID.uuidString.lowercased())#propose", redirectType: .normal)
        case .checkIn:
            guard meeting.state == .accepted, now >= request.schoolTime.startOfDay(meeting.startsAt) else {
                throw Abort(.conflict, reason: "Check-in opens on the day of the meeting.")
            }
            guard let feeling = state.requireChoice("feeling", label: "how you're feeling", as: Feeling.self) else { return try await invalid(state) }
            let checkIn = CheckIn()
            checkIn.$meeting.id = meetingID
            checkIn.$person.id = me
            checkIn.feeling = feeling
            checkIn.checkedInAt = now
            try await refusingContention("You have already checked in to this meeting.") { try await checkIn.create(on: request.db) }
            anchor = "#check-in"
        case .agenda, .note:
            let field = action == .agenda ? "agenda_item" : "note"
            if action == .agenda {
                guard MeetingState.live.contains(meeting.state) else { throw Abort(.conflict, reason: "This meeting isn't going ahead, so its agenda is closed.") }
            } else {
                try requireStarted()
            }
            guard let text = state.requireText(field, label: action == .agenda ? "something for the agenda" : "your note", maxLength: limit) else {
                return try await invalid(state)
            }
            try await entry(action == .agenda ? .agenda : .note, text: text, meetingID: meetingID, author: me, now: now, request: request)
            anchor = "#\(action == .agenda ? "agenda" : "notes")"
        case .story:
            try requireStarted()
            guard pair.isMentor else { throw Abort(.forbidden, reason: "Mentors share their stories; you can read them here.") }
            guard let id = UUID(uuidString: state["story"]),
                  let story = try await MentorStory.query(on: request.db).filter(\.$id == id).filter(\.$mentor.$id == me).filter(\.$hiddenAt == nil).first()
            else { throw Abort(.notFound, reason: "There is no such story of yours to share.") }
            try await entry(.story, text: "", storyID: try story.requireID(), meetingID: meetingID, author: me, now: now, request: request)
            anchor = "#notes"
        case .summary:
            try requireStarted()
            guard pair.isMentor else { throw Abort(.forbidden, reason: "Your mentor writes what they heard; you say whether it's right.") }
            guard let text = state.requireText("summary", label: "what you heard", maxLength: limit) else { return try await invalid(state) }
            let existing = try await MeetingSummary.query(on: request.db).filter(\.$meeting.$id == meetingID).first()
            guard existing?.response != .confirmed else { throw Abort(.conflict, reason: "\(pair.other.givenName) has already said this is right.") }
            let summary = existing ?? MeetingSummary()
            summary.$meeting.id = meetingID
            try notes.seal(text, into: summary, \.$textSealed)
            summary.response = .waiting
            summary.correctionSealed = nil
            summary.writtenAt = now
            summary.respondedAt = nil
            try await refusingContention("This summary was saved at the same moment from somewhere else. Reload the page.") {
                try await summary.save(on: request.db)
            }
            try await AppNotification.send("\(pair.me.givenName) wrote what they heard. Did they get it right?", link: .pair(pair.matchID, .meeting(meetingID)),
                                           to: [pair.other.requireID()], at: now, on: request.db)
            anchor = "#heard"
        case .summaryResponse:
            guard !pair.isMentor else { throw Abort(.forbidden, reason: "Your mentee says whether your summary is right.") }
            guard let summary = try await MeetingSummary.query(on: request.db).filter(\.$meeting.$id == meetingID).first(),
                  summary.response == .waiting else {
                throw Abort(.conflict, reason: "There is no summary waiting for your answer.")
            }
            guard let response = state.requireChoice("response", label: "whether it's right", as: SummaryResponse.self),
                  response != .waiting else {
                state.errors["response"] = "Choose \"Yes, that's it\" or \"Not quite\"."
                return try await invalid(state)
            }
            if response == .corrected {
                guard let correction = state.requireText("correction", label: "what you meant", maxLength: limit) else { return try await invalid(state) }
                try notes.seal(correction, into: summary, \.$correctionSealed)
            }
            summary.response = response
            summary.respondedAt = now
            try await summary.update(on: request.db)
            anchor = "#heard"
        default:
            throw Abort(.notFound)
        }
        return request.redirect(to: SiteRoute.pair(pair.matchID, .meeting(meetingID)).path(with: .saved) + anchor, redirectType: .normal)
    }

    private static func entry(_ kind: MeetingEntryKind, text: String, storyID: UUID? = nil, meetingID: UUID, author: UUID, now: Date, request: Request) async throws {
        let entry = MeetingEntry()
        entry.$meeting.id = meetingID
        entry.$author.id = author
        entry.kind = kind
        try request.notes.seal(text, into: entry, \.$bodySealed)
        entry.$story.id = storyID
        entry.createdAt = now
        try await entry.create(on: request.db)
    }
}

/// Reading both people's word on whether meetings happened.
enum AttendanceRecords {
    /// A disagreement is a prompt for the coordinator to check in with the pair, never a verdict.
    static func tellCoordinators(pair: Pair, meeting: Meeting, request: Request) async throws {
        let day = request.schoolTime.dayText(meeting.startsAt)
        try await AppNotification.sendToCoordinators(
            of: pair.match.$school.id, "\(pair.mentor.fullName) and \(pair.mentee.fullName) remember their meeting on \(day) differently.",
            link: .matchDetail(pair.matchID), at: request.now, on: request.db)
    }

    /// Whether two people's records tell the same story.
    static func agree(_ a: AttendanceOutcome, _ b: AttendanceOutcome) -> Bool {
        switch (a, b) {
        case (.happened, .happened), (.cancelledInAdvance, .cancelledInAdvance), (.iMissed, .otherMissed), (.otherMissed, .iMissed): true
        default: false
        }
    }
}
