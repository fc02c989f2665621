import Fluent
import Plot
import Vapor

/// The pair's own ground rules beside their agreement: both read and write them while the match runs; each save is a
/// new version, and a save made from an older version than the latest is refused with the newer words shown.
struct GroundRulesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let students = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        students.get(.pairGroundRules, use: page)
        students.post(.pairGroundRules, use: save)
    }

    /// What the page shows: every version opened, newest first, with who wrote it.
    struct Model {
        let pair: Pair
        let versions: [(version: GroundRulesVersion, text: String, author: String)]
        var latest: (version: GroundRulesVersion, text: String, author: String)? { versions.first }

        static func load(_ pair: Pair, notes: NoteCipher, on database: any Database) async throws -> Model {
            try pair.requireNotes()
            let versions = try await GroundRulesVersion.versions(of: pair.matchID, on: database)
            return Model(pair: pair, versions: try versions.map { version in
                (version, try notes.open(version, \.$textSealed),
                 version.$writtenBy.id == pair.me.id ? "you" : pair.other.givenName)
            })
        }
    }

    func page(_ request: Request) async throws -> Response {
        let model = try await Model.load(try await Pair.load(request), notes: request.notes, on: request.db)
        var state = FormState()
        state.values["rules"] = model.latest?.text ?? ""
        return try await render(request, model: model, state: state, notice: request.notice == .saved ? "Saved. You can both see this version now." : nil)
    }

    func save(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        let model = try await Model.load(pair, notes: request.notes, on: request.db)
        var state = try request.formState()
        let text = state.requireText("rules", label: "your ground rules", maxLength: GroundRulesVersion.textMaxLength)
        let current = model.latest?.version.version ?? 0
        // A form opened at an older version than the latest is stale: the newer words are shown, and theirs kept.
        let stale = Int(state["based_on"]) != current
        if stale {
            state.errors["rules"] = model.latest.map { $0.version.$writtenBy.id != pair.me.id } == true
                ? "\(pair.other.givenName) changed the rules while you were writing. Their version is above; your words are still here."
                : "These rules changed since you opened the page. The newest version is above; your words are still here."
        } else if let text, text == model.latest?.text {
            state.errors["rules"] = "That is the same as the current version: change something, or leave it as it is."
        }
        guard state.isValid, let text else {
            return try await render(request, model: model, state: state, status: stale ? .conflict : .unprocessableEntity)
        }
        let version = GroundRulesVersion()
        (version.$match.id, version.version, version.$writtenBy.id, version.writtenAt) = (pair.matchID, current + 1, try pair.me.requireID(), request.now)
        try request.notes.seal(text, into: version, \.$textSealed)
        do {
            try await version.create(on: request.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Someone saved the same version a moment ago.
            state.errors["rules"] = "\(pair.other.givenName) saved a version just now. Look at it above; your words are still here."
            return try await render(request, model: try await Model.load(pair, notes: request.notes, on: request.db), state: state, status: .conflict)
        }
        return request.redirect(to: SiteRoute.pair(pair.matchID, .groundRules).path(with: .saved), redirectType: .normal)
    }

    private func render(_ request: Request, model: Model, state: FormState, notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let pair = model.pair
        let time = request.schoolTime
        var shown = state
        shown.values["based_on"] = String(model.latest?.version.version ?? 0)
        return Layout.page(
            "Our ground rules", for: request, status: status,
            pair.navigation(current: nil),
            Layout.notice(notice),
            .p(.text("Beside the agreement, a few rules of your own, in your words: how you talk to each other, what you do if one of you can't come, what stays between you. Only you and \(pair.other.givenName) can read them, and either of you can change them. Every version is kept.")),
            .unwrap(model.latest) { latest in
                .section(.class("card agreement"), .attribute(named: "aria-labelledby", value: "current-rules"),
                         .h2(.id("current-rules"), .text("Version \(latest.version.version)")),
                         .forEach(latest.text.components(separatedBy: "\n").filter { !$0.isEmpty }) { .p(.text($0)) },
                         .p(.class("hint"), .text("Written by \(latest.author), \(time.stampText(latest.version.writtenAt))."))) },
            .if(model.latest == nil, .p(.class("hint"), "No ground rules yet. Ideas: we both turn up or say so the day before; we listen without phones; what we talk about stays between us unless someone could be hurt.")),
            .if(pair.mayWrite, .group(
                FormField.errorSummary(shown),
                .form(.method(.post), .action(SiteRoute.pair(pair.matchID, .groundRules).path), .class("card"),
                      FormField.csrf(try await request.csrfToken()),
                      .input(.type(.hidden), .name("based_on"), .value(shown["based_on"])),
                      FormField.textArea("rules", label: model.latest == nil ? "Write your ground rules" : "Change them", state: shown,
                                         hint: "One rule a line works well. Up to \(GroundRulesVersion.textMaxLength) characters.",
                                         maxLength: GroundRulesVersion.textMaxLength),
                      .div(.class("actions"), .button(.type(.submit), .text("Save as version \((model.latest?.version.version ?? 0) + 1)")))))),
            .if(model.versions.count > 1, .details(.summary("Earlier versions"),
                .forEach(model.versions.dropFirst()) { item in
                    .div(.class("card"),
                         .h3(.text("Version \(item.version.version), by \(item.author), \(time.stampText(item.version.writtenAt))")),
                         .forEach(item.text.components(separatedBy: "\n").filter { !$0.isEmpty }) { .p(.text($0)) })
                }))
        )
    }
}
