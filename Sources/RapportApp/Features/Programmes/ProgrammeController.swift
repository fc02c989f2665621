import Fluent
import Plot
import SQLKit
import Vapor

/// A coordinator's programmes: one per school year (or more), each with its own rules.
struct ProgrammeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.programmes, use: page)
        coordinator.post(.programmes, use: create)
        coordinator.get(.editProgramme, use: editPage)
        coordinator.post(.editProgramme, use: update)
    }

    static let nameMaxLength = 80
    static let cadenceChoices = [7, 14]
    static let yearGapChoices = Array(0...3)
    static let feedbackWeekChoices = [2, 4, 6, 8]

    func page(_ request: Request) async throws -> Response {
        let calendar = Calendar(identifier: .gregorian)
        let now = request.now
        let year = calendar.component(.year, from: now) - (calendar.component(.month, from: now) < 8 ? 1 : 0)
        var state = FormState()
        state.values = [
            "name": "Peer mentoring", "school_year": "\(year)–\(String(year + 1).suffix(2))",
            "starts_on": "\(year)-09-08", "ends_on": "\(year + 1)-07-16", "term_ends": "\(year)-12-18, \(year + 1)-03-26",
            "meeting_cadence_days": "7",
            "minimum_year_gap": "1", "feedback_every_weeks": "4", "mentee_choice": "",
            "school_day_starts": "08:30", "school_day_ends": "16:00", "school_day_only": "yes", "pulse_answers_visible": "",
        ]
        state.values.merge(Self.ruleValues(.defaults)) { $1 }
        let notice = switch request.notice {
        case .created: "Programme created."
        case .saved: "Changes saved."
        default: String?.none
        }
        return try await render(request, state: state, notice: notice)
    }

    private func render(_ request: Request, state: FormState, notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let school = try request.requireSchool()
        let programmes = try await Programme.query(on: request.db).filter(\.$school.$id == school.requireID())
            .sort(\.$startsOn, .descending).all()
        let csrf = try await request.csrfToken()
        let time = request.schoolTime
        return Layout.page(
            "Programmes", for: request, status: status,
            Layout.notice(notice),
            .p(.text("Meetings in free periods follow the school's "), .a(.href(SiteRoute.timetable.path), "bell times"), .text(".")),
            programmes.isEmpty
                ? .p("No programme yet. Create one for this school year below.")
                : .group(.forEach(programmes) { programme in
                    .div(.class("card"),
                         .h2(.text("\(programme.name), \(programme.schoolYear)")),
                         FormField.facts([
                             ("Runs", "\(time.dateText(programme.startsOn)) to \(time.dateText(programme.endsOn))"),
                             ("Terms end", programme.termEndDays.isEmpty ? "Not set"
                                 : programme.termEndDays.compactMap { time.date(day: $0, time: "00:00").map(time.dateText) }.joined(separator: ", ")),
                             ("Meetings", MeetingController.everyText(programme.meetingCadenceDays)),
                             ("Year gap", "Mentors at least \(programme.minimumYearGap) year\(programme.minimumYearGap == 1 ? "" : "s") above"),
                             ("Feedback", "Every \(programme.feedbackEveryWeeks) weeks"),
                             ("Mentee choice", programme.menteeChoice ? "Mentees rank a shortlist" : "Off"),
                             ("Meeting times", programme.meetingsInSchoolDayOnly ? "Within the school day, \(programme.schoolDayText)" : "Any time"),
                             ("Relationship checks", programme.pulseAnswersVisible ? "Coordinators see scores and each answer" : "Coordinators see scores only"),
                         ]),
                         .details(.summary("Early warnings, checks and feedback"),
                                  FormField.facts(HealthRules.settings.map { ($0.label, $0.text(programme.healthRules[keyPath: $0.keyPath])) })),
                         .unwrap(programme.id) { id in
                             .ul(
                                 .li(.a(.href(SiteRoute.editProgramme(id).path), .text("Change the settings of \(programme.name), \(programme.schoolYear)"))),
                                 .li(.a(.href(SiteRoute.programmeMatching(id).path), .text("Matching settings of \(programme.name), \(programme.schoolYear)"))))
                         })
                }),
            .h2("Create a programme"),
            FormField.errorSummary(state),
            Self.form(state: state, csrf: csrf, action: SiteRoute.programmes.path, button: "Create programme", feedbackFixedBy: 0)
        )
    }

    /// The settings form, for a new programme or a programme's changes. Once `feedbackFixedBy` pairs have
    /// started their feedback rounds, the rounds' rhythm is shown but can't change: their dates count from it.
    private static func form(state: FormState, csrf: String, action: String, button: String, feedbackFixedBy pairs: Int) -> Node<HTML.BodyContext> {
        .form(
            .method(.post), .action(action), .class("card"),
            FormField.csrf(csrf),
            FormField.text("name", label: "Name", state: state, maxLength: nameMaxLength, required: true),
            FormField.text("school_year", label: "School year", state: state, hint: "For example 2026–27.", maxLength: 20, required: true),
            FormField.text("starts_on", label: "Starts on", state: state, type: .date, required: true),
            FormField.text("ends_on", label: "Ends on", state: state, type: .date, required: true),
            FormField.text("term_ends", label: "Terms end on (optional)", state: state,
                           hint: "The last day of each term before the year ends, like 2026-12-18, 2027-03-26. Pairs celebrate reaching them.",
                           maxLength: 100),
            FormField.select("meeting_cadence_days", label: "How often pairs meet", state: state,
                             options: cadenceChoices.map { (String($0), MeetingController.everyText($0)) },
                             hint: "New meeting series follow it; meetings already booked stay as they are."),
            FormField.select("minimum_year_gap", label: "Mentors are at least this many years older", state: state,
                             options: yearGapChoices.map { (String($0), $0 == 1 ? "1 year" : "\($0) years") }),
            pairs == 0
                ? FormField.select("feedback_every_weeks", label: "Two-way feedback every", state: state,
                                   options: feedbackWeekChoices.map { (String($0), "\($0) weeks") })
                : .div(.class("field"),
                       .p(.strong(.text("Two-way feedback every \(state["feedback_every_weeks"]) weeks"))),
                       .p(.class("hint"), .text("This stays as it is: \(pairs == 1 ? "1 pair has" : "\(pairs) pairs have") started "
                           + "feedback rounds, and their dates count from it."))),
            FormField.checkbox("mentee_choice", label: "Mentees rank mentors from a shortlist before matching", state: state,
                               hint: "Gives mentees a say: their choices count in matching."),
            FormField.checkbox("school_day_only", label: "Pairs meet only within the school day", state: state),
            FormField.text("school_day_starts", label: "School day starts at", state: state, type: .time, required: true),
            FormField.text("school_day_ends", label: "School day ends at", state: state, type: .time, required: true),
            FormField.checkbox("pulse_answers_visible", label: "Coordinators see each relationship-check answer, not only scores", state: state,
                               hint: "Off by default: students answer more honestly when only the score is seen. Students are told which, and a change applies only to checks answered after it."),
            rulesFieldset(state: state, datesFixedBy: pairs),
            .div(.class("actions"), .button(.type(.submit), .text(button)))
        )
    }

    /// The thresholds of early warnings, checks and feedback: prompts for a check-in, never verdicts.
    private static func rulesFieldset<Context: HTML.BodyContext>(state: FormState, datesFixedBy pairs: Int) -> Node<Context> {
        .element(named: "fieldset", nodes: [
            .class("rules"),
            .element(named: "legend", text: "Early warnings, checks and feedback"),
            .p(.class("hint"), .text("A flag asks you to check in with a pair; it never closes a match. The defaults follow practice research.")),
            .forEach(HealthRules.settings) { setting in
                pairs > 0 && setting.datesCountFromIt
                    ? .div(.class("field"), .p(.strong(.text("\(setting.label) \(setting.text(Int(state[setting.name]) ?? 0))"))),
                           .p(.class("hint"), .text("This stays as it is: pairs have started, and their dates count from it.")))
                    : FormField.select(setting.name, label: setting.label, state: state,
                                       options: setting.choices.map { (String($0), setting.text($0)) })
            },
        ])
    }

    /// The form's values for `rules`, one per setting.
    private static func ruleValues(_ rules: HealthRules) -> [String: String] {
        Dictionary(uniqueKeysWithValues: HealthRules.settings.map { ($0.name, String(rules[keyPath: $0.keyPath])) })
    }

    func create(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let school = try request.requireSchool()
        var state = try request.formState()
        guard let settings = try await Settings.read(&state, request: request, school: school, editing: nil, feedbackFixed: false) else {
            return try await render(request, state: state, status: .unprocessableEntity)
        }
        let programme = Programme()
        programme.$school.id = try school.requireID()
        settings.apply(to: programme)
        programme.matchingSettings = .defaults
        programme.createdByID = try coordinator.requireID()
        try await programme.create(on: request.db)
        try await TrainingReminder.remindUntrainedMentors(of: school, at: request.now, on: request.db)
        return request.redirect(to: SiteRoute.programmes.path(with: .created), redirectType: .normal)
    }

    func editPage(_ request: Request) async throws -> Response {
        let programme = try await Self.schoolProgramme(request)
        let time = request.schoolTime
        var state = FormState()
        state.values = [
            "name": programme.name, "school_year": programme.schoolYear,
            "starts_on": time.dayID(programme.startsOn), "ends_on": time.dayID(programme.endsOn),
            "term_ends": programme.termEndDays.joined(separator: ", "),
            "meeting_cadence_days": String(programme.meetingCadenceDays), "minimum_year_gap": String(programme.minimumYearGap),
            "feedback_every_weeks": String(programme.feedbackEveryWeeks), "mentee_choice": programme.menteeChoice ? "yes" : "",
            "school_day_only": programme.meetingsInSchoolDayOnly ? "yes" : "",
            "school_day_starts": SchoolTime.clockText(programme.schoolDayStartsMinute),
            "school_day_ends": SchoolTime.clockText(programme.schoolDayEndsMinute),
            "pulse_answers_visible": programme.pulseAnswersVisible ? "yes" : "",
        ]
        state.values.merge(Self.ruleValues(programme.healthRules)) { $1 }
        return try await renderEdit(request, programme: programme, state: state)
    }

    private func renderEdit(_ request: Request, programme: Programme, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = try programme.requireID()
        let pairs = try await Self.pairsWithFeedbackRounds(of: programme, on: request.db)
        var shown = state
        if pairs > 0 {
            shown.values["feedback_every_weeks"] = String(programme.feedbackEveryWeeks)
            for setting in HealthRules.settings where setting.datesCountFromIt {
                shown.values[setting.name] = String(programme.healthRules[keyPath: setting.keyPath])
            }
        }
        return Layout.page(
            "Change \(programme.name), \(programme.schoolYear)", for: request, status: status,
            .p(.a(.href(SiteRoute.programmes.path), "Back to programmes")),
            FormField.errorSummary(shown),
            Self.form(state: shown, csrf: try await request.csrfToken(), action: SiteRoute.editProgramme(id).path,
                      button: "Save changes", feedbackFixedBy: pairs)
        )
    }

    func update(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let school = try request.requireSchool()
        let programme = try await Self.schoolProgramme(request)
        var state = try request.formState()
        let pairs = try await Self.pairsWithFeedbackRounds(of: programme, on: request.db)
        guard var settings = try await Settings.read(&state, request: request, school: school, editing: programme, feedbackFixed: pairs > 0) else {
            return try await renderEdit(request, programme: programme, state: state, status: .unprocessableEntity)
        }
        let before = Settings(of: programme)
        let time = request.schoolTime
        // A day left as it was keeps its stored instant (programmes made before dates followed the school's
        // zone were kept at midnight UTC), so saving unchanged dates changes nothing.
        if time.dayID(settings.startsOn) == time.dayID(before.startsOn) { settings.startsOn = before.startsOn }
        if time.dayID(settings.endsOn) == time.dayID(before.endsOn) { settings.endsOn = before.endsOn }
        settings.apply(to: programme)
        let changes = settings.changes(since: before, time: time)
        let rulesChanged = settings.rules != before.rules
        try await request.db.transaction { database in
            try await programme.save(on: database)
            if rulesChanged, let sql = database as? any SQLDatabase {
                // Kept pair histories count attendance over the programme's window: work them out again.
                try await sql.raw("UPDATE matches SET history_generation = history_generation + 1 WHERE programme_id = \(bind: programme.requireID())").run()
            }
            if !changes.isEmpty {
                try await request.audit.record("changed programme settings", subject: "programme \(try programme.requireID()): \(changes.joined(separator: "; "))",
                                               by: coordinator, schoolID: try school.requireID(), on: database)
            }
        }
        return request.redirect(to: SiteRoute.programmes.path(with: .saved), redirectType: .normal)
    }

    /// The programme named in the address, of the signed-in coordinator's school, or 404.
    static func schoolProgramme(_ request: Request) async throws -> Programme {
        let school = try request.requireSchool()
        let programme = try await request.record("programme", Programme.self, notFound: "There is no such programme in your school.") {
            try $0.filter(\.$school.$id == school.requireID())
        }
        return programme
    }

    /// Matches of the programme that have been active: their feedback rounds count from activation at the programme's rhythm.
    private static func pairsWithFeedbackRounds(of programme: Programme, on database: any Database) async throws -> Int {
        try await MentoringMatch.query(on: database).filter(\.$programme.$id == programme.requireID())
            .filter(\.$activatedAt != nil).count()
    }

    /// What the programme form sets, read and checked; the same for a new programme and for changes.
    struct Settings {
        var name: String
        var schoolYear: String
        var startsOn: Date
        var endsOn: Date
        /// Days as `YYYY-MM-DD`, earliest first.
        var termEnds: [String]
        var meetingCadenceDays: Int
        var minimumYearGap: Int
        var feedbackEveryWeeks: Int
        var menteeChoice: Bool
        var meetingsInSchoolDayOnly: Bool
        var schoolDayStartsMinute: Int
        var schoolDayEndsMinute: Int
        var pulseAnswersVisible: Bool
        var rules: HealthRules

        /// The settings, or nil with every problem in `state.errors`. A fixed feedback rhythm keeps the programme's.
        static func read(_ state: inout FormState, request: Request, school: School, editing: Programme?, feedbackFixed: Bool) async throws -> Settings? {
            let name = state.requireText("name", label: "a name", maxLength: ProgrammeController.nameMaxLength)
            let schoolYear = state.requireText("school_year", label: "the school year", maxLength: 20)
            let time = request.schoolTime
            let startsOn = time.date(day: state["starts_on"], time: "00:00")
            let endsOn = time.date(day: state["ends_on"], time: "00:00")
            if startsOn == nil { state.errors["starts_on"] = "Enter the start date as a date, like 2026-09-08." }
            if endsOn == nil { state.errors["ends_on"] = "Enter the end date as a date, like 2027-07-16." }
            if let startsOn, let endsOn, endsOn <= startsOn { state.errors["ends_on"] = "The end date must come after the start date." }
            let termEnds = readTermEnds(&state, time: time, startsOn: startsOn, endsOn: endsOn)
            let cadence = state.requireInt("meeting_cadence_days", label: "how often pairs meet", among: ProgrammeController.cadenceChoices)
            let gap = state.requireInt("minimum_year_gap", label: "the year gap", among: ProgrammeController.yearGapChoices)
            let feedback: Int? = if feedbackFixed, let editing { editing.feedbackEveryWeeks } else {
                state.requireInt("feedback_every_weeks", label: "how often feedback comes", among: ProgrammeController.feedbackWeekChoices)
            }
            let dayStarts = SchoolTime.minuteOfDay(state["school_day_starts"])
            let dayEnds = SchoolTime.minuteOfDay(state["school_day_ends"])
            if dayStarts == nil { state.errors["school_day_starts"] = "Enter when the school day starts as a time, like 08:30." }
            if dayEnds == nil { state.errors["school_day_ends"] = "Enter when the school day ends as a time, like 16:00." }
            if let dayStarts, let dayEnds, dayEnds <= dayStarts { state.errors["school_day_ends"] = "The school day must end after it starts." }
            var rules = HealthRules.defaults
            for setting in HealthRules.settings {
                if feedbackFixed, setting.datesCountFromIt, let editing {
                    rules[keyPath: setting.keyPath] = editing.healthRules[keyPath: setting.keyPath]
                } else if let value = state.requireInt(setting.name, label: setting.label.lowercased(), among: setting.choices) {
                    rules[keyPath: setting.keyPath] = value
                }
            }
            if state.errors["flag_attendance_minimum"] == nil, state.errors["flag_attendance_window"] == nil, rules.attendanceMinimum > rules.attendanceWindow {
                state.errors["flag_attendance_minimum"] = "Choose at most \(rules.attendanceWindow): attendance is judged over the last \(rules.attendanceWindow) scheduled meetings."
            }
            if let name, let schoolYear {
                var sameName = try Programme.query(on: request.db).filter(\.$school.$id == school.requireID())
                    .filter(\.$name == name).filter(\.$schoolYear == schoolYear)
                if let id = editing?.id { sameName = sameName.filter(\.$id != id) }
                if try await sameName.count() > 0 {
                    state.errors["name"] = "There is already a programme called \(name) for \(schoolYear)."
                }
            }
            guard state.isValid, let name, let schoolYear, let startsOn, let endsOn, let cadence, let gap, let feedback,
                  let dayStarts, let dayEnds else { return nil }
            return Settings(name: name, schoolYear: schoolYear, startsOn: startsOn, endsOn: endsOn, termEnds: termEnds, meetingCadenceDays: cadence,
                            minimumYearGap: gap, feedbackEveryWeeks: feedback, menteeChoice: state["mentee_choice"] == "yes",
                            meetingsInSchoolDayOnly: state["school_day_only"] == "yes", schoolDayStartsMinute: dayStarts,
                            schoolDayEndsMinute: dayEnds, pulseAnswersVisible: state["pulse_answers_visible"] == "yes", rules: rules)
        }

        /// The term end days written, each a date within the programme, at most five; sorted and each once.
        static func readTermEnds(_ state: inout FormState, time: SchoolTime, startsOn: Date?, endsOn: Date?) -> [String] {
            let text = state["term_ends"]
            guard text.count <= 100 else {
                state.errors["term_ends"] = "Write at most five term end dates."
                return []
            }
            let words = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
            var days: [String] = []
            for word in words {
                guard let date = time.date(day: word, time: "00:00") else {
                    state.errors["term_ends"] = "Write each term end as a date like 2026-12-18, with commas between them."
                    return []
                }
                if let startsOn, let endsOn, date < startsOn || date >= endsOn {
                    state.errors["term_ends"] = "Each term must end after the programme starts and before it ends."
                    return []
                }
                days.append(time.dayID(date))
            }
            let unique = Array(Set(days)).sorted()
            if unique.count > 5 { state.errors["term_ends"] = "Write at most five term end dates." }
            return unique
        }

        func apply(to programme: Programme) {
            programme.name = name
            programme.termEnds = termEnds.joined(separator: " ")
            programme.schoolYear = schoolYear
            programme.startsOn = startsOn
            programme.endsOn = endsOn
            programme.meetingCadenceDays = meetingCadenceDays
            programme.minimumYearGap = minimumYearGap
            programme.feedbackEveryWeeks = feedbackEveryWeeks
            programme.menteeChoice = menteeChoice
            programme.meetingsInSchoolDayOnly = meetingsInSchoolDayOnly
            programme.schoolDayStartsMinute = schoolDayStartsMinute
            programme.schoolDayEndsMinute = schoolDayEndsMinute
            programme.pulseAnswersVisible = pulseAnswersVisible
            programme.healthRules = rules
        }

        /// "minimum year gap 1 → 2", one per setting that differs, for the audit log.
        func changes(since before: Settings, time: SchoolTime) -> [String] {
            let pairs: [(String, String, String)] = [
                ("name", before.name, name), ("school year", before.schoolYear, schoolYear),
                ("starts on", time.dayID(before.startsOn), time.dayID(startsOn)), ("ends on", time.dayID(before.endsOn), time.dayID(endsOn)),
                ("terms end", before.termEnds.joined(separator: " "), termEnds.joined(separator: " ")),
                ("meeting cadence days", "\(before.meetingCadenceDays)", "\(meetingCadenceDays)"),
                ("minimum year gap", "\(before.minimumYearGap)", "\(minimumYearGap)"),
                ("feedback every weeks", "\(before.feedbackEveryWeeks)", "\(feedbackEveryWeeks)"),
                ("mentee choice", "\(before.menteeChoice)", "\(menteeChoice)"),
                ("meetings in school day only", "\(before.meetingsInSchoolDayOnly)", "\(meetingsInSchoolDayOnly)"),
                ("school day", SchoolTime.spanText(before.schoolDayStartsMinute, before.schoolDayEndsMinute),
                 SchoolTime.spanText(schoolDayStartsMinute, schoolDayEndsMinute)),
                ("relationship-check answers visible", "\(before.pulseAnswersVisible)", "\(pulseAnswersVisible)"),
            ]
            let ruleChanges = HealthRules.settings.map {
                ($0.name.replacingOccurrences(of: "_", with: " "), "\(before.rules[keyPath: $0.keyPath])", "\(rules[keyPath: $0.keyPath])")
            }
            return (pairs + ruleChanges).filter { $0.1 != $0.2 }.map { "\($0.0) \($0.1) → \($0.2)" }
        }
    }
}

/// In an extension, so that Swift still makes the memberwise initializer `read` uses.
extension ProgrammeController.Settings {
    init(of programme: Programme) {
        name = programme.name
        schoolYear = programme.schoolYear
        startsOn = programme.startsOn
        endsOn = programme.endsOn
        termEnds = programme.termEndDays
        meetingCadenceDays = programme.meetingCadenceDays
        minimumYearGap = programme.minimumYearGap
        feedbackEveryWeeks = programme.feedbackEveryWeeks
        menteeChoice = programme.menteeChoice
        meetingsInSchoolDayOnly = programme.meetingsInSchoolDayOnly
        schoolDayStartsMinute = programme.schoolDayStartsMinute
        schoolDayEndsMinute = programme.schoolDayEndsMinute
        pulseAnswersVisible = programme.pulseAnswersVisible
        rules = programme.healthRules
    }
}
