import Fluent
import Plot
import Vapor

/// A pair's goodbye: the page both see while their match closes and after, each side's reflection, and the mentee's
/// printable record of the year.
struct GoodbyeController: RouteCollection {
    static let reflectionMaxLength = 600

    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        pair.get(.pairGoodbye, use: page)
        pair.post(.pairGoodbye, use: reflect)
        pair.get(.pairRecord, use: record)
    }

    func page(_ request: Request) async throws -> Response {
        try await render(request, pair: try await Pair.load(request), state: FormState())
    }

    private func render(_ request: Request, pair: Pair, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await GoodbyeModel.load(pair, notes: request.notes, now: request.now, time: request.schoolTime, on: request.db)
        return Layout.page("Saying goodbye", for: request, status: status,
                           pair.navigation(current: .goodbye),
                           Layout.notice(request.notice == .saved ? "Your words are saved." : nil),
                           GoodbyeView.page(model, form: state, csrf: try await request.csrfToken(), time: request.schoolTime))
    }

    func reflect(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        guard pair.match.state == .closing else {
            throw Abort(.conflict, reason: "Closing words are written while a match is closing; yours is \(pair.match.state.title.lowercased()).")
        }
        guard pair.match.closureReason != .safeguarding else {
            throw Abort(.conflict, reason: "Your coordinator will talk with you about how this match ends.")
        }
        var state = try request.formState()
        guard let text = state.requireText("reflection", label: "a few words", maxLength: Self.reflectionMaxLength) else {
            return try await render(request, pair: pair, state: state, status: .unprocessableEntity)
        }
        let reflection = ClosingReflection()
        (reflection.$match.id, reflection.$person.id, reflection.writtenAt) = (pair.matchID, try pair.me.requireID(), request.now)
        try request.notes.seal(text, into: reflection, \.$textSealed)
        do {
            try await reflection.create(on: request.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "You've already written your words; they stay as written.")
        }
        try await AppNotification.send("\(pair.me.givenName) wrote some closing words for you.", link: .pair(pair.matchID, .goodbye),
                                       to: [try pair.other.requireID()], at: request.now, on: request.db)
        return request.redirect(to: SiteRoute.pair(pair.matchID, .goodbye).path(with: .saved), redirectType: .normal)
    }

    /// The mentee's record of the year so far: only theirs, linked from their goodbye page.
    func record(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        guard !pair.isMentor else { throw Abort(.notFound, reason: "The record of the year is the mentee's to keep.") }
        let model = try await GoodbyeModel.load(pair, notes: request.notes, now: request.now, time: request.schoolTime, on: request.db)
        return Layout.page("My year of mentoring", for: request, GoodbyeView.record(model, time: request.schoolTime))
    }
}
