import Foundation
import Plot
import Vapor

/// Pieces of the pair's pages shared by the meeting log and the practice pages.
enum PracticePages {
    static let shortTextMaxLength = 280

    /// An open commitment at a later meeting: its owner says how it went; the other sees the answer.
    static func followUp(
        _ commitment: Commitment, text: String, followUp: String?, pair: Pair, meetingID: UUID?, csrf: String, state: FormState,
        time: SchoolTime
    ) -> Node<HTML.BodyContext> {
        let isMine = commitment.$person.id == pair.me.id
        let who = isMine ? "You" : pair.other.givenName
        let field = followUpField(commitment.id!)
        return .div(
            .class("card commitment"),
            .p(.strong(.text("\(who) said: ")), .text("I will \(text) by \(time.dateText(commitment.dueOn)).")),
            commitment.status != .open
                ? .p(.span(.class("badge"), .text(commitment.status.title)), .unwrap(followUp) { .text(" \($0)") })
                : isMine && pair.mayWrite
                ? .form(
                    .method(.post), .action(SiteRoute.pair(pair.matchID, .commitmentFollowUp(commitment.id!)).path),
                    FormField.csrf(csrf),
                    .unwrap(meetingID) { .input(.type(.hidden), .name("meeting"), .value($0.uuidString.lowercased())) },
                    .element(named: "fieldset", nodes: [
                        .class("choices"),
                        .element(named: "legend", text: "How did it go?"),
                        .div(.class("options"), .forEach([CommitmentStatus.done, .partly, .notYet]) { status in
                            .div(.class("option"),
                                 .input(.type(.radio), .id("\(field)-\(status.rawValue)"), .name("status"), .value(status.rawValue),
                                        .checked(state.values[field] != nil && state["status"] == status.rawValue)),
                                 .label(.for("\(field)-\(status.rawValue)"), .text(status.title)))
                        }),
                    ]),
                    FormField.textArea(field, label: "What helped, or what got in the way?", state: state,
                                       hint: "Not yet is fine: it's how you learn what works. What could you try next time?",
                                       maxLength: shortTextMaxLength),
                    .button(.type(.submit), .class("secondary"), "Save")
                )
                : .p(.class("hint"), .text(isMine ? "Not followed up yet." : "\(pair.other.givenName) will say how it went."))
        )
    }

    static func followUpField(_ id: UUID) -> String { "follow_up_\(id.uuidString.lowercased().prefix(8))" }

    static func newCommitmentForm(pair: Pair, meetingID: UUID?, csrf: String, state: FormState, request: Request) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(SiteRoute.pair(pair.matchID, .commitments).path), .class("card"),
            FormField.csrf(csrf),
            .unwrap(meetingID) { .input(.type(.hidden), .name("meeting"), .value($0.uuidString.lowercased())) },
            .h3("Make a commitment"),
            FormField.text("commitment", label: "I will...", state: state,
                           hint: "Something small you'll really do, like \"ask Ms Patel about the maths test\".",
                           maxLength: shortTextMaxLength),
            FormField.text("due_on", label: "By", state: state, type: .date,
                           value: state["due_on"].isEmpty ? request.schoolTime.dayID(request.now.addingTimeInterval(7 * 24 * 3600)) : nil),
            .button(.type(.submit), .class("secondary"), "Commit to it")
        )
    }
}
