import Fluent
import Plot
import Vapor

/// What a person is shown about their own account on their home page: a login code someone printed for them since
/// they last signed in (by whom and when), and their last sign-ins, so a sign-in that was not theirs stands out.
enum AccountActivity {
    static func section(for person: Person, request: Request) async throws -> Node<HTML.BodyContext> {
        let personID = try person.requireID()
        let signIns = try await AuditEvent.query(on: request.db).filter(\.$actorID == personID).filter(\.$action == "signed in")
            .sort(\.$sequence, .descending).limit(5).all()
        // The newest sign-in is this one; codes printed after the one before it are news.
        let since = signIns.dropFirst().first?.sequence ?? 0
        let codes = try await AuditEvent.query(on: request.db).filter(\.$action == "issued login code")
            .filter(\.$subject == "student \(personID)").filter(\.$sequence > since).sort(\.$sequence).all()
        let issuerIDs = codes.compactMap(\.actorID)
        let issuers = try await Person.query(on: request.db).filter(\.$id ~~ issuerIDs).all(ifAnyOf: issuerIDs)
        let time = request.schoolTime
        let issuerName = { (event: AuditEvent) in issuers.first { $0.id == event.actorID }?.fullName ?? "a member of staff" }
        return .group(
            .forEach(codes) { code in
                .div(.class("notice info"), .attribute(named: "role", value: "status"),
                     .p(.text("\(issuerName(code)) printed a login code for you on \(time.stampText(code.occurredAt)). If you didn't expect one, tell your coordinator.")))
            },
            .if(signIns.count > 1, .element(named: "details", nodes: [
                .class("account-activity"),
                .element(named: "summary", text: "Your last sign-ins"),
                .ul(.forEach(signIns) { event in
                    .li(.text("\(time.stampText(event.occurredAt)), \(event.subject)"))
                }),
                .p(.class("hint"), "Not you? Change your password and tell your coordinator."),
            ]))
        )
    }
}
