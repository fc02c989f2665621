import Fluent
import Matching
import Plot
import Vapor

/// The coordinator's matching round: proposals with reasons, who is left and why, pins, forbids, swaps, re-runs, approvals.
struct RoundController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.rounds, use: list)
        coordinator.post(.rounds, use: start)
        coordinator.get(.round, use: show)
        coordinator.post(.roundAction, use: act)
    }

    // MARK: Starting

    func list(_ request: Request) async throws -> Response {
        let school = try request.requireSchool()
        let programmes = try await Programme.query(on: request.db).filter(\.$school.$id == school.requireID())
            .sort(\.$startsOn, .descending).all()
        let rounds = try await MatchingRound.query(on: request.db).filter(\.$school.$id == school.requireID())
            .with(\.$programme).sort(\.$startedAt, .descending).all()
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Matching", for: request, wide: true,
            .p("Rapport proposes the pairs with the most mentees matched and the highest total score, and explains every score. You decide: pin or forbid pairs, swap mentors, re-run, then approve."),
            programmes.isEmpty
                ? .p("Create a programme first: ", .a(.href(SiteRoute.programmes.path), "Programmes"), ".")
                : .form(.method(.post), .action(SiteRoute.rounds.path), .class("card"),
                        FormField.csrf(csrf),
                        FormField.select("programme", label: "Programme", state: FormState(),
                                         options: programmes.map { ($0.id!.uuidString.lowercased(), "\($0.name) \($0.schoolYear)") }),
                        .div(.class("actions"), .button(.type(.submit), "Start a matching round"))),
            .h2("Rounds"),
            rounds.isEmpty ? .p("No rounds yet.") : .ul(.forEach(rounds) { round in
                .li(.a(.href(SiteRoute.round(round.id!).path),
                       .text("\(round.programme.name) \(round.programme.schoolYear), started \(request.schoolTime.stampText(round.startedAt))")),
                    .text(round.isOpen ? " · open" : " · closed"))
            })
        )
    }

    func start(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let school = try request.requireSchool()
        let state = try request.formState()
        guard let id = UUID(uuidString: state["programme"]),
              let programme = try await Programme.query(on: request.db).filter(\.$id == id).filter(\.$school.$id == school.requireID()).first()
        else { throw Abort(.notFound, reason: "There is no such programme in your school.") }
        let round = MatchingRound()
        round.$programme.id = id
        round.$school.id = try school.requireID()
        round.startedByID = try coordinator.requireID()
        round.startedAt = request.now
        round.lastRunAt = request.now
        round.fingerprint = ""
        round.pins = []
        round.forbids = []
        round.unmatched = []
        round.isOpen = true
        try await request.db.transaction { database in
            // One open round per programme: an older one closes and its proposals go.
            for old in try await MatchingRound.query(on: database).filter(\.$programme.$id == id).filter(\.$isOpen == true).all() {
                old.isOpen = false
                try await old.update(on: database)
            }
            try await round.create(on: database)
        }
        try await record(round, "started the round", by: coordinator, at: request.now, on: request.db)
        try await run(round, inputs: try await RoundInputs.load(programme: programme, now: request.now, on: request.db), on: request.db)
        return request.redirect(to: SiteRoute.round(try round.requireID()).path, redirectType: .normal)
    }

    /// Runs the engine with the round's pins and forbids and replaces the programme's proposals with its answer.
    private func run(_ round: MatchingRound, inputs: RoundInputs, on database: any Database) async throws {
        let programme = inputs.programme
        let proposal: Proposal
        do {
            proposal = try inputs.engine().propose(pins: Self.pairs(round.pins), forbids: Self.pairs(round.forbids))
        } catch {
            let people = inputs.peopleByID
            throw Abort(.conflict, reason: "The round can't run with these pins: \(RoundWords.error(error) { people[$0]?.fullName ?? "someone" }). Remove or change a pin.")
        }
        let people = inputs.peopleByID
        try await database.transaction { database in
            try await MentoringMatch.query(on: database).filter(\.$programme.$id == programme.requireID())
                .filter(\.$state == .proposed).delete()
            for pair in proposal.matches {
                guard let mentee = people[pair.menteeID], let mentor = people[pair.mentorID] else { continue }
                let match = MentoringMatch()
                match.$school.id = programme.$school.id
                match.$programme.id = try programme.requireID()
                match.$mentee.id = try mentee.requireID()
                match.$mentor.id = try mentor.requireID()
                match.state = .proposed
                match.score = pair.score
                match.reasons = inputs.sentences(of: pair)
                match.createdAt = round.lastRunAt
                match.updatedAt = round.lastRunAt
                try await match.create(on: database)
            }
            round.unmatched = proposal.unmatched.map { "\($0.menteeID)|\(RoundWords.unmatched($0.reason))" }
            round.fingerprint = inputs.fingerprint
            try await round.update(on: database)
        }
    }

    static func pairs(_ stored: [String]) -> Set<PairID> {
        Set(stored.compactMap { text in
            let parts = text.split(separator: ":").map(String.init)
            return parts.count == 2 ? PairID(menteeID: parts[0], mentorID: parts[1]) : nil
        })
    }

    private func record(_ round: MatchingRound, _ action: String, detail: String = "", by coordinator: Person, at now: Date, on database: any Database) async throws {
        let decision = RoundDecision()
        decision.$round.id = try round.requireID()
        decision.actorID = try coordinator.requireID()
        decision.action = action
        decision.detail = detail
        decision.decidedAt = now
        try await decision.create(on: database)
    }

    // MARK: The round page

    private func findRound(_ request: Request) async throws -> (MatchingRound, Programme) {
        let school = try request.requireSchool()
        let round = try await request.record("round", MatchingRound.self, notFound: "There is no such matching round in your school.") {
            try $0.filter(\.$school.$id == school.requireID()).with(\.$programme)
        }
        return (round, round.programme)
    }

    func show(_ request: Request) async throws -> Response {
        let (round, programme) = try await findRound(request)
        return try await render(request, round: round, programme: programme, message: nil)
    }

    /// `inputs` when the caller already has them and nothing since has changed who is in the round.
    private func render(_ request: Request, round: MatchingRound, programme: Programme, inputs known: RoundInputs? = nil,
                        message: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await RoundPageModel.load(request, round: round, programme: programme, inputs: known)
        let view = RoundPageView(model: model, csrf: try await request.csrfToken(), time: request.schoolTime)
        return Layout.page("Matching round: \(programme.name) \(programme.schoolYear)", for: request, status: status, wide: true,
                           view.body(message: message, isError: status != .ok))
    }

    // MARK: Decisions

    func act(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let action = try request.action(RoundAction.self)
        let (round, programme) = try await findRound(request)
        guard round.isOpen else { throw Abort(.conflict, reason: "This round is closed. Start a new round to match again.") }
        let state = try request.formState()
        let inputs = try await RoundInputs.load(programme: programme, now: request.now, on: request.db)
        let people = inputs.peopleByID
        let pair = PairID(menteeID: state["mentee"].lowercased(), mentorID: state["mentor"].lowercased())
        let pairKey = "\(pair.menteeID):\(pair.mentorID)"
        let describe = { "\(people[pair.menteeID]?.fullName ?? "?") with \(people[pair.mentorID]?.fullName ?? "?")" }
        let requirePair = {
            guard people[pair.menteeID]?.role == .mentee, people[pair.mentorID]?.role == .mentor else {
                throw Abort(.notFound, reason: "Choose a mentee and a mentor of this round.")
            }
        }
        var message: String
        switch action {
        case .pin:
            try requirePair()
            if inputs.untrainedMentors.contains(where: { RoundInputs.key($0) == pair.mentorID }) {
                return try await render(request, round: round, programme: programme, inputs: inputs,
                                        message: "\(people[pair.mentorID]!.fullName) hasn't finished mentor training, so can't be matched yet.", status: .conflict)
            }
            if case .notAllowed(let rules)? = try? inputs.engine().evaluate(menteeID: pair.menteeID, mentorID: pair.mentorID) {
                return try await render(request, round: round, programme: programme, inputs: inputs,
                                        message: "\(describe()) can't be pinned: \(RoundWords.rules(rules)).", status: .conflict)
            }
            round.pins = round.pins.filter { !$0.hasPrefix(pair.menteeID + ":") } + [pairKey]
            round.forbids.removeAll { $0 == pairKey }
            message = "Pinned \(describe())."
        case .forbid:
            try requirePair()
            round.forbids = Array(Set(round.forbids + [pairKey])).sorted()
            round.pins.removeAll { $0 == pairKey }
            message = "Forbade \(describe())."
        case .unpin:
            round.pins.removeAll { $0 == pairKey }
            message = "Unpinned \(describe())."
        case .unforbid:
            round.forbids.removeAll { $0 == pairKey }
            message = "\(describe()) is allowed again."
        case .swap:
            let proposed = try await MentoringMatch.query(on: request.db).filter(\.$programme.$id == programme.requireID())
                .filter(\.$state == .proposed).all()
            guard let first = proposed.first(where: { $0.$mentee.id.uuidString.lowercased() == state["first"].lowercased() }),
                  let second = proposed.first(where: { $0.$mentee.id.uuidString.lowercased() == state["second"].lowercased() }),
                  first.id != second.id else {
                return try await render(request, round: round, programme: programme, inputs: inputs, message: "Choose two different proposed pairs to swap.", status: .unprocessableEntity)
            }
            let a = first.$mentee.id.uuidString.lowercased(), b = second.$mentee.id.uuidString.lowercased()
            let mentorA = first.$mentor.id.uuidString.lowercased(), mentorB = second.$mentor.id.uuidString.lowercased()
            round.pins = round.pins.filter { !$0.hasPrefix(a + ":") && !$0.hasPrefix(b + ":") } + ["\(a):\(mentorB)", "\(b):\(mentorA)"]
            message = "Swapped: \(people[a]?.givenName ?? "") now with \(people[mentorB]?.givenName ?? ""), \(people[b]?.givenName ?? "") with \(people[mentorA]?.givenName ?? "")."
        case .rerun:
            message = "Re-run with the latest profiles."
        case .approve, .approveAll:
            return try await approve(action == .approveAll ? nil : UUID(uuidString: state["match"]), round: round, programme: programme,
                                     inputs: inputs, coordinator: coordinator, request: request)
        case .close:
            round.isOpen = false
            try await request.db.transaction { database in
                try await round.update(on: database)
                try await MentoringMatch.query(on: database).filter(\.$programme.$id == programme.requireID()).filter(\.$state == .proposed).delete()
            }
            try await record(round, "closed the round", by: coordinator, at: request.now, on: request.db)
            return request.redirect(to: SiteRoute.round(try round.requireID()).path, redirectType: .normal)
        }
        round.lastRunAt = request.now
        do {
            try await run(round, inputs: inputs, on: request.db)
        } catch let abort as Abort where abort.status == .conflict {
            let fresh = try await MatchingRound.find(round.requireID(), on: request.db)!
            return try await render(request, round: fresh, programme: programme, inputs: inputs, message: abort.reason, status: .conflict)
        }
        try await record(round, action.rawValue, detail: message, by: coordinator, at: request.now, on: request.db)
        return try await render(request, round: round, programme: programme, inputs: inputs, message: message)
    }

    /// Approves one proposed pair, or every one; refuses a stale round, a rule-breaking pair or an untrained mentor.
    private func approve(_ matchID: UUID?, round: MatchingRound, programme: Programme, inputs: RoundInputs,
                         coordinator: Person, request: Request) async throws -> Response {
        if round.fingerprint != inputs.fingerprint {
            return try await render(request, round: round, programme: programme,
                                    message: RoundPageModel.staleReason + " Re-run it, check the pairs, then approve.",
                                    status: .conflict)
        }
        let programmeID = try programme.requireID()
        var query = MentoringMatch.query(on: request.db).filter(\.$programme.$id == programmeID).filter(\.$state == .proposed)
        if let matchID { query = query.filter(\.$id == matchID) }
        let targets = try await query.withPair().all()
        guard !targets.isEmpty else {
            throw Abort(.conflict, reason: matchID == nil ? "There are no proposed pairs to approve." : "That pair is no longer proposed: someone approved or changed it. Reload the round.")
        }
        let engine = try? inputs.engine()
        var approvedNames: [String] = []
        for match in targets {
            let menteeKey = match.$mentee.id.uuidString.lowercased(), mentorKey = match.$mentor.id.uuidString.lowercased()
            if inputs.untrainedMentors.contains(where: { $0.id == match.$mentor.id }) {
                return try await render(request, round: round, programme: programme,
                                        message: "\(match.mentor.fullName) hasn't finished mentor training, so this pair can't be approved.", status: .conflict)
            }
            if case .notAllowed(let rules)? = try? engine?.evaluate(menteeID: menteeKey, mentorID: mentorKey, forbids: Self.pairs(round.forbids)) {
                return try await render(request, round: round, programme: programme,
                                        message: "\(match.mentee.fullName) with \(match.mentor.fullName) breaks a rule: \(RoundWords.rules(rules)).", status: .conflict)
            }
            do {
                try await MatchApproval(audit: request.audit).approve(match.requireID(), by: coordinator, on: request.db)
            } catch let abort as Abort where abort.status == .conflict {
                return try await render(request, round: round, programme: programme, message: abort.reason, status: .conflict)
            }
            approvedNames.append("\(match.mentee.fullName) with \(match.mentor.fullName)")
            try await record(round, "approved", detail: "Approved \(match.mentee.fullName) with \(match.mentor.fullName)", by: coordinator, at: request.now, on: request.db)
        }
        return try await render(request, round: round, programme: programme,
                                message: approvedNames.count == 1 ? "Approved \(approvedNames[0]). They have been asked to sign their agreement." : "Approved \(approvedNames.count) pairs. Each has been asked to sign their agreement.")
    }
}
