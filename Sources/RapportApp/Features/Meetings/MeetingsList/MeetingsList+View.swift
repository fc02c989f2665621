import Plot

/// A pair's Meetings page: coming up, the form to propose (or move) a meeting, and the past meetings.
enum MeetingsListView {
    static func body(_ model: MeetingsListModel, form state: FormState, notice: String?, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
        let pair = model.pair
        return .group(
            pair.navigation(current: .meetings),
            Layout.notice(notice),
            .h2("Coming up"),
            model.upcoming.isEmpty ? .p("Nothing booked yet. Propose a time below.") : .ul(.class("meetings"), .forEach(model.upcoming) { row in
                item(row, pair: pair, time: time, badge: row.meeting.state == .proposed
                    ? (row.proposedByMe ? "Waiting for \(pair.other.givenName)" : "Needs your answer") : "Agreed")
            }),
            .if(pair.mayWrite, proposeForm(model, state: state, csrf: csrf, time: time)),
            .if(!model.past.isEmpty, .group(
                .h2("Past meetings"),
                .ul(.class("meetings"), .forEach(model.past) { row in
                    item(row, pair: pair, time: time, badge: row.mySay.map { $0.choice(other: pair.other.givenName) } ?? "Did it happen? Tell us")
                })
            )),
            .p(.a(.href(SiteRoute.calendar.path), "Put your meetings in your phone's calendar"))
        )
    }

    private static func item(_ row: MeetingsListModel.Row, pair: Pair, time: SchoolTime, badge: String) -> Node<HTML.ListContext> {
        .li(.a(.href(SiteRoute.pair(pair.matchID, .meeting(row.meeting.id!)).path), .text(time.slotText(row.meeting.startsAt, row.meeting.endsAt))),
            .text(" · "), .span(.class("badge"), .text(badge)))
    }

    private static func proposeForm(_ model: MeetingsListModel, state: FormState, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
        let (pair, instead, slots, cadence) = (model.pair, model.instead, model.sharedSlots, model.cadenceDays)
        return .group(
            .h2(.id("propose"), .text(instead == nil ? "Propose a meeting" : "Suggest another time")),
            .unwrap(instead) { meeting in .p(.text("Instead of \(time.slotText(meeting.startsAt, meeting.endsAt)).")) },
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.pair(pair.matchID, .meetings).path), .class("card"),
                FormField.csrf(csrf),
                .input(.type(.hidden), .name("instead"), .value(state["instead"])),
                .input(.type(.hidden), .name("repair"), .value(state["repair"])),
                FormField.select("slot", label: "When", state: state, options: [("", "Another time (choose below)")] + slots.map { ($0.value, $0.label) },
                                 hint: slots.isEmpty ? "You have no free period in common yet, so choose a day and time." : "Free periods you both have in the next two weeks."),
                .div(.class("field-row"),
                     FormField.text("day", label: "Or another day", state: state, type: .date),
                     FormField.text("time", label: "at", state: state, type: .time),
                     FormField.select("minutes", label: "for", state: state, options: MeetingController.lengths.map { (String($0), "\($0) minutes") })),
                FormField.text("place", label: "Where", state: state, hint: "Somewhere in school you can both find, like the library.",
                               maxLength: MeetingController.placeMaxLength, required: true),
                .if(instead == nil, FormField.select("repeat", label: "How often", state: state, options: MeetingController.repeatChoices(cadence),
                    hint: pair.match.agreedCadenceDays.map { "You agreed to meet \(MeetingController.everyText($0).lowercased()); a new series at another rhythm changes that once it is accepted." }
                        ?? "The programme suggests \(MeetingController.everyText(cadence).lowercased()). Agree together what suits you both.")),
                .if(instead?.state == .accepted, FormField.textArea("reason", label: "Why are you moving it?", state: state,
                    hint: "A few words for \(pair.other.givenName). Up to \(MeetingController.reasonMaxLength) characters.", maxLength: MeetingController.reasonMaxLength)),
                .div(.class("actions"), .button(.type(.submit), .text(instead == nil ? "Propose" : "Suggest this time")))
            )
        )
    }
}
