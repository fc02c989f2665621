import Fluent
import Vapor

/// The same features as JSON under `/api/v1`, for apps and scripts; signed in with the session cookie,
/// state changes carry the CSRF token in `X-CSRF-Token`.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiDescription) { _ in
            Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: OpenAPIDocument.json))
        }
        routes.grouped(RoleGuard(roles: Set(Role.allCases))).get(.apiMe, use: me)
        let students = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        students.get(.apiMyProfile, use: profile)
        students.put(.apiMyProfile, use: updateProfile)
        students.get(.apiMatchMeetings, use: meetings)
        routes.grouped(RoleGuard(roles: [.coordinator])).get(.apiStudents, use: listStudents)
    }

    struct PersonDTO: Content {
        let id: UUID
        let role: String
        let givenName: String
        let familyName: String
        let username: String
        let yearGroup: Int?
        let capacity: Int?
        let school: String?
        /// The token to send as `X-CSRF-Token` with changes.
        let csrfToken: String?
    }

    struct ProfileDTO: Content {
        var interests: [String]
        var dislikes: [String]
        var currentChallenges: [String]
        var overcomeChallenges: [String]
        var freePeriods: [String]
        var wantsSameGenderMentor: Bool
        var about: String

        init(_ profile: MentoringProfile) {
            interests = profile.interests
            dislikes = profile.dislikes
            currentChallenges = profile.currentChallenges
            overcomeChallenges = profile.overcomeChallenges
            freePeriods = profile.freePeriods
            wantsSameGenderMentor = profile.wantsSameGenderMentor
            about = profile.about
        }
    }

    struct MeetingDTO: Content {
        let id: UUID
        let startsAt: Date
        let endsAt: Date
        /// Nil for a mentor once the match has closed: the place is the pair's words.
        let place: String?
        /// proposed, accepted, declined, cancelled or moved
        let state: String
        let proposedByMe: Bool
        /// happened, other-missed, i-missed or cancelled-in-advance, once said
        let myAttendance: String?
        let theirAttendance: String?
    }

    /// A student's meetings in one of their matches, oldest first.
    func meetings(_ request: Request) async throws -> [MeetingDTO] {
        let pair = try await Pair.load(request)
        let meetings = try await Meeting.query(on: request.db).filter(\.$match.$id == pair.matchID).sort(\.$startsAt).all()
        let attendance = try await MeetingAttendance.query(on: request.db).filter(\.$meeting.$id ~~ meetings.compactMap(\.id)).all()
        return try meetings.map { meeting in
            let said = { (person: Person) in attendance.first { $0.$meeting.id == meeting.id && $0.$person.id == person.id }?.outcome.rawValue }
            return MeetingDTO(id: try meeting.requireID(), startsAt: meeting.startsAt, endsAt: meeting.endsAt,
                              place: pair.mayReadNotes ? try request.notes.open(meeting, \.$placeSealed) : nil, state: meeting.state.rawValue,
                              proposedByMe: meeting.$proposedBy.id == pair.me.id, myAttendance: said(pair.me), theirAttendance: said(pair.other))
        }
    }

    func me(_ request: Request) async throws -> PersonDTO {
        let person = try request.requirePerson()
        return try Self.dto(person, school: request.visit.school, csrf: request.visit.session?.csrfToken)
    }

    static func dto(_ person: Person, school: School?, csrf: String? = nil) throws -> PersonDTO {
        PersonDTO(id: try person.requireID(), role: person.role.rawValue, givenName: person.givenName, familyName: person.familyName,
                  username: person.username, yearGroup: person.yearGroup, capacity: person.capacity, school: school?.name, csrfToken: csrf)
    }

    func profile(_ request: Request) async throws -> ProfileDTO {
        ProfileDTO(try await MentoringProfile.of(try request.requirePerson(), on: request.db))
    }

    /// Checks the JSON with the same rules as the profile page, by passing it through the page's form state.
    func updateProfile(_ request: Request) async throws -> ProfileDTO {
        let student = try request.requirePerson()
        guard request.headers.contentType == .json else {
            throw Abort(.unsupportedMediaType, reason: "Send the profile as JSON (Content-Type: application/json).")
        }
        let sent: ProfileDTO
        do {
            sent = try request.content.decode(ProfileDTO.self)
        } catch {
            throw Abort(.badRequest, reason: "The profile must be a JSON object with interests, dislikes, currentChallenges, overcomeChallenges and freePeriods (lists of tag ids), wantsSameGenderMentor (true or false) and about (text).")
        }
        var state = FormState()
        state.lists = ["interests": Set(sent.interests), "dislikes": Set(sent.dislikes), "current": Set(sent.currentChallenges),
                       "overcome": Set(sent.overcomeChallenges), "free": Set(sent.freePeriods)]
        state.values = ["same_gender": sent.wantsSameGenderMentor ? "yes" : "", "about": sent.about]
        let profile = try await MentoringProfile.of(student, on: request.db)
        ProfileForm.apply(&state, to: profile)
        guard state.isValid else {
            throw Abort(.unprocessableEntity, reason: state.errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: " "))
        }
        try await profile.save(on: request.db)
        return ProfileDTO(profile)
    }

    /// The students list page's own model: the same filters (`q`, `year`, `role`) and pages of a hundred (`page`), the
    /// next page named in a `Link` header.
    func listStudents(_ request: Request) async throws -> Response {
        let school = try request.requireSchool()
        let model = try await StudentsListModel.load(school: school, filter: StudentsListModel.Filter(request), on: request.db)
        try await request.audit.record("listed students through the API", subject: "\(model.rows.count) students", by: try request.requirePerson(),
                                       schoolID: school.id, on: request.db)
        let students = model.rows.map { row in
            PersonDTO(id: row.id, role: row.role.rawValue, givenName: row.givenName, familyName: row.familyName, username: row.username,
                      yearGroup: row.yearGroup, capacity: row.capacity, school: school.name, csrfToken: nil)
        }
        let response = try await students.encodeResponse(for: request)
        if model.filter.page < model.pageCount {
            let next = model.filter.path(page: model.filter.page + 1, base: Endpoint.apiStudents.path())
            response.headers.replaceOrAdd(name: "Link", value: "<\(next)>; rel=\"next\"")
        }
        return response
    }
}
