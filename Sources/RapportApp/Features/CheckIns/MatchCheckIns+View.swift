import Foundation
import Plot

/// Draws `MatchCheckInsModel`: the pair's flags, the forms to record a check-in and to snooze, and the check-ins so far.
enum MatchCheckInsView {
    static func body(_ model: MatchCheckInsModel, form state: FormState, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
        let matchID = model.match.id!
        return .group(
            .p(.a(.href(SiteRoute.checkIns.path), "Needs a check-in"), .text(" · "), .a(.href(SiteRoute.matchDetail(matchID).path), "The match")),
            model.prompts.isEmpty
                ? .p(.class("lead"), .text("No early warnings for this pair right now."))
                : .div(.class("notice info"), .attribute(named: "role", value: "status"),
                       .p(.strong("Early warnings: "), .text(model.prompts.joined(separator: " ")))),
            .unwrap(model.contactDue) { due in
                .p(.class("hint"), .text("Coordinator contact with the pair: \(dueText(due, now: model.now, time: time))."
                    + (model.mentorContactDue.map { " With \(model.match.mentor.givenName), the mentor, about how mentoring is going for them: \(dueText($0, now: model.now, time: time)) (on any of their pairs, choosing the mentor or both)." } ?? "")))
            },
            .unwrap(model.snooze) { snoozed($0, matchID: matchID, csrf: csrf, time: time) },
            FormField.errorSummary(state),
            .if(model.mayRecord, recordForm(matchID: matchID, state: state, csrf: csrf)),
            .if(model.maySnooze && !model.prompts.isEmpty, snoozeForm(matchID: matchID, state: state, csrf: csrf, time: time)),
            .h2("Check-ins so far"),
            model.checkIns.isEmpty ? .p("None recorded yet.") : .forEach(model.checkIns) { entry($0, time: time) }
        )
    }

    private static func dueText(_ due: Date, now: Date, time: SchoolTime) -> String {
        due < now ? "overdue since \(time.dateText(due))" : "next due \(time.dateText(due))"
    }

    private static func snoozed(_ snooze: MatchCheckInsModel.Snooze, matchID: UUID, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
        .div(.class("card"),
             .h2("Snoozed until \(time.dateText(snooze.until))"),
             .p(.text("\(snooze.by): \(snooze.reason)")),
             .form(.method(.post), .action(SiteRoute.endSnooze(matchID).path), FormField.csrf(csrf),
                   .button(.type(.submit), .class("secondary"), "Put them back on the list now")))
    }

    private static func recordForm(matchID: UUID, state: FormState, csrf: String) -> Node<HTML.BodyContext> {
        .group(
            .h2(.id("record"), "Record a check-in"),
            .form(.method(.post), .action(SiteRoute.matchCheckIns(matchID).path), .class("card"),
                  FormField.csrf(csrf),
                  FormField.radios("with_whom", legend: "Who did you talk with?", state: state,
                                   options: CheckInWith.allCases.map { ($0.rawValue, $0.title) }),
                  FormField.radios("how", legend: "How?", state: state, options: CheckInHow.allCases.map { ($0.rawValue, $0.title) }),
                  FormField.text("checked_on", label: "On", state: state, type: .date, required: true),
                  FormField.textArea("note", label: "What you talked about", state: state,
                                     hint: "A few lines for the next coordinator. The pair never see it. Up to \(CheckInController.noteMaxLength) characters.",
                                     maxLength: CheckInController.noteMaxLength),
                  FormField.text("next_step", label: "Next step (optional)", state: state, hint: "For example: check in again after half-term.",
                                 maxLength: CheckInController.nextStepMaxLength),
                  .div(.class("actions"), .button(.type(.submit), "Record check-in")))
        )
    }

    private static func snoozeForm(matchID: UUID, state: FormState, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
        .group(
            .h2(.id("snooze"), "Or snooze these warnings"),
            .p(.class("hint"), .text("Takes the pair off the list until a day you choose, at most \(CheckInController.longestSnoozeDays) days ahead. The warnings are still worked out, and they come back by themselves.")),
            .form(.method(.post), .action(SiteRoute.snoozeMatch(matchID).path), .class("card"),
                  FormField.csrf(csrf),
                  FormField.text("until", label: "Back on the list on", state: state, type: .date, required: true),
                  FormField.text("reason", label: "Why they can wait", state: state,
                                 hint: "For example: exams this fortnight, they'll meet after.", maxLength: CheckInController.reasonMaxLength, required: true),
                  .div(.class("actions"), .button(.type(.submit), .class("secondary"), "Snooze")))
        )
    }

    private static func entry(_ entry: MatchCheckInsModel.Entry, time: SchoolTime) -> Node<HTML.BodyContext> {
        .div(.class("card"),
             .h3(.text("\(time.dateText(entry.on)) · \(entry.withWhom.title) · \(entry.how.title)")),
             .p(.text(entry.note)),
             .unwrap(entry.nextStep) { .p(.strong("Next step: "), .text($0)) },
             .p(.class("hint"), .text("Recorded by \(entry.by).")))
    }
}
