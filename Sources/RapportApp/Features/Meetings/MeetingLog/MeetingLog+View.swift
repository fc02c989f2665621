import Plot
import Vapor

/// The meeting log page, drawn from its model: no queries, no rules of its own.
struct MeetingLogView {
    let model: MeetingLogModel
    let state: FormState
    let csrf: String
    let time: SchoolTime
    let noteMaxLength: Int
    let newCommitmentForm: Node<HTML.BodyContext>

    private var pair: Pair { model.pair }
    private var meeting: Meeting { model.meeting }
    private var rules: MeetingRules { model.rules }
    private var other: String { pair.other.givenName }

    private func action(_ name: MeetingAction) -> String { SiteRoute.pair(pair.matchID, .meetingAction(meeting.id!, name)).path }

    private var proposeInstead: String {
        SiteRoute.pair(pair.matchID, .meetings).path + "?instead=\(meeting.id!.uuidString.lowercased())#propose"
    }

    func notice(_ notice: Notice?) -> String? {
        switch notice {
        case .proposed: "Proposed. \(other) will see it and answer."
        case .accepted: "Agreed: it's in your meetings. You'll get a reminder the day before and on the day."
        case .saved: "Saved."
        default: nil
        }
    }

    var title: String { "\(time.dayText(meeting.startsAt)) with \(other)" }

    func body(notice: Notice?) -> Node<HTML.BodyContext> {
        .group(
            pair.navigation(current: nil),
            Layout.notice(self.notice(notice)),
            FormField.errorSummary(state),
            facts,
            .if(pair.isMentor, .p(.class("worry"), .a(.href(SiteRoute.worried.path + "?match=" + pair.matchID.uuidString.lowercased()),
                                                     .text("I'm worried about \(other)")))),
            answer,
            changeIt,
            .if(!pair.mayReadNotes, .p(.class("notice info"), .text("This match has ended. Its notes stay with \(pair.mentee.givenName), as your agreement said."))),
            model.showsCheckIn ? checkIn : .empty,
            .unwrap(model.commonGround) { CommonGroundView.section($0, first: true) },
            model.showsAgenda ? agenda : .empty,
            model.showsHeard ? heard : .empty,
            model.showsNotes ? notes : .empty,
            model.showsCommitments ? commitments : .empty,
            .if(model.showsCommitments && model.writable, .p(.a(.href(SiteRoute.pair(pair.matchID, .wins).path), "Celebrate a win from today"))),
            rules.attendanceOpen ? attendance : .empty,
            .p(.a(.href(SiteRoute.pair(pair.matchID, .meetings).path), "All meetings"))
        )
    }

    private var facts: Node<HTML.BodyContext> {
        .div(.class("card"),
             FormField.facts([
                 ("When", time.slotText(meeting.startsAt, meeting.endsAt)),
                 ("Where", model.place),
                 ("With", other),
                 ("Status", model.stateLine),
             ]),
             .unwrap(model.replacement) { .p(.a(.href(SiteRoute.pair(pair.matchID, .meeting($0.id!)).path), "See the new time")) },
             .if(rules.isLive, .p(.a(.href(SiteRoute.pair(pair.matchID, .meetingCalendar(meeting.id!)).path), "Add to my calendar (.ics)"))))
    }

    private var answer: Node<HTML.BodyContext> {
        guard model.writable, rules.answerable else { return .empty }
        if model.isMyProposal {
            return .div(.class("card"), .p(.text("Waiting for \(other) to answer.")),
                        .form(.method(.post), .action(action(.withdraw)), FormField.csrf(csrf),
                              .button(.type(.submit), .class("secondary"), "Withdraw my proposal")))
        }
        return .div(.class("card next"),
                    .h2("Can you make it?"),
                    .if(meeting.seriesID != nil, .p(.class("hint"), "This is one of a series: your answer counts for the ones after it that are still waiting.")),
                    .div(.class("actions"),
                         .form(.method(.post), .action(action(.accept)), FormField.csrf(csrf), .button(.type(.submit), "Yes, I'll be there")),
                         .form(.method(.post), .action(action(.decline)), FormField.csrf(csrf), .button(.type(.submit), .class("secondary"), "No, I can't")),
                         .a(.class("button secondary"), .href(proposeInstead), "Suggest another time")))
    }

    private var changeIt: Node<HTML.BodyContext> {
        guard model.writable, rules.changeable else { return .empty }
        return .details(.summary("Can't make it any more?"),
                        .p(.a(.href(proposeInstead), "Move it to another time")),
                        .form(.method(.post), .action(action(.cancel)), FormField.csrf(csrf),
                              FormField.textArea("reason", label: "Or cancel it: why?", state: state,
                                                 hint: "A few words for \(other). Up to \(MeetingController.reasonMaxLength) characters.",
                                                 maxLength: MeetingController.reasonMaxLength),
                              .button(.type(.submit), .class("secondary"), "Cancel the meeting")))
    }

    private var checkIn: Node<HTML.BodyContext> {
        .section(
            .h2(.id("check-in"), "Check-in"),
            !rules.checkInOpen ? .p("Check-in opens on the day of the meeting.") : .group(
                // The mentor reads the mentee's check-in first, with a prompt, before they start talking.
                .unwrap(model.theirCheckIn) { theirs in
                    .div(.class("card feeling"),
                         .p(.span(.class("face"), .attribute(named: "aria-hidden", value: "true"), .text(theirs.feeling.face)),
                            .text(" \(other) feels "), .strong(.text(theirs.feeling.rawValue)), .text(".")),
                         .if(pair.isMentor, .p(.class("hint"), .text(theirs.feeling.empathyPrompt))))
                },
                .if(model.suggestsTalkingAboutFeelings, .div(.class("card"),
                    .p(.text("\(other) has felt sad, worried or stressed at the last \(Feeling.lowRun) meetings. It may help to talk about it: "
                        + "\"I've noticed things have felt hard for a few weeks. Do you want to talk about what's going on?\"")),
                    .p(.class("hint"), .text("Listen first. If anything makes you worried for \(other)'s safety, tell the safeguarding lead: "),
                       .a(.href(SiteRoute.worried.path + "?match=" + pair.matchID.uuidString.lowercased()), .text("I'm worried about \(other)")),
                       .text(". Only you see this suggestion: Rapport tells nobody else.")))),
                .unwrap(model.myCheckIn) { mine in .p(.text("You said you feel \(mine.feeling.rawValue) \(mine.feeling.face).")) },
                .if(model.myCheckIn == nil && model.writable, checkInForm),
                .if(model.theirCheckIn == nil, .p(.class("hint"), .text("\(other) hasn't checked in yet.")))
            )
        )
    }

    private var checkInForm: Node<HTML.BodyContext> {
        .form(
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
        )
    }

    private var agenda: Node<HTML.BodyContext> {
        .section(
            .h2(.id("agenda"), "Agenda"),
            .p(.class("hint"), "Both of you add what you'd like to talk about, before or during the meeting."),
            model.agenda.isEmpty ? .p("Nothing on the agenda yet.") : .ul(.forEach(model.agenda) { item in
                .li(.strong(.text("\(model.name(item.entry.$author.id)): ")), .text(item.text))
            }),
            .if(model.writable && rules.isLive, .form(.method(.post), .action(action(.agenda)), .class("inline-form"), FormField.csrf(csrf),
                FormField.text("agenda_item", label: "Add to the agenda", state: state, maxLength: noteMaxLength),
                .button(.type(.submit), .class("secondary"), "Add")))
        )
    }

    private var heard: Node<HTML.BodyContext> {
        .section(
            .h2(.id("heard"), "What I heard"),
            .p(.class("hint"), .text(pair.isMentor
                ? "In your own words, sum up what \(other) told you. They'll say if you got it right: that's how you both know you listened."
                : "\(other) sums up what they heard from you. Tell them if they got it right.")),
            .unwrap(model.summary) { summary in
                .div(.class("card"),
                     .p(.text(model.summaryText)),
                     .p(.class("hint"), .text(summaryStatus(summary.response))),
                     .unwrap(model.correctionText) { .p(.strong("Not quite: "), .text($0)) })
            },
            .if(model.canWriteSummary, .form(
                .method(.post), .action(action(.summary)), FormField.csrf(csrf),
                FormField.textArea("summary", label: model.summary == nil ? "What I heard" : "Rewrite what I heard", state: state,
                                   hint: "Up to \(noteMaxLength) characters. Start with \"What I heard is...\"", maxLength: noteMaxLength),
                .button(.type(.submit), "Save what I heard"))),
            .if(model.canAnswerSummary, summaryAnswerForm)
        )
    }

    private var summaryAnswerForm: Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(action(.summaryResponse)), .class("card"), FormField.csrf(csrf),
            .element(named: "fieldset", nodes: [
                .class("choices"),
                .element(named: "legend", text: "Did \(other) get it right?"),
                .unwrap(state.errors["response"]) { .p(.class("error"), .text($0)) },
                .div(.class("options"),
                     .div(.class("option"), .input(.type(.radio), .id("response-yes"), .name("response"), .value("confirmed")),
                          .label(.for("response-yes"), "Yes, that's it")),
                     .div(.class("option"), .input(.type(.radio), .id("response-no"), .name("response"), .value("corrected")),
                          .label(.for("response-no"), "Not quite"))),
            ]),
            FormField.textArea("correction", label: "If not quite: what did you mean?", state: state, maxLength: noteMaxLength),
            .button(.type(.submit), "Send"))
    }

    private func summaryStatus(_ response: SummaryResponse) -> String {
        let mentee = pair.isMentor ? other : "You"
        switch response {
        case .waiting: return pair.isMentor ? "Waiting for \(mentee) to say if that's right." : "Is that right? Say below."
        case .confirmed: return "\(mentee) said: yes, that's it."
        case .corrected: return "\(mentee) said: not quite."
        }
    }

    private var notes: Node<HTML.BodyContext> {
        .section(
            .h2(.id("notes"), "Notes"),
            .p(.class("hint"), .text("Only the two of you can read these. If someone might be at risk of harm, your agreement says what happens.")),
            model.notes.isEmpty ? .p("No notes yet.") : .ul(.class("notes"), .forEach(model.notes) { item in
                .li(.strong(.text("\(model.name(item.entry.$author.id)): ")),
                    item.entry.kind == .story
                        ? .text(item.entry.sharedStory.map { "shared a story: \($0.title)" } ?? "shared a story that is no longer shown")
                        : .text(item.text),
                    .unwrap(item.entry.sharedStory) { .p(.class("story"), .text($0.body)) })
            }),
            .if(model.writable, .form(.method(.post), .action(action(.note)), FormField.csrf(csrf),
                FormField.textArea("note", label: "Add a note", state: state, hint: "Up to \(noteMaxLength) characters.", maxLength: noteMaxLength),
                .button(.type(.submit), .class("secondary"), "Add the note"))),
            .if(model.canShareStory, .form(.method(.post), .action(action(.story)), FormField.csrf(csrf),
                FormField.select("story", label: "Share one of your stories", state: state,
                                 options: model.stories.map { ($0.id!.uuidString.lowercased(), $0.title) }),
                .button(.type(.submit), .class("secondary"), "Share it")))
        )
    }

    private var commitments: Node<HTML.BodyContext> {
        .section(
            .h2(.id("commitments"), "Commitments"),
            .if(!model.commitmentsToFollow.isEmpty, .group(
                .h3("From last time"),
                .forEach(model.commitmentsToFollow) { commitment, text, followUp in
                    PracticePages.followUp(commitment, text: text, followUp: followUp, pair: pair, meetingID: meeting.id, csrf: csrf, state: state, time: time)
                })),
            .h3("Made today"),
            model.commitmentsMade.isEmpty ? .p("None yet.") : .ul(.forEach(model.commitmentsMade) { commitment, text in
                .li(.text("\(model.name(commitment.$person.id)) will \(text) by \(time.dateText(commitment.dueOn))."))
            }),
            .if(model.writable, newCommitmentForm)
        )
    }

    private var attendance: Node<HTML.BodyContext> {
        let mine = model.mine
        return .section(
            .h2(.id("attendance"), "Did it happen?"),
            .p(.text("You: \(mine?.outcome.choice(other: other) ?? "not said yet"). \(other): \(model.theirs?.outcome.choice(other: "you") ?? "not said yet").")),
            .if(model.recordsDisagree,
                .p(.class("notice info"), .text("You remember it differently. That's fine: your coordinator will see it and can help you sort it out."))),
            .if(model.canSayWhetherItHappened, attendanceForm),
            .if(model.canPutItRight, .form(
                .method(.post), .action(action(.repair)), .class("card next"), FormField.csrf(csrf),
                .h3("Put it right"),
                .p("Missing a meeting happens. What matters is what you do next: send a short note and pick a new time."),
                FormField.textArea("repair_note", label: "A short note to \(other)", state: state,
                                   hint: "Up to \(MeetingController.reasonMaxLength) characters.", maxLength: MeetingController.reasonMaxLength),
                .button(.type(.submit), "Send and pick a new time"))),
            .if(mine?.repairNoteSealed != nil, .p(.text("You sent a note to put it right."
                + (mine?.repairMeetingID == nil ? "" : " A new time is proposed.")))),
            .unwrap(model.theirRepairNote) { .p(.class("story"), .text("\(other) wrote: \($0)")) }
        )
    }

    private var attendanceForm: Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(action(.attendance)), .class("card"), FormField.csrf(csrf),
            .element(named: "fieldset", nodes: [
                .class("choices"),
                .element(named: "legend", text: "What happened?"),
                .unwrap(state.errors["outcome"]) { .p(.class("error"), .text($0)) },
                .div(.class("options"), .forEach(Array(AttendanceOutcome.allCases.enumerated())) { index, outcome in
                    .div(.class("option"), .input(.type(.radio), .id("outcome-\(index)"), .name("outcome"), .value(outcome.rawValue)),
                         .label(.for("outcome-\(index)"), .text(outcome.choice(other: other))))
                }),
            ]),
            .button(.type(.submit), "Save")
        )
    }
}
