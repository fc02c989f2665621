import Foundation
import Plot

/// The coordinator's page of one match: why the pair, their agreement, their practice in counts, the moves and the
/// match's history. Never any words the pair wrote to each other.
enum MatchPageView {
    static func body(_ model: MatchPageModel, form state: FormState, csrf: String, time: SchoolTime, now: Date) -> Node<HTML.BodyContext> {
        let match = model.match
        return .group(
            .p(.class("lead"), .text("\(match.state.title) · \(match.programme.name) \(match.programme.schoolYear)")),
            .unwrap(match.agreedCadenceDays) { days in
                .p(.text("They agreed to meet \(MeetingController.everyText(days).lowercased()); the early warnings hold them to that."))
            },
            .if(model.leadInvolved, .div(.class("notice info"), .attribute(named: "role", value: "status"),
                                         .p(.strong("A safeguarding lead is involved."), " Talk to them before acting on this match."))),
            .if(!model.prompts.isEmpty, .div(
                .class("notice info"), .attribute(named: "role", value: "status"),
                .p(.strong("Time for a check-in? "), .text(model.prompts.joined(separator: " ")
                    + " A prompt to talk with the pair, not a verdict: nothing changes unless you change it.")))),
            .p(.a(.href(SiteRoute.matchCheckIns(match.id!).path), .text(model.checkIns == 0 ? "Record a check-in with this pair"
                : "Check-ins with this pair (\(model.checkIns)), or record one")),
               .text(" · "), .a(.href(SiteRoute.matchTimeline(match.id!).path), "Timeline and charts")),
            .if(!model.stopRequests.isEmpty, .div(.class("card flagged"), .h2("Asked to stop"),
                .ul(.forEach(model.stopRequests) { ask in
                    .li(.strong(.text("\(ask.who), \(time.dateText(ask.at))")), .unwrap(ask.text) { .text(": " + $0) })
                }),
                .p(.class("hint"), .text("Talk with them first. Recording a check-in takes this off the check-in list; the match only ends if you close it.")))),
            .unwrap(match.closureReason) { why in
                .div(.class("card"), .h2("Closing"), FormField.facts([
                    ("Why", why.title), ("After the match", match.contactAfter?.title ?? "Not agreed"),
                ]))
            },
            .div(.class("card"), .h2("Why this pair"), .p(.text("Score \(match.score).")), .ul(.forEach(model.reasons) { .li(.text($0)) })),
            .unwrap(model.agreementVersion) { version in
                .div(.class("card"), .h2("Agreement"),
                     .p(.text("Wording \(version). Signed by: \(model.signedBy.isEmpty ? "nobody yet" : model.signedBy.joined(separator: " and ")).")))
            },
            .unwrap(model.practice) { $0.section(match: match, showAnswers: model.showsAnswers, time: time, now: now) },
            .if(!model.questions.isEmpty, .div(.class("card"), .h2("Questions before signing"), .ul(.forEach(model.questions) { question in
                .li(.strong(.text(question.asker + ": ")), .text(question.text))
            }))),
            moveForm(model, state: state, csrf: csrf),
            history(model.history, time: time),
            .p(.a(.href(SiteRoute.matches.path), "All matches"))
        )
    }

    private static func moveForm(_ model: MatchPageModel, state: FormState, csrf: String) -> Node<HTML.BodyContext> {
        let moves = model.events.filter { $0.event != .beginClosing }
        return .group(
            FormField.errorSummary(state),
            .if(!moves.isEmpty, otherMoves(model, moves: moves, state: state, csrf: csrf)),
            .if(model.events.contains { $0.event == .beginClosing }, closingForm(model, state: state, csrf: csrf)))
    }

    /// A guided close: why (counted on the dashboard), what contact comes after, and words for early or other endings.
    private static func closingForm(_ model: MatchPageModel, state: FormState, csrf: String) -> Node<HTML.BodyContext> {
        let early = HealthRules.daysText(model.match.programme.earlyClosureDays)
        return .group(
            .h2("Close this match well"),
            .p(.class("hint"), .text("Starting to close gives the pair time for a goodbye meeting: what we did, what I'm proud of, what's next. Both see what contact comes after; a planned end or a move of school they see as it is, any other reason only as your coordinator talking with them about it; never your words. After a safeguarding closure they are not asked to meet or write to each other.")),
            .form(.method(.post), .action(SiteRoute.moveMatch(model.match.id!).path), .class("card"),
                  FormField.csrf(csrf),
                  .input(.type(.hidden), .name("event"), .value(MatchEvent.beginClosing.rawValue)),
                  FormField.select("closure_reason", label: "Why it is ending", state: state,
                                   options: [("", "Choose…")] + ClosureReason.allCases.map { ($0.rawValue, $0.title) }),
                  FormField.radios("contact_after", legend: "After the match", state: state, options: ContactAfter.allCases.map { ($0.rawValue, $0.title) }),
                  FormField.textArea("closing_note", label: "In your words", state: state,
                                     hint: "Needed when the match is younger than \(early), and for Other. The pair don't see this.",
                                     maxLength: MatchController.reasonMaxLength),
                  .div(.class("actions"), .button(.type(.submit), "Start closing")))
        )
    }

    private static func otherMoves(_ model: MatchPageModel, moves: [(event: MatchEvent, label: String)], state: FormState, csrf: String) -> Node<HTML.BodyContext> {
        .group(
            .h2("Move this match"),
            .form(.method(.post), .action(SiteRoute.moveMatch(model.match.id!).path), .class("card"),
                  FormField.csrf(csrf),
                  FormField.select("event", label: "What happens", state: state, options: moves.map { ($0.event.rawValue, $0.label) }),
                  FormField.textArea("reason", label: "Why", state: state, hint: "Needed to pause. The pair don't see this.",
                                     maxLength: MatchController.reasonMaxLength),
                  .div(.class("actions"), .button(.type(.submit), "Save")))
        )
    }

    private static func history(_ moves: [MatchPageModel.Move], time: SchoolTime) -> Node<HTML.BodyContext> {
        .group(
            .h2("History"),
            .ul(.forEach(moves) { move in
                .li(.text("\(time.stampText(move.at)): \(move.from.title) → \(move.to.title) by \(move.by)" + (move.reason.isEmpty ? "" : ". \(move.reason)")))
            })
        )
    }
}
