import Fluent
import Plot
import Vapor

/// What was raised and what was added since: the part of a concern a chronology prints.
struct ConcernRecord {
    let concern: Concern
    let text: String
    let when: String
    let entries: [(entry: ConcernEntry, author: String, text: String)]
    let acknowledgedBy: String?

    static func load(_ request: Request, concern: Concern) async throws -> ConcernRecord {
        let notes = request.notes
        let entries = try await ConcernEntry.query(on: request.db).filter(\.$concern.$id == concern.requireID()).with(\.$author)
            .sort(\.$writtenAt).all()
        var acknowledgedBy: String?
        if let leadID = concern.acknowledgedByID { acknowledgedBy = try await Person.find(leadID, on: request.db)?.fullName }
        return ConcernRecord(
            concern: concern, text: try notes.open(concern, \.$textSealed), when: try notes.open(concern, \.$whenSealed),
            entries: try entries.map { ($0, $0.author.fullName, try notes.open($0, \.$textSealed)) }, acknowledgedBy: acknowledgedBy)
    }
}

/// One concern as the lead sees it: the record, who has read it, and what the lead may do next.
struct ConcernPage {
    let record: ConcernRecord
    var concern: Concern { record.concern }
    /// Who opened it: each reader once, with their last read and how many times.
    let readers: [(name: String, last: Date, count: Int)]
    let students: [Person]
    /// The match it was raised from, or the student's open match, which the lead may pause.
    let match: MentoringMatch?
    /// Whether the linked student is on a safeguarding hold now.
    let studentOnHold: Bool
    /// Students the linked student is kept apart from in matching, by the lead's restrictions.
    let restrictions: [(entry: PairingRestriction, other: Person)]

    static func load(_ request: Request, concern: Concern) async throws -> ConcernPage {
        let id = try concern.requireID()
        let reads = try await AuditEvent.query(on: request.db).filter(\.$action == "read concern").filter(\.$subject == "concern \(id)")
            .sort(\.$sequence, .descending).all()
        let readerNames = try await Person.query(on: request.db).filter(\.$id ~~ Set(reads.compactMap(\.actorID))).all()
        var readers: [(name: String, last: Date, count: Int)] = []
        for read in reads {
            let name = readerNames.first { $0.id == read.actorID }?.fullName ?? read.actor
            if let index = readers.firstIndex(where: { $0.name == name }) { readers[index].count += 1 } else { readers.append((name, read.occurredAt, 1)) }
        }
        let students = try await Person.query(on: request.db).filter(\.$school.$id == concern.$school.id)
            .filter(\.$role ~~ [.mentor, .mentee]).filter(\.$isActive == true).sort(\.$familyName).sort(\.$givenName).all()
        var onHold = false
        var restrictions: [(entry: PairingRestriction, other: Person)] = []
        if let studentID = concern.$student.id {
            onHold = try await SafeguardingHold.query(on: request.db).filter(\.$student.$id == studentID).filter(\.$liftedAt == nil).count() > 0
            restrictions = try await PairingRestriction.involving(studentID, kind: .safeguarding, on: request.db).map { ($0, $0.other(than: studentID)) }
        }
        return ConcernPage(
            record: try await ConcernRecord.load(request, concern: concern), readers: readers, students: students,
            match: try await match(of: concern, on: request.db), studentOnHold: onHold, restrictions: restrictions)
    }

    static func match(of concern: Concern, on database: any Database) async throws -> MentoringMatch? {
        if let id = concern.matchID { return try await MentoringMatch.query(on: database).filter(\.$id == id).withPair().first() }
        guard let student = concern.$student.id else { return nil }
        return try await MentoringMatch.query(on: database).filter(\.$state ~~ [.active, .paused])
            .group(.or) { $0.filter(\.$mentor.$id == student).filter(\.$mentee.$id == student) }.withPair().first()
    }

    /// The students the concern's student is kept apart from in matching, and a form to add one.
    private static func restrictionForm(_ page: ConcernPage, student: Person, state: FormState, csrf: String,
                                        action: (ConcernAction) -> String) -> Node<HTML.BodyContext> {
        let kept = Set(page.restrictions.map(\.other.id))
        return .div(.class("card"),
            .h2(.text("Keep \(student.givenName) apart from someone in matching")),
            .p(.class("hint"), "No matching round proposes the two as a pair. The coordinator's round says how many pairs are kept apart this way and refuses to pin them together, never why, and never on a student's page."),
            .if(!page.restrictions.isEmpty, .ul(.forEach(page.restrictions) { item in
                .li(.text("Kept apart from \(item.other.fullName) "),
                    .form(.method(.post), .action(action(.liftRestriction)), .class("inline"), FormField.csrf(csrf),
                          .input(.type(.hidden), .name("restriction"), .value(item.entry.id!.uuidString.lowercased())),
                          .button(.type(.submit), .class("link"), .attribute(named: "aria-label", value: "Lift the restriction with \(item.other.fullName)"), "Lift")))
            })),
            .form(.method(.post), .action(action(.restrictPair)), FormField.csrf(csrf),
                  FormField.select("restrict_with", label: "Never pair \(student.givenName) with", state: state,
                                   options: [("", "Choose a student…")] + page.students.filter { $0.id != student.id && !kept.contains($0.id) }
                                       .map { ($0.id!.uuidString.lowercased(), "\($0.fullName), Year \($0.yearGroup ?? 0)") }),
                  .button(.type(.submit), .class("secondary"), "Keep them apart")))
    }

    /// The record itself: what was raised and what was added, as on the concern page and in a chronology.
    static func record(_ page: ConcernRecord, time: SchoolTime) -> Node<HTML.BodyContext> {
        let concern = page.concern
        return .group(
            FormField.facts([
                ("Status", concern.status.title),
                ("Raised by", "\(concern.raisedBy.fullName) (\(concern.raisedBy.role.title)), \(time.stampText(concern.raisedAt))"),
                ("About", concern.student?.fullName ?? concern.about.choice),
                ("When it happened", page.when),
                ("Danger right now", concern.dangerNow ? "Yes, they said so" : "No, or not sure"),
                ("Acknowledged", concern.acknowledgedAt.map { "\(time.stampText($0)) by \(page.acknowledgedBy ?? "a lead")" } ?? "Not yet"),
            ]),
            .h3("In their words"),
            .p(.class("concern-text"), .text(page.text)),
            .h3("Added since"),
            page.entries.isEmpty ? .p("Nothing yet.") : .ol(.class("entries"), .forEach(page.entries) { item in
                .li(.strong(.text("\(item.entry.kind.title)\(item.entry.category.map { ": \($0.title)" } ?? "")")),
                    .text(" · \(item.author), \(time.stampText(item.entry.writtenAt))"),
                    .p(.class("concern-text"), .text(item.text)))
            })
        )
    }

    static func view(_ page: ConcernPage, state: FormState, csrf: String, time: SchoolTime) -> Node<HTML.BodyContext> {
        let concern = page.concern
        let id = concern.id!
        let action = { (name: ConcernAction) in SiteRoute.concernAction(id, name).path }
        let open = concern.closedAt == nil
        return .group(
            FormField.errorSummary(state),
            .p(.a(.href(SiteRoute.concerns.path), "All concerns"),
               .unwrap(concern.student) { .group(.text(" · "), .a(.href(SiteRoute.chronology($0.id!).path), .text("\($0.fullName)'s chronology"))) }),
            .div(.class("card"), record(page.record, time: time)),
            .if(concern.acknowledgedAt == nil, .form(.method(.post), .action(action(.acknowledge)), .class("card next"), FormField.csrf(csrf),
                .p("Acknowledging tells the person who raised it that it has reached you, and stops the alert going out again."),
                .button(.type(.submit), "Acknowledge"))),
            .if(open, .form(
                .method(.post), .action(action(.entries)), .class("card"), FormField.csrf(csrf),
                .h2("Add to the record"),
                .p(.class("hint"), "What was raised never changes. Corrections, decisions and actions are added here, with your name and the time."),
                FormField.radios("kind", legend: "What are you adding?", state: state,
                                 options: ConcernEntryKind.allCases.map { ($0.rawValue, $0.title) }),
                FormField.select("category", label: "For a decision: its category", state: state,
                                 options: [("", "Choose…")] + ConcernDecision.allCases.map { ($0.rawValue, $0.title) }),
                FormField.textArea("text", label: "What, why and who did what", state: state,
                                   hint: "No further action needs its reason too. Up to \(ConcernController.entryMaxLength) characters.",
                                   maxLength: ConcernController.entryMaxLength),
                .button(.type(.submit), "Add"))),
            .if(open, .form(
                .method(.post), .action(action(.student)), .class("card"), FormField.csrf(csrf),
                FormField.select("student", label: "Link to a student's chronology", state: state,
                                 options: [("", "Choose a student…")] + page.students.map { ($0.id!.uuidString.lowercased(), "\($0.fullName), Year \($0.yearGroup ?? 0)") }),
                .button(.type(.submit), .class("secondary"), "Link"))),
            .if(open && concern.sharedWithCoordinatorAt == nil, .form(
                .method(.post), .action(action(.share)), .class("card"), FormField.csrf(csrf),
                .p("Let the coordinator know a safeguarding lead is involved with this student's mentoring. They see only that, and to talk to you before acting; never what was said."),
                .button(.type(.submit), .class("secondary"), "Tell the coordinator a lead is involved"))),
            .unwrap(open ? concern.sharedWithCoordinatorAt : nil) { shared in
                .p(.class("hint"), .text("The coordinator has known since \(time.stampText(shared)) that a lead is involved."))
            },
            .unwrap(open ? concern.student : nil) { student in
                .form(.method(.post), .action(action(page.studentOnHold ? .liftHold : .hold)), .class("card"), FormField.csrf(csrf),
                      .p(.text(page.studentOnHold
                          ? "\(student.givenName) is on a safeguarding hold: no matching round proposes them."
                          : "A safeguarding hold keeps \(student.givenName) out of matching rounds until you lift it. The coordinator sees that a hold is on, not why.")),
                      .button(.type(.submit), .class("secondary"), .text(page.studentOnHold ? "Lift the hold" : "Put \(student.givenName) on hold")))
            },
            .unwrap(open ? concern.student : nil) { student in restrictionForm(page, student: student, state: state, csrf: csrf, action: action) },
            .unwrap(open ? page.match : nil) { match in
                match.state == .active ? .form(
                    .method(.post), .action(action(.pauseMatch)), .class("card"), FormField.csrf(csrf),
                    .h2(.text("Pause \(match.mentor.givenName) and \(match.mentee.givenName)'s match")),
                    FormField.text("reason", label: "Why, as the pair and coordinator will see it", state: state,
                                   hint: "For example: paused while the school sorts something out.", maxLength: 300, required: true),
                    .button(.type(.submit), .class("secondary"), "Pause the match"))
                : .p(.class("hint"), .text("\(match.mentor.givenName) and \(match.mentee.givenName)'s match is \(match.state.title.lowercased())."))
            },
            .if(open, .form(
                .method(.post), .action(action(.close)), .class("card"), FormField.csrf(csrf),
                .unwrap(state.errors["close"]) { .p(.id("close"), .class("error"), .text($0)) },
                .p("Close the concern once a decision is recorded and nothing more needs doing."),
                .button(.type(.submit), .class("secondary"), "Close the concern"))),
            .section(.h2("Read by"),
                     .ul(.forEach(page.readers) { reader in
                         .li(.text("\(reader.name), last \(time.stampText(reader.last))\(reader.count > 1 ? " (\(reader.count) times)" : "")"))
                     }))
        )
    }
}
