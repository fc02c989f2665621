import Foundation
import Plot

/// Draws the goodbye page and the mentee's printable record of the year from `GoodbyeModel`.
enum GoodbyeView {
    static let prompts = ["What did we do together this year?", "What am I proud of?", "What's next for me?"]

    static func page(_ model: GoodbyeModel, form state: FormState, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
        let pair = model.pair
        guard model.isEnding else {
            return .p(.class("lead"), .text("Your match is \(pair.match.state.title.lowercased()). When it comes to an end, this is where you'll say goodbye well and keep a record of your year."))
        }
        return .group(
            .p(.class("lead"), .text(pair.match.state == .closing ? "Your match is coming to an end." : "Your match has ended.")),
            FormField.facts([("Why", pair.match.closureReason?.forStudents ?? "Your coordinator will talk with you about it"),
                             ("After the match", pair.match.contactAfter?.title ?? "Ask your coordinator")]),
            .if(pair.match.state == .closing && pair.match.closureReason != .safeguarding, goodbyeMeeting(pair)),
            .unwrap(model.mayReflect ? pair : nil) { _ in reflectionForm(model, state: state, csrf: csrf) },
            .if(!model.reflections.isEmpty, .section(.h2("What you wrote"), .forEach(model.reflections) { reflection in
                .div(.class("card"), .h3(.text(reflection.name)), .p(.class("story"), .text(reflection.text)))
            })),
            wins(model, time: time),
            .if(!pair.isMentor, .p(.a(.class("button"), .href(SiteRoute.pair(pair.matchID, .record).path), "My record of the year, to print or save")))
        )
    }

    private static func goodbyeMeeting(_ pair: Pair) -> Node<HTML.BodyContext> {
        .div(.class("card next"),
             .h2("A goodbye meeting"),
             .p(.text("Meet one last time to look back together. You could each bring an answer to:")),
             .ul(.forEach(prompts) { .li(.text($0)) }),
             .if(pair.mayWrite, .p(.a(.href(SiteRoute.pair(pair.matchID, .meetings).path + "#propose"), "Propose a goodbye meeting"))))
    }

    private static func reflectionForm(_ model: GoodbyeModel, state: FormState, csrf: String) -> Node<HTML.BodyContext> {
        let pair = model.pair
        return .group(
            .h2("Your words"),
            FormField.errorSummary(state),
            .form(.method(.post), .action(SiteRoute.pair(pair.matchID, .goodbye).path), .class("card"),
                  FormField.csrf(csrf),
                  FormField.textArea("reflection", label: pair.isMentor ? "A few closing words for \(pair.other.givenName)" : "A few words about your year with \(pair.other.givenName)",
                                     state: state,
                                     hint: "You both read it, and your coordinator doesn't. \(pair.isMentor ? "It goes into \(pair.other.givenName)'s record of the year. " : "")Up to \(GoodbyeController.reflectionMaxLength) characters; once saved it stays as written.",
                                     maxLength: GoodbyeController.reflectionMaxLength),
                  .div(.class("actions"), .button(.type(.submit), "Save my words")))
        )
    }

    private static func wins(_ model: GoodbyeModel, time: SchoolTime) -> Node<HTML.BodyContext> {
        .section(
            .h2("Your wins and milestones"),
            .if(!model.milestones.isEmpty, .ul(.class("plain"), .forEach(model.milestones) { .li(.strong(.text($0.title)), .text(" · \(time.dateText($0.date))")) })),
            model.wins.isEmpty
                ? .p(.text(model.winCount == 0 ? "No wins posted."
                    : "\(model.winCount == 1 ? "1 win" : "\(model.winCount) wins") posted. Their words stay with \(model.pair.mentee.givenName)."))
                : .ul(.class("plain"), .forEach(model.wins) { win in .li(.text(win.text), .span(.class("hint"), .text(" · \(time.dateText(win.at))"))) })
        )
    }

    /// The mentee's record: a page that prints on its own (the site's print rules hide the navigation).
    static func record(_ model: GoodbyeModel, time: SchoolTime) -> Node<HTML.BodyContext> {
        let pair = model.pair
        let programme = pair.match.programme
        return .group(
            .p(.class("lead"), .text("\(pair.mentee.fullName) · \(programme.name), \(programme.schoolYear) · mentored by \(pair.mentor.givenName)")),
            .p(.class("hint no-print"), .text("This is yours to keep. Use your browser's Print to print it or save it as a PDF.")),
            .section(.h2("Milestones"), model.milestones.isEmpty ? .p("None yet.")
                : .ul(.forEach(model.milestones) { .li(.text("\($0.title), \(time.dateText($0.date))")) })),
            .section(.h2("Wins"), model.wins.isEmpty ? .p("None posted.")
                : .ul(.forEach(model.wins) { win in .li(.text(win.text), .text(" (\(time.dateText(win.at)))")) })),
            .section(.h2("Goals and the steps I reached"), model.goals.isEmpty ? .p("None set.")
                : .group(.forEach(model.goals) { goal in
                    .group(.h3(.text(goal.title)), goal.stepsDone.isEmpty ? .p("Steps still to come.") : .ul(.forEach(goal.stepsDone) { .li(.text($0)) }))
                })),
            .section(.h2("\(pair.mentor.givenName)'s closing words"),
                     .unwrap(model.mentorsWords) { .p(.class("story"), .text($0.text)) },
                     .if(model.mentorsWords == nil, .p("Not written yet."))),
            .unwrap(model.reflections.first { !$0.byMentor }) { mine in .section(.h2("My words"), .p(.class("story"), .text(mine.text))) }
        )
    }
}
