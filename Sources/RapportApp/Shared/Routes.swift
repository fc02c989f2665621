import Foundation

/// Every page's address in one place; links and redirects use these, never loose strings.
enum SiteRoute {
    case root, signIn, signOut, signInWithCode, choosePassword, changePassword, home
    case students, newStudent, student(UUID), editStudent(UUID), studentLoginCode(UUID), loginCards
    case staff, rosterImport, rosterTemplate, programmes, myProfile, stylesheet, health

    var path: String {
        switch self {
        case .root: "/"
        case .signIn: "/login"
        case .signOut: "/logout"
        case .signInWithCode: "/login/code"
        case .choosePassword: "/account/choose-password"
        case .changePassword: "/account/password"
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
        case .myProfile: "/profile"
        case .stylesheet: "/assets/rapport.css"
        case .health: "/healthz"
        }
    }
}
