import Foundation
import Vapor

/// Every page's address with its values, for links and redirects; each path comes from its `Endpoint`, never a loose string.
enum SiteRoute {
    case root, signIn, signOut, signInWithCode, choosePassword, changePassword, home
    case twoStepCode, twoStepSetUpAtSignIn, twoStep, twoStepSetUp, twoStepRecoveryCodes, twoStepTurnOff, resetTwoStep(UUID), twoStepRule
    case students, newStudent, student(UUID), editStudent(UUID), studentLoginCode(UUID), loginCards, allowRematch(UUID)
    case staff, rosterImport, rosterTemplate, programmes, editProgramme(UUID), timetable, myProfile, stylesheet
    case programmeMatching(UUID), programmeMatchingPreview(UUID), doNotPair(UUID), removeDoNotPair(UUID)
    case training, trainingModule(String), trainingProgress, trainingInPerson(UUID)
    case notifications, notificationsRead, openNotification(UUID)
    case stories, deleteStory(UUID), storyReview, storyVisibility(UUID)
    case rounds, round(UUID), roundAction(UUID, RoundAction), shortlist
    case myMatches, myMatch(UUID), signMatch(UUID), askAboutMatch(UUID), askToStop(UUID), matches, matchDetail(UUID), moveMatch(UUID)
    case report, matchTimeline(UUID), checkIns, matchCheckIns(UUID), snoozeMatch(UUID), endSnooze(UUID), dashboard
    case pair(UUID, PairPage)
    case calendar, resetCalendar, calendarFeed(String), reminderSettings, stopReminders(String)
    case myMentoring, myMentoringWellbeing, myMentoringHelp, myMentoringCertificate
    case mentorSupport, mentorHelpAnswered(UUID), supervisionSessions, supervisionAttendance(UUID)
    case schools, schoolEmergencyText(UUID)
    case worried, worriedList, worriedReceipt(UUID), concerns, concern(UUID), concernAction(UUID, ConcernAction), chronology(UUID), records, studentRecord(UUID), deleteStudentRecord(UUID)

    var path: String {
        switch self {
        case .root: Endpoint.root.path()
        case .signIn: Endpoint.signIn.path()
        case .signOut: Endpoint.signOut.path()
        case .signInWithCode: Endpoint.signInWithCode.path()
        case .choosePassword: Endpoint.choosePassword.path()
        case .changePassword: Endpoint.changePassword.path()
        case .twoStepCode: Endpoint.twoStepCode.path()
        case .twoStepSetUpAtSignIn: Endpoint.twoStepSetUpAtSignIn.path()
        case .twoStep: Endpoint.twoStep.path()
        case .twoStepSetUp: Endpoint.twoStepSetUp.path()
        case .twoStepRecoveryCodes: Endpoint.twoStepRecoveryCodes.path()
        case .twoStepTurnOff: Endpoint.twoStepTurnOff.path()
        case .resetTwoStep(let id): Endpoint.resetTwoStep.path(id)
        case .twoStepRule: Endpoint.twoStepRule.path()
        case .home: Endpoint.home.path()
        case .students: Endpoint.students.path()
        case .newStudent: Endpoint.newStudent.path()
        case .student(let id): Endpoint.student.path(id)
        case .editStudent(let id): Endpoint.editStudent.path(id)
        case .studentLoginCode(let id): Endpoint.studentLoginCode.path(id)
        case .loginCards: Endpoint.loginCards.path()
        case .allowRematch(let id): Endpoint.allowRematch.path(id)
        case .staff: Endpoint.staff.path()
        case .rosterImport: Endpoint.rosterImport.path()
        case .rosterTemplate: Endpoint.rosterTemplate.path()
        case .programmes: Endpoint.programmes.path()
        case .editProgramme(let id): Endpoint.editProgramme.path(id)
        case .programmeMatching(let id): Endpoint.programmeMatching.path(id)
        case .programmeMatchingPreview(let id): Endpoint.programmeMatchingPreview.path(id)
        case .doNotPair(let id): Endpoint.doNotPair.path(id)
        case .removeDoNotPair(let id): Endpoint.removeDoNotPair.path(id)
        case .timetable: Endpoint.timetable.path()
        case .myProfile: Endpoint.myProfile.path()
        case .stylesheet: Endpoint.stylesheet.path()
        case .training: Endpoint.training.path()
        case .trainingModule(let id): Endpoint.trainingModule.path(id)
        case .trainingProgress: Endpoint.trainingProgress.path()
        case .trainingInPerson(let id): Endpoint.trainingInPerson.path(id)
        case .notifications: Endpoint.notifications.path()
        case .notificationsRead: Endpoint.notificationsRead.path()
        case .openNotification(let id): Endpoint.openNotification.path(id)
        case .stories: Endpoint.stories.path()
        case .deleteStory(let id): Endpoint.deleteStory.path(id)
        case .storyReview: Endpoint.storyReview.path()
        case .storyVisibility(let id): Endpoint.storyVisibility.path(id)
        case .rounds: Endpoint.rounds.path()
        case .round(let id): Endpoint.round.path(id)
        case .roundAction(let id, let action): Endpoint.roundAction.path(id, action.rawValue)
        case .shortlist: Endpoint.shortlist.path()
        case .myMatches: Endpoint.myMatches.path()
        case .myMatch(let id): Endpoint.myMatch.path(id)
        case .signMatch(let id): Endpoint.signMatch.path(id)
        case .askAboutMatch(let id): Endpoint.askAboutMatch.path(id)
        case .askToStop(let id): Endpoint.askToStop.path(id)
        case .matches: Endpoint.matches.path()
        case .matchDetail(let id): Endpoint.matchDetail.path(id)
        case .moveMatch(let id): Endpoint.moveMatch.path(id)
        case .checkIns: Endpoint.checkIns.path()
        case .matchTimeline(let id): Endpoint.matchTimeline.path(id)
        case .dashboard: Endpoint.dashboard.path()
        case .report: Endpoint.report.path()
        case .matchCheckIns(let id): Endpoint.matchCheckIns.path(id)
        case .snoozeMatch(let id): Endpoint.snoozeMatch.path(id)
        case .endSnooze(let id): Endpoint.endSnooze.path(id)
        case .pair(let id, let page): page.path(in: id)
        case .calendar: Endpoint.calendar.path()
        case .resetCalendar: Endpoint.resetCalendar.path()
        case .calendarFeed(let token): Endpoint.calendarFeed.path(token + ".ics")
        case .reminderSettings: Endpoint.reminderSettings.path()
        case .myMentoring: Endpoint.myMentoring.path()
        case .myMentoringWellbeing: Endpoint.myMentoringWellbeing.path()
        case .myMentoringHelp: Endpoint.myMentoringHelp.path()
        case .myMentoringCertificate: Endpoint.myMentoringCertificate.path()
        case .mentorSupport: Endpoint.mentorSupport.path()
        case .mentorHelpAnswered(let id): Endpoint.mentorHelpAnswered.path(id)
        case .supervisionSessions: Endpoint.supervisionSessions.path()
        case .supervisionAttendance(let id): Endpoint.supervisionAttendance.path(id)
        case .stopReminders(let token): Endpoint.stopReminders.path(token)
        case .schools: Endpoint.schools.path()
        case .schoolEmergencyText(let id): Endpoint.schoolEmergencyText.path(id)
        case .worried: Endpoint.worried.path()
        case .worriedList: Endpoint.worriedList.path()
        case .worriedReceipt(let id): Endpoint.worriedReceipt.path(id)
        case .concerns: Endpoint.concerns.path()
        case .records: Endpoint.records.path()
        case .concern(let id): Endpoint.concern.path(id)
        case .concernAction(let id, let action): Endpoint.concernAction.path(id, action.rawValue)
        case .chronology(let id): Endpoint.chronology.path(id)
        case .studentRecord(let id): Endpoint.studentRecord.path(id)
        case .deleteStudentRecord(let id): Endpoint.deleteStudentRecord.path(id)
        }
    }
}


/// What a page says about the form that led to it, carried in its address (`?notice=`) across the redirect.
enum Notice: String, CaseIterable, Sendable {
    case saved, created, recorded, sent, signed, asked
    case proposed, accepted, declined, withdrawn, cancelled
    case made, reset, snoozed, unsnoozed, stopAsked = "stop-asked", rematchAllowed = "rematch-allowed"
    case passwordSet = "password-set", passwordChanged = "password-changed"
    case fewRecoveryCodes = "few-recovery-codes", twoStepReset = "two-step-reset", twoStepRule = "two-step-rule"
}

extension Request {
    /// The notice the address carries, if it names one.
    var notice: Notice? { (try? query.get(String.self, at: "notice")).flatMap(Notice.init(rawValue:)) }
}

extension SiteRoute {
    /// The address with a notice for the page to show.
    func path(with notice: Notice) -> String { path + "?notice=" + notice.rawValue }
}

/// Every address Rapport answers, as the template it is registered under: routes are registered from these cases and
/// links are built from them (through `SiteRoute`), so a path is written once. A `:name` part is a parameter the
/// handler reads by that name.
enum Endpoint: String, CaseIterable, Sendable {
    // Open to anyone.
    case root = "/"
    case healthz = "/healthz"
    case metrics = "/metrics"
    case stylesheet = "/assets/rapport.css"
    case signIn = "/login"
    case signInWithCode = "/login/code"
    case twoStepCode = "/login/two-step"
    case twoStepSetUpAtSignIn = "/login/two-step/set-up"
    case signOut = "/logout"
    case calendarFeed = "/calendar/feed/:file"
    case stopReminders = "/reminders/stop/:token"

    // Accounts.
    case choosePassword = "/account/choose-password"
    case changePassword = "/account/password"
    case twoStep = "/account/two-step"
    case twoStepSetUp = "/account/two-step/set-up"
    case twoStepRecoveryCodes = "/account/two-step/recovery-codes"
    case twoStepTurnOff = "/account/two-step/turn-off"
    case home = "/home"
    case notifications = "/notifications"
    case notificationsRead = "/notifications/read"
    case openNotification = "/notifications/:notification/open"

    // Staff.
    case staff = "/staff"
    case resetTwoStep = "/staff/:person/reset-two-step"
    case twoStepRule = "/staff/two-step-rule"
    case students = "/students"
    case newStudent = "/students/new"
    case student = "/students/:student"
    case editStudent = "/students/:student/edit"
    case studentLoginCode = "/students/:student/login-code"
    case allowRematch = "/students/:student/rematch"
    case loginCards = "/students/login-cards"
    case rosterImport = "/roster/import"
    case rosterTemplate = "/roster/template.csv"
    case programmes = "/programmes"
    case editProgramme = "/programmes/:programme/edit"
    case programmeMatching = "/programmes/:programme/matching"
    case programmeMatchingPreview = "/programmes/:programme/matching/preview"
    case doNotPair = "/students/:student/do-not-pair"
    case removeDoNotPair = "/students/:student/do-not-pair/remove"
    case timetable = "/timetable"
    case trainingProgress = "/training-progress"
    case trainingInPerson = "/training-progress/:student/in-person"
    case storyReview = "/stories/review"
    case storyVisibility = "/stories/:story/visibility"
    case rounds = "/rounds"
    case round = "/rounds/:round"
    case roundAction = "/rounds/:round/:action"
    case matches = "/matches"
    case matchDetail = "/matches/:match"
    case moveMatch = "/matches/:match/move"
    case matchTimeline = "/matches/:match/timeline"
    case checkIns = "/check-ins"
    case dashboard = "/dashboard"
    case report = "/report"
    case reportCSV = "/report.csv"
    case matchCheckIns = "/matches/:match/check-ins"
    case snoozeMatch = "/matches/:match/snooze"
    case endSnooze = "/matches/:match/snooze/end"
    case mentorSupport = "/mentor-support"
    case mentorHelpAnswered = "/mentor-support/help/:request/answered"
    case supervisionSessions = "/mentor-support/sessions"
    case supervisionAttendance = "/mentor-support/sessions/:session/attendance"
    case schools = "/schools"
    case schoolEmergencyText = "/schools/:school/emergency"

    // Safeguarding.
    case worried = "/worried"
    case worriedList = "/worried/mine"
    case worriedReceipt = "/worried/:concern"
    case concerns = "/concerns"
    case concern = "/concerns/:concern"
    case concernAction = "/concerns/:concern/:action"
    case chronology = "/concerns/students/:student"
    case records = "/records"
    case studentRecord = "/records/:student"
    case deleteStudentRecord = "/records/:student/delete"

    // Students.
    case myProfile = "/profile"
    case reminderSettings = "/profile/reminders"
    case myMentoring = "/mentoring"
    case myMentoringWellbeing = "/mentoring/wellbeing"
    case myMentoringHelp = "/mentoring/help"
    case myMentoringCertificate = "/mentoring/certificate"
    case training = "/training"
    case trainingModule = "/training/:module"
    case stories = "/stories"
    case deleteStory = "/stories/:story/delete"
    case shortlist = "/shortlist"
    case calendar = "/calendar"
    case resetCalendar = "/calendar/reset"
    case myMatches = "/my-matches"
    case myMatch = "/my-matches/:match"
    case signMatch = "/my-matches/:match/sign"
    case askAboutMatch = "/my-matches/:match/question"
    case askToStop = "/my-matches/:match/stop"
    case pairMeetings = "/my-matches/:match/meetings"
    case pairMeeting = "/my-matches/:match/meetings/:meeting"
    case pairMeetingAction = "/my-matches/:match/meetings/:meeting/:action"
    case pairMeetingCalendar = "/my-matches/:match/meetings/:meeting/meeting.ics"
    case pairCommitments = "/my-matches/:match/commitments"
    case pairCommitmentFollowUp = "/my-matches/:match/commitments/:commitment/follow-up"
    case pairWins = "/my-matches/:match/wins"
    case pairWinCelebration = "/my-matches/:match/wins/:win/celebrate"
    case pairGoals = "/my-matches/:match/goals"
    case pairGoalAction = "/my-matches/:match/goals/:goal/:action"
    case pairStepAction = "/my-matches/:match/steps/:step/:action"
    case pairFeedback = "/my-matches/:match/feedback"
    case pairFeedbackAgenda = "/my-matches/:match/feedback/:answer/agenda"
    case pairCheck = "/my-matches/:match/check"
    case pairGoodbye = "/my-matches/:match/goodbye"
    case pairRecord = "/my-matches/:match/record"
    case pairAboutMe = "/my-matches/:match/about-me"
    case pairGroundRules = "/my-matches/:match/ground-rules"

    // The JSON API.
    case apiDescription = "/api/v1/openapi.json"
    case apiMe = "/api/v1/me"
    case apiMyProfile = "/api/v1/me/profile"
    case apiMatchMeetings = "/api/v1/matches/:match/meetings"
    case apiStudents = "/api/v1/students"

    /// The template as Vapor registers it.
    var components: [PathComponent] {
        rawValue == "/" ? [""] : rawValue.split(separator: "/").map { part in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .constant(String(part))
        }
    }

    /// The address with each parameter filled in order: record ids as lower-case UUIDs, words as they are.
    func path(_ values: any PathValue...) -> String {
        var remaining = values[...]
        let parts = rawValue.split(separator: "/").map { part -> String in
            guard part.hasPrefix(":"), let value = remaining.popFirst() else { return String(part) }
            return value.pathText
        }
        precondition(remaining.isEmpty, "\(rawValue) was given more values than it has parameters")
        return "/" + parts.joined(separator: "/")
    }
}

/// What fills a parameter of an address.
protocol PathValue { var pathText: String { get } }
extension UUID: PathValue { var pathText: String { uuidString.lowercased() } }
extension String: PathValue { var pathText: String { self } }

extension RoutesBuilder {
    @discardableResult
    func get<Answer: AsyncResponseEncodable>(_ endpoint: Endpoint, use handler: @Sendable @escaping (Request) async throws -> Answer) -> Route {
        on(.GET, endpoint.components, use: handler)
    }

    @discardableResult
    func post<Answer: AsyncResponseEncodable>(_ endpoint: Endpoint, use handler: @Sendable @escaping (Request) async throws -> Answer) -> Route {
        on(.POST, endpoint.components, use: handler)
    }

    @discardableResult
    func put<Answer: AsyncResponseEncodable>(_ endpoint: Endpoint, use handler: @Sendable @escaping (Request) async throws -> Answer) -> Route {
        on(.PUT, endpoint.components, use: handler)
    }
}
