import Fluent
import Plot
import Vapor

/// Each student's private calendar feed (to subscribe to from Google or Apple calendars) and its reset.
struct CalendarController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let students = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        students.get(.calendar, use: page)
        students.post(.resetCalendar, use: reset)
        // The feed is fetched by calendar apps without a session: the secret in the address is the key.
        routes.get(.calendarFeed, use: feed)
    }

    func page(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let feed = try await CalendarFeed.query(on: request.db).filter(\.$person.$id == student.requireID()).first()
        let token = try feed.map { try request.notes.open($0, \.$tokenSealed) }
        let address = token.map { Self.address(of: .calendarFeed($0), request: request) }
        let csrf = try await request.csrfToken()
        let notice: String? = switch request.notice {
        case .made: "Your calendar address is ready. Copy it into your calendar app."
        case .reset: "You have a new address. The old one has stopped working: put the new one in your calendar app."
        default: nil
        }
        return Layout.page(
            "Meetings in your calendar", for: request,
            Layout.notice(notice),
            .p(.class("lead"), "Add your mentoring meetings to the calendar on your phone. New, moved and cancelled meetings update by themselves."),
            .unwrap(address) { address in
                .div(.class("card"),
                     .label(.for("feed-address"), "Your private calendar address"),
                     // A text area shows the whole address on a phone, ready to select and copy.
                     .textarea(.id("feed-address"), .rows(3), .readonly(true), .attribute(named: "spellcheck", value: "false"), .class("address"), .text(address)),
                     .p(.class("hint"), "Keep it to yourself: anyone with it can see your meeting times. If you think someone else has it, get a new one below."),
                     .h2("How to add it"),
                     .ul(.li("Google Calendar (on a computer): Other calendars, +, From URL, paste the address."),
                         .li("iPhone: Settings, Calendar, Accounts, Add Account, Other, Add Subscribed Calendar, paste the address."),
                         .li("Android: add it in Google Calendar on a computer; it then shows on your phone.")))
            },
            .form(.method(.post), .action(SiteRoute.resetCalendar.path), FormField.csrf(csrf),
                  .button(.type(.submit), .class(feed == nil ? "" : "secondary"),
                          .text(feed == nil ? "Make my calendar address" : "Get a new address (the old one stops working)")))
        )
    }

    func reset(_ request: Request) async throws -> Response {
        let student = try request.requirePerson()
        let token = Secrets.randomToken(using: request.dependencies.random)
        let existing = try await CalendarFeed.query(on: request.db).filter(\.$person.$id == student.requireID()).first()
        let feed = existing ?? CalendarFeed()
        feed.$person.id = try student.requireID()
        feed.tokenHash = Secrets.sha256(token)
        try request.notes.seal(token, into: feed, \.$tokenSealed)
        feed.createdAt = request.now
        try await refusingContention("Your calendar address changed at the same moment somewhere else. Reload the page.") {
            try await feed.save(on: request.db)
        }
        return request.redirect(to: SiteRoute.calendar.path(with: existing == nil ? .made : .reset), redirectType: .normal)
    }

    func feed(_ request: Request) async throws -> Response {
        let file = request.parameters.get("file") ?? ""
        guard file.hasSuffix(".ics"), let feed = try await CalendarFeed.query(on: request.db)
            .filter(\.$tokenHash == Secrets.sha256(String(file.dropLast(4)))).with(\.$person).first(),
              feed.person.isActive
        else { throw Abort(.notFound, reason: "There is no calendar at this address. If you reset it, use your new address.") }
        let person = feed.person
        let personID = try person.requireID()
        let matches = try await MentoringMatch.query(on: request.db)
            .group(.or) { $0.filter(\.$mentor.$id == personID).filter(\.$mentee.$id == personID) }
            .filter(\.$state ~~ [.active, .paused, .closing, .closed])
            .withPair().all()
        // Recent past and everything ahead; cancelled and moved meetings stay so subscribed calendars remove them.
        let since = request.now.addingTimeInterval(-60 * 24 * 60 * 60)
        let pairs = Dictionary(uniqueKeysWithValues: matches.map { match in
            (match.id!, Pair(match: match, me: person, other: match.$mentor.id == personID ? match.mentee : match.mentor))
        })
        let meetings = try await Meeting.query(on: request.db).filter(\.$match.$id ~~ Array(pairs.keys))
            .filter(\.$startsAt >= since).filter(\.$state != .declined).sort(\.$startsAt).all()
        let events = try meetings.compactMap { meeting in
            try pairs[meeting.$match.id].map { try Self.event(for: meeting, pair: $0, request: request) }
        }
        let document = ICalendar.document(name: "Rapport mentoring", events: events, stamp: request.now)
        return Self.response(document, filename: "rapport.ics", attachment: false)
    }

    static func event(for meeting: Meeting, pair: Pair, request: Request) throws -> CalendarEvent {
        let status: CalendarEvent.Status = switch meeting.state {
        case .proposed: .tentative
        case .accepted: .confirmed
        case .declined, .cancelled, .moved: .cancelled
        }
        let link = address(of: .pair(pair.matchID, .meeting(meeting.id!)), request: request)
        return CalendarEvent(
            uid: "\(meeting.id!.uuidString.lowercased())@rapport",
            starts: meeting.startsAt, ends: meeting.endsAt,
            summary: "Mentoring with \(pair.other.givenName)",
            location: pair.mayReadNotes ? try request.notes.open(meeting, \.$placeSealed) : nil,
            description: meeting.state == .proposed ? "Waiting for an answer. Open Rapport to see it: \(link)" : "Open it in Rapport: \(link)",
            status: status,
            // Every change of state bumps the sequence, so calendar apps take the newest copy.
            sequence: [MeetingState.proposed: 0, .accepted: 1, .declined: 2, .cancelled: 2, .moved: 2][meeting.state] ?? 0,
            lastModified: meeting.updatedAt, url: link)
    }

    static func response(_ document: String, filename: String, attachment: Bool) -> Response {
        let response = Response(status: .ok, body: .init(string: document))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "\(attachment ? "attachment" : "inline"); filename=\"\(filename)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return response
    }

    /// A full address for links that leave the browser (calendar apps), built from the address this request came to.
    static func address(of route: SiteRoute, request: Request) -> String {
        let host = request.headers.first(name: .host) ?? "\(request.configuration.host):\(request.configuration.port)"
        let scheme = request.isPlainHTTPLocalhost || request.headers.first(name: "X-Forwarded-Proto") == "http" ? "http" : "https"
        return "\(scheme)://\(host)\(route.path)"
    }
}
