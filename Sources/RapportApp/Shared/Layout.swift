import Plot
import Vapor

/// The one page layout: header with the person's name and role, navigation for their role, main content.
enum Layout {
    static func page(
        _ title: String, for request: Request, status: HTTPResponseStatus = .ok, wide: Bool = false,
        _ content: Node<HTML.BodyContext>...
    ) -> Response {
        let visit = request.visit
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(title) · Rapport"),
                .stylesheet(Stylesheet.link)
            ),
            .body(
                .a(.class("skip"), .href("#main"), "Skip to content"),
                header(visit: visit),
                .main(
                    .id("main"), .class(wide ? "wide" : ""),
                    .h1(.text(title)),
                    .group(content)
                ),
                .footer(.p("Rapport · peer mentoring"))
            )
        )
        let response = Response(status: status, body: .init(string: html.render()))
        response.headers.contentType = .html
        return response
    }

    private static func header(visit: Visit) -> Node<HTML.BodyContext> {
        guard let person = visit.person, let session = visit.session, !session.mustChoosePassword else {
            return .header(.class("site"), .div(.class("bar"), .a(.class("brand"), .href(SiteRoute.root.path), "Rapport")))
        }
        let place = visit.school?.name ?? "All schools"
        return .header(
            .class("site"),
            .div(
                .class("bar"),
                .a(.class("brand"), .href(SiteRoute.home.path), "Rapport"),
                .p(.class("who"), .text("\(person.givenName) · \(person.roleTitle) · \(place)")),
                .form(
                    .class("signout"), .method(.post), .action(SiteRoute.signOut.path),
                    FormField.csrf(session.csrfToken),
                    .a(.href(SiteRoute.changePassword.path), "Password"),
                    .button(.type(.submit), .class("link"), "Sign out")
                )
            ),
            .nav(.attribute(named: "aria-label", value: "Main"), .ul(
                .forEach(links(for: person.role)) { link in .li(.a(.href(link.route.path), .text(link.label))) },
                .li(.a(.href(SiteRoute.notifications.path), .class("bell"),
                       .text(visit.unreadNotifications == 0 ? "Notifications" : "Notifications (\(visit.unreadNotifications) new)"))),
                .if(visit.school != nil, .li(.a(.href(SiteRoute.worried.path), .class("worried"), "I'm worried")))
            ))
        )
    }

    private static func links(for role: Role) -> [(label: String, route: SiteRoute)] {
        switch role {
        case .coordinator:
            [("Home", .home), ("Students", .students), ("Matching", .rounds), ("Matches", .matches), ("Check-ins", .checkIns), ("Dashboard", .dashboard), ("Report", .report),
             ("Training", .trainingProgress),
             ("Stories", .storyReview), ("Mentor support", .mentorSupport), ("Import roster", .rosterImport), ("Programmes", .programmes), ("Staff", .staff)]
        case .mentor:
            [("Home", .home), ("My mentees", .myMatches), ("My mentoring", .myMentoring), ("Training", .training), ("My stories", .stories),
             ("My profile", .myProfile)]
        case .mentee:
            [("Home", .home), ("My mentor", .myMatches), ("Choose a mentor", .shortlist), ("My profile", .myProfile)]
        case .safeguardingLead:
            [("Home", .home), ("Concerns", .concerns), ("Data requests", .records), ("Staff", .staff)]
        case .organisationAdmin:
            [("Home", .home), ("Schools", .schools), ("Dashboard", .dashboard), ("Staff", .staff), ("Data requests", .records)]
        }
    }

    static func errorPage(status: HTTPResponseStatus, message: String, for request: Request) -> Response {
        let home = request.visit.person == nil ? SiteRoute.signIn : SiteRoute.home
        return page(
            status == .notFound ? "Not found" : status == .forbidden ? "Not allowed" : "Something is not right",
            for: request, status: status,
            .p(.class("lead"), .text(message)),
            .p(.a(.href(home.path), .text(request.visit.person == nil ? "Go to sign in" : "Go to your home page"))),
            // Our own failure: the reference finds this request's lines in the server's log.
            .if(status.code >= 500, .unwrap(request.logID) { id in .p(.class("hint"), .text("Reference for whoever looks after Rapport: \(id)")) })
        )
    }

    /// A short message at the top of a page, read out by screen readers when it appears.
    static func notice(_ text: String?, kind: String = "success") -> Node<HTML.BodyContext> {
        .unwrap(text) { .div(.class("notice \(kind)"), .attribute(named: "role", value: "status"), .p(.text($0))) }
    }
}
