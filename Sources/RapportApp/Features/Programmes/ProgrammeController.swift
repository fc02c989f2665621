import Fluent
import Plot
import Vapor

/// A coordinator's programmes: one per school year (or more), each with its own rules.
struct ProgrammeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get("programmes", use: page)
        coordinator.post("programmes", use: create)
    }

    static let nameMaxLength = 80

    func page(_ request: Request) async throws -> Response {
        let calendar = Calendar(identifier: .gregorian)
        let now = request.now
        let year = calendar.component(.year, from: now) - (calendar.component(.month, from: now) < 8 ? 1 : 0)
        var state = FormState()
        state.values = [
            "name": "Peer mentoring", "school_year": "\(year)–\(String(year + 1).suffix(2))",
            "starts_on": "\(year)-09-08", "ends_on": "\(year + 1)-07-16", "meeting_cadence_days": "7",
            "minimum_year_gap": "1", "feedback_every_weeks": "4", "mentee_choice": "",
            "school_day_starts": "08:30", "school_day_ends": "16:00", "school_day_only": "yes", "pulse_answers_visible": "",
        ]
        let notice = (try? request.query.get(String.self, at: "notice")) == "created" ? "Programme created." : nil
        return try await render(request, state: state, notice: notice)
    }

    private func render(_ request: Request, state: FormState, notice: String? = nil) async throws -> Response {
        let school = try request.requireSchool()
        let programmes = try await Programme.query(on: request.db).filter(\.$school.$id == school.requireID())
            .sort(\.$startsOn, .descending).all()
        let csrf = try await request.csrfToken()
        let time = request.schoolTime
        return Layout.page(
            "Programmes", for: request,
            Layout.notice(notice),
            programmes.isEmpty
                ? .p("No programme yet. Create one for this school year below.")
                : .group(.forEach(programmes) { programme in
                    .div(.class("card"),
                         .h2(.text("\(programme.name), \(programme.schoolYear)")),
                         .element(named: "dl", nodes: [
                            .class("facts"),
                            .element(named: "dt", text: "Runs"), .element(named: "dd", text: "\(time.dateText(programme.startsOn)) to \(time.dateText(programme.endsOn))"),
                            .element(named: "dt", text: "Meetings"), .element(named: "dd", text: programme.meetingCadenceDays == 7 ? "Weekly" : "Every \(programme.meetingCadenceDays) days"),
                            .element(named: "dt", text: "Year gap"), .element(named: "dd", text: "Mentors at least \(programme.minimumYearGap) year\(programme.minimumYearGap == 1 ? "" : "s") above"),
                            .element(named: "dt", text: "Feedback"), .element(named: "dd", text: "Every \(programme.feedbackEveryWeeks) weeks"),
                            .element(named: "dt", text: "Mentee choice"), .element(named: "dd", text: programme.menteeChoice ? "Mentees rank a shortlist" : "Off"),
                            .element(named: "dt", text: "Meeting times"), .element(named: "dd", text: programme.meetingsInSchoolDayOnly
                                ? "Within the school day, \(programme.schoolDayText)" : "Any time"),
                            .element(named: "dt", text: "Relationship checks"), .element(named: "dd", text: programme.pulseAnswersVisible
                                ? "Coordinators see scores and each answer" : "Coordinators see scores only"),
                         ]))
                }),
            .h2("Create a programme"),
            FormField.errorSummary(state),
            .form(
                .method(.post), .action(SiteRoute.programmes.path), .class("card"),
                FormField.csrf(csrf),
                FormField.text("name", label: "Name", state: state, maxLength: Self.nameMaxLength, required: true),
                FormField.text("school_year", label: "School year", state: state, hint: "For example 2026–27.", maxLength: 20, required: true),
                FormField.text("starts_on", label: "Starts on", state: state, type: .date, required: true),
                FormField.text("ends_on", label: "Ends on", state: state, type: .date, required: true),
                FormField.select("meeting_cadence_days", label: "How often pairs meet", state: state,
                                 options: [("7", "Every week"), ("14", "Every two weeks")]),
                FormField.select("minimum_year_gap", label: "Mentors are at least this many years older", state: state,
                                 options: (0...3).map { (String($0), $0 == 1 ? "1 year" : "\($0) years") }),
                FormField.select("feedback_every_weeks", label: "Two-way feedback every", state: state,
                                 options: [("2", "2 weeks"), ("4", "4 weeks"), ("6", "6 weeks"), ("8", "8 weeks")]),
                FormField.checkbox("mentee_choice", label: "Mentees rank mentors from a shortlist before matching", state: state,
                                   hint: "Gives mentees a say: their choices count in matching."),
                FormField.checkbox("school_day_only", label: "Pairs meet only within the school day", state: state),
                FormField.text("school_day_starts", label: "School day starts at", state: state, type: .time, required: true),
                FormField.text("school_day_ends", label: "School day ends at", state: state, type: .time, required: true),
                FormField.checkbox("pulse_answers_visible", label: "Coordinators see each relationship-check answer, not only scores", state: state,
                                   hint: "Off by default: students answer more honestly when only the score is seen."),
                .div(.class("actions"), .button(.type(.submit), "Create programme"))
            )
        )
    }

    func create(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let school = try request.requireSchool()
        var state = try request.formState()
        let name = state.requireText("name", label: "a name", maxLength: Self.nameMaxLength)
        let schoolYear = state.requireText("school_year", label: "the school year", maxLength: 20)
        let time = request.schoolTime
        let startsOn = time.date(day: state["starts_on"], time: "00:00")
        let endsOn = time.date(day: state["ends_on"], time: "00:00")
        if startsOn == nil { state.errors["starts_on"] = "Enter the start date as a date, like 2026-09-08." }
        if endsOn == nil { state.errors["ends_on"] = "Enter the end date as a date, like 2027-07-16." }
        if let startsOn, let endsOn, endsOn <= startsOn { state.errors["ends_on"] = "The end date must come after the start date." }
        let cadence = state.requireInt("meeting_cadence_days", label: "how often pairs meet", in: 1...31)
        let gap = state.requireInt("minimum_year_gap", label: "the year gap", in: 0...6)
        let feedback = state.requireInt("feedback_every_weeks", label: "how often feedback comes", in: 1...12)
        let dayStarts = SchoolTime.minuteOfDay(state["school_day_starts"])
        let dayEnds = SchoolTime.minuteOfDay(state["school_day_ends"])
        if dayStarts == nil { state.errors["school_day_starts"] = "Enter when the school day starts as a time, like 08:30." }
        if dayEnds == nil { state.errors["school_day_ends"] = "Enter when the school day ends as a time, like 16:00." }
        if let dayStarts, let dayEnds, dayEnds <= dayStarts { state.errors["school_day_ends"] = "The school day must end after it starts." }
        if let name, let schoolYear,
           try await Programme.query(on: request.db).filter(\.$school.$id == school.requireID())
            .filter(\.$name == name).filter(\.$schoolYear == schoolYear).count() > 0 {
            state.errors["name"] = "There is already a programme called \(name) for \(schoolYear)."
        }
        guard state.isValid, let name, let schoolYear, let startsOn, let endsOn, let cadence, let gap, let feedback,
              let dayStarts, let dayEnds else {
            return try await render(request, state: state)
        }
        let programme = Programme()
        programme.$school.id = try school.requireID()
        programme.name = name
        programme.schoolYear = schoolYear
        programme.startsOn = startsOn
        programme.endsOn = endsOn
        programme.meetingCadenceDays = cadence
        programme.minimumYearGap = gap
        programme.feedbackEveryWeeks = feedback
        programme.menteeChoice = state["mentee_choice"] == "yes"
        programme.meetingsInSchoolDayOnly = state["school_day_only"] == "yes"
        programme.schoolDayStartsMinute = dayStarts
        programme.schoolDayEndsMinute = dayEnds
        programme.pulseAnswersVisible = state["pulse_answers_visible"] == "yes"
        programme.createdByID = try coordinator.requireID()
        try await programme.create(on: request.db)
        try await TrainingReminder.remindUntrainedMentors(of: school, at: request.now, on: request.db)
        return request.redirect(to: SiteRoute.programmes.path + "?notice=created", redirectType: .normal)
    }
}
