import Fluent
import Plot
import Vapor

/// Each role's home page: where they are and what comes next.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RoleGuard(roles: Set(Role.allCases))).get(.home, use: home)
    }

    func home(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        let noticeText: String? = switch request.notice {
        case .passwordSet: "Your password is saved. Use it with your username next time."
        case .passwordChanged: "Your password is changed."
        default: nil
        }
        let notice: Node<HTML.BodyContext> = .group(Layout.notice(noticeText), try await AccountActivity.section(for: person, request: request))
        switch person.role {
        case .mentor, .mentee: return try await studentHome(request, student: person, notice: notice)
        case .coordinator: return try await coordinatorHome(request, coordinator: person, notice: notice)
        case .safeguardingLead: return try await safeguardingHome(request, lead: person, notice: notice)
        case .organisationAdmin: return try await organisationHome(request, admin: person, notice: notice)
        }
    }

    private func studentHome(_ request: Request, student: Person, notice: Node<HTML.BodyContext>) async throws -> Response {
        let profile = try await MentoringProfile.of(student, on: request.db)
        let studentID = try student.requireID()
        let matches = try await MentoringMatch.query(on: request.db)
            .group(.or) { $0.filter(\.$mentor.$id == studentID).filter(\.$mentee.$id == studentID) }
            .filter(\.$state ~~ [.awaitingAgreement, .active, .paused, .closing]).withPair().all()
        let training = student.role == .mentor ? try await TrainingStatus.of([studentID], on: request.db)[studentID] : nil
        let schoolID = try request.requireSchool().requireID()
        let mayChoose = student.role == .mentee && matches.isEmpty
            ? try await Programme.query(on: request.db).filter(\.$school.$id == schoolID).filter(\.$menteeChoice == true).count() > 0
            : false
        var reminders: [PairReminders.Reminder] = []
        for match in matches where match.state == .active || match.state == .closing {
            let pair = Pair(match: match, me: student, other: match.$mentor.id == studentID ? match.mentee : match.mentor)
            reminders += try await PairReminders.of(pair, request: request)
        }
        let next: Node<HTML.BodyContext> = !matches.isEmpty
            ? .div(.class("card next"),
                   .h2("What comes next"),
                   .forEach(matches) { match in
                       let other = match.$mentor.id == studentID ? match.mentee : match.mentor
                       return .p(.a(.class("button"), .href(SiteRoute.myMatch(match.id!).path),
                                    .text(match.state == .awaitingAgreement ? "Read and sign your agreement with \(other.givenName)" : "Your match with \(other.givenName)")))
                   },
                   PairReminders.list(reminders))
            : training.map { !$0.isFinished } == true
            ? .div(.class("card next"),
                   .h2("What comes next"),
                   .p(.text("Do your mentor training: short modules on listening, trust and keeping people safe, each with a quick check. You've done \(training!.modulesDone) of \(TrainingContent.modules.count).")),
                   .p(.a(.class("button"), .href(SiteRoute.training.path), "Go to my training")),
                   .if(!profile.isStarted, .p(.a(.href(SiteRoute.myProfile.path), "Fill in your profile too"))))
            : mayChoose && profile.isStarted
            ? .div(.class("card next"),
                   .h2("What comes next"),
                   .p("Have a say in who your mentor is: look at a few mentors who could suit you and pick your favourites."),
                   .p(.a(.class("button"), .href(SiteRoute.shortlist.path), "Choose a mentor")))
            : profile.isStarted
            ? .div(.class("card next"),
                   .h2("What comes next"),
                   .p(.text(student.role == .mentor
                       ? "Your profile is in. Your coordinator will ask you to do some short mentor training, then match you with a younger student. Your match will show here."
                       : "Your profile is in. Your coordinator is finding you a mentor. When they have, you'll see them here and you'll both agree how it will work.")),
                   .p(.a(.href(SiteRoute.myProfile.path), "Check or change your profile")))
            : .div(.class("card next"),
                   .h2("What comes next"),
                   .p(.text(student.role == .mentor
                       ? "Tell us a bit about you, so we can match you with a younger student you'll get on with. It takes about five minutes."
                       : "Tell us a bit about you, so we can find you a mentor you'll get on with. It takes about five minutes.")),
                   .p(.a(.class("button"), .href(SiteRoute.myProfile.path), "Fill in my profile")))
        return Layout.page(
            "Hi \(student.givenName)", for: request,
            notice,
            .p(.class("lead"), .text(student.role == .mentor
                ? "You're a mentor: an older student who listens, shares what helped them, and cheers someone on."
                : "You're a mentee: you'll have an older student to talk to, who has been where you are.")),
            next
        )
    }

    private func coordinatorHome(_ request: Request, coordinator: Person, notice: Node<HTML.BodyContext>) async throws -> Response {
        let school = try request.requireSchool()
        let counts = try await CoordinatorHomeModel.load(school: school, now: request.now, kept: request.application.keptFigures, on: request.db)
        let (flagged, programmes, withoutPassword, started) = (counts.flaggedPairs, counts.programmes, counts.withoutPassword, counts.profilesStarted)
        let studentCount = counts.students

        var steps: [Node<HTML.ListContext>] = []
        if flagged > 0 {
            steps.append(.li(.text("\(flagged == 1 ? "1 pair" : "\(flagged) pairs") may need a check-in: "),
                             .a(.href(SiteRoute.checkIns.path), "see who and why"), "."))
        }
        if studentCount == 0 {
            steps.append(.li(.a(.href(SiteRoute.rosterImport.path), "Import your roster"), " or ", .a(.href(SiteRoute.newStudent.path), "add students one by one"), "."))
        }
        if programmes == 0 {
            steps.append(.li(.a(.href(SiteRoute.programmes.path), "Create this year's programme"), " with its meeting rhythm and matching rules."))
        }
        if withoutPassword > 0 {
            steps.append(.li(.text("\(withoutPassword) student\(withoutPassword == 1 ? " has" : "s have") not signed in yet: "),
                             .a(.href(SiteRoute.students.path), "print their login cards"), "."))
        }
        if started < studentCount {
            steps.append(.li(.text("\(studentCount - started) student\(studentCount - started == 1 ? " has" : "s have") not started their profile.")))
        }
        return Layout.page(
            "\(school.name)", for: request,
            notice,
            .div(.class("card"),
                 FormField.facts([
                     ("Students", String(studentCount)),
                     ("Mentors", "\(counts.mentors), with room for \(counts.mentorPlaces) mentees"),
                     ("Mentees", String(studentCount - counts.mentors)),
                     ("Profiles started", "\(started) of \(studentCount)"),
                     ("Programmes", String(programmes)),
                 ])),
            .div(.class("card next"),
                 .h2("What comes next"),
                 steps.isEmpty
                    ? .p(.text("Everyone is set up: students have profiles and can sign in. Match them from "),
                         .a(.href(SiteRoute.rounds.path), "Matching"), .text(", then follow your pairs on "),
                         .a(.href(SiteRoute.matches.path), "Matches"), .text("."))
                    : .ul(.group(steps)))
        )
    }

    private func safeguardingHome(_ request: Request, lead: Person, notice: Node<HTML.BodyContext>) async throws -> Response {
        let school = try request.requireSchool()
        let waiting = try await Concern.query(on: request.db).filter(\.$school.$id == school.requireID())
            .filter(\.$acknowledgedAt == nil).filter(\.$closedAt == nil).count()
        let open = try await Concern.query(on: request.db).filter(\.$school.$id == school.requireID()).filter(\.$closedAt == nil).count()
        return Layout.page(
            "Hi \(lead.givenName)", for: request,
            notice,
            .p(.class("lead"), .text(lead.isDeputyLead ? "You are a deputy safeguarding lead for \(school.name)."
                                                         : "You are the safeguarding lead for \(school.name).")),
            .div(.class("card next"),
                 .h2("What comes next"),
                 .p(.text(waiting == 0 ? "No concern is waiting for you." : waiting == 1 ? "1 new concern is waiting for you." : "\(waiting) new concerns are waiting for you.")),
                 .p(.text("\(open) open in all.")),
                 .p(.a(.class("button"), .href(SiteRoute.concerns.path), "Open concerns")),
                 .p(.class("hint"), .text(lead.isDeputyLead
                    ? "A new concern alerts the school's lead first (you, when there is no other); one not acknowledged within the school's set time is sent to you too, here and by e-mail."
                    : "Every new concern alerts you here and by e-mail; one not acknowledged within the school's set time goes to the deputy leads and to you again.")))
        )
    }

    private func organisationHome(_ request: Request, admin: Person, notice: Node<HTML.BodyContext>) async throws -> Response {
        let schools = try await School.query(on: request.db).filter(\.$organisation.$id == admin.$organisation.id).sort(\.$name).all()
        let organisation = try await admin.$organisation.get(on: request.db)
        let people = try await Person.query(on: request.db)
            .filter(\.$organisation.$id == admin.$organisation.id).filter(\.$isActive == true).all()
        let bySchool = Dictionary(grouping: people) { $0.$school.id }
        let rows = schools.map { school in
            let members = bySchool[school.id] ?? []
            return (school, members.filter(\.role.isStudent).count, members.filter(\.role.isStaff).count)
        }
        return Layout.page(
            organisation.name, for: request, wide: true,
            notice,
            .p(.class("lead"), "Your schools at a glance. Figures are totals only: student records stay with each school, and you open one only for a request to see or erase a student's data (Data requests), which is audited."),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th("School"), .th("Students"), .th("Staff"))),
                .tbody(.forEach(rows) { row in .tr(.td(.text(row.0.name)), .td(.text(String(row.1))), .td(.text(String(row.2)))) })
            )),
            .div(.class("card next"),
                 .h2("What comes next"),
                 .p("Managing schools and staff accounts from here, and reports across schools, come in a later version of Rapport. Until then, staff accounts are made with the rapport create-admin command."))
        )
    }
}
