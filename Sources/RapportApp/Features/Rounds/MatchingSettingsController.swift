import Fluent
import Matching
import Plot
import Vapor

/// A programme's matching settings: which reasons count and how much, and the switchable rules, with a preview of
/// what a round would propose with the changes before they are saved.
struct MatchingSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.programmeMatching, use: page)
        coordinator.post(.programmeMatching, use: save)
        coordinator.post(.programmeMatchingPreview, use: preview)
    }

    func page(_ request: Request) async throws -> Response {
        let programme = try await ProgrammeController.schoolProgramme(request)
        return try await render(request, programme: programme, state: Self.state(programme.matchingSettings),
                                notice: request.notice == .saved ? "Matching settings saved. The next run of a round uses them." : nil)
    }

    func preview(_ request: Request) async throws -> Response {
        let programme = try await ProgrammeController.schoolProgramme(request)
        var state = try request.formState()
        guard let settings = Self.read(&state) else {
            return try await render(request, programme: programme, state: state, status: .unprocessableEntity)
        }
        let comparison = try await MatchingPreview.compare(programme: programme, with: settings, now: request.now, on: request.db)
        return try await render(request, programme: programme, state: state, preview: comparison)
    }

    func save(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let programme = try await ProgrammeController.schoolProgramme(request)
        var state = try request.formState()
        guard let settings = Self.read(&state) else {
            return try await render(request, programme: programme, state: state, status: .unprocessableEntity)
        }
        let changes = settings.changes(since: programme.matchingSettings)
        if !changes.isEmpty {
            programme.matchingSettings = settings
            try await request.db.transaction { database in
                try await programme.save(on: database)
                try await request.audit.record("changed matching settings", subject: "programme \(try programme.requireID()): \(changes.joined(separator: "; "))",
                                               by: coordinator, schoolID: programme.$school.id, on: database)
            }
        }
        return request.redirect(to: SiteRoute.programmeMatching(try programme.requireID()).path(with: .saved), redirectType: .normal)
    }

    // MARK: The form

    static func state(_ settings: MatchingSettings) -> FormState {
        var state = FormState()
        for weight in MatchingSettings.weightSettings { state.values[weight.name] = String(settings[keyPath: weight.keyPath]) }
        for rule in MatchingSettings.switches { state.values[rule.name] = settings[keyPath: rule.keyPath] ? "yes" : "" }
        return state
    }

    /// The settings sent, or nil with each problem in `state.errors`.
    static func read(_ state: inout FormState) -> MatchingSettings? {
        var settings = MatchingSettings.defaults
        for weight in MatchingSettings.weightSettings {
            if let value = state.requireInt(weight.name, label: "the points for \(weight.label.lowercased())", among: MatchingSettings.weightChoices) {
                settings[keyPath: weight.keyPath] = value
            }
        }
        for rule in MatchingSettings.switches { settings[keyPath: rule.keyPath] = state[rule.name] == "yes" }
        return state.isValid ? settings : nil
    }

    private func render(_ request: Request, programme: Programme, state: FormState, preview: MatchingPreview? = nil,
                        notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = try programme.requireID()
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Matching settings: \(programme.name), \(programme.schoolYear)", for: request, status: status,
            Layout.notice(notice),
            .p(.a(.href(SiteRoute.programmes.path), "Back to programmes")),
            .p("Each round proposes the pairs with the most mentees matched, then the highest total score. Here you choose what earns points and which rules bend. Try a change with Preview before you save it."),
            .unwrap(preview) { MatchingPreviewView(preview: $0).body },
            FormField.errorSummary(state),
            .form(.method(.post), .action(SiteRoute.programmeMatching(id).path), .class("card"),
                  FormField.csrf(csrf),
                  .element(named: "fieldset", nodes: [
                      .element(named: "legend", text: "What earns points"),
                      .p(.class("hint"), "0 means the reason does not count. Shared dislikes and identity weigh more by default: in research they predicted longer-lasting matches."),
                      .forEach(MatchingSettings.weightSettings) { weight in
                          FormField.select(weight.name, label: weight.label, state: state,
                                           options: MatchingSettings.weightChoices.map { (String($0), "\($0) points") },
                                           hint: "Points \(weight.per).")
                      },
                  ]),
                  .element(named: "fieldset", nodes: [
                      .element(named: "legend", text: "Rules"),
                      .p(.class("hint"), .text("Mentors are at least \(programme.minimumYearGap) year\(programme.minimumYearGap == 1 ? "" : "s") above their mentee (a programme setting). Do-not-pair lists, safeguarding holds and restrictions always apply.")),
                      .forEach(MatchingSettings.switches) { FormField.checkbox($0.name, label: $0.label, state: state) },
                  ]),
                  .div(.class("actions"),
                       .button(.type(.submit), .class("secondary"), .attribute(named: "formaction", value: SiteRoute.programmeMatchingPreview(id).path), "Preview"),
                       .button(.type(.submit), "Save matching settings")))
        )
    }
}

/// What a round would propose now with the saved settings and with the changed ones: the last round's pins and
/// forbids kept, so the coordinator sees what their change alone does.
struct MatchingPreview {
    struct Change {
        let mentee: String
        let before: String?
        let after: String?
    }

    let mentees: Int
    let matchedBefore: Int
    let matchedAfter: Int
    let scoreBefore: Int
    let scoreAfter: Int
    let changes: [Change]
    /// Set when the last round's pins can't stand under the new rules.
    let problem: String?

    static func compare(programme: Programme, with settings: MatchingSettings, now: Date, on database: any Database) async throws -> MatchingPreview {
        let inputs = try await RoundInputs.load(programme: programme, now: now, on: database)
        let last = try await MatchingRound.query(on: database).filter(\.$programme.$id == programme.requireID())
            .sort(\.$startedAt, .descending).first()
        let inRound = inputs.cohort.pairs()
        let pins = RoundController.pairs(last?.pins ?? []).filter(inRound), forbids = RoundController.pairs(last?.forbids ?? []).filter(inRound)
        var rules = settings.rules(minimumYearGap: programme.minimumYearGap)
        (rules.doNotPair, rules.safeguardingRestrictedPairs) = (inputs.rules.doNotPair, inputs.rules.safeguardingRestrictedPairs)
        let before = try? inputs.engine().propose(pins: pins, forbids: forbids)
        let people = inputs.peopleByID
        let after: Proposal
        do {
            after = try MatchingEngine(cohort: inputs.cohort, weights: settings.weights, rules: rules).propose(pins: pins, forbids: forbids)
        } catch {
            return MatchingPreview(mentees: inputs.cohort.mentees.count, matchedBefore: before?.matches.count ?? 0, matchedAfter: 0,
                                   scoreBefore: before?.totalScore ?? 0, scoreAfter: 0, changes: [],
                                   problem: "The last round's pins can't stand with these settings: \(RoundWords.error(error) { people[$0]?.fullName ?? "someone" }).")
        }
        let mentorBefore = Dictionary(uniqueKeysWithValues: (before?.matches ?? []).map { ($0.menteeID, $0.mentorID) })
        let mentorAfter = Dictionary(uniqueKeysWithValues: after.matches.map { ($0.menteeID, $0.mentorID) })
        let changes = inputs.cohort.mentees.compactMap { mentee -> Change? in
            guard mentorBefore[mentee.id] != mentorAfter[mentee.id] else { return nil }
            return Change(mentee: people[mentee.id]?.fullName ?? "", before: mentorBefore[mentee.id].flatMap { people[$0]?.fullName },
                          after: mentorAfter[mentee.id].flatMap { people[$0]?.fullName })
        }
        return MatchingPreview(mentees: inputs.cohort.mentees.count, matchedBefore: before?.matches.count ?? 0, matchedAfter: after.matches.count,
                               scoreBefore: before?.totalScore ?? 0, scoreAfter: after.totalScore, changes: changes, problem: nil)
    }
}

/// The preview, drawn above the form it came from.
struct MatchingPreviewView {
    let preview: MatchingPreview
    static let shownChanges = 50

    var body: Node<HTML.BodyContext> {
        .section(.class("card"), .attribute(named: "aria-labelledby", value: "preview-title"),
                 .h2(.id("preview-title"), "Preview: a round run now"),
                 .unwrap(preview.problem) { .p(.class("notice error"), .text($0)) },
                 .if(preview.problem == nil, .group(
                     FormField.facts([
                         ("Mentees waiting", String(preview.mentees)),
                         ("Matched", "\(preview.matchedAfter) with these settings, \(preview.matchedBefore) with the saved ones"),
                         ("Total score", "\(preview.scoreAfter) with these settings, \(preview.scoreBefore) with the saved ones"),
                     ]),
                     preview.changes.isEmpty ? .p("Every mentee would get the same mentor as with the saved settings.")
                         : .group(
                             .p(.text(preview.changes.count == 1 ? "1 mentee would get a different mentor:" : "\(preview.changes.count) mentees would get a different mentor:")),
                             .ul(.forEach(preview.changes.prefix(Self.shownChanges)) { change in
                                 .li(.strong(.text(change.mentee)), .text(": \(change.before ?? "nobody") → \(change.after ?? "nobody")"))
                             }),
                             .if(preview.changes.count > Self.shownChanges, .p(.class("hint"), .text("and \(preview.changes.count - Self.shownChanges) more.")))),
                     .p(.class("hint"), "Nothing is saved until you choose Save matching settings.")
                 )))
    }
}
