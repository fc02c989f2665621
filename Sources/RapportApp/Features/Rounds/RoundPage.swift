import Fluent
import Matching
import Plot
import Vapor

/// What the round page shows: the round's people, its proposed and approved pairs, pins and forbids, and its latest
/// decisions with who made them.
struct RoundPageModel {
    let round: MatchingRound
    let inputs: RoundInputs
    let proposed: [MentoringMatch]
    let approved: [MentoringMatch]
    let pins: [PairID]
    let forbids: [PairID]
    let decisions: [RoundDecision]
    let actors: [UUID: String]

    /// Something the round depends on changed since it ran (profiles, training, stories, rankings, settings, pair lists).
    var isStale: Bool { round.fingerprint != inputs.fingerprint }
    /// Why a round must be re-run, for the banner and for a refused approval.
    static let staleReason = "Something the round depends on changed since it ran: a student's profile, training, story or ranking, the matching settings or a pair list."

    func name(_ key: String) -> String { inputs.peopleByID[key]?.fullName ?? "someone no longer in the round" }

    static func load(_ request: Request, round: MatchingRound, programme: Programme, inputs known: RoundInputs?) async throws -> RoundPageModel {
        let inputs: RoundInputs
        if let known { inputs = known } else { inputs = try await RoundInputs.load(programme: programme, now: request.now, on: request.db) }
        let matches = try await MentoringMatch.query(on: request.db).filter(\.$programme.$id == programme.requireID())
            .filter(\.$state ~~ [.proposed, .awaitingAgreement]).withPair().sort(\.$score, .descending).all()
        let decisions = try await RoundDecision.query(on: request.db).filter(\.$round.$id == round.requireID())
            .sort(\.$decidedAt, .descending).range(..<20).all()
        let actors = Dictionary(uniqueKeysWithValues: try await Person.query(on: request.db).filter(\.$id ~~ decisions.map(\.actorID)).all()
            .map { ($0.id!, $0.fullName) })
        return RoundPageModel(round: round, inputs: inputs, proposed: matches.filter { $0.state == .proposed },
                              approved: matches.filter { $0.state == .awaitingAgreement },
                              pins: RoundController.pairs(round.pins).sorted(), forbids: RoundController.pairs(round.forbids).sorted(),
                              decisions: decisions, actors: actors)
    }
}

/// The coordinator's matching round, drawn from its model.
struct RoundPageView {
    let model: RoundPageModel
    let csrf: String
    let time: SchoolTime

    private var round: MatchingRound { model.round }
    private var inputs: RoundInputs { model.inputs }
    private var proposed: [MentoringMatch] { model.proposed }

    private func action(_ name: RoundAction) -> String { SiteRoute.roundAction(round.id!, name).path }

    private func pairForm(_ label: String, _ action: RoundAction, _ menteeID: String, _ mentorID: String, _ style: String) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(self.action(action)), .class("inline"),
              FormField.csrf(csrf),
              .input(.type(.hidden), .name("mentee"), .value(menteeID)),
              .input(.type(.hidden), .name("mentor"), .value(mentorID)),
              .button(.type(.submit), .class(style), .text(label)))
    }

    func body(message: String?, isError: Bool) -> Node<HTML.BodyContext> {
        .group(
            Layout.notice(message, kind: isError ? "error" : "success"),
            .if(model.isStale, .div(.class("notice error"), .attribute(named: "role", value: "alert"),
                .p(.text(RoundPageModel.staleReason + " Re-run it before approving.")))),
            .if(!round.isOpen, .p(.class("notice info"), "This round is closed. Start a new round to match again.")),
            summary,
            rulesApplied,
            .if(round.isOpen, roundActions),
            .h2("Proposed pairs"),
            proposed.isEmpty ? .p("No pairs to approve.") : proposedTable,
            .if(round.isOpen && proposed.count >= 2, swapForm),
            .h2("Left unmatched"),
            round.unmatched.isEmpty ? .p("Everyone has a proposed mentor.") : .ul(.forEach(round.unmatched) { line in
                let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
                return .li(.strong(.text(model.name(parts[0]))), .text(": " + (parts.count > 1 ? parts[1] : "")))
            }),
            .if(round.isOpen, pinForm),
            .if(!model.pins.isEmpty || !model.forbids.isEmpty, pinsAndForbids),
            .if(!model.approved.isEmpty, .group(
                .h2("Approved in this programme"),
                .ul(.forEach(model.approved) { match in
                    .li(.a(.href(SiteRoute.matchDetail(match.id!).path), .text("\(match.mentee.fullName) and \(match.mentor.fullName)")), .text(" · waiting for the agreement"))
                })
            )),
            .h2("Decisions"),
            .ul(.forEach(model.decisions) { decision in
                .li(.text("\(time.timeID(decision.decidedAt)) \(model.actors[decision.actorID] ?? "Someone"): \(decision.detail.isEmpty ? decision.action : decision.detail)"))
            })
        )
    }

    private var summary: Node<HTML.BodyContext> {
        .group(
            .p(.text("\(proposed.count) proposed, \(model.approved.count) approved and waiting for the agreement, \(round.unmatched.count) left unmatched. \(inputs.mentors.count) trained mentors, \(inputs.untrainedMentors.count) still training.")),
            .if(!inputs.waitingAfterClosure.isEmpty, .p(.class("hint"), .text(
                "Not proposed for two weeks after their match ended: "
                    + inputs.waitingAfterClosure.map { "\($0.person.fullName) (until \(time.dateText($0.until)))" }.joined(separator: ", ")
                    + ". You can let one be matched sooner, with a reason, from their student page."))),
            .if(inputs.studentsOnHold > 0, .p(.class("hint"), .text(inputs.studentsOnHold == 1
                ? "1 student is on a safeguarding hold and is not proposed; the safeguarding lead can say more."
                : "\(inputs.studentsOnHold) students are on a safeguarding hold and are not proposed; the safeguarding lead can say more.")))
        )
    }

    /// Every rule and weight the round runs by, so nothing about a proposal is hidden from the coordinator.
    private var rulesApplied: Node<HTML.BodyContext> {
        let programme = inputs.programme
        let settings = programme.matchingSettings
        let plural = { (count: Int, one: String, many: String) in count == 1 ? "1 \(one)" : "\(count) \(many)" }
        let rules: [String] = [
            "Mentors are at least \(plural(programme.minimumYearGap, "year", "years")) above their mentee.",
            "Only mentors who finished training are proposed, each up to the mentees they have room for.",
        ] + MatchingSettings.switches.map { settings[keyPath: $0.keyPath] ? $0.onText : $0.offText } + [
            "Students whose match ended in the last \(RematchPause.days) days wait, unless you let them be matched sooner.",
            "Students on a safeguarding hold are not proposed (\(inputs.studentsOnHold) now).",
            "Do-not-pair lists keep \(plural(inputs.rules.doNotPair.count, "pair", "pairs")) of this round's students apart.",
            "Restrictions from the safeguarding lead keep \(plural(inputs.rules.safeguardingRestrictedPairs.count, "pair", "pairs")) of this round's students apart.",
            "Your forbids in this round: \(model.forbids.count); your pins: \(model.pins.count).",
        ]
        return .details(.class("card"),
            .summary("Rules and points this round runs by"),
            .ul(.forEach(rules) { .li(.text($0)) }),
            .h3("Points"),
            .ul(.forEach(MatchingSettings.weightSettings) { .li(.text("\($0.label): \(settings[keyPath: $0.keyPath]) \($0.per)")) }),
            .unwrap(programme.id) { .p(.a(.href(SiteRoute.programmeMatching($0).path), "Change the matching settings")) })
    }

    private var roundActions: Node<HTML.BodyContext> {
        .div(.class("actions"),
             .form(.method(.post), .action(action(.rerun)), FormField.csrf(csrf), .button(.type(.submit), .class("secondary"), "Re-run")),
             .if(!proposed.isEmpty, .form(.method(.post), .action(action(.approveAll)), FormField.csrf(csrf),
                                           .button(.type(.submit), .text("Approve all \(proposed.count)")))),
             .form(.method(.post), .action(action(.close)), FormField.csrf(csrf), .button(.type(.submit), .class("secondary"), "Close the round")))
    }

    private var proposedTable: Node<HTML.BodyContext> {
        .div(.class("table-wrap"), .table(
            .class("stack"),
            .thead(.tr(.th("Mentee"), .th("Mentor"), .th("Score"), .th("Why"), .th("Decide"))),
            .tbody(.forEach(proposed) { match in proposedRow(match) })
        ))
    }

    private func proposedRow(_ match: MentoringMatch) -> Node<HTML.TableContext> {
        let menteeKey = match.$mentee.id.uuidString.lowercased(), mentorKey = match.$mentor.id.uuidString.lowercased()
        let pinned = model.pins.contains(PairID(menteeID: menteeKey, mentorID: mentorKey))
        return .tr(
            .td(.attribute(named: "data-label", value: "Mentee"), .text("\(match.mentee.fullName) (Y\(match.mentee.yearGroup ?? 0))")),
            .td(.attribute(named: "data-label", value: "Mentor"), .text("\(match.mentor.fullName) (Y\(match.mentor.yearGroup ?? 0))"), .if(pinned, .span(.class("badge"), " pinned"))),
            .td(.attribute(named: "data-label", value: "Score"), .text(String(match.score))),
            .td(.attribute(named: "data-label", value: "Why"), .ul(.class("reasons"), .forEach(IdentityWords.shown(match.reasons,
                named: !inputs.privateIdentities.contains(menteeKey) && !inputs.privateIdentities.contains(mentorKey))) { .li(.text($0)) })),
            .td(.attribute(named: "data-label", value: "Decide"), .if(round.isOpen, .div(.class("row-actions"),
                .form(.method(.post), .action(action(.approve)), FormField.csrf(csrf),
                      .input(.type(.hidden), .name("match"), .value(match.id!.uuidString.lowercased())),
                      .button(.type(.submit), .attribute(named: "aria-label", value: "Approve \(match.mentee.fullName) with \(match.mentor.fullName)"), "Approve")),
                .if(!pinned, pairForm("Pin", .pin, menteeKey, mentorKey, "secondary")),
                pairForm("Forbid", .forbid, menteeKey, mentorKey, "secondary")))))
    }

    private var swapForm: Node<HTML.BodyContext> {
        .group(
            .h3("Swap two mentors"),
            .form(.method(.post), .action(action(.swap)), .class("card filters"),
                  FormField.csrf(csrf),
                  FormField.select("first", label: "This mentee's mentor", state: FormState(),
                                   options: proposed.map { ($0.$mentee.id.uuidString.lowercased(), "\($0.mentee.fullName) (with \($0.mentor.givenName))") }),
                  FormField.select("second", label: "swaps with this mentee's mentor", state: FormState(),
                                   options: proposed.reversed().map { ($0.$mentee.id.uuidString.lowercased(), "\($0.mentee.fullName) (with \($0.mentor.givenName))") }),
                  .button(.type(.submit), "Swap and re-run"))
        )
    }

    private var pinForm: Node<HTML.BodyContext> {
        .group(
            .h3("Pin or forbid a pair"),
            .form(.method(.post), .action(action(.pin)), .class("card filters"),
                  FormField.csrf(csrf),
                  FormField.select("mentee", label: "Mentee", state: FormState(), options: inputs.mentees.map { (RoundInputs.key($0), $0.fullName) }),
                  FormField.select("mentor", label: "Mentor", state: FormState(),
                                   options: (inputs.mentors + inputs.untrainedMentors).map { (RoundInputs.key($0), $0.fullName) }),
                  .button(.type(.submit), "Pin this pair"),
                  .button(.type(.submit), .class("secondary"), .attribute(named: "formaction", value: action(.forbid)), "Forbid this pair"))
        )
    }

    private var pinsAndForbids: Node<HTML.BodyContext> {
        .group(
            .h3("Pins and forbids"),
            .ul(.forEach(model.pins) { pin in
                .li(.text("Pinned: \(model.name(pin.menteeID)) with \(model.name(pin.mentorID)) "), .if(round.isOpen, pairForm("Unpin", .unpin, pin.menteeID, pin.mentorID, "link")))
            }, .forEach(model.forbids) { forbid in
                .li(.text("Forbidden: \(model.name(forbid.menteeID)) with \(model.name(forbid.mentorID)) "), .if(round.isOpen, pairForm("Allow again", .unforbid, forbid.menteeID, forbid.mentorID, "link")))
            })
        )
    }
}
