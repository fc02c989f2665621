import Foundation

/// Every page's address in one place; links and redirects use these, never loose strings.
enum SiteRoute {
    case root, signIn, signOut, signInWithCode, choosePassword, changePassword, home
    case twoStepCode, twoStepSetUpAtSignIn, twoStep, twoStepSetUp, twoStepRecoveryCodes, twoStepTurnOff, resetTwoStep(UUID), twoStepRule
    case students, newStudent, student(UUID), editStudent(UUID), studentLoginCode(UUID), loginCards
    case staff, rosterImport, rosterTemplate, programmes, editProgramme(UUID), timetable, myProfile, stylesheet
    case training, trainingModule(String), trainingProgress, trainingInPerson(UUID)
    case notifications, notificationsRead, openNotification(UUID)
    case stories, deleteStory(UUID), storyReview, storyVisibility(UUID)
    case rounds, round(UUID), roundAction(UUID, String), shortlist
    case myMatches, myMatch(UUID), signMatch(UUID), askAboutMatch(UUID), matches, matchDetail(UUID), moveMatch(UUID)
    case pair(UUID, PairPage)
    case calendar, resetCalendar, calendarFeed(String)
    case schools, schoolEmergencyText(UUID)
    case worried, worriedList, worriedReceipt(UUID), concerns, concern(UUID), chronology(UUID), records, studentRecord(UUID)

    var path: String {
        switch self {
        case .root: "/"
        case .signIn: "/login"
        case .signOut: "/logout"
        case .signInWithCode: "/login/code"
        case .choosePassword: "/account/choose-password"
        case .changePassword: "/account/password"
        case .twoStepCode: "/login/two-step"
        case .twoStepSetUpAtSignIn: "/login/two-step/set-up"
        case .twoStep: "/account/two-step"
        case .twoStepSetUp: "/account/two-step/set-up"
        case .twoStepRecoveryCodes: "/account/two-step/recovery-codes"
        case .twoStepTurnOff: "/account/two-step/turn-off"
        case .resetTwoStep(let id): "/staff/\(id.uuidString.lowercased())/reset-two-step"
        case .twoStepRule: "/staff/two-step-rule"
        case .home: "/home"
        case .students: "/students"
        case .newStudent: "/students/new"
        case .student(let id): "/students/\(id.uuidString.lowercased())"
        case .editStudent(let id): "/students/\(id.uuidString.lowercased())/edit"
        case .studentLoginCode(let id): "/students/\(id.uuidString.lowercased())/login-code"
        case .loginCards: "/students/login-cards"
        case .staff: "/staff"
        case .rosterImport: "/roster/import"
        case .rosterTemplate: "/roster/template.csv"
        case .programmes: "/programmes"
        case .editProgramme(let id): "/programmes/\(id.uuidString.lowercased())/edit"
        case .timetable: "/timetable"
        case .myProfile: "/profile"
        case .stylesheet: "/assets/rapport.css"
        case .training: "/training"
        case .trainingModule(let id): "/training/\(id)"
        case .trainingProgress: "/training-progress"
        case .trainingInPerson(let id): "/training-progress/\(id.uuidString.lowercased())/in-person"
        case .notifications: "/notifications"
        case .notificationsRead: "/notifications/read"
        case .openNotification(let id): "/notifications/\(id.uuidString.lowercased())/open"
        case .stories: "/stories"
        case .deleteStory(let id): "/stories/\(id.uuidString.lowercased())/delete"
        case .storyReview: "/stories/review"
        case .storyVisibility(let id): "/stories/\(id.uuidString.lowercased())/visibility"
        case .rounds: "/rounds"
        case .round(let id): "/rounds/\(id.uuidString.lowercased())"
        case .roundAction(let id, let action): "/rounds/\(id.uuidString.lowercased())/\(action)"
        case .shortlist: "/shortlist"
        case .myMatches: "/my-matches"
        case .myMatch(let id): "/my-matches/\(id.uuidString.lowercased())"
        case .signMatch(let id): "/my-matches/\(id.uuidString.lowercased())/sign"
        case .askAboutMatch(let id): "/my-matches/\(id.uuidString.lowercased())/question"
        case .matches: "/matches"
        case .matchDetail(let id): "/matches/\(id.uuidString.lowercased())"
        case .moveMatch(let id): "/matches/\(id.uuidString.lowercased())/move"
        case .pair(let id, let page): "/my-matches/\(id.uuidString.lowercased())" + page.path
        case .calendar: "/calendar"
        case .resetCalendar: "/calendar/reset"
        case .calendarFeed(let token): "/calendar/feed/\(token).ics"
        case .schools: "/schools"
        case .schoolEmergencyText(let id): "/schools/\(id.uuidString.lowercased())/emergency"
        case .worried: "/worried"
        case .worriedList: "/worried/mine"
        case .worriedReceipt(let id): "/worried/\(id.uuidString.lowercased())"
        case .concerns: "/concerns"
        case .records: "/records"
        case .concern(let id): "/concerns/\(id.uuidString.lowercased())"
        case .chronology(let id): "/concerns/students/\(id.uuidString.lowercased())"
        case .studentRecord(let id): "/records/\(id.uuidString.lowercased())"
        }
    }
}
