import Fluent
import Plot
import Vapor

/// The roster import page and its template.
struct RosterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let coordinator = routes.grouped(RoleGuard(roles: [.coordinator]))
        coordinator.get(.rosterImport, use: page)
        coordinator.post(.rosterImport, use: importRoster)
        coordinator.get(.rosterTemplate, use: template)
    }

    struct Upload: Content {
        var roster: File?
    }

    func page(_ request: Request) async throws -> Response {
        try await render(request)
    }

    private func render(_ request: Request, summary: RosterImportSummary? = nil, problems: [RosterProblem] = [],
                        fileName: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let school = try request.requireSchool()
        let csrf = try await request.csrfToken()
        let limit = request.configuration.maxRosterSizeText
        return Layout.page(
            "Import a roster", for: request, status: status,
            .unwrap(summary) { summary in
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .p(.strong("Roster imported. "),
                        .text("\(summary.added) added, \(summary.updated) updated, \(summary.deactivated) marked as left, \(summary.unchanged) unchanged"
                              + (summary.skipped > 0 ? ", \(summary.skipped == 1 ? "1 row" : "\(summary.skipped) rows") skipped (staff, family, or leavers never imported)." : "."))),
                     .p(.a(.href(SiteRoute.students.path), "See the students")))
            },
            .if(!problems.isEmpty, .div(
                .class("notice error"), .attribute(named: "role", value: "alert"), .id("problems"),
                .h2(.text("Nothing was imported from \(fileName ?? "the file")")),
                .p(.text(problems.count == 1 ? "Fix this problem in the file and import it again:" : "Fix these \(problems.count) problems in the file and import it again:")),
                .ul(.forEach(problems) { .li(.text($0.description)) })
            )),
            .p(.text("Add and update \(school.name)'s students from your MIS's OneRoster export or a CSV file. Importing the same file again changes nothing; a changed row updates that student. If any row has a problem, nothing is imported and every problem is listed.")),
            .form(
                .method(.post), .action(SiteRoute.rosterImport.path), .enctype(.multipartData), .class("card"),
                FormField.csrf(csrf),
                .div(.class("field"),
                     .label(.for("roster"), "Roster file (zip or CSV)"),
                     .p(.id("roster-hint"), .class("hint"), .text("A OneRoster 1.1 or 1.2 bundle (zip) from your MIS, a OneRoster 1.1 users.csv, or the Rapport template. UTF-8, up to \(limit).")),
                     .input(.type(.file), .id("roster"), .name("roster"), .attribute(named: "accept", value: ".zip,application/zip,.csv,text/csv"),
                            .attribute(named: "aria-describedby", value: "roster-hint"), .required(true))),
                .div(.class("actions"), .button(.type(.submit), "Import"))
            ),
            .h2("The kinds of file"),
            .h3("OneRoster 1.1 or 1.2 bundle (zip)"),
            .p(.text("As your MIS exports it. Rapport reads manifest.csv (oneroster.version must be 1.1 or 1.2, and users and orgs, and in 1.2 roles, bulk or delta), orgs.csv (an org must have this school's sourcedId, \(school.sourceID)), users.csv and, in 1.2, roles.csv (each user's role and school). Other files, such as enrollments.csv and demographics.csv, are not read, and neither are extra columns such as metadata ones. Every problem names its file and line.")),
            .h3("OneRoster 1.1 users.csv"),
            .p(.text("One file with sourcedId, status, givenName, familyName, role, username, email, grades and orgSourcedIds (which must include this school's id, \(school.sourceID)).")),
            .p(.text("From either, students come in as mentees, with their year group from grades; choose mentors afterwards. Teacher, administrator and family rows are skipped. A status of tobedeleted marks a student as left, and is skipped for a student never imported.")),
            .h3("Rapport template"),
            .p("Columns student_id, given_name, family_name, username, year_group and designation (mentor or mentee), and optionally capacity (1–3, for mentors), gender and email. ",
               .a(.href(SiteRoute.rosterTemplate.path), "Download the template"), ".")
        )
    }

    func importRoster(_ request: Request) async throws -> Response {
        let coordinator = try request.requirePerson()
        let school = try request.requireSchool()
        guard request.headers.contentType?.type == "multipart" else {
            throw Abort(.unsupportedMediaType, reason: "Send the roster from the import page.")
        }
        let upload = try request.content.decode(Upload.self)
        guard let file = upload.roster, !(file.filename.isEmpty && file.data.readableBytes == 0) else {
            return try await render(request, problems: [RosterProblem(line: nil, reason: "Choose a file to import.")], status: .unprocessableEntity)
        }
        guard file.data.readableBytes <= request.configuration.maxRosterBytes else {
            let limit = request.configuration.maxRosterSizeText
            return try await render(request, problems: [RosterProblem(line: nil, reason: "The file is larger than \(limit). Remove columns Rapport doesn't use, or split it.")],
                                    fileName: file.filename, status: .payloadTooLarge)
        }
        let importer = RosterImporter(school: school, actor: coordinator, audit: request.audit, maxFileBytes: request.configuration.maxRosterBytes)
        switch try await importer.run(Data(buffer: file.data), on: request.db) {
        case .imported(let summary):
            return try await render(request, summary: summary)
        case .refused(let problems):
            return try await render(request, problems: problems, fileName: file.filename, status: .unprocessableEntity)
        }
    }

    func template(_ request: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: RosterFile.template))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "rapport-roster-template.csv")
        return response
    }
}
