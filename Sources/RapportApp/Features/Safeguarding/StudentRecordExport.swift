import Fluent
import Plot
import Vapor

/// Everything Rapport holds about one student, for a subject access request: their account and profile, stories,
/// matches with their history, meetings, what they wrote (opened for the export), their relationship checks and
/// feedback, notifications, worries they raised and their sign-ins. The safeguarding lead (for their school) or the
/// organisation admin (for every school of the organisation) finds the student, asks for it with a reason, which is
/// audited, and gets it as a printable page or a JSON file. Concerns about the student are not in it: what of those may
/// be shared is the lead's decision, from the student's chronology.
struct StudentRecordExport: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let allowed = routes.grouped(RoleGuard(roles: [.safeguardingLead, .organisationAdmin], auditRefusalsAs: "refused student record export"))
        allowed.get(.records, use: find)
        allowed.get(.studentRecord, use: form)
        allowed.post(.studentRecord, use: export)
        allowed.post(.deleteStudentRecord, use: delete)
    }

    static let maximumResults = 50

    /// Finding the student a request is about, by name or username, among the students the person may export.
    func find(_ request: Request) async throws -> Response {
        let person = try request.requirePerson()
        let typed = String(((try? request.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces).prefix(60))
        var state = FormState()
        state.values["q"] = typed
        var found: [Person] = []
        if typed.count == 1 { state.errors["q"] = "Type at least two letters of their name or username." }
        if typed.count >= 2 {
            found = try await PersonSearch.filter(Self.scoped(Person.query(on: request.db), for: person), words: PersonSearch.words(typed))
                .filter(\.$role ~~ [.mentor, .mentee]).with(\.$school).sort(\.$familyName).sort(\.$givenName).all()
            try await request.audit.record("searched students for a data request", subject: "\"\(typed)\": \(found.count) found",
                                           by: person, schoolID: person.$school.id, on: request.db)
        }
        let shown = found.prefix(Self.maximumResults)
        return Layout.page(
            "Data requests", for: request,
            .p(.class("lead"), .text(person.role == .organisationAdmin
                ? "For a request to see or erase a student's data, at any school of your organisation. Find the student, then export or delete their record; each step is kept in the audit log."
                : "For a request to see or erase a student's data. Find the student, then export or delete their record; each step is kept in the audit log.")),
            .form(
                .method(.get), .action(SiteRoute.records.path), .class("card"),
                FormField.text("q", label: "Student's name or username", state: state, maxLength: 60, required: true),
                .div(.class("actions"), .button(.type(.submit), "Find"))
            ),
            .if(typed.count >= 2, found.isEmpty
                ? .p(.text("No student matches \u{201C}\(typed)\u{201D}."))
                : .ul(.class("results"), .forEach(shown) { student in
                    .li(.a(.href(SiteRoute.studentRecord(student.id!).path), .text(student.fullName)),
                        .text(" · \(student.role.title), year \(student.yearGroup.map(String.init) ?? "?") · \(student.school?.name ?? "") · \(student.username)"))
                })),
            .if(found.count > Self.maximumResults, .p(.class("hint"), .text("Showing the first \(Self.maximumResults) of \(found.count): type more of the name.")))
        )
    }

    /// The lead's own school, or the admin's whole organisation.
    private static func scoped(_ query: QueryBuilder<Person>, for person: Person) throws -> QueryBuilder<Person> {
        if person.role == .organisationAdmin { return query.filter(\.$organisation.$id == person.$organisation.id) }
        guard let schoolID = person.$school.id else { throw Abort(.forbidden, reason: "This page belongs to a school, and your account is not in one.") }
        return query.filter(\.$school.$id == schoolID)
    }

    /// A part of the record: facts (label, value) and parts within it.
    struct Section: Content {
        var title: String
        var facts: [Fact] = []
        var sections: [Section] = []

        struct Fact: Content {
            let label: String
            let value: String
        }

        mutating func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { facts.append(Fact(label: label, value: value)) }
        }
    }

    private static func student(_ request: Request) async throws -> Person {
        let person = try request.requirePerson()
        guard let id = request.parameters.get("student").flatMap(UUID.init(uuidString:)),
              let student = try await scoped(Person.query(on: request.db), for: person).filter(\.$id == id)
                .filter(\.$role ~~ [.mentor, .mentee]).first()
        else { throw Abort(.notFound, reason: "There is no such student in your school.") }
        return student
    }

    func form(_ request: Request) async throws -> Response {
        try await render(request, student: try await Self.student(request), state: FormState())
    }

    private func render(_ request: Request, student: Person, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let csrf = try await request.csrfToken()
        return Layout.page(
            "Everything held about \(student.fullName)", for: request, status: status,
            .p(.class("lead"), "For a request to see or correct their data. What students wrote is opened for it; concerns about them are not included (see their chronology)."),
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.studentRecord(student.id!).path), .class("card"), FormField.csrf(csrf),
                FormField.text("reason", label: "Why you are exporting it", state: state,
                               hint: "Kept in the audit log, for example: subject access request from parent, received 3 December.",
                               maxLength: 300, required: true),
                FormField.radios("format", legend: "As", state: state.values["format"] == nil ? FormState(values: ["format": "page"]) : state,
                                 options: [("page", "A page to read and print"), ("json", "A JSON file")]),
                .div(.class("actions"), .button(.type(.submit), "Export"))
            ),
            .form(
                .method(.post), .action(SiteRoute.deleteStudentRecord(student.id!).path), .class("card"), FormField.csrf(csrf),
                .h2("Delete this student"),
                .p("For a request to erase their data: their name, username, email, profile, stories and what they wrote in their matches go; what the other student wrote, dates and counts stay, and worries they raised stay in the safeguarding record. It can't be undone."),
                FormField.text("delete_reason", label: "Why", state: state, hint: "Kept in the audit log.", maxLength: 300, required: true),
                FormField.text("confirm_username", label: "Type their username, \(student.username), to confirm", state: state, maxLength: 60, required: true),
                .div(.class("actions"), .button(.type(.submit), .class("danger"), "Delete the student"))
            )
        )
    }

    func export(_ request: Request) async throws -> Response {
        let lead = try request.requirePerson()
        let student = try await Self.student(request)
        var state = try request.formState()
        let reason = state.requireText("reason", label: "why you are exporting it", maxLength: 300)
        let format = state["format"] == "json" ? "json" : "page"
        guard let reason else { return try await render(request, student: student, state: state, status: .unprocessableEntity) }
        let record = try await Self.record(of: student, request: request)
        try await request.audit.record("exported student record", subject: "student \(try student.requireID()) as \(format): \(reason)",
                                       by: lead, schoolID: student.$school.id, on: request.db)
        if format == "json" {
            let response = Response(status: .ok)
            try response.content.encode(record, as: .json)
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"rapport-record-\(student.username).json\"")
            return response
        }
        return Layout.page("Everything held about \(student.fullName)", for: request, wide: true,
                           .p(.class("hint no-print"), .text("Exported \(request.schoolTime.stampText(request.now)). Print it with Ctrl+P or ⌘P.")),
                           Self.view(record))
    }

    func delete(_ request: Request) async throws -> Response {
        let lead = try request.requirePerson()
        let student = try await Self.student(request)
        var state = try request.formState()
        let reason = state.requireText("delete_reason", label: "why", maxLength: 300)
        if state["confirm_username"].trimmingCharacters(in: .whitespaces).lowercased() != student.username {
            state.errors["confirm_username"] = "Type the student's username exactly, to confirm."
        }
        guard state.isValid, let reason else { return try await render(request, student: student, state: state, status: .unprocessableEntity) }
        let notes = request.notes
        try await request.db.transaction { database in
            let changed = try await StudentDeletion.delete(student, notes: notes, random: request.dependencies.random, on: database)
            try await request.audit.record("deleted student", subject: "student \(try student.requireID()): \(changed) records removed or emptied; \(reason)",
                                           by: lead, schoolID: student.$school.id, on: database)
        }
        return Layout.page("Student deleted", for: request,
                           .p(.class("lead"), "Their name, username and what they wrote are gone. The audit log keeps that it happened, by whom and why."),
                           .p(.a(.href(SiteRoute.records.path), "Back to data requests")))
    }

    static func view(_ section: Section, level: Int = 2) -> Node<HTML.BodyContext> {
        .section(
            .class("card"),
            .element(named: "h\(min(level, 4))", text: section.title),
            .if(!section.facts.isEmpty, .element(named: "dl", nodes: [.class("facts"), .forEach(section.facts) { fact in
                .group(.element(named: "dt", text: fact.label), .element(named: "dd", text: fact.value))
            }])),
            .forEach(section.sections) { view($0, level: level + 1) }
        )
    }

    static func record(of student: Person, request: Request) async throws -> Section {
        let database = request.db
        let notes = request.notes
        let time = request.schoolTime
        let studentID = try student.requireID()
        var record = Section(title: student.fullName)
        var account = Section(title: "Account")
        account.add("Username", student.username)
        account.add("Email", student.email)
        account.add("Role", student.role.title)
        account.add("Year group", student.yearGroup.map(String.init))
        account.add("Gender", student.gender?.title)
        account.add("School roster id", student.sourceID)
        account.add("Added", student.createdAt.map(time.stampText))
        record.sections.append(account)

        let profile = try await MentoringProfile.of(student, on: database)
        var profileSection = Section(title: "Mentoring profile")
        profileSection.add("Interests", profile.interests.map { Vocabulary.label(of: $0, in: Vocabulary.interests) }.joined(separator: ", "))
        profileSection.add("Dislikes", profile.dislikes.map { Vocabulary.label(of: $0, in: Vocabulary.dislikes) }.joined(separator: ", "))
        profileSection.add("Finds hard", profile.currentChallenges.map { Vocabulary.label(of: $0, in: Vocabulary.challenges) }.joined(separator: ", "))
        profileSection.add("Has got through", profile.overcomeChallenges.map { Vocabulary.label(of: $0, in: Vocabulary.challenges) }.joined(separator: ", "))
        profileSection.add("Free periods", profile.freePeriods.map(Vocabulary.freePeriodLabel).joined(separator: ", "))
        profileSection.add("Wants a mentor of the same gender", profile.wantsSameGenderMentor ? "Yes" : "No")
        profileSection.add("About me", profile.about)
        profileSection.add("Identity tags", profile.identities.map { Vocabulary.label(of: $0, in: Vocabulary.identities) }.joined(separator: ", "))
        profileSection.add("Staff may see the identity tags", profile.identitiesVisible ? "Yes" : "No")
        record.sections.append(profileSection)

        let checks = try await MentorWellbeing.query(on: database).filter(\.$person.$id == studentID).sort(\.$answeredAt).all()
        let asks = try await MentorHelpRequest.query(on: database).filter(\.$person.$id == studentID).sort(\.$askedAt).all()
        if !checks.isEmpty || !asks.isEmpty {
            var support = Section(title: "Support as a mentor")
            for check in checks {
                support.add("Check-in \(check.month)", "feeling \(check.feeling.title.lowercased()), mentoring \(check.load.title.lowercased())"
                    + (try notes.open(check, \.$noteSealed).map { ": \($0)" } ?? "") + (check.sharedWithCoordinator ? " (shared with the coordinator)" : ""))
            }
            for ask in asks { support.add("Asked for help, \(time.stampText(ask.askedAt))", try notes.open(ask, \.$textSealed)) }
            record.sections.append(support)
        }


        for story in try await MentorStory.query(on: database).filter(\.$mentor.$id == studentID).sort(\.$createdAt).all() {
            var section = Section(title: "Story: \(story.title)")
            section.add("Written", time.stampText(story.createdAt))
            section.add("Text", story.body)
            section.add("Hidden by a coordinator", story.hiddenAt.map(time.stampText))
            record.sections.append(section)
        }

        let matches = try await MentoringMatch.query(on: database)
            .group(.or) { $0.filter(\.$mentor.$id == studentID).filter(\.$mentee.$id == studentID) }
            .withPair().sort(\.$createdAt).all()
        for match in matches { record.sections.append(try await matchSection(match, student: student, notes: notes, time: time, on: database)) }

        var notifications = Section(title: "Notifications")
        for item in try await AppNotification.query(on: database).filter(\.$person.$id == studentID).sort(\.$createdAt).all() {
            notifications.add(time.stampText(item.createdAt), item.text)
        }
        record.sections.append(notifications)

        var worries = Section(title: "Worries they raised")
        for concern in try await Concern.query(on: database).filter(\.$raisedBy.$id == studentID).sort(\.$raisedAt).all() {
            worries.add(time.stampText(concern.raisedAt), try notes.open(concern, \.$textSealed))
        }
        record.sections.append(worries)

        var signIns = Section(title: "Sign-ins and account events")
        for event in try await AuditEvent.query(on: database).filter(\.$actorID == studentID).sort(\.$sequence).all() {
            signIns.add(time.stampText(event.occurredAt), "\(event.action) (\(event.subject))")
        }
        record.sections.append(signIns)
        return record
    }

    private static func matchSection(_ match: MentoringMatch, student: Person, notes: NoteCipher, time: SchoolTime,
                                     on database: any Database) async throws -> Section {
        let studentID = try student.requireID()
        let matchID = try match.requireID()
        let other = match.$mentor.id == studentID ? match.mentee : match.mentor
        var section = Section(title: "Match with \(other.fullName)")
        section.add("Their part", match.$mentor.id == studentID ? "Mentor" : "Mentee")
        section.add("State", match.state.title)
        section.add("Active since", match.activatedAt.map(time.stampText))
        for transition in try await MatchTransition.query(on: database).filter(\.$match.$id == matchID).sort(\.$occurredAt).all() {
            section.add(time.stampText(transition.occurredAt), "\(transition.fromState.title) to \(transition.toState.title)"
                + (transition.reason.isEmpty ? "" : ": \(transition.reason)"))
        }
        for rules in try await GroundRulesVersion.query(on: database).filter(\.$match.$id == matchID).filter(\.$writtenBy.$id == studentID)
            .sort(\.$version).all() {
            section.add("Ground rules, version \(rules.version), \(time.stampText(rules.writtenAt))", try notes.open(rules, \.$textSealed))
        }
        let meetings = try await Meeting.query(on: database).filter(\.$match.$id == matchID).sort(\.$startsAt).all()
        let meetingIDs = meetings.compactMap(\.id)
        let attendance = try await MeetingAttendance.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).filter(\.$person.$id == studentID).all()
        let checkIns = try await CheckIn.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).filter(\.$person.$id == studentID).all()
        let entries = try await MeetingEntry.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).filter(\.$author.$id == studentID).all()
        let summaries = try await MeetingSummary.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).all()
        for meeting in meetings {
            var part = Section(title: "Meeting \(time.slotText(meeting.startsAt, meeting.endsAt))")
            part.add("State", meeting.state.rawValue)
            part.add("Place", try notes.open(meeting, \.$placeSealed))
            part.add("Why it changed", try notes.open(meeting, \.$changeReasonSealed))
            if let said = attendance.first(where: { $0.$meeting.id == meeting.id }) {
                part.add("Said it", said.outcome.choice(other: other.givenName))
                part.add("Note to put it right", try notes.open(said, \.$repairNoteSealed))
            }
            part.add("Feeling at check-in", checkIns.first { $0.$meeting.id == meeting.id }?.feeling.rawValue)
            for entry in entries where entry.$meeting.id == meeting.id {
                part.add("Wrote (\(entry.kind.rawValue))", try notes.open(entry, \.$bodySealed))
            }
            if let summary = summaries.first(where: { $0.$meeting.id == meeting.id }) {
                part.add("What I heard", try notes.open(summary, \.$textSealed))
                part.add("Correction", try notes.open(summary, \.$correctionSealed))
            }
            section.sections.append(part)
        }
        var practice = Section(title: "Commitments, wins, goals, feedback and checks")
        for commitment in try await Commitment.query(on: database).filter(\.$match.$id == matchID).filter(\.$person.$id == studentID).all() {
            practice.add("Commitment (\(commitment.status.rawValue))", try notes.open(commitment, \.$textSealed)
                + (try notes.open(commitment, \.$followUpSealed).map { " · \($0)" } ?? ""))
        }
        for win in try await Win.query(on: database).filter(\.$match.$id == matchID).filter(\.$author.$id == studentID).all() {
            practice.add("Win", try notes.open(win, \.$textSealed))
        }
        if match.$mentee.id == studentID {
            for goal in try await Goal.query(on: database).filter(\.$match.$id == matchID).with(\.$steps).with(\.$setbacks).all() {
                practice.add("Goal", try notes.open(goal, \.$titleSealed))
                for step in goal.steps { practice.add(step.doneAt == nil ? "Step" : "Step done", try notes.open(step, \.$textSealed)) }
                for setback in goal.setbacks {
                    practice.add("Setback", "Tried: \(try notes.open(setback, \.$triedSealed)) · Learnt: \(try notes.open(setback, \.$learntSealed)) · Next: \(try notes.open(setback, \.$nextSealed))")
                }
            }
        }
        for answer in try await FeedbackAnswer.query(on: database).filter(\.$match.$id == matchID).filter(\.$person.$id == studentID).all() {
            practice.add("Feedback round \(answer.roundNumber)", "Meetings help: \(answer.meetingsHelp)/5 · Listened to: \(answer.feelListenedTo)/5 · "
                + "Going well: \(try notes.open(answer, \.$goingWellSealed))" + (try notes.open(answer, \.$suggestionSealed).map { " · Would like: \($0)" } ?? ""))
        }
        for pulse in try await PulseAnswer.query(on: database).filter(\.$match.$id == matchID).filter(\.$person.$id == studentID).all() {
            practice.add("Relationship check \(pulse.checkNumber)", "Answers \(pulse.answers.map(String.init).joined(separator: ", ")), score \(String(format: "%.1f", pulse.score))")
        }
        for outcome in try await OutcomeAnswer.query(on: database).filter(\.$match.$id == matchID).filter(\.$person.$id == studentID).all() {
            let scores = OutcomeScales.scores(outcome.answers)
            practice.add("About me, \(outcome.wave.title.lowercased())", "Answers \(outcome.answers.map(String.init).joined(separator: ", ")) · "
                + OutcomeScales.scales.compactMap { scale in scores[scale.id].map { "\(scale.title) \(String(format: "%.1f", $0))" } }.joined(separator: ", "))
        }
        section.sections.append(practice)
        var closing = Section(title: "Closing, requests to stop and the coordinator's check-ins with them")
        closing.add("Why it ended", match.closureReason?.title)
        closing.add("Contact after", match.contactAfter?.title)
        for words in try await ClosingReflection.query(on: database).filter(\.$match.$id == matchID).filter(\.$person.$id == studentID).all() {
            closing.add("Closing words", try notes.open(words, \.$textSealed))
        }
        for ask in try await StopRequest.query(on: database).filter(\.$match.$id == matchID).filter(\.$person.$id == studentID).all() {
            closing.add("Asked to stop, \(time.stampText(ask.askedAt))", try notes.open(ask, \.$textSealed) ?? "")
        }
        // Check-ins with this student or with both, not those with the other student alone.
        let mySide: CheckInWith = match.$mentor.id == studentID ? .mentor : .mentee
        for checkIn in try await PairCheckIn.query(on: database).filter(\.$match.$id == matchID).filter(\.$withWhom ~~ [.both, mySide]).sort(\.$checkedOn).all() {
            closing.add("Coordinator check-in, \(time.dateText(checkIn.checkedOn)) (\(checkIn.withWhom.title.lowercased()), \(checkIn.how.title.lowercased()))",
                        try notes.open(checkIn, \.$noteSealed) + (try notes.open(checkIn, \.$nextStepSealed).map { " · Next: \($0)" } ?? ""))
        }
        section.sections.append(closing)
        return section
    }
}
