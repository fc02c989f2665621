import Fluent
import Matching
import Plot
import Vapor

/// Mentee voice: where the programme allows it, a mentee sees a shortlist of mentor cards and ranks up to three.
struct ShortlistController: RouteCollection {
    static let shortlistLength = 5

    func boot(routes: any RoutesBuilder) throws {
        let mentees = routes.grouped(RoleGuard(roles: [.mentee]))
        mentees.get(.shortlist, use: page)
        mentees.post(.shortlist, use: save)
    }

    struct Card {
        let mentor: Person
        let interests: [String]
        /// The mentor got through something the mentee finds hard now (which, the card doesn't say).
        let gotThrough: Bool
        let storyTitle: String?
    }

    /// The programme of the mentee's school that asks mentees to choose, the newest first.
    private func programme(_ request: Request) async throws -> Programme? {
        let school = try request.requireSchool()
        return try await Programme.query(on: request.db).filter(\.$school.$id == school.requireID())
            .filter(\.$menteeChoice == true).sort(\.$startsOn, .descending).first()
    }

    /// The mentee's best allowed mentors by the engine's score; only trained mentors with room.
    private func shortlist(for mentee: Person, programme: Programme, now: Date, on database: any Database) async throws -> [Card] {
        let inputs = try await RoundInputs.load(programme: programme, now: now, on: database)
        let menteeKey = RoundInputs.key(mentee)
        guard inputs.cohort.mentees.contains(where: { $0.id == menteeKey }) else { return [] }
        // Rankings must not rank themselves up: score without them.
        var cohort = inputs.cohort
        cohort.mentees = cohort.mentees.map { var copy = $0; copy.rankedMentorIDs = []; return copy }
        let engine = try MatchingEngine(cohort: cohort, weights: inputs.weights, rules: inputs.rules)
        var scored: [(Person, Int)] = []
        for mentor in inputs.mentors where (cohort.mentors.first { $0.id == RoundInputs.key(mentor) }?.capacity ?? 0) > 0 {
            if case .allowed(let score, _) = try engine.evaluate(menteeID: menteeKey, mentorID: RoundInputs.key(mentor)) {
                scored.append((mentor, score))
            }
        }
        let chosen = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.givenName < $1.0.givenName }.prefix(Self.shortlistLength).map(\.0)
        let ids = chosen.compactMap(\.id)
        let profiles = Dictionary(uniqueKeysWithValues: try await MentoringProfile.query(on: database).filter(\.$person.$id ~~ ids).all().map { ($0.$person.id, $0) })
        let challenges = Set(try await MentoringProfile.query(on: database).filter(\.$person.$id == mentee.requireID()).first()?.currentChallenges ?? [])
        let stories = try await MentorStory.query(on: database).filter(\.$mentor.$id ~~ ids).filter(\.$hiddenAt == nil).sort(\.$createdAt).all()
        return chosen.map { mentor in
            Card(mentor: mentor,
                 interests: (profiles[mentor.id!]?.interests ?? []).map { Vocabulary.label(of: $0, in: Vocabulary.interests) },
                 gotThrough: (profiles[mentor.id!]?.overcomeChallenges ?? []).contains(where: challenges.contains),
                 storyTitle: stories.first { $0.$mentor.id == mentor.id }?.title)
        }
    }

    func page(_ request: Request) async throws -> Response {
        try await render(request, errors: FormState(), notice: request.notice == .saved ? "Thanks! Your choices are saved. Your coordinator will take them into account." : nil)
    }

    private func render(_ request: Request, errors: FormState, notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let mentee = try request.requirePerson()
        guard let programme = try await programme(request) else {
            return Layout.page("Choose a mentor", for: request,
                               .p("Your coordinator is choosing mentors for everyone this time. You'll see your mentor here when it's decided."))
        }
        let cards = try await shortlist(for: mentee, programme: programme, now: request.now, on: request.db)
        let rankings = try await MenteeRanking.query(on: request.db).filter(\.$programme.$id == programme.requireID())
            .filter(\.$mentee.$id == mentee.requireID()).all()
        var state = errors
        if state.values.isEmpty {
            for ranking in rankings { state.values["rank-\(ranking.$mentor.id.uuidString.lowercased())"] = String(ranking.rank) }
        }
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Choose a mentor", for: request, status: status,
            Layout.notice(notice),
            .p(.text("Here are \(cards.count) mentors who could be a good fit for you. Pick your first, second and third choice if you like. Your coordinator makes the final decision, and your choices count.")),
            FormField.errorSummary(state),
            cards.isEmpty ? .p("There are no mentors to choose from yet. Check back soon.") : .form(
                .method(.post), .action(SiteRoute.shortlist.path),
                FormField.csrf(csrf),
                .div(.class("cards"), .forEach(cards) { card in
                    let field = "rank-\(card.mentor.id!.uuidString.lowercased())"
                    return .div(.class("card mentor-card"),
                                .h2(.text(card.mentor.givenName)),
                                .p(.class("hint"), .text("Year \(card.mentor.yearGroup ?? 0)")),
                                .ul(.class("tags"), .forEach(card.interests) { .li(.text($0)) }),
                                .if(card.gotThrough, .p("Has got through something you find hard too.")),
                                .unwrap(card.storyTitle) { .p(.text("Their story: "), .em(.text($0))) },
                                FormField.select(field, label: "My choice for \(card.mentor.givenName)", state: state,
                                                 options: [("", "Not chosen"), ("1", "1st choice"), ("2", "2nd choice"), ("3", "3rd choice")]))
                }),
                .div(.class("actions"), .button(.type(.submit), "Save my choices"))
            )
        )
    }

    func save(_ request: Request) async throws -> Response {
        let mentee = try request.requirePerson()
        guard let programme = try await programme(request) else {
            throw Abort(.conflict, reason: "Your programme doesn't ask mentees to choose.")
        }
        var state = try request.formState()
        let cards = try await shortlist(for: mentee, programme: programme, now: request.now, on: request.db)
        let allowed = Set(cards.map { "rank-\($0.mentor.id!.uuidString.lowercased())" })
        let sentRanks = state.values.filter { $0.key.hasPrefix("rank-") && !$0.value.isEmpty }
        for key in sentRanks.keys where !allowed.contains(key) {
            throw Abort(.forbidden, reason: "You can only choose mentors from your own shortlist.")
        }
        var chosen: [Int: UUID] = [:]
        var fieldOfRank: [Int: String] = [:]
        for (key, value) in sentRanks.sorted(by: { $0.key < $1.key }) {
            guard let rank = Int(value), (1...3).contains(rank), let id = UUID(uuidString: String(key.dropFirst(5))) else {
                state.errors[key] = "Choose 1st, 2nd or 3rd."
                continue
            }
            if let other = fieldOfRank[rank] {
                let message = "You've given two mentors your \(rank == 1 ? "1st" : rank == 2 ? "2nd" : "3rd") choice. Give each a different place."
                state.errors[key] = message
                state.errors[other] = message
            }
            chosen[rank] = id
            fieldOfRank[rank] = key
        }
        guard state.isValid else { return try await render(request, errors: state, status: .unprocessableEntity) }
        let choices = chosen
        try await request.db.transaction { database in
            try await MenteeRanking.query(on: database).filter(\.$programme.$id == programme.requireID())
                .filter(\.$mentee.$id == mentee.requireID()).delete()
            for (rank, mentorID) in choices {
                let ranking = MenteeRanking()
                ranking.$programme.id = try programme.requireID()
                ranking.$mentee.id = try mentee.requireID()
                ranking.$mentor.id = mentorID
                ranking.rank = rank
                ranking.rankedAt = request.now
                try await ranking.create(on: database)
            }
        }
        return request.redirect(to: SiteRoute.shortlist.path(with: .saved), redirectType: .normal)
    }
}
